"""Exporting a year takes the 31 March snapshots the grid shows under it.

A council scorecard gives activity by year and caseload "at 31 March"; the grid shows the
31 March 2024 figures under 2023-24, so the export of 2023-24 has them too (they were left out).
"""
from __future__ import annotations

import csv

import openpyxl
import pytest

from cpdesk.cli import main
from cpdesk.grid import GridOptions, build_grid
from cpdesk.importing.importer import import_file

RATE = "Children subject to a plan per 10,000 aged 0-17"
COUNT = "Children subject to a plan (number)"


@pytest.fixture
def scorecard(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Scorecard"
    ws.append(["Indicator", "2022-23", "2023-24"])
    ws.append(["Re-referrals within 12 months (%)", 21.0, 23.5])
    ws.append(["Initial child protection conferences within 15 working days (%)", 81.0, 77.2])
    ws.append([])
    ws.append(["Indicator", "31 March 2023", "30 September 2023", "31 March 2024"])
    ws.append(["Rate of children subject to a child protection plan per 10,000 children", 44.1, 47.9, 41.3])
    ws.append(["Number of children subject to a child protection plan", 410, 445, 384])
    path = tmp_path / "scorecard.xlsx"
    wb.save(path)
    return path


def _grid_column(path, label):
    g = build_grid(import_file(path).observations, options=GridOptions(granularity="years"))
    c = next(i for i, col in enumerate(g.columns) if col.label == label)
    return {r.name: g.cells[i][c].text.split()[0] for i, r in enumerate(g.rows)
            if r.kind != "group" and g.cells[i][c].text}


def test_the_exported_year_has_the_indicators_the_grid_shows_under_it(scorecard, tmp_path, capsys):
    out = tmp_path / "paper.xlsx"
    assert main(["summary", str(scorecard), "--period", "2023-24", "--out", str(out)]) == 0
    assert "Wrote 4 row(s)" in capsys.readouterr().out
    rows = list(openpyxl.load_workbook(out)["Table_1"].iter_rows(values_only=True))
    head = rows[0]
    table = {r[0]: dict(zip(head, r)) for r in rows[1:]}
    shown = _grid_column(scorecard, "2023-24")
    assert set(table) == set(shown)                                    # the same indicators as the grid's column
    assert table[RATE]["Period"] == table[COUNT]["Period"] == "2023-24"
    assert (table[RATE]["Value"], table[COUNT]["Value"]) == (41.3, 384)
    assert shown[RATE] == "41.3" and shown[COUNT] == "384"
    # compared with the previous 31 March, as the grid's previous column, not the September between
    assert (table[RATE]["Previous"], table[RATE]["Previous period"]) == (44.1, "31 Mar 2023")


def test_a_year_given_only_by_its_31_march_snapshots_can_be_chosen(tmp_path, capsys):
    wb = openpyxl.Workbook()
    wb.active.append(["Indicator", "31 March 2023", "30 September 2023", "31 March 2024"])
    wb.active.append(["Number of children subject to a child protection plan", 410, 445, 384])
    path, out = tmp_path / "caseload.xlsx", tmp_path / "summary.csv"
    wb.save(path)
    assert main(["summary", str(path), "--period", "2023-24", "--out", str(out)]) == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = {r["indicator"]: r for r in csv.DictReader(fh)}
    assert {k: (r["period"], r["value"], r["previous_period"]) for k, r in rows.items()} == {
        COUNT: ("2023-24", "384.0", "31 Mar 2023")}


def test_a_september_snapshot_is_not_in_any_year(scorecard, tmp_path, capsys):
    out = tmp_path / "summary.csv"
    assert main(["summary", str(scorecard), "--period", "30 September 2023", "--out", str(out)]) == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["indicator"]: r["value"] for r in rows} == {RATE: "47.9", COUNT: "445.0"}
