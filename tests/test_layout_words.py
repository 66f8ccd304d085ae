"""Tables as councils lay them out: words around periods, comparators wherever they stand,
describing columns, values in words, sub-rows and bare measure headers (in-memory sheets)."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from cpdesk.importing.blocks import find_blocks
from cpdesk.importing.importer import import_workbook
from cpdesk.importing.workbook import SheetData
from tests.layout_fixtures import workbook

D = dt.date


def one(df: pd.DataFrame, **where) -> pd.Series:
    sel = df
    for k, v in where.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, f"expected one row for {where}, got {len(sel)}"
    return sel.iloc[0]


def span(row) -> tuple[dt.date, dt.date, str]:
    return row["period_start"].date(), row["period_end"].date(), row["period_kind"]


def test_header_words_around_periods_keep_their_meaning():
    sheet = SheetData("Scorecard", [
        ["Indicator", "Target 2018-19", "Mid-year 2018-19", "Year end 2018-19", "2020/21 Year End", "Outturn 2019/20",
         "1 April 2016 – 31 March 2017", "Apr 2016 - Mar 2017", "Apr to Sep 2020"],
        ["% repeat plans", 18, 19.5, 20.1, 21.0, 22.3, 17.0, 17.5, 23.0],
    ])
    r = import_workbook(workbook(sheet))
    obs = r.observations
    assert r.warnings == []
    target = one(obs, cell="B2")
    assert (target["area_role"], span(target)) == ("target", (D(2018, 4, 1), D(2019, 3, 31), "year"))
    assert span(one(obs, cell="C2")) == (D(2018, 4, 1), D(2018, 9, 30), "ytd")       # mid-year: April to September
    assert one(obs, cell="C2")["partial"]
    assert span(one(obs, cell="D2")) == (D(2018, 4, 1), D(2019, 3, 31), "year")
    assert span(one(obs, cell="E2")) == (D(2020, 4, 1), D(2021, 3, 31), "year")
    outturn = one(obs, cell="F2")
    assert (outturn["area_role"], span(outturn)) == ("la", (D(2019, 4, 1), D(2020, 3, 31), "year"))
    assert span(one(obs, cell="G2")) == span(one(obs, cell="H2")) == (D(2016, 4, 1), D(2017, 3, 31), "year")
    assert span(one(obs, cell="I2")) == (D(2020, 4, 1), D(2020, 9, 30), "ytd")
    assert set(obs["indicator"]) == {"cpp_repeat_ever_pct"}


def test_shape_words_take_the_period_beside_them_or_the_titles():
    sheet = SheetData("Q3", [
        ["Performance at Quarter 3 2020/21"],
        [],
        ["Indicator", "Q1", "Q2", "Q3", "(year to date)", "Same period last year", "Target"],
        ["No. CPP started", 44, 26, 35, 105, 120, "Fewer than 150"],
    ])
    obs = import_workbook(workbook(sheet)).observations
    assert span(one(obs, cell="B4")) == (D(2020, 4, 1), D(2020, 6, 30), "quarter")   # "Q1" in the title's year
    ytd = one(obs, cell="E4")
    assert span(ytd) == (D(2020, 4, 1), D(2020, 12, 31), "ytd") and ytd["value"] == 105
    last_year = one(obs, cell="F4")
    assert span(last_year) == (D(2019, 4, 1), D(2019, 12, 31), "ytd")  # the same period a year earlier
    target = one(obs, cell="G4")
    assert (target["area_role"], target["value"], target["note"]) == ("target", 150, "Fewer than 150")


def test_a_target_left_of_the_quarters_is_for_their_year():
    sheet = SheetData("Measures", [
        ["Measure", "Target", "2019/20 Q1", "2019/20 Q2"],
        ["Rate of children in need per 10,000 children", 300, 270, 257],
    ])
    target = one(import_workbook(workbook(sheet)).observations, area_role="target")
    assert span(target) == (D(2019, 4, 1), D(2020, 3, 31), "year") and target["value"] == 300


def test_comparator_columns_combined_with_a_measure_go_with_the_figure_beside_them():
    sheet = SheetData("Repeat plans", [
        ["Quarter", "No. CPP started", "% repeat plans", "Statistical neighbours %", "National %"],
        ["Q1 2020-21", 26, 19.2, 21.0, 22.1],
        ["Q2 2020-21", 35, 8.6, 20.5, 22.0],
    ])
    r = import_workbook(workbook(sheet))
    obs = r.observations
    assert r.unrecognised == []
    sn = one(obs, cell="D3")
    assert (sn["indicator"], sn["area_role"], sn["value"]) == ("cpp_repeat_ever_pct", "neighbours", 20.5)
    eng = one(obs, cell="E2")
    assert (eng["indicator"], eng["area_role"], eng["area"]) == ("cpp_repeat_ever_pct", "england", "England")
    assert set(obs.loc[obs["area_role"] == "la", "indicator"]) == {"cpp_started_count", "cpp_repeat_ever_pct"}


def test_a_second_header_row_of_comparators_under_a_caption_with_the_year():
    sheet = SheetData("PIs", [
        ["Indicator", "Q1 2020/21", "Q2 2020/21", "Latest benchmarks (2019/20)", None, None],
        [None, None, None, "England", "SN avg", "South East"],
        ["% re-referrals within 12 months", 16.7, 22.4, 22.6, 20.6, 23.0],
    ], merged=[(0, 3, 0, 5)])
    obs = import_workbook(workbook(sheet)).observations
    for cell, role in (("D3", "england"), ("E3", "neighbours"), ("F3", "region")):
        got = one(obs, cell=cell)
        assert (got["area_role"], got["period"], got["indicator"]) == (role, "2019-20", "rereferral_12m_pct")


def test_period_only_in_the_title_and_areas_across():
    sheet = SheetData("Key figures", [
        ["Safeguarding key figures, 2016/17"],
        [None, "Somerset", "South West", "England"],
        ["Re-referrals within 12 months", "20% (950)", "23.2%", "21.9%"],
    ])
    obs = import_workbook(workbook(sheet, name="somerset.xlsx")).observations
    mine = one(obs, cell="B3")
    assert (mine["area"], mine["area_role"], mine["period"], mine["value"], mine["numerator"]) == \
        ("Somerset", "la", "2016-17", 20, 950)
    assert one(obs, cell="C3")["area_role"] == "region" and one(obs, cell="D3")["area"] == "England"


def test_values_in_words():
    sheet = SheetData("Words", [
        ["Indicator", "2019/20", "Target 2020/21"],
        ["Children subject to a child protection plan", "1,580 (381.5 per 10,000, 0-17 population)", "No target"],
        ["% ICPC within 15 working days", "Less than 22%", "At least 90%"],
    ])
    r = import_workbook(workbook(sheet))
    obs = r.observations
    count = one(obs, cell="B2", indicator="cpp_open_count")
    assert count["value"] == 1580 and "381.5 per 10,000" in count["note"]
    assert one(obs, cell="B2", indicator="cpp_rate_per_10k")["value"] == 381.5
    no_target = one(obs, cell="C2")
    assert (no_target["area_role"], no_target["flag"], no_target["note"]) == ("target", "z", "No target")
    assert (one(obs, cell="B3")["value"], one(obs, cell="B3")["note"]) == (22, "Less than 22%")
    assert one(obs, cell="C3")["value"] == 90
    assert r.tables[0].accounting.line() == "4 of 4 value cells read"


def test_describing_columns_are_used_not_read_as_values():
    sheet = SheetData("Scorecard", [
        ["Indicator", "Good is", "Q1 2020/21", "Q2 2020/21", "Target", "RAG", "DoT", "Commentary", "Lead officer"],
        ["% of CP visits within 10 working days", "Higher is better", 93.6, 89.4, 90, "Amber", "Worsening",
         "Capacity pressures in Q2", "Head of Safeguarding"],
        ["% re-referrals within 12 months", "Higher is better", 16.7, 22.4, 18, "R", "↘", "", ""],
    ])
    r = import_workbook(workbook(sheet))
    obs = r.observations
    assert len(obs) == 6 and set(obs["label"]) == {"% of CP visits within 10 working days", "% re-referrals within 12 months"}
    latest = one(obs, cell="D2")
    assert "council RAG: Amber" in latest["note"] and "council direction: worsening" in latest["note"]
    assert "council RAG" not in one(obs, cell="C2")["note"]
    assert "council RAG: Red" in one(obs, cell="D3")["note"]
    # the council's polarity gives its own (local) indicator its polarity ...
    assert r.council_polarity == {"% of CP visits within 10 working days": "higher"}
    assert r.suggested_mapping() == {"% of CP visits within 10 working days": {
        "local": {"name": "% of CP visits within 10 working days", "polarity": "higher", "unit": "percent"}}}
    # ... and where it differs from the national definition's, the user is told
    assert any("Higher is better" in w and "lower is better" in w for w in r.warnings)
    kinds = {(d["kind"], d["text"]) for d in r.descriptions}
    assert ("commentary", "Capacity pressures in Q2") in kinds and ("owner", "Head of Safeguarding") in kinds
    acc = r.tables[0].accounting
    assert (acc.value_cells, acc.read_cells, acc.descriptions) == (6, 6, 8)


def test_data_period_column_says_how_each_row_is_counted():
    sheet = SheetData("Scorecard", [
        ["Indicator Description", "Polarity", "Data Period", "Oct-20"],
        ["Percentage of re-referrals within 12 months", "L", "R12M", 28.5],
        ["Rate of children subject to a CPP per 10,000 children", "MST", "Snapshot", 40.0],
        ["Percentage of ICPCs held within 15 working days", "H", "YTD", 86.7],
    ])
    obs = import_workbook(workbook(sheet)).observations
    assert span(one(obs, cell="D2")) == (D(2019, 11, 1), D(2020, 10, 31), "rolling")
    assert span(one(obs, cell="D3")) == (D(2020, 10, 31), D(2020, 10, 31), "snapshot")
    assert span(one(obs, cell="D4")) == (D(2020, 4, 1), D(2020, 10, 31), "ytd")


def test_sub_rows_are_the_numerator_of_the_percentage_above():
    sheet = SheetData("Repeat plans", [
        ["", "Q4 2019-20", "Q1 2020-21"],
        ["% of children starting a CPP who had previous one ever", 22.7, 19.2],
        ["   number of children", 10, 5],
        ["No. CPP started", 44, 26],
        ["of which previous CPP within 2 years", 4, 1],
    ])
    r = import_workbook(workbook(sheet))
    obs = r.observations
    pct = one(obs, cell="B2")
    assert (pct["indicator"], pct["numerator"], pct["denominator"]) == ("cpp_repeat_ever_pct", 10, 44)
    sub = one(obs, cell="C3")
    assert (sub["indicator"], sub["value"]) == ("cpp_repeat_ever_count", 5)
    assert one(obs, cell="B5")["indicator"] == "cpp_repeat_2yrs_count"
    assert r.unrecognised == []


def test_bare_measure_headers_take_their_meaning_from_the_question_above():
    sheet = SheetData("Question 4", [
        ["How many children became the subject of a plan for a second or subsequent time?"],
        [],
        ["Quarter", "No.", "%"],
        ["Q1 2020-21", 5, 19.2],
        ["Q2 2020-21", 3, 8.6],
    ])
    r = import_workbook(workbook(sheet))
    obs = r.observations
    assert one(obs, cell="B4")["indicator"] == "cpp_repeat_ever_count"
    pct = one(obs, cell="C5")
    assert (pct["indicator"], pct["value"], pct["numerator"]) == ("cpp_repeat_ever_pct", 8.6, 3)


def test_rows_that_name_only_a_measure_belong_to_the_section_above():
    sheet = SheetData("KPIs", [
        ["", "2019/20", "2020/21"],
        ["Children becoming subject of a plan for a second or subsequent time", None, None],
        ["No.", 36, 23],
        ["%", 20.2, 19.8],
    ])
    obs = import_workbook(workbook(sheet)).observations
    assert one(obs, cell="B3")["indicator"] == "cpp_repeat_ever_count"
    assert one(obs, cell="C4")["indicator"] == "cpp_repeat_ever_pct" and one(obs, cell="C4")["numerator"] == 23


def test_polarity_column_is_never_the_row_label():
    sheet = SheetData("KPI", [
        ["Measure", "2019/20", "2020/21", "Polarity"],
        ["% repeat plans", 20.1, 22.3, "Lower is better"],
        ["Children seen alone", 80, 82, "Higher is better"],
    ])
    r = import_workbook(workbook(sheet))
    assert set(r.observations["label"]) == {"% repeat plans", "Children seen alone"}
    assert r.council_polarity == {"Children seen alone": "higher"}


def test_a_blank_spacer_column_does_not_split_the_labels_from_their_figures():
    sheet = SheetData("Table 3", [
        ["Table 3 - ICPCs within 15 working days (%)"],
        [None, None, "2018/19", "2019/20"],
        ["Warwickshire", None, 83.1, 67.8],
        ["England", None, 78.7, "TBC"],
    ])
    blocks = find_blocks(sheet)
    assert [(b.c0, b.c1) for b in blocks] == [(0, 3)]
    obs = import_workbook(workbook(sheet, name="warwickshire.xlsx")).observations
    assert one(obs, cell="D4")["flag"] == "tbc" and one(obs, cell="C4")["area_role"] == "england"


def test_a_header_row_set_apart_by_a_blank_row_still_heads_its_figures():
    sheet = SheetData("Activity", [
        [None, "2018/19", "2019/20"],
        [],
        ["No. S47 enquiries", 1205, 1306],
        ["No. ICPCs", 623, 482],
    ])
    r = import_workbook(workbook(sheet))
    assert len(r.tables) == 1 and r.tables[0].accounting.line() == "4 of 4 value cells read"
    assert one(r.observations, cell="C4")["period"] == "2019-20"


def test_text_in_a_value_cell_is_named_in_a_warning():
    sheet = SheetData("KPIs", [
        ["", "2019/20", "2020/21"],
        ["% repeat plans", 20.1, "see note 3"],
    ])
    r = import_workbook(workbook(sheet))
    assert r.tables[0].accounting.line() == "1 of 2 value cells read"
    assert any("C2 'see note 3': text where a figure was expected" in w for w in r.warnings)


def test_figures_without_any_period_are_reported_not_dropped():
    sheet = SheetData("Contacts", [["Team", "Open cases"], ["North", 12], ["South", 14]])
    r = import_workbook(workbook(sheet))
    assert r.observations.empty
    assert r.tables[0].accounting.value_cells == 2 and r.tables[0].accounting.read_cells == 0
    assert any("2 value cell(s) not read" in w and "no period" in w for w in r.warnings)


def test_numerator_and_denominator_columns_complete_the_percentage_in_their_row():
    sheet = SheetData("Repeat plans", [
        ["Indicator", "Numerator", "Denominator", "2019/20", "Variance", "Rank"],
        ["% repeat plans", 36, 178, 20.2, -1.7, 41],
    ])
    r = import_workbook(workbook(sheet))
    pct = one(r.observations, cell="D2")
    assert (pct["value"], pct["numerator"], pct["denominator"]) == (20.2, 36, 178)
    assert len(r.observations) == 1
    assert {(d["kind"], d["text"]) for d in r.descriptions} == {("derived", "-1.7"), ("derived", "41")}
    assert r.tables[0].accounting.line() == "3 of 3 value cells read"


def test_a_sheet_named_for_what_it_holds_names_an_unrecognised_table():
    sheet = SheetData("Visits within 10 days", [["", "2019/20", "2020/21"], ["Our authority", 81.9, 89.0],
                                                ["Target", 90, 90]])
    obs = import_workbook(workbook(sheet)).observations
    assert set(obs["label"]) == {"Visits within 10 days"} and set(obs["area_role"]) == {"la", "target"}


def test_a_year_in_the_corner_places_bare_quarters():
    sheet = SheetData("Activity", [["2020/21", "Q1", "Q2", "Q3", "Q4"], ["No. CPP started", 44, 26, 35, 55]])
    obs = import_workbook(workbook(sheet)).observations
    assert list(obs["period"]) == ["Q1 2020-21", "Q2 2020-21", "Q3 2020-21", "Q4 2020-21"]
    assert span(one(obs, cell="E2")) == (D(2021, 1, 1), D(2021, 3, 31), "quarter")
