"""No "nan", "None" or "NaT" ever reaches a user: every role of every item model, over real files.

The window is loaded with the seed papers' spreadsheets, the built-in figures and a
comparison group; then every item model the window shows is walked: every row and column
(and every child in a tree; every third row of the raw data's thousands), every item data
role that gives text, both headers, and the grid for every kind of period and comparator.
Any text showing "nan", "None" or "NaT" as a word fails.
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, Qt

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
# years and districts, a snapshot, targets by year, rolling periods and unrecognised labels
FILES = ["warwickshire_cp_update.xlsx", "herefordshire_cp_numbers.xlsx", "bathnes_cp_activity.xlsx",
         "trafford_replans.csv"]
BAD = re.compile(r"(?<![A-Za-z])(nan|None|NaT|NaN|null)(?![A-Za-z])")
ROLES = list(range(0, 40)) + [int(Qt.UserRole) + i for i in range(0, 30)]


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _texts(v)


SCANNED = {"texts": 0}


def _text_roles(model, parent, rows: int, cols: int) -> list[int]:
    """The roles that give text anywhere in the first rows (the others hold numbers, colours, fonts)."""
    roles = set()
    for r in range(min(rows, 60)):
        for c in range(cols):
            index = model.index(r, c, parent)
            roles.update(role for role in ROLES if any(True for _ in _texts(model.data(index, role))))
    return sorted(roles)


def _scan(model, parent=QModelIndex(), where="", step: int = 1) -> list[str]:
    found = []
    rows = model.rowCount(parent)
    cols = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    roles = _text_roles(model, parent, rows, cols)
    for r in range(0, rows, step):
        for c in range(cols):
            index = model.index(r, c, parent)
            for role in roles:
                for text in _texts(model.data(index, role)):
                    SCANNED["texts"] += 1
                    if BAD.search(text):
                        found.append(f"{where}{type(model).__name__}[{r},{c}] role {role}: {text[:120]!r}")
            if c == 0 and not isinstance(model, QAbstractListModel) and model.rowCount(index) > 0:
                found += _scan(model, index, where=f"{where}{r}/")
    if not parent.isValid():
        for orientation, n in ((Qt.Horizontal, cols), (Qt.Vertical, rows)):
            for section in range(n):
                for role in ROLES:
                    for text in _texts(model.headerData(section, orientation, role)):
                        if BAD.search(text):
                            found.append(f"{type(model).__name__} header {section} role {role}: {text[:120]!r}")
    return found


class _Texts(QAbstractTableModel):
    def __init__(self, texts):
        super().__init__()
        self.texts = texts

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.texts)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 1

    def data(self, index, role=Qt.DisplayRole):
        return self.texts[index.row()] if role == Qt.ToolTipRole else None


def test_the_scan_sees_a_nan(qapp):
    assert _scan(_Texts(["fine", "Rank: 12 of 152 (nan)"]))
    assert _scan(_Texts(["Value: None"]))
    assert not _scan(_Texts(["Financial years", "Nantwich", "Nonesuch", "Denominator"]))


def test_no_model_shows_nan_or_none(window, qtbot, settings_file):
    window.resize(1280, 780)
    window.show()
    window.set_la("Warwickshire", dirty=None)
    window.load_paths_now([str(SEEDS / f) for f in FILES])
    window.session.set_groups([{"name": "Core cities", "members": ["Birmingham", "Leeds", "Bristol"]}])
    window.open_trends()
    window.trends_dock.widget().ensure_built()
    window.grid_view.table.setCurrentIndex(window.grid_view.model.index(1, 0))
    from cpdesk.models.grid_model import GridModel
    found = _scan(window.grid_view.model) + _scan(window.sources_panel.model) + _scan(window.trends_dock.widget().model)
    # the raw data: every third observation (the files' and the built-in ones alike), every column and role
    found += _scan(window.raw_view.model, step=3)
    model = GridModel()
    for granularity in ("quarters", "snapshots", "months"):
        for comparator in ("neighbours", "target", "Core cities"):
            window.session.session.set_options(granularity=granularity, comparator=comparator)
            model.set_grid(window.session.grid())
            found += _scan(model, where=f"{granularity}/{comparator}: ")
    assert not found, "\n".join(found[:20])
    assert SCANNED["texts"] > 40_000      # the grids, the observations and every source were read
