"""The window works with no console, as the frozen windowed Windows build starts: sys.stdout
and sys.stderr are None. A Qt warning and an unexpected error must neither end the process
nor be lost: both are in cpdesk.log in the user's data folder, and the error is also said in
the window."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap

from tests.conftest import REPO

GUI_WITHOUT_CONSOLE = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer, qWarning
    from PySide6.QtWidgets import QApplication

    report = open(sys.argv[1], "w", encoding="utf-8")
    sys.stdout = sys.stderr = None          # what a windowed (console=False) build gets
    app = QApplication(["cpdesk"])

    def provoke_warning():
        qWarning("provoked Qt warning 4711")

    def provoke_error():
        raise RuntimeError("provoked error 4712")

    def finish():
        from cpdesk.ui.main_window import MainWindow
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        for level, text in window.messages.messages():
            report.write(f"MESSAGE {level}: {text}\\n")
        report.write("ALIVE\\n")
        report.flush()
        window.dirty = False
        window.close()
        app.quit()

    QTimer.singleShot(300, provoke_warning)
    QTimer.singleShot(400, provoke_error)
    QTimer.singleShot(900, finish)
    from cpdesk.cli import main
    code = main(["--la", "302"])
    report.write(f"EXIT {code}\\n")
    report.close()
""")


def test_gui_entry_with_no_stdout_or_stderr_logs_a_qt_warning_and_an_unexpected_error(tmp_path):
    settings = tmp_path / "settings" / "cpdesk.ini"
    report = tmp_path / "report.txt"
    env = dict(os.environ, CPDESK_SETTINGS=str(settings), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", GUI_WITHOUT_CONSOLE, str(report)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    lines = report.read_text(encoding="utf-8").splitlines() if report.exists() else []
    assert done.returncode == 0, (done.returncode, lines, done.stderr[-800:])
    assert "ALIVE" in lines and lines[-1] == "EXIT 0"
    errors = [line for line in lines if line.startswith("MESSAGE error:")]
    assert len(errors) == 1 and "RuntimeError: provoked error 4712" in errors[0] and "cpdesk.log" in errors[0]
    assert done.stdout == "" and done.stderr == ""   # nothing went to the real streams either
    log = (settings.parent / "cpdesk-data" / "cpdesk.log").read_text(encoding="utf-8")
    assert "WARNING cpdesk.qt: provoked Qt warning 4711" in log
    assert "ERROR cpdesk: unexpected error:" in log and "in provoke_error\nRuntimeError: provoked error 4712" in log


def test_qt_message_handler_survives_missing_stderr_without_a_log(monkeypatch):
    """Before any log is set up (the self-test, headless commands), a warning with no stderr is dropped, not fatal."""
    from PySide6.QtCore import QtMsgType

    from cpdesk.ui import qt_app
    monkeypatch.setattr(sys, "stderr", None)
    qt_app._message_handler(QtMsgType.QtWarningMsg, None, "no console here")   # must not raise


def test_qt_warnings_reach_stderr_when_nothing_else_is_set_up(capsys, monkeypatch):
    from PySide6.QtCore import QtMsgType

    from cpdesk.ui import qt_app
    monkeypatch.setattr(logging.getLogger(), "handlers", [])   # no log set up (pytest's own capture aside)
    qt_app._message_handler(QtMsgType.QtWarningMsg, None, "a warning for the terminal")
    qt_app._message_handler(QtMsgType.QtWarningMsg, None, qt_app._NOISE[0])
    assert capsys.readouterr().err == "a warning for the terminal\n"


def test_start_logging_writes_to_the_file_and_rotates_a_large_one(tmp_path, monkeypatch):
    from cpdesk import logfile
    root = logging.getLogger()
    before = list(root.handlers)
    path = tmp_path / "data" / "cpdesk.log"
    path.parent.mkdir()
    path.write_text("x" * (logfile.MAX_BYTES + 1), encoding="utf-8")
    monkeypatch.setattr(sys, "stderr", None)
    try:
        assert logfile.start_logging(path) == path
        assert logfile.start_logging(path) == path   # twice: replaces its own handlers, adds none
        ours = [h for h in root.handlers if h not in before]
        assert len(ours) == 1 and isinstance(ours[0], logging.FileHandler)
        logging.getLogger("cpdesk.test").warning("written to the file")
        ours[0].flush()
        assert "WARNING cpdesk.test: written to the file" in path.read_text(encoding="utf-8")
        assert (tmp_path / "data" / "cpdesk.log.1").stat().st_size == logfile.MAX_BYTES + 1
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()


def test_an_error_escaping_the_entry_point_ends_with_exit_1_and_its_details_on_stderr(monkeypatch, capsys):
    """Never PyInstaller's "unhandled exception" box: a hidden reading worker would wait on it forever."""
    import runpy

    from cpdesk import cli

    def broken(argv):
        raise RuntimeError("escaped 4713")

    monkeypatch.setattr(cli, "main", broken)
    monkeypatch.setattr(sys, "argv", ["main.py", "--reader-worker"])
    try:
        runpy.run_path(str(REPO / "main.py"), run_name="__main__")
    except SystemExit as done:
        assert done.code == 1
    else:
        raise AssertionError("main.py did not exit")
    assert "RuntimeError: escaped 4713" in capsys.readouterr().err
