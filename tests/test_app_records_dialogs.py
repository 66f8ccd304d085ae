"""The records dialogs and their domain helpers on their own: rules, mapping, table model, sheet sorting."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from cpdesk.errors import ImportCancelled
from cpdesk.records.computed_source import RecordsSettings, pseudonymise
from cpdesk.records.list_sheets import candidate_for, looks_like_list, missing_required, sort_sheets

PLAIN = [["Person Ref", "Began", "Finished", "Prev CPPs"],
         ["A1", dt.datetime(2019, 4, 1), dt.datetime(2019, 6, 15), 0.0],
         ["B2", "05/05/2019", "20/02/2020", 0.0],
         ["C3", dt.datetime(2020, 1, 10), None, 1.0]]


def test_settings_from_a_workspace_fall_back_to_defaults_when_damaged():
    assert RecordsSettings.from_dict(None) == RecordsSettings("end", ("quarter", "year", "rolling12"))
    assert RecordsSettings.from_dict({"repeat_within_from": "middle", "periods": "year"}).to_dict() == {
        "repeat_within_from": "end", "periods": ["quarter", "year", "rolling12"]}
    s = RecordsSettings.from_dict({"repeat_within_from": "start", "periods": ["month", "decade", "month"]})
    assert s == RecordsSettings("start", ("month",)) and s.rules().repeat_within_from == "start"


def test_pseudonymise_numbers_children_in_order_of_appearance():
    frame = pd.DataFrame({"child_id": ["9", "4", "9", ""], "row": [2, 3, 4, 5]})
    assert pseudonymise(frame)["child_id"].tolist() == ["child 1", "child 2", "child 1", "child 3"]
    assert frame["child_id"].tolist() == ["9", "4", "9", ""]   # the original is untouched


def test_a_list_with_unrecognised_headings_is_a_candidate_and_a_performance_table_is_not():
    assert looks_like_list(PLAIN) == 0
    c = candidate_for("/x/plans.xlsx", "plans.xlsx", "Plans", [["Plans extract"], []] + PLAIN)
    assert c.header_row == 2 and c.guessed == {"child_id": 0}
    assert c.values_of(1) == ["01/04/2019", "05/05/2019", "10/01/2020"]
    table = [["Indicator", "2019-20", "2020-21"], ["Repeat plans %", 21.0, 19.5], ["ID", 3.0, 4.0]]
    assert looks_like_list(table) is None
    # one date column and a bare "Id" is a generic list, not a list of children
    assert looks_like_list([["Id", "Name", "Date"], [1.0, "x", dt.datetime(2020, 1, 1)]]) is None


def test_missing_required_fields_in_words():
    assert missing_required({}) == ["Child identifier", "Plan start date or Strategy discussion date"]
    assert missing_required({"child_id": 0, "strategy_date": 3}) == []


def test_sort_sheets_recalls_a_remembered_mapping(tmp_path):
    from cpdesk.records import remember
    from cpdesk.records.list_sheets import mapping_from_choice
    store = tmp_path / "store.json"
    first = sort_sheets("p", "p.xlsx", [("Plans", PLAIN)], store)
    assert first.lists == [] and len(first.candidates) == 1
    mapping = mapping_from_choice(first.candidates[0], {"child_id": 0, "plan_start": 1, "plan_end": 2,
                                                       "previous_plans": 3})
    assert mapping.list_type == "plans"     # a flat list of plans (no Annex A sheet name)
    remember(store, mapping)
    again = sort_sheets("q", "q.xlsx", [("Other name", [["Title"]] + PLAIN)], store)
    assert again.candidates == [] and len(again.lists) == 1
    sheet, m = again.lists[0]
    assert (sheet, m.header_row, m.columns["plan_start"], m.recognised) == ("Other name", 1, 1, False)


def test_load_file_can_be_cancelled(tmp_path):
    from cpdesk.records.file_loading import load_file
    path = tmp_path / "plans.csv"
    path.write_text("Child ID,Plan start date\nA,01/04/2020\n", encoding="utf-8")
    with pytest.raises(ImportCancelled):
        load_file(path, cancelled=lambda: True)
    loaded = load_file(path, today=dt.date(2025, 1, 1))
    assert loaded.records.n_records == 1 and loaded.imported is None and loaded.tables == []


def test_rules_dialog_states_the_rules_and_edits_the_repeat_setting(qtbot):
    from cpdesk.catalogue import default_catalogue
    from cpdesk.ui.records_rules_dialog import RulesDialog
    dialog = RulesDialog(RecordsSettings("end", ("quarter",)), default_catalogue())
    qtbot.addWidget(dialog)
    text = dialog.rules_text.toPlainText()
    assert "previous plan in the records ended on or after the same date 2 years before" in text
    assert "at most 15 working days after the strategy discussion" in text
    assert "more than 729 days" in text
    dialog.from_start.setChecked(True)
    assert "previous plan in the records started on or after" in dialog.rules_text.toPlainText()
    dialog.period_boxes["month"].setChecked(True)
    assert dialog.settings() == RecordsSettings("start", ("quarter", "month"))
    dialog.period_boxes["quarter"].setChecked(False)
    dialog.period_boxes["month"].setChecked(False)
    assert not dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()


def test_mapping_dialog_needs_an_identifier_and_a_start_date(qtbot):
    from cpdesk.ui.records_mapping_dialog import RecordsMappingDialog
    c = candidate_for("/x/p.xlsx", "p.xlsx", "Plans", PLAIN)
    dialog = RecordsMappingDialog([c])
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled() and "Plan start date or Strategy discussion date" in dialog.status.text()
    assert dialog.previews["child_id"].text() == "A1, B2, C3"
    dialog.choose("plan_start", "Began")
    assert dialog.ok.isEnabled() and dialog.previews["plan_start"].text() == "01/04/2019, 05/05/2019, 10/01/2020"
    dialog.choose("review_dates", "Finished")
    m = dialog.mapping()
    assert m.columns == {"child_id": 0, "plan_start": 1, "review_dates": [2]} and m.heading("plan_start") == "Began"
    dialog.choose("child_id", None)
    assert not dialog.ok.isEnabled() and dialog.status.text().startswith("Still needed: Child identifier")


def test_records_model_text_and_sorting(qtbot):
    from cpdesk.models.records_model import RecordsModel
    model = RecordsModel()
    frame = pd.DataFrame({"row": [5, 12, 7], "plan_start": [dt.date(2020, 1, 2), None, dt.date(2019, 5, 6)],
                          "in_numerator": [True, False, True], "months_since_previous_start": [1.5, float("nan"), 3.0]})
    model.set_frame(frame)
    assert [model.headerData(i, Qt.Horizontal) for i in range(4)] == ["Row", "Plan start", "In numerator",
                                                                      "Months since previous start"]
    assert [model.index(r, 1).data() for r in range(3)] == ["02/01/2020", "", "06/05/2019"]
    assert [model.index(r, 2).data() for r in range(3)] == ["yes", "no", "yes"]
    assert model.index(0, 3).data() == "1.50" and model.index(0, 0).data(Qt.TextAlignmentRole) is not None
    model.sort(1, Qt.AscendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["7", "5", "12"]   # blank date last
    model.sort(0, Qt.DescendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["12", "7", "5"]
    header, rows = model.visible_table()
    assert header[0] == "Row" and rows[0] == ["12", "", "no", ""]


def test_rules_dialog_keeps_the_population_it_does_not_edit(qtbot):
    from cpdesk.ui.records_rules_dialog import RulesDialog
    dialog = RulesDialog(RecordsSettings("end", ("quarter",), population=20000))
    qtbot.addWidget(dialog)
    dialog.from_start.setChecked(True)
    chosen = dialog.settings()
    assert (chosen.repeat_within_from, chosen.periods, chosen.population) == ("start", ("quarter",), 20000)
