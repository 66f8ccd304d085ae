"""Breakdowns of an indicator that are not places: category of abuse, age, gender, ethnicity.

A table "Children on a CP plan by category" with rows Neglect / Emotional abuse / ... / Total
holds parts of one indicator, not areas: each part is kept as a local breakdown indicator
("Children on a CP plan — Neglect") and the total row is the indicator itself for the
authority. What counts as a breakdown is data (``resources/breakdowns.json``): the values,
the headers that announce them ("Category of abuse", "Age group"), the title words ("by
category", "by age") and the words for a total.

What makes a label a *place* is decided elsewhere (:mod:`cpdesk.areas`): a known authority,
region or comparator, a header such as District / Locality / Area / Team, or "by district"
in the title. A label that is neither stays an indicator of its own.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

from cpdesk.resources import resource


def _norm(text: object) -> str:
    s = str(text).lower().replace("&", " and ").replace("’", "'")
    s = re.sub(r"[^a-z0-9+ ]+", " ", s)
    return " ".join(s.split())


@lru_cache(maxsize=1)
def _data() -> dict:
    raw = json.loads(resource("breakdowns.json").read_text(encoding="utf-8"))
    values: dict[str, str] = {}
    headers: dict[str, str] = {}
    weak_headers: dict[str, str] = {}
    patterns: list[tuple[re.Pattern, str]] = []
    for dim, info in raw["dimensions"].items():
        for v in info.get("values", ()):
            values[_norm(v)] = dim
        for h in info.get("headers", ()):
            headers[_norm(h)] = dim
        for h in info.get("weak_headers", ()):
            weak_headers[_norm(h)] = dim
        for p in info.get("patterns", ()):
            patterns.append((re.compile(p), dim))
    return {"values": values, "headers": headers, "weak_headers": weak_headers, "patterns": patterns,
            "unknowns": frozenset(_norm(x) for x in raw.get("unknowns", ())),
            "totals": frozenset(_norm(x) for x in raw.get("totals", ())),
            "title": re.compile(raw["title"], re.I),
            "names": {dim: info["name"] for dim, info in raw["dimensions"].items()}}


@lru_cache(maxsize=4096)
def breakdown_of(label: object) -> str | None:
    """The dimension a label is a value of ("Neglect" -> "category", "10-15" -> "age"), or None.

    Words that could be a value of any dimension ("Unknown", "Other") are not counted here:
    see :func:`is_unknown`.
    """
    if not isinstance(label, str) or len(label) > 60:
        return None
    n = _norm(label)
    if not n:
        return None
    data = _data()
    dim = data["values"].get(n)
    if dim is not None:
        return dim
    if any(ch.isdigit() for ch in n):
        # age bands keep their dash ("10-15", "16+"); "1.1" is numbering, not an age
        banded = " ".join(label.lower().replace("–", "-").replace("—", "-").split())
        for pattern, dim in data["patterns"]:
            if pattern.match(banded):
                return dim
    return None


def is_unknown(label: object) -> bool:
    """"Unknown", "Other", "Not recorded": a value of whatever breakdown stands around it."""
    return isinstance(label, str) and _norm(label) in _data()["unknowns"]


def is_total(label: object) -> bool:
    """"Total", "All children": the row or column that is the indicator itself."""
    return isinstance(label, str) and _norm(label) in _data()["totals"]


def header_dimension(text: object, *, weak: bool = True) -> str | None:
    """The breakdown a header announces ("Category of abuse", "Age group"); with ``weak`` also
    the generic ones ("Category", "Type") that need a known value below them to count."""
    if not isinstance(text, str):
        return None
    n = _norm(text)
    data = _data()
    return data["headers"].get(n) or (data["weak_headers"].get(n) if weak else None)


def is_strong_header(text: object) -> bool:
    return header_dimension(text, weak=False) is not None


def title_dimension(text: object) -> bool:
    """Whether a title breaks its figures down ("... by category of abuse", "by age group")."""
    return isinstance(text, str) and bool(_data()["title"].search(text))


def breakdown_label(whole: str | None, part: str) -> str:
    """The label of one part of an indicator: "Children on a CP plan — Neglect" (the whole's
    "by category" left off), or the part alone when nothing names the whole."""
    base = _data()["title"].split(whole or "", maxsplit=1)[0] if whole else ""
    base = " ".join(base.split()).strip(" ,;:-–—")
    return f"{base} — {part.strip()}" if base else part.strip()


def dimension_name(dim: str) -> str:
    return _data()["names"].get(dim, dim)


__all__ = ["breakdown_label", "breakdown_of", "dimension_name", "header_dimension", "is_strong_header", "is_total", "is_unknown",
           "title_dimension"]
