"""The Qt parts of ``cpdesk --self-test`` (:mod:`cpdesk.selftest`): nothing is shown on screen.

Widgets are laid out with ``WA_DontShowOnScreen`` and rendered into images, so the checks
work on a desktop (using the real platform plugin, which is what a frozen build must
carry) and offscreen alike. Each function returns a one-line description or raises.
"""
from __future__ import annotations

from pathlib import Path

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import QCoreApplication, QEvent, Qt, qVersion
from PySide6.QtGui import QImageReader

from cpdesk.errors import CpdeskError


def start_qt() -> str:
    """A QApplication (offscreen without a display), with the image formats the app needs."""
    from cpdesk.ui.qt_app import ensure_app

    from PySide6.QtGui import QFontDatabase

    app = ensure_app()
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"png", "svg", "ico"} - formats
    if missing:
        raise CpdeskError(f"Qt cannot read {', '.join(sorted(missing))} images: image format plugins are missing")
    families = QFontDatabase.families()
    if not families:   # nothing could be drawn as text (and charts may crash): stop the Qt checks here
        raise CpdeskError(f"Qt finds no fonts on the {app.platformName()} platform")
    return (f"Qt {qVersion()}, PySide6 {PYSIDE_VERSION}, platform {app.platformName()}, "
            f"{len(families)} font families ({app.font().family()})")


def _render(widget, path: Path, width: int, height: int) -> int:
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.resize(width, height)
    widget.show()
    QCoreApplication.processEvents()
    image = widget.grab().toImage()
    if image.isNull() or not image.save(str(path), "PNG"):
        raise CpdeskError(f"{path.name} could not be rendered")
    return image.width()


def _dispose(widget) -> None:
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def grid_view(grid, path: Path) -> str:
    """The grid in its view (model, delegate and controls), rendered to ``path``."""
    from cpdesk.ui.grid_view import GridView

    view = GridView()
    try:
        view.set_grid(grid)
        rows = view.model.rowCount()
        if rows != len(grid.rows):
            raise CpdeskError(f"the grid model has {rows} rows, the grid {len(grid.rows)}")
        _render(view, path, 1200, 600)
    finally:
        _dispose(view)
    return f"{rows} rows in the view; {path.name}"


def main_window(la: str, sample: Path, path: Path) -> str:
    """The main window with ``la``'s built-in figures and the sample workbook, rendered to ``path``."""
    from cpdesk.ui.main_window import MainWindow

    window = MainWindow(ask_la=False)
    try:
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.start((), None, la)
        window.load_paths_now([str(sample)])
        rows = window.grid_view.model.rowCount()
        if rows == 0:
            raise CpdeskError("the window's grid is empty")
        if not window.session.loaded:
            raise CpdeskError(f"the window did not load {sample.name}")
        _render(window, path, 1400, 820)
        area = window.session.workspace.area
        window.session.mark_dirty(False)
    finally:
        _dispose(window)
    return f"{rows} grid rows for {area} with {sample.name}; {path.name}"


def clipboard_contents(table) -> str:
    """What Copy puts on the clipboard (built, not placed there: the user's clipboard is left alone)."""
    from cpdesk.ui.clipboard import table_mime

    mime = table_mime(table)
    html, text = mime.html(), mime.text()
    if "<table" not in html or "\t" not in text:
        raise CpdeskError("the clipboard contents lack the table")
    return f"HTML {len(html):,} characters, text {len(text.splitlines())} lines"


# --- the smoke test (``cpdesk --self-test --smoke WORKBOOK``): the real window, as a user drives it ---

SMOKE_TIMEOUT_MS = 180_000


def _wait_until(done, timeout_ms: int = SMOKE_TIMEOUT_MS) -> bool:
    """Let the event loop run (workers' signals arrive through it) until ``done()`` or the time is up."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop

    deadline = QDeadlineTimer(timeout_ms)
    while not done():
        if deadline.hasExpired():
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return True


def smoke_open(book: Path, out: Path) -> tuple[object, str]:
    """The main window loads ``book`` in the background, as File › Open does, and renders its grid.

    Returns the window (still open, for :func:`smoke_export`) and a description.
    """
    from cpdesk.ui.main_window import MainWindow

    window = MainWindow(ask_la=False)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(1400, 820)
    window.show()
    finished = []
    window.loader.finished.connect(lambda: finished.append(True))
    window.start((), None, None)
    window.load_paths([str(book)])
    if not _wait_until(lambda: finished):
        raise CpdeskError(f"{book.name} was still loading after {SMOKE_TIMEOUT_MS // 1000} s")
    QCoreApplication.processEvents()
    session = window.session
    problems = [text for level, text in window.messages.messages() if level == "error"]
    if problems or not session.loaded:
        raise CpdeskError(f"{book.name} did not load: {'; '.join(problems) or 'no result'}")
    rows = window.grid_view.model.rowCount()
    if rows == 0:
        raise CpdeskError(f"the grid is empty after loading {book.name}")
    _render(window, out / "smoke-window.png", 1400, 820)
    tables = sum(len(getattr(r, "tables", ())) for r in session.loaded.values())
    return window, f"{book.name}: {tables} tables, {rows} grid rows for {session.grid().area}; smoke-window.png"


def smoke_export(window, path: Path) -> str:
    """The Export dialog of ``window`` writes the committee table to ``path`` in Word format.

    Small numbers are suppressed, as a user publishing the paper would choose; the file
    is then read back.
    """
    from docx import Document

    from cpdesk.ui import export_dialog

    s = window.session
    dialog = export_dialog.open_export(window, s.observations(), s.catalogue(), s.grid(), s.workspace)
    if dialog is None:
        raise CpdeskError("the Export dialog did not open")
    try:
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(".docx"))
        dialog.ask_disclosure = lambda risks, threshold: "suppress"
        outcome = []
        dialog.exported.connect(lambda p: outcome.append(("done", p)))
        dialog.failed.connect(lambda m: outcome.append(("failed", m)))
        dialog.show_error = lambda message: None
        if not dialog.start_export(str(path)):
            raise CpdeskError("the Export dialog did not start writing")
        if not _wait_until(lambda: outcome):
            raise CpdeskError(f"{path.name} was still being written after {SMOKE_TIMEOUT_MS // 1000} s")
        if outcome[0][0] != "done":
            raise CpdeskError(outcome[0][1])
    finally:
        _dispose(dialog)
    tables = Document(str(path)).tables
    if not tables or len(tables[0].rows) < 2:
        raise CpdeskError(f"{path.name} has no committee table")
    return f"{path.name}: {len(tables[0].rows)} rows x {len(tables[0].columns)} columns"


def close_window(window) -> None:
    window.session.mark_dirty(False)
    _dispose(window)
