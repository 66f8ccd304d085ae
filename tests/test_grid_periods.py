"""The grid follows the periods the user brought: the seed papers' own tables beside the built-in figures.

Each seed's figures (tests/fixtures/seeds/expected_figures.csv, as the analyst's spreadsheet
gives them) are put in a Qt-free session with the built-in national figures of the paper's
authority, as the window does when the spreadsheet is dropped on it.
"""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from cpdesk.grid import GridOptions, build_grid
from cpdesk.session import Session
from tests.grid_fixtures import obs, repeat_plans_frame
from tests.seed_papers import seed_observations

from cpdesk.observations import to_frame
from cpdesk.periods import financial_year, quarter, snapshot

LA = {"warwickshire": "Warwickshire", "wokingham": "Wokingham", "herefordshire": "Herefordshire",
      "bathnes": "Bath and North East Somerset", "trafford": "Trafford"}


def seed_session(seed: str) -> Session:
    """A session with the seed's authority chosen and the seed's own figures loaded."""
    s = Session()
    s.set_la(LA[seed])
    frame = seed_observations(seed)
    la_name = s.workspace.la_name
    frame = frame.assign(area=frame["area"].replace({LA[seed]: la_name}))
    s.add_loaded(f"/data/{seed}.xlsx", SimpleNamespace(observations=frame, tables=[], warnings=[], unrecognised=[],
                                                       hidden_sheets=[], records=None))
    return s


@pytest.fixture(scope="module")
def warwickshire():
    return seed_session("warwickshire")


def _row(grid, key):
    return next(i for i, r in enumerate(grid.rows) if r.key == key)


def _col(grid, label):
    return next(i for i, c in enumerate(grid.columns) if c.label == label)


def _cell(grid, key, label):
    return grid.cell(_row(grid, key), _col(grid, label))


def test_a_yearly_workbook_shows_its_own_years_beside_the_comparators(warwickshire):
    g = warwickshire.grid()
    assert g.granularity == "years" and g.up_to == "2019-20"
    periods = g.period_labels()
    # the council's own years (Table 7's first snapshot is at 31 March 2015), not the built-in 2020-21 to 2024-25
    assert periods == ["2014-15", "2015-16", "2016-17", "2017-18", "2018-19", "2019-20"]
    assert [c.label for c in g.columns if c.frozen][:3] == ["England", "Neighbours", "Region"]
    # Table 3: ICPCs within 15 working days, the file's own figure beside England and the neighbours
    icpc = _cell(g, "icpc_15wd_pct", "2018-19")
    assert icpc.value == 83.1 and icpc.source.startswith("warwickshire_cp_update.xlsx")
    assert "2024-25" in g.up_to_choices and "Figures continue to 2024-25" in g.note
    assert "quarters" in g.note and "choose them under Periods" in g.note


def test_choosing_up_to_shows_the_built_in_years(warwickshire):
    s = seed_session("warwickshire")
    s.set_options(up_to="2024-25")
    g = s.grid()
    assert g.up_to == "2024-25" and g.period_labels()[-1] == "2024-25"
    assert s.workspace.up_to == "2024-25"
    s.set_options(latest_n=10)
    assert s.grid().period_labels()[0] == "2015-16" and len(s.grid().period_labels()) == 10


def test_quarters_of_a_yearly_workbook_with_its_years_beside(warwickshire):
    s = seed_session("warwickshire")
    s.set_options(granularity="quarters")
    g = s.grid()
    quarters = [c.label for c in g.columns if c.kind == "period" and c.granularity == "quarters"]
    years = [c.label for c in g.columns if c.kind == "period" and c.granularity == "years"]
    assert quarters[-1] == "Q1 2020-21" and "Q4 2019-20" in quarters
    assert years == ["2018-19", "2019-20"] and g.period_labels()[:2] == years
    # Table 5: months between plans, the quarter's own figure
    assert _cell(g, "months_between_plans_avg", "Q1 2020-21").value is not None


def test_a_quarterly_workbook_shows_its_quarters_and_years_beside():
    g = seed_session("wokingham").grid()
    assert g.granularity == "quarters" and g.up_to == "Q3 2020-21"
    assert g.period_labels() == ["2018-19", "2019-20", "Q4 2019-20", "Q1 2020-21", "Q2 2020-21", "Q3 2020-21"]
    q3 = _cell(g, "cpp_repeat_ever_pct", "Q3 2020-21")
    q2 = _cell(g, "cpp_repeat_ever_pct", "Q2 2020-21")
    assert q3.direction == "worsening" and q3.previous == q2.value and q3.previous_period == "Q2 2020-21"
    # the year to date is not laid out beside whole years, and the note says where it is
    assert "year to date" in g.note and "Raw data" in g.note


def test_a_snapshot_file_shows_its_one_figure_and_says_what_would_compare_it():
    g = seed_session("herefordshire").grid()
    assert g.granularity == "snapshots" and g.up_to == "25 Jun 2018"
    assert "snapshots" in g.granularities
    cell = _cell(g, "cpp_open_count", "25 Jun 2018")
    assert cell.value == 172 and cell.text == "172"
    assert g.note.startswith("Your files give one figure for one date only (25 Jun 2018: ")
    assert "add the same figure for an earlier date" in g.note and "rate per 10,000" in g.note
    # the years beside it are the built-in figures at 31 March
    years = [c.label for c in g.columns if c.kind == "period" and c.granularity == "years"]
    assert years == ["2016-17", "2017-18"] and _cell(g, "cpp_open_count", "2017-18").value is not None


def test_counts_are_not_compared_with_national_totals():
    g = seed_session("herefordshire").grid()
    r = _row(g, "cpp_open_count")
    england, neighbours = g.cell(r, _col(g, "England")), g.cell(r, _col(g, "Neighbours"))
    assert england.value is None and england.text == "" and "not comparable" in england.accessible
    assert neighbours.value is not None          # the neighbours' mean count is of the same scale


def test_targets_per_year_from_the_plan_and_both_judgements():
    """Bath & NE Somerset: the Plan differs by year; repeat plans judged against England and the Plan at once."""
    s = seed_session("bathnes")
    g = s.grid()
    assert g.granularity == "quarters" and g.up_to == "Q2 2011-12"
    key = "cpp_repeat_ever_pct"
    y2010 = _cell(g, key, "2010-11")
    assert y2010.value == 23.5 and y2010.target == 10 and y2010.target_state == "red"   # "off target"
    assert y2010.state == "worse" and y2010.comparator_value == 13   # England 2009-10 ("above national")
    q2 = _cell(g, key, "Q2 2011-12")
    assert q2.target == 12 and q2.target_state == "red" and q2.direction == "improving"
    target = _cell(g, key, "Target")
    assert target.value == 12 and target.target_state == "red" and target.text == "12.0% ✖ missed"
    # a target set in cpdesk for one period wins over the file's for that period only
    s.set_indicator_settings(key, {"period_targets": {"Q2 2011-12": 18.0}})
    g = s.grid()
    assert _cell(g, key, "Q2 2011-12").target_state == "green"
    assert _cell(g, key, "Q1 2011-12").target == 12 and _cell(g, key, "Target").text == "18.0% ✔ met"
    assert s.indicator_settings(key) == {"period_targets": {"Q2 2011-12": 18.0}}


def test_own_figures_of_no_grid_period_are_never_silently_dropped():
    g = seed_session("trafford").grid()
    assert "rolling" in g.note and "Raw data" in g.note


def test_no_nan_or_none_in_rank_or_counts():
    ranks = pd.DataFrame({"indicator": ["cpp_repeat_ever_pct", "cpp_open_count"],
                          "period_end": [pd.Timestamp("2024-03-31")] * 2,
                          "rank": [12, 40], "of": [152, 152], "band": ["A", float("nan")]})
    frame = pd.concat([repeat_plans_frame(), to_frame([
        obs(None, "Barsetshire", "la", financial_year(2024), 1084.0, label="Total No. CP Starts"),
        obs(None, "Barsetshire", "la", financial_year(2023), 997.0, label="Total No. CP Starts")])], ignore_index=True)
    g = build_grid(frame, options=GridOptions(area="Barsetshire"), rank_table=ranks)
    assert _cell(g, "cpp_open_count", "Rank").text == "40 of 152"
    assert _cell(g, "label:Total No. CP Starts", "2023-24").text == "1,084 ↑"
    for line in g.cells:
        for c in line:
            for text in (c.text, c.tooltip, c.accessible, c.rank):
                assert "nan" not in text.lower().split() and "(nan)" not in text and "None" not in text, text


def test_snapshots_are_compared_only_with_earlier_dates():
    frame = to_frame([
        obs("cpp_open_count", "A", "la", snapshot(pd.Timestamp("2018-06-25").date()), 172.0),
        obs("cpp_open_count", "N", "neighbours", financial_year(2018), 150.0),
        obs("cpp_open_count", "N", "neighbours", financial_year(2019), 190.0),
    ])
    g = build_grid(frame, options=GridOptions(area="A", comparator="neighbours"))
    assert g.granularity == "snapshots"
    cell = _cell(g, "cpp_open_count", "Neighbours")
    assert cell.value == 150.0 and cell.period == "2017-18"


def test_quarters_beside_years_never_show_own_snapshots_twice():
    frame = to_frame([
        obs("cpp_open_count", "A", "la", quarter(2020, 3), 50.0),
        obs("cpp_open_count", "A", "la", quarter(2020, 4), 55.0),
        obs("cpp_rate_per_10k", "A", "la", snapshot(pd.Timestamp("2020-03-31").date()), 40.0),
        obs("cpp_repeat_ever_pct", "A", "la", financial_year(2019), 20.0),
    ])
    g = build_grid(frame, options=GridOptions(area="A"))
    assert g.granularity == "quarters"
    assert g.period_labels() == ["2018-19", "Q3 2019-20", "Q4 2019-20"]
    r = _row(g, "cpp_rate_per_10k")
    assert [c.value for c, col in zip(g.cells[r], g.columns) if col.kind == "period"] == [None, None, 40.0]


def _judgement_cases():
    """The authors' judgements of figures the grid lays out (Trafford's ten-month figure is a rolling period)."""
    import csv
    from pathlib import Path
    path = Path(__file__).parent / "fixtures" / "seeds" / "expected_judgements.csv"
    out = []
    for r in csv.DictReader(path.open(encoding="utf-8")):
        start, end = pd.Timestamp(r["period_start"]), pd.Timestamp(r["period_end"])
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        granularity = "snapshots" if start == end else {3: "quarters", 12: "years", 1: "months"}.get(months)
        if granularity:
            out.append(pytest.param(r, granularity, id=f"{r['file']}/{r['indicator']}/{r['period_start']}/{r['kind']}-"
                                                        f"{r['other_role']}"))
    return out


_SESSIONS: dict = {}


@pytest.mark.parametrize("case,granularity", _judgement_cases())
def test_the_grid_judges_as_the_papers_authors_did(case, granularity):
    from cpdesk.grid import column_label
    seed = case["file"].split("_")[0]
    s = _SESSIONS.setdefault(seed, seed_session(seed))
    end = pd.Timestamp(case["period_end"])
    s.set_options(granularity=granularity, comparator=case["other_role"] if case["kind"] == "comparator" else "england",
                  up_to=column_label(end, granularity))
    g = s.grid()
    col = next(i for i, c in enumerate(g.columns) if c.kind == "period" and c.granularity == granularity and c.end == end)
    cell = g.cell(_row(g, case["indicator"]), col)
    got = {"comparator": cell.state, "target": cell.target_state, "direction": cell.direction}[case["kind"]]
    expected = case["expected"]
    assert got in (("amber", "red") if expected == "off_target" else (expected,)), (case["authors_words"], cell)
