"""Sources ("file › sheet › B7") are made from the shared prefix and the cell where they are read.

The frame keeps ``source_prefix`` (one text object per table) beside ``cell``; a figure whose
source is not file, sheet and cell (built-in, computed) keeps its whole source there. The
expected texts below are those the code gave when every row held its source as a text.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt

from cpdesk import benchmarks as bm
from cpdesk.importing import frames
from cpdesk.importing.importer import import_file
from cpdesk.observations import (SEP, normalise_frame, row_source, source_prefix, source_text, source_texts,
                                 with_sources)
from cpdesk.session import Session
from cpdesk.workspace import load_workspace
from tests.records_helpers import plans_result

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "example_cp_performance.xlsx"
READ = "example_cp_performance.xlsx › Scorecard › B6"          # cpp_repeat_2yrs_pct, Q1 2023-24
BUILT_IN = "DfE open data › d3_cpps_subsequent_plan_2013_to_2025.csv › CPP_subsequent › 2023-24"
TIDY = "time_period,geographic_level,la_name,region_name,CPP_start,CPP_subsequent_percent\n" \
       "2021,Local authority,Leeds,Yorkshire,10,12.5\n2022,Local authority,Leeds,Yorkshire,11,\n"


def _one(obs, **where) -> pd.DataFrame:
    hit = obs
    for col, value in where.items():
        hit = hit[hit[col] == value]
    assert len(hit) == 1, where
    return hit


def test_whole_texts_given_by_a_producer_are_kept_exactly():
    given = pd.DataFrame({
        "source": ["f.xlsx › S › B7", "Built-in national data › mean of 3 authorities in 'x' › 2023-24",
                   "odd text", "B7", "", "data.csv › K2", "LAIT › CPP_rate › 2023-24"],
        "cell": ["B7", "", "B7", "B7", "B7", "K2", ""]})
    obs = normalise_frame(given.copy())
    assert "source" not in obs.columns
    assert list(obs["source_prefix"]) == ["f.xlsx › S › ", given["source"][1], "odd text", "B7", "", "data.csv › ",
                                          "LAIT › CPP_rate › 2023-24"]
    assert list(source_texts(obs)) == list(given["source"])
    assert [row_source(p, c) for p, c in zip(obs["source_prefix"], obs["cell"])] == list(given["source"])
    assert list(with_sources(obs.iloc[2:4])["source"]) == ["odd text", "B7"]


def test_prefix_agrees_with_source_text_for_every_shape_of_place():
    for file, sheet, cell in [("a.xlsx", "S", "B7"), ("a.csv", "a", "K2"), ("a.xlsx", "", "C3"), ("", "", "D4"),
                              ("a.xlsx", "S", ""), ("a – é.xlsx", "Sheet › 1", "AA10")]:
        assert row_source(source_prefix(file, sheet, cell), cell) == source_text(file, sheet, cell)


def test_a_read_figure_a_built_in_one_and_a_computed_one_keep_their_texts():
    read = import_file(SAMPLE).observations
    row = _one(read, indicator="cpp_repeat_2yrs_pct", period="Q1 2023-24", table="Scorecard#1")
    assert source_texts(row).iloc[0] == READ
    national = bm.national_observations("Barnet", indicators=["cpp_repeat_ever_count"], years=[2024])
    la = _one(national, area_role="la")
    assert source_texts(la).iloc[0] == BUILT_IN and la["source_prefix"].iloc[0] == BUILT_IN   # no cell part
    plans = [["K917", dt.date(2019, 1, 1), dt.date(2019, 6, 30), 0], ["K917", dt.date(2020, 3, 1), None, 1]]
    computed = plans_result(plans, by="year", area="Northshire", as_of=dt.date(2021, 3, 31)).observations
    assert set(source_texts(computed)) == {"test.xlsx › Plans › computed from 2 plan records"}


def test_two_files_concatenated_and_sent_from_the_reading_worker_keep_each_source(tmp_path):
    first, second = tmp_path / "cin.csv", tmp_path / "other – é.csv"
    first.write_text(TIDY, encoding="utf-8")
    second.write_text(TIDY.replace("Leeds", "York"), encoding="utf-8")
    a, b = import_file(first).observations, import_file(second).observations
    assert list(source_texts(a)) == ["cin.csv › E2", "cin.csv › E3", "cin.csv › F2"]
    both = normalise_frame(pd.concat([a, b], ignore_index=True))
    assert list(source_texts(both)) == list(source_texts(a)) + [f"other – é.csv › {c}" for c in b["cell"]]
    back = frames.loads(frames.dumps(both))
    assert list(source_texts(back)) == list(source_texts(both))
    prefixes = back["source_prefix"].to_numpy(dtype=object)
    assert len({id(p) for p in prefixes}) == 2 and all(p.endswith(SEP) for p in prefixes)


def test_a_saved_and_reopened_workspace_shows_the_same_sources(tmp_path):
    src = tmp_path / "example_cp_performance.xlsx"
    shutil.copy(SAMPLE, src)
    s = Session()
    s.set_la("Barnet")
    s.add_sources([src])
    before = source_texts(s.observations())
    assert READ in set(before) and BUILT_IN in set(before)
    assert {"label": "7. Children seen alone at every visit", "where": "example_cp_performance.xlsx › Scorecard › B10",
            "count": 8} in s.unrecognised_labels()
    s.save(tmp_path / "q3.cpdesk")
    again = Session()
    again.adopt(load_workspace(tmp_path / "q3.cpdesk"), str(tmp_path / "q3.cpdesk"))
    again.load_national(dirty=None)
    again.add_sources(again.workspace.sources)
    assert list(source_texts(again.observations())) == list(before)


def test_the_window_shows_a_read_and_a_built_in_figure_s_source_exactly(window, tmp_path):
    src = tmp_path / "example_cp_performance.xlsx"
    shutil.copy(SAMPLE, src)
    window.set_la("Barnet")
    window.load_paths_now([str(src)])
    g = window.session.grid()
    for key, column, text in (("cpp_repeat_2yrs_pct", "Q1 2023-24", READ), ("cpp_repeat_ever_count", "2023-24", BUILT_IN)):
        r = next(i for i, row in enumerate(g.rows) if row.key == key)
        c = next(i for i, col in enumerate(g.columns) if col.label == column)
        assert g.cells[r][c].source == text
        assert f"Source: {text}\n" in window.grid_view.model.index(r, c).data(Qt.ToolTipRole) + "\n"
    model = window.raw_view.model
    column = next(i for i in range(model.columnCount()) if model.headerData(i, Qt.Horizontal) == "Source")
    shown = {model.index(i, column).data() for i in range(model.rowCount())}
    assert {READ, BUILT_IN} <= shown
    model.set_filter("Scorecard › B6", column)          # the sources are made for every row here
    assert [model.index(i, column).data() for i in range(model.rowCount())] == [READ]
    model.set_filter("")
    model.sort(column, Qt.DescendingOrder)
    texts = [model.index(i, column).data() for i in range(model.rowCount())]
    assert texts == sorted(source_texts(window.session.observations()), reverse=True)


def test_a_whole_source_given_beside_a_prefix_wins_and_a_missing_one_keeps_the_prefix():
    frame = pd.DataFrame({"source_prefix": ["a.csv › ", "b.csv › "], "cell": ["K2", "K3"],
                          "source": ["changed › K2", None]})
    assert list(source_texts(normalise_frame(frame))) == ["changed › K2", "b.csv › K3"]
