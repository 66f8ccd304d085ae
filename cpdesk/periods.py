"""Reporting periods as councils write them.

A :class:`Period` has the label as written, a canonical label, a first and last day and a
kind. Financial years run 1 April to 31 March and quarters are of the financial year
(Q1 = Apr-Jun ... Q4 = Jan-Mar), so "Q4 2019-20" is January to March 2020.

Kinds: ``year`` (financial year), ``calendar_year``, ``quarter``, ``month``, ``snapshot``
(a count at a date), ``ytd`` (part of a year so far), ``rolling`` (N months to a month) and
``multi_year``. ``partial`` marks anything that is not a whole period of its kind, so it is
never compared with a full year.
"""
from __future__ import annotations

import calendar
import datetime as dt
import numbers
import re
from dataclasses import dataclass

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_name) if m})
MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

KINDS = ("year", "calendar_year", "quarter", "month", "snapshot", "ytd", "rolling", "multi_year")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period.

    Ordering is by (end, start), so sorting a list of periods puts them in time order.
    """

    end: dt.date
    start: dt.date
    kind: str
    label: str
    partial: bool = False
    note: str = ""

    @property
    def key(self) -> tuple:
        """What makes two periods comparable: the same kind and length."""
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        return (self.kind, months)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _full_year(two_or_four: str) -> int:
    """A two-digit year is 2000-2069 or 1970-1999; a four-digit year is itself."""
    y = int(two_or_four)
    if len(two_or_four) == 4:
        return y
    return 2000 + y if y < 70 else 1900 + y


def financial_year(end_year: int, label: str | None = None) -> Period:
    """The financial year ending 31 March ``end_year`` (``financial_year(2020)`` is 2019-20)."""
    lab = label or f"{end_year - 1}-{str(end_year)[2:]}"
    return Period(dt.date(end_year, 3, 31), dt.date(end_year - 1, 4, 1), "year", lab)


def fy_label(end_year: int) -> str:
    return f"{end_year - 1}-{str(end_year)[2:]}"


def quarter(fy_end_year: int, q: int) -> Period:
    """Quarter ``q`` (1-4) of the financial year ending March ``fy_end_year``."""
    start_month = (4, 7, 10, 1)[q - 1]
    year = fy_end_year - 1 if q < 4 else fy_end_year
    start = dt.date(year, start_month, 1)
    end = _month_end(year, start_month + 2)
    return Period(end, start, "quarter", f"Q{q} {fy_label(fy_end_year)}")


def month(year: int, m: int) -> Period:
    return Period(_month_end(year, m), dt.date(year, m, 1), "month", dt.date(year, m, 1).strftime("%b %Y"))


def snapshot(day: dt.date) -> Period:
    return Period(day, day, "snapshot", f"{day.day} {day.strftime('%b %Y')}")


def fy_end_year_of(day: dt.date) -> int:
    """The year in which the financial year containing ``day`` ends."""
    return day.year + 1 if day.month >= 4 else day.year


def quarter_of(day: dt.date) -> Period:
    q = {4: 1, 5: 1, 6: 1, 7: 2, 8: 2, 9: 2, 10: 3, 11: 3, 12: 3, 1: 4, 2: 4, 3: 4}[day.month]
    return quarter(fy_end_year_of(day), q)


# --- parsing -------------------------------------------------------------------------

_FOOT = re.compile(r"\s*(\*+|†+|\[note\s*\d+\]|\[\d+\]|\(p\)|\(r\)|\bprovisional\b|\(provisional\)|\brevised\b|\(revised\))\s*", re.I)
_FY = re.compile(r"^(?:fy\s*|financial year\s*)?((?:19|20)\d{2}|\d{2})\s*[-/–]\s*((?:19|20)?\d{2})$", re.I)
_FY_COMPACT = re.compile(r"^((?:19|20)\d{2})(\d{2})$")
_Q_FIRST = re.compile(r"^(?:q|qtr|quarter)\s*([1-4])\s*(?:of\s*)?(?:fy\s*)?[-–:(]?\s*(.*?)\)?$", re.I)
_Q_LAST = re.compile(r"^(.*?)\s*(?:q|qtr|quarter)\s*([1-4])$", re.I)
_MONTH_YEAR = re.compile(rf"^({_MONTH_RE})[\s\-/']*((?:19|20)?\d{{2}})$", re.I)
_YEAR_MONTH_ISO = re.compile(r"^((?:19|20)\d{2})-(\d{1,2})$")
_DATE_TEXT = re.compile(rf"^(?:(?:as\s+)?at\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\s+((?:19|20)?\d{{2}})$", re.I)
_DATE_NUMERIC = re.compile(r"^(?:(?:as\s+)?at\s+)?(\d{1,2})[/.\-](\d{1,2})[/.\-]((?:19|20)?\d{2})$", re.I)
_DATE_ISO = re.compile(r"^((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[ t]00:00(?::00)?)?$", re.I)
_ROLLING = re.compile(rf"^(?:the\s+)?(?:rolling\s+)?(?:(\d{{1,2}}|twelve|12)\s+months?|year)\s+(?:to|ending|ended|up\s+to)\s+"
                      rf"(?:end\s+(?:of\s+)?)?(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?({_MONTH_RE})[\s\-/']*((?:19|20)?\d{{2}})$", re.I)
#: "year ending 31/03/2024", "12 months to 31.03.2024"
_ROLLING_NUMERIC = re.compile(r"^(?:the\s+)?(?:rolling\s+)?(?:(\d{1,2}|twelve|12)\s+months?|year)\s+(?:to|ending|ended|up\s+to)\s+"
                              r"(\d{1,2})[/.\-](\d{1,2})[/.\-]((?:19|20)?\d{2})$", re.I)
_YTD_SUFFIX = re.compile(r"^(.*?)\s*(?:\(?\s*(?:ytd|year to date)\s*\)?|\((q[1-4](?:\s*\+\s*q[1-4])*)\))$", re.I)
_YTD_PREFIX = re.compile(r"^(?:ytd|year to date)\s+(.*)$", re.I)
_MULTI = re.compile(r"^((?:19|20)\d{2})\s*[-–]\s*((?:19|20)?\d{2})$")
_YEAR_ONLY = re.compile(r"^((?:19|20)\d{2})$")
_CAL_YEAR = re.compile(r"^(?:calendar\s+year|cy)\s*((?:19|20)\d{2})$", re.I)
_WORDS_NUM = {"twelve": 12}


def _clean(text: str) -> tuple[str, str]:
    notes = [m.group(1) for m in _FOOT.finditer(text)]
    s = _FOOT.sub(" ", text)
    s = " ".join(s.replace("\u00a0", " ").split()).strip(" ,:")
    return s, " ".join(n for n in notes if n).strip()


def _fy_from_parts(a: str, b: str) -> int | None:
    """End year of a financial year written as a-b ("2019-20", "19/20", "2019/2020")."""
    start = _full_year(a)
    end = _full_year(b) if len(b) == 4 else (start // 100) * 100 + int(b)
    if len(b) == 2 and end < start:
        end += 100
    return end if end == start + 1 else None


def parse_period(value: object, *, context: Period | None = None, bare_year: str = "financial") -> Period | None:
    """Parse a header cell into a :class:`Period`, or return None if it is not one.

    Parameters
    ----------
    value : str, date, datetime, int or float
        The cell as read. Dates in header cells are snapshots, except the 1st of a month,
        which Excel month headers ("Mar-20") are stored as.
    context : Period, optional
        The year a bare "Q1" or "Apr" sits under (a merged year header above it).
    bare_year : {"financial", "calendar"}
        How to read a lone "2020": ``financial`` (the open-data convention: year ending
        31 March 2020) or ``calendar``.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value.day == 1:
            return month(value.year, value.month)
        return snapshot(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        if float(value) != float(value):
            return None
        if float(value).is_integer() and 1990 <= int(value) <= 2100:
            return _bare_year(int(value), str(int(value)), bare_year)
        if 190001 <= value <= 210099 and float(value).is_integer():
            return parse_period(str(int(value)), context=context, bare_year=bare_year)
        return None
    raw = str(value)
    text, note = _clean(raw)
    if not text or len(text) > 60:
        return None
    p = _parse_text(text, context, bare_year)
    if p is None:
        return None
    label = " ".join(raw.split())
    return Period(p.end, p.start, p.kind, label, p.partial, note)


def _bare_year(y: int, label: str, bare_year: str) -> Period:
    if bare_year == "calendar":
        return Period(dt.date(y, 12, 31), dt.date(y, 1, 1), "calendar_year", label)
    return financial_year(y, label)


def _parse_text(text: str, context: Period | None, bare_year: str) -> Period | None:
    t = text.strip()
    low = t.lower()

    m = _YTD_PREFIX.match(t)
    if m:
        base = _parse_text(m.group(1), context, bare_year)
        return _ytd(base) if base else None
    m = _YTD_SUFFIX.match(t)
    if m and m.group(1):
        base = _parse_text(m.group(1), context, bare_year)
        if base and base.kind == "year":
            qs = m.group(2)
            if qs:
                last_q = max(int(q) for q in re.findall(r"[1-4]", qs))
                if last_q == 4:
                    return base
                end = quarter(base.end.year, last_q).end
                return Period(end, base.start, "ytd", t, True)
            return _ytd(base)

    m = _FY.match(t)
    if m:
        end_year = _fy_from_parts(m.group(1), m.group(2))
        if end_year:
            return financial_year(end_year)
    m = _MULTI.match(t)
    if m:
        a = int(m.group(1))
        b = _full_year(m.group(2)) if len(m.group(2)) == 4 else (a // 100) * 100 + int(m.group(2))
        if a + 1 < b <= a + 10:
            return Period(dt.date(b, 12, 31), dt.date(a, 1, 1), "multi_year", t)
    m = _FY_COMPACT.match(t)
    if m and int(m.group(2)) == (int(m.group(1)) + 1) % 100:
        return financial_year(int(m.group(1)) + 1)
    m = _YEAR_ONLY.match(t)
    if m:
        return _bare_year(int(m.group(1)), t, bare_year)
    m = _CAL_YEAR.match(t)
    if m:
        return _bare_year(int(m.group(1)), t, "calendar")

    m = _Q_FIRST.match(t) or _Q_LAST.match(t)
    if m:
        if _Q_FIRST.match(t):
            q, rest = int(m.group(1)), m.group(2).strip()
        else:
            rest, q = m.group(1).strip(), int(m.group(2))
        if rest:
            year = _parse_text(rest, None, bare_year)
            if year is not None and year.kind == "month" and _Q_FIRST.match(t):
                # "Quarter 1 - June 2018": a monthly figure reported at the quarter it ends or
                # falls in; the month is what it measures, when the two agree
                fy_q = quarter(fy_end_year_of(year.end), q)
                return year if fy_q.start <= year.end <= fy_q.end else None
            if year is None or year.kind not in ("year", "calendar_year"):
                return None
            fy_end = year.end.year
            if year.kind == "calendar_year":
                # "Q1 2020" with a calendar year: the quarter of the financial year
                # that holds the calendar quarter is ambiguous; read as the FY quarter of that FY end.
                fy_end = year.end.year + (0 if q == 4 else 1)
            return quarter(fy_end, q)
        if context is not None and context.kind in ("year", "ytd"):
            return quarter(context.end.year, q)
        return None

    m = _ROLLING.match(t) or _ROLLING_NUMERIC.match(t)
    if m:
        n = m.group(1)
        months = 12 if n is None else _WORDS_NUM.get(n.lower(), None) or int(n)
        if m.re is _ROLLING:
            day, end_month = m.group(2), MONTHS[m.group(3).lower()]
        else:
            day, end_month = m.group(2), int(m.group(3))
            if not 1 <= end_month <= 12:
                return None
        end_year = _full_year(m.group(4))
        end = _month_end(end_year, end_month)
        if day is not None and int(day) != end.day:
            return None   # "year to 25 June": not a run of whole months; its date is read on its own
        start_m = end_month - months + 1
        start_y = end_year
        while start_m <= 0:
            start_m += 12
            start_y -= 1
        if months == 12 and end_month == 3:
            # the twelve months to 31 March are the financial year, comparable with the national figures
            fy = financial_year(end_year)
            return Period(fy.end, fy.start, fy.kind, t, False)
        return Period(end, dt.date(start_y, start_m, 1), "rolling", t, months != 12)

    m = _DATE_TEXT.match(t)
    if m:
        return _safe_snapshot(_full_year(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    m = _DATE_NUMERIC.match(t)
    if m:  # UK order: day/month/year
        return _safe_snapshot(_full_year(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = _DATE_ISO.match(t)
    if m:
        day = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if day is None:
            return None
        return month(day.year, day.month) if day.day == 1 and ":" not in t else snapshot(day)
    m = _MONTH_YEAR.match(t)
    if m:
        return month(_full_year(m.group(2)), MONTHS[m.group(1).lower()])
    m = _YEAR_MONTH_ISO.match(t)
    if m and 1 <= int(m.group(2)) <= 12:
        return month(int(m.group(1)), int(m.group(2)))
    if low in MONTHS and context is not None and context.kind == "year":
        mo = MONTHS[low]
        return month(context.start.year if mo >= 4 else context.end.year, mo)
    return _date_range(t, bare_year)


_RANGE_SEPARATORS = re.compile(r"\s+(?:to|until|till)\s+|\s*[–—]\s*|\s+-\s+|(?<=[a-z])-(?=[a-z])", re.I)
_MONTH_ONLY = re.compile(rf"^(\d{{1,2}}(?:st|nd|rd|th)?\s+)?({_MONTH_RE})$", re.I)
_YEAR_TAIL = re.compile(r"((?:19|20)\d{2}|'?\d{2})$")


def _date_range(text: str, bare_year: str = "financial") -> Period | None:
    """A range of dates or months ("1 April 2016 – 31 March 2017", "Apr 2016 - Mar 2017",
    "April to September 2020", "Apr-Sep 2020"), read as the period it covers."""
    for m in _RANGE_SEPARATORS.finditer(text):
        left, right = text[:m.start()].strip(), text[m.end():].strip()
        if not left or not right:
            continue
        end = _parse_text(right, None, bare_year)
        if end is None or end.kind not in ("month", "snapshot"):
            continue
        start = _parse_text(left, None, bare_year)
        if start is None:
            lm = _MONTH_ONLY.match(left)
            if not lm:
                continue
            # "April to September 2020": the left side takes the year of the right one.
            start = _parse_text(f"{left} {end.end.year}", None, bare_year)
            if start is not None and start.start > end.end:
                start = _parse_text(f"{left} {end.end.year - 1}", None, bare_year)
        if start is None or start.kind not in ("month", "snapshot") or start.start > end.end:
            continue
        return _span(start.start, end.end, text)
    return None


def _span(first: dt.date, last: dt.date, label: str) -> Period:
    """The period from ``first`` to ``last``, named by its shape (a year, a quarter, a month, a
    year so far, or N months to a month)."""
    whole_months = first.day == 1 and last == _month_end(last.year, last.month)
    if not whole_months:
        return Period(last, first, "rolling", label, True)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months == 12 and first.month == 4:
        return Period(last, first, "year", label)
    if months == 12 and first.month == 1:
        return Period(last, first, "calendar_year", label)
    if months == 3 and first.month in (1, 4, 7, 10):
        return Period(last, first, "quarter", label)
    if months == 1:
        return Period(last, first, "month", label)
    if first.month == 4 and months < 12:
        return Period(last, first, "ytd", label, True)
    return Period(last, first, "rolling", label, months != 12)


def months_to(p: Period, n: int) -> Period:
    """The ``n`` months to the end of the month ``p`` ends in ("R12M" at Oct-20)."""
    end = _month_end(p.end.year, p.end.month)
    m = p.end.month - n + 1
    y = p.end.year
    while m <= 0:
        m += 12
        y -= 1
    q = _span(dt.date(y, m, 1), end, p.label)
    return Period(q.end, q.start, "rolling", p.label, n != 12, p.note)


def year_to_date(p: Period) -> Period:
    """From 1 April of the financial year ``p`` ends in, to the end of ``p``."""
    start = dt.date(fy_end_year_of(p.end) - 1, 4, 1)
    return _span(start, p.end, p.label)


def mid_year(p: Period) -> Period:
    """April to September of the financial year ``p`` falls in."""
    fy_end = fy_end_year_of(p.start)
    return Period(dt.date(fy_end - 1, 9, 30), dt.date(fy_end - 1, 4, 1), "ytd", p.label, True)


def year_end(p: Period) -> Period:
    """The whole financial year ``p`` falls in."""
    fy = financial_year(fy_end_year_of(p.start))
    return Period(fy.end, fy.start, fy.kind, p.label, False, p.note)


_DAY_OF_YEAR = re.compile(rf"\b(?:on|at|as at|as of)\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\b(?!\s*,?\s*(?:19|20)\d{{2}}\b(?!\s*[-–]))",
                          re.I)


def day_of_year_in(text: object) -> tuple[int, int] | None:
    """The day and month a title counts at without a year of its own ("… by sex and age on 31
    July, 2013-2023"), as (month, day), or None."""
    m = _DAY_OF_YEAR.search(text) if isinstance(text, str) else None
    if m is None:
        return None
    return MONTHS[m.group(2).lower()], int(m.group(1))


def on_day_of_year(p: Period, month_day: tuple[int, int]) -> Period:
    """A bare year under a title that counts at a day of the year other than 31 March (the
    financial year's end, which a bare year already means): the count at that day of that year."""
    month_, day = month_day
    if p.kind != "year" or not re.fullmatch(r"(?:19|20)\d{2}", p.label.strip()) or (month_, day) == (3, 31):
        return p
    d = _safe_date(int(p.label), month_, day)
    return p if d is None else Period(d, d, "snapshot", p.label, False, p.note)


def at_end(p: Period) -> Period:
    """The count at the last day of ``p`` ("as at March 2020" is 31 March 2020)."""
    return Period(p.end, p.end, "snapshot", p.label, False, p.note)


def years_before(p: Period, n: int = 1) -> Period:
    """The same period ``n`` years earlier ("same period last year")."""
    def back(day: dt.date) -> dt.date:
        y = day.year - n
        return dt.date(y, day.month, min(day.day, calendar.monthrange(y, day.month)[1]))
    return Period(back(p.end), back(p.start), p.kind, p.label, p.partial, p.note)


#: Words around a period in a header, and what they do to it. Each is matched as whole words.
SHAPE_WORDS = (
    ("relative", re.compile(r"\b(?:same (?:period|time|quarter|month|point) (?:last|previous|prior) year|"
                            r"(?:last|previous|prior) year(?:'s)?(?: same (?:period|time))?|"
                            r"same (?:period|time) in previous year)\b", re.I)),
    ("ytd", re.compile(r"\b(?:ytd|y\.t\.d\.?|(?:financial )?year[ -]to[ -]date|to date|cumulative|so far)\b", re.I)),
    ("mid_year", re.compile(r"\b(?:mid[ -]?year|half[ -]year(?:ly)?|h1)\b", re.I)),
    ("year_end", re.compile(r"\b(?:year[ -]end|end of (?:the )?year|full[ -]year|outturn|out-turn|annual)\b", re.I)),
    ("snapshot", re.compile(r"\b(?:as at|as of|position at|at end of|at the end of|at)\b", re.I)),
)
_NOTE_WORDS = re.compile(r"\(?\b(provisional|prov|revised|forecast|projected|projection|estimated?|draft|unvalidated|"
                         r"validated|interim|final)\b\)?", re.I)


@dataclass(frozen=True)
class PeriodWords:
    """What a header or title says about time.

    ``period`` is the period named in the text with its shape words applied ("Mid-year
    2018-19" is April to September 2018), or None when no period is named; ``shapes`` are the
    shape words found ("ytd", "mid_year", "year_end", "snapshot", "relative"), to apply to a
    period from elsewhere when the text names none; ``note`` keeps words such as "provisional";
    ``rest`` is the text with the period, shape and note words taken out.
    """

    period: Period | None
    shapes: tuple[str, ...] = ()
    note: str = ""
    rest: str = ""


def apply_shapes(p: Period, shapes) -> Period:
    """Apply shape words (see :data:`SHAPE_WORDS`) to a period from elsewhere."""
    for shape in shapes:
        if shape == "relative":
            p = years_before(p)
        elif p.kind == "snapshot":
            continue   # a count at a date stays one ("at Year End" over "31 March 2015")
        elif shape == "ytd" and p.kind != "year":
            p = year_to_date(p)
        elif shape == "mid_year":
            p = mid_year(p)
        elif shape == "year_end":
            p = year_end(p)
        elif shape == "snapshot" and p.kind in ("year", "month", "quarter", "calendar_year"):
            p = at_end(p)
    return p


_MAX_WINDOW = 7


def read_period_words(text: object, *, context: Period | None = None) -> PeriodWords:
    """Find the period in a header or title with words around it.

    "Target 2018-19", "2020/21 Year End", "Outturn 2019/20", "Mid-year 2018-19",
    "1 April 2016 – 31 March 2017", "Safeguarding key figures, 2016/17", "(year to date)".
    The longest run of words that reads as a period wins; the words left over are returned.
    """
    if isinstance(text, (dt.date, dt.datetime, int, float)) and not isinstance(text, bool):
        return PeriodWords(parse_period(text, context=context))
    if not isinstance(text, str):
        return PeriodWords(None, rest="" if text is None else str(text))
    whole = parse_period(text, context=context)
    if whole is not None:
        return PeriodWords(whole)
    cleaned = " ".join(text.replace("\u00a0", " ").split())
    shapes = []
    work = cleaned
    for name, pattern in SHAPE_WORDS:
        if name == "snapshot":
            continue  # "at" is only a shape word right before a date; see below
        if pattern.search(work):
            shapes.append(name)
            work = pattern.sub(" ", work)
    notes = [m.group(1).lower() for m in _NOTE_WORDS.finditer(work)]
    work = _NOTE_WORDS.sub(" ", work)
    tokens = work.replace("(", " ( ").replace(")", " ) ").split()
    best: tuple[int, int, Period] | None = None
    n = len(tokens)
    for size in range(min(_MAX_WINDOW, n), 0, -1):
        for i in range(0, n - size + 1):
            chunk = " ".join(tokens[i:i + size]).strip(" ,;:.")
            if not chunk or not any(ch.isdigit() for ch in chunk) and size > 1 and context is None:
                continue
            p = parse_period(chunk, context=context) if len(chunk) <= 60 else None
            if p is not None:
                best = (i, size, p)
                break
        if best:
            break
    if best is None:
        rest = " ".join(t for t in tokens if t not in "()").strip(" ,;:-–")
        return PeriodWords(None, tuple(shapes), " ".join(notes), rest)
    i, size, p = best
    before = tokens[:i]
    if (before and before[-1].lower() in ("at", "as") and p.kind in ("month", "snapshot")):
        shapes.append("snapshot")   # "as at March 2020"; "Performance at Quarter 3" stays the quarter
        while before and before[-1].lower() in ("at", "as", "of"):
            before = before[:-1]
    left = [t for t in before + tokens[i + size:] if t not in "()"]
    p = apply_shapes(Period(p.end, p.start, p.kind, cleaned, p.partial, " ".join(x for x in (p.note, *notes) if x)),
                     [s for s in shapes if s != "relative"] if p.kind != "year" or shapes != ["year_end"] else [])
    return PeriodWords(p, tuple(shapes), " ".join(notes), " ".join(left).strip(" ,;:-–"))


def _ytd(base: Period) -> Period:
    return Period(base.end, base.start, "ytd", base.label, True)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _safe_snapshot(y: int, m: int, d: int) -> Period | None:
    day = _safe_date(y, m, d)
    return snapshot(day) if day else None


def canonical_label(p: Period) -> str:
    """A label that is the same however the period was written ("2019/20" -> "2019-20")."""
    if p.kind == "year":
        return fy_label(p.end.year)
    if p.kind == "quarter":
        q = {4: 1, 7: 2, 10: 3, 1: 4}[p.start.month]
        return f"Q{q} {fy_label(fy_end_year_of(p.start))}"
    if p.kind == "month":
        return p.start.strftime("%b %Y")
    if p.kind == "snapshot":
        return f"{p.end.day} {p.end.strftime('%b %Y')}"
    if p.kind == "calendar_year":
        return str(p.end.year)
    if p.kind == "rolling":
        months = p.key[1]
        return f"{months} months to {p.end.strftime('%b %Y')}"
    if p.kind == "ytd":
        return f"{fy_label(fy_end_year_of(p.start))} to {p.end.strftime('%b %Y')}"
    if p.kind == "multi_year":
        return f"{p.start.year}-{str(p.end.year)[2:]}"
    return p.label


def previous_comparable(p: Period, candidates) -> Period | None:
    """The latest period among ``candidates`` of the same kind and length that ends before ``p`` starts."""
    best = None
    for c in candidates:
        if c.key == p.key and c.partial == p.partial and c.end < p.start:
            if best is None or c.end > best.end:
                best = c
    return best
