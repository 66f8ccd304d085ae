"""Map label… in the window drives the real mapping dialog: one label, or every unrecognised label at once."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from cpdesk.observations import to_frame
from cpdesk.periods import financial_year
from cpdesk.ui.mapping_dialog import CATALOGUE, MappingDialog
from tests.grid_fixtures import obs, repeat_plans_frame


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    from cpdesk.ui.main_window import MainWindow
    path = tmp_path / "settings" / "cpdesk.ini"
    path.parent.mkdir()
    monkeypatch.setenv("CPDESK_SETTINGS", str(path))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Discard)
    w = MainWindow(ask_la=False)
    qtbot.addWidget(w)
    yield w
    w.dirty = False


def _load(window, frame):
    window.results["/data/scorecard.xlsx"] = SimpleNamespace(observations=frame, tables=[], warnings=[],
                                                             unrecognised=[], hidden_sheets=[])
    window.workspace.area = "Barsetshire"
    window.refresh(observations_changed=True)


def _two_unknown_labels():
    import pandas as pd
    extra = to_frame([obs(None, "Barsetshire", "la", financial_year(2024), 64.0, cell="D10", label="Visits on time (%)")])
    return pd.concat([repeat_plans_frame(), extra], ignore_index=True)


def test_map_label_with_several_unrecognised_offers_them_all(window, monkeypatch):
    _load(window, _two_unknown_labels())
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
    assert window.workspace.mappings == {
        "Children seen alone": {"indicator": "cpp_reviews_on_time_pct"},
        "Visits on time (%)": {"local": {"name": "Visits on time", "polarity": "higher", "unit": "percent"}}}
    rows = {r.key: r for r in window.grid.rows}
    assert not any(k.startswith("label:") for k in rows)
    assert rows["cpp_reviews_on_time_pct"].name and any(r.name == "Visits on time" and r.polarity == "higher"
                                                       for r in rows.values())
    assert window.dirty


def test_map_label_with_one_unrecognised_asks_about_it_alone(window, monkeypatch):
    _load(window, repeat_plans_frame())
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
    assert window.workspace.mappings == {"Children seen alone": {"indicator": "cpp_reviews_on_time_pct"}}
    assert "label:Children seen alone" not in {r.key for r in window.grid.rows}


def test_cancelling_the_dialog_changes_nothing(window, monkeypatch):
    _load(window, _two_unknown_labels())
    monkeypatch.setattr(MappingDialog, "exec", lambda dialog: QDialog.Rejected)
    window.map_label("/data/scorecard.xlsx", "Children seen alone")
    assert window.workspace.mappings == {}
    assert "label:Children seen alone" in {r.key for r in window.grid.rows}
