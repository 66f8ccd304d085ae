"""Where the window keeps its settings and its crash-recovery file.

``CPDESK_SETTINGS`` names an ini file to use instead of the user's real settings (tests
set it, so they never touch a real user's choices).
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORGANISATION = "cpdesk"
APPLICATION = "cpdesk"


def make_settings() -> QSettings:
    override = os.environ.get("CPDESK_SETTINGS")
    if override:
        return QSettings(override, QSettings.IniFormat)
    return QSettings(QSettings.IniFormat, QSettings.UserScope, ORGANISATION, APPLICATION)


def data_folder() -> Path:
    """Folder for the autosaved recovery workspace."""
    override = os.environ.get("CPDESK_SETTINGS")
    if override:
        folder = Path(override).parent / "cpdesk-data"
    else:
        folder = Path(QStandardPaths.writableLocation(QStandardPaths.AppLocalDataLocation) or Path.home() / ".cpdesk")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cache_folder() -> Path:
    """Folder for what can be rebuilt at any time (the saved first grid of each authority).

    Beside the ``CPDESK_SETTINGS`` file when that is set; else the user's cache folder.
    Not created here: whoever writes into it does that.
    """
    override = os.environ.get("CPDESK_SETTINGS")
    if override:
        return Path(override).parent / "cpdesk-cache"
    location = QStandardPaths.writableLocation(QStandardPaths.CacheLocation)
    return Path(location) if location else Path.home() / ".cpdesk" / "cache"


def read_list(settings: QSettings, key: str) -> list[str]:
    value = settings.value(key, [])
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]
