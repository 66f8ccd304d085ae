"""One indicator's trend: the local line against neighbours, region, England and target.

The chart draws a :class:`cpdesk.trends.TrendData` and holds no domain logic. Each series
has its own colour, line pattern and marker shape (``resources/chart_style.json``); a part
period gets a hollow marker; a missing value is a gap. Pointing at the chart (or pressing
Left/Right when it has focus) shows the values of that period in the read-out below it.
"""
from __future__ import annotations

import html
import textwrap
from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from cpdesk.trends import GROUP_PREFIX, SERIES_ROLES, TrendData
from cpdesk.ui.chart_style import chart_font, chart_style, px, series_pen, series_style


class TrendChart(QWidget):
    """A trend chart for one indicator.

    Parameters
    ----------
    trend : TrendData
        What to draw (:func:`cpdesk.trends.build_trend`).
    roles : iterable of str, optional
        Which series to show (default all: la, neighbours, region, england, target).
    start_at_zero : bool, optional
        Start the y axis at zero; None uses the indicator's default (counts and rates do).
    scale : float
        Multiplies line widths, marker and font sizes (exports at high resolution use dpi/96).
    show_controls : bool
        Show the read-out and the "Start y axis at zero" box under the chart.
    """

    hovered = Signal(int)  # period index under the pointer

    def __init__(self, trend: TrendData, parent: QWidget | None = None, *, roles=None,
                 start_at_zero: bool | None = None, scale: float = 1.0, show_controls: bool = True,
                 legend: bool = True, title: bool = True, note: str = ""):
        super().__init__(parent)
        self.trend = trend
        self.scale = scale
        groups = tuple(r for r in trend.series if r.startswith(GROUP_PREFIX))
        self.roles = tuple(r for r in SERIES_ROLES + groups if roles is None or r in roles)
        self.extra_note = note
        self._start_at_zero = start_at_zero
        self._index: int | None = None
        self._max_labels = 0
        style = chart_style()
        self.setAccessibleName(f"Trend chart: {trend.title}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(style["background"]))
        self.setPalette(palette)

        self.graphics = _Graphics()
        self.graphics.setBackground(style["background"])
        self.graphics.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # A wide right margin: the latest period's label is centred on the last point and must not be cut off.
        self.graphics.ci.setContentsMargins(px(6, scale), px(6, scale), px(16, scale), px(6, scale))
        self.graphics.ci.setSpacing(px(3, scale))

        self.title_item = pg.LabelItem(justify="left")
        if title:     # (in the trend view the title is a label above the chart, wrapped to its width)
            self.graphics.addItem(self.title_item, row=0, col=0)
        self.plot_item = pg.PlotItem(enableMenu=False)
        self.graphics.addItem(self.plot_item, row=1, col=0)
        self.legend = pg.LegendItem(colCount=3, labelTextColor=style["text"],
                                    labelTextSize=f"{px(style['legend_pt'], scale)}px",
                                    horSpacing=px(10, scale), verSpacing=0, sampleType=_sample_type(scale))
        self.legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        if legend:    # (the trend view shows one legend for all its charts)
            self.graphics.addItem(self.legend, row=2, col=0)
            self.graphics.ci.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignLeft)
        self.note_item = pg.LabelItem(justify="left")
        self.graphics.addItem(self.note_item, row=3, col=0)

        self._setup_plot()
        self.curves: dict[str, pg.PlotDataItem] = {}
        self._draw_series()
        self._set_title()
        self._set_note()

        self.readout = QLabel()
        self.readout.setWordWrap(True)
        self.readout.setAccessibleName("Values at the pointer")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setFont(chart_font(style["readout_pt"]))
        self.readout.setStyleSheet(f"color: {style['text']};")
        self.zero_box = QCheckBox("Start y axis at zero")
        self.zero_box.setAccessibleName(f"Start the y axis at zero: {trend.name}")
        self.zero_box.setChecked(self.start_at_zero)
        self.zero_box.toggled.connect(self.set_start_at_zero)

        controls = QHBoxLayout()
        controls.setContentsMargins(px(6), 0, px(6), 0)
        controls.addWidget(self.readout, 1)
        controls.addWidget(self.zero_box, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.graphics, 1)
        layout.addLayout(controls)
        self.readout.setVisible(show_controls)
        self.zero_box.setVisible(show_controls)
        self.graphics.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.graphics.setMinimumSize(0, 0)

        self._apply_y_range()
        self._update_ticks(force=True)
        self.show_index(self.latest_index(), pointer=False)
        self.plot_item.vb.sigResized.connect(lambda _vb: self._update_ticks())
        self._proxy = pg.SignalProxy(self.graphics.scene().sigMouseMoved, rateLimit=30, slot=self._mouse_moved)

    # -- public ------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(560, 360)

    @property
    def start_at_zero(self) -> bool:
        return self.trend.start_at_zero_default if self._start_at_zero is None else bool(self._start_at_zero)

    def set_start_at_zero(self, value: bool | None) -> None:
        """Start the y axis at zero (True), fit the data (False) or use the default (None)."""
        self._start_at_zero = value
        if self.zero_box.isChecked() != self.start_at_zero:
            self.zero_box.blockSignals(True)
            self.zero_box.setChecked(self.start_at_zero)
            self.zero_box.blockSignals(False)
        self._apply_y_range()

    def y_range(self) -> tuple[float, float]:
        lo, hi = self.plot_item.vb.viewRange()[1]
        return float(lo), float(hi)

    def latest_index(self) -> int | None:
        """The last period where any shown series has a value."""
        best = None
        for role in self.roles:
            s = self.trend.get(role)
            if s is not None:
                idx = np.flatnonzero(np.isfinite(s.values))
                if len(idx):
                    best = max(best or 0, int(idx[-1]))
        return best

    def readout_text(self) -> str:
        return self.readout.text()

    def show_index(self, index: int | None, pointer: bool = True) -> None:
        """Show the read-out for period ``index`` and (with ``pointer``) a line at that period."""
        if index is None or not 0 <= index < len(self.trend.periods):
            self.readout.setText("No values to show." if not self.trend.has_values else "")
            self._crosshair.hide()
            return
        self._index = index
        text = self.trend.readout(index, roles=self.roles)
        self.readout.setText(text)
        self.setAccessibleDescription(text)
        self._crosshair.setPos(index)
        self._crosshair.setVisible(pointer)
        self.hovered.emit(index)

    def hover_scene_pos(self, pos) -> int | None:
        """Show the read-out for the period at a scene position; returns the index or None."""
        if not self.plot_item.sceneBoundingRect().contains(pos):
            return None
        x = self.plot_item.vb.mapSceneToView(pos).x()
        index = int(round(x))
        if 0 <= index < len(self.trend.periods):
            self.show_index(index)
            return index
        return None

    def scene(self):
        return self.graphics.scene()

    # -- building ----------------------------------------------------------------------
    def _setup_plot(self) -> None:
        style = chart_style()
        s = self.scale
        p = self.plot_item
        p.setMouseEnabled(x=False, y=False)
        p.hideButtons()
        p.disableAutoRange()
        p.showGrid(x=False, y=True, alpha=style["grid_alpha"])
        axis_font = chart_font(style["axis_pt"], s)
        for name in ("left", "bottom"):
            axis = p.getAxis(name)
            axis.setPen(pg.mkPen(style["axis"], width=max(1.0, s)))
            axis.setTextPen(pg.mkPen(style["text"]))
            axis.setStyle(tickFont=axis_font, tickLength=round(style["tick_length"] * s),
                          tickTextOffset=px(3, s), autoExpandTextSpace=True, maxTickLevel=1,
                          hideOverlappingLabels=(name == "left"))
        p.getAxis("left").setLabel(html.escape(self.trend.unit_label), **{
            "color": style["secondary_text"], "font-size": f"{px(style['axis_pt'], s)}px"})
        p.getAxis("left").setWidth(None)
        self._crosshair = pg.InfiniteLine(angle=90, movable=False,
                                          pen=pg.mkPen(style["crosshair"], width=max(1.0, s)))
        self._crosshair.setZValue(-10)
        self._crosshair.hide()
        p.addItem(self._crosshair, ignoreBounds=True)
        n = len(self.trend.periods)
        p.setXRange(-0.5, max(n - 0.5, 0.5), padding=0.02)

    def _draw_series(self) -> None:
        background = QColor(chart_style()["background"])
        x = self.trend.x
        for role in self.roles:
            series = self.trend.get(role)
            if series is None or not series.n_values:
                continue
            st = series_style(role)
            pen = series_pen(role, self.scale)
            if series.stepped or not st.symbol:
                xs, ys = _steps(x, series.values) if series.stepped else (x, series.values)
                item = pg.PlotDataItem(xs, ys, pen=pen, connect="finite", antialias=True)
            else:
                colour = QColor(st.colour)
                brushes = [pg.mkBrush(background if part else colour) for part in series.partial]
                item = pg.PlotDataItem(x, series.values, pen=pen, connect="finite", antialias=True,
                                       symbol=st.symbol, symbolSize=st.symbol_size * self.scale,
                                       symbolPen=pg.mkPen(colour, width=max(1.5, 1.5 * self.scale)),
                                       symbolBrush=brushes)
                item.legend_brush = colour
            item.setZValue(10 if role == "la" else 5 - SERIES_ROLES.index(role) if role in SERIES_ROLES else 0)
            self.plot_item.addItem(item)
            self.legend.addItem(item, html.escape(series.legend_name))
            self.curves[role] = item
        self._layout_legend(int(520 * self.scale))

    def _layout_legend(self, width_px: int) -> None:
        """As many legend columns as fit in the chart's width."""
        if not self.legend.items:
            return
        widest = max(sample.width() + label.width() for sample, label in self.legend.items) + px(10, self.scale)
        cols = max(1, min(len(self.legend.items), int(width_px // max(widest, 1))))
        if cols != self.legend.columnCount:
            self.legend.setColumnCount(cols)

    def _set_title(self, width_px: int | None = None) -> None:
        style = chart_style()
        title_px = px(style["title_pt"], self.scale)
        chars = max(24, int((width_px or 520 * self.scale) / (title_px * 0.55)))
        lines = len(textwrap.wrap(self.trend.name, chars))
        if lines == getattr(self, "_title_lines", None):
            return  # setHtml is the dearest step of building a chart; skip it when nothing moves
        self._title_lines = lines
        name = "<br>".join(html.escape(line) for line in textwrap.wrap(self.trend.name, chars)) or "&nbsp;"
        sub = html.escape(f"{self.trend.polarity_text[0].upper()}{self.trend.polarity_text[1:]}")
        self.title_item.setText(
            f"<span style='font-weight:bold'>{name}</span><br>"
            f"<span style='color:{style['secondary_text']};font-size:{px(style['axis_pt'], self.scale)}px'>{sub}</span>",
            color=style["text"], size=f"{title_px}px")

    def _set_note(self) -> None:
        style = chart_style()
        notes = []
        if any(self.trend.get(r) is not None and self.trend.get(r).partial.any() for r in self.roles):
            notes.append(style["partial_note"])
        if not self.trend.has_values:
            notes.append("no values for this indicator")
        if self.extra_note:
            notes.append(self.extra_note)
        self.note_item.setText(html.escape(" · ".join(notes)), color=style["secondary_text"],
                               size=f"{px(style['axis_pt'], self.scale)}px")
        self.note_item.setVisible(bool(notes))
        if not notes:
            self.note_item.setMaximumHeight(0)

    def _apply_y_range(self) -> None:
        rng = self.trend.y_range(self.start_at_zero, roles=self.roles)
        if rng is None:
            rng = (0.0, 1.0)
        self.plot_item.setYRange(*rng, padding=0)

    def _update_ticks(self, force: bool = False) -> None:
        axis = self.plot_item.getAxis("bottom")
        width = self.plot_item.vb.width() or (self.width() - 60)
        # "Q4" over "2024-25" (or "25 Jun" over "2018") takes half the width
        two_lines = self.trend.granularity in ("quarter", "month", "snapshot")
        lines = [line for p in self.trend.periods for line in (_two_lines(p).split("\n") if two_lines else [p])]
        longest = max(lines, key=len, default="")
        label_px = QFontMetrics(axis.style["tickFont"]).horizontalAdvance(longest) + px(12, self.scale)
        max_labels = max(1, int(max(width, 100) // max(label_px, 1)))
        if max_labels == self._max_labels and not force:
            return
        self._max_labels = max_labels
        major = [(x, _two_lines(label) if two_lines else label) for x, label in self.trend.ticks(max_labels)]
        fm = QFontMetrics(axis.style["tickFont"])
        # the latest period's label is centred on the last point: room for its half beyond the plot
        last = max((fm.horizontalAdvance(line) for line in (major[-1][1].split("\n") if major else [""])), default=0)
        right = max(px(16, self.scale), last // 2 + px(4, self.scale))
        if right != getattr(self, "_right_margin", None):
            self._right_margin = right
            edge = px(6, self.scale)
            self.graphics.ci.setContentsMargins(edge, edge, right, edge)
        axis.setHeight(fm.height() * (2 if two_lines else 1) + px(10, self.scale))
        minor = [(float(i), "") for i in range(len(self.trend.periods))]
        axis.setTicks([major, minor])

    # -- events ------------------------------------------------------------------------
    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._set_title(self.graphics.width() - px(12, self.scale))
        self._layout_legend(self.graphics.width() - px(12, self.scale))
        self._update_ticks()

    def _mouse_moved(self, args) -> None:
        self.hover_scene_pos(args[0])

    def keyPressEvent(self, event):
        n = len(self.trend.periods)
        if n and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End):
            i = self._index if self._index is not None else n - 1
            i = {Qt.Key.Key_Left: i - 1, Qt.Key.Key_Right: i + 1, Qt.Key.Key_Home: 0, Qt.Key.Key_End: n - 1}[event.key()]
            self.show_index(min(max(i, 0), n - 1))
            return
        super().keyPressEvent(event)


class _Graphics(pg.GraphicsLayoutWidget):
    def sizeHint(self) -> QSize:
        # A graphics view's own hint is its scene's size (640x480 at first), which would make every
        # small multiple at least that tall.
        return QSize(520, 300)


class _LegendSample(pg.ItemSample):
    """A legend sample long enough to show the line pattern, sized for the export scale."""

    scale = 1.0

    def __init__(self, item):
        super().__init__(item)
        self._w, self._h = 34 * self.scale, 18 * self.scale
        self.setFixedWidth(self._w)
        self.setFixedHeight(self._h)

    def boundingRect(self):
        return QRectF(0, 0, self._w, self._h)

    def paint(self, p, *args):
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        opts = self.item.opts
        p.setPen(pg.mkPen(opts["pen"]))
        p.drawLine(QPointF(0, self._h / 2), QPointF(self._w, self._h / 2))
        if opts.get("symbol") is not None:
            sc = self.item.scatter.opts
            p.translate(self._w / 2, self._h / 2)
            brush = getattr(self.item, "legend_brush", None) or sc["brush"]  # per-point brushes leave no single one
            drawSymbol(p, opts["symbol"], sc["size"], pg.mkPen(sc["pen"]), pg.mkBrush(brush))

    def mouseClickEvent(self, event):
        event.ignore()  # pyqtgraph would hide the series; a reader expects nothing to happen


@lru_cache(maxsize=8)
def _sample_type(scale: float) -> type:
    return type("LegendSample", (_LegendSample,), {"scale": scale})


def _two_lines(label: str) -> str:
    """A period label on two lines: "Q4\n2024-25", "Mar\n2020", "25 Jun\n2018"."""
    if label.startswith("Q"):
        return label.replace(" ", "\n", 1)
    head, _, tail = label.rpartition(" ")
    return f"{head}\n{tail}" if head else label


def _steps(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A step path: each value spans its period (x - 0.5 to x + 0.5); NaN breaks the line."""
    xs, ys = [], []
    prev_finite = False
    for xi, yi in zip(x, y):
        if np.isfinite(yi):
            if not prev_finite and xs:
                xs.append(np.nan)
                ys.append(np.nan)
            xs.extend((xi - 0.5, xi + 0.5))
            ys.extend((yi, yi))
            prev_finite = True
        else:
            prev_finite = False
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


__all__ = ["TrendChart"]
