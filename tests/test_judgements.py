import math

import pytest

from cpdesk.judgements import direction, quartile_bands, ranks, vs_comparator, vs_target, wilson_interval


def test_wilson_interval_known_value():
    lo, hi = wilson_interval(4, 44)
    assert lo == pytest.approx(3.592, abs=1e-3) and hi == pytest.approx(21.159, abs=1e-3)
    assert wilson_interval(0, 0) is None


def test_comparator_with_counts_uses_interval():
    # 4 of 44 = 9.1%; England 20% lies inside 3.6-21.2, so "similar" despite the gap.
    assert vs_comparator(9.1, 20.0, "lower", numerator=4, denominator=44) == "similar"
    assert vs_comparator(9.1, 22.0, "lower", numerator=4, denominator=44) == "better"
    assert vs_comparator(30.0, 20.0, "lower", numerator=300, denominator=1000) == "worse"


def test_comparator_without_counts_uses_tolerance():
    assert vs_comparator(20.5, 20.0, "lower") == "similar"        # within 5%
    assert vs_comparator(22.0, 20.0, "lower") == "worse"
    assert vs_comparator(22.0, 20.0, "higher") == "better"
    assert vs_comparator(22.0, 20.0, "higher", tolerance_pct=15) == "similar"
    assert vs_comparator(22.0, 20.0, "none") == "not_compared"
    assert vs_comparator(None, 20.0, "lower") == "not_compared"


def test_target():
    assert vs_target(85, 85, "higher") == "green"
    assert vs_target(80, 85, "higher") == "amber"       # within 10% of 85
    assert vs_target(70, 85, "higher") == "red"
    assert vs_target(10, 12, "lower") == "green"
    assert vs_target(13, 12, "lower") == "amber"
    assert vs_target(14, 12, "lower") == "red"
    assert vs_target(14, None, "lower") == "no_target"
    assert vs_target(14, 12, "none") == "no_target"


def test_direction():
    assert direction(20.0, 21.0, "lower") == "improving"
    assert direction(20.0, 21.0, "higher") == "worsening"
    assert direction(20.04, 20.0, "higher", decimals=1) == "no_change"
    assert direction(5, 3, "none") == "up"
    assert direction(5, None, "none") is None


def test_ranks_ties_share_best_and_polarity():
    assert list(ranks([10, 5, 5, 20], "lower")) == [3, 1, 1, 4]
    assert list(ranks([10, 5, 5, 20], "higher")) == [2, 3, 3, 1]
    r = ranks([1.0, float("nan"), 2.0], "lower")
    assert r[0] == 1 and math.isnan(r[1]) and r[2] == 2


def test_quartiles():
    assert quartile_bands([1, 2, 3, 4, 5, 6, 7, 8], "lower") == ["A", "A", "B", "B", "C", "C", "D", "D"]
    assert quartile_bands([1, 2, 3, 4, 5, 6, 7, 8], "higher") == ["D", "D", "C", "C", "B", "B", "A", "A"]
    assert quartile_bands([1, None, 1], "lower")[1] is None
    assert quartile_bands([1, 2], "none") == [None, None]
