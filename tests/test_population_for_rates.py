"""Edit › Population for rates…: the 0-17 population in the workspace, and rates per 10,000 from records."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from cpdesk.records.computed_source import RecordsSettings
from cpdesk.ui.population_dialog import NOT_SET, PopulationDialog
from tests.test_app_records import FLAT

RATES = {"cpp_rate_per_10k", "cpp_start_rate_per_10k", "cpp_ceased_rate_per_10k"}


@pytest.fixture
def flat_csv(tmp_path):
    path = tmp_path / "cp_extract.csv"
    path.write_text(FLAT, encoding="utf-8")
    return path


def _answer(monkeypatch, value):
    """The dialog as a user fills it: the spin box set to ``value`` and OK pressed."""
    seen = {}

    def exec_(dialog: PopulationDialog):
        seen["shown"] = dialog.spin.value()
        seen["text"] = dialog.spin.text()
        dialog.spin.setValue(value)
        dialog.accept()
        return QDialog.Accepted
    monkeypatch.setattr(PopulationDialog, "exec", exec_)
    return seen


def _menu_action(window, text):
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    return next(a for a in edit.actions() if a.text().replace("&", "") == text)


def _rate(window, indicator, period):
    o = window.session.observations()
    hit = o[(o["indicator"] == indicator) & (o["period"] == period)]
    return tuple(hit[["value", "numerator"]].iloc[0]) if len(hit) else None


def test_population_from_the_edit_menu_computes_rates_and_is_kept(window, qtbot, flat_csv, monkeypatch, tmp_path):
    window.load_paths_now([flat_csv])
    assert not RATES & set(window.session.observations()["indicator"].dropna())             # no population: no rates
    seen = _answer(monkeypatch, 20000)
    with qtbot.waitSignal(window.records.recomputed, timeout=20000):   # computed off the UI thread
        _menu_action(window, "Population for rates…").trigger()
    assert seen == {"shown": 0, "text": NOT_SET}
    assert window.session.workspace.population == 20000.0 and window.session.dirty
    # children subject to a plan at 31 March 2020: A1's second plan and B2's (C3 starts later; D4's date is impossible)
    assert _rate(window, "cpp_rate_per_10k", "2019-20") == (1.0, 2.0)
    assert _rate(window, "cpp_start_rate_per_10k", "Q4 2019-20") == (1.0, 2.0)
    assert RATES <= {r.key for r in window.session.grid().rows}
    assert "20,000" in window.status.text()

    # a counting-rule change (the rules dialog knows nothing of the population) keeps it in the workspace
    import cpdesk.ui.records_rules_dialog as rules_dialog
    monkeypatch.setattr(rules_dialog, "ask_settings",
                        lambda parent, settings, catalogue=None: RecordsSettings("start", settings.periods))
    with qtbot.waitSignal(window.records.recomputed, timeout=20000):
        window.records.rules_action.trigger()
    assert window.session.workspace.records["repeat_within_from"] == "start" and window.session.workspace.population == 20000.0

    # saved with the workspace; a new session computes the rates as the list loads
    from cpdesk.workspace import load_workspace
    assert window.files.write(str(tmp_path / "paper.cpdesk"))
    assert load_workspace(tmp_path / "paper.cpdesk").records["population"] == 20000.0
    from cpdesk.ui.main_window import MainWindow
    again = MainWindow(ask_la=False)
    again.files.open(str(tmp_path / "paper.cpdesk"), load_sources=False)
    again.load_paths_now([flat_csv])
    assert _rate(again, "cpp_rate_per_10k", "2019-20") == (1.0, 2.0)
    again.dirty = False
    again.close()


def test_clearing_the_population_removes_the_rates(window, qtbot, flat_csv, monkeypatch):
    window.session.workspace.population = 40000
    window.load_paths_now([flat_csv])
    assert _rate(window, "cpp_rate_per_10k", "2019-20") == (0.5, 2.0)
    seen = _answer(monkeypatch, 0)
    with qtbot.waitSignal(window.records.recomputed, timeout=20000):
        window.edit_population()
    assert seen["shown"] == 40000
    assert window.session.workspace.population is None and "population" not in window.session.workspace.records
    assert not RATES & set(window.session.observations()["indicator"].dropna())


def test_without_a_list_of_children_the_population_is_kept_for_later(window, monkeypatch):
    _answer(monkeypatch, 52300)
    window.edit_population()
    assert window.session.workspace.population == 52300.0
    assert "when a list of children is loaded" in window.status.text()


def test_settings_round_trip_and_bad_values():
    s = RecordsSettings.from_dict({"repeat_within_from": "end", "periods": ["year"], "population": "52300"})
    assert s.population == 52300.0 and s.to_dict()["population"] == 52300.0
    assert s == RecordsSettings("end", ("year",))                      # not a counting rule
    for bad in (0, -5, "many", None, float("nan")):
        assert RecordsSettings.from_dict({"population": bad}).population is None
    from cpdesk.errors import CpdeskError
    from cpdesk.workspace import Workspace
    with pytest.raises(CpdeskError):
        Workspace().population = -1


def test_the_shortcuts_help_names_menu_items_that_exist(window):
    import re

    from cpdesk.ui.help_dialogs import SHORTCUTS_TEXT
    menus = {a.text().replace("&", ""): [x.text().replace("&", "") for x in a.menu().actions()]
             for a in window.menuBar().actions() if a.menu() is not None}
    named = re.findall(r"^(Edit|View) › (.+?…)", SHORTCUTS_TEXT, flags=re.M)
    assert ("Edit", "Population for rates…") in named and ("Edit", "Counting rules for records…") in named
    for menu, item in named:
        assert item in menus[menu], (menu, item)
    assert "Alt+M" in SHORTCUTS_TEXT and "label-mapping" in SHORTCUTS_TEXT
