"""Interpretation on codes: the short cuts taken for speed give what the plain way gives.

A tidy column is factorised without looking for missing cells first when it has none; the
counts of distinct indicators and labels, and the keys that link a percentage to its
counts, are taken on codes by object; the authority's name is looked for with one search
before the name-by-name one. Each is checked against the plain computation, missing cells
and equal text in distinct objects included.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from cpdesk.areas import find_la_name
from cpdesk.catalogue import default_catalogue
from cpdesk.importing.importer import ImportResult, _add_table, link_counts
from cpdesk.importing.ledger import Accounting
from cpdesk.importing.tidy import _Coded
from cpdesk.observations import COLUMNS, normalise_frame


def test_a_column_is_coded_as_the_factorisation_that_keeps_missing_cells():
    text = "".join(["Camden"])             # equal text, distinct objects
    for values in (["2023", "2024", "2023", "", 5.0, 5.0],
                   ["2023", None, "2024", float("nan"), None, "2023"],
                   [None, None], [], ["only"],
                   ["2023", "2024", None] * 1000,                      # rows sharing a few objects (a CSV's)
                   [str(2000 + i % 7) for i in range(3000)]):          # an object per cell (calamine's)
        array = np.array(values + [text[:3] + text[3:]], dtype=object)
        codes, uniques = pd.factorize(array, use_na_sentinel=False)
        coded = _Coded(array)
        assert coded.codes.tolist() == codes.tolist()
        assert [None if pd.isna(u) else u for u in coded.uniques] == [None if pd.isna(u) else u for u in uniques]


def _observations(rows) -> pd.DataFrame:
    frame = pd.DataFrame([dict(zip(["indicator", "label", "area", "area_role", "period", "table", "value"], r))
                          for r in rows], columns=COLUMNS)
    frame["partial"] = False
    return normalise_frame(frame)


def test_a_table_counts_its_distinct_indicators_and_unrecognised_labels():
    camden = "".join(["Cam", "den"])
    df = _observations([
        ("cpp_rate", "CPP rate", camden, "la", "2023-24", "T#1", 41.0),
        ("cpp_rate", "CPP rate", "Camden", "la", "2024-25", "T#1", 42.0),
        (None, "Visits ".strip(), "Camden", "la", "2024-25", "T#1", 3.0),
        (None, "Visits", "Camden", "la", "2023-24", "T#1", 4.0),
        (None, None, "Camden", "la", "2023-24", "T#1", 5.0),
        ("re_referrals", "Re-referrals", None, None, "2023-24", "T#1", 20.0),
    ])
    result = ImportResult(path="x.xlsx", name="x.xlsx", observations=df)
    _add_table(result, "T#1", "Data", 0, 0, 6, 6, "tidy list", "", df, Accounting())
    info = result.tables[0]
    assert (info.indicators, info.unrecognised) == (int(df["indicator"].dropna().nunique()),
                                                    int(df.loc[df["indicator"].isna(), "label"].nunique())) == (2, 2)


def test_a_percentage_takes_its_counts_from_its_own_area_and_period_missing_areas_included():
    catalogue = default_catalogue()
    pct = next(i for i in catalogue if i.unit == "percent" and i.numerator and i.denominator)
    rows = []
    for area in ("Camden", None, "Leeds"):
        for period, base in (("2023-24", 10.0), ("2024-25", 20.0)):
            offset = {"Camden": 0.0, None: 1000.0, "Leeds": 500.0}[area]
            rows += [(pct.id, "pct", area, "la", period, "T#1", 12.5),
                     (pct.numerator, "num", area, "la", period, "T#1", base + offset),
                     (pct.denominator, "den", area, "la", period, "T#1", base * 8 + offset)]
    obs = _observations(rows)
    obs["area"] = pd.Series([r[2] for r in rows], dtype=object)    # a missing area (normalised, it would be "")
    obs = link_counts(obs, catalogue)
    got = obs.loc[obs["indicator"] == pct.id, ["area", "period", "numerator", "denominator"]]
    assert [(None if pd.isna(a) else a, p, n, d) for a, p, n, d in got.itertuples(index=False)] == [
        ("Camden", "2023-24", 10.0, 80.0), ("Camden", "2024-25", 20.0, 160.0),
        (None, "2023-24", 1010.0, 1080.0), (None, "2024-25", 1020.0, 1160.0),
        ("Leeds", "2023-24", 510.0, 580.0), ("Leeds", "2024-25", 520.0, 660.0)]


def test_the_authority_is_found_in_a_longer_text_and_the_longest_name_wins():
    assert find_la_name(["Quarterly report", "Performance of Camden children's services"]) == "Camden"
    assert find_la_name(["cpp_figures", "Data"]) is None
    assert find_la_name(["Camden"]) == "Camden"
    # two names in one text: the longer name is taken, wherever it is in the text
    assert find_la_name(["York and North Yorkshire figures"]) == "North Yorkshire"
