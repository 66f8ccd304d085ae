"""The paper on the page: text sizes measured in the rendered PDF, page counts, Word's structure read back."""
from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from cpdesk.export import write_export
from cpdesk.export.layouts import LayoutChoice, build_paper
from cpdesk.export.page import arial_width, design_table, words
from tests.export_fixtures import AREA, thirty_by_five

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def big():
    return thirty_by_five()


def _paper(obs, **kw):
    kw.setdefault("produced", dt.date(2024, 6, 3))
    return build_paper(obs, LayoutChoice(area=AREA, **kw))


def _text_sizes(path) -> list[tuple[float, str]]:
    """(size on the page in points, text) of every piece of text in a PDF: font size x text matrix x CTM."""
    from pypdf import PdfReader
    out = []
    for page in PdfReader(str(path)).pages:
        def visit(text, cm, tm, font_dict, font_size):
            if text.strip():
                scale_tm = (tm[2] ** 2 + tm[3] ** 2) ** 0.5
                scale_cm = (cm[2] ** 2 + cm[3] ** 2) ** 0.5
                out.append((font_size * scale_tm * scale_cm, " ".join(text.split())))
        page.extract_text(visitor_text=visit)
    return out


def _pages(path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(str(path)).pages)


@pytest.fixture(autouse=True)
def _render(qapp):
    from cpdesk.render import install
    install()


@pytest.fixture
def arial(qapp):
    """Page counts are measured in Arial's metrics (what councils print in); say so when the machine lacks them."""
    from PySide6.QtGui import QFont, QFontInfo
    family = QFontInfo(QFont("Arial")).family()
    assert family in ("Arial", "Liberation Sans", "Arimo"), (
        f"Arial resolves to {family!r} here: install fonts-liberation (Arial's metric twin) or Arial.")


def test_pdf_text_is_at_least_10pt_everywhere_and_the_body_is_12pt(big, tmp_path):
    paper = _paper(big, charts=True, indicators=["cpp_repeat_ever_pct", "icpc_15wd_pct", "cpp_open_count"],
                   commentary={"icpc_15wd_pct": "Conferences were delayed by the summer holidays."})
    out = write_export(paper, tmp_path / "p.pdf")
    sizes = _text_sizes(out)
    assert sizes and min(s for s, _ in sizes) >= 10.0 - 0.05, sorted(sizes)[:5]
    body = [s for s, t in sizes if "Produced on" in t]
    assert body and abs(body[0] - 12.0) < 0.05


def test_30_indicators_by_5_years_fit_on_3_landscape_pages_without_breaking_a_word(big, tmp_path, arial):
    paper = _paper(big)
    [table] = paper.tables
    assert len(table.rows) == 30 and sum(c.key.startswith("p:") for c in table.columns) == 5
    design = design_table(table)
    assert design.landscape and design.size >= 10.0
    # no column is narrower than its longest word
    texts = [[table.stub] + [r.label_with_notes for r in table.rows]]
    texts += [[c.header] + [r.cells[i].text for r in table.rows] for i, c in enumerate(table.columns)]
    for width, col in zip(design.widths, texts):
        longest = max(arial_width(w, design.size, True) for t in col for w in words(t))
        assert width >= longest
    out = write_export(paper, tmp_path / "big.pdf")
    assert _pages(out) <= 3
    assert min(s for s, _ in _text_sizes(out)) >= 10.0 - 0.05
    # the header row is drawn again on every page the table runs onto
    from pypdf import PdfReader
    first_words = {r.label.split()[0] for r in table.rows}
    table_pages = [" ".join(page.extract_text().split()) for page in PdfReader(str(out)).pages]
    table_pages = [t for t in table_pages if "2023-24" in t and any(w in t for w in first_words)]
    assert len(table_pages) >= 2
    assert all("Indicator 2019-20 2020-21" in t for t in table_pages)


def test_word_paper_has_heading_styles_marked_header_rows_and_chart_alt_text(big, tmp_path):
    import docx
    paper = _paper(big, charts=True, whole_paper=True, indicators=["cpp_repeat_ever_pct", "icpc_15wd_pct"],
                   commentary={"cpp_repeat_ever_pct": "Repeat plans rose after the review."})
    out = write_export(paper, tmp_path / "paper.docx")
    doc = docx.Document(str(out))
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Heading 1", paper.title) in styles
    assert {("Heading 2", h) for h in ("Summary", "The figures", "Trends", "Definitions")} <= set(styles)
    # landscape: the charts two side by side, each titled with a Heading 3 in its cell
    in_cells = [(p.style.name, p.text) for t in doc.tables[1:] for row in t.rows for c in row.cells
                for p in c.paragraphs]
    assert [t for s, t in in_cells if s == "Heading 3"] == [c.title for c in paper.charts]
    assert doc.styles["Normal"].font.size.pt == 12.0
    summary = [t for s, t in styles if s == "List Bullet"]
    assert summary and all(t.endswith(".") for t in summary)
    t = doc.tables[0]
    trs = t._tbl.findall(f"{W}tr")
    assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert not any(tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in trs[1:])
    # the commentary sits in a row right under its indicator
    texts = [[c.text for c in r.cells] for r in t.rows]
    at = next(i for i, r in enumerate(texts) if r[0].startswith(("Child protection plans that were a second",
                                                                  paper.tables[0].rows[0].label)))
    assert texts[at + 1][0] == "Commentary: Repeat plans rose after the review."
    # each chart: a picture with alt text stating the trend in a sentence
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 2
    import re
    descr = re.findall(r'<wp:docPr [^>]*descr="([^"]+)"', xml)
    assert len(descr) == 2
    assert all(re.search(r"(rose|fell|was) .*\d", d) and d.endswith(".") for d in descr)


def test_charts_at_print_resolution_and_counts_not_beside_england(big, tmp_path):
    from cpdesk.export import chart_renderer
    from PySide6.QtGui import QImage
    paper = _paper(big, charts=True, indicators=["cpp_open_count", "cpp_repeat_ever_pct"])
    count = next(c for c in paper.charts if c.key == "cpp_open_count")
    assert "england" not in count.roles and "not drawn" in count.alt
    assert "england" in next(c for c in paper.charts if c.key == "cpp_repeat_ever_pct").roles
    png = chart_renderer()(count, 16.0, 6.7, 300)
    image = QImage.fromData(png)
    assert image.width() >= 1850 and abs(image.dotsPerMeterX() * 0.0254 - 300) < 1


def test_commentary_goes_with_its_indicator_and_no_empty_commentary_heading(big, tmp_path):
    import docx
    paper = _paper(big, layout="scorecard", indicators=["cpp_repeat_ever_pct", "icpc_15wd_pct"],
                   commentary={"icpc_15wd_pct": "Delayed by the summer.", "cpp_open_count": "Not exported."})
    doc = docx.Document(str(write_export(paper, tmp_path / "s.docx")))
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[1][-1] == "Commentary" and rows[-1][-1] == "Delayed by the summer."
    assert "Commentary" not in [p.text for p in doc.paragraphs]


def test_word_tables_keep_periods_whole_and_cells_tight(tmp_path):
    from tests.seed_papers import seed_observations
    paper = build_paper(seed_observations("trafford"), LayoutChoice(kind="rolling", comparators=["neighbours",
                                                                                                  "england"]))
    out = write_export(paper, tmp_path / "t.docx")
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    # "2017-18" may not break after its hyphen in a narrow header ("neighbours 2017-" / "18")
    assert "<w:t>Statistical neighbours 2017</w:t><w:noBreakHyphen/><w:t>18</w:t>" in xml
    import docx
    doc = docx.Document(str(out))
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header[3] == "Statistical neighbours 2017-18"        # read back as it is written
    style = doc.tables[0].rows[1].cells[0].paragraphs[0].style
    assert style.name == "Table text" and style.paragraph_format.space_after.pt == 2.0


def test_word_text_is_at_least_10pt_everywhere(big, tmp_path):
    """Every run's size, set on it or inherited from its paragraph style (and that style's bases), is >= 10 pt."""
    from lxml import etree
    paper = _paper(big, charts=True, whole_paper=True, commentary={"icpc_15wd_pct": "Delayed by the summer."})
    out = write_export(paper, tmp_path / "paper.docx")
    with zipfile.ZipFile(out) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")

    def style_size(style_id):
        while style_id:
            st = by_id[style_id]
            sz = st.find(f"{W}rPr/{W}sz")
            if sz is not None:
                return int(sz.get(f"{W}val"))
            based = st.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return int(default.get(f"{W}val")) if default is not None else 20
    sizes = []
    for p in doc.iter(f"{W}p"):
        ps = p.find(f"{W}pPr/{W}pStyle")
        inherited = style_size(ps.get(f"{W}val") if ps is not None else "Normal")
        for r in p.iter(f"{W}r"):
            if not "".join(t.text or "" for t in r.iter(f"{W}t")).strip():
                continue
            sz = r.find(f"{W}rPr/{W}sz")
            sizes.append(int(sz.get(f"{W}val")) if sz is not None else inherited)
    assert len(sizes) > 300 and min(sizes) >= 20, sorted(sizes)[:5]      # half-points: 20 = 10 pt


def test_chart_png_is_lossless_keeps_its_resolution_and_charts_render_alike_side_by_side(big):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    from cpdesk.export import chart_renderer, render_charts
    from cpdesk.render.chart import draw_chart
    from cpdesk.render.png import png_bytes
    paper = _paper(big, charts=True, indicators=["cpp_repeat_ever_pct", "icpc_15wd_pct", "cpp_open_count"])
    image = QImage(400, 170, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    image.setDotsPerMeterX(11811)
    image.setDotsPerMeterY(11811)
    painter = QPainter(image)
    draw_chart(painter, QRectF(0, 0, 400, 170), paper.charts[0])
    painter.end()
    back = QImage.fromData(png_bytes(image))
    assert back.dotsPerMeterX() == 11811 and back.size() == image.size()
    assert back.convertToFormat(QImage.Format.Format_RGB32) == image          # every pixel the same
    together = render_charts(paper.charts, 16.0, 6.7, 100)
    assert together == [chart_renderer()(c, 16.0, 6.7, 100) for c in paper.charts]


def test_charts_go_four_to_a_landscape_page_in_word_and_pdf(big, tmp_path, arial):
    import docx
    from pypdf import PdfReader
    paper = _paper(big, charts=True)
    assert len(paper.charts) == 30
    pdf = PdfReader(str(write_export(paper, tmp_path / "c.pdf")))
    texts = [" ".join(p.extract_text().split()) for p in pdf.pages]
    chart_pages = [t for t in texts if "Figure " in t]
    assert len(chart_pages) <= 8 and len(pdf.pages) <= 12
    assert sum(t.count("Figure ") for t in chart_pages) == 30
    doc = docx.Document(str(write_export(paper, tmp_path / "c.docx")))
    grid = doc.tables[-1]
    assert len(grid.rows) == 15 and len(grid.columns) == 2
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in grid._tbl.findall(f"{W}tr"))
