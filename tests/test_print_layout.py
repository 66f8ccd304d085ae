"""The printed grid: headers whole, the table within the page.

Qt's text engine breaks a word anywhere when a table column is narrow unless told otherwise;
the printed Warwickshire grid with a target column once read "Englan / d", "Neighbour / s".
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextTable

from cpdesk.grid_html import grid_html
from cpdesk.session import open_session
from cpdesk.ui import printing

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def _table(doc) -> QTextTable:
    doc.documentLayout()
    return next(f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable))


def test_printed_grid_keeps_each_header_word_whole_and_fits_the_page(qapp):
    session, errors = open_session([SEEDS / "warwickshire_cp_update.xlsx"], la="Warwickshire")
    assert errors == []
    session.set_indicator_settings("cpp_repeat_ever_pct", {"target": 20.0})
    grid = session.grid()
    labels = [c.label for c in grid.columns]
    assert {"England", "Neighbours", "Region", "Target", "Rank"} <= set(labels)
    doc = printing.html_document(grid_html(grid, "Warwickshire"), printing.make_printer(landscape=True))
    table = _table(doc)
    headers = {}
    for c in range(table.columns()):
        block = table.cellAt(0, c).firstCursorPosition().block()
        headers[block.text()] = block.layout().lineCount()
    assert headers == {label: 1 for label in ["Indicator", *labels]}
    assert doc.size().width() <= doc.pageSize().width() + 0.5
