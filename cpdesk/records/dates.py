"""Date cells as councils' case-management extracts hold them, read column-wise.

A column may mix real dates (``datetime.date`` from a workbook), Excel serial numbers
(43922, or "43922" in a CSV), UK-order text ("01/04/2020", "1/4/20", "01-Apr-2020"),
ISO text ("2020-04-01") and blanks. Text is always read day first: "03/04/2020" is
3 April. Nothing is guessed month first.

Dates are returned as ``datetime64[D]`` arrays with NaT for blanks, plus a mask of the
cells that held something that is not a date, so the data-quality report can name them.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

NAT = np.datetime64("NaT", "D")
#: Excel's day zero in the 1900 date system (serial 1 = 1 Jan 1900, allowing for the 1900 leap-year bug).
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
#: Serial numbers in this range are read as dates (1 Jan 1950 .. 31 Dec 2099).
_SERIAL_MIN, _SERIAL_MAX = 18264, 73050
_YEAR_MIN, _YEAR_MAX = 1900, 2100

_TEXT_FORMATS = (
    "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d-%m-%y", "%d.%m.%Y", "%d.%m.%y",
    "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M",
    "%d %b %Y", "%d-%b-%Y", "%d %B %Y", "%d-%b-%y", "%d %b %y", "%d/%b/%Y",
)


def parse_dates(values, factorized: tuple[np.ndarray, object] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Read a column of date cells.

    Each distinct cell value is parsed once (an extract of 500,000 rows holds a few
    thousand distinct dates), then spread back to the rows.

    Parameters
    ----------
    values : sequence or Series
        The cells as read (objects).

    Returns
    -------
    days : ndarray of datetime64[D]
        The dates, NaT where the cell is blank or not a date.
    bad : ndarray of bool
        True where the cell held something that could not be read as a date.
    """
    if factorized is None:
        s = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
        factorized = pd.factorize(s.astype(object), use_na_sentinel=True)
    codes, uniques = factorized
    u_days, u_bad = parse_unique(pd.Series(np.asarray(uniques, dtype=object), dtype=object))
    # one extra entry for empty cells (code -1)
    return np.append(u_days, NAT)[codes], np.append(u_bad, False)[codes]


def parse_unique(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Read distinct cell values (objects) as dates: (datetime64[D] with NaT, mask of values that are not dates)."""
    n = len(s)
    out = np.full(n, NAT)
    bad = np.zeros(n, dtype=bool)
    if n == 0:
        return out, bad
    kinds = s.map(type)
    is_text = (kinds == str).to_numpy()
    is_dateobj = kinds.isin([dt.date, dt.datetime, pd.Timestamp]).to_numpy()
    is_number = kinds.isin([int, float, np.int64, np.float64]).to_numpy()
    is_bool = kinds.isin([bool, np.bool_]).to_numpy()
    bad |= ~(is_text | is_dateobj | is_number) & s.notna().to_numpy()
    bad |= is_bool

    if is_dateobj.any():
        idx = np.flatnonzero(is_dateobj)
        conv = pd.to_datetime(s.iloc[idx], errors="coerce")
        out[idx] = conv.to_numpy().astype("datetime64[D]")

    if is_number.any():
        idx = np.flatnonzero(is_number)
        num = pd.to_numeric(s.iloc[idx], errors="coerce").to_numpy(dtype="float64")
        d, ok = _from_serial(num)
        out[idx[ok]] = d[ok]
        bad[idx[~ok & ~np.isnan(num)]] = True

    if is_text.any():
        idx = np.flatnonzero(is_text)
        text = s.iloc[idx].str.strip()
        blank = (text == "").to_numpy()
        idx, text = idx[~blank], text[~blank]
        d, ok = _from_text(text.reset_index(drop=True))
        out[idx[ok]] = d[ok]
        bad[idx[~ok]] = True
    return out, bad


def _from_serial(num: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ok = ~np.isnan(num) & (num >= _SERIAL_MIN) & (num <= _SERIAL_MAX) & (np.floor(num) == num)
    days = np.full(len(num), NAT)
    days[ok] = _EXCEL_EPOCH + num[ok].astype("int64").astype("timedelta64[D]")
    return days, ok


def _from_text(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    n = len(text)
    days = np.full(n, NAT)
    ok = np.zeros(n, dtype=bool)
    numeric = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    if not np.isnan(numeric).all():
        d, sok = _from_serial(numeric)
        days[sok] = d[sok]
        ok |= sok
    for fmt in _TEXT_FORMATS:
        todo = np.flatnonzero(~ok)
        if len(todo) == 0:
            break
        parsed = pd.to_datetime(text.iloc[todo], format=fmt, errors="coerce").to_numpy()
        if np.isnat(parsed).all():
            continue
        parsed = parsed.astype("datetime64[D]")
        years = parsed.astype("datetime64[Y]").astype("int64") + 1970
        good = ~np.isnat(parsed) & (years >= _YEAR_MIN) & (years <= _YEAR_MAX)
        days[todo[good]] = parsed[good]
        ok[todo[good]] = True
    return days, ok


def to_days(d: np.ndarray | dt.date) -> np.ndarray | np.datetime64:
    """A date or date array as ``datetime64[D]``."""
    if isinstance(d, dt.date):
        return np.datetime64(d.isoformat() if not isinstance(d, dt.datetime) else d.date().isoformat(), "D")
    return np.asarray(d).astype("datetime64[D]")


def add_months(days: np.ndarray, months: int) -> np.ndarray:
    """Add calendar months, keeping the day of the month and clipping to the month's end.

    ``add_months(31 Aug 2020, 6)`` is 28 Feb 2021; ``add_months(29 Feb 2024, -24)`` is 28 Feb 2022.
    NaT stays NaT.
    """
    days = np.asarray(days, dtype="datetime64[D]")
    valid = ~np.isnat(days)
    if days.size <= 5000 or not valid.any():
        return _add_months_each(days, months)
    # calendar arithmetic is slow per element, and extracts hold a few thousand distinct dates
    # over a few thousand days: work out each day of the span once and look the dates up
    num = days.astype("int64")
    lo, hi = int(num[valid].min()), int(num[valid].max())
    if hi - lo > days.size:
        uniq, inverse = np.unique(days, return_inverse=True)
        return _add_months_each(uniq, months)[inverse.reshape(days.shape)]
    table = _add_months_each(np.arange(lo, hi + 1).astype("datetime64[D]"), months)
    out = np.full(days.shape, NAT)
    out[valid] = table[num[valid] - lo]
    return out


def _add_months_each(days: np.ndarray, months: int) -> np.ndarray:
    first = days.astype("datetime64[M]")
    offset = days - first.astype("datetime64[D]")
    target = first + np.timedelta64(months, "M")
    last = (target + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
    result = np.minimum(target.astype("datetime64[D]") + offset, last)
    return np.where(np.isnat(days), NAT, result)
