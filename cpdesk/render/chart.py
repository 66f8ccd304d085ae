"""A trend chart for documents, painted with QPainter: no widget, no window, no pyqtgraph.

The same drawing goes into the PDF as vectors (:func:`draw_chart` on the page) and into Word
and HTML as a PNG at print resolution (:func:`chart_png`). Sizes are in points, so a chart
placed 16 cm wide prints its text at 10 pt or more. Each series has its own colour, line
pattern and marker (``resources/chart_style.json``): colour is never the only way to tell
them apart. Part periods (a year to date) get a hollow marker.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen, QPolygonF

from cpdesk.render.app import gui_app
from cpdesk.render.png import png_bytes

TEXT_PT = 10.0
_POLARITY = {"higher": "Higher is better", "lower": "Lower is better"}


def _style() -> dict:
    import json

    from cpdesk.resources import resource
    return json.loads(resource("chart_style.json").read_text(encoding="utf-8"))


def font_pt(size: float, device, bold: bool = False) -> QFont:
    """A font ``size`` points high on a painter whose coordinates are points (scaled by dpi / 72).

    Qt sizes a font for the device's dpi and then applies the painter's scale as well, so the
    point size asked of Qt is divided by the same factor.
    """
    f = QFont("Arial")
    f.setStyleHint(QFont.StyleHint.SansSerif)
    f.setPointSizeF(size * 72.0 / device.logicalDpiY())
    f.setBold(bold)
    return f


def _nice_step(span: float, target: int = 5) -> float:
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def draw_chart(painter: QPainter, rect: QRectF, chart) -> None:
    """Draw ``chart`` (a :class:`~cpdesk.export.paper.ChartRef`) into ``rect``, in points."""
    style = _style()
    trend = chart.trend
    roles = [r for r in chart.roles if trend.get(r) is not None]
    text_colour = QColor(style["text"])
    muted = QColor(style["secondary_text"])
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    font = font_pt(TEXT_PT, painter.device())
    painter.setFont(font)
    fm = QFontMetricsF(font, painter.device())
    line_h = fm.height()
    # legend across the top (wrapping), then the polarity in words
    x, y = rect.left(), rect.top()
    for role in roles:
        s = trend.get(role)
        name = "Target" if role == "target" else s.legend_name
        w = 26 + fm.horizontalAdvance(name) + 14
        if x + w > rect.right() and x > rect.left():
            x, y = rect.left(), y + line_h + 2
        _series_pen(painter, style, role)
        painter.drawLine(QPointF(x, y + line_h / 2), QPointF(x + 20, y + line_h / 2))
        _marker(painter, style, role, QPointF(x + 10, y + line_h / 2), hollow=False)
        painter.setPen(text_colour)
        painter.drawText(QPointF(x + 24, y + fm.ascent()), name)
        x += w
    y += line_h + 2
    polarity = _POLARITY.get(trend.polarity, "No better or worse direction")
    painter.setPen(muted)
    painter.drawText(QPointF(rect.left(), y + fm.ascent()), f"{polarity} · {trend.unit_label}")
    top = y + line_h + 6
    # y range and the plot area
    yr = trend.y_range(roles=roles)
    if yr is None:
        painter.restore()
        return
    lo, hi = yr
    step = _nice_step(hi - lo)
    lo_t, hi_t = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if trend.unit == "percent" and hi <= 100 < hi_t:
        hi_t = 100.0            # a percentage axis stops at 100%
    if hi_t == lo_t:
        hi_t = lo_t + step
    decimals = 0 if step >= 1 else (1 if step >= 0.1 else 2)
    labels = [lo_t + i * step for i in range(int(round((hi_t - lo_t) / step)) + 1)]
    texts = [f"{v:,.{decimals}f}" + ("%" if trend.unit == "percent" else "") for v in labels]
    left = rect.left() + max(fm.horizontalAdvance(t) for t in texts) + 8
    bottom = rect.bottom() - line_h - 6
    plot = QRectF(left, top, rect.right() - left - 6, bottom - top)
    n = len(trend.periods)

    def px(i: float) -> float:
        return plot.left() + (plot.width() * (i + 0.5) / n if n else 0)

    def py(v: float) -> float:
        return plot.bottom() - (v - lo_t) / (hi_t - lo_t) * plot.height()

    grid = QColor(style["axis"])
    grid.setAlphaF(0.25)
    for v, t in zip(labels, texts):
        painter.setPen(QPen(grid, 0.5))
        painter.drawLine(QPointF(plot.left(), py(v)), QPointF(plot.right(), py(v)))
        painter.setPen(text_colour)
        painter.drawText(QRectF(rect.left(), py(v) - line_h / 2, left - rect.left() - 6, line_h),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), t)
    painter.setPen(QPen(QColor(style["axis"]), 0.8))
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
    # x labels, thinned so that they never overlap
    widest = max((fm.horizontalAdvance(p) for p in trend.periods), default=10) + 8
    fit = max(1, int(plot.width() // widest))
    painter.setPen(text_colour)
    for i, label in trend.ticks(max_labels=fit):
        w = fm.horizontalAdvance(label)
        painter.drawText(QPointF(min(max(px(i) - w / 2, rect.left()), rect.right() - w), bottom + 4 + fm.ascent()),
                         label)
    # the series
    for role in roles:
        s = trend.get(role)
        _series_pen(painter, style, role)
        path = QPainterPath()
        started = False
        for i, v in enumerate(s.values):
            if v is None or math.isnan(v):
                started = False
                continue
            if s.stepped or role == "target":
                a, b = QPointF(px(i) - plot.width() / n / 2, py(v)), QPointF(px(i) + plot.width() / n / 2, py(v))
                if started:
                    path.lineTo(a)
                else:
                    path.moveTo(a)
                path.lineTo(b)
            elif started:
                path.lineTo(QPointF(px(i), py(v)))
            else:
                path.moveTo(QPointF(px(i), py(v)))
            started = True
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        if role != "target":
            for i, v in enumerate(s.values):
                if v is not None and not math.isnan(v):
                    _marker(painter, style, role, QPointF(px(i), py(v)), hollow=bool(s.partial[i]))
    painter.restore()


def _series_pen(painter: QPainter, style: dict, role: str) -> None:
    spec = style["series"].get(role, style["series"]["la"])
    pen = QPen(QColor(spec["colour"]), spec["width"] * 0.75)
    if spec.get("dash"):
        pen.setDashPattern([float(d) for d in spec["dash"]])
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)


def _marker(painter: QPainter, style: dict, role: str, at: QPointF, hollow: bool) -> None:
    spec = style["series"].get(role, style["series"]["la"])
    symbol, r = spec.get("symbol"), spec.get("symbol_size", 0) * 0.4
    if not symbol or r <= 0:
        return
    colour = QColor(spec["colour"])
    painter.save()
    painter.setPen(QPen(colour, 1.0))
    painter.setBrush(QBrush(QColor("#ffffff") if hollow else colour))
    if symbol == "o":
        painter.drawEllipse(at, r, r)
    elif symbol == "s":
        painter.drawRect(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r))
    elif symbol == "t":
        painter.drawPolygon(QPolygonF([QPointF(at.x(), at.y() - r * 1.2), QPointF(at.x() - r, at.y() + r * 0.8),
                                       QPointF(at.x() + r, at.y() + r * 0.8)]))
    elif symbol == "d":
        painter.drawPolygon(QPolygonF([QPointF(at.x(), at.y() - r * 1.2), QPointF(at.x() + r, at.y()),
                                       QPointF(at.x(), at.y() + r * 1.2), QPointF(at.x() - r, at.y())]))
    painter.restore()


def chart_png(chart, width_cm: float, height_cm: float, dpi: int = 300) -> bytes:
    """The chart as PNG bytes, ``width_cm`` x ``height_cm`` when printed at ``dpi``."""
    gui_app()
    scale = dpi / 72.0
    w_pt, h_pt = width_cm / 2.54 * 72, height_cm / 2.54 * 72
    image = QImage(int(round(w_pt * scale)), int(round(h_pt * scale)), QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    dpm = round(dpi / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        draw_chart(painter, QRectF(4, 4, w_pt - 8, h_pt - 8), chart)
    finally:
        painter.end()
    return png_bytes(image)
