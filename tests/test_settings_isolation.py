"""Every setting goes through cpdesk.ui.settings, so CPDESK_SETTINGS (tests) is honoured everywhere."""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

PACKAGE = Path(__file__).resolve().parent.parent / "cpdesk"


def test_no_module_makes_its_own_qsettings():
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if p.name != "settings.py" and re.search(r"\bQSettings\(", p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_export_folder_is_remembered_in_the_settings_file(qtbot, settings_file, tmp_path, monkeypatch):
    from cpdesk.ui.export_dialog import ExportDialog
    chosen = tmp_path / "papers" / "q3"
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filters, **kw: (asked.append(start) or str(chosen), filters))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert ExportDialog.ask_path(parent, ".docx") == str(chosen) + ".docx"
    stored = QSettings(str(settings_file), QSettings.IniFormat)
    assert stored.value("dirs/export") == str(chosen.parent)
    ExportDialog.ask_path(parent, ".docx")
    assert Path(asked[-1]).parent == chosen.parent   # the next export starts there
