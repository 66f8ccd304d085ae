"""Trend charts (pyqtgraph): items, styles, hover read-out, y axis, export, the view, a long plotting session."""
from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage

from cpdesk.catalogue import default_catalogue
from cpdesk.errors import CpdeskError
from cpdesk.observations import Observation, to_frame
from cpdesk.periods import financial_year, parse_period, quarter
from cpdesk.trends import build_trend
from cpdesk.ui.chart_export import export_chart, export_trend
from cpdesk.ui.trend_chart import TrendChart
from cpdesk.ui.trends_view import TrendsView

CAT = default_catalogue()
LA = "Barnet"
REPO = Path(__file__).resolve().parent.parent


def _obs(ind, area, role, period, value):
    return Observation(ind, "label", area, role, period, value, file="book.xlsx", sheet="S", cell="B2")


@pytest.fixture
def obs():
    rows = []
    for end, v in ((2020, 18.2), (2021, 20.1), (2023, 21.4)):
        rows.append(_obs("cpp_repeat_ever_pct", LA, "la", financial_year(end), v))
    rows.append(_obs("cpp_repeat_ever_pct", LA, "la", parse_period("2023-24 (Q1+Q2)"), 22.0))
    for role, name, vals in (("neighbours", "Statistical neighbours", (21.0, 21.5, 22.0, 22.8)),
                             ("region", "London", (20.4, 21.2, 22.5, 23.0)),
                             ("england", "England", (21.9, 22.1, 23.3, 23.6))):
        rows += [_obs("cpp_repeat_ever_pct", name, role, financial_year(2020 + i), v) for i, v in enumerate(vals)]
    rows.append(_obs("cpp_repeat_ever_pct", "Target", "target", financial_year(2023), 19.0))
    rows += [_obs("cpp_started_count", LA, "la", quarter(2024, q), v) for q, v in ((1, 52.0), (2, 47.0), (3, 61.0))]
    rows.append(_obs("icpc_15wd_pct", LA, "la", financial_year(2023), 80.0))
    return to_frame(rows)


def _chart(qtbot, obs, ind="cpp_repeat_ever_pct", **kw):
    chart = TrendChart(build_trend(obs, CAT, LA, ind), **kw)
    qtbot.addWidget(chart)
    chart.resize(700, 440)
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def test_chart_draws_one_curve_per_series_with_a_legend_entry(qtbot, obs):
    chart = _chart(qtbot, obs)
    assert list(chart.curves) == ["la", "neighbours", "region", "england", "target"]
    data_items = [i for i in chart.plot_item.items if i in chart.curves.values()]
    assert len(data_items) == 5
    labels = [label.text for _sample, label in chart.legend.items]
    assert labels == [LA, "Statistical neighbours", "London", "England", "Target"]
    x, y = chart.curves["la"].getData()
    np.testing.assert_array_equal(y, [18.2, 20.1, np.nan, 21.4, 22.0])


def test_series_differ_in_more_than_colour(qtbot, obs):
    chart = _chart(qtbot, obs)
    pens = {role: item.opts["pen"] for role, item in chart.curves.items()}
    patterns = {role: tuple(p.dashPattern()) if p.style() == Qt.PenStyle.CustomDashLine else () for role, p in pens.items()}
    assert len(set(patterns.values())) == 5, patterns
    assert pens["la"].widthF() > max(p.widthF() for r, p in pens.items() if r != "la")
    symbols = {role: item.opts["symbol"] for role, item in chart.curves.items()}
    assert symbols == {"la": "o", "neighbours": "t", "region": "s", "england": "d", "target": None}
    assert len({p.color().name() for p in pens.values()}) == 5


def test_partial_period_gets_a_hollow_marker(qtbot, obs):
    chart = _chart(qtbot, obs)
    brushes = [b.color().name() for b in chart.curves["la"].scatter.data["brush"]]
    assert brushes[-1] == "#ffffff" and brushes[0] != "#ffffff"
    assert "part period" in chart.note_item.text


def test_title_states_the_polarity_in_words(qtbot, obs):
    chart = _chart(qtbot, obs)
    assert "second or subsequent plan" in chart.title_item.text
    assert "Lower is better" in chart.title_item.text
    assert chart.plot_item.getAxis("left").labelText == "%"


def test_hover_readout_for_a_known_point(qtbot, obs):
    chart = _chart(qtbot, obs)
    # The latest period is shown before any hover.
    assert chart.readout_text().startswith("2023-24 — Barnet: 22.0% (part period")
    scene_pos = chart.plot_item.vb.mapViewToScene(QPointF(1.0, 20.0))
    assert chart.hover_scene_pos(scene_pos) == 1
    assert chart.readout_text() == ("2020-21 — Barnet: 20.1% · Statistical neighbours: 21.5% · London: 21.2% · "
                                    "England: 22.1%")
    # Through the real signal path: the scene's mouse-moved signal, rate-limited by the proxy.
    chart.scene().sigMouseMoved.emit(chart.plot_item.vb.mapViewToScene(QPointF(0.2, 20.0)))
    qtbot.waitUntil(lambda: chart.readout_text().startswith("2019-20 —"), timeout=2000)
    # And the keyboard.
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.readout_text().startswith("2020-21 —")
    assert chart.hover_scene_pos(QPointF(-500, -500)) is None


def test_y_axis_from_zero_or_fitted(qtbot, obs):
    chart = _chart(qtbot, obs)
    assert chart.start_at_zero is False
    lo, hi = chart.y_range()
    assert lo > 15
    chart.set_start_at_zero(True)
    assert chart.y_range()[0] == pytest.approx(0.0)
    assert chart.zero_box.isChecked()
    chart.zero_box.setChecked(False)
    assert chart.y_range()[0] > 15
    counts = _chart(qtbot, obs, "cpp_started_count")
    assert counts.start_at_zero is True and counts.y_range()[0] == pytest.approx(0.0)


def test_roles_hide_comparators(qtbot, obs):
    chart = _chart(qtbot, obs, roles=("la", "england"))
    assert list(chart.curves) == ["la", "england"]
    assert "London" not in chart.readout_text()


def test_png_export_has_the_width_asked_for(tmp_path, qtbot, obs):
    out = export_chart(obs, CAT, LA, "cpp_repeat_ever_pct", tmp_path / "chart.png", width=1200, dpi=200)
    img = QImage(str(out))
    assert not img.isNull()
    assert (img.width(), img.height()) == (1200, 675)
    assert round(img.dotsPerMeterX() * 0.0254) == 200
    # Something was drawn: the local line's blue is in the picture.
    colours = {img.pixelColor(x, y).name() for x in range(0, 1200, 3) for y in range(0, 675, 3)}
    assert "#0b6aa9" in colours
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]  # no temporary file left behind


def test_svg_export_is_xml_with_paths_and_text(tmp_path, qtbot, obs):
    out = export_chart(obs, CAT, LA, "cpp_repeat_ever_pct", tmp_path / "chart.svg", width=900)
    root = ET.parse(out).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert root.get("viewBox") == "0 0 900 506"
    assert len(root.findall(f".//{ns}path")) > 5
    text = " ".join(t.text or "" for t in root.iter(f"{ns}text"))
    assert "2020-21" in text and "Lower is better" in text


def test_export_errors_are_plain_sentences(tmp_path, qtbot, obs):
    with pytest.raises(CpdeskError, match=r"\.png or \.svg"):
        export_chart(obs, CAT, LA, "cpp_repeat_ever_pct", tmp_path / "chart.jpg")
    with pytest.raises(CpdeskError, match="no values to chart"):
        export_chart(obs, CAT, LA, "s47_count", tmp_path / "chart.png")
    with pytest.raises(CpdeskError, match="no indicator 'nonsense'"):
        export_chart(obs, CAT, LA, "nonsense", tmp_path / "chart.png")
    trend = build_trend(obs, CAT, LA, "cpp_repeat_ever_pct")
    with pytest.raises(CpdeskError, match="between 200 and 20,000 pixels"):
        export_trend(trend, tmp_path / "c.png", width=50)


def test_export_from_a_fresh_process_without_a_window(tmp_path, obs):
    data = tmp_path / "obs.pkl"
    obs.to_pickle(data)
    out = tmp_path / "cli.png"
    code = ("import pandas as pd, sys\n"
            "from cpdesk.catalogue import default_catalogue\n"
            "from cpdesk.ui.chart_export import export_chart\n"
            f"export_chart(pd.read_pickle({str(data)!r}), default_catalogue(), 'Barnet', 'cpp_repeat_ever_pct', "
            f"{str(out)!r}, width=800, dpi=96)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert QImage(str(out)).width() == 800


def test_trends_view_small_multiples_and_export(tmp_path, qtbot, obs):
    view = TrendsView()
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    view.set_data(obs, CAT, LA, indicator="icpc_15wd_pct")
    view.ensure_built()
    assert view.model.ids() == ["cpp_repeat_ever_pct", "icpc_15wd_pct", "cpp_started_count"]
    assert set(view.selected_indicators()) == {"cpp_repeat_ever_pct", "icpc_15wd_pct", "cpp_started_count"}
    view.show_indicators(["cpp_started_count", "cpp_repeat_ever_pct"])
    view.ensure_built()
    assert view.selected_indicators() == ["cpp_repeat_ever_pct", "cpp_started_count"]
    assert sorted(view.charts) == ["cpp_repeat_ever_pct", "cpp_started_count"]
    assert view.charts["cpp_started_count"].trend.granularity == "quarter"
    view.set_roles(["england"])
    assert list(view.charts["cpp_repeat_ever_pct"].curves) == ["la", "england"]
    view.set_y_axis("zero")
    assert view.charts["cpp_repeat_ever_pct"].y_range()[0] == pytest.approx(0.0)
    out = view.export_chart("cpp_repeat_ever_pct", tmp_path / "v.png", width=600, dpi=96)
    assert QImage(str(out)).width() == 600
    # The picker is a keyboard-driven checkable list with an accessible name.
    assert view.picker.accessibleName() == "Indicators to chart"
    first = view.proxy.index(1, 0)  # icpc_15wd_pct, not ticked
    view.picker.setFocus()
    view.picker.setCurrentIndex(first)
    qtbot.keyClick(view.picker, Qt.Key.Key_Space)
    assert "icpc_15wd_pct" in view.selected_indicators()
    view.filter.setText("plans starting")
    assert view.proxy.rowCount() == 1


def test_many_plots_in_one_session_stay_alive(qtbot):
    # PySide6 6.12 on Python 3.11 corrupted None/True refcounts in PlotWidget/setData and aborted
    # sessions of ~40 plots; this session makes 60 and keeps drawing.
    import pyqtgraph as pg
    rng = np.random.default_rng(1)
    rendered = 0
    for i in range(60):
        w = pg.PlotWidget()
        qtbot.addWidget(w)
        curve = w.plot(pen=pg.mkPen("#0b6aa9", width=2), symbol="o", connect="finite")
        for _ in range(3):
            y = rng.normal(size=12)
            y[i % 12] = np.nan
            curve.setData(np.arange(12.0), y)
        w.resize(200, 120)
        if i % 10 == 0:
            img = w.grab().toImage()
            rendered += int(not img.isNull() and img.width() == 200)
        w.close()
        w.deleteLater()
    qtbot.wait(10)
    assert rendered == 6
    assert sys.getrefcount(None) > 0 and True is not None
