"""The main window (pytest-qt, offscreen): drop, load, comparators, targets with undo, workspace, recovery."""
from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from cpdesk.models.grid_model import JudgementRole, SymbolRole
from tests.grid_fixtures import repeat_plans_frame, show_results

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "example_cp_performance.xlsx"


def _cell(window, key, column_label):
    g = window.session.grid()
    r = next(i for i, row in enumerate(g.rows) if row.key == key)
    c = next(i for i, col in enumerate(g.columns) if col.label == column_label)
    return window.grid_view.model.index(r, c)


def test_drop_of_file_urls_loads_good_files_and_reports_the_bad_one(window, qtbot, tmp_path):
    good = tmp_path / "scorecard.xlsx"
    shutil.copy(SAMPLE, good)
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"this is not a spreadsheet")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(bad))])
    event = QDropEvent(QPoint(50, 50), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    with qtbot.waitSignal(window.loader.finished, timeout=20000):
        window.dropEvent(event)
    assert event.isAccepted()
    assert list(window.session.loaded) == [str(good.resolve())]
    errors = [text for level, text in window.messages.messages() if level == "error"]
    assert len(errors) == 1 and "broken.xlsx" in errors[0] and "Traceback" not in errors[0]
    assert window.session.grid().granularity == "quarters" and window.session.grid().area == "Local authority"
    assert window.sources_panel.model.rowCount() == 1
    assert window.raw_view.model.rowCount() == len(window.session.observations()) > 100
    assert window.session.workspace.sources == [str(good.resolve())]


def test_grid_roles_for_known_inputs(window):
    show_results(window, repeat_plans_frame())
    idx = _cell(window, "cpp_repeat_ever_pct", "2023-24")
    assert idx.data(Qt.DisplayRole) == "10.0% ↗ † ●"
    assert idx.data(JudgementRole) == "similar" and idx.data(SymbolRole) == "●"
    assert idx.data(Qt.BackgroundRole).color().name() == "#e4e4e1"
    assert idx.data(Qt.ForegroundRole).color().name() == "#0b0c0c"
    assert "Source: f.xlsx › S › D2" in idx.data(Qt.ToolTipRole)
    assert "similar to England" in idx.data(Qt.AccessibleTextRole)
    neutral = _cell(window, "cpp_open_count", "2023-24")
    assert neutral.data(Qt.BackgroundRole) is None and neutral.data(Qt.DisplayRole) == "300 ↑"
    model = window.grid_view.model
    assert model.headerData(0, Qt.Vertical) == "Repeat plans"
    # a group's name spans the periods, and its band carries on across the frozen comparators
    assert window.grid_view.table.columnSpan(0, 0) == 3 and window.grid_view.frozen.columnSpan(0, 3) == 3


def test_comparator_switch_in_the_controls_changes_judgements(window):
    show_results(window, repeat_plans_frame())
    combo = window.grid_view.comparator
    combo.setCurrentIndex(combo.findData("target"))
    idx = _cell(window, "cpp_repeat_ever_pct", "2023-24")
    assert idx.data(JudgementRole) == "amber" and idx.data(Qt.DisplayRole).endswith(" ◆")
    assert "target near" in idx.data(Qt.AccessibleTextRole)
    assert window.session.workspace.comparator == "target" and "compared with Target" in window.heading.text()
    combo.setCurrentIndex(combo.findData("neighbours"))
    assert _cell(window, "cpp_repeat_ever_pct", "2023-24").data(JudgementRole) == "similar"


def test_targets_edit_and_undo_restores(window, qtbot):
    show_results(window, repeat_plans_frame())
    window.set_comparator("target")
    key = "cpp_repeat_ever_pct"
    assert _cell(window, key, "2023-24").data(JudgementRole) == "amber"
    window.change_indicator_settings(key, {"target": 8.0, "target_tolerance_pct": 10.0})
    assert window.session.workspace.targets[key] == 8.0
    assert _cell(window, key, "2023-24").data(JudgementRole) == "red"
    window.undo_stack.undo()
    assert key not in window.session.workspace.targets and key not in window.session.workspace.tolerances
    assert _cell(window, key, "2023-24").data(JudgementRole) == "amber"
    window.undo_stack.redo()
    assert _cell(window, key, "2023-24").data(JudgementRole) == "red"


def test_targets_dialog_reads_its_fields(qtbot):
    from cpdesk.catalogue import default_catalogue
    from cpdesk.ui.targets_dialog import TargetsDialog
    d = TargetsDialog(default_catalogue(), "icpc_15wd_pct", {"target": 90.0})
    qtbot.addWidget(d)
    assert d.target.text() == "90"
    d.target.setText("92.5")
    d.polarity.setCurrentIndex(d.polarity.findData("lower"))
    assert d.settings() == {"target": 92.5, "polarity": "lower"}


def test_mapping_is_stored_and_reapplied(window):
    show_results(window, repeat_plans_frame())
    window.apply_mapping("Children seen alone", {"local": {"name": "Seen alone", "polarity": "higher", "unit": "percent"}})
    assert window.session.workspace.mappings["Children seen alone"]["local"]["polarity"] == "higher"
    rows = {r.key: r for r in window.session.grid().rows}
    assert rows["local_children_seen_alone"].name == "Seen alone" and "label:Children seen alone" not in rows


def test_copy_selected_cells_as_a_table(window):
    show_results(window, repeat_plans_frame())
    table = window.grid_view.table
    idx = _cell(window, "cpp_repeat_ever_pct", "2023-24")
    table.selectionModel().select(idx, QItemSelectionModel.ClearAndSelect)
    window.copy_cells()
    text = QApplication.clipboard().text()
    assert text.splitlines()[0] == "Indicator\t2023-24"
    assert "10.0% ↗ † ●" in text.splitlines()[1]
    assert "background:#e4e4e1" in QApplication.clipboard().mimeData().html()


def test_workspace_save_and_open_round_trip(window, qtbot, tmp_path, monkeypatch):
    from cpdesk.ui.main_window import MainWindow
    show_results(window, repeat_plans_frame())
    window.set_comparator("neighbours")
    window.change_indicator_settings("icpc_15wd_pct", {"target": 85.0})
    target = tmp_path / "q3.cpdesk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), WORKSPACE_FILTER))
    assert window.files.save()
    assert target.exists() and not window.session.dirty and not window.isWindowModified()
    assert window.windowTitle() == "q3 — Barsetshire[*]"     # Qt shows "q3 — Barsetshire — cpdesk"
    other = MainWindow(ask_la=False)
    qtbot.addWidget(other)
    assert other.files.open(str(target), load_sources=False)
    assert other.session.workspace.targets == {"icpc_15wd_pct": 85.0} and other.session.workspace.comparator == "neighbours"


def test_crash_recovery_file_is_written_and_offered(window, qtbot, settings_file):
    from cpdesk.ui.main_window import MainWindow
    from cpdesk.ui.settings import data_folder
    show_results(window, repeat_plans_frame())
    window.change_indicator_settings("icpc_15wd_pct", {"target": 85.0})
    window.files.autosave()
    assert (data_folder() / "recovery.cpdesk").exists()
    running = MainWindow(ask_la=False)      # a second window while the first still runs: nothing to recover
    qtbot.addWidget(running)
    running.start()
    assert not any("did not close normally" in text for _, text in running.messages.messages())
    running.files.autosave()
    running.close()
    assert (data_folder() / "recovery.cpdesk").exists()     # the first one's copy is left alone
    window.files.recovery_lock.unlock()     # the first window's process ends without closing (a crash)
    window.files.owns_recovery = False
    fresh = MainWindow(ask_la=False)
    qtbot.addWidget(fresh)
    fresh.start()
    assert any("did not close normally" in text for _, text in fresh.messages.messages())
    fresh.files.recover()
    assert fresh.session.workspace.targets == {"icpc_15wd_pct": 85.0}
    assert not (data_folder() / "recovery.cpdesk").exists()


def test_settings_go_to_the_test_file_not_the_user(window, settings_file):
    window.files.add_recent("/data/a.xlsx")
    window.settings.sync()
    assert settings_file.exists() and "a.xlsx" in settings_file.read_text(encoding="utf-8")


WORKSPACE_FILTER = "cpdesk workspace (*.cpdesk)"
