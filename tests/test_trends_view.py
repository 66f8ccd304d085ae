"""Trend charts that read at a glance: one legend, wrapped titles, the grid's periods, like compared with like."""
from __future__ import annotations

from cpdesk.catalogue import default_catalogue
from cpdesk.observations import Observation, to_frame
from cpdesk.periods import financial_year, snapshot
from cpdesk.trends import build_trend, comparable_roles
from cpdesk.ui.trends_view import TrendsView
from tests.test_grid_periods import seed_session

CAT = default_catalogue()


def _obs(ind, area, role, period, value):
    return Observation(ind, "label", area, role, period, value, file="book.xlsx", sheet="S", cell="B2")


def test_a_years_chart_takes_31_march_snapshots_as_the_grid_does():
    import datetime as dt
    frame = to_frame([_obs("cpp_open_count", "A", "la", snapshot(dt.date(2019 + i, 3, 31)), 100.0 + i) for i in range(3)]
                     + [_obs("cpp_open_count", "England", "england", snapshot(dt.date(2021, 3, 31)), 51000.0)])
    trend = build_trend(frame, CAT, "A", "cpp_open_count", granularity="year")
    assert trend.periods == ["2018-19", "2019-20", "2020-21"]      # not "31 Mar 2019"
    roles, note = comparable_roles(trend, ("la", "england", "neighbours"))
    assert roles == ("la", "neighbours") and "England not drawn" in note and "not comparable" in note


def test_per_period_targets_draw_the_target_line():
    frame = to_frame([_obs("cpp_repeat_ever_pct", "A", "la", financial_year(2020 + i), 20.0 + i) for i in range(3)])
    trend = build_trend(frame, CAT, "A", "cpp_repeat_ever_pct", granularity="year", target=15.0,
                        period_targets={"2021-22": 12.0})
    assert list(trend.get("target").values) == [15.0, 15.0, 12.0]


def test_the_trend_view_has_one_legend_and_wrapped_titles(qtbot):
    s = seed_session("warwickshire")
    s.set_groups([{"name": "Core cities", "members": ["Birmingham", "Leeds", "Bristol"]}])
    view = TrendsView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.set_data(s.observations(), s.catalogue(), s.grid().area, granularity="year")
    view.show_indicators(["cpp_repeat_ever_pct", "cpp_started_count"])
    view.ensure_built()
    # one legend for the view, none in the charts
    assert view.legend.isVisible() and view.legend.names()[:4] == ["Warwickshire", "Statistical neighbours",
                                                                   "West Midlands", "England"]
    assert "Core cities" in view.legend.names() and "Core cities" in [b.text() for b in view.role_boxes.values()]
    for chart in view.charts.values():
        assert chart.legend.scene() is None and chart.title_item.scene() is None
    card = view.cards["cpp_repeat_ever_pct"]
    assert card.title.wordWrap() and card.title.text() == ("<b>Child protection plans that were a second or "
                                                          "subsequent plan (%)</b>")
    assert card.subtitle.text().startswith("Lower is better")
    # the same period labels as the grid
    grid_years = s.grid().period_labels()
    assert set(grid_years) <= set(view.trends["cpp_repeat_ever_pct"].periods)
    # a count is not drawn against the England or regional total
    count = view.charts["cpp_started_count"]
    assert "england" not in count.curves and "region" not in count.curves and "neighbours" in count.curves
    assert "not comparable with one authority's count" in view.cards["cpp_started_count"].subtitle.text()


def test_the_trend_view_follows_the_grids_periods_and_changes_them(window, qtbot):
    from tests.grid_fixtures import repeat_plans_frame, show_results
    show_results(window, repeat_plans_frame())
    window.open_trends()
    view = window.trends_dock.widget()
    assert view.granularity.currentData() == "year"
    window.session.set_options(granularity="quarters")
    assert view.granularity.currentData() == "quarter"
    view.granularity.setCurrentIndex(view.granularity.findData("year"))
    assert window.session.workspace.granularity == "years" and window.session.grid().granularity == "years"
    # a target set in cpdesk for one year is drawn for that year
    window.change_indicator_settings("cpp_repeat_ever_pct", {"period_targets": {"2022-23": 15.0}})
    view.ensure_built()
    target = view.trends["cpp_repeat_ever_pct"].get("target")
    assert 15.0 in list(target.values)
