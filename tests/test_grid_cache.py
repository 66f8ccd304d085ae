"""The saved first grid: round trip, staleness, the model from it, and the window's fast start and swap."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cpdesk import grid_cache, grid_text
from cpdesk.session import Changes
from cpdesk.grid import GridOptions, build_grid
from cpdesk.models.grid_model import _ROLES, CellRole, GridModel
from cpdesk.workspace import Workspace
from tests.grid_fixtures import repeat_plans_frame

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def camden_window_grid(tmp_path_factory):
    """Camden's real first grid, built once by a window (and saved to a cache folder)."""
    from PySide6.QtWidgets import QApplication

    from cpdesk.ui.main_window import MainWindow
    _ = QApplication.instance() or QApplication([])
    folder = tmp_path_factory.mktemp("camden")
    old = os.environ.get("CPDESK_SETTINGS")
    os.environ["CPDESK_SETTINGS"] = str(folder / "cpdesk.ini")
    try:
        w = MainWindow(ask_la=False)
        w.set_la("202")
        grid = w.session.grid()
        w.session.mark_dirty(False)
        w.close()
        w.deleteLater()
    finally:
        if old is None:
            os.environ.pop("CPDESK_SETTINGS", None)
        else:
            os.environ["CPDESK_SETTINGS"] = old
    return grid, folder / "cpdesk-cache"


def _small_grid():
    return build_grid(repeat_plans_frame(), options=GridOptions(area="Barsetshire", targets={"icpc_15wd_pct": 85.0}))


# -- domain ---------------------------------------------------------------------------------

def test_grid_round_trip_through_json_is_equal():
    grid = _small_grid()
    text = json.dumps(grid_cache.grid_to_dict(grid))
    back = grid_cache.grid_from_dict(json.loads(text))
    assert back == grid
    row = next(i for i, r in enumerate(back.rows) if r.key == "cpp_repeat_ever_pct")
    col = next(i for i, c in enumerate(back.columns) if c.label == "2023-24")
    cell = back.cell(row, col)
    assert cell.interval == grid.cell(row, col).interval and isinstance(cell.interval, tuple)
    assert cell.small is True and cell.text.startswith("10.0")
    assert back.columns[col].end.year == 2024 and back.columns[col].end.month == 3


def test_save_load_and_resolve_by_name(tmp_path):
    grid = _small_grid()
    grid_cache.save(tmp_path, "999", "Barsetshire", grid, "v1")
    name, back, view = grid_cache.load(tmp_path, "999", "v1")
    assert name == "Barsetshire" and back == grid and view == {}
    assert grid_cache.resolve(tmp_path, "barsetshire ") == "999"
    assert grid_cache.resolve(tmp_path, "999") == "999"
    assert grid_cache.resolve(tmp_path, "Leeds") is None
    assert grid_cache.load(tmp_path, "998", "v1") is None


def test_a_changed_data_version_or_damaged_file_is_ignored(tmp_path):
    grid_cache.save(tmp_path, "999", "Barsetshire", _small_grid(), "v1")
    assert grid_cache.load(tmp_path, "999", "v2") is None
    path = grid_cache.cache_path(tmp_path, "999")
    path.write_text(path.read_text()[:500], encoding="utf-8")
    assert grid_cache.load(tmp_path, "999", "v1") is None
    entry = {"format": grid_cache.FORMAT, "version": grid_cache.VERSION, "data_version": "v1", "la_code": "999",
             "la_name": "B", "grid": {"rows": [{"kind": "group", "key": "g", "name": "G"}], "columns": [],
                                      "cells": [[{"text": "x"}]], "area": "B", "comparator": "england",
                                      "comparator_name": "England", "granularity": "years"}}
    path.write_text(json.dumps(entry), encoding="utf-8")
    assert grid_cache.load(tmp_path, "999", "v1") is None   # cells that do not fit the columns


def test_cells_are_saved_described_and_read_without_describing_them_again(tmp_path, monkeypatch):
    grid = _small_grid()
    grid_cache.save(tmp_path, "999", "Barsetshire", grid, "v1")
    saved = json.loads(grid_cache.cache_path(tmp_path, "999").read_text(encoding="utf-8"))
    row = next(i for i, r in enumerate(grid.rows) if r.key == "cpp_repeat_ever_pct")
    col = next(i for i, c in enumerate(grid.columns) if c.label == "2023-24")
    cell = saved["grid"]["cells"][row][col]
    assert cell["text"] == grid.cell(row, col).text and cell["tooltip"] == grid.cell(row, col).tooltip
    assert cell["background"] == grid.cell(row, col).background
    monkeypatch.setattr(grid_text, "describe_grid", lambda g: pytest.fail("described again"))
    name, back, _ = grid_cache.load(tmp_path, "999", "v1")
    assert back == grid


def test_a_cache_written_by_an_older_version_is_ignored(tmp_path):
    grid = _small_grid()
    grid_cache.save(tmp_path, "999", "Barsetshire", grid, "v1")
    path = grid_cache.cache_path(tmp_path, "999")
    entry = json.loads(path.read_text(encoding="utf-8"))
    # as version 2 wrote it: the cells' figures only, described again on reading
    entry["version"] = 2
    entry["grid"].pop("described")
    for line in entry["grid"]["cells"]:
        for c in line:
            for key in ("text", "background", "foreground", "tooltip", "accessible"):
                c.pop(key, None)
    path.write_text(json.dumps(entry), encoding="utf-8")
    assert grid_cache.load(tmp_path, "999", "v1") is None
    # the same figures without descriptions still read as the same grid, described again
    assert grid_cache.grid_from_dict(entry["grid"]) == grid
    entry["version"] = "3"
    path.write_text(json.dumps(entry), encoding="utf-8")
    assert grid_cache.load(tmp_path, "999", "v1") is None


def test_data_version_follows_the_national_figures_and_catalogue(tmp_path):
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "catalogue").mkdir()
    values = tmp_path / "benchmarks" / "values.npz"
    values.write_bytes(b"figures")
    (tmp_path / "catalogue" / "core.json").write_text("{}")
    first = grid_cache.data_version(tmp_path)
    assert grid_cache.data_version(tmp_path) == first
    values.write_bytes(b"new figures, published")
    second = grid_cache.data_version(tmp_path)
    assert second != first
    os.utime(tmp_path / "catalogue" / "core.json", ns=(1_000_000_000, 1_000_000_000))
    assert grid_cache.data_version(tmp_path) != second


def test_only_a_fresh_view_may_be_cached():
    ws = Workspace(la_code="202", la_name="Camden", area="Camden")
    assert grid_cache.is_fresh_view(ws)
    for change in ({"comparator": "neighbours"}, {"targets": {"icpc_15wd_pct": 80.0}}, {"area": "Islington"},
                   {"sources": ["/data/a.xlsx"]}, {"granularity": "quarters"}, {"la_code": None}):
        other = Workspace(la_code="202", la_name="Camden", area="Camden")
        for k, v in change.items():
            setattr(other, k, v)
        assert not grid_cache.is_fresh_view(other), change


# -- the model: the same from the cache as from the real figures --------------------------

def _snapshot(model: GridModel) -> list:
    out = []
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            idx = model.index(r, c)
            line = []
            for role in _ROLES:
                v = idx.data(role)
                if hasattr(v, "color"):
                    v = v.color().name()
                elif hasattr(v, "bold"):
                    v = ("font", v.bold())
                line.append(v)
            out.append(tuple(line))
    heads = [model.headerData(i, Qt.Horizontal, role) for i in range(model.columnCount())
             for role in (Qt.DisplayRole, Qt.ToolTipRole)]
    heads += [model.headerData(i, Qt.Vertical, role) for i in range(model.rowCount())
              for role in (Qt.DisplayRole, Qt.ToolTipRole)]
    return out + heads


def test_model_from_the_cache_shows_what_the_real_grid_shows(qtbot, camden_window_grid):
    grid, folder = camden_window_grid
    name, cached, view = grid_cache.load(folder, "202", grid_cache.data_version())
    assert name == "Camden" and len(view["widths"]) == len(cached.columns)
    real_model, cached_model = GridModel(), GridModel()
    real_model.set_grid(grid)
    cached_model.set_grid(cached)
    real, fromcache = _snapshot(real_model), _snapshot(cached_model)
    # CellRole holds the cell object itself: equal dataclasses, not the same object
    assert real == fromcache
    assert cached_model.rowCount() > 20 and cached_model.columnCount() >= 8
    row = next(i for i, r in enumerate(cached.rows) if r.key == "cpp_repeat_ever_pct")
    idx = cached_model.index(row, 4)
    assert idx.data(Qt.BackgroundRole) is not None and idx.data(Qt.DisplayRole) == grid.cell(row, 4).text


# -- the window: painted from the cache, then the real figures swapped in -----------------

def _prepare_cache(settings_file, grid, la_name="Camden", code="202"):
    from cpdesk.ui.settings import cache_folder
    grid_cache.save(cache_folder(), code, la_name, grid, grid_cache.data_version())
    return grid_cache.cache_path(cache_folder(), code)


def test_window_starts_from_the_cache_then_swaps_in_the_real_figures(qtbot, settings_file, camden_window_grid):
    from cpdesk.ui.fast_start import LOADING_TEXT
    from cpdesk.ui.main_window import MainWindow
    grid, _ = camden_window_grid
    path = _prepare_cache(settings_file, grid)
    entry = json.loads(path.read_text(encoding="utf-8"))
    row = next(i for i, r in enumerate(grid.rows) if r.key == "cpp_repeat_ever_pct")
    entry["grid"]["cells"][row][4].update(value=99.9, text="99.9%")   # to see the swap (the saved text is shown)
    path.write_text(json.dumps(entry), encoding="utf-8")

    w = MainWindow(ask_la=False)
    qtbot.addWidget(w)
    w.start((), None, "Camden", use_cache=True)
    model = w.grid_view.model
    assert w.session.national_pending and w.session.national is None
    assert model.index(row, 4).data().startswith("99.9%")
    assert w.session.workspace.la_code == "202" and w.settings.value("la/code") == "202"
    assert not w.grid_view.comparator.isEnabled() and not w.export_action.isEnabled()
    assert w.status.text() == LOADING_TEXT
    w.session.publish(Changes(grid=True))                  # e.g. a file arriving: the cached grid stays
    assert model.index(row, 4).data().startswith("99.9%")

    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    w.cached_start.wait()
    assert resets and not w.session.national_pending and w.session.national is not None and len(w.session.national.observations) > 100
    assert model.index(row, 4).data() == grid.cell(row, 4).text and not grid.cell(row, 4).text.startswith("99.9%")
    assert [r.key for r in w.session.grid().rows] == [r.key for r in grid.rows]
    assert w.grid_view.comparator.isEnabled() and w.export_action.isEnabled()
    assert w.status.text() == ""
    w.session.mark_dirty(False)


def test_window_ignores_a_stale_cache(qtbot, settings_file, camden_window_grid, monkeypatch):
    from cpdesk.ui.main_window import MainWindow
    grid, _ = camden_window_grid
    _prepare_cache(settings_file, grid)
    monkeypatch.setattr(grid_cache, "data_version", lambda resources=None: "newer figures")
    from cpdesk.first_grid import ShippedGrids
    from cpdesk.ui import fast_start
    monkeypatch.setattr(fast_start, "shipped_grids", lambda: ShippedGrids(settings_file.parent / "none.bin"))
    w = MainWindow(ask_la=False)
    qtbot.addWidget(w)
    w.start((), None, "Camden", use_cache=True)
    assert not w.session.national_pending and w.session.national is not None
    assert getattr(w, "cached_start", None) is None
    assert w.session.grid().area == "Camden"
    w.session.mark_dirty(False)


def test_a_built_in_grid_is_saved_for_next_start_only_when_fresh(qtbot, settings_file):
    from cpdesk.ui.main_window import MainWindow
    from cpdesk.ui.settings import cache_folder
    w = MainWindow(ask_la=False)
    qtbot.addWidget(w)
    w.set_la("202")
    path = grid_cache.cache_path(cache_folder(), "202")
    assert path.exists()
    name, saved, view = grid_cache.load(cache_folder(), "202", grid_cache.data_version())
    assert name == "Camden" and [r.key for r in saved.rows] == [r.key for r in w.session.grid().rows]
    assert view == {"font": w.grid_view.font_key(), "widths": w.grid_view.column_widths()}
    path.unlink()
    w.set_comparator("neighbours")
    assert not path.exists()
    w.session.mark_dirty(False)


def test_no_heavy_import_before_the_cached_grid_is_painted(tmp_path, camden_window_grid):
    grid, folder = camden_window_grid
    settings = tmp_path / "s" / "cpdesk.ini"
    grid_cache.save(settings.parent / "cpdesk-cache", "202", "Camden", grid, grid_cache.data_version())
    probe = (
        "import sys\n"
        "from cpdesk.ui import app, fast_start\n"
        # on a loaded machine the paint can come after the unpainted-window fallback, which loads
        # the figures (pandas) legitimately: this test is about the path to the first paint
        "fast_start.UNPAINTED_START_MS = 600_000\n"
        # nor the hidden raw-data table, built once the grid is on screen
        "heavy = ('pandas', 'numpy', 'pyqtgraph', 'openpyxl', 'python_calamine', 'cpdesk.ui.raw_data_view',\n"
        "         'cpdesk.models.observations_model')\n"
        "from PySide6.QtCore import QEvent\n"
        "seen = []\n"
        "paint = app._FirstPaint.eventFilter\n"
        "from cpdesk.ui.settings import data_folder\n"
        "def at_paint(self, obj, event):\n"   # what is imported when the grid is painted (the background load may start next)
        "    if not seen and event.type() == QEvent.Paint and self.window.grid_view.model.rowCount() > 0:\n"
        "        seen.append([m for m in heavy if m in sys.modules])\n"
        "        print('LOCKED', (data_folder() / 'recovery.lock').exists(), flush=True)\n"
        "    return paint(self, obj, event)\n"
        "app._FirstPaint.eventFilter = at_paint\n"
        "report = app._FirstPaint._report\n"
        "def checked(self):\n"   # the reading worker (a second process) waits for the figures behind the grid
        "    reader = 'cpdesk.importing.guarded' in sys.modules\n"
        "    print('HEAVY', seen[0], 'PENDING', self.window.session.national_pending, 'READER', reader, flush=True)\n"
        "    report(self)\n"
        "app._FirstPaint._report = checked\n"
        "sys.exit(app.run(['--la', 'Camden']))\n")
    env = dict(os.environ, CPDESK_SETTINGS=str(settings), CPDESK_FIRST_PAINT="1", QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-800:]
    assert "HEAVY [] PENDING True READER False" in out.stdout
    assert "LOCKED False" in out.stdout   # the recovery copy's lock is taken after the paint


def test_the_reading_worker_starts_once_the_figures_behind_the_saved_grid_are_in(qtbot, settings_file, camden_window_grid,
                                                                                  monkeypatch):
    import shutil

    from cpdesk.ui import app
    from cpdesk.ui.main_window import MainWindow
    from cpdesk.ui.settings import cache_folder
    _, folder = camden_window_grid
    shutil.copytree(folder, cache_folder())
    started = []
    monkeypatch.setattr(app, "_start_reader", lambda: started.append(True))
    w = MainWindow(ask_la=False)
    qtbot.addWidget(w)
    w.start((), None, "202", use_cache=True)
    w.cached_start.start_loading = lambda: None   # held until the test says (the paint would start it)
    w.grid_view.table.viewport().installEventFilter(app._StartReaderAfterFirstPaint(w))
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(50)
    assert w.session.national_pending and started == []   # painted: the saved grid, the figures still loading
    del w.cached_start.start_loading
    w.cached_start.wait()
    assert not w.session.national_pending and started == [True]
    w.session.mark_dirty(False)


def test_saved_column_widths_are_used_and_match_sizing_to_contents(qtbot, settings_file, camden_window_grid):
    import shutil

    from cpdesk.ui.main_window import MainWindow
    from cpdesk.ui.settings import cache_folder
    _, folder = camden_window_grid
    shutil.copytree(folder, cache_folder())
    saved = grid_cache.load(cache_folder(), "202", grid_cache.data_version())
    w = MainWindow(ask_la=False)
    qtbot.addWidget(w)
    assert saved.view["font"] == w.grid_view.font_key()
    calls = []
    w.grid_view.table.resizeColumnsToContents = lambda: calls.append(1)   # not needed with the saved widths
    w.start((), None, "202", use_cache=True)
    assert w.grid_view.column_widths() == saved.view["widths"] and calls == []
    del w.grid_view.table.resizeColumnsToContents
    w.cached_start.wait()
    assert w.grid_view.column_widths() == saved.view["widths"]   # the real grid, sized to its contents
    w.session.mark_dirty(False)


def test_the_roles_computed_on_first_use_follow_the_grid_shown(qtbot):
    # tooltips, judgements and the cells are computed when first asked for: never those of the grid before
    first = _small_grid()
    second = build_grid(repeat_plans_frame(), options=GridOptions(area="Barsetshire", comparator="neighbours"))
    model = GridModel()
    model.set_grid(first)
    row = next(i for i, r in enumerate(first.rows) if r.key == "cpp_repeat_ever_pct")
    idx = model.index(row, 1)
    assert idx.data(Qt.ToolTipRole) == first.cell(row, 1).tooltip
    assert model.headerData(row, Qt.Vertical, Qt.ToolTipRole).startswith(first.rows[row].name + "\n")
    model.set_grid(second)
    row2 = next(i for i, r in enumerate(second.rows) if r.key == "cpp_repeat_ever_pct")
    idx = model.index(row2, 1)
    assert second.cell(row2, 1).tooltip != first.cell(row, 1).tooltip
    assert idx.data(Qt.ToolTipRole) == second.cell(row2, 1).tooltip
    assert idx.data(CellRole) is second.cell(row2, 1)
    assert idx.data(Qt.DisplayRole) == second.cell(row2, 1).text
    assert [model.headerData(c, Qt.Horizontal, Qt.DisplayRole) for c in range(model.columnCount())] == \
        [c.label for c in second.columns]
