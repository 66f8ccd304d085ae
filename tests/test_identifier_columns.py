"""A leading column that says which authority a row is ("LA Number" 841, "new_la_code"
E06000005), as in LAIT's data (its "LA Number" column) and the DfE open data, is neither a
figure nor a label to recognise: without this rule the names beside it were taken for
figures and England's row was placed as the authority's own."""
from __future__ import annotations

from cpdesk.importing.importer import import_workbook
from cpdesk.importing.workbook import SheetData
from tests.layout_fixtures import workbook
from tests.test_layouts import one

TITLE = "Percentage of children who became the subject of a Child Protection Plan for a second or subsequent time"


def test_an_authority_number_column_before_the_names_is_an_identifier():
    sheet = SheetData("PrevRegCPR", [
        [TITLE], [],
        ["LA Number", "LA Name", 2021, 2022, 2023],
        [841, "Darlington", 21.4, 18.2, 19.1],
        [840, "County Durham", 22.0, 23.0, 21.1],
        [None, "North East", 24.9, 25.4, 24.7],
        [None, "England", 22.1, 23.3, 23.6],
    ])
    r = import_workbook(workbook(sheet, name="lait_prevregcpr.xlsx"))
    obs = r.observations
    assert len(obs) == 12 and set(obs["indicator"]) == {"cpp_repeat_ever_pct"}
    assert one(obs, area_role="england", period="2022-23")["value"] == 23.6
    assert one(obs, area="North East", period="2020-21")["area_role"] == "region"
    assert one(obs, area="Darlington", period="2021-22")["value"] == 18.2
    assert not obs["value"].isin([841, 840]).any()
    assert r.tables[0].accounting.read_cells == r.tables[0].accounting.value_cells == 12


def test_a_code_column_of_gss_codes_is_an_identifier_too():
    sheet = SheetData("Rates", [
        ["Rate of children subject to a child protection plan per 10,000 children"],
        ["new_la_code", "la_name", "2022/23", "2023/24"],
        ["E06000005", "Darlington", 43.1, 52.0],
        ["E92000001", "England", 43.2, 41.6],
    ])
    obs = import_workbook(workbook(sheet, name="rates.xlsx")).observations
    assert set(obs["indicator"]) == {"cpp_rate_per_10k"}
    assert one(obs, area_role="england", period="2023-24")["value"] == 41.6


def test_a_first_column_headed_number_is_not_an_identifier():
    from cpdesk.importing.layout import _ID_HEADER
    assert _ID_HEADER.match("LA Number") and _ID_HEADER.match("new_la_code") and _ID_HEADER.match("Ref")
    assert not _ID_HEADER.match("Number") and not _ID_HEADER.match("No.")   # these head figures
