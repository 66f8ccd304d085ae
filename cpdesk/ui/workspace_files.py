"""The workspace on disk, as the window offers it: save, save as, open, recent files, autosave and recovery.

The file itself is written by the session (:meth:`cpdesk.session.Session.save`, atomically);
this module asks where, says what went wrong in a sentence, and keeps the recent-files menu
and the crash-recovery copy.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from cpdesk.errors import CpdeskError
from cpdesk.ui.settings import data_folder, read_list

log = logging.getLogger(__name__)

FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt);;All files (*)"
WORKSPACE_FILTER = "cpdesk workspace (*.cpdesk)"


class WorkspaceFiles(QObject):
    """Saving and opening workspaces for ``session``; ``parent`` is the window (dialogs' parent).

    ``loader`` reads a workspace's sources; ``undo_stack`` is cleared when another workspace
    is opened and marked clean when one is saved.
    """

    def __init__(self, session, loader, settings, messages, status, undo_stack, parent):
        super().__init__(parent)
        self.session, self.loader, self.settings = session, loader, settings
        self.messages, self.status, self.undo_stack = messages, status, undo_stack
        self.parent_widget = parent
        self.recent_menu = QMenu("&Recent files", parent)
        self.recovery_available = None
        # the recovery copy belongs to one window at a time: a second cpdesk running meanwhile
        # neither offers the first one's copy as "did not close normally" nor writes over it
        self.recovery_lock = QLockFile(str(data_folder() / "recovery.lock"))
        self.recovery_lock.setStaleLockTime(0)
        self._owns_recovery: bool | None = None   # the lock is taken when first needed (see owns_recovery)
        self.autosave_timer = QTimer(self)
        from cpdesk.presentation import defaults
        self.autosave_timer.setInterval(int(defaults()["autosave_seconds"]) * 1000)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        loader.loaded.connect(self.add_recent)
        self.rebuild_recent()

    @property
    def owns_recovery(self) -> bool:
        """Whether this window keeps the recovery copy; the lock is taken the first time this is asked.

        Not at construction: taking it costs a few milliseconds (tens after a crash left it
        behind), and the window asks first when it offers a recovery, after its first paint.
        """
        if self._owns_recovery is None:
            self._owns_recovery = self.recovery_lock.tryLock(0)
        return self._owns_recovery

    @owns_recovery.setter
    def owns_recovery(self, value: bool) -> None:
        self._owns_recovery = value

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> bool:
        if not self.session.workspace_path:
            return self.save_as()
        return self.write(self.session.workspace_path)

    def save_as(self) -> bool:
        start = self.session.workspace_path or str(Path(self.settings.value("dirs/workspace") or Path.home())
                                                   / "cpdesk.cpdesk")
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "Save workspace", start, WORKSPACE_FILTER)
        return self.write(path) if path else False

    def write(self, path: str) -> bool:
        """Save the workspace to ``path``; False (with a message) if it could not be written."""
        from cpdesk.workspace import clear_recovery
        try:
            written = self.session.save(path)
        except CpdeskError as exc:
            self.messages.show_message(str(exc), "error")
            return False
        except OSError as exc:
            self.messages.show_message(f"{path}: the workspace could not be saved ({exc.strerror or exc}).", "error")
            return False
        self.settings.setValue("dirs/workspace", str(written.parent))
        self.add_recent(str(written))
        self.undo_stack.setClean()
        if self.owns_recovery:
            clear_recovery(data_folder())
        self.status.set_text(f"Saved {written.name}")
        return True

    # -- opening ----------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, "Open workspace",
                                              str(self.settings.value("dirs/workspace") or Path.home()),
                                              WORKSPACE_FILTER)
        if path:
            self.open(path)

    def open(self, path: str, load_sources: bool = True) -> bool:
        """Open the workspace at ``path``; with ``load_sources`` its figures and files are read too."""
        from cpdesk.workspace import load_workspace
        try:
            ws = load_workspace(path)
        except CpdeskError as exc:
            self.messages.show_message(str(exc), "error")
            return False
        self._adopt(ws, str(Path(path).resolve()))
        self.add_recent(self.session.workspace_path)
        if load_sources:
            self._load(ws)
        return True

    def _load(self, ws) -> None:
        self.session.load_national()
        if ws.sources:
            self.loader.load(list(ws.sources))

    def _adopt(self, ws, path: str | None, *, dirty: bool = False) -> None:
        """Use ``ws``, asking where each source that has moved is now."""
        from cpdesk.workspace import missing_sources, relocate
        left_out = []
        for old in missing_sources(ws):
            if old not in ws.sources or Path(old).exists():
                continue  # found already when an earlier one was relocated
            answer = QMessageBox.question(
                self.parent_widget, "A source file has moved",
                f"The workspace uses {Path(old).name}, which is no longer at\n{old}.\n\nFind it now?",
                QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
            new = ""
            if answer == QMessageBox.Yes:
                new, _ = QFileDialog.getOpenFileName(self.parent_widget, f"Where is {Path(old).name}?",
                                                     str(Path(old).parent), FILE_FILTER)
            if new:
                relocate(ws, old, new)
            else:
                left_out.append(old)
                self.messages.show_message(f"{Path(old).name} was not found and is left out of this session.", "warning")
        self.undo_stack.clear()
        self.session.adopt(ws, path, dirty=dirty, left_out=left_out)

    # -- autosave and recovery ------------------------------------------------------------------
    def autosave(self) -> None:
        """Write the crash-recovery copy when there are unsaved changes."""
        if not self.session.dirty or not self.owns_recovery:
            return
        from cpdesk.workspace import write_recovery
        try:
            write_recovery(self.session.workspace, data_folder(), self.session.workspace_path)
        except (OSError, CpdeskError):
            log.exception("autosave failed")

    def offer_recovery(self) -> None:
        """If the last session did not close normally, offer its unsaved workspace."""
        from cpdesk.workspace import read_recovery
        if not self.owns_recovery:
            return
        found = read_recovery(data_folder())
        if found is None:
            return
        self.recovery_available = found
        self.messages.show_message("cpdesk did not close normally last time. Your unsaved workspace can be recovered.",
                                   "info", "Recover", self.recover)

    def recover(self, _=False) -> None:
        from cpdesk.workspace import clear_recovery
        if self.recovery_available is None:
            return
        ws, original = self.recovery_available
        self._adopt(ws, original, dirty=True)
        self._load(ws)
        clear_recovery(data_folder())

    def closed(self) -> None:
        """The window closed normally: no recovery copy is needed."""
        from cpdesk.workspace import clear_recovery
        if self.owns_recovery:
            clear_recovery(data_folder())
            self.recovery_lock.unlock()
            self.owns_recovery = False

    # -- recent files -----------------------------------------------------------------------------
    def add_recent(self, path: str) -> None:
        from cpdesk.presentation import defaults
        recent = [p for p in read_list(self.settings, "recent") if p != path]
        recent.insert(0, path)
        self.settings.setValue("recent", recent[: int(defaults()["recent_files"])])
        self.rebuild_recent()

    def rebuild_recent(self) -> None:
        self.recent_menu.clear()
        recent = read_list(self.settings, "recent")
        for p in recent:
            act = self.recent_menu.addAction(Path(p).name)
            act.setToolTip(p)
            act.triggered.connect(lambda _=False, p=p: self.parent_widget.load_paths([p]))
        self.recent_menu.setEnabled(bool(recent))


__all__ = ["WorkspaceFiles", "FILE_FILTER", "WORKSPACE_FILTER"]
