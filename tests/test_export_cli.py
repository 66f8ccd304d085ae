"""``cpdesk summary`` to every format, suppression by default, and a locked target file."""
from __future__ import annotations

import csv
import json
import os

import pytest

from cpdesk.cli import main
from tests.conftest import REPO

SAMPLE = REPO / "resources" / "samples" / "example_cp_performance.xlsx"
QUARTERS = ["--period", "Q1 2023-24", "--period", "Q2 2023-24", "--period", "Q3 2023-24", "--period", "Q4 2023-24"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hostile_csv(tmp_path):
    path = tmp_path / "scorecard.csv"
    path.write_text('Indicator,2022-23,2023-24\n'
                    'Re-referrals within 12 months (%),23.0,24.4\n'
                    'Plans starting (number),40,4\n'
                    '"=HYPERLINK(""http://x"",""y"")",10,12\n'
                    '"+cmd|\' /C calc\'!A0",7,8\n', encoding="utf-8")
    return path


def test_docx_from_the_sample(capsys, tmp_path):
    import docx
    out = tmp_path / "paper.docx"
    code, text, err = run(capsys, "summary", SAMPLE, "--period", "2023-24", "--compare", "neighbours", "--landscape",
                          "--layout", "committee", "--out", out)
    assert code == 0, err
    doc = docx.Document(str(out))
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in doc.tables[0].rows}
    rr = rows["Re-referrals within 12 months (%)"]
    assert rr[2] == "24.4%" and "▼ worse" in rr and "✖ missed" in rr       # 24.4 vs 21.0 and target 20
    assert rows["Children subject to a plan (number)"][2] == "298"    # at 31 March 2024, in 2023-24 as in the grid
    assert "Wrote 5 row(s)" in text


def test_xlsx_suppresses_small_numbers_by_default(capsys, tmp_path):
    import openpyxl
    out = tmp_path / "paper.xlsx"
    code, text, err = run(capsys, "summary", SAMPLE, *QUARTERS, "--out", out)
    assert code == 0, err
    assert "Suppressed 4 small number(s)" in text
    ws = openpyxl.load_workbook(str(out))["Table_1"]
    header = [c.value for c in ws[1]]
    v = header.index("Value")
    counts = {r[1].value: r[v].value for r in ws.iter_rows(min_row=2)
              if r[0].value == "Plans starting within 2 years of a previous plan (number)"}
    assert counts == {"Q1 2023-24": 6, "Q2 2023-24": "[c]", "Q3 2023-24": 9, "Q4 2023-24": "[c]"}


def test_no_suppress_publishes_with_a_warning(capsys, tmp_path):
    out = tmp_path / "paper.csv"
    code, _, err = run(capsys, "summary", SAMPLE, *QUARTERS, "--no-suppress", "--layout", "committee", "--out", out)
    assert code == 0
    assert "published as they are" in err
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig", newline="")))
    counts = [r["Value"] for r in rows if r["Indicator"] == "Plans starting within 2 years of a previous plan (number)"]
    assert counts == ["6", "4", "9", "4"]


def test_threshold_option(capsys, tmp_path):
    out = tmp_path / "s.json"
    code, text, _ = run(capsys, "summary", SAMPLE, *QUARTERS, "--threshold", "6", "--out", out)
    assert code == 0 and "Suppressed" in text
    data = json.loads(out.read_text(encoding="utf-8"))
    vals = {r["period"]: r["value"] for r in data["rows"] if r["indicator_id"] == "cpp_repeat_2yrs_count"}
    assert vals == {"Q1 2023-24": "[c]", "Q2 2023-24": "[c]", "Q3 2023-24": 9, "Q4 2023-24": "[c]"}


def test_hostile_labels_are_escaped_in_csv_and_xlsx(capsys, tmp_path, hostile_csv):
    import openpyxl
    csv_out, xlsx_out = tmp_path / "o.csv", tmp_path / "o.xlsx"
    code, _, err = run(capsys, "summary", hostile_csv, "--layout", "committee", "--out", csv_out)
    assert code == 0, err
    rows = list(csv.reader(csv_out.open(encoding="utf-8-sig", newline="")))
    names = [r[0] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in names and "'+cmd|' /C calc'!A0" in names
    started = next(r for r in rows if r[0] == "Plans starting (number)")
    assert started[2] == "[c]"                                             # 4 plans: suppressed
    code, _, err = run(capsys, "summary", hostile_csv, "--out", xlsx_out)
    assert code == 0, err
    ws = openpyxl.load_workbook(str(xlsx_out))["Table_1"]
    cells = [r[0] for r in ws.iter_rows(min_row=2)]
    assert {c.value for c in cells} >= {"'=HYPERLINK(\"http://x\",\"y\")", "'+cmd|' /C calc'!A0"}
    assert all(c.data_type == "s" for c in cells)


def test_html_and_pdf(capsys, tmp_path, qapp):
    for name in ("p.html", "p.pdf"):
        code, _, err = run(capsys, "summary", SAMPLE, "--out", tmp_path / name)
        assert code == 0, err
    assert 'lang="en-GB"' in (tmp_path / "p.html").read_text(encoding="utf-8")
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")


def test_commentary_file(capsys, tmp_path):
    notes = tmp_path / "commentary.json"
    notes.write_text(json.dumps({"rereferral_12m_pct": "=1+1 is not a formula here"}), encoding="utf-8")
    out = tmp_path / "c.csv"
    code, _, err = run(capsys, "summary", SAMPLE, "--period", "2023-24", "--commentary", notes,
                       "--layout", "committee", "--out", out)
    assert code == 0, err
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig", newline="")))
    rr = next(r for r in rows if r["Indicator"] == "Re-referrals within 12 months (%)")
    assert rr["Commentary"] == "'=1+1 is not a formula here"


def test_file_open_in_excel_leaves_the_old_file_and_says_so(capsys, tmp_path, monkeypatch):
    out = tmp_path / "paper.xlsx"
    out.write_bytes(b"the committee's previous version")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))
    monkeypatch.setattr(os, "replace", locked)
    code, _, err = run(capsys, "summary", SAMPLE, "--out", out)
    assert code == 3
    assert "paper.xlsx" in err and "Close it" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert out.read_bytes() == b"the committee's previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["paper.xlsx"]           # no temporary file left behind


def test_unsupported_extension_and_bad_threshold(capsys, tmp_path):
    code, _, err = run(capsys, "summary", SAMPLE, "--out", tmp_path / "x.odt")
    assert code == 3 and ".odt" in err
    code, _, err = run(capsys, "summary", SAMPLE, "--threshold", "0", "--out", tmp_path / "x.csv")
    assert code == 3 and "--threshold" in err


def test_chart_option_reaches_the_chart_exporter(capsys, tmp_path, monkeypatch):
    import sys
    import types
    calls = []
    fake = types.ModuleType("cpdesk.ui.chart_export")
    fake.export_chart = lambda obs, cat, area, ind, path, width, dpi: calls.append((area, ind, str(path), width, dpi))
    monkeypatch.setitem(sys.modules, "cpdesk.ui.chart_export", fake)
    out = tmp_path / "trend.png"
    code, text, err = run(capsys, "summary", SAMPLE, "--chart", "rereferral_12m_pct", "--width", "1200",
                          "--dpi", "120", "--out", out)
    assert code == 0, err
    assert calls == [("Local authority", "rereferral_12m_pct", str(out), 1200, 120)]
    code, _, err = run(capsys, "summary", SAMPLE, "--chart", "nope", "--out", out)
    assert code == 3 and "nope" in err
    code, _, err = run(capsys, "summary", SAMPLE, "--chart", "rereferral_12m_pct", "--out", tmp_path / "t.docx")
    assert code == 3 and ".png" in err


def test_chart_png_through_the_real_exporter(capsys, tmp_path, qapp):
    out = tmp_path / "trend.png"
    code, _, err = run(capsys, "summary", SAMPLE, "--chart", "rereferral_12m_pct", "--width", "800", "--dpi", "100",
                       "--out", out)
    assert code == 0, err
    raw = out.read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(raw[16:20], "big") == 800                       # the width asked for


def test_word_defaults_to_the_trend_layout_with_charts_and_a_whole_paper(capsys, tmp_path, qapp):
    import docx
    out = tmp_path / "trend.docx"
    code, text, err = run(capsys, "summary", SAMPLE, "--compare", "neighbours", "--by", "year", "--last", "3",
                          "--paper", "--out", out)
    assert code == 0, err
    assert "Wrote the trend layout" in text
    doc = docx.Document(str(out))
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header[:4] == ["Indicator", "2021/22", "2022/23", "2023/24"]
    assert "vs neighbours" in header
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 2"][:2] == ["Summary", "The figures"]
    assert len(doc.inline_shapes) >= 1


@pytest.mark.parametrize("layout", ["areas", "scorecard"])
def test_other_layouts_from_the_command_line(capsys, tmp_path, qapp, layout):
    out = tmp_path / f"{layout}.pdf"
    code, text, err = run(capsys, "summary", SAMPLE, "--layout", layout, "--out", out)
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF") and f"Wrote the {layout} layout" in text


def test_no_national_leaves_the_built_in_figures_out(capsys, tmp_path, monkeypatch):
    import cpdesk.session as session
    calls = []
    real = session.open_session
    monkeypatch.setattr(session, "open_session", lambda *a, **k: calls.append(k) or real(*a, **k))
    code, _, err = run(capsys, "summary", SAMPLE, "--no-national", "--out", tmp_path / "n.csv")
    assert code == 0, err
    assert calls[-1]["national"] is False


def test_la_names_the_files_authority_and_no_national_still_leaves_its_figures_out(capsys, tmp_path):
    out = tmp_path / "bath.csv"
    code, text, err = run(capsys, "summary", REPO / "tests" / "fixtures" / "seeds" / "bathnes_cp_activity.xlsx",
                          "--la", "Bath and North East Somerset", "--no-national", "--layout", "scorecard",
                          "--out", out)
    assert code == 0, err
    assert "for Bath and North East Somerset (1 table(s), 7 row(s)" in text
    header = next(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert header[1:4] == ["2009/10 England", "2009/10 Statistical neighbours", "2009/10 Actual"]
