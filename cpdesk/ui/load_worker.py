"""Loading files off the UI thread, with progress and cancel."""
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
    """Imports files one by one; each file reports success or failure on its own."""

    loaded = Signal(str, object)           # path, LoadedFile (an import result plus figures computed from records)

    def __init__(self, paths, catalogue=None, default_area: str | None = None, parent=None,
                 records_options: dict | None = None):
        super().__init__(parent)
        self.paths = list(paths)
        self.catalogue = catalogue
        self.default_area = default_area
        #: settings and store_path for lists of children (cpdesk.records.file_loading.load_file)
        self.records_options = dict(records_options or {})

    def run(self) -> None:
        from cpdesk.importing.guarded import load_file  # read in the guarded worker process

        def work(path, step):
            step(0.0, f"Reading {Path(path).name}")
            result = load_file(path, catalogue=self.catalogue, progress=step, cancelled=self._cancel.is_set,
                               default_area=self.default_area, **self.records_options)
            self.loaded.emit(path, result)

        if self.each_file(self.paths, work, unexpected="{name}: could not be read ({error}). Other files are not affected."):
            self.progress.emit(1.0, "Done")
