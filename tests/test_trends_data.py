"""Trend series data (Qt-free): ordering, labels, gaps as NaN, covering values, targets, read-outs."""
from __future__ import annotations

import math

import numpy as np

from cpdesk.catalogue import default_catalogue
from cpdesk.observations import Observation, to_frame
from cpdesk.periods import financial_year, parse_period, quarter
from cpdesk.trends import available_granularities, build_trend, build_trends, format_value

CAT = default_catalogue()
LA = "Barnet"


def _obs(ind, area, role, period, value, source="book.xlsx › Sheet1 › B2"):
    return Observation(ind, "label", area, role, period, value, file="book.xlsx", sheet="Sheet1", cell=source[-2:])


def _annual_frame():
    rows = []
    # Local values for 2019-20, 2020-21, (2021-22 missing), 2022-23; given out of order.
    for end, v in ((2023, 21.4), (2020, 18.2), (2021, 20.1)):
        rows.append(_obs("cpp_repeat_ever_pct", LA, "la", financial_year(end), v))
    rows.append(_obs("cpp_repeat_ever_pct", LA, "la", financial_year(2022), None))  # suppressed: a gap
    for end, v in ((2020, 21.9), (2021, 22.1), (2022, 23.3), (2023, 23.6)):
        rows.append(_obs("cpp_repeat_ever_pct", "England", "england", financial_year(end), v))
    for end, v in ((2021, 21.5), (2023, 22.8)):
        rows.append(_obs("cpp_repeat_ever_pct", "Statistical neighbours", "neighbours", financial_year(end), v))
    rows.append(_obs("cpp_repeat_ever_pct", "London", "region", financial_year(2023), 20.0))
    rows.append(_obs("cpp_repeat_ever_pct", "Target", "target", financial_year(2023), 19.0))
    # Another authority's values must not appear.
    rows.append(_obs("cpp_repeat_ever_pct", "Camden", "la", financial_year(2023), 99.0))
    return to_frame(rows)


def test_annual_series_ordered_with_gaps_as_nan():
    t = build_trend(_annual_frame(), CAT, LA, "cpp_repeat_ever_pct")
    assert t.granularity == "year"
    assert t.periods == ["2019-20", "2020-21", "2021-22", "2022-23"]
    assert list(t.x) == [0.0, 1.0, 2.0, 3.0]
    assert list(t.series) == ["la", "neighbours", "region", "england", "target"]
    la = t.get("la")
    assert la.name == LA
    np.testing.assert_array_equal(la.values, [18.2, 20.1, np.nan, 21.4])
    assert la.points[2] is not None and la.points[2].value is None  # the row is there, the value is not
    np.testing.assert_array_equal(t.get("neighbours").values, [np.nan, 21.5, np.nan, 22.8])
    np.testing.assert_array_equal(t.get("england").values, [21.9, 22.1, 23.3, 23.6])
    np.testing.assert_array_equal(t.get("target").values, [np.nan, np.nan, np.nan, 19.0])
    assert t.get("region").name == "London"
    assert not np.any(t.get("la").values == 0)


def test_title_polarity_unit_and_provenance():
    t = build_trend(_annual_frame(), CAT, LA, "cpp_repeat_ever_pct")
    assert t.title == "Child protection plans that were a second or subsequent plan (%) (lower is better)"
    assert t.polarity_text == "lower is better"
    assert t.unit_label == "%"
    assert t.start_at_zero_default is False
    p = t.get("la").points[3]
    assert (p.period, p.value, p.source, p.partial) == ("2022-23", 21.4, "book.xlsx › Sheet1 › B2", False)


def test_readout_names_every_series_with_units():
    t = build_trend(_annual_frame(), CAT, LA, "cpp_repeat_ever_pct")
    assert t.readout(3) == ("2022-23 — Barnet: 21.4% · Statistical neighbours: 22.8% · London: 20.0% · "
                            "England: 23.6% · Target: 19.0%")
    assert t.readout(2) == "2021-22 — Barnet: no value · England: 23.3%"
    assert t.readout(3, roles=("la", "england")) == "2022-23 — Barnet: 21.4% · England: 23.6%"
    assert t.readout(9) == ""


def test_quarters_fill_missing_periods_and_annual_comparators_cover_them():
    rows = [_obs("icpc_15wd_pct", LA, "la", quarter(2024, q), v) for q, v in ((1, 73.0), (2, 75.5), (4, 78.0))]
    rows.append(_obs("icpc_15wd_pct", LA, "la", quarter(2025, 1), 84.0))
    rows.append(_obs("icpc_15wd_pct", "England", "england", financial_year(2024), 78.1))
    rows.append(_obs("icpc_15wd_pct", "Target", "target", financial_year(2025), 85.0))
    t = build_trend(to_frame(rows), CAT, LA, "icpc_15wd_pct")
    assert t.granularity == "quarter"
    assert t.periods == ["Q1 2023-24", "Q2 2023-24", "Q3 2023-24", "Q4 2023-24", "Q1 2024-25"]
    np.testing.assert_array_equal(t.get("la").values, [73.0, 75.5, np.nan, 78.0, 84.0])
    eng = t.get("england")
    np.testing.assert_array_equal(eng.values, [78.1, 78.1, 78.1, 78.1, np.nan])
    assert eng.stepped and eng.points[0].covering == "2023-24"
    assert eng.legend_name == "England (annual)"
    np.testing.assert_array_equal(t.get("target").values, [np.nan] * 4 + [85.0])
    assert t.readout(0) == "Q1 2023-24 — Barnet: 73.0% · England: 78.1% (2023-24 value)"
    assert not t.get("la").stepped


def test_year_to_date_is_a_partial_year():
    rows = [_obs("cpp_started_count", LA, "la", financial_year(2024), 200.0),
            _obs("cpp_started_count", LA, "la", parse_period("2024-25 (Q1+Q2+Q3)"), 150.0)]
    t = build_trend(to_frame(rows), CAT, LA, "cpp_started_count", granularity="year")
    assert t.periods == ["2023-24", "2024-25"]
    la = t.get("la")
    np.testing.assert_array_equal(la.values, [200.0, 150.0])
    assert list(la.partial) == [False, True]
    assert t.readout(1) == "2024-25 — Barnet: 150 (part period: 2024-25 (Q1+Q2+Q3))"
    assert t.start_at_zero_default is True
    assert t.y_range() == (0.0, 216.0)


def test_full_year_preferred_over_year_to_date_for_the_same_year():
    rows = [_obs("cpp_started_count", LA, "la", parse_period("2023-24 (Q1+Q2)"), 90.0),
            _obs("cpp_started_count", LA, "la", financial_year(2024), 200.0)]
    t = build_trend(to_frame(rows), CAT, LA, "cpp_started_count", granularity="year")
    assert t.periods == ["2023-24"] and t.get("la").values[0] == 200.0 and not t.get("la").partial[0]


def test_granularity_choice_and_last_n():
    rows = [_obs("icpc_15wd_pct", LA, "la", quarter(2024, q), 70.0 + q) for q in (1, 2, 3, 4)]
    rows.append(_obs("icpc_15wd_pct", LA, "la", financial_year(2024), 77.0))
    obs = to_frame(rows)
    assert available_granularities(obs, "icpc_15wd_pct", LA) == ["quarter", "year"]
    t = build_trend(obs, CAT, LA, "icpc_15wd_pct", granularity="year")
    assert t.periods == ["2023-24"] and list(t.get("la").values) == [77.0]
    t = build_trend(obs, CAT, LA, "icpc_15wd_pct", last_n=2)
    assert t.periods == ["Q3 2023-24", "Q4 2023-24"]


def test_ticks_thin_from_the_latest_period():
    rows = [_obs("icpc_15wd_pct", LA, "la", quarter(y, q), 70.0) for y in (2022, 2023, 2024) for q in (1, 2, 3, 4)]
    t = build_trend(to_frame(rows), CAT, LA, "icpc_15wd_pct")
    assert len(t.periods) == 12
    assert t.ticks(20) == [(float(i), p) for i, p in enumerate(t.periods)]
    assert t.ticks(3) == [(3.0, "Q4 2021-22"), (7.0, "Q4 2022-23"), (11.0, "Q4 2023-24")]
    assert t.ticks(6) == [(1.0, "Q2 2021-22"), (3.0, "Q4 2021-22"), (5.0, "Q2 2022-23"), (7.0, "Q4 2022-23"),
                          (9.0, "Q2 2023-24"), (11.0, "Q4 2023-24")]


def test_workspace_target_fills_periods_without_a_target():
    t = build_trends(_annual_frame(), CAT, LA, ["cpp_repeat_ever_pct"], targets={"cpp_repeat_ever_pct": 20.0})[0]
    np.testing.assert_array_equal(t.get("target").values, [20.0, 20.0, 20.0, 19.0])
    assert t.get("target").points[0].source == "target set in cpdesk"


def test_build_trends_matches_build_trend_and_handles_unknown_ids():
    obs = _annual_frame()
    many = build_trends(obs, CAT, LA, ["cpp_repeat_ever_pct", "icpc_15wd_pct"])
    one = build_trend(obs, CAT, LA, "cpp_repeat_ever_pct")
    np.testing.assert_array_equal(many[0].get("la").values, one.get("la").values)
    assert many[1].periods == [] and not many[1].has_values and many[1].y_range() is None


def test_area_defaults_to_the_authority_with_most_values():
    t = build_trend(_annual_frame(), CAT, None, "cpp_repeat_ever_pct")
    assert t.area == LA


def test_format_value_by_unit():
    assert format_value(9.06, CAT["cpp_repeat_ever_pct"]) == "9.1%"
    assert format_value(45.26, CAT["cpp_rate_per_10k"]) == "45.3 per 10,000"
    assert format_value(1234.0, CAT["cpp_open_count"]) == "1,234"
    assert format_value(float("nan"), None) == "no value"
    assert math.isnan(build_trend(_annual_frame(), CAT, LA, "cpp_repeat_ever_pct").get("region").values[0])


def test_empty_frame_gives_an_empty_trend():
    t = build_trend(to_frame([]), CAT, LA, "cpp_repeat_ever_pct")
    assert t.periods == [] and t.series == {} and t.readout(0) == ""
    assert len(t.x) == 0
