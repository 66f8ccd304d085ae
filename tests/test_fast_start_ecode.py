"""``--la`` given as an ONS E-code finds the saved first grid, like a name or a 3-digit code."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from cpdesk import grid_cache


@pytest.fixture
def settings_file(settings_file, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Discard)
    return settings_file


def test_aliases_are_the_e_codes():
    from cpdesk.ui.fast_start import authority_aliases
    assert authority_aliases("202") == ["E09000007"]          # Camden
    assert authority_aliases("no such code") == []


@pytest.mark.parametrize("asked", ["E09000007", "e09000007 "])
def test_la_as_e_code_starts_from_the_saved_grid(qtbot, settings_file, asked):
    from cpdesk.ui.main_window import MainWindow
    from cpdesk.ui.settings import cache_folder
    first = MainWindow(ask_la=False)
    qtbot.addWidget(first)
    first.set_la("202")                                        # a fresh Camden grid is saved for next time
    first.dirty = False
    assert grid_cache.resolve(cache_folder(), asked) == "202"

    w = MainWindow(ask_la=False)
    qtbot.addWidget(w)
    w.start((), None, asked, use_cache=True)
    assert getattr(w, "cached_start", None) is not None and w.session.national_pending   # painted from the cache
    assert w.session.workspace.la_code == "202" and w.session.grid().area == "Camden"
    assert w.settings.value("la/code") == "202"
    w.cached_start.wait()
    assert not w.session.national_pending and w.session.workspace.la_name == "Camden"
    w.session.mark_dirty(False)
