"""Cell values as councils and statisticians write them.

``parse_value`` turns a cell into a number (percentages in points), a flag from the one
vocabulary below, and a note for footnote marks. It never guesses a number from text it
does not understand: such a cell is returned as ``flag="text"``.
"""
from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass

#: Flags, after the Government Analysis Function's shorthand.
FLAGS = {
    "c": "suppressed (small number)",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "k": "rounds to zero",
    "low": "low number (rounds to zero or suppressed)",
    "tbc": "to be confirmed",
    "text": "text where a number was expected",
}

_FLAG_WORDS = {
    "c": "c", "[c]": "c", "supp": "c", "suppressed": "c", "*": "c",
    "x": "x", "[x]": "x", "..": "x", "...": "x", "-": "x", "–": "x", "—": "x", "n/a": "x", "na": "x", "n.a.": "x",
    "not available": "x", "nil": "x", "no data": "x", "#n/a": "x", "#div/0!": "x", "#value!": "x", "#ref!": "x",
    "z": "z", "[z]": "z", "not applicable": "z",
    "u": "u", "[u]": "u",
    "k": "k", "[k]": "k",
    "low": "low", "[low]": "low",
    "tbc": "tbc", "tba": "tbc", "to be confirmed": "tbc", "awaited": "tbc", "pending": "tbc",
    "no target": "z", "no target set": "z", "not set": "z", "none set": "z", "n/a - no target": "z", "not targeted": "z",
    "no data available": "x", "data not available": "x", "not yet available": "tbc", "not due": "z", "not reported": "x",
    "data to be supplied": "tbc", "to follow": "tbc", "due": "tbc",
}
#: Words that make the number after them a bound, and which bound.
_BOUND_WORDS = re.compile(
    r"^(?P<w>fewer than|less than|lower than|below|under|no more than|not more than|at most|up to|maximum of|max\.?|"
    r"more than|greater than|higher than|above|over|at least|no less than|not less than|minimum of|min\.?|"
    r"approx(?:imately|\.)?|around|about|circa|c\.|~)\s*(?P<rest>.+)$", re.I)
_UPPER = ("fewer", "less", "lower", "below", "under", "no more", "not more", "at most", "up to", "maximum", "max")
_LOWER = ("more", "greater", "higher", "above", "over", "at least", "no less", "not less", "minimum", "min")
#: A figure with words after it: "1,580 (381.5 per 10,000, 0-17 population)", "32 = 20.4%", "44 children".
_WITH_WORDS = re.compile(
    r"^(?P<first>[-−]?\d[\d,]*(?:\.\d+)?\s*%?)\s*(?:(?P<open>[\(\[])(?P<inner>[^\)\]]*)[\)\]]?|(?:=|:|-|–)\s*(?P<eq>.+)|"
    r"(?P<words>[a-z][\w ,\-/'\.]*))\s*$", re.I)
#: A percentage with the counts behind it, either way round: "74/82 (90%)", "74 of 82 (90%)",
#: "74 out of 82 = 90%", "90% (74/82)", "90% (74 of 82)".
_COUNTS_THEN_PCT = re.compile(
    r"^(?P<n>\d[\d,]*)\s*(?:/|out of|of)\s*(?P<d>\d[\d,]*)\s*(?:[\(\[]\s*(?P<p>\d+(?:\.\d+)?)\s*%\s*[\)\]]|"
    r"(?:=|:|-|–|,)\s*(?P<p2>\d+(?:\.\d+)?)\s*%)$", re.I)
_PCT_THEN_COUNTS = re.compile(
    r"^(?P<p>\d+(?:\.\d+)?)\s*%\s*[\(\[]\s*(?P<n>\d[\d,]*)\s*(?:/|out of|of)\s*(?P<d>\d[\d,]*)\s*[\)\]]$", re.I)
_WORDS_FIRST = re.compile(r"^(?P<words>[a-z][a-z \-/'\.]{0,40}?)\s*(?:=|:)\s*(?P<rest>[-−]?\d.*)$", re.I)
_SECOND = re.compile(r"(?P<num>[-−]?\d[\d,]*(?:\.\d+)?)\s*(?P<pct>%)?\s*(?P<words>.*)$")
_NUMBER = re.compile(
    r"^(?P<lt>[<>]=?\s*)?(?P<cur>£)?(?P<num>[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d*\.?\d+(?:[eE][-+]?\d+)?)"
    r"\s*(?P<pct>%)?\s*(?P<foot>(?:\*+|†+|‡+|\^+|\[\w+\]|\(\w\)|[a-z])?)\s*$",
    re.I,
)


@dataclass(frozen=True)
class ParsedValue:
    value: float | None
    flag: str | None = None
    note: str = ""
    percent: bool = False  # written or formatted as a percentage
    #: a second figure written beside the first, as (number, words): "1,580 (381.5 per 10,000)"
    #: gives (381.5, "per 10,000"); "20% (950)" gives (950.0, "")
    extra: tuple[float, str] | None = None
    #: "<" or ">" when the words make the number a bound ("Fewer than 85", "More than 90%")
    bound: str = ""


EMPTY = ParsedValue(None)


def is_blank(raw: object) -> bool:
    """None, empty or whitespace-only text, or NaN: a cell with nothing in it.

    Called for every cell when tables are found, so the common cases come first.
    """
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, float):
        return raw != raw
    return not isinstance(raw, int) and isinstance(raw, numbers.Real) and raw != raw


def as_number(value) -> float | None:
    """``value`` as a float, or None when it is missing (None or NaN)."""
    if value is None:
        return None
    value = float(value)
    return None if value != value else value


def parse_value(raw: object, *, percent_format: bool = False) -> ParsedValue:
    """Read one cell.

    Parameters
    ----------
    raw : object
        The cell as a reader gave it (float, int, str, date, bool or None).
    percent_format : bool
        The cell is formatted as a percentage in the workbook, so 0.049 is shown as 4.9%
        and is returned as 4.9.

    Returns
    -------
    ParsedValue
        ``value`` None with ``flag`` None means a blank cell.
    """
    t = type(raw)
    if t is float or t is int:   # the common case, without the slower abstract-number checks
        v = float(raw)
        if v != v:
            return EMPTY
        if v in (math.inf, -math.inf):
            return ParsedValue(None, "x", "infinite value")
        return ParsedValue(round(v * 100, 10), None, "", True) if percent_format else ParsedValue(v)
    if is_blank(raw):
        return EMPTY
    if isinstance(raw, bool):
        return ParsedValue(None, "text", str(raw))
    if isinstance(raw, numbers.Real):
        v = float(raw)
        if math.isinf(v):
            return ParsedValue(None, "x", "infinite value")
        if percent_format:
            return ParsedValue(round(v * 100, 10), None, "", True)
        return ParsedValue(v)
    if not isinstance(raw, str):
        return ParsedValue(None, "text", str(raw))
    text = raw.replace("\u00a0", " ").strip()
    low = text.lower()
    if low in _FLAG_WORDS:
        flag = _FLAG_WORDS[low]
        return ParsedValue(None, flag, "" if low in (flag, f"[{flag}]") else text)
    m = _NUMBER.match(text)
    if m:
        num = float(m.group("num").replace(",", "").replace("−", "-"))
        foot = m.group("foot") or ""
        if foot and foot.lower() in ("c", "x", "z", "u", "k"):
            return ParsedValue(num, foot.lower() if foot.lower() == "u" else None, foot)
        if m.group("lt"):
            if num <= SMALL_NUMBER and not m.group("pct") and m.group("lt").strip().startswith("<"):
                # "<5" is a suppressed small number, not the number 5.
                return ParsedValue(None, "c", text)
            return ParsedValue(num, None, text, bool(m.group("pct")), bound=m.group("lt").strip()[0])
        return ParsedValue(num, None, foot, bool(m.group("pct")))
    return _in_words(text)


#: "<5" and "fewer than 6" in a count are the suppression of a small number, not a figure.
SMALL_NUMBER = 5


def _in_words(text: str) -> ParsedValue:
    """A figure written with words: "Fewer than 85", "Less than 22%", "1,580 (381.5 per 10,000)".

    The first number is the value and the words go in the note; a second number beside it
    is kept in ``extra`` so the caller can place it (a rate, a count) where it belongs.
    """
    fm = _COUNTS_THEN_PCT.match(text) or _PCT_THEN_COUNTS.match(text)
    if fm:
        # the counts ride along as the second figure "numerator /denominator", which the
        # importer gives the percentage (or keeps in the note where the row is no percentage)
        pct = float(fm.group("p") or fm.group("p2"))
        num, den = (float(fm.group(k).replace(",", "")) for k in ("n", "d"))
        return ParsedValue(pct, None, text, True, (num, f"/{den:g}"))
    bm = _BOUND_WORDS.match(text)
    if bm:
        inner = parse_value(bm.group("rest"))
        if inner.value is not None:
            w = bm.group("w").lower()
            bound = "<" if w.startswith(_UPPER) else ">" if w.startswith(_LOWER) else ""
            if bound == "<" and inner.value <= SMALL_NUMBER and not inner.percent and inner.extra is None:
                # "Fewer than 5", like "<5": a small number suppressed, not the number 5
                return ParsedValue(None, "c", text)
            return ParsedValue(inner.value, None, text, inner.percent, inner.extra, bound)
        return ParsedValue(None, "text", text)
    m = _WORDS_FIRST.match(text)
    if m:
        # "Total = 71", "Year to date: 44"
        inner = parse_value(m.group("rest"))
        if inner.value is not None:
            return ParsedValue(inner.value, None, text, inner.percent, inner.extra, inner.bound)
    m = _WITH_WORDS.match(text)
    if not m:
        return ParsedValue(None, "text", text)
    first = parse_value(m.group("first"))
    if first.value is None:
        return ParsedValue(None, "text", text)
    second_text = m.group("inner") if m.group("open") else m.group("eq")
    extra = None
    if second_text:
        sm = _SECOND.match(second_text.strip())
        if sm:
            num = float(sm.group("num").replace(",", "").replace("−", "-"))
            words = ("%" + (" " if sm.group("words") else "") if sm.group("pct") else "") + sm.group("words").strip(" ,;")
            extra = (num, words.strip())
    return ParsedValue(first.value, None, text, first.percent, extra)
