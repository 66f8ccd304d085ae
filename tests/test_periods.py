import datetime as dt

import pytest

from cpdesk.periods import canonical_label, parse_period, previous_comparable

D = dt.date


@pytest.mark.parametrize("text, canon, kind, start, end, partial", [
    ("2019-20", "2019-20", "year", D(2019, 4, 1), D(2020, 3, 31), False),
    ("2019/20", "2019-20", "year", D(2019, 4, 1), D(2020, 3, 31), False),
    ("19/20", "2019-20", "year", D(2019, 4, 1), D(2020, 3, 31), False),
    ("201920", "2019-20", "year", D(2019, 4, 1), D(2020, 3, 31), False),
    ("2019/2020", "2019-20", "year", D(2019, 4, 1), D(2020, 3, 31), False),
    ("1999-00", "1999-00", "year", D(1999, 4, 1), D(2000, 3, 31), False),
    ("Q4 2019-20", "Q4 2019-20", "quarter", D(2020, 1, 1), D(2020, 3, 31), False),
    ("Q1 2020/21", "Q1 2020-21", "quarter", D(2020, 4, 1), D(2020, 6, 30), False),
    ("2020-21 Q3", "Q3 2020-21", "quarter", D(2020, 10, 1), D(2020, 12, 31), False),
    ("Quarter 2 2020-21", "Q2 2020-21", "quarter", D(2020, 7, 1), D(2020, 9, 30), False),
    ("Mar-20", "Mar 2020", "month", D(2020, 3, 1), D(2020, 3, 31), False),
    ("February 2020", "Feb 2020", "month", D(2020, 2, 1), D(2020, 2, 29), False),
    ("31 March 2020", "31 Mar 2020", "snapshot", D(2020, 3, 31), D(2020, 3, 31), False),
    ("at 31 July 2020", "31 Jul 2020", "snapshot", D(2020, 7, 31), D(2020, 7, 31), False),
    ("31/03/2020", "31 Mar 2020", "snapshot", D(2020, 3, 31), D(2020, 3, 31), False),
    ("2020-21 (Q1+Q2+Q3)", "2020-21 to Dec 2020", "ytd", D(2020, 4, 1), D(2020, 12, 31), True),
    ("Year to March 2018", "2017-18", "year", D(2017, 4, 1), D(2018, 3, 31), False),
    ("10 months to January 2019", "10 months to Jan 2019", "rolling", D(2018, 4, 1), D(2019, 1, 31), True),
    ("year ending 31 March 2020", "2019-20", "year", D(2019, 4, 1), D(2020, 3, 31), False),
    ("Year ended 31st March 2020", "2019-20", "year", D(2019, 4, 1), D(2020, 3, 31), False),
    ("12 months to 31/03/2024", "2023-24", "year", D(2023, 4, 1), D(2024, 3, 31), False),
    ("2014-16", "2014-16", "multi_year", D(2014, 1, 1), D(2016, 12, 31), False),
])
def test_period_shapes(text, canon, kind, start, end, partial):
    p = parse_period(text)
    assert p is not None
    assert (canonical_label(p), p.kind, p.start, p.end, p.partial) == (canon, kind, start, end, partial)
    assert p.label == text


def test_open_data_year_is_year_ending_march():
    p = parse_period(2020)
    assert (p.start, p.end, canonical_label(p)) == (D(2019, 4, 1), D(2020, 3, 31), "2019-20")


def test_footnoted_quarter_under_a_year():
    year = parse_period("2019-20")
    q = parse_period("Q4*", context=year)
    assert (q.start, q.end, q.note) == (D(2020, 1, 1), D(2020, 3, 31), "*")
    assert parse_period("Q4*") is None  # no year to place it in


def test_header_dates():
    assert parse_period(dt.datetime(2020, 3, 1)).kind == "month"
    assert parse_period(dt.datetime(2020, 3, 31)).kind == "snapshot"


@pytest.mark.parametrize("text", ["Total", "hello", "No. CPP started", "2019-22x", "Q5 2019-20", "31/02/2020", "", None, 17.5])
def test_not_periods(text):
    assert parse_period(text) is None


def test_previous_comparable_skips_other_kinds_and_partials():
    q3 = parse_period("Q3 2020-21")
    cands = [parse_period(x) for x in ("Q1 2020-21", "Q2 2020-21", "2019-20", "2020-21 (Q1+Q2)")]
    assert canonical_label(previous_comparable(q3, cands)) == "Q2 2020-21"
    assert previous_comparable(parse_period("2019-20"), cands) is None


def test_the_year_to_a_day_in_a_title_is_the_year_not_the_day():
    from cpdesk.periods import read_period_words
    words = read_period_words("Referrals in the year ending 31 March 2020")
    # the twelve months to 31 March are the financial year (comparable with the national figures)
    assert (words.period.kind, words.period.start, words.period.end) == ("year", D(2019, 4, 1), D(2020, 3, 31))
    assert words.rest == "Referrals in"
    # a day that ends no month is a date of its own, not a run of whole months
    assert read_period_words("year to 25 June 2018").period.kind == "snapshot"


@pytest.mark.parametrize("title, expected", [
    ("Number and percentage of children on the Child Protection Register by sex and age on 31 July, 2013-2023", (7, 31)),
    ("Children subject to a plan as at 30 September", (9, 30)),
    ("Children subject to a plan at 31 March", (3, 31)),
    ("Children on the register on 31 July 2023", None),      # a whole date: the title's own period
    ("Children subject to a plan, 2019-2023", None),
])
def test_a_day_of_the_year_in_a_title(title, expected):
    from cpdesk.periods import day_of_year_in
    assert day_of_year_in(title) == expected


def test_a_bare_year_under_a_day_of_the_year_is_the_count_at_that_day():
    from cpdesk.periods import on_day_of_year
    p = on_day_of_year(parse_period("2022"), (7, 31))
    assert (p.kind, p.start, p.end) == ("snapshot", D(2022, 7, 31), D(2022, 7, 31))
    # 31 March is what a bare year already means (the financial year it ends), and a year
    # written as a financial year keeps its meaning
    assert on_day_of_year(parse_period("2022"), (3, 31)) == parse_period("2022")
    assert on_day_of_year(parse_period("2021-22"), (7, 31)) == parse_period("2021-22")


@pytest.mark.parametrize("text, expected", [("Quarter 1 - June 2018", (2018, 6)), ("Q1 (June 2018)", (2018, 6)),
                                            ("Q3 - December 2019", (2019, 12))])
def test_a_quarter_named_with_its_month_is_that_months_figure(text, expected):
    p = parse_period(text)
    assert p.kind == "month" and (p.end.year, p.end.month) == expected


def test_a_quarter_and_a_month_that_disagree_are_no_period():
    assert parse_period("Quarter 1 - September 2018") is None
    assert parse_period("Q2 - 2019/20").kind == "quarter"
