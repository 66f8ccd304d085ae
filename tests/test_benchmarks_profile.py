"""Profile arithmetic on a small hand-made data set: ties, missing values, polarity, former authorities."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cpdesk import judgements
from cpdesk.benchmarks.authorities import find_la, missing_years
from cpdesk.benchmarks.data import ENGLAND, BenchmarkData
from cpdesk.benchmarks.profile import profile, rank_in_rows
from cpdesk.catalogue import Catalogue, Indicator

REGION = "E12000001"
CODES = ["101", "102", "103", "104", "105", "106"]


def _catalogue() -> Catalogue:
    return Catalogue([
        Indicator("t_lower", "Lower is better (%)", "g", "lower", "percent", 1),
        Indicator("t_higher", "Higher is better (%)", "g", "higher", "percent", 1),
        Indicator("t_none", "No polarity", "g", "none", "count", 0),
    ], [("g", "Group")])


def _data() -> BenchmarkData:
    # 2020 values; 104 is suppressed (flag c); 106 was abolished in 2019 but a value is still published.
    year2020 = {"101": 10.0, "102": 10.0, "103": 5.0, "104": None, "105": 20.0, "106": 1.0}
    rows = []
    for ind in ("t_lower", "t_higher", "t_none"):
        for code, v in year2020.items():
            rows.append((ind, code, 2020, v, None, None, "c" if v is None else None, "lait:T"))
        rows.append((ind, "101", 2019, 12.0, None, None, None, "lait:T"))
        rows.append((ind, REGION, 2020, 9.0, None, None, None, "lait:T"))
        rows.append((ind, ENGLAND, 2020, 10.0, None, None, None, "lait:T"))
    values = pd.DataFrame(rows, columns=["indicator", "area", "year", "value", "numerator", "denominator", "flag", "source"])
    for col in ("indicator", "area", "flag", "source"):
        values[col] = values[col].astype("category")
    values["year"] = values["year"].astype("int16")
    authorities = pd.DataFrame({
        "la_code": CODES, "new_la_code": [f"E0600{c}0" for c in CODES],
        "la_name": ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Old Zeta"],
        "region_code": REGION, "region_name": "North East", "subregion_code": "", "subregion_name": "",
        "former_new_la_codes": "", "other_names": "",
        "first_year": [2013] * 5 + [2013], "last_year": [2025] * 5 + [2019],
        "predecessors": "", "successors": "", "change": "",
    }).set_index("la_code", drop=False)
    neighbours = {
        2025: pd.DataFrame({"la_code": "101", "rank": [1, 2, 3], "neighbour_code": ["102", "103", "104"],
                            "closeness": "Close"}),
        2021: pd.DataFrame({"la_code": "101", "rank": [1, 2], "neighbour_code": ["105", "106"], "closeness": "Close"}),
    }
    measures = pd.DataFrame({"indicator": ["t_lower", "t_higher", "t_none"], "source": "lait:T", "file": "lait_csc_long.csv",
                             "column": "T", "period_kind": "year"})
    return BenchmarkData(values, authorities, {REGION: "North East", ENGLAND: "England"}, neighbours, measures, _catalogue())


def _row(la, indicator, year=2020, model=2025):
    p = profile(_data(), la, model, indicators=[indicator])
    return p[p["year"] == year].iloc[0]


def test_ties_share_the_best_rank_and_missing_values_are_not_ranked():
    # lower is better: 5 (103) best; 10, 10 tie for 2nd; 20 4th; 104 suppressed; 106 abolished.
    assert [_row(c, "t_lower")["rank"] for c in ("103", "101", "102", "105")] == [1, 2, 2, 4]
    assert _row("101", "t_lower")["rank_of"] == 4
    assert [_row(c, "t_lower")["quartile"] for c in ("103", "101", "102", "105")] == ["A", "B", "B", "D"]
    suppressed = _row("104", "t_lower")
    assert suppressed["la_flag"] == "c" and math.isnan(suppressed["rank"]) and suppressed["quartile"] is None


def test_polarity_reversed_reverses_rank_and_quartile():
    assert [_row(c, "t_higher")["rank"] for c in ("105", "101", "102", "103")] == [1, 2, 2, 4]
    assert [_row(c, "t_higher")["quartile"] for c in ("105", "101", "103")] == ["A", "B", "D"]
    # No polarity: ranked highest first, but no quartile band and no judgement.
    none = _row("105", "t_none")
    assert none["rank"] == 1 and none["quartile"] is None
    assert none["vs_neighbours"] == "not_compared" and none["vs_england"] == "not_compared"


def test_former_authority_is_left_out_of_the_ranking():
    # 106 (abolished 2019) has the best 2020 value on t_lower but is neither counted nor ranked.
    assert _row("103", "t_lower")["rank"] == 1
    assert math.isnan(_row("106", "t_lower")["rank"])
    assert missing_years(_data(), "106") == []  # no open-data sources in this set: nothing to miss


def test_neighbours_mean_ignores_missing_and_reports_how_many():
    row = _row("101", "t_lower")
    assert row["neighbours_mean"] == pytest.approx(7.5)  # (10 + 5) / 2; 104 suppressed
    assert row["neighbours_median"] == pytest.approx(7.5)
    assert row["neighbours_n"] == 2 and row["neighbours_of"] == 3
    # 2021 model: 105 and 106 -> both values used (the LAIT method takes what is published).
    row21 = _row("101", "t_lower", model=2021)
    assert row21["neighbours_mean"] == pytest.approx(10.5) and row21["neighbours_n"] == 2


def test_judgements_and_direction():
    row = _row("101", "t_lower")
    assert row["region_value"] == 9.0 and row["england_value"] == 10.0
    assert row["vs_neighbours"] == "worse"       # 10 vs 7.5, lower is better
    assert row["vs_england"] == "similar"        # equal
    assert row["previous_value"] == 12.0 and row["change"] == pytest.approx(-2.0)
    assert row["direction"] == "improving"
    assert _row("101", "t_higher")["direction"] == "worsening"
    assert _row("101", "t_none")["direction"] == "down"
    only_2020 = profile(_data(), "101", indicators=["t_lower"], years=[2020])
    assert len(only_2020) == 1 and only_2020.iloc[0]["previous_value"] == 12.0
    first = profile(_data(), "101", indicators=["t_lower"]).iloc[0]
    assert first["year"] == 2019 and first["direction"] is None


def test_vectorised_rank_equals_judgements_ranks():
    rng = np.random.default_rng(7)
    matrix = rng.integers(0, 6, size=(40, 12)).astype(float)
    matrix[rng.random(matrix.shape) < 0.2] = np.nan
    for polarity in ("lower", "higher", "none"):
        for col in range(matrix.shape[1]):
            got, n = rank_in_rows(matrix, matrix[:, col], np.array([polarity] * len(matrix), dtype=object))
            want = np.array([judgements.ranks(row, polarity)[col] for row in matrix])
            assert np.array_equal(got, want, equal_nan=True)
            assert list(n) == [int((~np.isnan(row)).sum()) for row in matrix]


def test_lookup_in_a_hand_made_set():
    data = _data()
    assert find_la(data, "beta").la_code == "102"
    assert find_la(data, "E06001030").name == "Gamma"
