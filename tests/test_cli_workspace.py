"""``cpdesk summary --workspace FILE``: a saved workspace's set-up from the command line.

Its comparison groups, targets, label mappings and choices are used, its files when no
FILE is named; the workspace file itself is only read.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest

from cpdesk.benchmarks.groups import check_groups
from cpdesk.cli import main
from cpdesk.workspace import Workspace, save_workspace

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
HUDDLE = "Children discussed at the weekly MASH huddle"


@pytest.fixture
def saved(tmp_path):
    """A workspace as the window saves it: Warwickshire's paper and a sheet of the council's own
    figures, a comparison group chosen as the comparator, a target and a label mapped."""
    paper = tmp_path / "warwickshire_cp_update.xlsx"
    shutil.copy(SEEDS / paper.name, paper)
    own = tmp_path / "local_figures.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Indicator", "2019-20"])
    wb.active.append([HUDDLE, 312])
    wb.save(own)
    ws = Workspace(sources=[str(paper), str(own)], la_code="937", la_name="Warwickshire", area="Warwickshire",
                   comparator="Core cities", targets={"cpp_repeat_ever_pct": 18.0},
                   groups=check_groups([{"name": "Core cities", "members": ["Birmingham", "Leeds", "Bristol"]}]))
    ws.map_label(HUDDLE, name="MASH huddle discussions", polarity="none", unit="count")
    return save_workspace(ws, tmp_path / "quarterly.cpdesk")


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {r["indicator"]: r for r in csv.DictReader(fh)}


def test_the_workspaces_group_targets_and_mappings_are_in_the_summary(saved, tmp_path, capsys):
    before = (saved.read_bytes(), saved.stat().st_mtime_ns)
    out = tmp_path / "summary.csv"
    assert main(["summary", "--workspace", str(saved), "--out", str(out)]) == 0
    assert "for Warwickshire, 2019-20, compared with Core cities" in capsys.readouterr().out
    rows = _rows(out)
    repeat = rows["Child protection plans that were a second or subsequent plan (%)"]
    assert (repeat["value"], repeat["comparator"], repeat["comparator_value"]) == ("23.8", "Core cities", "24.8")
    assert (repeat["target"], repeat["vs_target"]) == ("18.0", "red")
    assert rows["MASH huddle discussions"]["value"] == "312.0"           # the label as the workspace maps it
    assert (saved.read_bytes(), saved.stat().st_mtime_ns) == before       # only read
    assert sorted(p.name for p in tmp_path.iterdir()) == ["local_figures.xlsx", "quarterly.cpdesk", "summary.csv",
                                                          "warwickshire_cp_update.xlsx"]


def test_files_and_compare_given_on_the_line_take_precedence(saved, tmp_path, capsys):
    out = tmp_path / "summary.csv"
    paper = tmp_path / "warwickshire_cp_update.xlsx"
    assert main(["summary", str(paper), "--workspace", str(saved), "--compare", "england", "--out", str(out)]) == 0
    rows = _rows(out)
    repeat = rows["Child protection plans that were a second or subsequent plan (%)"]
    assert (repeat["comparator"], repeat["comparator_value"], repeat["target"]) == ("England", "21.9", "18.0")
    assert "MASH huddle discussions" not in rows                          # that file was not named


def test_without_files_or_a_workspace_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["summary", "--out", str(tmp_path / "s.csv")])
    assert stopped.value.code == 2
    assert "name the files to summarise, or a saved workspace with --workspace FILE" in capsys.readouterr().err


def test_a_damaged_workspace_is_one_sentence(tmp_path, capsys):
    bad = tmp_path / "broken.cpdesk"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["summary", "--workspace", str(bad), "--out", str(tmp_path / "s.csv")]) == 3
    err = capsys.readouterr().err
    assert err.startswith("cpdesk: ") and "damaged" in err and "Traceback" not in err
