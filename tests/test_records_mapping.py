import json

import pytest

from cpdesk.errors import CpdeskError, UnreadableFileError
from cpdesk.records import load_mapping_file, load_records, recall, recognise, remember, save_mapping_file
from cpdesk.records.mapping import apply_mapping_entry


def test_annex_a_lists_are_recognised(shared_dir):
    rs = load_records([shared_dir / "samples" / "annex_a_synthetic.xlsx"])
    kinds = {s.sheet: s.mapping.list_type for s in rs.sources}
    assert kinds == {"List 5": "annex_a_list_5", "List 7": "annex_a_list_7"}
    l7 = next(s.mapping for s in rs.sources if s.sheet == "List 7")
    assert l7.heading("plan_end") == "Child Protection Plan End Date"
    assert l7.heading("previous_plans") == "Number of Previous Child Protection Plans"
    # ids come as floats from the workbook and are shown without ".0"
    assert "10721552" in set(rs.plans["child_id"])
    assert len(rs.plans) == 7 and len(rs.s47) == 5


def test_flat_extract_headings_and_a_title_row_above_them():
    rows = [["CP plans extract, run 3 April 2024"], [],
            ["Person ID", "CP Start", "CP End", "Initial category", "Latest category", "Previous plans",
             "Review 1", "Review 2"]]
    m = recognise(("Sheet1", rows))
    assert m.header_row == 2
    assert {k: m.heading(k) for k in m.columns} == {
        "child_id": "Person ID", "plan_start": "CP Start", "plan_end": "CP End",
        "initial_category": "Initial category", "latest_category": "Latest category",
        "previous_plans": "Previous plans", "review_dates": ["Review 1", "Review 2"]}
    assert recognise(("Notes", [["Contents"], ["List 1", "Contacts"]])) is None


def test_mapping_file_round_trip_and_errors(tmp_path):
    rows = [["Ref", "Began", "Finished"], ["X1", "01/04/2020", ""]]
    assert recognise(("Data", rows)) is None
    path = tmp_path / "map.json"
    path.write_text(json.dumps({"cpdesk_mapping": 1, "sheets": [
        {"sheet": "Data", "columns": {"child_id": "ref", "plan_start": "Began", "plan_end": "FINISHED"}}]}))
    entries = load_mapping_file(path)
    m = apply_mapping_entry(entries[0], ("Data", rows))
    assert m.columns == {"child_id": 0, "plan_start": 1, "plan_end": 2} and m.list_type == "plans"
    assert apply_mapping_entry(entries[0], ("Other", rows)) is None
    out = tmp_path / "saved.json"
    save_mapping_file(out, [m])
    again = load_mapping_file(out)
    assert again[0]["columns"] == {"child_id": "Ref", "plan_start": "Began", "plan_end": "Finished"}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"sheets": [{"columns": {"child_idx": "Ref"}}]}))
    with pytest.raises(UnreadableFileError, match="unknown field"):
        load_mapping_file(bad)
    with pytest.raises(CpdeskError, match="Nope"):
        apply_mapping_entry({"sheet": "Data", "header_row": 1, "columns": {"child_id": "Nope"}}, ("Data", rows))


def test_a_mapping_is_remembered_by_its_headings(tmp_path):
    rows = [["Ref", "Began", "Finished"], ["X1", "01/04/2020", ""]]
    m = apply_mapping_entry({"columns": {"child_id": "Ref", "plan_start": "Began"}}, ("Data", rows))
    store = tmp_path / "mappings.json"
    remember(store, m)
    back = recall(store, ("Another sheet", [["title"], ["Ref", "Began", "Finished"]]))
    assert back.columns == {"child_id": 0, "plan_start": 1} and back.header_row == 1
    assert recall(store, ("X", [["Ref", "Began"]])) is None


def test_csv_extract_with_a_title_line_above_the_headings(tmp_path):
    path = tmp_path / "extract.csv"
    path.write_text("CP plans extract run 3 April 2024\n"
                    "Person ID,CP Start,CP End,Previous plans\n"
                    "A1,01/04/2019,15/06/2019,0\n"
                    "B2,05/05/2019,,1\n", encoding="utf-8")
    rs = load_records([path])
    assert sorted(rs.plans["child_id"]) == ["A1", "B2"]
