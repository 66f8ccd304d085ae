import math

import pytest

from cpdesk.values import parse_value


@pytest.mark.parametrize("raw, value, flag, note, percent", [
    (12, 12.0, None, "", False),
    ("9.1%", 9.1, None, "", True),
    ("1,084", 1084.0, None, "", False),
    ("73**", 73.0, None, "**", False),
    ("75.5%*", 75.5, None, "*", True),
    (" 12.5 ", 12.5, None, "", False),
    ("TBC", None, "tbc", "", False),
    ("N/A", None, "x", "N/A", False),
    ("x", None, "x", "", False),
    ("[c]", None, "c", "", False),
    ("c", None, "c", "", False),
    ("z", None, "z", "", False),
    ("u", None, "u", "", False),
    ("k", None, "k", "", False),
    ("..", None, "x", "..", False),
    ("-", None, "x", "-", False),
    ("<5", None, "c", "<5", False),
    ("see note", None, "text", "see note", False),
])
def test_cells(raw, value, flag, note, percent):
    pv = parse_value(raw)
    assert (pv.value, pv.flag, pv.note, pv.percent) == (value, flag, note, percent)


def test_percent_formatted_fraction_is_points():
    assert parse_value(0.049, percent_format=True).value == pytest.approx(4.9)


@pytest.mark.parametrize("raw", [None, "", "   ", float("nan")])
def test_blank(raw):
    pv = parse_value(raw)
    assert pv.value is None and pv.flag is None


def test_infinity_is_not_a_value():
    assert parse_value(math.inf).flag == "x"
