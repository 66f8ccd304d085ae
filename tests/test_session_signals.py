"""The Qt adapter: every session operation is announced as signals; the window redraws from them."""
from __future__ import annotations

import inspect

import pytest

from cpdesk.session import Changes, Session
from cpdesk.ui.session_signals import _OPERATIONS, SessionSignals


def test_every_session_operation_goes_through_the_adapter():
    ops = {name for name, f in vars(Session).items()
           if callable(f) and not name.startswith("_") and "Changes" in str(inspect.signature(f).return_annotation)}
    assert ops and ops <= _OPERATIONS
    assert all(name in vars(SessionSignals) for name in _OPERATIONS)
    signals = SessionSignals(Session())
    assert signals.dirty is False and signals.workspace is signals.session.workspace   # queries and state: the session's
    # an operation not wrapped would change the session unannounced: it is refused, not forwarded
    for name in _OPERATIONS:
        with pytest.raises(AttributeError):
            SessionSignals.__getattr__(signals, name)


def test_signals_follow_what_changed_in_order(qtbot):
    signals = SessionSignals(Session())
    seen = []
    for name in ("sourcesChanged", "observationsChanged", "gridChanged", "workspaceChanged"):
        getattr(signals, name).connect(lambda name=name: seen.append(name))
    signals.commentaryChanged.connect(lambda key: seen.append(f"commentary {key}"))
    signals.dirtyChanged.connect(lambda dirty: seen.append(f"dirty {dirty}"))
    signals.message.connect(lambda text, level: seen.append(f"{level}: {text}"))

    signals.set_options(comparator="neighbours")
    assert seen == ["gridChanged", "dirty True"]
    seen.clear()
    signals.set_commentary({"icpc_15wd_pct": "Better than last year."})
    assert seen == ["commentary icpc_15wd_pct"]   # already dirty; the grid is not rebuilt
    seen.clear()
    signals.publish(Changes(sources=True, observations=True, messages=(("Read.", "info"),)))
    assert seen == ["sourcesChanged", "observationsChanged", "gridChanged", "info: Read."]
    with pytest.raises(AttributeError):
        signals.no_such_query   # noqa: B018 - the adapter forwards only what the session has


def test_the_window_redraws_from_the_session(window, qtbot):
    from tests.grid_fixtures import repeat_plans_frame, show_results
    show_results(window, repeat_plans_frame())
    assert window.grid_view.model.grid is window.session.grid()
    assert window.raw_view.model.rowCount() == len(window.session.observations())
    assert window.sources_panel.model.rowCount() == 1
    with qtbot.waitSignal(window.session.gridChanged):
        window.set_comparator("neighbours")
    assert window.session.workspace.comparator == "neighbours"
    assert window.grid_view.comparator.currentData() == "neighbours"
    assert window.isWindowModified() and window.windowTitle() == "Barsetshire[*]"
    window.change_indicator_settings("cpp_repeat_ever_pct", {"target": 10.0})
    assert window.session.workspace.targets == {"cpp_repeat_ever_pct": 10.0}
    window.undo_stack.undo()
    assert window.session.workspace.targets == {}


def test_opening_a_workspace_whose_sources_moved_finds_or_leaves_them_out(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from cpdesk.workspace import Workspace, save_workspace
    first, second = tmp_path / "old" / "q1.csv", tmp_path / "old" / "q2.csv"
    first.parent.mkdir()
    for p in (first, second):
        p.write_text("Indicator,2023-24\nICPC within 15 working days (%),85\n", encoding="utf-8")
    path = save_workspace(Workspace(sources=[str(first), str(second)]), tmp_path / "paper.cpdesk")
    moved = tmp_path / "new"
    moved.mkdir()
    (first.parent / "q1.csv").rename(moved / "q1.csv")
    second.unlink()
    answers = iter([QMessageBox.Yes, QMessageBox.No])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(moved / "q1.csv"), ""))
    assert window.files.open(str(path), load_sources=False)
    assert window.session.workspace.sources == [str(moved / "q1.csv")]   # found where the user said; q2 left out
    assert any("q2.csv was not found" in text for _, text in window.messages.messages())
    assert window.session.workspace_path == str(path.resolve()) and not window.session.dirty
