"""The committee table as a Word document (python-docx) that meets accessibility rules.

A real table whose first row is marked as a header (``w:tblHeader``: repeated on every
page and announced as headers by screen readers), with alternative text, a caption above
it, judgement cells shaded *and* labelled with symbol and word, then the notes, the source
line and the date produced. Portrait or landscape A4.
"""
from __future__ import annotations

import io

from cpdesk.export.committee_table import CommitteeTable
from cpdesk.export.html_writer import indicator_text
from cpdesk.export.palette import load_palette
from cpdesk.fileio import atomic_write

FONT = "Arial"
EMU_PER_PT = 12700
#: Columns that take the width left over once every other column fits its longest word.
FLEXIBLE = {"indicator": 2.2, "commentary": 3.0, "group": 1.0}
_CELL_PADDING_PT = 13.0   # Word's default cell margins (0.19 cm each side) and a little air
_CHAR_EM = 0.6            # average Arial character width, in ems (bold headers a little wider)


def column_widths(table: CommitteeTable, cols, usable_pt: float) -> tuple[float, list[float]]:
    """Font size and column widths (points) so that no word is broken across lines.

    A period ("Q1 2024-25") and a judgement ("✖ missed") are kept on one line.

    Each fixed column gets the width of its longest word (header words in bold); the
    indicator and commentary columns share what is left. If that leaves them too narrow,
    the font is made smaller, down to 7.5 pt.
    """
    longest = []
    for c in cols:
        words = [len(w) * 1.08 for w in c.header.split()]
        for row in table.rows:
            cell = row.cells.get(c.key)
            if cell is not None:
                # a judgement's symbol and word stay together on one line
                if c.kind == "state" or c.key == "period":
                    words.append(len(cell.full_text))
                else:
                    words += [len(w) for w in cell.text.split()] + ([len(cell.detail) + 2] if cell.detail else [])
        longest.append(max(words or [1]))
    for size in (10.0, 9.0, 8.5, 8.0, 7.5):
        char = size * _CHAR_EM
        fixed = [0.0 if c.key in FLEXIBLE else n * char + _CELL_PADDING_PT for c, n in zip(cols, longest)]
        left = usable_pt - sum(fixed)
        flex = [FLEXIBLE.get(c.key, 0.0) for c in cols]
        need = sum(max(16 * char, n * char) + _CELL_PADDING_PT for c, n in zip(cols, longest) if c.key in FLEXIBLE)
        if left >= need or size == 7.5:
            break
    total = sum(flex) or 1.0
    widths = [w if f == 0 else max(left, 0) * f / total for w, f in zip(fixed, flex)]
    scale = usable_pt / sum(widths) if sum(widths) > usable_pt else 1.0
    return size, [w * scale for w in widths]


def docx_bytes(table: CommitteeTable, *, landscape: bool = False) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    _base_styles(doc, Pt)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.core_properties.title = table.title
    doc.core_properties.subject = table.caption
    doc.core_properties.author = "cpdesk"
    doc.core_properties.language = "en-GB"

    doc.add_heading(table.title, level=1)
    cap = doc.add_paragraph(f"Table 1: {table.caption}", style="Caption")
    cap.paragraph_format.keep_with_next = True

    cols = table.shown_columns()
    # On a portrait page there is no room for a paragraph per indicator beside the figures:
    # the commentary follows the table instead, under each indicator's name.
    commentary_below = not landscape and any(c.key == "commentary" for c in cols)
    if commentary_below:
        cols = [c for c in cols if c.key != "commentary"]
    palette = load_palette()
    grid = doc.add_table(rows=len(table.rows) + 1, cols=len(cols))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    _table_properties(grid, table)
    usable = section.page_width - section.left_margin - section.right_margin
    points, widths = column_widths(table, cols, usable / EMU_PER_PT)
    widths = [int(w * EMU_PER_PT) for w in widths]
    _grid_widths(grid, widths)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    size = Pt(points)

    rows = grid.rows
    header = rows[0]
    _mark_header(header)
    for cell, col, w in zip(header.cells, cols, widths):
        cell.width = w
        p = cell.paragraphs[0]
        run = p.add_run(col.header)
        run.bold = True
        run.font.size = size
        if col.kind == "number":
            p.alignment = right
        _shade(cell, "F3F2F1")
    for trow, row in zip(rows[1:], table.rows):
        _cant_split(trow)
        for cell, col, w in zip(trow.cells, cols, widths):
            cell.width = w
            c = row.cells.get(col.key)
            text = indicator_text(table, row) if col.key == "indicator" else (c.text if c else "")
            p = cell.paragraphs[0]
            run = p.add_run(text)
            run.font.size = size
            if c is not None and c.detail:
                run.add_break()
                run.add_text(f"({c.detail})")
            if col.kind == "number":
                p.alignment = right
            if c is not None and c.state:
                st = palette.state(c.state)
                if st.background:
                    _shade(cell, st.background.lstrip("#"))
                    run.font.color.rgb = RGBColor.from_string((st.text or "#0b0c0c").lstrip("#").upper())

    if commentary_below:
        doc.add_heading("Commentary", level=2)
        for row in table.rows:
            text = row.cells.get("commentary").text if row.cells.get("commentary") else ""
            if text:
                doc.add_heading(row.indicator, level=3)
                for para in text.split("\n"):
                    doc.add_paragraph(para, style="Normal")
    if table.notes or table.general_notes:
        doc.add_heading("Notes", level=2)
        for n in table.notes:
            doc.add_paragraph(f"Note {n.number}: {n.text}", style="Normal")
        for t in table.general_notes:
            doc.add_paragraph(t, style="Normal")
    doc.add_paragraph(table.source, style="Normal")
    doc.add_paragraph(table.produced_text, style="Normal")

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_docx(table: CommitteeTable, path, *, landscape: bool = False) -> None:
    data = docx_bytes(table, landscape=landscape)
    with atomic_write(path, "wb") as fh:
        fh.write(data)


# -- WordprocessingML details python-docx has no API for -------------------------------

def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(k), str(v))
    return el


def _base_styles(doc, Pt) -> None:
    from docx.oxml.ns import qn

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    lang = _el("w:lang", **{"w:val": "en-GB"})
    normal.element.get_or_add_rPr().append(lang)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Heading 1", 16), ("Heading 2", 12), ("Heading 3", 10.5), ("Caption", 11)):
        st = doc.styles[name]
        st.font.name = FONT
        st.font.size = Pt(size)
        st.font.bold = True
        st.font.italic = False
        st.font.color.rgb = None
        rf = st.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            rf.set(qn(attr), FONT)
        for t in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            rf.attrib.pop(qn(t), None)


def _table_properties(grid, table: CommitteeTable) -> None:
    """Alternative text (caption and description) for screen readers."""
    tblPr = grid._tbl.tblPr
    tblPr.append(_el("w:tblCaption", **{"w:val": table.caption[:250]}))
    tblPr.append(_el("w:tblDescription", **{
        "w:val": f"One row per indicator and period; judgements are given in words. {table.source}"[:900]}))


def _grid_widths(grid, widths) -> None:
    for gc, w in zip(grid._tbl.tblGrid.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol"),
                     widths):
        gc.w = w


def _mark_header(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    trPr.append(_el("w:cantSplit"))
    trPr.append(_el("w:tblHeader"))


def _cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(_el("w:cantSplit"))


def _shade(cell, fill_hex: str) -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    tcPr.append(_el("w:shd", **{"w:val": "clear", "w:color": "auto", "w:fill": fill_hex.upper()}))
