"""Writes one committee table or paper to one file on a worker thread (charts and PDF included)."""
from __future__ import annotations

from PySide6.QtCore import QThread, Signal

from cpdesk.errors import CpdeskError


class ExportWorker(QThread):
    """Writes ``table`` (a Paper or a CommitteeTable) to ``path``; ``done(path)`` or ``failed(message)``.

    ``landscape`` None lets the page design choose. Charts are painted here too (QImage and
    QPdfWriter need no window, so the UI thread stays free).
    """

    done = Signal(str)
    failed = Signal(str)

    def __init__(self, table, path: str, landscape: bool | None, parent=None):
        super().__init__(parent)
        self.table, self.path, self.landscape = table, path, landscape

    def run(self) -> None:
        from cpdesk.export import write_export
        from cpdesk.render import install
        try:
            install()
            write_export(self.table, self.path, landscape=self.landscape)
        except CpdeskError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"{self.path}: could not be written ({exc.strerror or exc}). Nothing has been lost; "
                             "choose another folder or try again.")
        except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
            self.failed.emit(f"The export failed unexpectedly ({type(exc).__name__}: {exc}). Please report this.")
        else:
            self.done.emit(self.path)


__all__ = ["ExportWorker"]
