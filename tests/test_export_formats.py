"""Every format read back: values, judgement words, header marks, no merged cells, escaping, [c] cells."""
from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from cpdesk.export import write_export
from cpdesk.export.disclosure import suppress
from tests.export_fixtures import COMMENTARY, HOSTILE_CMD, HOSTILE_LABEL, quarters_table, year_table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def table():
    return year_table()


@pytest.fixture
def suppressed():
    return suppress(quarters_table())


# -- Word ------------------------------------------------------------------------------

def _docx(path):
    import docx
    return docx.Document(str(path))


def test_docx_table_values_words_and_header_mark(table, tmp_path):
    out = write_export(table, tmp_path / "t.docx")
    doc = _docx(out)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    rows = [[c.text for c in r.cells] for r in t.rows]
    assert rows[0] == ["Indicator", "Period", "Value", "Previous", "Direction", "Neighbours",
                       "England", "vs England", "Target", "vs target"]
    at = next(i for i, r in enumerate(rows) if r[0].startswith("Child protection plans that were a second"))
    rep = rows[at]
    assert rep[1:4] == ["2023-24", "35.7%", "38.0%\n(2022-23)"]
    assert rep[4].endswith("improving") and rep[7] == "▼ worse"
    # the commentary sits with its indicator: a row right under it, across the table
    assert rows[at + 1] == ["Commentary: " + COMMENTARY["cpp_repeat_ever_pct"]] * len(rep)
    assert "Commentary" not in [p.text for p in doc.paragraphs]
    icpc = next(r for r in rows if r[0].startswith("Initial conferences"))
    assert icpc[0].endswith("]") and "note " in icpc[0]           # note references in the indicator cell
    assert (icpc[7], icpc[8], icpc[9]) == ("● similar", "85.0%", "◆ near")
    # the header row, and only it, is marked as a header (repeats on each page, read as headers)
    marks = [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in t._tbl.findall(f"{W}tr")]
    assert marks[0] and not any(marks[1:])
    # alternative text for the table
    assert t._tbl.tblPr.find(f"{W}tblCaption").get(f"{W}val") == f"Table 1: {table.caption}"


def test_docx_shading_goes_with_words(table, tmp_path):
    from cpdesk.export.palette import load_palette
    pal = load_palette()
    doc = _docx(write_export(table, tmp_path / "t.docx"))
    t = doc.tables[0]
    fills = {}
    for tr in t.rows[1:]:
        for cell in tr.cells:
            shd = cell._tc.find(f"{W}tcPr/{W}shd")
            if shd is not None:
                fills.setdefault(cell.text, shd.get(f"{W}fill"))
    assert fills["▼ worse"] == pal.states["worse"].background.lstrip("#").upper()
    assert fills["✖ missed"] == pal.states["red"].background.lstrip("#").upper()
    assert "not compared" not in fills                                   # neutral states are not shaded


def test_docx_caption_notes_source_and_orientation(table, tmp_path):
    from docx.enum.section import WD_ORIENT
    doc = _docx(write_export(table, tmp_path / "t.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert f"Table 1: {table.caption}" in texts
    assert any(t.startswith("Note 1: ") for t in texts)
    assert any("Open Government Licence v3.0" in t for t in texts)
    assert any(t.startswith("Produced on 3 June 2024") for t in texts)
    # ten columns at 12 pt need a landscape page; portrait when asked steps the text down, never below 10 pt
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE
    port = _docx(write_export(table, tmp_path / "p.docx", landscape=False))
    s = port.sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT and s.page_width < s.page_height

    def size(style):                      # a paragraph style's size, or the size of the style it is based on
        while style.font.size is None:
            style = style.base_style
        return style.font.size.pt
    sizes = {size(p.style) for row in port.tables[0].rows for c in row.cells for p in c.paragraphs}
    assert sizes and min(sizes) >= 10.0 and max(sizes) < 12.0               # stepped down, not below the floor
    assert not any(r.font.size for row in port.tables[0].rows for c in row.cells for p in c.paragraphs
                   for r in p.runs)                                         # the style says it, not each run


def test_docx_suppressed_cells(suppressed, tmp_path):
    doc = _docx(write_export(suppressed, tmp_path / "s.docx"))
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    started = {r[1]: r for r in rows if r[0] == "Plans starting (number)"}
    assert started["Q2 2023-24"][2] == "[c]" and started["Q1 2023-24"][2] == "[c]"
    assert started["Q3 2023-24"][2] == "25" and started["Q3 2023-24"][3] == "[c]"


# -- Excel -----------------------------------------------------------------------------

def _xlsx(path):
    import openpyxl
    return openpyxl.load_workbook(str(path))


def test_xlsx_follows_the_spreadsheet_rules(table, tmp_path):
    wb = _xlsx(write_export(table, tmp_path / "t.xlsx"))
    assert wb.sheetnames == ["Cover", "Contents", "Notes", "Table_1"]
    for ws in wb.worksheets:
        assert not ws.merged_cells.ranges, ws.title
        rows = list(ws.iter_rows(values_only=True))
        assert all(any(v not in (None, "") for v in r) for r in rows), f"blank row in {ws.title}"
    ws = wb["Table_1"]
    assert list(ws.tables) == ["Summary"]
    tab = ws.tables["Summary"]
    assert tab.ref == f"A1:N{len(table.rows) + 1}" and tab.headerRowCount in (None, 1)
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Indicator", "Period", "Value", "Unit", "Previous", "Previous period"]
    cover = "\n".join(str(c.value) for c in wb["Cover"]["A"])
    for code in ("[c]", "[x]", "[z]"):
        assert code in cover
    assert "Open Government Licence" in cover


def test_xlsx_numbers_are_numbers_and_text_is_never_a_formula(table, tmp_path):
    wb = _xlsx(write_export(table, tmp_path / "t.xlsx"))
    ws = wb["Table_1"]
    header = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(header)}
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    rep = rows["Child protection plans that were a second or subsequent plan (%)"]
    assert rep[col["Value"]].value == 35.7 and rep[col["Value"]].data_type == "n"
    assert rep[col["Value"]].number_format == "#,##0.0"
    assert rep[col["Unit"]].value == "%"
    assert rep[col["Target"]].value == "[x]"
    assert rep[col["vs England"]].value == "▼ worse"
    assert rows["Plans starting (number)"][col["Value"]].value == 70
    for hostile in (HOSTILE_LABEL, HOSTILE_CMD):
        cell = rows["'" + hostile][0]
        assert cell.data_type == "s" and cell.value == "'" + hostile
    commentary = [r[col["Commentary"]] for r in rows.values() if r[col["Commentary"]].value]
    assert all(c.data_type == "s" for c in commentary)
    assert "'-Still above target." in [c.value for c in commentary]
    assert "'@SUM(A1) conferences were delayed\nby the summer." in [c.value for c in commentary]
    # no cell anywhere holds a formula
    for ws in wb.worksheets:
        assert not any(c.data_type == "f" for r in ws.iter_rows() for c in r), ws.title


def test_xlsx_suppressed_cells(suppressed, tmp_path):
    wb = _xlsx(write_export(suppressed, tmp_path / "s.xlsx"))
    ws = wb["Table_1"]
    header = [c.value for c in ws[1]]
    v = header.index("Value")
    started = {r[1].value: r[v].value for r in ws.iter_rows(min_row=2) if r[0].value == "Plans starting (number)"}
    assert started == {"Q1 2023-24": "[c]", "Q2 2023-24": "[c]", "Q3 2023-24": 25, "Q4 2023-24": 22, "2023-24": 70}
    cover = "\n".join(str(c.value) for c in wb["Cover"]["A"])
    assert "Counts from 1 to 5" in cover


# -- CSV -------------------------------------------------------------------------------

def test_csv_bom_quoting_and_escaping(table, tmp_path):
    out = write_export(table, tmp_path / "t.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:4] == ["Indicator", "Period", "Value", "Unit"]
    assert len({len(r) for r in rows}) == 1
    by_name = {r[0]: r for r in rows[1:]}
    assert "'" + HOSTILE_LABEL in by_name and "'" + HOSTILE_CMD in by_name
    rep = by_name["Child protection plans that were a second or subsequent plan (%)"]
    h = rows[0]
    assert rep[h.index("Value")] == "35.7" and rep[h.index("vs England")] == "worse"
    assert rep[h.index("Commentary")] == COMMENTARY["cpp_repeat_ever_pct"]
    # RFC 4180: fields with quotes, commas or line breaks are quoted, quotes doubled
    assert '"Fewer repeat plans, after the ""edge of care"" review, see page 3."' in text
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in text
    assert "'@SUM(A1) conferences were delayed\nby the summer." in [r[h.index("Commentary")] for r in rows]


def test_csv_suppressed_cells(suppressed, tmp_path):
    text = write_export(suppressed, tmp_path / "s.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    pct = {r["Period"]: r["Value"] for r in rows if r["Indicator"].startswith("Child protection plans that were")}
    assert pct == {"Q1 2023-24": "[c]", "Q2 2023-24": "[c]", "Q3 2023-24": "32.0", "Q4 2023-24": "40.9",
                   "2023-24": "35.7"}


# -- HTML ------------------------------------------------------------------------------

class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.th_scopes, self.rows, self.caption, self.lang = [], [], "", None
        self._in = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "th":
            self.th_scopes.append(a.get("scope"))
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th", "caption"):
            self._in = tag
            if tag != "caption":
                self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th", "caption"):
            self._in = None

    def handle_data(self, data):
        if self._in == "caption":
            self.caption += data
        elif self._in:
            self.rows[-1][-1] += data


def test_html_is_an_accessible_table(table, tmp_path):
    text = write_export(table, tmp_path / "t.html").read_text(encoding="utf-8")
    p = _Cells()
    p.feed(text)
    assert p.lang == "en-GB" and p.caption == table.caption
    assert p.th_scopes.count("col") == 11 and p.th_scopes.count("row") == len(table.rows)
    rep = next(r for r in p.rows if r[0].startswith("Child protection plans that were"))
    assert rep[2] == "35.7%" and rep[7] == "▼ worse" and rep[9] == "no target"
    assert "<link" not in text and "<script" not in text                  # one file, nothing fetched
    assert re.search(r'background-color:#[0-9a-f]{6};color:#[0-9a-f]{6}">▼ worse', text)
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in text


def test_html_escapes_markup(tmp_path):
    t = year_table(commentary={"icpc_15wd_pct": "<script>alert(1)</script>"})
    text = write_export(t, tmp_path / "t.html").read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


# -- JSON and PDF ----------------------------------------------------------------------

def test_json_rows_and_metadata(suppressed, tmp_path):
    data = json.loads(write_export(suppressed, tmp_path / "s.json").read_text(encoding="utf-8"))
    assert data["area"] == "Northtown" and data["comparator"] == "England"
    started = {r["period"]: r["value"] for r in data["rows"] if r["indicator_key"] == "cpp_started_count"}
    assert started == {"Q1 2023-24": "[c]", "Q2 2023-24": "[c]", "Q3 2023-24": 25, "Q4 2023-24": 22, "2023-24": 70}
    assert len(data["suppressed"]) == 6 and data["produced"] == "2024-06-03"


def test_pdf_is_written_by_qt(qapp, table, tmp_path):
    from cpdesk.render import install
    install()
    out = write_export(table, tmp_path / "t.pdf", landscape=True)
    raw = out.read_bytes()
    assert raw.startswith(b"%PDF") and raw.rstrip().endswith(b"%%EOF")
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", raw)
    assert box and float(box.group(1)) > float(box.group(2))              # landscape A4


def test_unknown_extension_is_a_clear_error(table, tmp_path):
    from cpdesk.errors import CpdeskError
    with pytest.raises(CpdeskError, match=r"\.odt"):
        write_export(table, tmp_path / "t.odt")


# -- a paper's workbook -------------------------------------------------------------------

def test_paper_workbook_has_a_notes_sheet_numbered_once_for_all_its_tables(tmp_path):
    from cpdesk.export.layouts import LayoutChoice, build_paper
    from tests.seed_papers import seed_observations
    paper = build_paper(seed_observations("warwickshire", ["Table 1", "Table 4"]),
                        LayoutChoice(layout="areas", commentary={"cpp_repeat_ever_pct": "=Audit under way."}))
    wb = _xlsx(write_export(paper, tmp_path / "p.xlsx"))
    assert wb.sheetnames == ["Cover", "Contents", "Notes", "Table_1", "Table_2"]
    notes = wb["Notes"]
    assert list(notes.tables) == ["Notes"] and [c.value for c in notes[1]] == ["Note number", "Note text", "Table"]
    listed = [[c.value for c in r] for r in notes.iter_rows(min_row=2)]
    assert [r[0] for r in listed] == ["note 1", "note 2"] and [r[2] for r in listed] == ["Table_1", "Table_2"]
    assert listed[1][1].startswith("Child protection plans that were a second") and "to be confirmed" in listed[1][1]
    t2 = wb["Table_2"]
    header = [c.value for c in t2[1]]
    assert header == ["Area", "Unit", "2015-16", "2016-17", "2017-18", "2018-19", "2019-20", "Notes"]
    rows = {r[0].value: [c.value for c in r] for r in t2.iter_rows(min_row=2)}
    assert rows["Warwickshire"][1:4] == ["%", 18.1, 20.8] and rows["Warwickshire"][-1] is None
    assert rows["England"][-2:] == ["TBC", "note 2"]                   # table 2's own "note 1", renumbered
    contents = [[c.value for c in r] for r in wb["Contents"].iter_rows(min_row=2)]
    assert [r[0] for r in contents] == ["Notes", "Table_1", "Table_2"]
    cover = "\n".join(str(c.value) for c in wb["Cover"]["A"])
    assert "Notes sheet" in cover and "[c]" in cover
    for ws in wb.worksheets:
        assert not ws.merged_cells.ranges and not any(c.data_type == "f" for r in ws.iter_rows() for c in r)


def test_paper_workbook_puts_trend_commentary_in_a_column(tmp_path):
    from cpdesk.export.layouts import LayoutChoice, build_paper
    from tests.export_fixtures import AREA, observations
    paper = build_paper(observations(), LayoutChoice(area=AREA, kind="year", commentary=COMMENTARY))
    ws = _xlsx(write_export(paper, tmp_path / "t.xlsx"))["Table_1"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["Indicator", "Unit"] and "Commentary" in header and header[-1] == "Notes"
    rr = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Re-referrals (%)")
    assert rr[header.index("Commentary")].value == "'-Still above target." and rr[1].value == "%"
    assert rr[header.index("2023-24")].value == 24.4 and rr[header.index("2023-24")].data_type == "n"
