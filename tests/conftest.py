"""Shared test set-up: Qt offscreen, settings and resources isolated from the user's."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Point every per-user location at a temporary folder, so no test touches real settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("APPDATA", str(home / "AppData" / "Roaming"))
    monkeypatch.setenv("LOCALAPPDATA", str(home / "AppData" / "Local"))
    yield


@pytest.fixture
def settings_file(tmp_path, monkeypatch) -> Path:
    """The app's settings (and its caches) in a temporary file, via ``CPDESK_SETTINGS``."""
    path = tmp_path / "settings" / "cpdesk.ini"
    path.parent.mkdir()
    monkeypatch.setenv("CPDESK_SETTINGS", str(path))
    return path


@pytest.fixture
def window(qtbot, settings_file, monkeypatch):
    """A main window with no local authority chosen; "save changes?" is answered Discard."""
    from PySide6.QtWidgets import QMessageBox

    from cpdesk.ui.main_window import MainWindow
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Discard)
    w = MainWindow(ask_la=False)
    qtbot.addWidget(w)
    yield w
    w.session.mark_dirty(False)


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        raise FileNotFoundError(f"the shared data folder is missing: {SHARED}")
    return SHARED
