"""The grid's row labels: indicator names shown whole, wrapped onto more lines rather than cut off.

Many indicator names differ only at their end ("… up to 6 months (number)" and "… (%)"), so
cutting them off, or eliding their end, hides exactly what tells two rows apart. The label
column is as wide as the longest name needs, within a share of the grid's width; a longer
name wraps onto a second (at most a third) line and its row grows to hold it. A name too
long even for that ends in "…"; its tooltip and accessible text always hold it whole.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader

MAX_LINES = 3
MIN_CHARS = 24       # the label column is never narrower than this many average characters…
MAX_CHARS = 64       # …nor wider than this many…
MAX_SHARE = 0.3      # …nor than this share of the grid's width (the figures and comparators need the rest)
ROW_PADDING = 8      # pixels above and below the text of a row, in total


def wrap_text(text: str, font: QFont, width: int, max_lines: int = MAX_LINES) -> list[str]:
    """``text`` broken into lines no wider than ``width`` pixels; the last line elided if more are needed."""
    text = " ".join(str(text).split())
    if not text or width <= 0:
        return [text]
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    starts: list[tuple[int, int]] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[s:s + n].strip() for s, n in starts] or [text]
    if len(lines) > max_lines:
        rest = text[starts[max_lines - 1][0]:].strip()
        lines = lines[:max_lines - 1] + [QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)]
    return lines


class RowHeader(QHeaderView):
    """A vertical header that wraps long row labels; :meth:`fit` sizes it for the names and the room there is."""

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHighlightSections(True)
        self.label_width = 0
        self.lines: list[list[str]] = []
        self._room = -1
        self._measured: list[tuple[str, QFont, int]] | None = None   # the model's names, measured by the last fit
        self._pending = False    # fit at the next :meth:`refit_for`, whatever the width
        self._line_h = 0         # the line height of the header's font, normal or bold (0: not measured yet)
        self._tallest = 0        # the tallest row, as fitted
        self._watched = None     # the model whose changes make the measured names stale

    def _watch(self, model) -> None:
        """Forget the measured names whenever ``model``'s rows or names change.

        Connected at a fit, not in ``setModel``: overriding that, Qt's empty placeholder model
        would be handed to Python, and PySide6 would create the class of every model to find out which it is.
        """
        if model is self._watched:
            return
        signals = ("modelReset", "headerDataChanged", "layoutChanged", "rowsInserted", "rowsRemoved")
        if self._watched is not None:
            for name in signals:
                getattr(self._watched, name).disconnect(self._forget_names)
        self._watched = model
        if model is not None:
            for name in signals:
                getattr(model, name).connect(self._forget_names)

    def _forget_names(self, *_) -> None:
        self._measured = None

    # -- sizing -------------------------------------------------------------------------
    def _margin(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self) + 2

    def _font(self, logical: int) -> QFont:
        """The row's own font (the model makes group rows bold)."""
        model = self.model()
        font = model.headerData(logical, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole) if model is not None else None
        return QFont(font) if isinstance(font, QFont) else QFont(self.font())

    def _line_height(self) -> int:
        if not self._line_h:
            bold = QFont(self.font())
            bold.setBold(True)
            self._line_h = max(self.fontMetrics().lineSpacing(), QFontMetrics(bold).lineSpacing())
        return self._line_h

    def row_height(self) -> int:
        return self.fontMetrics().height() + ROW_PADDING

    def _names(self) -> list[tuple[str, QFont, int]]:
        """Each row's name, font and the name's width on one line."""
        model = self.model()
        n = model.rowCount() if model is not None else 0
        fonts: dict[str, tuple[QFont, QFontMetrics]] = {}
        out = []
        for i in range(n):
            name = " ".join(str(model.headerData(i, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) or "").split())
            font = self._font(i)
            key = font.key()
            if key not in fonts:
                fonts[key] = (font, QFontMetrics(font))
            font, fm = fonts[key]
            out.append((name, font, fm.horizontalAdvance(name)))
        return out

    def width_for(self, names: list[tuple[str, QFont, int]], room: int) -> int:
        """The label column's width for ``names`` (:meth:`_names`) in a grid ``room`` pixels wide."""
        em = self.fontMetrics().averageCharWidth()
        natural = max((width for _, _, width in names), default=0) + 2 * self._margin() + 2
        cap = max(em * MIN_CHARS, min(em * MAX_CHARS, int(room * MAX_SHARE)))
        return max(min(natural, cap), em * 12)

    def fit(self, room: int | None = None, names: list[tuple[str, QFont, int]] | None = None) -> None:
        """Size the label column and every row for the model's row names, in a grid ``room`` pixels wide.

        ``names`` are the rows' :meth:`_names` if already measured (measured again when None).
        """
        self._watch(self.model())
        names = self._names() if names is None else names
        self._measured = names
        self._pending = False
        self._room = room if room is not None else self._room
        self.label_width = self.width_for(names, max(self._room, 0))
        text_width = self.label_width - 2 * self._margin()
        self.lines = [[name] if width <= text_width else wrap_text(name, font, text_width) for name, font, width in names]
        line_height = self._line_height()
        base = self.row_height()
        self.setDefaultSectionSize(base)
        self._tallest = base
        for i, lines in enumerate(self.lines):
            height = max(base, len(lines) * line_height + ROW_PADDING)
            self._tallest = max(self._tallest, height)
            self.resizeSection(i, height)
        self.updateGeometry()
        self.geometriesChanged.emit()   # the table lays its viewport out beside the new width

    def fit_later(self) -> None:
        """Fit at the next :meth:`refit_for` (the grid's width is not known yet: it is not shown)."""
        self._pending = True

    def refit_for(self, room: int) -> bool:
        """Fit again when the grid's width changed enough to change the label column (or a fit waits); True if fitted."""
        if self._pending:
            self.fit(room)
            return True
        if room == self._room:
            return False
        # the names measured by the last fit, unless the model or the font changed since
        names = self._measured if self._measured is not None else self._names()
        fitted = self.width_for(names, room) != self.label_width
        if fitted:
            self.fit(room, names)
        self._room = room
        return fitted

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._measured = None   # measure the names again in the new font
            self._line_h = 0
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        # as Qt's (the widest and the tallest section) without asking every section again: the table asks at
        # every change of its model or sections
        return QSize(self.label_width, self._tallest) if self.label_width else super().sizeHint()

    def sectionSizeFromContents(self, logical: int) -> QSize:
        lines = self.lines[logical] if 0 <= logical < len(self.lines) else [""]
        height = max(self.row_height(), len(lines) * self._line_height() + ROW_PADDING)
        return QSize(self.label_width or super().sectionSizeFromContents(logical).width(), height)

    # -- painting -------------------------------------------------------------------------
    def paintSection(self, painter, rect, logical: int) -> None:
        if not rect.isValid():
            return
        opt = QStyleOptionHeader()
        self.initStyleOption(opt)
        self.initStyleOptionForIndex(opt, logical)
        opt.rect = rect
        text = opt.text
        opt.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_HeaderSection, opt, painter, self)
        font = self._font(logical)
        lines = self.lines[logical] if 0 <= logical < len(self.lines) else [text]
        m = self._margin()
        if opt.state & QStyle.StateFlag.State_On and not font.bold():   # the current row, as Qt's own header shows it
            bold = QFont(font)
            bold.setBold(True)
            fm = QFontMetrics(bold)
            if all(fm.horizontalAdvance(line) <= rect.width() - 2 * m for line in lines):   # only where it still fits
                font = bold
        painter.setFont(font)
        painter.setPen(opt.palette.color(QPalette.ColorRole.ButtonText))
        painter.drawText(rect.adjusted(m, 0, -m, 0), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         "\n".join(lines))
        painter.restore()


__all__ = ["RowHeader", "wrap_text", "MAX_LINES"]
