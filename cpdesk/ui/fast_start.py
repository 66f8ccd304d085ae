"""The window's fast first paint: the grid saved last time, then the real figures in the background.

:func:`show_cached` fills the grid from :mod:`cpdesk.grid_cache` (standard library and Qt
only: pandas is not imported yet), disables what needs the real figures and, once the
grid has been painted, loads them on a worker thread. :meth:`CachedStart.finish` swaps
the real grid in. :func:`remember` saves the grid a fresh start shows, for next time.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from cpdesk import grid_cache
from cpdesk.ui.settings import cache_folder

log = logging.getLogger(__name__)

LOADING_TEXT = "Loading national figures…"
_running: set[QThread] = set()   # loaders still running, kept alive until they end (and waited for on quit)


class BuiltinLoader(QThread):
    """Imports pandas and reads one authority's built-in figures and ranks, off the UI thread."""

    done = Signal(object)   # {"code", "obs", "ranks", "name"} or {"code", "error"}

    def __init__(self, code: str):
        super().__init__()
        self.code = code
        self.result: dict | None = None

    def run(self) -> None:
        try:
            from cpdesk import builtin_figures
            from cpdesk.errors import CpdeskError
        except ImportError as exc:   # a damaged installation
            self.result = {"code": self.code, "error": f"The built-in national figures could not be read ({exc})."}
        else:
            try:
                la = builtin_figures.find_authority(self.code)
                self.result = {"code": self.code, "obs": builtin_figures.figures_for(self.code),
                               "ranks": builtin_figures.rank_table(self.code), "name": la.name if la else None}
            except CpdeskError as exc:
                self.result = {"code": self.code, "error": str(exc)}
            except Exception as exc:  # noqa: BLE001 - the window must never stay waiting; the log has the details
                log.exception("built-in figures")
                self.result = {"code": self.code, "error": f"The built-in national figures could not be read ({exc})."}
        self.done.emit(self.result)


class CachedStart(QObject):
    """Owns one background load for a window that was started from the cache."""

    finished = Signal()

    def __init__(self, window, code: str):
        super().__init__(window)
        self.setObjectName("cachedStart")
        self.window = window
        self.code = code
        self.loader: BuiltinLoader | None = None
        self.is_done = False

    # -- the controls that need the real figures ----------------------------------------
    def _needing_data(self) -> list:
        gv = self.window.grid_view
        return [gv.area, gv.comparator, gv.granularity, gv.latest, self.window.export_action, self.window.trends_action]

    def hold(self) -> None:
        for w in self._needing_data():
            w.setEnabled(False)
        self.window.status_text.setText(LOADING_TEXT)

    def release(self) -> None:
        for w in self._needing_data():
            w.setEnabled(True)
        if self.window.status_text.text() == LOADING_TEXT:
            self.window.status_text.setText("")

    # -- loading ----------------------------------------------------------------------
    def start_after_first_paint(self) -> None:
        """Start loading once the grid has been painted (so the import does not delay the paint)."""
        viewport = self.window.grid_view.table.viewport()
        viewport.installEventFilter(self)
        QTimer.singleShot(300, self.start_loading)   # in case the grid is never painted (minimised, covered)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Paint and self.loader is None:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self.start_loading)
        return False

    @Slot()
    def start_loading(self) -> None:
        if self.loader is not None or self.is_done:
            return
        self.loader = BuiltinLoader(self.code)
        self.loader.done.connect(self.finish)
        _running.add(self.loader)
        self.loader.finished.connect(lambda loader=self.loader: _running.discard(loader))
        self.loader.start()

    def wait(self, timeout_ms: int = 60_000) -> None:
        """Load now if not started, wait for the loader and swap the real grid in (tests, screenshots)."""
        self.start_loading()
        self.loader.wait(timeout_ms)
        if self.loader.result is not None:
            self.finish(self.loader.result)

    @Slot(object)
    def finish(self, result: dict) -> None:
        """Swap the real figures in: the grid model is reset with the grid built from them."""
        if self.is_done:
            return
        self.is_done = True
        w = self.window
        w.builtin_pending = False
        ws = w.workspace
        if ws.la_code == self.code:   # else the user chose another authority or a workspace meanwhile
            if "error" in result:
                w.messages.show_message(result["error"], "error")
            else:
                w.builtin_obs, w.rank_table = result["obs"], result["ranks"]
                if result.get("name"):
                    ws.la_name = result["name"]
                    if not ws.area:
                        ws.area = ws.la_name
        self.release()
        w.refresh(observations_changed=True)
        self.finished.emit()


def _wanted_code(window, la: str | None, folder) -> str | None:
    """The authority a start would show, as far as can be told without the national figures."""
    if la:
        return grid_cache.resolve(folder, la)
    s = window.settings
    if s.value("la/chosen") != "yes" or window.workspace.la_code:
        return None
    code = s.value("la/code")
    return str(code) if code else None


def show_cached(window, la: str | None = None) -> bool:
    """Show the grid saved for the authority this start would show; False if there is none (or it is stale).

    On True the real figures load in the background and replace it (``window.cached_start``
    is the :class:`CachedStart` doing that). Called before the window is shown, the first
    paint already has the grid; called again (by ``MainWindow.start``) it only says True.
    """
    if getattr(window, "cached_start", None) is not None:
        return True
    folder = cache_folder()
    code = _wanted_code(window, la, folder)
    if not code:
        return False
    version = grid_cache.data_version()
    found = grid_cache.load(folder, code, version)
    if found is None:
        return False
    name, grid, view = found
    ws = window.workspace
    ws.la_code, ws.la_name = code, name
    ws.area = ws.area or name
    if la:   # as set_la does for --la: remember the choice
        window.settings.setValue("la/chosen", "yes")
        window.settings.setValue("la/code", code)
        window.settings.setValue("la/name", name)
        window._set_dirty(True)
    window.builtin_pending = True
    window.grid = grid
    widths = view.get("widths") if view.get("font") == window.grid_view.font_key() else None
    window.grid_view.set_grid(grid, widths=widths)
    from cpdesk.presentation import defaults
    latest = ws.latest_n or int(defaults()["latest_n"].get(grid.granularity, 6))
    window.grid_view.set_options(grid.areas, grid.area, grid.comparator_areas, grid.comparator,
                                 ws.granularity or "auto", latest)
    window._update_heading()
    window._grid_cache_key = (code, version)   # the swap need not write it again
    starter = CachedStart(window, code)
    window.cached_start = starter
    starter.hold()
    starter.start_after_first_paint()
    return True


def remember(window) -> bool:
    """Save the window's grid for next start when it is what a fresh start shows; True if written."""
    ws = window.workspace
    if (getattr(window, "builtin_pending", False) or window.builtin_obs is None or len(window.builtin_obs) == 0
            or window.results or not grid_cache.is_fresh_view(ws) or not window.grid.rows):
        return False
    version = grid_cache.data_version()
    key = (ws.la_code, version)
    if getattr(window, "_grid_cache_key", None) == key:
        return False
    try:
        view = {"font": window.grid_view.font_key(), "widths": window.grid_view.column_widths()}
        grid_cache.save(cache_folder(), ws.la_code, ws.la_name or "", window.grid, version,
                        aliases=authority_aliases(ws.la_code), view=view)
    except OSError:
        log.warning("the grid cache could not be written", exc_info=True)
        return False
    window._grid_cache_key = key
    return True


def authority_aliases(code: str) -> list[str]:
    """Other codes ``--la`` may name the authority by: its ONS E-code and any former E-codes."""
    try:
        from cpdesk import benchmarks
        row = benchmarks.load_benchmarks().authorities.loc[str(code)]
    except (ImportError, OSError, KeyError, ValueError):
        return []
    codes = [str(row.get("new_la_code") or "")] + str(row.get("former_new_la_codes") or "").split(";")
    return [c.strip() for c in codes if c and c.strip() and c.strip().lower() != "nan"]


def _wait_for_loaders() -> None:
    for loader in list(_running):
        loader.wait(30_000)


def install_quit_wait(app: QApplication) -> None:
    """Wait for background loads before the application ends (a running thread must not be destroyed)."""
    app.aboutToQuit.connect(_wait_for_loaders)


__all__ = ["BuiltinLoader", "CachedStart", "show_cached", "remember", "authority_aliases", "install_quit_wait",
           "LOADING_TEXT"]
