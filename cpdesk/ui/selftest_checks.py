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

    app = ensure_app()
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"png", "svg", "ico"} - formats
    if missing:
        raise CpdeskError(f"Qt cannot read {', '.join(sorted(missing))} images: image format plugins are missing")
    return f"Qt {qVersion()}, PySide6 {PYSIDE_VERSION}, platform {app.platformName()}"


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
