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
}
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
            # "<5" is a suppressed small number, not the number 5.
            return ParsedValue(None, "c", text)
        return ParsedValue(num, None, foot, bool(m.group("pct")))
    return ParsedValue(None, "text", text)
