"""The session as Qt sees it: each operation runs on the Qt-free :class:`cpdesk.session.Session` and
what it changed is re-emitted as signals, which the window, fast start, the records panel and
the dialogs subscribe to.

Queries and state (``grid()``, ``observations()``, ``workspace``, ``dirty`` …) are read from
the session itself; only operations are defined here, so every change is announced.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from cpdesk.session import Changes, Session


class SessionSignals(QObject):
    """Runs session operations and announces their :class:`~cpdesk.session.Changes`.

    Signals are emitted in this order: ``sourcesChanged``, ``observationsChanged``,
    ``gridChanged``, ``commentaryChanged`` (per indicator), ``workspaceChanged``,
    ``dirtyChanged``, then ``message`` for each message.
    """

    sourcesChanged = Signal()
    observationsChanged = Signal()
    gridChanged = Signal()
    commentaryChanged = Signal(str)
    workspaceChanged = Signal()
    dirtyChanged = Signal(bool)
    message = Signal(str, str)              # text, level (info, warning, error)

    def __init__(self, session: Session | None = None, parent=None):
        super().__init__(parent)
        self.session = session or Session()

    def __getattr__(self, name):
        # queries and state come from the session; its operations only through the methods below
        if name.startswith("_") or name in _OPERATIONS:
            raise AttributeError(name)
        return getattr(self.__dict__.get("session") or super().__getattribute__("session"), name)

    def publish(self, changes: Changes) -> Changes:
        """Announce ``changes`` (an operation's result) and return them."""
        if changes.sources:
            self.sourcesChanged.emit()
        if changes.observations:
            self.observationsChanged.emit()
        if changes.grid or changes.observations:
            self.gridChanged.emit()
        for key in changes.commentary:
            self.commentaryChanged.emit(key)
        if changes.workspace:
            self.workspaceChanged.emit()
        if changes.dirty:
            self.dirtyChanged.emit(self.session.dirty)
        for text, level in changes.messages:
            self.message.emit(text, level)
        return changes

    def say(self, text: str, level: str = "info") -> None:
        """A message for the user from the window's own work (loading, computing)."""
        self.message.emit(text, level)

    # -- operations (each one line: run on the session, announce what changed) ---------------
    def set_la(self, code, *, dirty=True):
        return self.publish(self.session.set_la(code, dirty=dirty))

    def load_national(self, *, dirty=None):
        return self.publish(self.session.load_national(dirty=dirty))

    def use_national(self, figures, *, dirty=None):
        return self.publish(self.session.use_national(figures, dirty=dirty))

    def show_saved_grid(self, code, name, grid, *, chosen=False):
        return self.publish(self.session.show_saved_grid(code, name, grid, chosen=chosen))

    def add_loaded(self, path, loaded):
        return self.publish(self.session.add_loaded(path, loaded))

    def add_sources(self, paths, **kwargs):
        changes, errors = self.session.add_sources(paths, **kwargs)
        self.publish(changes)
        return changes, errors

    def remove_source(self, path):
        return self.publish(self.session.remove_source(path))

    def mark_changed_on_disk(self, path):
        return self.publish(self.session.mark_changed_on_disk(path))

    def set_options(self, **options):
        return self.publish(self.session.set_options(**options))

    def set_groups(self, groups):
        return self.publish(self.session.set_groups(groups))

    def set_indicator_settings(self, indicator_id, settings):
        return self.publish(self.session.set_indicator_settings(indicator_id, settings))

    def set_commentary(self, texts):
        return self.publish(self.session.set_commentary(texts))

    def set_mappings(self, mappings):
        return self.publish(self.session.set_mappings(mappings))

    def set_records_settings(self, settings):
        return self.publish(self.session.set_records_settings(settings))

    def set_population(self, population):
        return self.publish(self.session.set_population(population))

    def use_recomputed(self, done, jobs):
        return self.publish(self.session.use_recomputed(done, jobs))

    def restore_shown_records_settings(self):
        self.session.restore_shown_records_settings()

    def adopt(self, ws, path, *, dirty=False, left_out=()):
        return self.publish(self.session.adopt(ws, path, dirty=dirty, left_out=left_out))

    def save(self, path):
        written = self.session.save(path)
        self.publish(Changes(workspace=True, dirty=True))
        return written

    def mark_dirty(self, dirty):
        return self.publish(self.session.mark_dirty(dirty))


#: The session's operations (they return Changes, or write the workspace): never forwarded unannounced.
_OPERATIONS = frozenset({"save", "restore_shown_records_settings"} | {
    name for name, f in vars(Session).items()
    if callable(f) and not name.startswith("_") and "Changes" in str(getattr(f, "__annotations__", {}).get("return", ""))})


__all__ = ["SessionSignals"]
