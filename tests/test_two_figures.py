"""Cells that hold two figures, and labels that name two: "X (of which Y)" over "61 (12)",
"74/82 (90%)" under a percentage, "(9)" read as a second figure beside "61 (12)" cells.

The worst fault is a figure placed under the wrong indicator: the first figure of "61 (12)"
must never go under the bracket's indicator, nor a percentage take it as its numerator.
"""
from __future__ import annotations

import pytest

from cpdesk.catalogue import default_catalogue
from cpdesk.importing.importer import import_workbook
from cpdesk.importing.two_figures import split_label
from cpdesk.importing.workbook import SheetData
from cpdesk.values import parse_value
from tests.layout_fixtures import workbook
from tests.test_layouts import one


@pytest.mark.parametrize("raw, value, num, den", [
    ("74/82 (90%)", 90, 74, 82), ("291/328 (89%)", 89, 291, 328), ("74 of 82 (90%)", 90, 74, 82),
    ("74 out of 82 (90%)", 90, 74, 82), ("90% (74/82)", 90, 74, 82), ("90% (74 of 82)", 90, 74, 82),
    ("74/82 = 90%", 90, 74, 82), ("1,074/1,282 (84%)", 84, 1074, 1282),
])
def test_a_percentage_with_its_counts_is_read_either_way_round(raw, value, num, den):
    pv = parse_value(raw)
    assert (pv.value, pv.percent, pv.note) == (value, True, raw)
    assert pv.extra == (num, f"/{den}")


def test_fewer_than_a_small_number_is_suppressed_but_a_target_is_a_bound():
    assert (parse_value("Fewer than 5").value, parse_value("Fewer than 5").flag) == (None, "c")
    target = parse_value("Fewer than 85")
    assert (target.value, target.bound, target.flag) == (85, "<", None)
    assert parse_value("Less than 5%").value == 5   # a percentage target, not a suppressed count


@pytest.mark.parametrize("label, first, second, subset, measure", [
    ("CP plans started in quarter (of which second or subsequent)", "CP plans started in quarter",
     "CP plans started in quarter (of which second or subsequent)", True, None),
    ("New CP plans, of which repeat", "New CP plans", "New CP plans, of which repeat", True, None),
    ("Repeat plans (ever)", "Repeat plans", "Repeat plans (ever)", False, None),
    ("Re-plans No. (%)", "Re-plans No.", "Re-plans (%)", False, "percent"),
    ("% re-plans (No.)", "% re-plans", "re-plans (No.)", False, "count"),
])
def test_a_label_naming_two_figures_is_taken_apart(label, first, second, subset, measure):
    split = split_label(label, default_catalogue())
    assert (split.first, split.second, split.subset, split.second_measure) == (first, second, subset, measure)


@pytest.mark.parametrize("label", [
    "Child protection plans lasting 2 years or more (NI 64)",       # a code names the whole label
    "Percentage of re-referrals (year to date)",                    # a period
    "Children in need (0-17)",                                      # a population
    "Referrals (excluding NFA)",                                    # an exclusion qualifies the whole
    "Initial Child Protection Conferences (ICPC)",                  # the bracket only restates
    "Rate of children subject to a Child Protection Plan (per 10,000 population)",   # the same measure
    "Average length of CP plan (days) at closure",
])
def test_a_bracket_that_qualifies_the_label_names_no_second_figure(label):
    assert split_label(label, default_catalogue()) is None


def quarterly_partnership() -> SheetData:
    """The lead's probe: a partnership's quarterly report with counts and their part in one cell."""
    return SheetData("Safeguarding 2022-23", [
        ["Safeguarding Children Partnership - Performance Report 2022/23"],
        [],
        ["Measure", "Qtr 1", "Qtr 2", "Qtr 3", "Qtr 4", "Year end", "Comparator (SN 21/22)", "DoT"],
        ["Children subject to CP plan at end of quarter", 255, 262, 248, 240, 240, 301, "↓"],
        ["CP plans started in quarter (of which second or subsequent)", "61 (12)", "58 (15)", "70 (9)", "66 (14)",
         "255 (50)", None, ""],
        ["Repeat plans %", "19.7%", "25.9%", "12.9%", "21.2%", "19.6%", "21.5%", "↑"],
        ["ICPCs within 15 working days", "74/82 (90%)", "60/71 (85%)", "80/95 (84%)", "77/80 (96%)",
         "291/328 (89%)", "82%", ""],
        ["Plans ceased after 2 years or more", "2", "1", "0", "3", "6", None, ""],
        ["Jan-Mar 2023 figures are provisional"],
    ])


def test_the_first_figure_is_the_label_the_bracket_figure_the_bracket():
    r = import_workbook(workbook(quarterly_partnership()))
    obs = r.observations
    for cell, started, repeat in (("B5", 61, 12), ("D5", 70, 9), ("F5", 255, 50)):
        at = obs[obs["cell"] == cell].set_index("indicator")
        assert at.loc["cpp_started_count", "value"] == started
        assert at.loc["cpp_repeat_ever_count", "value"] == repeat
        assert at.loc["cpp_started_count", "label"] == "CP plans started in quarter"
    # "(9)" is the second figure there, not a footnote mark; the note keeps the cell as written
    assert set(obs.loc[obs["cell"] == "D5", "note"]) == {"70 (9)"}
    # the percentage below takes the repeat plans as numerator and the plans started as denominator
    pct = one(obs, indicator="cpp_repeat_ever_pct", period="Q3 2022-23")
    assert (pct["value"], pct["numerator"], pct["denominator"]) == (12.9, 9, 70)
    assert not (obs["indicator"].eq("cpp_repeat_ever_count") & obs["value"].isin([61, 58, 70, 66, 255])).any()


def test_a_percentage_with_its_counts_is_read_with_them():
    obs = import_workbook(workbook(quarterly_partnership())).observations
    icpc = one(obs, indicator="icpc_15wd_pct", period="2022-23", area_role="la")
    assert (icpc["value"], icpc["numerator"], icpc["denominator"]) == (89, 291, 328)
    assert icpc["cell"] == "F7"


def test_whole_numbers_where_the_table_writes_percentages_with_marks_are_counts():
    obs = import_workbook(workbook(quarterly_partnership())).observations
    ceased = obs[obs["label"] == "Plans ceased after 2 years or more"]
    assert set(ceased["indicator"]) == {"cpp_ceased_2yrs_count"} and list(ceased["value"]) == [2, 1, 0, 3, 6]


def test_without_marks_in_the_table_whole_numbers_stay_undecided():
    sheet = SheetData("KPIs", [["Measure", "2021/22", "2022/23"], ["Plans ceased after 2 years or more", 2, 3],
                               ["Children subject to CP plan at 31 March", 250, 240]])
    r = import_workbook(workbook(sheet))
    ceased = r.observations[r.observations["label"] == "Plans ceased after 2 years or more"]
    assert ceased["indicator"].isna().all()   # a suggestion, kept local until the user confirms it
    assert any(e["status"] == "suggested" and e["label"] == "Plans ceased after 2 years or more" for e in r.labels)


def test_two_figures_that_read_as_one_indicator_are_both_kept_local_with_a_warning():
    sheet = SheetData("KPIs", [["Measure", "2021/22", "2022/23"], ["Re-plans (ever)", "350 (120)", "300 (110)"]])
    r = import_workbook(workbook(sheet))
    assert r.observations["indicator"].isna().all() and len(r.observations) == 4
    assert any("both read as cpp_repeat_ever_count" in w for w in r.warnings)


def test_a_bracket_measure_gives_the_second_figure_its_unit():
    sheet = SheetData("KPIs", [["Measure", "2021/22", "2022/23"], ["Re-plans No. (%)", "37 (23.1%)", "32 (20.4%)"]])
    obs = import_workbook(workbook(sheet)).observations
    at = obs[obs["cell"] == "C2"].set_index("indicator")
    assert at.loc["cpp_repeat_ever_count", "value"] == 32 and at.loc["cpp_repeat_ever_pct", "value"] == 20.4
    # a percentage first with its count in brackets stays one figure with its numerator
    sheet = SheetData("KPIs", [["Measure", "2021/22"], ["Re-referrals within 12 months (%)", "20% (950)"]])
    obs = import_workbook(workbook(sheet)).observations
    assert len(obs) == 1 and (obs.iloc[0]["indicator"], obs.iloc[0]["value"], obs.iloc[0]["numerator"]) == (
        "rereferral_12m_pct", 20, 950)
