"""Files into the session: read in the background, one worker at a time, and watched on disk.

A drop is ``loader.load(paths)``: a :class:`~cpdesk.ui.load_worker.LoadWorker` reads each
file with :func:`cpdesk.session.read_source` and every file read is added to the session
(:meth:`SessionSignals.add_loaded`), whose signals redraw the views. Files asked for while
a batch is running wait for it. A loaded file that changes on disk is marked so, and
``changedOnDisk`` lets the window offer to read it again.
"""
from __future__ import annotations

import os
from pathlib import Path

from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

if TYPE_CHECKING:   # the worker's modules are imported when a file is first read, not at start-up
    from cpdesk.ui.load_worker import LoadWorker


class Loader(QObject):
    """Reads files for ``session`` with progress and Cancel in ``status``."""

    loaded = Signal(str)            # a file was read and added (its absolute path)
    finished = Signal()             # every file asked for has been read (or loading was cancelled)
    changedOnDisk = Signal(str)     # a loaded file changed on disk

    def __init__(self, session, status, parent=None):
        super().__init__(parent)
        self.session, self.status = session, status
        self.worker: LoadWorker | None = None
        self._pending: list[str] = []
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        status.cancelRequested.connect(self.cancel)
        session.sourcesChanged.connect(self.watch_loaded)

    def is_loading(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def load(self, paths) -> None:
        """Read files and the spreadsheets in folders, in the background."""
        from cpdesk.ui.load_worker import LoadWorker, expand_paths
        files = expand_paths([str(p) for p in paths])
        if not files:
            return
        if self.worker is not None:
            self._pending.extend(files)
            return
        worker = LoadWorker(files, self.session.read_options(), self)
        worker.progress.connect(self.status.show_progress)
        worker.loaded.connect(self._add)
        worker.failed.connect(self._failed)
        worker.cancelled_batch.connect(lambda: self.session.say("Loading was cancelled; what was already loaded stays."))
        worker.finished.connect(self._worker_finished)
        self.worker = worker
        self.status.show_progress(0.0)
        worker.start()

    def load_now(self, paths) -> None:
        """Read files on this thread (the --screenshot option, the self-test and tests use it)."""
        from cpdesk.ui.load_worker import expand_paths
        files = expand_paths([str(p) for p in paths])
        _, errors = self.session.add_sources(files)
        for message in errors:
            self.session.say(message, "error")

    def cancel(self) -> None:
        self._pending.clear()
        if self.worker is not None:
            self.worker.cancel()

    def wait(self, timeout_ms: int = 60_000) -> None:
        if self.worker is not None:
            self.worker.wait(timeout_ms)

    def _add(self, path: str, loaded) -> None:
        self.session.add_loaded(path, loaded)
        self.loaded.emit(str(Path(path).resolve()))

    def _failed(self, path: str, message: str) -> None:
        name = Path(path).name
        self.session.say(message if name in message else f"{name}: {message}", "error")

    def _worker_finished(self) -> None:
        n = len(self.session.loaded)
        self.status.hide_progress(f"{n} source file(s) loaded" if n else "")
        self.worker.deleteLater()
        self.worker = None
        if self._pending:
            files, self._pending = self._pending, []
            self.load(files)
            return
        self.finished.emit()

    def watch_loaded(self) -> None:
        """Watch every loaded file (and only those)."""
        wanted = set(self.session.loaded)
        watched = set(self.watcher.files())
        if watched - wanted:
            self.watcher.removePaths(sorted(watched - wanted))
        missing = [p for p in wanted - watched if os.path.exists(p)]
        if missing:
            self.watcher.addPaths(sorted(missing))

    def _file_changed(self, path: str) -> None:
        if self.session.mark_changed_on_disk(path):
            self.changedOnDisk.emit(path)
        self.watch_loaded()   # editors replace files; keep watching the new one


__all__ = ["Loader"]
