"""Map label… in the window drives the real mapping dialog: one label, or every unrecognised label at once."""
from __future__ import annotations


from PySide6.QtWidgets import QDialog

from cpdesk.observations import to_frame
from cpdesk.periods import financial_year
from cpdesk.ui.mapping_dialog import CATALOGUE, MappingDialog
from tests.grid_fixtures import obs, repeat_plans_frame, show_results


def _two_unknown_labels():
    import pandas as pd
    extra = to_frame([obs(None, "Barsetshire", "la", financial_year(2024), 64.0, cell="D10", label="Visits on time (%)")])
    return pd.concat([repeat_plans_frame(), extra], ignore_index=True)


def test_map_label_with_several_unrecognised_offers_them_all(window, monkeypatch):
    show_results(window, _two_unknown_labels())
    seen = {}

    def accept(dialog: MappingDialog):
        seen["labels"] = [r.label for r in dialog.rows]
        seen["focus_first"] = dialog.rows[0].label
        dialog.row("Children seen alone").choose_indicator("cpp_reviews_on_time_pct")
        dialog.row("Visits on time (%)").make_local("Visits on time", "higher", "percent")
        dialog.accept()
        return QDialog.Accepted if dialog.result() == QDialog.Accepted else QDialog.Rejected

    monkeypatch.setattr(MappingDialog, "exec", accept)
    window.map_label("/data/scorecard.xlsx", "Visits on time (%)")
    assert sorted(seen["labels"]) == ["Children seen alone", "Visits on time (%)"]
    assert seen["focus_first"] == "Visits on time (%)"          # the label asked about comes first
    assert window.session.workspace.mappings == {
        "Children seen alone": {"indicator": "cpp_reviews_on_time_pct"},
        "Visits on time (%)": {"local": {"name": "Visits on time", "polarity": "higher", "unit": "percent"}}}
    rows = {r.key: r for r in window.session.grid().rows}
    assert not any(k.startswith("label:") for k in rows)
    assert rows["cpp_reviews_on_time_pct"].name and any(r.name == "Visits on time" and r.polarity == "higher"
                                                       for r in rows.values())
    assert window.session.dirty


def test_map_label_with_one_unrecognised_asks_about_it_alone(window, monkeypatch):
    show_results(window, repeat_plans_frame())
    seen = {}

    def accept(dialog: MappingDialog):
        seen["labels"] = [r.label for r in dialog.rows]
        seen["action"] = dialog.rows[0].action.currentIndex()
        dialog.rows[0].choose_indicator("cpp_reviews_on_time_pct")
        dialog.accept()
        return QDialog.Accepted

    monkeypatch.setattr(MappingDialog, "exec", accept)
    window.map_label("/data/scorecard.xlsx", "Children seen alone")
    assert seen == {"labels": ["Children seen alone"], "action": CATALOGUE}
    assert window.session.workspace.mappings == {"Children seen alone": {"indicator": "cpp_reviews_on_time_pct"}}
    assert "label:Children seen alone" not in {r.key for r in window.session.grid().rows}


def test_cancelling_the_dialog_changes_nothing(window, monkeypatch):
    show_results(window, _two_unknown_labels())
    monkeypatch.setattr(MappingDialog, "exec", lambda dialog: QDialog.Rejected)
    window.map_label("/data/scorecard.xlsx", "Children seen alone")
    assert window.session.workspace.mappings == {}
    assert "label:Children seen alone" in {r.key for r in window.session.grid().rows}
