"""Starting the window: ``python main.py [FILE...]`` and ``cpdesk`` with no subcommand.

Options: ``--workspace FILE``, ``--la CODE`` (skip the first-run question), ``--screenshot PNG``
(render the window, and with ``--trends`` the trend view, then exit). The environment
variable ``CPDESK_FIRST_PAINT=1`` makes the window print the wall-clock time of its first
painted grid and quit (``bench/bench_startup.py`` uses it).

Nothing heavy is imported before the first paint: with an authority chosen before and
nothing to open, the grid saved last time is shown first (:mod:`cpdesk.ui.fast_start`).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time

# The Qt-free modules the first paint needs, imported before PySide6: PySide6 reads the source
# of every module imported after it (looking for its ``__feature__`` switch), 0.1-0.5 ms each.
# (The shipped first grids are read only on a first launch: their module is imported then.)
import html  # noqa: F401,I001

import cpdesk.grid_cache  # noqa: F401
import cpdesk.logfile  # noqa: F401
import cpdesk.session  # noqa: F401
import cpdesk.window_options  # noqa: F401

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from cpdesk.ui.qt_app import report_errors_in, start_gui_logging

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    from cpdesk.window_options import add_window_options
    p = argparse.ArgumentParser(prog="cpdesk", description="Open the cpdesk window.")
    add_window_options(p)
    return p


class _FirstPaint(QObject):
    """Prints the time of the first paint of a grid with rows, then quits."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.done = False

    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Paint and self.window.grid_view.model.rowCount() > 0:
            self.done = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self):
        print(f"FIRST_GRID_PAINT {time.time():.6f}", flush=True)
        # end the process here, not after the figures loading behind the first grid: a whole-process
        # timing is then the time to the first painted grid
        sys.stderr.flush()
        os._exit(0)


class _StartReaderAfterFirstPaint(QObject):
    """Starts the reading worker process once the grid has been painted (never on the start-up path).

    It watches the grid's viewport only: a filter on the whole application is called for every
    event of every object, each wrapped for Python, before the first paint too. The worker is a
    second Python process: behind a saved grid it starts once the real figures are in, so the
    two do not compete for the processor while the user waits for them. (A file opened before
    then starts it itself.)
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            obj.removeEventFilter(self)
            starter = self.window.cached_start
            if starter is not None and not starter.is_done:
                starter.finished.connect(_start_reader)
            else:
                QTimer.singleShot(0, _start_reader)
        return False


def _start_reader() -> None:
    from cpdesk.importing.guarded import start_worker
    try:
        start_worker(keep_warm=True)
    except OSError:
        log.warning("the reading worker could not be started; it will be tried again when a file is opened")


def run(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(list(argv or []))
    start_gui_logging()   # no console is assumed: messages and errors go to cpdesk.log
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("cpdesk")
    app.setApplicationName("cpdesk")
    app.setApplicationDisplayName("cpdesk")
    from cpdesk.ui.main_window import MainWindow
    screenshot = bool(args.screenshot)
    window = MainWindow(ask_la=not screenshot)
    report_errors_in(window)
    files = list(args.files)
    workspace = args.workspace or next((f for f in files if f.lower().endswith(".cpdesk")), None)
    files = [f for f in files if f != workspace]
    shown = False
    if not screenshot and not files and not workspace:
        from cpdesk.ui import fast_start
        fast_start.install_quit_wait(app)
        shown = fast_start.show_cached(window, args.la)   # before show(): the first paint has the saved grid
    viewport = window.grid_view.table.viewport()
    if not screenshot:
        start = lambda: window.start(files, workspace, args.la, use_cache=True)  # noqa: E731
        if shown:   # the rest of the start (the recovery offer) waits for the saved grid to be on screen
            fast_start.AfterFirstPaint(viewport, start, window)
        else:
            QTimer.singleShot(0, start)
        viewport.installEventFilter(_StartReaderAfterFirstPaint(window))
    if os.environ.get("CPDESK_FIRST_PAINT"):
        # installed last, so called first: the paint is reported before the work that waits for it runs
        viewport.installEventFilter(_FirstPaint(window))
    window.show()
    if screenshot:
        return _screenshot(app, window, files, workspace, args)
    code = int(app.exec())
    _destroy_now(app, window)
    return code


def _screenshot(app, window, files, workspace, args) -> int:
    from pathlib import Path
    window.resize(1280, 780)
    window.start((), workspace, args.la)
    if files:
        window.load_paths_now(files)
    window.loader.wait()
    app.processEvents()
    target = Path(args.screenshot)
    target.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(target))
    if args.trends:
        window.open_trends()
        app.processEvents()
        dock = window.trends_dock
        if dock is not None:
            dock.widget().resize(1200, 700)
            dock.widget().grab().save(str(target.with_name(target.stem + "-trends" + target.suffix)))
    window.session.mark_dirty(False)
    window.close()
    _destroy_now(app, window)
    if not ok:
        print(f"cpdesk: could not write the screenshot {target}", file=sys.stderr)
        return 3
    return 0


def _destroy_now(app, window) -> None:
    """Delete the window and its charts while Python and Qt are both whole.

    Left to interpreter shutdown, the chart views were destroyed in an arbitrary order and
    Qt resized a graphics widget whose scene was already gone (a crash at exit in about a
    third of the trend screenshots).
    """
    from PySide6.QtCore import QCoreApplication
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    app.processEvents()
