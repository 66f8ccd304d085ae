"""The window's fast first paint: the grid saved last time (or, on a first launch, the one shipped for
the authority), then the real figures in the background.

:func:`show_cached` puts the grid saved (or shipped, :mod:`cpdesk.first_grid`) for the authority in the session
(:meth:`cpdesk.session.Session.show_saved_grid`; standard library and Qt only: pandas is not
imported yet), disables what needs the real figures and, once the grid has been painted,
loads them on a worker thread. :meth:`CachedStart.finish` hands them to the session, whose
signal swaps the real grid in. :class:`GridMemory` saves the grid a fresh start shows, for
next time.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from cpdesk import grid_cache
from cpdesk.ui.settings import cache_folder

log = logging.getLogger(__name__)

LOADING_TEXT = "Loading national figures…"
#: if the grid is not painted by then (minimised, covered), load the national figures anyway
UNPAINTED_START_MS = 300
_running: set[QThread] = set()   # loaders still running, kept alive until they end (and waited for on quit)


class BuiltinLoader(QThread):
    """Imports pandas and reads one authority's built-in figures and ranks, off the UI thread."""

    done = Signal(object)   # NationalFigures, or {"code", "error"}

    def __init__(self, code: str):
        super().__init__()
        self.code = code
        self.result = None

    def run(self) -> None:
        try:
            from cpdesk.errors import CpdeskError
            from cpdesk.session import read_national
        except ImportError as exc:   # a damaged installation
            self.result = {"code": self.code, "error": f"The built-in national figures could not be read ({exc})."}
        else:
            try:
                self.result = read_national(self.code)
            except CpdeskError as exc:
                self.result = {"code": self.code, "error": str(exc)}
            except Exception as exc:  # noqa: BLE001 - the window must never stay waiting; the log has the details
                log.exception("built-in figures")
                self.result = {"code": self.code, "error": f"The built-in national figures could not be read ({exc})."}
        self.done.emit(self.result)


class AfterFirstPaint(QObject):
    """Calls ``callback`` once, when ``widget`` has been painted (or after ``fallback_ms`` if it is not: minimised, covered)."""

    def __init__(self, widget, callback, parent, fallback_ms: int = UNPAINTED_START_MS):
        super().__init__(parent)
        self.callback = callback
        self.done = False
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._run)   # with ``self`` as context: dropped if deleted first

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self):
        if not self.done:
            self.done = True
            self.callback()


class CachedStart(QObject):
    """Owns one background load for a window that was started from the cache.

    ``needing_figures`` are the controls and actions held disabled until the real figures are in.
    """

    finished = Signal()

    def __init__(self, session, grid_view, status, needing_figures, code: str, parent=None):
        super().__init__(parent)
        self.setObjectName("cachedStart")
        self.session, self.grid_view, self.status = session, grid_view, status
        self.needing_figures = list(needing_figures)
        self.code = code
        self.loader: BuiltinLoader | None = None
        self.is_done = False

    # -- the controls that need the real figures ----------------------------------------
    def hold(self) -> None:
        for w in self.needing_figures:
            w.setEnabled(False)
        self.status.set_text(LOADING_TEXT)

    def release(self) -> None:
        for w in self.needing_figures:
            w.setEnabled(True)
        if self.status.text() == LOADING_TEXT:
            self.status.set_text("")

    # -- loading ----------------------------------------------------------------------
    def start_after_first_paint(self) -> None:
        """Start loading once the grid has been painted (so the import does not delay the paint)."""
        AfterFirstPaint(self.grid_view.table.viewport(), self.start_loading, self, fallback_ms=UNPAINTED_START_MS)

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
    def finish(self, result) -> None:
        """Swap the real figures in (the session announces the new grid)."""
        if self.is_done:
            return
        self.is_done = True
        self.release()
        if isinstance(result, dict):   # an error
            if self.session.workspace.la_code == self.code:   # else the user chose another authority meanwhile
                self.session.say(result["error"], "error")
            result = None
        self.session.use_national(result)
        self.finished.emit()


def _wanted_code(settings, session, la: str | None, folder) -> str | None:
    """The authority a start would show, as far as can be told without the national figures."""
    if la:
        return grid_cache.resolve(folder, la) or shipped_grids().resolve(la)
    if settings.value("la/chosen") != "yes" or session.workspace.la_code:
        return None
    code = settings.value("la/code")
    return str(code) if code else None


def show_cached(window, la: str | None = None) -> bool:
    """Show the grid saved for the authority this start would show; False if there is none (or it is stale).

    On True the real figures load in the background and replace it (``window.cached_start``
    is the :class:`CachedStart` doing that). Called before the window is shown, the first
    paint already has the grid; called again (by ``MainWindow.start``) it only says True.
    """
    if window.cached_start is not None:
        return True
    folder = cache_folder()
    session = window.session
    code = _wanted_code(window.settings, session, la, folder)
    if not code:
        return False
    version = grid_cache.data_version()
    found = grid_cache.load(folder, code, version)
    if found is not None:
        name, grid, view = found
        widths = view.get("widths") if view.get("font") == window.grid_view.font_key() else None
        window.grid_memory.key = (code, version)   # the swap need not write it again
    else:   # a first launch: the grid shipped for the authority, with no widths measured yet
        shipped = shipped_grids().grid(code)
        if shipped is None:
            return False
        (name, grid), widths = shipped, None
    if la:   # as choosing an authority does for --la: remember the choice
        remember_authority(window.settings, code, name)
    start_from_grid(window, code, name, grid, widths)
    return True


def start_from_grid(window, code: str, name: str, grid, widths=None) -> None:
    """Paint ``grid`` (saved or shipped) for authority ``code`` and load the real figures behind it."""
    session = window.session
    window.grid_view.set_grid(grid, widths=widths)   # the saved column widths, before the session's signal
    session.show_saved_grid(code, name, grid)
    starter = CachedStart(session, window.grid_view, window.status, window.needing_figures(), code, window)
    window.cached_start = starter
    starter.hold()
    starter.start_after_first_paint()


def show_for_authority(window, code: str) -> bool:
    """After the first-run question: show the authority's shipped first grid at once (False if there is none)."""
    if window.cached_start is not None or window.session.loaded:
        return False
    shipped = shipped_grids().grid(code)
    if shipped is None:
        return False
    name, grid = shipped
    remember_authority(window.settings, code, name)
    start_from_grid(window, code, name, grid)
    return True


def authority_choices() -> list:
    """The current authorities for the first-run question, without pandas when the shipped grids list them."""
    shipped = shipped_grids().authorities()
    if shipped:
        return sorted(shipped, key=lambda a: a.name.lower())
    from cpdesk import builtin_figures
    return builtin_figures.authorities()


_SHIPPED = []


def shipped_grids():
    """The first grids shipped with cpdesk (:mod:`cpdesk.first_grid`), read once."""
    if not _SHIPPED:
        from cpdesk.first_grid import ShippedGrids
        _SHIPPED.append(ShippedGrids())
    return _SHIPPED[0]


def remember_authority(settings, code: str | None, name: str | None) -> None:
    """Keep the chosen authority (or none) for the next start."""
    settings.setValue("la/chosen", "yes" if code else "none")
    settings.setValue("la/code", code or "")
    settings.setValue("la/name", name or "")


class GridMemory(QObject):
    """Saves the grid a fresh start shows, for next time, each time the session's grid changes."""

    def __init__(self, session, grid_view, parent=None):
        super().__init__(parent)
        self.session, self.grid_view = session, grid_view
        self.key = None            # (authority code, data version) of the grid saved or shown from the cache
        session.gridChanged.connect(self.remember)

    def remember(self) -> bool:
        """Save the grid when it is what a fresh start shows; True if written."""
        s = self.session
        ws = s.workspace
        if (s.national_pending or s.national is None or len(s.national.observations) == 0 or s.loaded
                or not grid_cache.is_fresh_view(ws)):
            return False
        grid = s.grid()
        if not grid.rows:
            return False
        version = grid_cache.data_version()
        key = (ws.la_code, version)
        if self.key == key:
            return False
        try:
            view = {"font": self.grid_view.font_key(), "widths": self.grid_view.column_widths()}
            grid_cache.save(cache_folder(), ws.la_code, ws.la_name or "", grid, version,
                            aliases=authority_aliases(ws.la_code), view=view)
        except OSError:
            log.warning("the grid cache could not be written", exc_info=True)
            return False
        self.key = key
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


__all__ = ["BuiltinLoader", "CachedStart", "GridMemory", "show_cached", "show_for_authority", "start_from_grid",
           "authority_choices", "shipped_grids", "remember_authority", "authority_aliases",
           "install_quit_wait", "LOADING_TEXT"]
