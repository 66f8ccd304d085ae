"""One home for the shared words: the grid, summary, trends and window spell them the same way."""
from __future__ import annotations

import pandas as pd

from cpdesk import vocabulary as v
from cpdesk.observations import empty_frame


def test_comparator_roles_have_an_id_a_name_and_a_short_name_and_every_user_agrees():
    from cpdesk import grid, grid_types, summary, trends
    assert [r.id for r in v.COMPARATOR_ROLES] == ["england", "neighbours", "region", "target"]
    assert v.comparator_role("Statistical neighbours").id == "neighbours"
    assert v.comparator_role("  NEIGHBOURS ").short == "Neighbours"
    assert v.comparator_role("Camden") is None and v.comparator_role(None) is None
    assert grid_types.COMPARATOR_NAMES is v.COMPARATOR_NAMES
    assert grid.ROLE_COMPARATORS == summary.COMPARATORS == tuple(v.COMPARATOR_NAMES)
    assert all(trends.ROLE_NAMES[r] == v.COMPARATOR_NAMES[r] for r in trends.ROLE_NAMES)
    assert set(v.NATIONAL_ROLES) < set(v.COMPARATOR_NAMES) <= set(v.AREA_ROLES) | {"target"}


def test_granularities_and_the_kinds_of_period_they_show():
    assert v.GRANULARITIES == tuple(v.GRANULARITY_KINDS)
    assert [v.granularity_of(k) for k in ("year", "quarter", "month", "snapshot", "rolling")] == ["years", "quarters", "months", "snapshots", None]
    assert list(v.GRANULARITY_NAMES) == ["auto", *v.GRANULARITIES]


def test_row_keys_for_indicators_and_unrecognised_labels():
    assert v.row_key("icpc_15wd_pct", "ICPC in 15 days") == "icpc_15wd_pct"
    assert v.row_key(None, "Seen alone") == "label:Seen alone" and v.row_key("", "Seen alone") == "label:Seen alone"
    assert v.is_label_key("label:Seen alone") and not v.is_label_key("icpc_15wd_pct")
    assert v.label_of_key("label:Seen alone") == "Seen alone" and v.label_of_key("icpc_15wd_pct") == "icpc_15wd_pct"


def _obs(rows):
    base = empty_frame()
    df = pd.DataFrame({c: [None] * len(rows) for c in base.columns})
    for col in ("indicator", "label", "area", "value", "table"):
        df[col] = [r[col] for r in rows]
    return df


def test_national_figures_and_which_indicators_an_area_has():
    obs = _obs([
        {"indicator": "icpc_15wd_pct", "label": "ICPC", "area": "Camden", "value": 80.0, "table": "own#1"},
        {"indicator": None, "label": "Seen alone", "area": "Camden", "value": 71.0, "table": "own#1"},
        {"indicator": "s47_count", "label": "S47", "area": "Camden", "value": None, "table": "own#1"},
        {"indicator": "cpp_rate_per_10k", "label": "Rate", "area": "England", "value": 40.0, "table": v.NATIONAL_TABLE},
        {"indicator": "icpc_15wd_pct", "label": "ICPC", "area": "Camden", "value": 82.0, "table": v.NATIONAL_TABLE},
    ])
    assert list(v.is_national(obs)) == [False, False, False, True, True]
    assert v.row_keys(obs).tolist() == ["icpc_15wd_pct", "label:Seen alone", "s47_count", "cpp_rate_per_10k",
                                        "icpc_15wd_pct"]
    assert v.indicators_of_area(obs, "Camden") == ["icpc_15wd_pct", "label:Seen alone"]   # no value, no indicator
    assert v.indicators_of_area(obs, "Atlantis") == []
