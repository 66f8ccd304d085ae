"""A table of child-level records with "Show child identifiers", Copy and Save as CSV.

Shared by the drill-down and the data-quality view. Children are shown as "child 1",
"child 2"... until the user ticks *Show child identifiers*; a warning line then says the
table holds personal data, and saving it asks for confirmation.
"""
from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget)

from cpdesk.errors import CpdeskError
from cpdesk.models.records_model import RecordsModel
from cpdesk.ui.clipboard import put_on_clipboard

PERSONAL_DATA_WARNING = ("⚠ Child identifiers are personal data. Keep anything you copy or save on council systems, "
                         "share it only with people entitled to see it, and delete it when you are done.")


class RecordsTable(QWidget):
    """``set_frame(frame)`` with a ``child_id`` column holding the real identifiers."""

    def __init__(self, parent=None, *, name: str = "Records", csv_name: str = "records.csv"):
        super().__init__(parent)
        self._raw = None
        self._csv_name = csv_name
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.show_ids = QCheckBox("Show child &identifiers", self)
        self.show_ids.setAccessibleName("Show child identifiers (personal data)")
        self.show_ids.setToolTip("Children are shown as 'child 1', 'child 2'… unless you tick this.")
        layout.addWidget(self.show_ids)
        self.warning = QLabel(PERSONAL_DATA_WARNING, self)
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName("Personal data warning")
        self.warning.setStyleSheet("QLabel { background: #fff4c2; color: #0b0c0c; padding: 4px; }")
        self.warning.hide()
        layout.addWidget(self.warning)
        self.model = RecordsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(name)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)   # file order until a heading is clicked
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()   # the Row column is the Excel row; a second numbering would confuse
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton("&Copy", self)
        self.copy_button.setAccessibleName("Copy the table")
        self.save_button = QPushButton("&Save as CSV…", self)
        self.save_button.setAccessibleName("Save the table as CSV")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.status, 1)
        layout.addLayout(buttons)
        self.show_ids.toggled.connect(self._ids_toggled)
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.save_csv)

    def set_frame(self, frame) -> None:
        self._raw = frame.reset_index(drop=True)
        self._fill()

    def ids_shown(self) -> bool:
        return self.show_ids.isChecked()

    def _ids_toggled(self, on: bool) -> None:
        self.warning.setVisible(on)
        self._fill()

    def _fill(self) -> None:
        if self._raw is None:
            return
        from cpdesk.records.computed_source import pseudonymise
        frame = self._raw if self.ids_shown() else pseudonymise(self._raw)
        header = self.view.horizontalHeader()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        self.model.set_frame(frame)
        if 0 <= column < self.model.columnCount() and self.view.isSortingEnabled() and header.isSortIndicatorShown():
            self.model.sort(column, order)
        self.view.resizeColumnsToContents()

    # -- copy and save ------------------------------------------------------------------
    def table_text(self) -> str:
        header, rows = self.model.visible_table()
        return "\n".join("\t".join(line) for line in [header] + rows)

    def copy(self) -> str:
        text = self.table_text()
        mime = QMimeData()
        mime.setText(text)
        put_on_clipboard(mime)
        self.status.setText(f"Copied {self.model.rowCount():,} row(s).")
        return text

    def save_csv(self) -> str | None:
        """Ask where, confirm if identifiers are shown, write atomically; returns the path written."""
        path, _ = QFileDialog.getSaveFileName(self, "Save as CSV", str(Path.home() / self._csv_name),
                                              "CSV (*.csv)")
        if not path:
            return None
        if self.ids_shown():
            answer = QMessageBox.warning(
                self, "Personal data",
                "The file will contain child identifiers, which are personal data.\n\n"
                "Keep it on council systems and delete it when you are done. Save it?",
                QMessageBox.Save | QMessageBox.Cancel, QMessageBox.Cancel)
            if answer != QMessageBox.Save:
                self.status.setText("Not saved.")
                return None
        if not path.lower().endswith(".csv"):
            path += ".csv"
        from cpdesk.fileio import atomic_write, escape_formula
        header, rows = self.model.visible_table()
        try:
            with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow([escape_formula(h) for h in header])
                for line in rows:
                    writer.writerow([escape_formula(v) for v in line])
        except CpdeskError as exc:
            self.status.setText(str(exc))
            return None
        except OSError as exc:
            self.status.setText(f"{Path(path).name}: could not be saved ({exc.strerror or exc}). "
                                "If it is open in Excel, close it and try again.")
            return None
        self.status.setText(f"Saved {Path(path).name}" + (" (with child identifiers)." if self.ids_shown() else "."))
        return path


__all__ = ["RecordsTable", "PERSONAL_DATA_WARNING"]
