"""The look of trend charts, read from ``resources/chart_style.json``."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPen

from cpdesk.resources import resource


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    width: float
    dash: tuple[float, ...] | None
    symbol: str | None
    symbol_size: float


@lru_cache(maxsize=1)
def chart_style() -> dict:
    """The style file as a dict (loaded once per process)."""
    return json.loads(resource("chart_style.json").read_text(encoding="utf-8"))


def series_style(role: str) -> SeriesStyle:
    """The style of a series role (``la``, ``england`` …; every comparison group, ``group:<name>``, looks alike)."""
    item = chart_style()["series"]["group" if role.startswith("group:") else role]
    dash = item.get("dash")
    return SeriesStyle(item["colour"], float(item["width"]), tuple(dash) if dash else None,
                       item.get("symbol"), float(item.get("symbol_size", 0)))


def series_pen(role: str, scale: float = 1.0) -> QPen:
    """A cosmetic pen for a series; the dash pattern is in multiples of the width, as Qt wants."""
    st = series_style(role)
    pen = QPen(QColor(st.colour))
    pen.setWidthF(st.width * scale)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap if st.dash else Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if st.dash:
        pen.setDashPattern(list(st.dash))
    return pen


@lru_cache(maxsize=1)
def font_family() -> str:
    """The first family of the style's list that is installed."""
    installed = set(QFontDatabase.families())
    for family in chart_style()["font_family"]:
        if family in installed:
            return family
    return QFont().defaultFamily()


def chart_font(points: float, scale: float = 1.0, bold: bool = False) -> QFont:
    """A font sized in pixels (points at 96 dpi, times ``scale``), so exports scale exactly."""
    font = QFont(font_family())
    font.setPixelSize(max(1, round(points * 96 / 72 * scale)))
    font.setBold(bold)
    return font


def px(points: float, scale: float = 1.0) -> int:
    return max(1, round(points * 96 / 72 * scale))


__all__ = ["SeriesStyle", "chart_style", "series_style", "series_pen", "font_family", "chart_font", "px"]
