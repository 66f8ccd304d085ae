"""A thread that works through files one by one, with progress, cancel and one failure per file."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from cpdesk.errors import CpdeskError, ImportCancelled

log = logging.getLogger(__name__)


class BatchWorker(QThread):
    """Base for the load and recompute workers.

    A file that fails emits ``failed`` with a sentence for the user and the rest carry on;
    an unexpected exception is logged and reported the same way, never raised into Qt.
    """

    progress = Signal(float, str)          # fraction of the whole batch, message
    failed = Signal(str, str)              # path, user message
    cancelled_batch = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def each_file(self, paths, work, *, unexpected: str) -> bool:
        """Call ``work(path, step)`` for each path; False when the batch was cancelled.

        ``step(fraction, message)`` reports progress within that file. ``unexpected`` is the
        sentence for an unexpected failure, formatted with ``name`` and ``error``.
        """
        n = max(len(paths), 1)
        for i, path in enumerate(paths):
            if self._cancel.is_set():
                self.cancelled_batch.emit()
                return False
            name = Path(path).name

            def step(fraction, message, i=i):
                self.progress.emit((i + max(0.0, min(1.0, fraction))) / n, message)

            try:
                work(path, step)
            except ImportCancelled:
                self.cancelled_batch.emit()
                return False
            except CpdeskError as exc:
                self.failed.emit(path, str(exc))
            except Exception as exc:  # noqa: BLE001 - a bad file must never take the window down
                log.exception("unexpected error with %s", path)
                self.failed.emit(path, unexpected.format(name=name, error=f"{type(exc).__name__}: {exc}"))
        if self._cancel.is_set():
            self.cancelled_batch.emit()
            return False
        return True
