"""The words of the domain, loaded from ``resources/catalogue/vocabulary.json``.

Every phrase is folded the way labels are (:func:`fold`), so the file can be written in
plain English ("initial child protection conferences") and still match "ICPCs",
"Initial Child Protection Conference(s)" or "initial child-protection conference".
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cpdesk.resources import resource

#: Facets whose concepts are understood but never rule an indicator out on their own.
MINOR_FACETS = frozenset({"population"})

_NUMBERING = re.compile(r"^\s*(?:(?:table|figure|chart|indicator|kpi|ref|measure)\s*\d+[a-z]?\s*[:.\-–—]*\s*"
                        r"|\(?\d+(?:\.\d+)*[a-z]?(?:\([a-z]\))?(?:[\.\):]\s*|\s+(?!(?:years?|yrs?|months?|days?|weeks?|working|or|and|to"
                        r"|plus|per|\+|-|%)(?:\W|$)))|\(?[a-z][\.\)]\s+)", re.I)
#: a reference like "CH03" or "OP504" in front of a label (upper case, so "s47 enquiries" is not one)
_REF_CODE = re.compile(r"^[A-Z]{2,4}\d{2,4}[a-z]?\s*[:.\-–—]?\s+(?=\S)")
_FOOTNOTE = re.compile(r"(?:\s*(?:\*+|†+|‡+|\^+|\[(?:note\s*)?\d+\]|\(\d\)|\[[a-z]\]))+\s*$", re.I)
_S47 = re.compile(r"\bs\s*\.?\s*47(?:s\b|\b)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_PREFIX = re.compile(r"\b(re|de|pre|co|sub)\s*-\s*(?=[a-z])")
_PUNCT = re.compile(r"[^\w%#+\s]")
_SPACES = re.compile(r"\s+")
_GLUED = re.compile(r"\b(\d+)(year|yr|month|mth|mnth|day|week|wk)")


#: Short forms of units of time ("2yrs+", "24 mths", "6 wks").
_TIME_UNITS = {"yr": "year", "yrs": "year", "mth": "month", "mths": "month", "mnth": "month", "mnths": "month",
               "mo": "month", "mos": "month", "wk": "week", "wks": "week"}


def _stem(token: str) -> str:
    """Plurals only ("conferences" -> "conference", "enquiries" -> "enquiry"); "children" -> "child";
    short units of time ("yrs" -> "year")."""
    if token == "children":
        return "child"
    if token in _TIME_UNITS:
        return _TIME_UNITS[token]
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    if len(token) > 1 and token[-1] == "s" and token[:-1].isdigit():   # "section 47s"
        return token[:-1]
    return token


@lru_cache(maxsize=8)
def _number_pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=8)
def _one_pattern(units: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\bone (?=(?:" + "|".join(map(re.escape, units)) + r"))")


def fold(text: str, number_words: dict[str, str] | None = None, one_before: tuple[str, ...] = (),
         numbering: bool = True) -> list[str]:
    """A text as the list of folded tokens phrases are matched against.

    Numbering ("2.", "Table 5 –", "CH03"), footnote marks, case, punctuation, hyphenated
    prefixes ("re-referral" -> "rereferral"), "s.47" and thousands separators are folded;
    number words become digits ("ten working days" -> "10 working day").
    """
    s = str(text).replace("\u00a0", " ").replace("’", "'").replace("–", "-").replace("—", "-")
    s = " ".join(s.split())
    s = _FOOTNOTE.sub("", s)
    for _ in range(2 if numbering else 0):
        s2 = _REF_CODE.sub("", _NUMBERING.sub("", s, count=1), count=1)
        if s2 == s:
            break
        s = s2
    s = s.lower().replace("&", " and ")
    if "47" in s:
        s = _S47.sub(" s47 ", s)
    if "," in s:
        s = _THOUSANDS.sub("", s)
    if "-" in s:
        s = _PREFIX.sub(r"\1", s)
    s = s.replace("%", " % ").replace("+", " + ").replace("#", " # ").replace("_", " ")
    s = _PUNCT.sub(" ", s)
    s = _SPACES.sub(" ", s).strip()
    if number_words:
        pattern = _number_pattern(tuple(number_words))
        s = pattern.sub(lambda m: number_words[m.group(0)], s)
        if one_before and "one " in s:
            s = _one_pattern(tuple(one_before)).sub("1 ", s)
    # "2years", "15days": a number glued to its unit
    if any(ch.isdigit() for ch in s):
        s = _GLUED.sub(r"\1 \2", s)
    tokens = [_stem(t) for t in s.split()]
    # "24 months" is "2 years" ("plans closed 24 months+", "within 24 months"); a band in whole
    # years of months is that band in years ("12-24 months" -> "1 2 year")
    for i in range(len(tokens) - 1):
        if tokens[i] == "24" and tokens[i + 1] == "month":
            if i and tokens[i - 1] == "12":
                tokens[i - 1] = "1"
            tokens[i], tokens[i + 1] = "2", "year"
    return tokens


@dataclass(frozen=True)
class Entry:
    """What one phrase says: concepts (with strength), a measure, or only minor words."""

    concepts: tuple[tuple[str, str], ...] = ()   # (concept, "strong" | "weak")
    measure: str | None = None
    minor: bool = False


@dataclass
class Vocabulary:
    concepts: dict[str, dict]                    # concept -> {"facet", "name"}
    measures: dict[str, str]                     # measure -> display name
    phrases: dict[tuple[str, ...], Entry]        # folded phrase -> entry
    by_first: dict[str, list[tuple[str, ...]]]   # first token -> phrases starting with it, longest first
    known_tokens: frozenset[str]
    number_words: dict[str, str]
    one_before: tuple[str, ...]
    patterns: list = field(default_factory=list)

    def facet(self, concept: str) -> str:
        info = self.concepts.get(concept)
        if info:
            return info["facet"]
        return "timeframe" if concept.startswith(("within_", "days_")) else "other"

    def kind_of(self, concept: str) -> str | None:
        """The general concept ``concept`` is a kind of ("review" -> "conference"), or None."""
        info = self.concepts.get(concept)
        return info.get("kind_of") if info else None

    def name(self, concept: str) -> str:
        info = self.concepts.get(concept)
        if info:
            return info["name"]
        if concept.startswith("within_") and concept.endswith("_days"):
            return f"within {concept[7:-5]} days"
        if concept.startswith("days_"):
            parts = concept[5:].split("_")
            return f"{parts[0]}+ days" if parts[-1] == "plus" else f"{parts[0]}-{parts[1]} days"
        return concept.replace("_", " ")

    def fold(self, text: str) -> list[str]:
        return fold(text, self.number_words, self.one_before)


def _add(phrases: dict, key: tuple[str, ...], entry: Entry, where: str) -> None:
    if not key:
        return
    old = phrases.get(key)
    if old is not None and old != entry:
        raise ValueError(f"vocabulary: the phrase {' '.join(key)!r} means two things ({where})")
    phrases[key] = entry


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """Read and check the vocabulary file (a phrase that means two things is an error)."""
    data = json.loads((path or resource("catalogue") / "vocabulary.json").read_text(encoding="utf-8"))
    number_words = data.get("number_words", {})
    one_before = tuple(data.get("one_before", ()))

    def f(text: str) -> tuple[str, ...]:
        return tuple(fold(text, number_words, one_before, numbering=False))

    phrases: dict[tuple[str, ...], Entry] = {}
    concepts = {}
    for cid, info in data["concepts"].items():
        concepts[cid] = {"facet": info["facet"], "name": info["name"]}
        if "kind_of" in info:
            concepts[cid]["kind_of"] = info["kind_of"]
        for p in info.get("phrases", ()):
            _add(phrases, f(p), Entry(((cid, "strong"),)), cid)
        for p in info.get("weak", ()):
            _add(phrases, f(p), Entry(((cid, "weak"),)), cid)
    for p, parts in data.get("compounds", {}).items():
        cs = tuple((c.rstrip("?"), "weak" if c.endswith("?") else "strong") for c in parts)
        for c, _ in cs:
            if c not in concepts:
                raise ValueError(f"vocabulary: compound {p!r} names an unknown concept {c!r}")
        _add(phrases, f(p), Entry(cs), "compounds")
    measures = {}
    for mid, info in data["measures"].items():
        measures[mid] = info["name"]
        for p in info["phrases"]:
            _add(phrases, f(p), Entry(measure=mid), mid)
    for p in data.get("population", ()) + data.get("minor", ()):
        key = f(p)
        if key and key not in phrases:
            phrases[key] = Entry(minor=True)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in phrases:
        by_first.setdefault(key[0], []).append(key)
    for lst in by_first.values():
        lst.sort(key=len, reverse=True)
    known = frozenset(t for key in phrases for t in key)
    patterns = [(re.compile(p["regex"]), p["concept"]) for p in data.get("patterns", ())]
    return Vocabulary(concepts, measures, phrases, by_first, known, number_words, one_before, patterns)


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return load_vocabulary()


__all__ = ["Entry", "MINOR_FACETS", "Vocabulary", "default_vocabulary", "fold", "load_vocabulary"]
