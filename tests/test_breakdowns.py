"""Breakdowns of an indicator (category of abuse, age, gender, ethnicity) are parts of it, not
places: kept as local breakdown indicators named after the whole, never the catalogue
indicator itself and never an area; the total row is the indicator for the authority."""
from __future__ import annotations

import subprocess
import sys

import pytest

from cpdesk.breakdowns import breakdown_label, breakdown_of, is_total
from cpdesk.importing.importer import import_workbook
from cpdesk.importing.workbook import SheetData
from tests.layout_fixtures import districts_by_date, workbook
from tests.test_layouts import one


def by_category() -> SheetData:
    return SheetData("Snapshot", [
        ["Children on a CP plan by category"],
        ["Category", "As at 31/03/2023", "As at 31/03/2024"],
        ["Neglect", 150, 160], ["Emotional abuse", 80, 85], ["Physical abuse", 20, 18], ["Sexual abuse", 8, 6],
        ["Multiple", 10, 12], ["Total", 268, 281],
    ])


@pytest.mark.parametrize("label, dim", [
    ("Neglect", "category"), ("Emotional abuse", "category"), ("Multiple", "category"), ("Under 1", "age"),
    ("1-4", "age"), ("10-15", "age"), ("16+", "age"), ("16 and over", "age"), ("Unborn", "age"), ("Aged 5 to 9", "age"),
    ("Female", "gender"), ("White British", "ethnicity"), ("Black or Black British", "ethnicity"),
    ("Disabled", "disability"), ("Family dysfunction", "need"),
    ("North Warwickshire", None), ("1.1", None), ("2019-20", None), ("Total", None), ("Other", None),
])
def test_breakdown_values(label, dim):
    assert breakdown_of(label) == dim


def test_a_category_table_is_parts_of_the_indicator_and_its_total():
    r = import_workbook(workbook(by_category()))
    obs = r.observations
    assert set(obs["area_role"]) == {"la"}                       # never districts
    neglect = one(obs, label="Children on a CP plan — Neglect", period="31 Mar 2024")
    assert neglect["value"] == 160 and neglect["indicator"] is None
    total = one(obs, indicator="cpp_open_count", period="31 Mar 2023")
    assert total["value"] == 268 and total["cell"] == "B8" and total["area"] == r.default_area
    assert (obs["indicator"] == "cpp_open_count").sum() == 2      # only the total rows
    why = next(e for e in r.labels if e["label"] == "Children on a CP plan — Neglect")
    assert why["status"] == "local" and "one part of 'Children on a CP plan' by category of abuse" in why["explanation"]
    assert "breakdowns down" in r.tables[0].layout


def test_age_bands_that_look_like_years_are_ages_among_age_bands():
    sheet = SheetData("Ages", [
        ["Children subject to a child protection plan at 31 March 2024, by age"],
        ["Age group", "Number"],
        ["Unborn", 9], ["Under 1", 31], ["1-4", 70], ["5-9", 84], ["10-15", 88], ["16-17", 15], ["Total", 297],
    ])
    obs = import_workbook(workbook(sheet)).observations
    assert one(obs, label="Children subject to a child protection plan — 16-17 (count)")["value"] == 15
    assert one(obs, label="Children subject to a child protection plan — Under 1 (count)")["value"] == 31
    assert set(obs["period"]) == {"31 Mar 2024"}                 # "16-17" is no year here
    assert one(obs, indicator="cpp_open_count")["value"] == 297


def test_breakdowns_across_and_down_name_both_parts():
    sheet = SheetData("FOI", [
        ["Children and young people newly given a Child Protection Plan during calendar year 2013"],
        ["INITIAL_CATEGORY", "Female", "Male", "Not Known", "Grand Total"],
        ["Neglect", 27, 29, 2, 58], ["Physical abuse", "Fewer than 5", "Fewer than 5", "Fewer than 5", "Fewer than 5"],
        ["Grand Total", 48, 53, 4, 105],
    ])
    obs = import_workbook(workbook(sheet)).observations
    whole = "Children and young people newly given a Child Protection Plan"
    assert one(obs, label=f"{whole} — Neglect — Female")["value"] == 27
    assert one(obs, label=f"{whole} — Neglect")["value"] == 58                  # its grand total
    assert one(obs, label=f"{whole} — Male")["value"] == 53
    assert one(obs, label=f"{whole} — Physical abuse — Male")["flag"] == "c"    # "Fewer than 5"
    total = one(obs, indicator="cpp_started_count")
    assert total["value"] == 105 and total["period_kind"] == "calendar_year" and total["area_role"] == "la"


def test_a_breakdown_under_an_indicator_row_takes_its_name():
    sheet = SheetData("KPIs", [
        ["Measure", "2022/23", "2023/24"],
        ["Number of children subject to a CP plan", 312, 298],
        ["Neglect", 150, 140], ["Emotional abuse", 120, 118],
        ["% of CP plans starting which were a second or subsequent plan", "21.4%", "23.8%"],
    ])
    obs = import_workbook(workbook(sheet)).observations
    assert one(obs, label="Number of children subject to a CP plan — Neglect", period="2023-24")["value"] == 140
    assert one(obs, indicator="cpp_open_count", period="2023-24")["value"] == 298
    assert one(obs, indicator="cpp_repeat_ever_pct", period="2023-24")["value"] == 23.8


def test_districts_stay_districts():
    obs = import_workbook(workbook(districts_by_date())).observations
    assert one(obs, area="Ashford", period="31 Jul 2020")["area_role"] == "district"
    headed = SheetData("Areas", [["Locality", "2022/23"], ["North", 40], ["South", 35], ["Total", 75]])
    obs = import_workbook(workbook(headed)).observations
    assert one(obs, area="North")["area_role"] == "district"


def test_a_breakdown_of_a_dfe_file_keeps_its_parts_local():
    sheet = SheetData("A5", [
        ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "category",
         "characteristic", "characteristic_type", "CPP_At31", "Neglect_Initial"],
        [2020, "Reporting year", "National", "E92000001", "England", "Initial category of abuse", "Gender", "Total",
         51510, 26010],
        [2020, "Reporting year", "National", "E92000001", "England", "Initial category of abuse", "Gender", "Female",
         24480, 12080],
        [2020, "Reporting year", "National", "E92000001", "England", "Initial category of abuse", "Unborn", "Unborn",
         1220, 850],
    ])
    r = import_workbook(workbook(sheet))
    obs = r.observations
    assert one(obs, indicator="cpp_open_count")["value"] == 51510
    assert one(obs, label="CPP_At31 — Female")["indicator"] is None
    assert one(obs, label="CPP_At31 — Unborn")["value"] == 1220
    assert r.tables[0].accounting.read_cells == r.tables[0].accounting.value_cells == 6   # the filters are labels


def test_helpers():
    assert is_total("Grand Total") and is_total("All children") and not is_total("Neglect")
    assert breakdown_label("Children on a CP plan by category of abuse", "Neglect") == "Children on a CP plan — Neglect"
    assert breakdown_label("", "Neglect") == "Neglect"


def test_inspect_says_why_a_breakdown_is_local(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Snapshot"
    for row in by_category().rows:
        ws.append(row)
    path = tmp_path / "categories.xlsx"
    wb.save(path)
    out = subprocess.run([sys.executable, "-m", "cpdesk", "inspect", str(path)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert ("unrecognised label: 'Children on a CP plan — Neglect' (Snapshot B3, 2 value(s)); kept as a local "
            "indicator (a breakdown: one part of 'Children on a CP plan' by category of abuse") in out.stdout


def test_lengths_of_time_down_the_side_are_labels_not_figures_in_words():
    # the DfE D5 bands ("3 months or less" ... "2 years or more") with the title saying "at 31 March":
    # before, "3 months or less" was read as the figure 3 and every band placed as children on a plan
    sheet = SheetData("Duration", [
        ["Children subject to a child protection plan at 31 March, by length of time on the plan"],
        ["Length of time", "2023", "2024"],
        ["3 months or less", 95, 101], ["More than 3 months - 6 months", 70, 66],
        ["1 year less than 2 years", 40, 38], ["2 years or more", 8, 6], ["Total", 293, 288],
    ])
    r = import_workbook(workbook(sheet))
    obs = r.observations
    assert set(obs.loc[obs["indicator"] == "cpp_open_count", "value"]) == {293, 288}   # only the total
    assert one(obs, label="3 months or less", period="2023-24")["indicator"] == "cpp_open_under_3m_count"
    long = next(e for e in r.labels if e["label"] == "2 years or more")
    assert long["status"] == "suggested" and long["indicator"].startswith("cpp_open_2yrs")   # open at 31 March
