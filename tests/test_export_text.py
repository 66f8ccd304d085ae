"""Exports accept any text: characters XML cannot hold are replaced by "�" in Word, Excel, HTML and PDF.

Every C0 control character (and DEL's neighbours that XML refuses: U+FFFE, U+FFFF, a lone
surrogate) is put into every field a user or a spreadsheet can fill: indicator labels,
area names, comparator names, commentary and the title. Each file must open again with the
library a council's machine would use, and show "�" where the character was.
"""
from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from cpdesk.export import write_export
from cpdesk.export.committee_table import build_committee_table
from cpdesk.export.layouts import LayoutChoice, build_paper
from cpdesk.export.text import REPLACEMENT, xml_safe
from cpdesk.observations import Observation, to_frame
from cpdesk.periods import financial_year

#: Every character XML 1.0 cannot hold that a spreadsheet cell can: C0 controls but tab, LF, CR.
BAD = [chr(c) for c in range(32) if c not in (9, 10, 13)] + ["\ufffe", "\uffff", "\ud800"]


def test_xml_safe_replaces_exactly_the_characters_xml_cannot_hold():
    for ch in BAD:
        assert xml_safe(f"a{ch}b") == f"a{REPLACEMENT}b"
    keep = "tab\tline\ncr\r ok é ▲ £"
    assert xml_safe(keep) is keep
    assert xml_safe(3.5) == 3.5


def _observations():
    junk = "".join(BAD)
    rows = []
    for fy, v in ((2023, 20.0), (2024, 22.5)):
        p = financial_year(fy)
        rows += [Observation(None, f"Local label {junk} end", f"North{junk}town", "la", p, v, file="perf.xlsx",
                             sheet="S", cell="B2"),
                 Observation("cpp_repeat_ever_pct", "Repeat plans", f"North{junk}town", "la", p, v + 1,
                             file="perf.xlsx", sheet="S", cell="B3"),
                 Observation("cpp_repeat_ever_pct", "Repeat plans", f"Comparator{junk}", "district", p, v,
                             file="perf.xlsx", sheet="S", cell="C3"),
                 Observation("cpp_repeat_ever_pct", "Repeat plans", "England", "england", p, 21.0)]
    return to_frame(rows), junk


def _texts_of(path) -> str:
    if path.suffix == ".pdf":
        from pypdf import PdfReader
        text = "".join(page.extract_text() for page in PdfReader(str(path)).pages)
        return "".join(text.split())   # text runs in other fonts come out with spaces around them
    if path.suffix == ".html":
        return path.read_text(encoding="utf-8")
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".html", ".pdf"])
@pytest.mark.parametrize("kind", ["committee", "trend", "areas"])
def test_every_control_character_in_every_field(qapp, tmp_path, suffix, kind):
    from cpdesk.render import install
    install()
    obs, junk = _observations()
    title = f"Title{junk}"
    commentary = {"cpp_repeat_ever_pct": f"Comment{junk}ary", "label:Local label " + junk + " end": f"C{junk}"}
    if kind == "committee":
        table = build_committee_table(obs, compare=f"Comparator{junk}", periods=["2023-24"], title=title,
                                      commentary=commentary, produced=dt.date(2024, 6, 1))
    else:
        table = build_paper(obs, LayoutChoice(layout=kind, comparators=["england", f"Comparator{junk}"],
                                              title=title, commentary=commentary, produced=dt.date(2024, 6, 1)))
    out = write_export(table, tmp_path / f"t{suffix}", landscape=True)
    text = _texts_of(out)
    assert not any(ch in text for ch in BAD if ch not in ("\ud800",))
    if suffix == ".docx":
        import docx
        doc = docx.Document(str(out))
        assert any(REPLACEMENT in c.text for t in doc.tables for r in t.rows for c in r.cells)
        assert any(p.text.startswith("Title" + REPLACEMENT) for p in doc.paragraphs)
    elif suffix == ".xlsx":
        import openpyxl
        wb = openpyxl.load_workbook(str(out))
        values = [str(c.value) for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.value]
        assert any(REPLACEMENT in v for v in values)
    else:
        assert "Title" + REPLACEMENT in text and "North" + REPLACEMENT in text
