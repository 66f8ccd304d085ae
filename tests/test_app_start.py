"""Starting the window: --screenshot, the LA chooser, the built-in grid, and the raw data model."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from cpdesk.models.observations_model import ObservationsModel


@pytest.fixture(autouse=True)
def _settings(settings_file):
    return settings_file


@pytest.fixture(autouse=True)
def _gui_logging_undone():
    """app.run() sets up the window's log and error hooks for the whole process: undo them after."""
    import logging
    import sys
    import threading
    root, hooks = logging.getLogger(), (sys.excepthook, threading.excepthook)
    handlers = list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    sys.excepthook, threading.excepthook = hooks


def test_screenshot_option_writes_a_png_of_the_built_in_grid(qtbot, tmp_path):
    from cpdesk.ui import app
    target = tmp_path / "shots" / "grid.png"
    assert app.run(["--la", "Camden", "--screenshot", str(target)]) == 0
    image = QImage(str(target))
    assert target.stat().st_size > 30_000
    assert image.width() >= 1000 and image.height() >= 600


def test_screenshot_with_trends_destroys_the_window_before_returning(qtbot, tmp_path, monkeypatch):
    # plots torn down after the application at exit could crash the process on the way out
    import shiboken6

    from cpdesk.ui import app, main_window
    made = []
    monkeypatch.setattr(main_window.MainWindow, "show", lambda self: made.append(self))
    target = tmp_path / "grid.png"
    assert app.run(["--la", "Camden", "--screenshot", str(target), "--trends"]) == 0
    assert target.exists() and (tmp_path / "grid-trends.png").stat().st_size > 10_000
    assert len(made) == 1 and not shiboken6.isValid(made[0])


def test_built_in_grid_for_the_chosen_la(qtbot):
    from cpdesk.ui.main_window import MainWindow
    w = MainWindow(ask_la=False)
    qtbot.addWidget(w)
    w.set_la("202")
    g = w.session.grid()
    assert g.area == "Camden" and g.granularity == "years"
    labels = [c.label for c in g.columns]
    assert "England" in labels and "Rank" in labels and labels[4] == "2024-25"
    assert w.settings.value("la/code") == "202"
    row = next(i for i, r in enumerate(g.rows) if r.key == "cpp_repeat_ever_pct")
    assert g.cell(row, 4).state in ("better", "similar", "worse")
    assert "›" in g.cell(row, 4).source


def test_la_chooser_search_and_none(qtbot):
    from cpdesk.builtin_figures import AuthorityChoice
    from cpdesk.ui.la_chooser import LaChooser
    choices = [AuthorityChoice("202", "Camden", "London"), AuthorityChoice("383", "Leeds", "Yorkshire and The Humber")]
    d = LaChooser(choices)
    qtbot.addWidget(d)
    d.search.setText("lee")
    assert d.proxy.rowCount() == 1
    d.accept()
    assert d.chosen.code == "383"
    d2 = LaChooser(choices)
    qtbot.addWidget(d2)
    d2.none_button.click()
    assert d2.chosen is None and d2.result() == 1


def test_observations_model_sorts_and_filters_by_index_arrays(qtbot):
    n = 100_000
    df = pd.DataFrame({"indicator": np.where(np.arange(n) % 2, "icpc_15wd_pct", "cpp_open_count"),
                       "area": np.where(np.arange(n) % 3 == 0, "Leeds", "York"),
                       "value": np.arange(n, dtype=float)[::-1], "period": "2023-24", "source": "f › S › A1"})
    m = ObservationsModel()
    m.set_frame(df)
    assert m.rowCount() == n
    value_col = [i for i in range(m.columnCount()) if m.headerData(i, Qt.Horizontal) == "Value"][0]
    m.sort(value_col, Qt.AscendingOrder)
    assert m.index(0, value_col).data() == "0" and m.index(n - 1, value_col).data() == "99,999"
    m.set_filter("leeds")
    assert m.rowCount() == (n + 2) // 3
    assert all(m.index(i, 2).data() == "Leeds" for i in range(0, m.rowCount(), 997))
    m.sort(value_col, Qt.DescendingOrder)
    first = float(m.index(0, value_col).data().replace(",", ""))
    assert first == max(df.loc[df["area"] == "Leeds", "value"])
    m.set_filter("")
    assert m.rowCount() == n


def test_work_after_the_first_paint_runs_once_when_painted_or_after_the_fallback(qtbot):
    from PySide6.QtWidgets import QWidget

    from cpdesk.ui.fast_start import AfterFirstPaint
    calls = []
    shown = QWidget()
    qtbot.addWidget(shown)
    AfterFirstPaint(shown, lambda: calls.append("painted"), shown, fallback_ms=600_000)
    assert calls == []
    shown.show()
    qtbot.waitUntil(lambda: calls == ["painted"])
    never_shown = QWidget()      # minimised or covered: no paint comes
    qtbot.addWidget(never_shown)
    AfterFirstPaint(never_shown, lambda: calls.append("fallback"), never_shown, fallback_ms=50)
    qtbot.waitUntil(lambda: calls == ["painted", "fallback"])
    shown.repaint()
    qtbot.wait(100)
    assert calls == ["painted", "fallback"]
