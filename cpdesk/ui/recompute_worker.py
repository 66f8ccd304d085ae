"""Computing the figures from lists of children again off the UI thread (after a counting-rule change).

Like :class:`cpdesk.ui.load_worker.LoadWorker`: progress, cancel, one failure per file. The
figures are computed without touching what the window shows; the worker hands them over in
one go at the end (``computed``), so the grid never mixes old and new rules.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal

from cpdesk.errors import CpdeskError, ImportCancelled
from cpdesk.ui.batch_worker import BatchWorker


class RecomputeWorker(BatchWorker):
    """Computes ``settings`` for each (path, RecordsSource) in ``jobs``."""

    computed = Signal(object)              # {path: Recomputed} for every file that could be computed

    def __init__(self, jobs, settings, parent=None):
        super().__init__(parent)
        self.jobs = list(jobs)                 # (path, RecordsSource) pairs
        self.settings = settings

    def run(self) -> None:
        done = {}
        sources = dict(self.jobs)

        def work(path, step):
            name = Path(path).name
            try:
                done[path] = sources[path].computed(
                    self.settings, cancelled=self._cancel.is_set,
                    progress=lambda fraction, message: step(fraction, f"{name}: {message}"))
            except ImportCancelled:
                raise
            except CpdeskError as exc:
                raise CpdeskError(f"{name}: {exc}") from exc

        if self.each_file(list(sources), work,
                          unexpected="{name}: the figures could not be computed again ({error})."):
            self.progress.emit(1.0, "Done")
            self.computed.emit(done)
