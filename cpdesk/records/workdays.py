"""Working days in England: Monday to Friday, less England and Wales bank holidays.

Bank holidays come from the ``holidays`` package (country GB, subdivision ENG), which
works them out offline for any year, including moved holidays. The one-off holidays since
2010 (royal wedding, jubilees, the state funeral, the coronation) are also kept in
``resources/records/one_off_bank_holidays.json`` and added, so a copy of the package
that predates one of them still counts correctly. No network is ever used.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache

import numpy as np

from cpdesk.resources import resource

FIRST_YEAR = 2010


@lru_cache(maxsize=1)
def one_off_holidays() -> dict[dt.date, str]:
    data = json.loads(resource("records", "one_off_bank_holidays.json").read_text(encoding="utf-8"))
    return {dt.date.fromisoformat(k): v for k, v in data["dates"].items()}


@lru_cache(maxsize=8)
def bank_holidays(first_year: int = FIRST_YEAR, last_year: int | None = None) -> dict[dt.date, str]:
    """England and Wales bank holidays from ``first_year`` to ``last_year`` (default: next year)."""
    import holidays

    last = last_year if last_year is not None else dt.date.today().year + 1
    days = dict(holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last + 1)))
    for day, name in one_off_holidays().items():
        if first_year <= day.year <= last:
            days.setdefault(day, name)
    return dict(sorted(days.items()))


@lru_cache(maxsize=8)
def _calendar(first_year: int, last_year: int) -> np.busdaycalendar:
    hol = np.array(sorted(bank_holidays(first_year, last_year)), dtype="datetime64[D]")
    return np.busdaycalendar(weekmask="1111100", holidays=hol)


def calendar_for(days: np.ndarray) -> np.busdaycalendar:
    """A working-day calendar covering every year in ``days`` (NaT ignored)."""
    valid = days[~np.isnat(days)]
    if len(valid) == 0:
        return _calendar(FIRST_YEAR, FIRST_YEAR)
    years = np.array([valid.min(), valid.max()]).astype("datetime64[Y]").astype("int64") + 1970
    return _calendar(int(min(years[0], FIRST_YEAR)), int(years[1]) + 1)


def working_days_after(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Working days after ``start`` up to and including ``end``.

    The day of ``start`` is not counted; ``end`` is counted if it is a working day. An
    event on the next working day is 1; on the same day 0. This is the count for "within
    15 working days of the strategy discussion". NaT in either gives -1.
    """
    start = np.asarray(start, dtype="datetime64[D]")
    end = np.asarray(end, dtype="datetime64[D]")
    ok = ~np.isnat(start) & ~np.isnat(end)
    out = np.full(start.shape, -1, dtype="int64")
    if ok.any():
        cal = calendar_for(np.concatenate([start[ok], end[ok]]))
        one = np.timedelta64(1, "D")
        out[ok] = np.busday_count(start[ok] + one, end[ok] + one, busdaycal=cal)
    return out


def is_working_day(day: dt.date) -> bool:
    d = np.datetime64(day, "D")
    return bool(np.is_busday(d, busdaycal=calendar_for(np.array([d]))))
