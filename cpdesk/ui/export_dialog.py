"""The export dialog: choose the layout, what goes in it and where it goes.

Layouts (``resources/layouts.json``): the trend table (indicators down, the last N periods
across, comparators for the latest period, judgements), the areas table, the scorecard, and
the committee table of one row per indicator and period. For the first three the dialog
offers how many periods go across and of which kind, the latest period, charts per
indicator and a whole draft paper; for the committee table, the periods to tick.

Order of events for an export: build the paper, run the disclosure check (and ask about
small numbers), ask for the file (confirming before overwriting), then write it on a
worker thread with a busy indicator. A file that is open in Excel or Word gives a clear
message, and the dialog keeps every choice so the user can close it and try again.

Entry points: ``ExportDialog(parent, observations, catalogue, area, comparator, commentary)``
and ``open_export(parent, obs, catalogue, grid, workspace)`` (what the main window calls).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QProgressBar,
                               QPushButton, QSpinBox, QVBoxLayout)

from cpdesk.catalogue import Catalogue, default_catalogue
from cpdesk.errors import CpdeskError
from cpdesk.export import FORMATS
from cpdesk.export.committee_table import CommitteeTable, build_committee_table, default_threshold
from cpdesk.export.disclosure import check, confirm, suppress
from cpdesk.export.layouts import LAYOUTS, LayoutChoice, build_paper, layout_specs
from cpdesk.export.paper import Paper
from cpdesk.summary import available_periods, choose_area, choose_period
from cpdesk.ui.export_worker import ExportWorker
from cpdesk.vocabulary import COMPARATOR_ROLES, GRANULARITY_KINDS, is_national, row_keys

ROLE_COMPARATORS = [(r.name, r.id) for r in COMPARATOR_ROLES]
KEY = Qt.UserRole
COMMITTEE = "committee"
#: The layout a format opens with until the user picks one (as ``cpdesk summary`` does).
DEFAULT_LAYOUT = {".docx": "trend", ".pdf": "trend", ".html": "trend", ".xlsx": COMMITTEE, ".csv": COMMITTEE,
                  ".json": COMMITTEE}
#: Formats that can hold charts and a whole draft paper.
DOCUMENT_FORMATS = (".docx", ".pdf", ".html")
#: Kinds of period a paper can lay across, in the words the dialog uses.
PERIOD_KINDS = {"year": "Financial years", "quarter": "Quarters", "month": "Months", "snapshot": "Snapshot dates",
                "calendar_year": "Calendar years", "rolling": "Rolling periods"}
_KIND_UNITS = {"year": "years", "quarter": "quarters", "month": "months", "snapshot": "snapshot dates",
               "calendar_year": "calendar years", "rolling": "rolling periods"}


class ExportDialog(QDialog):
    exported = Signal(str)       # the path written
    failed = Signal(str)         # the message shown

    def __init__(self, parent, observations: pd.DataFrame, catalogue: Catalogue | None, area: str | None,
                 comparator: str = "england", commentary: dict[str, str] | None = None,
                 targets: dict[str, float] | None = None, *, kind: str | None = None, latest: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export the committee paper")
        self.obs = observations
        self.catalogue = catalogue or default_catalogue()
        self.area = choose_area(observations, area)
        self.commentary = dict(commentary or {})
        self.targets = dict(targets or {})
        self.worker: ExportWorker | None = None
        self.last_table: Paper | CommitteeTable | None = None
        self._layout_chosen = False      # until the user picks a layout, the format decides it
        self._periods_chosen = False     # until the user sets a number, the layout's default shows
        self._build_ui(comparator, kind, latest)

    # -- layout -----------------------------------------------------------------------
    def _build_ui(self, comparator: str, kind: str | None, latest: str | None) -> None:
        form = self.form = QFormLayout()
        self.format_combo = QComboBox()
        for ext, name in FORMATS.items():
            self.format_combo.addItem(f"{name} ({ext})", ext)
        form.addRow("&Format:", self.format_combo)

        self.layout_combo = QComboBox()
        specs = layout_specs()
        for key in LAYOUTS:
            self.layout_combo.addItem(specs[key]["name"], key)
            self.layout_combo.setItemData(self.layout_combo.count() - 1, specs[key]["description"], Qt.ToolTipRole)
        self.layout_combo.addItem("One row per indicator and period", COMMITTEE)
        self.layout_combo.setItemData(self.layout_combo.count() - 1, "The committee table: a row for each indicator "
                                      "and ticked period, with the previous period, comparator, target and "
                                      "judgements.", Qt.ToolTipRole)
        self.layout_combo.setAccessibleName("Table layout")
        form.addRow("&Layout:", self.layout_combo)

        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Automatic (the kind most indicators use)", None)
        for k in self._kinds():
            self.kind_combo.addItem(PERIOD_KINDS[k], k)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0))
        self.periods_spin = QSpinBox()
        self.periods_spin.setRange(0, 40)
        self.periods_spin.setSpecialValueText("Layout's default")
        self.periods_label = QLabel("&Periods across:", buddy=self.periods_spin)
        across = self.across_row = QHBoxLayout()
        across.addWidget(self.periods_spin)
        across.addWidget(QLabel("&of:", buddy=self.kind_combo))
        across.addWidget(self.kind_combo, 1)
        form.addRow(self.periods_label, across)

        self.latest_combo = QComboBox()
        self.latest_combo.addItem("The latest in your figures", None)
        for p in reversed(self._local_periods()):
            self.latest_combo.addItem(p, p)
        self.latest_combo.setCurrentIndex(max(self.latest_combo.findData(latest), 0))
        self.latest_label = QLabel("Up &to:", buddy=self.latest_combo)
        form.addRow(self.latest_label, self.latest_combo)

        self.comparator_combo = QComboBox()
        for name, key in ROLE_COMPARATORS:
            self.comparator_combo.addItem(name, key)
        others = self.obs.loc[self.obs["area_role"].isin(["group", "district", "other", "la"]) & (self.obs["area"] != self.area),
                              "area"].drop_duplicates()
        for name in others:
            self.comparator_combo.addItem(str(name), str(name))
        index = self.comparator_combo.findData(comparator)
        if index < 0:
            index = self.comparator_combo.findText(comparator, Qt.MatchFixedString)
        self.comparator_combo.setCurrentIndex(max(index, 0))
        form.addRow("&Compare with:", self.comparator_combo)

        self.orientation_combo = QComboBox()
        self.orientation_combo.addItem("Automatic (landscape when the table needs it)", None)
        self.orientation_combo.addItem("Portrait", False)
        self.orientation_combo.addItem("Landscape", True)
        form.addRow("Pa&ges:", self.orientation_combo)

        self.threshold_spin = QSpinBox()
        self.threshold_spin.setRange(1, 100)
        self.threshold_spin.setValue(default_threshold())
        self.threshold_spin.setToolTip("Counts from 1 to this number are small numbers, checked before publishing.")
        form.addRow("Small numbers &up to:", self.threshold_spin)
        self.charts_check = QCheckBox("A trend c&hart for each indicator (Word, PDF, web page)")
        self.charts_check.setToolTip("Each indicator against the comparators of the same scale and its target, "
                                     "with alternative text that states the trend.")
        self.paper_check = QCheckBox("A &whole draft paper: title, summary of judgements, tables, charts, "
                                     "definitions, notes")
        self.grouped_check = QCheckBox("Show each indicator's &group")
        form.addRow("", self.charts_check)
        form.addRow("", self.paper_check)
        form.addRow("", self.grouped_check)

        self.period_list = QListWidget()
        self.period_list.setAccessibleName("Periods")
        periods = available_periods(self.obs, self.area)
        if kind:     # the grid's kind of period only, not every kind the figures come in
            local = self._local()
            of_kind = set(local.loc[local["period_kind"] == kind, "period"])
            periods = [p for p in periods if p in of_kind] or periods
        try:
            default = latest if latest in periods else choose_period(self.obs[self.obs["area"] == self.area], None)
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
        own = self._own_keys()
        for key, name in self._indicators():
            item = QListWidgetItem(name)
            item.setData(KEY, key)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            # the user's own table first: built-in indicators are offered, not ticked, once files are loaded
            item.setCheckState(Qt.Checked if not own or key in own else Qt.Unchecked)
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
        self.period_panel = QVBoxLayout()
        self.period_list_label = QLabel("P&eriods (one row each):", buddy=self.period_list)
        self.period_panel.addWidget(self.period_list_label)
        self.period_panel.addWidget(self.period_list)
        lists.addLayout(left, 3)
        lists.addLayout(self.period_panel, 1)

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
        self.resize(860, 720)

        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.layout_combo.activated.connect(self._layout_picked)
        self.layout_combo.currentIndexChanged.connect(self._update_options)
        self.kind_combo.currentIndexChanged.connect(self._update_options)
        self.periods_spin.valueChanged.connect(self._periods_set)
        self.paper_check.toggled.connect(self._update_options)
        self._format_changed()

    def _local(self) -> pd.DataFrame:
        return self.obs[(self.obs["area"] == self.area) & (self.obs["value"].notna() | self.obs["flag"].notna())]

    def _own_keys(self) -> set[str]:
        own = self._local()
        own = own[~is_national(own)]
        return set(row_keys(own)) if len(own) else set()

    def _kinds(self) -> list[str]:
        """The kinds of period the area's figures come in, in the order the dialog offers them."""
        have = set(self._local().loc[lambda d: ~d["partial"].astype(bool), "period_kind"])
        return [k for k in PERIOD_KINDS if k in have]

    def _local_periods(self) -> list[str]:
        """The area's periods, oldest first (the user's own figures' when there are any)."""
        local = self._local()
        own = local[~is_national(local)]
        use = own if len(own) else local
        use = use.sort_values(["period_end", "period_start"], kind="stable")
        return list(dict.fromkeys(use["period"]))

    def _indicators(self) -> list[tuple[str, str]]:
        local = self._local()
        keys = row_keys(local)
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

    # -- keeping the options consistent -----------------------------------------------
    def _format_changed(self) -> None:
        if not self._layout_chosen:
            self._set_combo(self.layout_combo, DEFAULT_LAYOUT.get(self.chosen_format(), "trend"))
        self._update_options()

    def _layout_picked(self) -> None:
        self._layout_chosen = True

    def _periods_set(self) -> None:
        self._periods_chosen = True

    @staticmethod
    def _set_combo(combo: QComboBox, data) -> None:
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _update_options(self) -> None:
        """Show what the chosen layout and format use; the rest is hidden or greyed, never silently ignored."""
        layout = self.chosen_layout()
        paper = layout != COMMITTEE
        document = self.chosen_format() in DOCUMENT_FORMATS
        self.form.setRowVisible(self.across_row, paper)
        self.form.setRowVisible(self.latest_combo, paper)
        self.form.setRowVisible(self.grouped_check, not paper)
        self.kind_combo.setEnabled(layout in ("trend", "areas"))
        self.period_list.setVisible(not paper)
        self.period_list_label.setVisible(not paper)
        self.paper_check.setEnabled(paper and document)
        whole = self.paper_check.isEnabled() and self.paper_check.isChecked()
        self.charts_check.setEnabled(paper and document and not whole)
        if whole:
            self.charts_check.setChecked(True)     # a whole paper always has its charts
        self.periods_label.setText("&Years:" if layout == "scorecard" else "&Periods across:")
        self.periods_spin.setToolTip(self._default_periods_text(layout))
        if not self._periods_chosen:
            self.periods_spin.blockSignals(True)
            self.periods_spin.setValue(0)
            self.periods_spin.blockSignals(False)

    def _default_periods_text(self, layout: str) -> str:
        if layout == COMMITTEE:
            return ""
        spec = layout_specs()[layout]
        if layout == "scorecard":
            return f"Layout's default: the last {spec.get('years', 3)} years, with the latest year's quarters."
        kinds = [self.kind_combo.currentData()] if self.kind_combo.currentData() else self._kinds() or ["year"]
        parts = [f"{spec['periods'].get(k, 5)} {_KIND_UNITS.get(k, k)}" for k in kinds]
        return "Layout's default: the last " + ", ".join(parts) + "."

    # -- choices ----------------------------------------------------------------------
    def chosen_indicators(self) -> list[str]:
        items = (self.indicator_list.item(i) for i in range(self.indicator_list.count()))
        return [it.data(KEY) for it in items if it.checkState() == Qt.Checked]

    def chosen_periods(self) -> list[str]:
        items = [self.period_list.item(i) for i in range(self.period_list.count())]
        return [it.data(KEY) for it in reversed(items) if it.checkState() == Qt.Checked]  # oldest first

    def chosen_format(self) -> str:
        return self.format_combo.currentData()

    def chosen_layout(self) -> str:
        return self.layout_combo.currentData()

    def landscape(self) -> bool | None:
        """True or False as chosen; None lets the page design decide (portrait for the committee table)."""
        return self.orientation_combo.currentData()

    def layout_choice(self) -> LayoutChoice:
        """What the dialog says, for :func:`~cpdesk.export.layouts.build_paper`."""
        document = self.chosen_format() in DOCUMENT_FORMATS
        whole = document and self.paper_check.isChecked()
        return LayoutChoice(layout=self.chosen_layout(), area=self.area, periods=self.periods_spin.value() or None,
                            kind=self.kind_combo.currentData() if self.kind_combo.isEnabled() else None,
                            latest=self.latest_combo.currentData(), compare=self.comparator_combo.currentData(),
                            indicators=self.chosen_indicators(), commentary=self.commentary, targets=self.targets,
                            threshold=self.threshold_spin.value(), charts=document and self.charts_check.isChecked(),
                            whole_paper=whole)

    def build_table(self) -> Paper | CommitteeTable:
        """The paper in the chosen layout (a CommitteeTable for one row per indicator and period)."""
        indicators = self.chosen_indicators()
        if not indicators:
            raise CpdeskError("Tick at least one indicator to export.")
        if self.chosen_layout() != COMMITTEE:
            return build_paper(self.obs, self.layout_choice(), catalogue=self.catalogue)
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

    def ask_path(self, suffix: str, name: str = "committee-table") -> str | None:
        from cpdesk.ui.settings import make_settings
        settings = make_settings()   # CPDESK_SETTINGS in tests, never the real user's
        folder = settings.value("dirs/export") or str(Path.home())
        name += suffix
        path, _ = QFileDialog.getSaveFileName(self, "Export the committee paper", str(Path(folder) / name),
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
    def checked_table(self) -> Paper | CommitteeTable | None:
        """The paper after the disclosure check and the user's decision; None if cancelled."""
        try:
            table = self.build_table()
        except CpdeskError as exc:
            self.show_error(str(exc))
            return None
        risks = check(table)
        if risks:
            threshold = table.threshold if isinstance(table, Paper) else table.spec.threshold
            decision = self.ask_disclosure(risks, threshold)
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
        path = path or self.ask_path(suffix, "committee-paper" if getattr(table, "whole_paper", False)
                                     else "committee-table")
        if not path:
            return False
        if Path(path).exists() and not self.confirm_overwrite(path):
            return False
        charts = len(getattr(table, "charts", []) or [])
        self._busy(True, f"Writing {Path(path).name}" + (f" with {charts} chart(s)…" if charts else "…"))
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
    # one choice of periods: the kind the grid shows and its latest period are the paper's too
    kind = GRANULARITY_KINDS.get(getattr(grid, "granularity", None) or getattr(workspace, "granularity", "auto"))
    try:
        dialog = ExportDialog(parent, obs, catalogue, area, comparator,
                              commentary=getattr(workspace, "commentary", {}), targets=getattr(workspace, "targets", {}),
                              kind=kind, latest=getattr(grid, "up_to", None) or None)
    except CpdeskError as exc:
        QMessageBox.warning(parent, "Export", str(exc))
        return None
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.show()
    return dialog


__all__ = ["ExportDialog", "ExportWorker", "open_export"]
