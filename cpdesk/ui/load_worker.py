"""Reading files off the UI thread, with progress and cancel."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal

from cpdesk.ui.batch_worker import BatchWorker

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


class LoadWorker(BatchWorker):
    """Reads files one by one with :func:`cpdesk.session.read_source`; each file succeeds or fails on its own."""

    loaded = Signal(str, object)           # path, LoadedFile (an import result plus figures computed from records)

    def __init__(self, paths, options=None, parent=None):
        super().__init__(parent)
        self.paths = list(paths)
        self.options = options             # cpdesk.session.ReadOptions

    def run(self) -> None:
        from cpdesk.session import read_source

        def work(path, step):
            step(0.0, f"Reading {Path(path).name}")
            self.loaded.emit(path, read_source(path, self.options, progress=step, cancelled=self._cancel.is_set))

        if self.each_file(self.paths, work, unexpected="{name}: could not be read ({error}). Other files are not affected."):
            self.progress.emit(1.0, "Done")
