"""The trend view: pick indicators, see them as small multiples, export one.

Embed it and feed it from outside::

    view = TrendsView(parent)
    view.set_data(observations, catalogue, "Barnet", indicator="cpp_repeat_ever_pct", targets={...},
                  granularity="year")
    view.show_indicators(["cpp_repeat_ever_pct", "icpc_15wd_pct"])

Every chart shows the kind of period the grid shows (``granularity``; an indicator with none
of that kind shows the kind it has, and says so), labelled as the grid labels them. One
legend above the charts names every series; each chart's title wraps above it and says
in words which way is better. A count is drawn beside its neighbours' average and target,
never beside the England or regional total.

The first charts are built at once and the rest a few at a time from the event loop, so a
long selection never freezes the window; :meth:`TrendsView.ensure_built` finishes them.
"""
from __future__ import annotations

import html

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QFrame, QGridLayout, QHBoxLayout,
                               QLabel, QLineEdit, QListView, QMessageBox, QPushButton, QScrollArea, QSplitter,
                               QVBoxLayout, QWidget)

from cpdesk.errors import CpdeskError
from cpdesk.models.indicator_list_model import IndicatorListModel
from cpdesk.trends import GRANULARITY_NAMES, GROUP_PREFIX, ROLE_NAMES, TrendData, build_trends, comparable_roles
from cpdesk.ui.trend_legend import TrendLegend

#: Charts built before ``show_indicators`` returns; the rest follow from the event loop.
FIRST_BATCH = 6
BATCH = 4
Y_AXIS_MODES = {"auto": "Automatic (zero for counts and rates)", "zero": "Always from zero", "fit": "Fit to the values"}


class TrendsView(QWidget):
    """Indicator picker, options and a grid of trend charts."""

    chartsBuilt = Signal()
    granularityChosen = Signal(object)     # the kind of period the user chose here (None: automatic)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Trends")
        self.obs = None
        self.catalogue = None
        self.area: str | None = None
        self.targets: dict[str, float] = {}
        self.period_targets: dict[str, dict[str, float]] = {}
        self.cards: dict = {}
        self.trends: dict[str, TrendData] = {}
        self.charts: dict = {}
        self.current_indicator: str | None = None
        self._pending: list[str] = []
        self._data_key = None
        self._quiet = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._build_some)

        # picker
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter indicators")
        self.filter.setAccessibleName("Filter the indicator list")
        self.filter.setClearButtonEnabled(True)
        self.model = IndicatorListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.picker = QListView()
        self.picker.setModel(self.proxy)
        self.picker.setAccessibleName("Indicators to chart")
        self.picker.setAccessibleDescription("Tick indicators with the space bar to show their trend charts")
        self.picker.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.picker.setUniformItemSizes(True)
        picker_label = QLabel("&Indicators")
        picker_label.setBuddy(self.picker)
        clear = QPushButton("C&lear")
        clear.setAccessibleName("Untick all indicators")
        clear.clicked.connect(lambda: self.show_indicators([]))
        left = QWidget()
        left.setMinimumWidth(self.fontMetrics().averageCharWidth() * 26)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(picker_label)
        lv.addWidget(self.filter)
        lv.addWidget(self.picker, 1)
        lv.addWidget(clear)

        # options
        self.granularity = QComboBox()
        self.granularity.setAccessibleName("Periods to chart")
        self.granularity.addItem("Automatic", None)
        for key, name in GRANULARITY_NAMES.items():
            self.granularity.addItem(name, key)
        self.y_axis = QComboBox()
        self.y_axis.setAccessibleName("Y axis")
        for key, name in Y_AXIS_MODES.items():
            self.y_axis.addItem(name, key)
        self.role_boxes: dict[str, QCheckBox] = {}
        options = QHBoxLayout()
        for text, combo in (("&Periods", self.granularity), ("&Y axis", self.y_axis)):
            label = QLabel(text)
            label.setBuddy(combo)
            options.addWidget(label)
            options.addWidget(combo)
        options.addSpacing(12)
        options.addWidget(QLabel("Show:"))
        self.role_row = QHBoxLayout()
        options.addLayout(self.role_row)
        for role in ("neighbours", "region", "england", "target"):
            self._add_role_box(role, ROLE_NAMES[role])
        options.addStretch(1)
        self.export_button = QPushButton("E&xport chart…")
        self.export_button.setAccessibleName("Export a chart to PNG or SVG")
        self.export_button.clicked.connect(self.export_dialog)
        options.addWidget(self.export_button)
        self.granularity.currentIndexChanged.connect(self._granularity_changed)
        self.y_axis.currentIndexChanged.connect(self._apply_y_axis)

        # charts
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setSpacing(10)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.grid_host)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.empty = QLabel("Tick indicators on the left to see how they have changed over time.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.legend = TrendLegend(self)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(options)
        rv.addWidget(self.legend)
        rv.addWidget(self.empty)
        rv.addWidget(self.scroll, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.model.checkedChanged.connect(self._checks_changed)

    # -- feeding ---------------------------------------------------------------------
    def set_data(self, observations, catalogue, area: str | None = None, *, indicator: str | None = None,
                 targets: dict[str, float] | None = None, period_targets: dict | None = None,
                 granularity: str | None = None) -> None:
        """Show ``observations`` for ``area``; with ``indicator``, make sure that one is charted.

        ``granularity`` is the kind of period to chart (the grid's), None to leave the choice as it is.
        """
        if granularity is not None and granularity != self.granularity.currentData():
            self.granularity.blockSignals(True)
            self.set_granularity(granularity)
            self.granularity.blockSignals(False)
            self._data_key = None
        key = (id(observations), id(catalogue), area, tuple(sorted((targets or {}).items())),
               repr(sorted((period_targets or {}).items())))
        if key != self._data_key:
            self._data_key = key
            self.obs, self.catalogue, self.area = observations, catalogue, area
            self.targets = dict(targets or {})
            self.period_targets = {k: dict(v) for k, v in (period_targets or {}).items()}
            self._group_boxes()
            keep = self.model.checked_ids()
            items = self._available()
            wanted = [i for i in keep if i in {k for k, _ in items}] or [k for k, _ in items[:FIRST_BATCH]]
            self._quiet = True  # one rebuild below, not one per model signal
            try:
                self.model.set_items(items, wanted)
            finally:
                self._quiet = False
            self._rebuild_data()
        if indicator and indicator in self.model.ids():
            if indicator not in self.model.checked_ids():
                self.model.set_checked([indicator])
            self.focus_indicator(indicator)

    def show_indicators(self, ids: list[str]) -> None:
        """Chart exactly these indicators (ids not in the data are ignored)."""
        self.model.set_checked(ids, exclusive=True)

    def selected_indicators(self) -> list[str]:
        return self.model.checked_ids()

    def set_granularity(self, granularity: str | None) -> None:
        self.granularity.setCurrentIndex(max(0, self.granularity.findData(granularity)))

    def set_y_axis(self, mode: str) -> None:
        """``auto`` (counts and rates from zero), ``zero`` or ``fit``."""
        self.y_axis.setCurrentIndex(max(0, self.y_axis.findData(mode)))

    def set_roles(self, roles) -> None:
        """Which comparators to draw (neighbours, region, england, target); the local line always shows."""
        for role, box in self.role_boxes.items():
            box.blockSignals(True)
            box.setChecked(role in roles)
            box.blockSignals(False)
        self._rebuild()

    def roles(self) -> tuple[str, ...]:
        return ("la",) + tuple(r for r, b in self.role_boxes.items() if b.isChecked() and not b.isHidden())

    def _add_role_box(self, role: str, name: str) -> QCheckBox:
        box = QCheckBox(name)
        box.setChecked(True)
        box.setAccessibleName(f"Show {name}")
        box.toggled.connect(self._rebuild)
        self.role_boxes[role] = box
        self.role_row.addWidget(box)
        return box

    def _group_boxes(self) -> None:
        """A box for each comparison group in the data (the user's own groups are comparators too)."""
        groups = sorted(set(self.obs.loc[self.obs["area_role"] == "group", "area"])) if self.obs is not None else []
        for role, box in list(self.role_boxes.items()):
            if role.startswith(GROUP_PREFIX) and role[len(GROUP_PREFIX):] not in groups:
                box.hide()
        for name in groups:
            box = self.role_boxes.get(GROUP_PREFIX + name) or self._add_role_box(GROUP_PREFIX + name, name)
            box.show()

    def _granularity_changed(self) -> None:
        self.granularityChosen.emit(self.granularity.currentData())
        self._rebuild_data()

    def ensure_built(self) -> None:
        """Build every pending chart now (screenshots, exports and tests use this)."""
        self._timer.stop()
        while self._pending:
            self._build_one(self._pending.pop(0))
        self.chartsBuilt.emit()

    def focus_indicator(self, indicator_id: str) -> None:
        self.current_indicator = indicator_id
        if indicator_id in self._pending:
            self._pending.remove(indicator_id)
            self._build_one(indicator_id)
        chart = self.charts.get(indicator_id)
        if chart is not None:
            self.scroll.ensureWidgetVisible(chart)

    # -- export ----------------------------------------------------------------------
    def export_chart(self, indicator_id: str, path, width: int = 1950, dpi: int = 150):
        """Write one indicator's chart, as shown (periods, comparators, y axis), to PNG or SVG."""
        from cpdesk.ui.chart_export import export_trend
        trend = self.trends.get(indicator_id)
        if trend is None:
            raise CpdeskError("choose an indicator that is charted before exporting.")
        roles, _ = comparable_roles(trend, self.roles())
        return export_trend(trend, path, width=width, dpi=dpi, roles=roles, start_at_zero=self._zero())

    def export_dialog(self) -> None:
        from cpdesk.ui.export_chart_dialog import ExportChartDialog
        ids = [i for i in self.selected_indicators() if i in self.trends]
        if not ids:
            QMessageBox.information(self, "Export chart", "Tick an indicator to chart first.")
            return
        names = [(i, self.trends[i].name) for i in ids]
        dialog = ExportChartDialog(names, current=self.current_indicator, parent=self)
        if not dialog.exec():
            return
        filters = "PNG image (*.png);;SVG drawing (*.svg)"
        suggested = f"{dialog.indicator()}.{dialog.format()}"
        path, _ = QFileDialog.getSaveFileName(self, "Export chart", suggested, filters,
                                              "SVG drawing (*.svg)" if dialog.format() == "svg" else "PNG image (*.png)")
        if not path:
            return
        if not path.lower().endswith((".png", ".svg")):
            path += "." + dialog.format()
        try:
            self.export_chart(dialog.indicator(), path, dialog.width_px(), dialog.dpi())
        except CpdeskError as exc:
            QMessageBox.warning(self, "Export chart", str(exc))

    # -- building --------------------------------------------------------------------
    def _available(self) -> list[tuple[str, str]]:
        """Indicators with values for this area (or any, if the area has none), in catalogue order."""
        if self.obs is None or self.obs.empty:
            return []
        with_values = self.obs[self.obs["value"].notna() & self.obs["indicator"].notna()]
        local = with_values[(with_values["area_role"] == "la") & (with_values["area"] == self.area)] if self.area else \
            with_values[with_values["area_role"] == "la"]
        ids = set(local["indicator"]) or set(with_values["indicator"])
        ids |= {i for i in self.targets if i in set(with_values["indicator"])}
        out = [(ind.id, ind.name) for ind in self.catalogue if ind.id in ids]
        known = {i for i, _ in out}
        out += [(i, i) for i in sorted(ids - known)]
        return out

    def _rebuild_data(self) -> None:
        if self.obs is None:
            return
        ids = self.model.ids()
        trends = build_trends(self.obs, self.catalogue, self.area, ids, targets=self.targets,
                              period_targets=self.period_targets, granularity=self.granularity.currentData(),
                              fallback=True)
        self.trends = {t.indicator_id: t for t in trends}
        self._rebuild()

    def _checks_changed(self) -> None:
        if not self._quiet:
            self._rebuild()

    def _rebuild(self) -> None:
        from cpdesk.ui.trend_chart import TrendChart  # noqa: F401 - pyqtgraph is imported on first use
        self._timer.stop()
        for card in self.cards.values():
            self.grid.removeWidget(card)
            card.setParent(None)
            card.deleteLater()
        self.charts.clear()
        self.cards.clear()
        ids = [i for i in self.model.checked_ids() if i in self.trends]
        self.empty.setVisible(not ids)
        self.scroll.setVisible(bool(ids))
        self._columns = 1 if len(ids) <= 1 else 2 if len(ids) <= 4 else 3
        self._order = ids
        for col in range(3):
            self.grid.setColumnStretch(col, 1 if col < self._columns else 0)
        rows = -(-len(ids) // self._columns) if ids else 0
        for row in range(max(rows, self.grid.rowCount())):
            self.grid.setRowStretch(row, 1 if row < rows else 0)
        self._pending = list(ids)
        self.legend.set_series(self._legend_series(ids))
        self.legend.setVisible(bool(ids))
        for _ in range(min(FIRST_BATCH, len(self._pending))):
            self._build_one(self._pending.pop(0))
        if self._pending:
            self._timer.start(0)
        else:
            self.chartsBuilt.emit()

    def _build_some(self) -> None:
        for _ in range(min(BATCH, len(self._pending))):
            self._build_one(self._pending.pop(0))
        if self._pending:
            self._timer.start(0)
        else:
            self.chartsBuilt.emit()

    def _build_one(self, indicator_id: str) -> None:
        from cpdesk.ui.trend_chart import TrendChart
        if indicator_id in self.charts or indicator_id not in self.trends:
            return
        trend = self.trends[indicator_id]
        roles, note = comparable_roles(trend, self.roles())
        chart = TrendChart(trend, roles=roles, start_at_zero=self._zero(), show_controls=True, legend=False,
                           title=False)
        chart.zero_box.hide()  # the view's y-axis option rules all charts
        chart.setMinimumHeight(300 if self._columns == 1 else 250)
        chart.hovered.connect(lambda _i, ind=indicator_id: setattr(self, "current_indicator", ind))
        card = ChartCard(trend, chart, note, self.grid_host)
        i = self._order.index(indicator_id)
        self.grid.addWidget(card, i // self._columns, i % self._columns)
        self.charts[indicator_id] = chart
        self.cards[indicator_id] = card

    def _legend_series(self, ids) -> list[tuple[str, str]]:
        """(role, name) of every series drawn in the charts of ``ids``, in drawing order."""
        out: dict[str, str] = {}
        for i in ids:
            trend = self.trends[i]
            roles, _ = comparable_roles(trend, self.roles())
            for role, series in trend.series.items():
                if role in roles and series.n_values and role not in out:
                    out[role] = series.name
        order = ("la", "neighbours", "region", "england", "target")
        return sorted(out.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))

    def _zero(self) -> bool | None:
        return {"auto": None, "zero": True, "fit": False}[self.y_axis.currentData()]

    def _apply_y_axis(self) -> None:
        for chart in self.charts.values():
            chart.set_start_at_zero(self._zero())


class ChartCard(QWidget):
    """One small multiple: its title and the polarity in words (wrapped to the card's width), then the chart."""

    def __init__(self, trend: TrendData, chart, note: str = "", parent=None):
        super().__init__(parent)
        self.trend, self.chart = trend, chart
        self.setAccessibleName(f"Trend: {trend.name}")
        self.title = QLabel(f"<b>{html.escape(trend.name)}</b>", self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setAccessibleName(trend.name)
        words = [trend.polarity_text[0].upper() + trend.polarity_text[1:]]
        if trend.fell_back:
            words.append(f"shown by {GRANULARITY_NAMES.get(trend.granularity, trend.granularity).lower()}: "
                         f"no {GRANULARITY_NAMES.get(trend.asked_for, trend.asked_for).lower()} for {trend.area}")
        if note:
            words.append(note)
        self.subtitle = QLabel(" · ".join(words), self)
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet("color: #505a5f;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(1)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(chart, 1)
        chart.setParent(self)


__all__ = ["TrendsView", "ChartCard", "Y_AXIS_MODES"]
