"""The indicator grid with its controls: local area, comparator, period granularity, latest N."""
from __future__ import annotations

import html

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QSpinBox,
                               QTableView, QVBoxLayout, QWidget)

from cpdesk.vocabulary import COMPARATOR_NAMES, GRANULARITY_NAMES
from cpdesk.models.grid_model import CellRole, GridModel
from cpdesk.ui.clipboard import put_on_clipboard
from cpdesk.ui.row_header import RowHeader



class GridTable(QTableView):
    """The table itself; Ctrl+C copies the selected cells as a formatted table."""

    def keyPressEvent(self, event):
        if event.matches(QKeySequence.Copy):
            self.copy_selection()
            return
        super().keyPressEvent(event)

    def copy_selection(self) -> str:
        model: GridModel = self.model()
        indexes = self.selectionModel().selectedIndexes() if self.selectionModel() else []
        if not indexes or model.grid is None:
            return ""
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        header, body = model.as_table(rows, cols)
        text = "\n".join("\t".join(line) for line in [header] + body)
        cells = [[model.index(r, c) for c in cols] for r in rows]
        th = "".join(f"<th style='text-align:left;padding:3px 6px;border:1px solid #b1b4b6'>{html.escape(h)}</th>" for h in header)
        trs = []
        for line, idxs in zip(body, cells):
            tds = [f"<td style='padding:3px 6px;border:1px solid #b1b4b6'><b>{html.escape(line[0])}</b></td>"]
            for t, idx in zip(line[1:], idxs):
                cell = idx.data(CellRole)
                bg = f"background:{cell.background};color:{cell.foreground};" if cell is not None and cell.background else ""
                tds.append(f"<td style='{bg}padding:3px 6px;border:1px solid #b1b4b6'>{html.escape(t)}</td>")
            trs.append("<tr>" + "".join(tds) + "</tr>")
        mime = QMimeData()
        mime.setText(text)
        mime.setHtml(f"<table style='border-collapse:collapse'><tr>{th}</tr>{''.join(trs)}</table>")
        put_on_clipboard(mime)
        return text


class GridView(QWidget):
    """Controls above the grid. ``optionsChanged`` carries area, comparator, granularity and latest_n."""

    optionsChanged = Signal(dict)
    cellSelected = Signal(object, object, str)     # GridRow, GridCell, column label
    editRequested = Signal(str)                    # indicator id (double-click a row header)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = GridModel(self)
        self._updating = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        controls = QHBoxLayout()
        self.area = QComboBox(self)
        self.area.setAccessibleName("Local area")
        self.area.setMinimumContentsLength(16)
        self.comparator = QComboBox(self)
        self.comparator.setAccessibleName("Compare with")
        self.comparator.setMinimumContentsLength(16)
        self.granularity = QComboBox(self)
        self.granularity.setAccessibleName("Periods")
        for key, text in GRANULARITY_NAMES.items():
            self.granularity.addItem(text, key)
        self.latest = QSpinBox(self)
        self.latest.setRange(1, 60)
        self.latest.setValue(5)
        self.latest.setAccessibleName("Latest periods shown")
        self.latest.setToolTip("How many of the latest periods to show")
        for text, w in (("&Area:", self.area), ("&Compare with:", self.comparator), ("&Periods:", self.granularity),
                        ("&Latest:", self.latest)):
            label = QLabel(text, self)
            label.setBuddy(w)
            controls.addWidget(label)
            controls.addWidget(w)
            controls.addSpacing(8)
        controls.addStretch(1)
        layout.addLayout(controls)
        self.table = GridTable(self)
        self.row_header = RowHeader(self.table)
        self.table.setVerticalHeader(self.row_header)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Indicator grid")
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.row_header.setDefaultSectionSize(self.row_header.row_height())
        self.table.setTextElideMode(Qt.ElideRight)
        layout.addWidget(self.table, 1)
        for w in (self.area, self.comparator, self.granularity):
            w.currentIndexChanged.connect(self._emit)
        self.latest.valueChanged.connect(self._emit)
        self.table.selectionModel().currentChanged.connect(self._current_changed)
        self.table.verticalHeader().sectionDoubleClicked.connect(self._row_double_clicked)
        self.table.doubleClicked.connect(lambda idx: self._row_double_clicked(idx.row()))
        self.setTabOrder(self.area, self.comparator)
        self.setTabOrder(self.comparator, self.granularity)
        self.setTabOrder(self.granularity, self.latest)
        self.setTabOrder(self.latest, self.table)

    # -- options ------------------------------------------------------------------------
    def options(self) -> dict:
        return {"area": self.area.currentData(), "comparator": self.comparator.currentData() or "england",
                "granularity": self.granularity.currentData() or "auto", "latest_n": self.latest.value()}

    def set_options(self, areas: list[str], area: str | None, comparator_areas: list[str], comparator: str,
                    granularity: str, latest_n: int) -> None:
        """Fill the controls without emitting ``optionsChanged``."""
        self._updating = True
        try:
            self.area.clear()
            for a in areas:
                self.area.addItem(a, a)
            if area and area not in areas:
                self.area.addItem(area, area)
            if area:
                self.area.setCurrentIndex(self.area.findData(area))
            self.comparator.clear()
            for key, name in COMPARATOR_NAMES.items():
                self.comparator.addItem(name, key)
            self.comparator.insertSeparator(self.comparator.count())
            for a in comparator_areas:
                if a.lower() not in COMPARATOR_NAMES and a not in COMPARATOR_NAMES.values():
                    self.comparator.addItem(a, a)
            i = self.comparator.findData(comparator)
            self.comparator.setCurrentIndex(i if i >= 0 else 0)
            self.granularity.setCurrentIndex(max(0, self.granularity.findData(granularity)))
            self.latest.setValue(int(latest_n))
        finally:
            self._updating = False

    def _emit(self, *_):
        if not self._updating:
            self.optionsChanged.emit(self.options())

    # -- grid ---------------------------------------------------------------------------
    def set_grid(self, grid, widths: list[int] | None = None) -> None:
        """Show ``grid``; ``widths`` (measured before with the same font) saves sizing columns to their contents."""
        current = self.table.currentIndex()
        self.table.clearSpans()
        self.model.set_grid(grid)
        if grid is not None:
            for r in self.model.group_rows():
                self.table.setSpan(r, 0, 1, max(1, len(grid.columns)))
            if widths is not None and len(widths) == len(grid.columns):
                for i, width in enumerate(widths):
                    self.table.setColumnWidth(i, int(width))
            else:
                self.table.resizeColumnsToContents()
            self.row_header.fit(self.table.width())
            if current.isValid() and current.row() < self.model.rowCount() and current.column() < self.model.columnCount():
                self.table.setCurrentIndex(self.model.index(current.row(), current.column()))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.model.grid is not None:
            self.row_header.refit_for(self.table.width())

    def column_widths(self) -> list[int]:
        return [self.table.columnWidth(i) for i in range(self.model.columnCount())]

    def font_key(self) -> str:
        """What column widths depend on: the table's font, the screen's DPI and the style."""
        style = self.table.style().name() if self.table.style() is not None else ""
        return f"{self.table.font().toString()}|{self.table.logicalDpiX()}|{style}"

    def _current_changed(self, current, _previous=None):
        g = self.model.grid
        if g is None or not current.isValid():
            self.cellSelected.emit(None, None, "")
            return
        self.cellSelected.emit(g.rows[current.row()], g.cells[current.row()][current.column()],
                               g.columns[current.column()].label)

    def emit_current(self) -> None:
        """Say again which cell is selected (after the grid's rows changed under it)."""
        self._current_changed(self.table.currentIndex())

    def _row_double_clicked(self, row: int):
        g = self.model.grid
        if g is not None and 0 <= row < len(g.rows) and g.rows[row].kind == "indicator":
            self.editRequested.emit(g.rows[row].key)

    def current_indicator(self) -> str | None:
        g = self.model.grid
        idx = self.table.currentIndex()
        if g is None or not idx.isValid() or g.rows[idx.row()].kind != "indicator":
            return None
        return g.rows[idx.row()].key
