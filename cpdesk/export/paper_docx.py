"""A committee paper as a Word document: real tables, heading styles, charts with alt text.

Each table is a Word table whose header row(s) are marked as headers (``w:tblHeader``:
repeated on every page, read as headers by screen readers), merged year cells over their
columns, widths and font size from :mod:`cpdesk.export.page`, judgement cells shaded *and*
labelled. Commentary sits in a row under its indicator (trend), in a column (scorecard) or
under its table (areas). Charts are PNG at print resolution with alt text that says the
trend in a sentence. Body text is 12 pt; dense tables step down to no less than 10 pt.
"""
from __future__ import annotations

import io
import re

from cpdesk.errors import CpdeskError
from cpdesk.export.page import BODY_PT, MARGIN_PT, design_table
from cpdesk.export.palette import load_palette
from cpdesk.export.paper import Paper, PaperTable
from cpdesk.fileio import atomic_write

FONT = "Arial"
#: The paragraph style of table cells: the body font with no space after each paragraph.
TABLE_TEXT = "Table text"
EMU_PER_PT = 12700
CHART_WIDTH_CM = (16.0, 12.9)      # portrait: one across; landscape: two side by side
CHART_ASPECT = 0.42
CHART_ASPECT_SIDE_BY_SIDE = 0.36
CHART_DPI = 300


def paper_docx_bytes(paper: Paper, *, landscape: bool | None = None) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    landscape = paper.landscape if landscape is None else landscape
    designs = [design_table(t, landscape=landscape) for t in paper.tables]
    land = any(d.landscape for d in designs) if landscape is None else bool(landscape)
    if landscape is None and land:
        designs = [design_table(t, landscape=True) for t in paper.tables]

    doc = Document()
    _styles(doc, Pt)
    section = doc.sections[0]
    section.page_width, section.page_height = Pt(595.3), Pt(841.9)
    if land:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Pt(MARGIN_PT))
    props = doc.core_properties
    props.title, props.subject, props.author, props.language = paper.title, paper.caption, "cpdesk", "en-GB"

    doc.add_heading(paper.title, level=1)
    if paper.whole_paper:
        doc.add_paragraph(f"{paper.produced.day} {paper.produced:%B %Y}")
        doc.add_heading("Summary", level=2)
        for s in paper.summary_sentences or ["There are no comparisons to summarise for these figures."]:
            doc.add_paragraph(s, style="List Bullet")
        doc.add_heading("The figures", level=2)
    for n, (table, design) in enumerate(zip(paper.tables, designs), start=1):
        _add_table(doc, paper, table, design, n, Pt)
    if paper.charts:
        _add_charts(doc, paper, land, Pt)
    if paper.whole_paper and paper.definitions:
        doc.add_heading("Definitions", level=2)
        for name, text in paper.definitions:
            p = doc.add_paragraph()
            p.add_run(f"{name}: ").bold = True
            p.add_run(text)
    if paper.general_notes:
        doc.add_heading("Notes on small numbers and sources" if paper.whole_paper else "Notes", level=2)
        for t in paper.general_notes:
            doc.add_paragraph(t)
    doc.add_paragraph(paper.source).paragraph_format.space_before = Pt(12)
    doc.add_paragraph(paper.produced_text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_paper_docx(paper: Paper, path, *, landscape: bool | None = None) -> None:
    data = paper_docx_bytes(paper, landscape=landscape)
    with atomic_write(path, "wb") as fh:
        fh.write(data)


# -- tables ---------------------------------------------------------------------------

def _add_table(doc, paper: Paper, table: PaperTable, design, number: int, Pt) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    palette = load_palette()
    cell_text = _table_text_style(doc, design.size)    # by id: python-docx's setter looks the style up each time
    cap = doc.add_paragraph(f"Table {number}: {table.caption}", style="Caption")
    cap.paragraph_format.keep_with_next = True
    cols = table.all_columns
    ncols = len(cols) + 1
    heads = table.header_row_count
    commentary_rows = not table.commentary_column and any(r.commentary for r in table.rows) and not table.key
    nrows = heads + len(table.rows) + (sum(1 for r in table.rows if r.commentary) if commentary_rows else 0)
    grid = doc.add_table(rows=nrows, cols=ncols)
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    tblPr = grid._tbl.tblPr
    tblPr.append(_el("w:tblCaption", **{"w:val": f"Table {number}: {table.caption}"[:250]}))
    tblPr.append(_el("w:tblDescription", **{"w:val": _description(table)[:900]}))
    widths = [int(w * EMU_PER_PT) for w in design.widths]
    _grid_widths(grid, widths)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    rows = grid.rows
    cells = [r.cells for r in rows]           # each row's cells once (table.cell() is slow)
    for r in range(heads):
        _mark_header(rows[r])
        for c, w in enumerate(widths):
            cells[r][c].width = w
    for (r, c, text, cspan, rspan) in table.header_cells():
        cell = cells[r][c]
        if cspan > 1 or rspan > 1:
            cell = cell.merge(cells[r + rspan - 1][c + cspan - 1])
        p = cell.paragraphs[0]
        p._p.style = cell_text
        run = _run(p, text)
        run.bold = True
        kind = cols[c - 1].kind if c > 0 else "text"
        if kind == "number" and cspan == 1:
            p.alignment = right
        _shade(cell, "F3F2F1")
    r = heads
    for row in table.rows:
        tr = rows[r]
        _cant_split(tr)
        rc = cells[r]
        values = row.cells + ([None] if table.commentary_column else [])
        for k, w in enumerate(widths):
            rc[k].width = w
        p = rc[0].paragraphs[0]
        p._p.style = cell_text
        _run(p, row.label_with_notes)
        for k, (col, cell) in enumerate(zip(cols, values), start=1):
            p = rc[k].paragraphs[0]
            p._p.style = cell_text
            text = row.commentary if col.key == "commentary" else (cell.text if cell else "")
            run = _run(p, text)
            if cell is not None and cell.detail:
                run.add_break()
                _add_text(run, f"({cell.detail})")
            if col.kind == "number":
                p.alignment = right
            if cell is not None and cell.state:
                st = palette.state(cell.state)
                if st.background:
                    _shade(rc[k], st.background.lstrip("#"))
                    run.font.color.rgb = RGBColor.from_string((st.text or "#0b0c0c").lstrip("#").upper())
        r += 1
        if commentary_rows and row.commentary:
            for para in rc[0].paragraphs:
                para.paragraph_format.keep_with_next = True
            _cant_split(rows[r])
            merged = cells[r][0].merge(cells[r][ncols - 1])
            p = merged.paragraphs[0]
            p._p.style = cell_text
            lead = p.add_run("Commentary: ")
            lead.bold = True
            p.add_run(row.commentary)
            r += 1
    after = [doc.add_paragraph(f"Note {note.number}: {note.text}") for note in table.notes]
    if table.commentary:
        after.append(doc.add_paragraph(table.commentary))
    if after:
        after[0].paragraph_format.space_before = Pt(6)


_WORD_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def _run(paragraph, text: str):
    """A run of ``text`` whose hyphens inside words do not break lines ("2019-20", "Re-referrals").

    The page design keeps every word whole; Word and LibreOffice would otherwise break a
    narrow header after the hyphen ("neighbours 2017-" / "18").
    """
    run = paragraph.add_run()
    _add_text(run, text)
    return run


def _add_text(run, text: str) -> None:
    parts = _WORD_HYPHEN.split(text)
    for i, part in enumerate(parts):
        if i:
            run._r.append(_el("w:noBreakHyphen"))
        if part:
            run.add_text(part)


def _table_text_style(doc, size: float) -> str:
    """The id of the table text style at ``size`` points ("Table text" at 12 pt, "Table text 10" …).

    The size is the style's, not each run's: one element less per cell, and a table's text
    can be resized in Word in one place.
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt
    name = TABLE_TEXT if size == BODY_PT else f"{TABLE_TEXT} {size:g}"
    if name not in [s.name for s in doc.styles]:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles[TABLE_TEXT]
        style.font.size = Pt(size)
    return doc.styles[name].style_id


def _description(table: PaperTable) -> str:
    across = ", ".join(c.header if not c.group else f"{c.group} {c.header}" for c in table.columns)
    return f"{table.stub} down the side; across: {across}. Judgements are given in words."


# -- charts ---------------------------------------------------------------------------

def _add_charts(doc, paper: Paper, landscape: bool, Pt) -> None:
    """A chart per indicator: its title (Heading 3), the picture with alt text, the trend in a sentence.

    Portrait pages take one chart across; landscape pages two side by side (a table without
    borders), so 30 indicators make 8 pages of charts, not 30.
    """
    from docx.shared import Cm

    from cpdesk.export import render_charts

    width_cm = CHART_WIDTH_CM[1 if landscape else 0]
    aspect = CHART_ASPECT if not landscape else CHART_ASPECT_SIDE_BY_SIDE
    pngs = render_charts(paper.charts, width_cm, width_cm * aspect, CHART_DPI)
    doc.add_heading("Trends", level=2)
    commentary = {r.key: r.commentary for r in paper.rows if r.commentary} if paper.whole_paper else {}
    if not landscape:
        for n, (chart, png) in enumerate(zip(paper.charts, pngs), start=1):
            doc.add_heading(chart.title, level=3)
            _chart_body(doc.add_paragraph(), doc.add_paragraph, chart, png, n, width_cm, commentary, Cm)
        return
    per_row = 2
    grid = doc.add_table(rows=(len(pngs) + per_row - 1) // per_row, cols=per_row)
    grid.autofit = False
    cell_width = int((CHART_WIDTH_CM[1] + 0.4) * 360000)          # EMU; the chart and the cell's margins
    _grid_widths(grid, [cell_width] * per_row)
    tblPr = grid._tbl.tblPr
    tblPr.append(_el("w:tblCaption", **{"w:val": "Trend charts"}))
    tblPr.append(_el("w:tblDescription", **{"w:val": "Layout only: one trend chart per cell, each with its own "
                                                      "title and description."}))
    rows = grid.rows
    for n, (chart, png) in enumerate(zip(paper.charts, pngs), start=1):
        row = rows[(n - 1) // per_row]
        if (n - 1) % per_row == 0:
            _cant_split(row)
            cells = row.cells
        cell = cells[(n - 1) % per_row]
        cell.width = cell_width
        title = cell.paragraphs[0]
        title.style = doc.styles["Heading 3"]
        title.add_run(chart.title)
        # a row cannot split, so nothing inside it keeps with what follows (LibreOffice would then move whole rows)
        title.paragraph_format.keep_with_next = False
        title.paragraph_format.keep_together = False
        title.paragraph_format.space_before = Pt(0)          # two rows of charts to a landscape page
        tight = doc.styles[TABLE_TEXT]
        _chart_body(cell.add_paragraph(style=tight), lambda text="": cell.add_paragraph(text, style=tight), chart,
                    png, n, width_cm, commentary, Cm, keep=False)


def _chart_body(picture, add_paragraph, chart, png: bytes, number: int, width_cm: float, commentary, Cm,
                keep: bool = True) -> None:
    """The picture (alt text on it), then "Figure n:" and the trend in a sentence, then any commentary."""
    picture.paragraph_format.keep_with_next = keep
    picture.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
    _alt_text(picture, f"Figure {number}: {chart.title}", chart.alt)
    text = add_paragraph()
    text.add_run(f"Figure {number}: ").bold = True
    text.add_run(chart.alt)
    if commentary.get(chart.key):
        add_paragraph(commentary[chart.key])


def _alt_text(paragraph, title: str, descr: str) -> None:
    """Put the alt text on the picture's drawing properties (``wp:docPr``), where Word reads it."""
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    for docpr in paragraph._p.iter(f"{ns}docPr"):
        docpr.set("title", title[:250])
        docpr.set("descr", descr)


# -- WordprocessingML details python-docx has no API for -------------------------------

def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(k), str(v))
    return el


def _styles(doc, Pt) -> None:
    from docx.oxml.ns import qn

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    rpr.append(_el("w:lang", **{"w:val": "en-GB"}))
    normal.paragraph_format.space_after = Pt(6)
    from docx.enum.style import WD_STYLE_TYPE
    cell = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.paragraph_format.space_after = Pt(2)
    cell.paragraph_format.space_before = Pt(2)
    for name, size in (("Heading 1", 18), ("Heading 2", 15), ("Heading 3", 13), ("Caption", 12),
                       ("List Bullet", BODY_PT)):
        st = doc.styles[name]
        st.font.name = FONT
        st.font.size = Pt(size)
        if name == "Caption":
            st.paragraph_format.space_before = Pt(12)    # a table's title stands clear of the table above
        if name.startswith("Heading") or name == "Caption":
            st.font.bold = True
            st.font.italic = False
            st.font.color.rgb = None
        rf = st.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            rf.set(qn(attr), FONT)
        for t in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            rf.attrib.pop(qn(t), None)


def _grid_widths(grid, widths) -> None:
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for gc, width in zip(grid._tbl.tblGrid.findall(f"{w}gridCol"), widths):
        gc.w = width


def _mark_header(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    trPr.append(_el("w:cantSplit"))
    trPr.append(_el("w:tblHeader"))


def _cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(_el("w:cantSplit"))


def _shade(cell, fill_hex: str) -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    tcPr.append(_el("w:shd", **{"w:val": "clear", "w:color": "auto", "w:fill": fill_hex.upper()}))
