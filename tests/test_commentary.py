"""Commentary per indicator: typed in the details dock, undoable, kept in the workspace, passed to the export."""
from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.grid_fixtures import repeat_plans_frame, show_results

TEXT = "Repeat plans fell to 10%, but on 20 children: one family changes this by 5 points."


@pytest.fixture
def window(window):
    show_results(window, repeat_plans_frame())
    return window


def _row(window, key):
    return next(i for i, row in enumerate(window.session.grid().rows) if row.key == key)


def _select(window, key, col=0):
    window.grid_view.table.setCurrentIndex(window.grid_view.model.index(_row(window, key), col))


def test_typed_commentary_is_undoable_saved_and_reopened(window, qtbot, tmp_path):
    editor = window.commentary
    assert not editor.box.isEnabled()                       # nothing selected yet
    _select(window, "cpp_repeat_ever_pct")
    assert editor.indicator_id == "cpp_repeat_ever_pct" and editor.box.isEnabled()
    assert editor.title.text() == f"Co&mmentary on {window.session.grid().rows[_row(window, 'cpp_repeat_ever_pct')].name}:"
    editor.box.setFocus()
    qtbot.keyClicks(editor.box, TEXT)
    # committed after a pause in typing
    qtbot.waitUntil(lambda: window.session.workspace.commentary.get("cpp_repeat_ever_pct") == TEXT, timeout=3000)
    assert window.session.dirty and window.undo_stack.count() == 1

    window.undo_stack.undo()
    assert "cpp_repeat_ever_pct" not in window.session.workspace.commentary
    assert editor.text() == ""
    window.undo_stack.redo()
    assert window.session.workspace.commentary["cpp_repeat_ever_pct"] == TEXT and editor.text() == TEXT

    path = tmp_path / "paper.cpdesk"
    assert window.files.write(str(path))
    assert not window.session.dirty

    from cpdesk.ui.main_window import MainWindow
    other = MainWindow(ask_la=False)
    qtbot.addWidget(other)
    assert other.files.open(str(path), load_sources=False)
    assert other.session.workspace.commentary == {"cpp_repeat_ever_pct": TEXT}
    for path, loaded in window.session.loaded.items():
        other.session.add_loaded(path, loaded)
    _select(other, "cpp_repeat_ever_pct", 2)
    assert other.commentary.text() == TEXT
    _select(other, "icpc_15wd_pct")
    assert other.commentary.text() == "" and other.commentary.indicator_id == "icpc_15wd_pct"
    other.session.mark_dirty(False)


def test_one_run_of_typing_is_one_undo_step_and_switching_commits(window, qtbot):
    editor = window.commentary
    _select(window, "icpc_15wd_pct")
    editor.box.setPlainText("Conferences on time")
    editor.commit()
    editor.box.setPlainText("Conferences on time improved.")
    editor.commit()
    assert window.undo_stack.count() == 1
    assert window.session.workspace.commentary["icpc_15wd_pct"] == "Conferences on time improved."
    editor.box.setPlainText("Open plans steady.")
    _select(window, "cpp_open_count")                       # switching commits what was typed, to the old indicator
    assert window.session.workspace.commentary["icpc_15wd_pct"] == "Open plans steady."
    assert editor.text() == ""
    window.undo_stack.undo()
    assert "icpc_15wd_pct" not in window.session.workspace.commentary
    window.session.mark_dirty(False)


def test_commentary_box_is_named_and_keyboard_reachable(window, qtbot):
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)   # mnemonics need the active window
    editor = window.commentary
    _select(window, "cpp_repeat_ever_pct")
    assert editor.box.accessibleName() == "Commentary"
    assert editor.title.buddy() is editor.box and "&m" in editor.title.text()
    assert editor.box.tabChangesFocus()
    window.grid_view.table.setFocus()
    qtbot.keyClick(window.grid_view.table, Qt.Key_M, Qt.AltModifier)   # Alt+M from the grid
    qtbot.waitUntil(editor.box.hasFocus, timeout=2000)
    qtbot.keyClicks(editor.box, "Typed from the keyboard")
    qtbot.keyClick(editor.box, Qt.Key_Tab)                  # leaving the box commits
    assert window.session.workspace.commentary["cpp_repeat_ever_pct"] == "Typed from the keyboard"
    window.session.mark_dirty(False)


def test_export_receives_the_workspace_commentary(window, qtbot):
    from cpdesk.ui.export_dialog import ExportDialog
    _select(window, "cpp_repeat_ever_pct")
    window.commentary.box.setPlainText(TEXT)
    window.commentary.commit()
    window.open_export()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    assert dialog.commentary == {"cpp_repeat_ever_pct": TEXT}
    dialog.close()
    window.session.mark_dirty(False)
