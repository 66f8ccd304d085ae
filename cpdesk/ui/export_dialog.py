"""The export dialog: choose what goes in the committee table and where it goes.

Order of events for an export: build the table, run the disclosure check (and ask about
small numbers), ask for the file (confirming before overwriting), then write it on a
worker thread with a busy indicator. A file that is open in Excel or Word gives a clear
message, and the dialog keeps every choice so the user can close it and try again.

Entry points: ``ExportDialog(parent, observations, catalogue, area, comparator, commentary)``
and ``open_export(parent, obs, catalogue, grid, workspace)`` (what the main window calls).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QProgressBar,
                               QPushButton, QSpinBox, QVBoxLayout)

from cpdesk.catalogue import Catalogue, default_catalogue
from cpdesk.errors import CpdeskError
from cpdesk.export import FORMATS
from cpdesk.export.committee_table import CommitteeTable, build_committee_table, default_threshold
from cpdesk.export.disclosure import check, confirm, suppress
from cpdesk.summary import available_periods, choose_area, choose_period
from cpdesk.vocabulary import COMPARATOR_ROLES

ROLE_COMPARATORS = [(r.name, r.id) for r in COMPARATOR_ROLES]
KEY = Qt.UserRole


class ExportWorker(QThread):
    """Writes one table to one file off the UI thread."""

    done = Signal(str)
    failed = Signal(str)

    def __init__(self, table: CommitteeTable, path: str, landscape: bool, parent=None):
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


class ExportDialog(QDialog):
    exported = Signal(str)       # the path written
    failed = Signal(str)         # the message shown

    def __init__(self, parent, observations: pd.DataFrame, catalogue: Catalogue | None, area: str | None,
                 comparator: str = "england", commentary: dict[str, str] | None = None,
                 targets: dict[str, float] | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export the committee table")
        self.obs = observations
        self.catalogue = catalogue or default_catalogue()
        self.area = choose_area(observations, area)
        self.commentary = dict(commentary or {})
        self.targets = dict(targets or {})
        self.worker: ExportWorker | None = None
        self.last_table: CommitteeTable | None = None
        self._build_ui(comparator)

    # -- layout -----------------------------------------------------------------------
    def _build_ui(self, comparator: str) -> None:
        form = QFormLayout()
        self.format_combo = QComboBox()
        for ext, name in FORMATS.items():
            self.format_combo.addItem(f"{name} ({ext})", ext)
        form.addRow("&Format:", self.format_combo)

        self.comparator_combo = QComboBox()
        for name, key in ROLE_COMPARATORS:
            self.comparator_combo.addItem(name, key)
        others = self.obs.loc[self.obs["area_role"].isin(["district", "other", "la"]) & (self.obs["area"] != self.area),
                              "area"].drop_duplicates()
        for name in others:
            self.comparator_combo.addItem(str(name), str(name))
        index = self.comparator_combo.findData(comparator)
        if index < 0:
            index = self.comparator_combo.findText(comparator, Qt.MatchFixedString)
        self.comparator_combo.setCurrentIndex(max(index, 0))
        form.addRow("&Compare with:", self.comparator_combo)

        self.orientation_combo = QComboBox()
        self.orientation_combo.addItem("Portrait", False)
        self.orientation_combo.addItem("Landscape", True)
        form.addRow("&Pages:", self.orientation_combo)

        self.threshold_spin = QSpinBox()
        self.threshold_spin.setRange(1, 100)
        self.threshold_spin.setValue(default_threshold())
        self.threshold_spin.setToolTip("Counts from 1 to this number are small numbers, checked before publishing.")
        form.addRow("Small numbers &up to:", self.threshold_spin)
        self.grouped_check = QCheckBox("Show each indicator's &group")
        form.addRow("", self.grouped_check)

        self.period_list = QListWidget()
        self.period_list.setAccessibleName("Periods")
        periods = available_periods(self.obs, self.area)
        try:
            default = choose_period(self.obs[self.obs["area"] == self.area], None)
        except CpdeskError:
            default = periods[-1] if periods else None
        for p in reversed(periods):
            item = QListWidgetItem(p)
            item.setData(KEY, p)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if p == default else Qt.Unchecked)
            self.period_list.addItem(item)

        self.indicator_list = QListWidget()
        self.indicator_list.setAccessibleName("Indicators, in table order")
        self.indicator_list.setDragDropMode(QAbstractItemView.InternalMove)
        for key, name in self._indicators():
            item = QListWidgetItem(name)
            item.setData(KEY, key)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked)
            self.indicator_list.addItem(item)
        up, down = QPushButton("Move &up"), QPushButton("Move &down")
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))

        lists = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel("&Indicators (tick, and drag or move to order):", buddy=self.indicator_list))
        left.addWidget(self.indicator_list)
        moves = QHBoxLayout()
        moves.addWidget(up)
        moves.addWidget(down)
        left.addLayout(moves)
        right = QVBoxLayout()
        right.addWidget(QLabel("P&eriods:", buddy=self.period_list))
        right.addWidget(self.period_list)
        lists.addLayout(left, 3)
        lists.addLayout(right, 1)

        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.copy_button = QPushButton("C&opy table")
        self.copy_button.setToolTip("Copy for pasting into Word or Outlook (formatted) or Excel (cells).")
        self.export_button = QPushButton("&Export…")
        self.export_button.setDefault(True)
        close = QPushButton("Close")
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.export_button.clicked.connect(self.start_export)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(lists, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(820, 600)

    def _indicators(self) -> list[tuple[str, str]]:
        local = self.obs[(self.obs["area"] == self.area) & (self.obs["value"].notna() | self.obs["flag"].notna())]
        keys = local["indicator"].where(local["indicator"].notna(), "label:" + local["label"])
        order = {ind.id: i for i, ind in enumerate(self.catalogue)}
        found = list(dict.fromkeys(keys))
        found.sort(key=lambda k: order.get(k, len(order)))
        return [(k, self.catalogue[k].name if k in self.catalogue else k[len("label:"):]) for k in found]

    def _move(self, step: int) -> None:
        row = self.indicator_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.indicator_list.count():
            return
        item = self.indicator_list.takeItem(row)
        self.indicator_list.insertItem(target, item)
        self.indicator_list.setCurrentRow(target)

    # -- choices ----------------------------------------------------------------------
    def chosen_indicators(self) -> list[str]:
        items = (self.indicator_list.item(i) for i in range(self.indicator_list.count()))
        return [it.data(KEY) for it in items if it.checkState() == Qt.Checked]

    def chosen_periods(self) -> list[str]:
        items = [self.period_list.item(i) for i in range(self.period_list.count())]
        return [it.data(KEY) for it in reversed(items) if it.checkState() == Qt.Checked]  # oldest first

    def chosen_format(self) -> str:
        return self.format_combo.currentData()

    def landscape(self) -> bool:
        return bool(self.orientation_combo.currentData())

    def build_table(self) -> CommitteeTable:
        indicators = self.chosen_indicators()
        if not indicators:
            raise CpdeskError("Tick at least one indicator to export.")
        return build_committee_table(self.obs, catalogue=self.catalogue, area=self.area,
                                     compare=self.comparator_combo.currentData(),
                                     periods=self.chosen_periods() or None, indicators=indicators,
                                     commentary=self.commentary, grouped=self.grouped_check.isChecked(),
                                     threshold=self.threshold_spin.value(), targets=self.targets)

    # -- steps a test can replace -----------------------------------------------------
    def ask_disclosure(self, risks, threshold: int) -> str | None:
        from cpdesk.ui.disclosure_dialog import DisclosureDialog
        dialog = DisclosureDialog(risks, threshold, self)
        dialog.exec()
        return dialog.decision

    def ask_path(self, suffix: str) -> str | None:
        from cpdesk.ui.settings import make_settings
        settings = make_settings()   # CPDESK_SETTINGS in tests, never the real user's
        folder = settings.value("dirs/export") or str(Path.home())
        name = f"committee-table{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, "Export the committee table", str(Path(folder) / name),
                                              f"{FORMATS[suffix]} (*{suffix})",
                                              options=QFileDialog.DontConfirmOverwrite)
        if path and not path.lower().endswith(suffix):
            path += suffix
        if path:
            settings.setValue("dirs/export", str(Path(path).parent))
        return path or None

    def confirm_overwrite(self, path: str) -> bool:
        answer = QMessageBox.question(self, "Replace the file?",
                                      f"{Path(path).name} already exists in {Path(path).parent}. Replace it?",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, "Export", message)

    # -- actions ----------------------------------------------------------------------
    def checked_table(self) -> CommitteeTable | None:
        """The table after the disclosure check and the user's decision; None if cancelled."""
        try:
            table = self.build_table()
        except CpdeskError as exc:
            self.show_error(str(exc))
            return None
        risks = check(table)
        if risks:
            decision = self.ask_disclosure(risks, table.spec.threshold)
            if decision is None:
                return None
            table = suppress(table, risks) if decision == "suppress" else confirm(table)
        self.last_table = table
        return table

    def copy_to_clipboard(self) -> bool:
        table = self.checked_table()
        if table is None:
            return False
        from cpdesk.ui.clipboard import copy_table
        copy_table(table)
        self.status.setText(f"Copied {len(table.rows)} row(s): paste into Word or Outlook for a formatted table, "
                            "or into Excel for cells.")
        return True

    def start_export(self, path: str | None = None) -> bool:
        """Check, ask and start writing; returns False if nothing was started."""
        if self.worker is not None and self.worker.isRunning():
            return False
        suffix = self.chosen_format()
        table = self.checked_table()
        if table is None:
            return False
        path = path or self.ask_path(suffix)
        if not path:
            return False
        if Path(path).exists() and not self.confirm_overwrite(path):
            return False
        self._busy(True, f"Writing {Path(path).name}…")
        self.worker = ExportWorker(table, path, self.landscape(), self)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(lambda: self._busy(False))
        self.worker.start()
        return True

    def _busy(self, busy: bool, text: str | None = None) -> None:
        self.progress.setVisible(busy)
        self.export_button.setEnabled(not busy)
        self.copy_button.setEnabled(not busy)
        if text is not None:
            self.status.setText(text)

    def _done(self, path: str) -> None:
        self.status.setText(f"Exported to {path}.")
        self.exported.emit(path)

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)
        self.show_error(message)


def open_export(parent, obs: pd.DataFrame, catalogue, grid, workspace) -> ExportDialog | None:
    """What the main window calls: the dialog for the grid's area and comparator, with the workspace's commentary."""
    if obs is None or obs.empty:
        QMessageBox.information(parent, "Export", "Load a spreadsheet first: there is nothing to export yet.")
        return None
    area = getattr(grid, "area", None) or getattr(workspace, "area", None)
    comparator = getattr(grid, "comparator", None) or getattr(workspace, "comparator", "england")
    try:
        dialog = ExportDialog(parent, obs, catalogue, area, comparator,
                              commentary=getattr(workspace, "commentary", {}), targets=getattr(workspace, "targets", {}))
    except CpdeskError as exc:
        QMessageBox.warning(parent, "Export", str(exc))
        return None
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.show()
    return dialog


__all__ = ["ExportDialog", "ExportWorker", "open_export"]
