"""A council's own "Good is" gives its local indicators their polarity, so they are judged."""
from __future__ import annotations

from cpdesk.catalogue import local_indicator
from cpdesk.session import open_session
from cpdesk.summary import build_summary
from tests.council_expectations import COUNCILS

VISITS = "Percentage of children who received a statutory Child Protection visit within 10 working days"


def test_good_is_high_makes_a_local_indicator_judged_higher_is_better():
    session, errors = open_session([COUNCILS / "darlington_performance_indicators.xlsx"], la="Darlington",
                                   national=False)
    assert errors == []
    assert session.workspace.mappings[VISITS] == {"local": {"name": VISITS, "polarity": "higher", "unit": "percent"}}
    ind = session.catalogue().get(local_indicator(VISITS).id)
    assert ind is not None and ind.polarity == "higher"
    summary, _ = build_summary(session.observations(), catalogue=session.catalogue(), compare="target",
                               period="2020-21")
    row = summary[summary["indicator"] == VISITS].iloc[0]
    assert (row["period"], row["value"], row["target"]) == ("2020-21", 89.0, 90.0)
    assert row["polarity"] == "higher" and row["vs_target"] == "amber"   # 89 against 90: near, not met


def test_the_users_own_mapping_wins_over_the_councils_word():
    session, _ = open_session([], national=False)
    session.workspace.mappings[VISITS] = {"indicator": "cpp_reviews_on_time_pct"}
    session.add_sources([COUNCILS / "darlington_performance_indicators.xlsx"])
    assert session.workspace.mappings[VISITS] == {"indicator": "cpp_reviews_on_time_pct"}
