"""Each council layout read into exact observations (in-memory sheets, no file reader)."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from cpdesk.importing.importer import import_workbook
from cpdesk.observations import row_source
from tests.layout_fixtures import (areas_by_year, districts_by_date, indicators_by_quarter, merged_years, periods_down,
                                   workbook)


def one(df: pd.DataFrame, **where) -> pd.Series:
    sel = df
    for k, v in where.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, f"expected one row for {where}, got {len(sel)}"
    return sel.iloc[0]


def test_layout1_indicators_down_quarters_across():
    r = import_workbook(workbook(indicators_by_quarter()))
    obs = r.observations
    assert r.default_area == "Barnet"
    started = one(obs, indicator="cpp_started_count", period="Q1 2020-21")
    assert started["value"] == 50 and started["area"] == "Barnet" and started["area_role"] == "la"
    assert started["cell"] == "C4" and row_source(started["source_prefix"], started["cell"]) == (
        "barnet_cp_performance.xlsx › CP performance › C4")
    assert started["period_start"] == pd.Timestamp(2020, 4, 1) and started["period_end"] == pd.Timestamp(2020, 6, 30)
    assert started["label"] == "1. No. CPP started"

    pct = one(obs, indicator="cpp_repeat_2yrs_pct", period="Q4 2019-20")
    assert pct["value"] == pytest.approx(9.1)
    assert (pct["numerator"], pct["denominator"]) == (4, 44)   # the counts beside it

    suppressed = one(obs, indicator="cpp_repeat_2yrs_count", period="Q2 2020-21")
    assert math.isnan(suppressed["value"]) and suppressed["flag"] == "c"
    tbc = one(obs, indicator="cpp_repeat_2yrs_pct", period="Q2 2020-21")
    assert tbc["flag"] == "tbc" and tbc["denominator"] == 38

    foot = one(obs, indicator="icpc_15wd_pct", period="Q4 2019-20")
    assert foot["value"] == 73 and foot["note"] == "**"
    foot2 = one(obs, indicator="icpc_15wd_pct", period="Q1 2020-21")
    assert foot2["value"] == 75.5 and foot2["note"] == "*"
    na = one(obs, indicator="icpc_15wd_pct", period="Q3 2020-21")
    assert na["flag"] == "x"
    q3 = one(obs, indicator="cpp_started_count", period="Q3 2020-21")
    assert q3["period_label"] == "Q3 2020-21*" and "*" in q3["note"]


def test_unrecognised_label_is_kept_and_reported():
    r = import_workbook(workbook(indicators_by_quarter()))
    local = r.observations[r.observations["label"] == "5. Children seen by a nurse"]
    assert list(local["value"]) == [12, 13, 14, 15]
    assert local["indicator"].isna().all()
    assert [u["label"] for u in r.unrecognised] == ["5. Children seen by a nurse"]
    assert r.unrecognised[0]["cell"] == "B8"


def test_second_table_in_same_sheet_areas_down():
    r = import_workbook(workbook(indicators_by_quarter()))
    obs = r.observations
    assert len(r.tables) == 2
    second = obs[obs["table"] == "CP performance#2"]
    assert set(second["indicator"]) == {"cpp_repeat_ever_pct"}     # from the title "Repeat plans: comparators"
    assert set(second["area_role"]) == {"la", "neighbours", "england", "region"}
    eng = one(second, area_role="england", period="2019-20")
    assert eng["value"] == 21.9 and eng["area"] == "England" and eng["cell"] == "D17"
    region = one(second, area_role="region", period="2018-19")
    assert region["area"] == "SE" and region["value"] == 19.1


def test_layout2_indicator_from_sheet_name():
    r = import_workbook(workbook(areas_by_year()))
    obs = r.observations
    assert set(obs["indicator"]) == {"cpp_open_2yrs_pct"}
    assert one(obs, area_role="neighbours", period="2016-17")["value"] == 3.0
    assert one(obs, area_role="target", period="2017-18")["value"] == 3.0
    la = one(obs, area_role="la", period="2015-16")
    assert la["value"] == 3.1 and la["area"] == "Barnet"


def test_layout3_periods_down_measures_across_links_counts():
    r = import_workbook(workbook(periods_down()))
    obs = r.observations
    pct = one(obs, indicator="cpp_repeat_2yrs_pct", period="Q2 2020-21")
    assert pct["value"] == 7.9 and (pct["numerator"], pct["denominator"]) == (3, 38)
    assert one(obs, indicator="cpp_started_count", period="Q3 2020-21")["cell"] == "B4"


def test_layout4_merged_year_over_comparators_and_quarters():
    r = import_workbook(workbook(merged_years()))
    obs = r.observations[r.observations["indicator"] == "icpc_15wd_pct"]
    assert one(obs, area_role="england")["value"] == 77.7
    fam = one(obs, area_role="neighbours")
    assert fam["value"] == 80.1 and fam["period"] == "2019-20"
    assert one(obs, area_role="target")["value"] == 85
    year = one(obs, area_role="la", period="2019-20")
    assert year["value"] == 79.0
    q4 = one(obs, area_role="la", period="Q4 2019-20")
    assert q4["value"] == 88.0 and q4["period_start"] == pd.Timestamp(2020, 1, 1)
    assert one(obs, area_role="la", period="Q1 2019-20")["cell"] == "F3"
    assert set(r.observations["indicator"]) == {"icpc_15wd_pct", "rereferral_12m_pct"}


def test_layout6_districts_down_snapshots_across():
    r = import_workbook(workbook(districts_by_date()))
    obs = r.observations
    assert set(obs["indicator"]) == {"cpp_open_count"}
    ash = one(obs, area="Ashford", period="31 Jul 2020")
    assert ash["value"] == 50 and ash["area_role"] == "district" and ash["period_kind"] == "snapshot"
    total = one(obs, area_role="la", period="31 Mar 2016")
    assert total["value"] == 80
    assert r.unrecognised == []


def test_fractions_formatted_as_percent_are_points():
    from cpdesk.importing.workbook import SheetData
    sheet = SheetData("KPIs", [["", "2019-20", "2020-21"], ["% repeat plans", 0.049, 0.2125]],
                      percent_cells=frozenset({(1, 1), (1, 2)}))
    obs = import_workbook(workbook(sheet)).observations
    assert list(obs["value"]) == [pytest.approx(4.9), pytest.approx(21.25)]


def test_unformatted_fraction_series_read_as_percent_with_warning():
    from cpdesk.importing.workbook import SheetData
    sheet = SheetData("KPIs", [["", "2019-20", "2020-21"], ["% repeat plans", 0.0476, 0.2125]])
    r = import_workbook(workbook(sheet))
    assert list(r.observations["value"]) == [pytest.approx(4.76), pytest.approx(21.25)]
    assert any("fractions" in w for w in r.warnings)


def test_points_are_not_rescaled():
    from cpdesk.importing.workbook import SheetData
    sheet = SheetData("KPIs", [["", "2019-20", "2020-21"], ["% plans lasting 2 years or more (ceased)", 0.5, 1.0]])
    assert list(import_workbook(workbook(sheet)).observations["value"]) == [0.5, 1.0]


def test_sheet_without_periods_says_so():
    from cpdesk.importing.workbook import SheetData
    sheet = SheetData("Contacts", [["Name", "Phone"], ["Jo", "0123"], ["Sam", "0456"]])
    r = import_workbook(workbook(sheet))
    assert r.observations.empty
    assert any("no indicator values were found" in w for w in r.warnings)


def test_dates_in_headers_are_months_or_snapshots():
    from cpdesk.importing.workbook import SheetData
    sheet = SheetData("Monthly", [["", dt.datetime(2020, 3, 1), dt.datetime(2020, 4, 1)], ["No. CPP started", 12, 15]])
    obs = import_workbook(workbook(sheet)).observations
    assert list(obs["period"]) == ["Mar 2020", "Apr 2020"] and set(obs["period_kind"]) == {"month"}


def test_indicator_and_area_label_columns():
    from cpdesk.importing.workbook import SheetData
    sheet = SheetData("Scorecard", [
        ["Indicator", "Area", "Q1 2019-20", "Q2 2019-20"],
        ["No. CPP started", "Our authority", 10, 12],
        ["No. CPP started", "England", 100, 120],
        ["No. CPP started", "Northtown", 3, 4],
        ["% repeat plans", "Southtown", 9.0, 8.0],
    ])
    obs = import_workbook(workbook(sheet)).observations
    north = one(obs, area="Northtown", period="Q2 2019-20")
    assert (north["indicator"], north["area_role"], north["value"]) == ("cpp_started_count", "district", 4)
    assert one(obs, area_role="england", period="Q1 2019-20")["value"] == 100
    assert one(obs, area="Southtown", period="Q1 2019-20")["indicator"] == "cpp_repeat_ever_pct"


def test_year_numbers_target_and_comment_columns():
    from cpdesk.importing.workbook import SheetData
    sheet = SheetData("KPI", [
        ["Measure", "Good is", 2021, 2022, 2023, "Target", "Comments"],
        ["% repeat plans", "Low", 20.1, 22.3, 19.0, 18, "Improving after audit"],
        ["No. CPP started", "-", 300, 320, 310, None, ""],
        ["% ICPC in 15 days", "High", 80, 82, 85, 90, "On track"],
    ])
    r = import_workbook(workbook(sheet))
    obs = r.observations
    assert one(obs, indicator="cpp_repeat_ever_pct", period="2022-23", area_role="la")["value"] == 19.0
    target = one(obs, indicator="icpc_15wd_pct", area_role="target")
    assert (target["value"], target["period"], target["cell"]) == (90, "2022-23", "F4")   # the latest period's target
    assert len(obs) == 11
    assert r.warnings == [] and r.unrecognised == []
