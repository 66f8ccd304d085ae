"""The indicator grid with its controls: area, comparator, the periods (kind, how many, up to which).

The period columns scroll; the comparator, target and rank columns (for the latest period
shown) stand beside them in a second view over the same model, so they stay in sight
whatever is scrolled. Both views share one selection: selecting, copying and moving with
the keyboard work across them as one table.
"""
from __future__ import annotations

import html

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QSpinBox,
                               QTableView, QVBoxLayout, QWidget)

from cpdesk.models.grid_model import CellRole, GridModel
from cpdesk.ui.row_header import RowHeader
from cpdesk.vocabulary import COMPARATOR_NAMES, GRANULARITY_NAMES


def copy_cells(model: GridModel, selection_model) -> str:
    """Put the selected cells on the clipboard as a table (text and HTML); returns the text."""
    indexes = selection_model.selectedIndexes() if selection_model is not None else []
    if not indexes or model.grid is None:
        return ""
    rows = sorted({i.row() for i in indexes})
    cols = sorted({i.column() for i in indexes})
    header, body = model.as_table(rows, cols)
    text = "\n".join("\t".join(line) for line in [header] + body)
    cells = [[model.index(r, c) for c in cols] for r in rows]
    th = "".join(f"<th style='text-align:left;padding:3px 6px;border:1px solid #b1b4b6'>{html.escape(h)}</th>"
                 for h in header)
    trs = []
    for line, idxs in zip(body, cells):
        tds = [f"<td style='padding:3px 6px;border:1px solid #b1b4b6'><b>{html.escape(line[0])}</b></td>"]
        for t, idx in zip(line[1:], idxs):
            cell = idx.data(CellRole)
            bg = f"background:{cell.background};color:{cell.foreground};" if cell is not None and cell.background else ""
            tds.append(f"<td style='{bg}padding:3px 6px;border:1px solid #b1b4b6'>{html.escape(t)}</td>")
        trs.append("<tr>" + "".join(tds) + "</tr>")
    from cpdesk.ui.clipboard import put_on_clipboard
    mime = QMimeData()
    mime.setText(text)
    mime.setHtml(f"<table style='border-collapse:collapse'><tr>{th}</tr>{''.join(trs)}</table>")
    put_on_clipboard(mime)
    return text


class GridTable(QTableView):
    """One of the grid's two views; Ctrl+C copies the selected cells (of both) as a formatted table.

    ``partner`` is the other view: the arrow keys move into it at the edge between them.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        # The viewport made here as Qt makes its own: asked for Qt's, PySide6 first finds out which of every
        # QWidget subclass it is (creating their Python classes: 10-20 ms before the first paint)
        viewport = QWidget()
        viewport.setObjectName("qt_scrollarea_viewport")
        viewport.setBackgroundRole(QPalette.ColorRole.Base)
        viewport.setAutoFillBackground(True)
        self.setViewport(viewport)
        self.partner: GridTable | None = None
        self.partner_side = 0     # -1: the partner is on the left, +1: on the right

    def keyPressEvent(self, event):
        if event.matches(QKeySequence.Copy):
            self.copy_selection()
            return
        key = event.key()
        current = self.currentIndex()
        if self.partner is not None and current.isValid() and key in (Qt.Key_Left, Qt.Key_Right):
            step = -1 if key == Qt.Key_Left else 1
            visible = [c for c in range(self.model().columnCount()) if not self.isColumnHidden(c)]
            at_edge = visible and current.column() == (visible[-1] if step > 0 else visible[0])
            if at_edge and step == self.partner_side and event.modifiers() == Qt.NoModifier:
                self.partner.enter_from(current.row(), step)
                return
        super().keyPressEvent(event)

    def enter_from(self, row: int, step: int) -> None:
        """Take the focus at ``row``, on the first (moving right) or last (moving left) column shown here."""
        visible = [c for c in range(self.model().columnCount()) if not self.isColumnHidden(c)]
        if not visible:
            return
        self.setFocus(Qt.OtherFocusReason)
        self.setCurrentIndex(self.model().index(row, visible[0] if step > 0 else visible[-1]))

    def copy_selection(self) -> str:
        return copy_cells(self.model(), self.selectionModel())


class GridView(QWidget):
    """Controls above the grid. ``optionsChanged`` carries area, comparator, granularity, latest_n and up_to."""

    optionsChanged = Signal(dict)
    cellSelected = Signal(object, object, str)     # GridRow, GridCell, column label
    editRequested = Signal(str)                    # indicator id (double-click a row header)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = GridModel(self)
        self._updating = False
        self._sizing = False     # set_grid is sizing the columns: the frozen view is fitted once, at its end
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        controls = QHBoxLayout()
        self.area = QComboBox(self)
        self.area.setAccessibleName("Local area")
        self.area.setMinimumContentsLength(12)
        self.area.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)   # "Bath and North East Somerset"
        self.comparator = QComboBox(self)
        self.comparator.setAccessibleName("Compare with")
        self.comparator.setMinimumContentsLength(14)
        self.granularity = QComboBox(self)
        self.granularity.setAccessibleName("Periods")
        self.granularity.setToolTip("The kind of period across the grid; the trends and the export follow it")
        for key, text in GRANULARITY_NAMES.items():
            self.granularity.addItem(text, key)
        self.latest = QSpinBox(self)
        self.latest.setRange(1, 60)
        self.latest.setValue(5)
        self.latest.setAccessibleName("How many periods are shown")
        self.latest.setToolTip("How many periods to show, ending at the one under Up to")
        self.up_to = QComboBox(self)
        self.up_to.setAccessibleName("Latest period shown")
        self.up_to.setToolTip("The latest period shown: the comparators, target and rank beside the grid are for it")
        self.up_to.setMinimumContentsLength(10)
        for text, w in (("&Area:", self.area), ("&Compare with:", self.comparator), ("&Periods:", self.granularity),
                        ("&Latest:", self.latest), ("&Up to:", self.up_to)):
            label = QLabel(text, self)
            label.setBuddy(w)
            controls.addWidget(label)
            controls.addWidget(w)
            controls.addSpacing(6)
        controls.addStretch(1)
        layout.addLayout(controls)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setAccessibleName("About the periods shown")
        self.note.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.note.setVisible(False)
        layout.addWidget(self.note)

        self.table = GridTable(self)
        self.row_header = RowHeader(self.table)
        self.table.setVerticalHeader(self.row_header)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Indicator grid: periods")
        self.frozen = GridTable(self)
        self.frozen.setModel(self.model)
        self.frozen.setSelectionModel(self.table.selectionModel())
        self.frozen.setAccessibleName("Indicator grid: comparators, target and rank for the latest period")
        self.frozen.verticalHeader().hide()
        self.frozen.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)   # the frozen view's, on the right, scrolls both
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.table.partner, self.table.partner_side = self.frozen, 1
        self.frozen.partner, self.frozen.partner_side = self.table, -1
        for view in (self.table, self.frozen):
            view.setSelectionMode(QAbstractItemView.ExtendedSelection)
            view.setWordWrap(False)
            view.setAlternatingRowColors(False)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
            view.setTextElideMode(Qt.ElideRight)
        self.frozen.horizontalHeader().setStretchLastSection(False)
        self.row_header.setDefaultSectionSize(self.row_header.row_height())
        self.frozen.verticalHeader().setDefaultSectionSize(self.row_header.row_height())
        # below the frozen view, room for the period view's horizontal scroll bar, so their rows line up
        self.scroll_gap = QWidget(self)
        self.scroll_gap.setFixedHeight(0)
        frozen_box = QVBoxLayout()
        frozen_box.setContentsMargins(0, 0, 0, 0)
        frozen_box.setSpacing(0)
        frozen_box.addWidget(self.frozen, 1)
        frozen_box.addWidget(self.scroll_gap)
        tables = QHBoxLayout()
        tables.setContentsMargins(0, 0, 0, 0)
        tables.setSpacing(0)
        tables.addWidget(self.table, 1)
        tables.addLayout(frozen_box)
        tables.addStretch(0)      # spare width goes after the comparators, not between them and the periods
        layout.addLayout(tables, 1)
        self.frozen.setFrameShape(QFrame.NoFrame)

        for w in (self.area, self.comparator, self.granularity, self.up_to):
            w.currentIndexChanged.connect(self._emit)
        self.latest.valueChanged.connect(self._emit)
        self.table.selectionModel().currentChanged.connect(self._current_changed)
        self.table.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.verticalScrollBar().valueChanged.connect(self.table.verticalScrollBar().setValue)
        self.row_header.sectionResized.connect(lambda i, _old, new: self.frozen.verticalHeader().resizeSection(i, new))
        self.table.horizontalScrollBar().rangeChanged.connect(lambda *_: self._line_up())
        self.frozen.horizontalHeader().sectionResized.connect(lambda *_: self._fit_frozen())
        self.frozen.verticalScrollBar().rangeChanged.connect(lambda *_: self._fit_frozen())
        self.row_header.sectionDoubleClicked.connect(self._row_double_clicked)
        for view in (self.table, self.frozen):
            view.doubleClicked.connect(lambda idx: self._row_double_clicked(idx.row()))
        self.setTabOrder(self.area, self.comparator)
        self.setTabOrder(self.comparator, self.granularity)
        self.setTabOrder(self.granularity, self.latest)
        self.setTabOrder(self.latest, self.up_to)
        self.setTabOrder(self.up_to, self.table)
        self.setTabOrder(self.table, self.frozen)

    # -- options ------------------------------------------------------------------------
    def options(self) -> dict:
        return {"area": self.area.currentData(), "comparator": self.comparator.currentData() or "england",
                "granularity": self.granularity.currentData() or "auto", "latest_n": self.latest.value(),
                "up_to": self.up_to.currentData()}

    def set_options(self, areas: list[str], area: str | None, comparator_areas: list[str], comparator: str,
                    granularity: str, latest_n: int, groups: list[str] = (), up_to: str = "",
                    up_to_choices: list[str] = (), granularities: list[str] = ()) -> None:
        """Fill the controls without emitting ``optionsChanged``.

        ``groups`` are the user's comparison groups (offered after the comparator roles);
        ``up_to_choices`` every period of the granularity, oldest first; ``granularities``
        those the area has figures for (the others are offered but marked empty).
        """
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
            if groups:
                self.comparator.insertSeparator(self.comparator.count())
                for g in groups:
                    self.comparator.addItem(g, g)
                    self.comparator.setItemData(self.comparator.count() - 1, "Your comparison group", Qt.ToolTipRole)
            others = [a for a in comparator_areas if a not in groups and a.lower() not in COMPARATOR_NAMES
                      and a not in COMPARATOR_NAMES.values()]
            if others:
                self.comparator.insertSeparator(self.comparator.count())
                for a in others:
                    self.comparator.addItem(a, a)
            i = self.comparator.findData(comparator)
            self.comparator.setCurrentIndex(i if i >= 0 else 0)
            for i in range(self.granularity.count()):
                key = self.granularity.itemData(i)
                name = GRANULARITY_NAMES.get(key, key)
                empty = granularities and key != "auto" and key not in granularities
                self.granularity.setItemText(i, f"{name} (none)" if empty else name)
            self.granularity.setCurrentIndex(max(0, self.granularity.findData(granularity)))
            self.latest.setValue(int(latest_n))
            self.up_to.clear()
            for label in reversed(list(up_to_choices)):
                self.up_to.addItem(label, label)
            self.up_to.setCurrentIndex(max(0, self.up_to.findData(up_to)))
            self.up_to.setEnabled(bool(up_to_choices) and self.area.isEnabled())
        finally:
            self._updating = False

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _emit(self, *_):
        if not self._updating:
            self.optionsChanged.emit(self.options())

    # -- grid ---------------------------------------------------------------------------
    def set_grid(self, grid, widths: list[int] | None = None) -> None:
        """Show ``grid``; ``widths`` (measured before with the same font) saves sizing columns to their contents."""
        current = self.table.currentIndex()
        for view in (self.table, self.frozen):
            view.clearSpans()
        self.model.set_grid(grid)
        self._sizing = True
        try:
            self._size_columns(grid, widths)
        finally:
            self._sizing = False
        if grid is not None:
            if self.isVisible():
                self.row_header.fit(self.width())
                self._copy_row_heights()
            else:   # fitted once, for the width the grid has when it is shown (resizeEvent / showEvent)
                self.row_header.fit_later()
            self._fit_frozen()
            if current.isValid() and current.row() < self.model.rowCount() and current.column() < self.model.columnCount():
                self.table.setCurrentIndex(self.model.index(current.row(), current.column()))
            QTimer.singleShot(0, self.show_latest)
        self.frozen.setVisible(grid is not None and any(c.frozen for c in grid.columns))

    def _size_columns(self, grid, widths: list[int] | None) -> None:
        if grid is not None:
            frozen = [c.frozen for c in grid.columns]
            for i, f in enumerate(frozen):
                self.table.setColumnHidden(i, f)
                self.frozen.setColumnHidden(i, not f)
            first_frozen = frozen.index(True) if True in frozen else len(frozen)
            for r in self.model.group_rows():
                if first_frozen > 1:
                    self.table.setSpan(r, 0, 1, first_frozen)
                if first_frozen < len(frozen) - 1:
                    self.frozen.setSpan(r, first_frozen, 1, len(frozen) - first_frozen)
            if widths is not None and len(widths) == len(grid.columns):
                for i, width in enumerate(widths):
                    self.table.setColumnWidth(i, int(width))
                    self.frozen.setColumnWidth(i, int(width))
            else:
                for i, width in enumerate(self.content_widths(grid)):
                    self.table.setColumnWidth(i, width)
                    self.frozen.setColumnWidth(i, width)

    def content_widths(self, grid) -> list[int]:
        """Each column as wide as its widest text or header (measuring the text: asking every cell is slower)."""
        fm = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        hfm = header.fontMetrics()
        style = self.table.style()
        pad = 2 * (style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1) + 8
        hpad = 2 * style.pixelMetric(style.PixelMetric.PM_HeaderMargin, None, header) + 8
        out = []
        for c, col in enumerate(grid.columns):
            texts = {line[c].text for row, line in zip(grid.rows, grid.cells) if row.kind == "indicator"}
            widest = max((fm.horizontalAdvance(t) for t in texts if t), default=0)
            out.append(max(widest + pad, hfm.horizontalAdvance(col.label) + hpad, 36))
        return out

    def show_latest(self) -> None:
        """Scroll the periods to the latest, beside the comparators."""
        bar = self.table.horizontalScrollBar()
        bar.setValue(bar.maximum())

    def _copy_row_heights(self) -> None:
        header = self.frozen.verticalHeader()
        for i in range(self.model.rowCount()):
            header.resizeSection(i, self.row_header.sectionSize(i))

    def _fit_frozen(self) -> None:
        """The frozen view is as wide as its columns; its header as high as the period view's."""
        if self._sizing:
            return
        header = self.frozen.horizontalHeader()
        width = sum(header.sectionSize(i) for i in range(header.count()) if not header.isSectionHidden(i))
        bar = self.frozen.verticalScrollBar()
        scroll = bar.sizeHint().width() if bar.maximum() > 0 else 0
        self.frozen.setFixedWidth(width + 2 + scroll if width else 0)
        height = max(self.table.horizontalHeader().sizeHint().height(), header.sizeHint().height())
        self.table.horizontalHeader().setFixedHeight(height)
        header.setFixedHeight(height)
        periods = self.table.horizontalHeader()
        natural = (self.row_header.width() + self.table.frameWidth() * 2 + 2
                   + sum(periods.sectionSize(i) for i in range(periods.count()) if not periods.isSectionHidden(i)))
        self.table.setMaximumWidth(max(natural, self.row_header.width() + 50))

    def _line_up(self) -> None:
        bar = self.table.horizontalScrollBar()
        self.scroll_gap.setFixedHeight(bar.sizeHint().height() if bar.maximum() > 0 else 0)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_rows()

    def showEvent(self, event):
        super().showEvent(event)
        self._fit_rows()   # a grid set while hidden, shown again at the same size

    def _fit_rows(self) -> None:
        """Fit the row labels to the grid's width when it changed (or a grid set while hidden waits for it)."""
        if self.model.grid is None:
            return
        width = self.row_header.label_width
        if self.row_header.refit_for(self.width()):
            self._copy_row_heights()
            if self.row_header.label_width != width:
                self._fit_frozen()   # the period view's widest extent follows the label column

    def column_widths(self) -> list[int]:
        g = self.model.grid
        return [(self.frozen if g is not None and g.columns[i].frozen else self.table).columnWidth(i)
                for i in range(self.model.columnCount())]

    def font_key(self) -> str:
        """What column widths depend on: the table's font, the screen's DPI and the style."""
        style = self.table.style().name() if self.table.style() is not None else ""
        return f"{self.table.font().toString()}|{self.table.logicalDpiX()}|{style}"

    def visible_period_count(self) -> int:
        """How many period columns are wholly in view now (the rest scroll)."""
        g = self.model.grid
        if g is None:
            return 0
        viewport = self.table.viewport().width()
        n = 0
        for i, c in enumerate(g.columns):
            if c.kind != "period":
                continue
            x = self.table.columnViewportPosition(i)
            if x >= 0 and x + self.table.columnWidth(i) <= viewport:
                n += 1
        return n

    def _current_changed(self, current, _previous=None):
        g = self.model.grid
        if g is None or not current.isValid():
            self.cellSelected.emit(None, None, "")
            return
        column = g.columns[current.column()]
        self.cellSelected.emit(g.rows[current.row()], g.cells[current.row()][current.column()],
                               column.name or column.label)

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
