"""``cpdesk inspect`` says, per table and per file, "N of M value cells read" and lists the rest."""
from __future__ import annotations

import json

from openpyxl import Workbook

from cpdesk.cli import main


def _workbook(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "KPIs"
    for row in (["Children's services scorecard"], [], ["Indicator", "Good is", "2019/20", "2020/21", "RAG"],
                ["% repeat plans", "Low", 20.1, "see note 3", "Amber"], ["No. CPP started", "-", 300, 320, ""]):
        ws.append(row)
    wb.save(path)
    return path


def test_inspect_text_counts_the_cells_read_and_names_the_rest(capsys, tmp_path):
    code = main(["inspect", str(_workbook(tmp_path / "kpis.xlsx"))])
    out = capsys.readouterr().out
    assert code == 0
    assert "kpis.xlsx: 3 value(s) in 1 table(s); 3 of 4 value cells read" in out
    assert "table KPIs#1 A3:E5 'Children's services scorecard': indicators down, periods across; 3 of 4 value cells read" in out
    assert "    not read: D4 'see note 3': text where a figure was expected" in out


def test_inspect_json_has_the_accounting_and_the_descriptions(capsys, tmp_path):
    code = main(["inspect", str(_workbook(tmp_path / "kpis.xlsx")), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    f = data["files"][0]
    assert (f["value_cells"], f["read_cells"]) == (4, 3)
    table = f["tables"][0]
    assert (table["value_cells"], table["read_cells"], table["n_left_out"]) == (4, 3, 1)
    assert table["left_out"] == [{"cell": "D4", "text": "see note 3", "reason": "text where a figure was expected"}]
    assert {(d["kind"], d["text"], d["cell"]) for d in f["descriptions"]} >= {("polarity", "Low", "B4"), ("rag", "Amber", "E4")}
    latest = next(o for o in data["observations"] if o["cell"] == "C4")
    assert "council RAG: Amber" in latest["note"]
