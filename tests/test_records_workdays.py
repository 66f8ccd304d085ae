"""Working days after a strategy discussion, counted by hand.

Convention: the day of the strategy discussion is not counted; the day of the conference is.
"""
import datetime as dt

import numpy as np

from cpdesk.records.workdays import bank_holidays, one_off_holidays, working_days_after


def wd(a: str, b: str) -> int:
    return int(working_days_after(np.array([a], dtype="datetime64[D]"), np.array([b], dtype="datetime64[D]"))[0])


def test_christmas_and_new_year_2023():
    # Fri 22 Dec 2023. Mon 25 and Tue 26 Dec and Mon 1 Jan are bank holidays; weekends skipped.
    # 27 Dec=1, 28=2, 29=3, 2 Jan=4, 3=5, 4=6, 5=7, 8=8, 9=9, 10=10, 11=11, 12=12, 15=13, 16=14, Wed 17 Jan=15
    assert wd("2023-12-22", "2024-01-17") == 15
    assert wd("2023-12-22", "2024-01-18") == 16
    assert wd("2023-12-22", "2023-12-27") == 1
    assert wd("2023-12-22", "2023-12-26") == 0


def test_weekends_and_same_day():
    assert wd("2024-03-08", "2024-03-08") == 0   # same day
    assert wd("2024-03-08", "2024-03-09") == 0   # Friday to Saturday
    assert wd("2024-03-08", "2024-03-11") == 1   # Friday to Monday
    assert wd("2024-03-09", "2024-03-11") == 1   # a discussion on a Saturday: Monday is the first working day


def test_one_off_holidays():
    assert wd("2012-06-01", "2012-06-06") == 1   # 4 Jun (moved spring holiday) and 5 Jun (Diamond Jubilee)
    assert wd("2022-05-31", "2022-06-06") == 2   # 1 Jun counts; 2 Jun (spring) and 3 Jun (Platinum Jubilee) do not
    # 1 Jun=1, 6=2, 7=3, 8=4, 9=5, 10=6, 13=7, 14=8, 15=9, 16=10, 17=11, 20=12, 21=13, 22=14, 23 Jun=15
    assert wd("2022-05-31", "2022-06-23") == 15
    assert wd("2022-09-16", "2022-09-20") == 1   # Mon 19 Sep 2022: state funeral
    assert wd("2023-05-05", "2023-05-09") == 1   # Mon 8 May 2023: coronation
    assert wd("2011-04-28", "2011-05-03") == 1   # 29 Apr 2011 royal wedding, 2 May early May holiday


def test_moved_early_may_2020():
    assert wd("2020-05-07", "2020-05-11") == 1   # Fri 8 May 2020 (VE Day) was the holiday
    assert wd("2020-05-01", "2020-05-04") == 1   # and Mon 4 May 2020 was a working day


def test_every_year_from_2010_is_covered_offline():
    days = bank_holidays(2010, 2030)
    for year in range(2010, 2031):
        weekdays = sum(1 for d in days if d.year == year and d.weekday() < 5)
        assert 8 <= weekdays <= 10, (year, weekdays)  # 8 every year, plus one-offs
    for day in (dt.date(2012, 6, 5), dt.date(2022, 6, 3), dt.date(2022, 9, 19), dt.date(2023, 5, 8)):
        assert day in days and day in one_off_holidays()


def test_the_holidays_package_itself_has_the_one_off_dates():
    import holidays

    h = holidays.country_holidays("GB", subdiv="ENG", years=[2012, 2022, 2023])
    for day in ("2012-06-05", "2022-06-03", "2022-09-19", "2023-05-08"):
        assert dt.date.fromisoformat(day) in h
