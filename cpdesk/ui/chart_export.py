"""Export a trend chart to PNG or SVG at a chosen size, with or without a window on screen.

PNG: the chart is laid out at the requested pixel width with line widths, markers and
fonts scaled by width / ``export_design_width`` (``resources/chart_style.json``), and its
scene rendered 1:1 into a QImage: text and lines keep their proportion to the chart
whatever the pixel count, so a chart placed at page width in a paper stays legible. The
dpi sets the printed size recorded in the file (1950 px at 150 dpi = 13 inches). SVG: the same scene rendered
into ``QSvgGenerator`` (pyqtgraph's own SVG exporter fails with Qt 6.11/6.12). Files are
written atomically: a temporary file beside the target, then moved into place.
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from cpdesk.errors import CpdeskError
from cpdesk.fileio import atomic_write
from cpdesk.trends import TrendData, build_trend
from cpdesk.ui.chart_style import chart_style
from cpdesk.ui.qt_app import ensure_app

FORMATS = (".png", ".svg")
DEFAULT_WIDTH = 1950
DEFAULT_DPI = 150
def export_chart(observations, catalogue, area: str | None, indicator_id: str, path, width: int = DEFAULT_WIDTH,
                 dpi: int = DEFAULT_DPI, *, height: int | None = None, granularity: str | None = None,
                 roles=None, start_at_zero: bool | None = None) -> Path:
    """Draw one indicator's trend chart and write it to ``path`` (``.png`` or ``.svg``).

    Usable from the command line: no window is shown, and a QApplication is made if none exists.

    Raises
    ------
    CpdeskError
        Unknown format, no values for the indicator, or the file cannot be written.
    """
    _check_format(path)
    if catalogue.get(indicator_id) is None and not (observations["indicator"] == indicator_id).any():
        raise CpdeskError(f"there is no indicator '{indicator_id}' in the catalogue or the data.")
    trend = build_trend(observations, catalogue, area, indicator_id, granularity=granularity)
    if not trend.has_values:
        raise CpdeskError(f"no values to chart for '{trend.name}'"
                          + (f" in {trend.area}." if trend.area else "."))
    return export_trend(trend, path, width=width, dpi=dpi, height=height, roles=roles, start_at_zero=start_at_zero)


def export_trend(trend: TrendData, path, *, width: int = DEFAULT_WIDTH, dpi: int = DEFAULT_DPI,
                 height: int | None = None, roles=None, start_at_zero: bool | None = None) -> Path:
    """Write an already-built trend to ``path``; the format follows the suffix."""
    suffix = _check_format(path)
    if not 200 <= int(width) <= 20000:
        raise CpdeskError(f"a chart must be between 200 and 20,000 pixels wide (asked for {width}).")
    if not 30 <= int(dpi) <= 1200:
        raise CpdeskError(f"the resolution must be between 30 and 1,200 dpi (asked for {dpi}).")
    ensure_app()
    from cpdesk.ui.trend_chart import (
        TrendChart,  # pyqtgraph only once a chart is really drawn
    )

    width = int(width)
    height = int(height or round(width * chart_style()["aspect"]))
    scale = width / float(chart_style()["export_design_width"])
    chart = TrendChart(trend, roles=roles, start_at_zero=start_at_zero, scale=scale, show_controls=False)
    try:
        chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        chart.resize(width, height)
        chart.show()
        QCoreApplication.processEvents()
        chart.graphics.resize(width, height)  # the whole widget is the plot: controls are hidden
        QCoreApplication.processEvents()
        data = _svg_bytes(chart, width, height, dpi) if suffix == ".svg" else _png_bytes(chart, width, height, dpi)
    finally:
        _dispose(chart)
    path = Path(path)
    try:
        with atomic_write(path, "wb") as fh:
            fh.write(data)
    except CpdeskError:
        raise
    except OSError as exc:
        raise CpdeskError(f"{path}: the chart could not be written ({exc.strerror or exc}). "
                          "Choose a folder you can save to.") from exc
    return path


def render_scene(chart, painter: QPainter, width: int, height: int) -> None:
    """Paint the chart's scene into ``painter`` at 1:1, in pyqtgraph's export mode (vector markers)."""
    scene = chart.graphics.scene()
    items = [i for i in scene.items() if hasattr(i, "setExportMode")]
    opts = {"antialias": True, "background": QColor(chart_style()["background"]), "painter": painter,
            "resolutionScale": 1.0}
    for item in items:
        item.setExportMode(True, opts)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        source = chart.graphics.mapToScene(chart.graphics.viewport().rect()).boundingRect()
        scene.render(painter, QRectF(0, 0, width, height), source)
    finally:
        for item in items:
            item.setExportMode(False)


def _png_bytes(chart, width: int, height: int, dpi: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(chart_style()["background"]))
    painter = QPainter(image)
    try:
        render_scene(chart, painter, width, height)
    finally:
        painter.end()
    # Set the resolution only now: pyqtgraph's axes are QPictures, which Qt rescales to a
    # painting device's dpi, and the chart is already laid out at the final pixel size.
    dpm = round(dpi / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    return _to_bytes(lambda buf: image.save(buf, "PNG"))


def _svg_bytes(chart, width: int, height: int, dpi: int) -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buffer)
    gen.setSize(QSize(width, height))
    gen.setViewBox(QRect(0, 0, width, height))
    gen.setResolution(96)  # see _png_bytes: a device dpi other than 96 would rescale the axes
    gen.setTitle(chart.trend.title)
    gen.setDescription(f"Trend chart made by cpdesk: {chart.trend.name}, {chart.trend.area}")
    painter = QPainter(gen)
    try:
        painter.fillRect(QRectF(0, 0, width, height), QColor(chart_style()["background"]))
        render_scene(chart, painter, width, height)
    finally:
        painter.end()
    buffer.close()
    return _physical_size(bytes(array.data()), width, height, dpi)


def _physical_size(svg: bytes, width: int, height: int, dpi: int) -> bytes:
    """Give the SVG the printed size of ``width`` x ``height`` pixels at ``dpi``."""
    head, sep, rest = svg.partition(b"viewBox=")
    mm = 25.4 / dpi
    head = re.sub(rb'width="[^"]*" height="[^"]*"', f'width="{width * mm:.1f}mm" height="{height * mm:.1f}mm"'.encode(),
                  head, count=1)
    return head + sep + rest


def _to_bytes(write) -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not write(buffer):
        raise CpdeskError("the chart image could not be encoded.")
    buffer.close()
    return bytes(array.data())


def _dispose(widget) -> None:
    # Delete now, not at interpreter exit: a pyqtgraph view left alive until then can crash Python on the way out.
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _check_format(path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise CpdeskError(f"{path}: charts can be saved as .png or .svg; choose a file name ending in one of those.")
    return suffix


__all__ = ["export_chart", "export_trend", "render_scene", "FORMATS", "DEFAULT_WIDTH", "DEFAULT_DPI"]
