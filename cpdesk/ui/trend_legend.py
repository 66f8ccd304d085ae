"""One legend for all the trend view's charts: each series' line pattern, marker and name.

Drawn with the charts' own styles (``resources/chart_style.json``): the sample shows the
line's colour, dash pattern and marker shape, so a series is told apart without colour.
Entries flow onto more lines when the view is narrow.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from cpdesk.ui.chart_style import chart_font, chart_style, series_pen, series_style

SAMPLE = 34        # pixels of line in each sample
GAP = 18           # between entries


class TrendLegend(QWidget):
    """``set_series([(role, name), ...])`` shows one entry per series."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[tuple[str, str]] = []
        self.setAccessibleName("Legend")
        self.setFont(chart_font(chart_style()["legend_pt"] + 1))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_series(self, entries) -> None:
        self.entries = list(entries)
        self.setAccessibleDescription("; ".join(name for _, name in self.entries))
        self.setToolTip("\n".join(name for _, name in self.entries))
        self.updateGeometry()
        self.update()

    def names(self) -> list[str]:
        return [name for _, name in self.entries]

    # -- layout ---------------------------------------------------------------------------
    def _positions(self, width: int) -> list[tuple[float, float]]:
        fm = self.fontMetrics()
        line = fm.height() + 6
        x, y, out = 4.0, 2.0, []
        for _, name in self.entries:
            w = SAMPLE + 6 + fm.horizontalAdvance(name)
            if x > 4 and x + w > width:
                x, y = 4.0, y + line
            out.append((x, y))
            x += w + GAP
        return out

    def heightForWidth(self, width: int) -> int:
        positions = self._positions(width)
        return int((positions[-1][1] if positions else 0) + self.fontMetrics().height() + 8)

    def hasHeightForWidth(self) -> bool:
        return True

    def sizeHint(self) -> QSize:
        return QSize(600, self.heightForWidth(max(self.width(), 600)))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.setMinimumHeight(self.heightForWidth(self.width()))

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, _event):
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        text = QColor(chart_style()["text"])
        for (role, name), (x, y) in zip(self.entries, self._positions(self.width())):
            mid = y + fm.height() / 2 + 1
            p.setPen(series_pen(role))
            p.drawLine(QPointF(x, mid), QPointF(x + SAMPLE, mid))
            _marker(p, role, QPointF(x + SAMPLE / 2, mid))
            p.setPen(text)
            p.drawText(QRectF(x + SAMPLE + 6, y, fm.horizontalAdvance(name) + 2, fm.height() + 2),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), name)
        p.end()


def _marker(p: QPainter, role: str, at: QPointF) -> None:
    st = series_style(role)
    if not st.symbol:
        return
    r = st.symbol_size / 2
    colour = QColor(st.colour)
    p.save()
    p.setPen(colour)
    p.setBrush(QBrush(colour))
    if st.symbol == "o":
        p.drawEllipse(at, r, r)
    elif st.symbol == "s":
        p.drawRect(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r))
    else:
        p.drawPath(_shape(st.symbol, at, r))
    p.restore()


def _shape(symbol: str, at: QPointF, r: float) -> QPainterPath:
    import math
    if symbol == "t":        # triangle pointing down, as pyqtgraph's "t"
        points = [(-r, -r * 0.8), (r, -r * 0.8), (0, r)]
    elif symbol == "d":      # diamond
        points = [(0, -r), (r, 0), (0, r), (-r, 0)]
    else:                    # a pentagon for the rest
        points = [(r * math.sin(2 * math.pi * k / 5), -r * math.cos(2 * math.pi * k / 5)) for k in range(5)]
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(at.x() + dx, at.y() + dy) for dx, dy in points]))
    path.closeSubpath()
    return path


__all__ = ["TrendLegend"]
