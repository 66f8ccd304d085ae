"""What an area label is: the local authority, a comparator, a target, a district.

Roles: ``la`` (the local authority), ``england``, ``neighbours`` (statistical neighbours,
"family", comparator group), ``region``, ``target``, ``district`` and ``other``.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

from cpdesk.resources import resource
from cpdesk.vocabulary import AREA_ROLES as ROLES  # noqa: F401 - the one list of area roles


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    return json.loads(resource("areas.json").read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    s = str(text).lower().replace("&", " and ")
    s = re.sub(r"[\*†\[\]\(\)]", " ", s)
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    return " ".join(s.split())


@lru_cache(maxsize=4096)
def classify_area(label: object) -> str | None:
    """Return the role of an area label, or None if it does not look like an area.

    Known local authority names (all English LAs) are ``la``; the role words are in
    ``resources/areas.json``.
    """
    if label is None:
        return None
    n = _norm(label)
    if not n:
        return None
    vocab = _vocabulary()
    for role in ("england", "neighbours", "region", "target", "la"):
        if n in vocab["roles"][role]:
            return role
    for role, patterns in vocab["patterns"].items():
        if any(re.search(p, n) for p in patterns):
            return role
    if n in la_names():
        return "la"
    return None


@lru_cache(maxsize=1)
def la_names() -> frozenset[str]:
    """Normalised names of English local authorities (from the built-in benchmark list if present)."""
    names = set(_norm(x) for x in _vocabulary().get("local_authorities", []))
    try:
        path = resource("benchmarks", "local_authorities.csv")
        if path.exists():
            import csv
            with path.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    names.add(_norm(row.get("la_name", "")))
    except OSError:
        pass
    names.discard("")
    return frozenset(names)


def find_la_name(texts) -> str | None:
    """The first known LA name mentioned in any of ``texts`` (titles, sheet names, file name)."""
    names = la_names()
    anywhere = _any_la_name()
    for text in texts:
        n = _norm(text)
        if not n:
            continue
        if n in names:
            return str(text).strip()
        if not anywhere.search(n):        # one search for every name; most texts name none
            continue
        for name in sorted(names, key=len, reverse=True):
            if len(name) > 3 and re.search(rf"\b{re.escape(name)}\b", n):
                return name.title()
    return None


@lru_cache(maxsize=1)
def _any_la_name() -> re.Pattern:
    """Any LA name longer than three letters, as a whole word."""
    words = sorted((n for n in la_names() if len(n) > 3), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b") if words else re.compile(r"(?!)")
