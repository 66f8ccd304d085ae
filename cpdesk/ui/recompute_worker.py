"""Computing the figures from lists of children again off the UI thread (after a counting-rule change).

Like :class:`cpdesk.ui.load_worker.LoadWorker`: progress, cancel, one failure per file. The
figures are computed without touching what the window shows; the worker hands them over in
one go at the end (``computed``), so the grid never mixes old and new rules.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from cpdesk.errors import CpdeskError, ImportCancelled

log = logging.getLogger(__name__)


class RecomputeWorker(QThread):
    """Computes ``settings`` for each (path, RecordsSource) in ``jobs``."""

    progress = Signal(float, str)          # fraction of the whole batch, message
    computed = Signal(object)              # {path: Recomputed} for every file that could be computed
    failed = Signal(str, str)              # path, user message
    cancelled_batch = Signal()

    def __init__(self, jobs, settings, parent=None):
        super().__init__(parent)
        self.jobs = list(jobs)
        self.settings = settings
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        n = max(len(self.jobs), 1)
        done = {}
        for i, (path, source) in enumerate(self.jobs):
            name = Path(path).name

            def step(fraction, message, i=i, name=name):
                self.progress.emit((i + max(0.0, min(1.0, fraction))) / n, f"{name}: {message}")

            try:
                done[path] = source.computed(self.settings, cancelled=self._cancel.is_set, progress=step)
            except ImportCancelled:
                self.cancelled_batch.emit()
                return
            except CpdeskError as exc:
                self.failed.emit(path, f"{name}: {exc}")
            except Exception as exc:  # a failure must never take the window down
                log.exception("unexpected error computing %s again", path)
                self.failed.emit(path, f"{name}: the figures could not be computed again ({type(exc).__name__}: {exc}).")
        if self._cancel.is_set():
            self.cancelled_batch.emit()
            return
        self.progress.emit(1.0, "Done")
        self.computed.emit(done)
