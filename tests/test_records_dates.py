import datetime as dt

import numpy as np

from cpdesk.records.dates import add_months, parse_dates


def _iso(days):
    return [None if np.isnat(d) else str(d) for d in days]


def test_mixed_column_reads_every_form_day_first():
    cells = [dt.date(2020, 4, 1), dt.datetime(2020, 4, 2, 0, 0), 43922.0, "43923", "01/04/2020", "4/1/20",
             "2020-04-05", "06-Apr-2020", "7 April 2020", "08.04.2020", "", None, "  09/04/2020 "]
    days, bad = parse_dates(cells)
    assert _iso(days) == ["2020-04-01", "2020-04-02", "2020-04-01", "2020-04-02", "2020-04-01", "2020-01-04",
                          "2020-04-05", "2020-04-06", "2020-04-07", "2020-04-08", None, None, "2020-04-09"]
    assert not bad.any()


def test_bad_cells_are_flagged_not_guessed():
    days, bad = parse_dates(["31/02/2020", "not a date", "13/13/2020", 12.5, True, "01/04/0020", "29/02/2021"])
    assert np.isnat(days).all()
    assert bad.tolist() == [True] * 7


def test_excel_serials_and_leap_days():
    days, bad = parse_dates([43890.0, 43891, 45351.0])  # 29 Feb 2020, 1 Mar 2020, 29 Feb 2024
    assert _iso(days) == ["2020-02-29", "2020-03-01", "2024-02-29"]
    assert not bad.any()
    days, bad = parse_dates(["29/02/2024", "29/02/2023"])
    assert _iso(days) == ["2024-02-29", None] and bad.tolist() == [False, True]


def test_add_months_clips_to_month_end():
    d = np.array(["2020-08-31", "2024-02-29", "2021-01-15", "NaT"], dtype="datetime64[D]")
    assert _iso(add_months(d, 6)) == ["2021-02-28", "2024-08-29", "2021-07-15", None]
    assert _iso(add_months(d, -24)) == ["2018-08-31", "2022-02-28", "2019-01-15", None]


def test_add_months_on_long_columns_matches_small_ones():
    # long columns look dates up in a table of the span (or the distinct dates when widely spread)
    rng = np.random.default_rng(3)
    near = np.datetime64("2019-12-01") + rng.integers(0, 1200, 20_000)
    near = near.astype("datetime64[D]")
    near[::7] = np.datetime64("NaT")
    spread = (np.datetime64("1950-01-01") + rng.integers(0, 50_000, 6_000)).astype("datetime64[D]")
    for col in (near, spread):
        for months in (3, 6, -24):
            expected = np.concatenate([add_months(col[i:i + 1000], months) for i in range(0, len(col), 1000)])
            got = add_months(col, months)
            assert np.array_equal(np.isnat(got), np.isnat(expected))
            assert (got[~np.isnat(got)] == expected[~np.isnat(expected)]).all()
