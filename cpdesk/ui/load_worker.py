"""Loading files off the UI thread, with progress and cancel."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from cpdesk.errors import CpdeskError, ImportCancelled

log = logging.getLogger(__name__)

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".txt"}


def expand_paths(paths) -> list[str]:
    """Files to load: files as given, and the spreadsheets inside any folder (not recursing into hidden ones)."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (child.is_file() and child.suffix.lower() in SPREADSHEET_SUFFIXES
                        and not any(part.startswith((".", "~$")) for part in child.relative_to(path).parts)):
                    out.append(str(child))
        else:
            out.append(str(path))
    return list(dict.fromkeys(out))


class LoadWorker(QThread):
    """Imports files one by one; each file reports success or failure on its own."""

    progress = Signal(float, str)          # fraction of the whole batch, message
    loaded = Signal(str, object)           # path, LoadedFile (an import result plus figures computed from records)
    failed = Signal(str, str)              # path, user message
    cancelled_batch = Signal()

    def __init__(self, paths, catalogue=None, default_area: str | None = None, parent=None,
                 records_options: dict | None = None):
        super().__init__(parent)
        self.paths = list(paths)
        self.catalogue = catalogue
        self.default_area = default_area
        #: settings and store_path for lists of children (cpdesk.records.file_loading.load_file)
        self.records_options = dict(records_options or {})
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        from cpdesk.records.file_loading import load_file
        n = max(len(self.paths), 1)
        for i, path in enumerate(self.paths):
            if self._cancel.is_set():
                self.cancelled_batch.emit()
                return
            name = Path(path).name

            def step(fraction, message, i=i):
                self.progress.emit((i + max(0.0, min(1.0, fraction))) / n, message)

            self.progress.emit(i / n, f"Reading {name}")
            try:
                result = load_file(path, catalogue=self.catalogue, progress=step, cancelled=self._cancel.is_set,
                                   default_area=self.default_area, **self.records_options)
            except ImportCancelled:
                self.cancelled_batch.emit()
                return
            except CpdeskError as exc:
                self.failed.emit(path, str(exc))
                continue
            except Exception as exc:  # noqa: BLE001 - a bad file must never take the window down
                log.exception("unexpected error loading %s", path)
                self.failed.emit(path, f"{name}: could not be read ({type(exc).__name__}: {exc}). "
                                       "Other files are not affected.")
                continue
            self.loaded.emit(path, result)
        self.progress.emit(1.0, "Done")
