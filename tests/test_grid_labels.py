"""Readable grid: indicator names shown whole (wrapped, never cut off), larger fonts, and a dark palette."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication

from cpdesk.ui.row_header import MAX_SHARE, MIN_CHARS, MAX_LINES, wrap_text

LONG = "Plans open at 31 March for more than 3 and up to 6 months (number)"


@pytest.fixture
def camden(window, qtbot):
    w = window
    w.resize(1400, 820)
    w.show()
    qtbot.waitExposed(w)
    w.set_la("202")
    QApplication.processEvents()
    return w


def _rows(w):
    return [(i, r) for i, r in enumerate(w.session.grid().rows) if r.kind == "indicator"]


def _assert_names_whole(w):
    header = w.grid_view.row_header
    fm = QFontMetrics(header.font())
    text_width = header.label_width - 2 * header._margin()
    for i, row in _rows(w):
        lines = header.lines[i]
        assert " ".join(lines) == " ".join(row.name.split()), row.name        # nothing cut off or elided
        assert all(fm.horizontalAdvance(line) <= text_width for line in lines), lines
        assert header.sectionSize(i) >= len(lines) * fm.lineSpacing()          # the row is tall enough for them
    return header


def test_wrapping_keeps_every_word_and_elides_only_beyond_the_last_line(qapp):
    font = QFont()
    width = QFontMetrics(font).horizontalAdvance("Plans open at 31 March for")
    lines = wrap_text(LONG, font, width)
    assert len(lines) >= 2 and " ".join(lines) == LONG
    assert all(QFontMetrics(font).horizontalAdvance(x) <= width for x in lines)
    very_long = " ".join([LONG] * 4)
    cut = wrap_text(very_long, font, width)
    assert len(cut) == MAX_LINES and cut[-1].endswith("…")
    assert wrap_text("Short", font, width) == ["Short"]


def test_long_indicator_names_are_shown_whole_in_the_label_column(camden):
    w = camden
    header = _assert_names_whole(w)
    model = w.grid_view.model
    i = next(i for i, r in _rows(w) if r.name == LONG)
    assert len(header.lines[i]) in (2, 3) and header.sectionSize(i) > header.row_height()
    assert model.headerData(i, Qt.Vertical, Qt.AccessibleTextRole) == LONG
    assert model.headerData(i, Qt.Vertical, Qt.ToolTipRole).startswith(LONG + "\n")
    short = next(i for i, r in _rows(w) if len(header.lines[i]) == 1)
    assert header.sectionSize(short) == header.row_height()
    # the label column is sized from the font, within its share of the grid
    em = header.fontMetrics().averageCharWidth()
    assert em * MIN_CHARS <= header.label_width <= max(em * MIN_CHARS, MAX_SHARE * w.grid_view.width()) + 1
    assert w.grid_view.table.verticalHeader() is header and header.width() == header.label_width


def test_a_wider_window_wraps_fewer_names_and_a_larger_font_still_shows_them_whole(camden, qtbot):
    w = camden
    header = w.grid_view.row_header
    wrapped = sum(len(x) > 1 for x in header.lines)
    w.resize(2400, 900)
    QApplication.processEvents()
    assert sum(len(x) > 1 for x in header.lines) < wrapped
    _assert_names_whole(w)
    # 150% text (as at 150% scaling with a larger system font): names are still whole, rows taller
    w.resize(1400, 820)
    before = header.row_height()
    font = QFont(w.grid_view.table.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    w.grid_view.table.setFont(font)
    header.setFont(font)
    w.grid_view.set_grid(w.session.grid())
    QApplication.processEvents()
    assert header.row_height() > before
    _assert_names_whole(w)


def _dark_palette() -> QPalette:
    p = QPalette()
    for role, colour in ((QPalette.Window, "#202124"), (QPalette.WindowText, "#e8eaed"), (QPalette.Base, "#171717"),
                         (QPalette.Text, "#e8eaed"), (QPalette.Button, "#2d2e30"), (QPalette.ButtonText, "#e8eaed")):
        p.setColor(role, QColor(colour))
    return p


def _cell_pixels(w, index):
    table = w.grid_view.table
    image = table.viewport().grab().toImage()
    rect = table.visualRect(index).adjusted(2, 2, -2, -2)
    ratio = image.devicePixelRatio()
    counts: dict[str, int] = {}
    for x in range(rect.left(), rect.right()):
        for y in range(rect.top(), rect.bottom()):
            c = image.pixelColor(int(x * ratio), int(y * ratio)).name()
            counts[c] = counts.get(c, 0) + 1
    return counts


def test_dark_palette_unjudged_cells_follow_it_and_judged_cells_keep_their_colours(camden):
    w = camden
    app = QApplication.instance()
    old = app.palette()
    app.setPalette(_dark_palette())
    try:
        QApplication.processEvents()
        g = w.session.grid()
        col = next(c for c, column in enumerate(g.columns) if column.kind == "period")
        unjudged = next(i for i, r in _rows(w) if g.cells[i][col].text and not g.cells[i][col].background)
        judged = next(i for i, r in _rows(w) if g.cells[i][col].background)
        model = w.grid_view.model
        pixels = _cell_pixels(w, model.index(unjudged, col))
        background = max(pixels, key=pixels.get)
        assert QColor(background).lightness() < 60                         # the dark base, not white
        assert max(QColor(c).lightness() for c in pixels) > 180             # light text on it
        cell = g.cells[judged][col]
        pixels = _cell_pixels(w, model.index(judged, col))
        assert max(pixels, key=pixels.get) == QColor(cell.background).name()   # its own background
        assert min(QColor(c).lightness() for c in pixels) < 80              # with its own dark text
    finally:
        app.setPalette(old)


def test_mapping_dialog_secondary_text_is_readable_in_a_dark_palette(qapp):
    from cpdesk.catalogue import default_catalogue
    from cpdesk.ui.mapping_dialog import MappingDialog
    app = QApplication.instance()
    old = app.palette()
    app.setPalette(_dark_palette())
    try:
        dialog = MappingDialog([{"label": "Visits on time", "where": "perf.xlsx › Q4 › B7", "count": 3}],
                               default_catalogue())
        colour = QColor(re.search(r"color:(#[0-9a-f]{6})", dialog.rows[0].title.text()).group(1))
        assert colour.lightness() - QColor("#202124").lightness() > 100     # light grey on the dark window
        dialog.deleteLater()
    finally:
        app.setPalette(old)


def test_a_resize_after_a_font_change_measures_the_names_in_the_new_font(camden):
    # a resize reuses the names measured by the last fit, unless the font changed since
    w = camden
    header = w.grid_view.row_header
    font = QFont(header.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    w.grid_view.table.setFont(font)
    header.setFont(font)
    w.resize(2000, 820)
    QApplication.processEvents()
    assert header._measured is not None
    assert {header._measured[i][1].pointSizeF() for i, _ in _rows(w)} == {font.pointSizeF()}
    _assert_names_whole(w)


def test_a_grid_set_before_the_window_is_shown_is_fitted_once_for_the_width_it_is_shown_at(window, qtbot, monkeypatch):
    # as a start from the saved grid: the grid is set, then the window shown and laid out
    from cpdesk.ui.row_header import RowHeader
    w = window
    w.resize(1400, 820)
    w.set_la("202")
    header = w.grid_view.row_header
    fits = []
    fit = RowHeader.fit
    monkeypatch.setattr(RowHeader, "fit", lambda self, *a, **k: (fits.append(self.label_width), fit(self, *a, **k)))
    w.grid_view.set_grid(w.session.grid())
    assert fits == []                       # not shown: nothing measured yet
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    assert len(fits) == 1
    _assert_names_whole(w)
    em = header.fontMetrics().averageCharWidth()
    assert header.label_width <= max(em * MIN_CHARS, MAX_SHARE * w.grid_view.width()) + 1
    frozen = w.grid_view.frozen.verticalHeader()
    assert [frozen.sectionSize(i) for i in range(header.count())] == [header.sectionSize(i) for i in range(header.count())]
    # hidden and shown again at the same size, with a new grid set meanwhile: fitted when shown
    w.hide()
    w.grid_view.set_grid(w.session.grid())
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    assert len(fits) == 2
    _assert_names_whole(w)


def test_the_names_measured_are_forgotten_when_the_model_changes(camden):
    w = camden
    header = w.grid_view.row_header
    model = w.grid_view.model
    assert header._measured is not None and len(header._measured) == model.rowCount()
    model.headerDataChanged.emit(Qt.Vertical, 0, 0)
    assert header._measured is None
    w.grid_view.set_grid(w.session.grid())
    assert header._measured is not None
    model.set_grid(None)
    assert header._measured is None
