"""The indicator grid (domain): layout, judgements, colours, symbols, tooltips and provenance."""
from __future__ import annotations

import numpy as np
import pandas as pd

from cpdesk.catalogue import default_catalogue
from cpdesk.grid import GridOptions, build_grid, bucket, choose_granularity
from cpdesk.observations import to_frame
from cpdesk.periods import month, quarter, snapshot
from cpdesk.presentation import palette
from cpdesk.workspace import Workspace
from tests.grid_fixtures import obs, repeat_plans_frame


def _row(grid, key):
    return next(i for i, r in enumerate(grid.rows) if r.key == key)


def _col(grid, label):
    return next(i for i, c in enumerate(grid.columns) if c.label == label)


def test_layout_groups_periods_then_comparators():
    g = build_grid(repeat_plans_frame(), options=GridOptions(area="Barsetshire"))
    assert g.granularity == "years"
    assert [c.label for c in g.columns] == ["2021-22", "2022-23", "2023-24", "England", "Neighbours", "Target"]
    assert [c.name for c in g.columns][3:] == ["England", "Statistical neighbours", "Target"]
    assert [c.frozen for c in g.columns] == [False] * 3 + [True] * 3
    kinds = [(r.kind, r.key) for r in g.rows]
    assert kinds[0] == ("group", "repeat")
    groups = [r.name for r in g.rows if r.kind == "group"]
    assert groups == ["Repeat plans", "Timeliness", "Activity", "Not recognised (map these in Sources)"]
    assert g.rows[-1].key == "label:Children seen alone"


def test_judgement_against_england_uses_wilson_interval():
    g = build_grid(repeat_plans_frame(), options=GridOptions(area="Barsetshire"))
    r = _row(g, "cpp_repeat_ever_pct")
    c21, c23 = g.cell(r, _col(g, "2021-22")), g.cell(r, _col(g, "2023-24"))
    # 20% of 200: interval 15.0-26.1 contains England's 23 -> similar
    assert c21.state == "similar" and c21.text == "20.0% ●"
    # 2 of 20 is small numbers; interval 2.8-30.1 contains 23 -> similar, improving since 18%
    assert c23.state == "similar" and c23.small and c23.direction == "improving"
    assert c23.text == "10.0% ↗ † ●"
    assert c23.background == palette()["states"]["similar"]["background"]
    assert c23.interval[0] < 23 < c23.interval[1]
    tip = c23.tooltip
    assert "Numerator / denominator: 2 / 20" in tip
    assert "Compared with England 2023-24: 23.0%: ● similar" in tip
    assert "Source: f.xlsx › S › D2" in tip
    assert "Small numbers" in tip
    assert c23.accessible == ("Child protection plans that were a second or subsequent plan (%), 2023-24: 10.0%, "
                             "similar to England, improving, small numbers")


def test_comparator_switch_changes_judgements():
    frame = repeat_plans_frame()
    england = build_grid(frame, options=GridOptions(area="Barsetshire", comparator="england"))
    icpc = england.cell(_row(england, "icpc_15wd_pct"), _col(england, "2023-24"))
    assert icpc.state == "similar"  # 80 vs 78 within 5% with no denominator
    nbrs = build_grid(frame, options=GridOptions(area="Barsetshire", comparator="neighbours"))
    cell = nbrs.cell(_row(nbrs, "cpp_repeat_ever_pct"), _col(nbrs, "2023-24"))
    assert cell.comparator_value == 10.5 and cell.state == "similar"
    target = build_grid(frame, options=GridOptions(area="Barsetshire", comparator="target"))
    cell = target.cell(_row(target, "cpp_repeat_ever_pct"), _col(target, "2023-24"))
    # 10.0 against a target of 9.5 (lower is better): worse but within 10% -> amber
    assert cell.state == "amber" and cell.text.endswith(" ◆") and "◆ near" in cell.tooltip
    assert cell.background == palette()["states"]["amber"]["background"]
    tight = build_grid(frame, options=GridOptions(area="Barsetshire", comparator="target",
                                                  targets={"cpp_repeat_ever_pct": 8.0}))
    assert tight.cell(_row(tight, "cpp_repeat_ever_pct"), _col(tight, "2023-24")).state == "red"


def test_no_polarity_is_neutral_with_up_down_direction():
    g = build_grid(repeat_plans_frame(), options=GridOptions(area="Barsetshire"))
    cell = g.cell(_row(g, "cpp_open_count"), _col(g, "2023-24"))
    assert cell.state == "not_compared" and cell.background is None
    assert cell.direction == "up" and cell.text == "300 ↑"


def test_polarity_override_from_workspace_changes_the_judgement():
    ws = Workspace(polarity={"icpc_15wd_pct": "lower"}, tolerances={"icpc_15wd_pct": {"tolerance_pct": 1.0}})
    g = build_grid(repeat_plans_frame(), ws.catalogue(), GridOptions(area="Barsetshire"))
    assert g.cell(_row(g, "icpc_15wd_pct"), _col(g, "2023-24")).state == "worse"


def test_quarters_fall_back_to_the_comparators_year():
    g = build_grid(repeat_plans_frame(), options=GridOptions(area="Barsetshire", granularity="quarters"))
    # the years that ended by the latest quarter stand beside it, then the quarter
    assert [(c.label, c.granularity) for c in g.columns][:3] == [("2021-22", "years"), ("2022-23", "years"),
                                                                ("Q1 2023-24", "quarters")]
    assert g.up_to == "Q1 2023-24" and g.up_to_choices == ["Q1 2023-24"]
    cell = g.cell(_row(g, "cpp_repeat_ever_pct"), 2)
    assert cell.comparator_value == 23.0 and "England 2023-24" in cell.comparator_label
    assert cell.state == "better"  # 12 vs 23 with no denominator: beyond 5%


def test_latest_n_and_rank_column():
    ranks = pd.DataFrame({"indicator": ["cpp_repeat_ever_pct"], "period_end": [pd.Timestamp("2024-03-31")],
                          "rank": [12], "of": [152], "band": ["A"]})
    g = build_grid(repeat_plans_frame(), options=GridOptions(area="Barsetshire", latest_n=2), rank_table=ranks)
    assert [c.label for c in g.columns] == ["2022-23", "2023-24", "England", "Neighbours", "Target", "Rank"]
    r = _row(g, "cpp_repeat_ever_pct")
    assert g.cell(r, 5).text == "12 of 152 (A)" and g.cell(r, 1).rank == "12 of 152 (A)"
    assert g.cell(r, 2).text == "23.0%"
    # the target column judges the latest value against its target: 10.0 vs 9.5, lower is better, within 10%
    assert g.cell(r, 4).text == "9.5% ◆ near" and g.cell(r, 4).target_state == "amber"
    assert g.cell(r, 4).background == palette()["states"]["amber"]["background"]


def test_bucketing_snapshots_and_granularity_choice():
    frame = to_frame([
        obs("cpp_open_count", "A", "la", snapshot(pd.Timestamp("2024-03-31").date()), 10.0),
        obs("cpp_open_count", "A", "la", snapshot(pd.Timestamp("2024-02-15").date()), 11.0),
        obs("cpp_open_count", "A", "la", month(2024, 1), 12.0),
        obs("cpp_open_count", "A", "la", quarter(2024, 3), 13.0),
    ])
    ok_y, _ = bucket(frame, "years")
    ok_q, _ = bucket(frame, "quarters")
    ok_m, _ = bucket(frame, "months")
    ok_s, _ = bucket(frame, "snapshots")
    assert ok_y.tolist() == [True, False, False, False]
    assert ok_q.tolist() == [True, False, False, True]
    assert ok_m.tolist() == [True, False, True, False]
    assert ok_s.tolist() == [True, True, False, False]
    # one indicator each way: the snapshots (two, one of them at 31 March) reach the latest date
    assert choose_granularity(frame, "A") == "snapshots"


def test_user_file_wins_over_built_in_figures_for_the_same_cell():
    frame = repeat_plans_frame()
    national = frame.iloc[[2]].copy()
    national["value"] = 99.0
    national["table"] = "national"
    g = build_grid(pd.concat([national, frame], ignore_index=True), options=GridOptions(area="Barsetshire"))
    assert g.cell(_row(g, "cpp_repeat_ever_pct"), _col(g, "2023-24")).value == 10.0


def test_grid_over_a_large_frame_is_vectorised():
    n = 30_000
    base = repeat_plans_frame()
    big = base.iloc[np.arange(n) % len(base)].reset_index(drop=True)
    g = build_grid(big, default_catalogue(), GridOptions(area="Barsetshire"))
    assert g.shape[1] == 6 and g.cell(_row(g, "cpp_repeat_ever_pct"), 2).value == 10.0


def test_a_comparator_role_without_figures_keeps_its_display_name():
    """England chosen (the default) when no England figures are loaded: the column is
    'England', as it is when they are; another area's name is kept as written."""
    frame = repeat_plans_frame()
    frame = frame[frame["area_role"] != "england"]
    g = build_grid(frame, options=GridOptions(area="Barsetshire"))
    england = next(c for c in g.columns if c.key == "england")
    assert (england.label, england.name, england.kind) == ("England", "England", "comparator")
    other = build_grid(frame, options=GridOptions(area="Barsetshire", comparator="Wessex"))
    assert [c.label for c in other.columns if c.key == "wessex"] == ["Wessex"]
