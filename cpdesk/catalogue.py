"""The indicator catalogue: what each indicator is, its polarity, and what it means.

The catalogue itself is data (``resources/catalogue/*.json``): each indicator says what it
means as concepts (``meaning``), with official codes; the words councils use for those
concepts are data too (``vocabulary.json``). :meth:`Catalogue.recognise` reads a label as
written ("No. CPP started", "2. Child protection plans lasting 2 years or more (NI 64)"),
with its context and the evidence of its values, and says which indicator it means
(:mod:`cpdesk.recognition`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from cpdesk.resources import resource

POLARITIES = ("higher", "lower", "none")
UNITS = ("percent", "rate", "count", "months", "number", "score")


@dataclass(frozen=True)
class Indicator:
    """One indicator. ``polarity`` is ``higher``, ``lower`` or ``none`` (no judgement)."""

    id: str
    name: str
    group: str
    polarity: str
    unit: str
    decimals: int = 1
    definition: str = ""
    aliases: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    numerator: str | None = None
    denominator: str | None = None
    tolerance_pct: float = 5.0
    target_tolerance_pct: float = 10.0
    local: bool = False
    meaning: object = None  # cpdesk.recognition.Meaning: the concepts it is about (None: matched by code only)

    @property
    def judged(self) -> bool:
        return self.polarity in ("higher", "lower")


@dataclass(frozen=True)
class LabelMatch:
    indicator_id: str
    score: float
    how: str  # "meaning" (the recogniser)


_NUMBERING = re.compile(r"^\s*(?:\(?\d+(?:\.\d+)*[a-z]?[\.\):]?|\(?[a-z][\.\)])\s+", re.I)
_FOOTNOTE = re.compile(r"(?:\s*(?:\*+|†+|‡+|\[(?:note\s*)?\d+\]|\(\d\)|\[[a-z]\]))+\s*$", re.I)
_SUBSTITUTIONS = [
    (r"\bchild protection plans?\b", "cpp"),
    (r"\bcpps\b", "cpp"),
    (r"\bcp plans?\b", "cpp"),
    (r"\bplans?\b", "cpp"),
    (r"\binitial child protection conferences?\b", "icpc"),
    (r"\binitial (?:cp )?conferences?\b", "icpc"),
    (r"\bicpcs\b", "icpc"),
    (r"\bsection 47s?\b", "s47"),
    (r"\bs\.?\s?47s?\b", "s47"),
    (r"\bpercentage\b|\bpercent\b|\bproportion\b|%", " % "),
    (r"\bnumber of\b|\bno\.?\s*of\b|\bno\.|\bnumber\b|#", " number "),
    (r"\b10,000\b|\b10000\b|\b10k\b", "10000"),
    (r"&", " and "),
    (r"\byrs?\b|\byears\b", "year"),
    (r"\btwo\b", "2"),
    (r"\bwds?\b|\bworking days?\b", "workingday"),
    (r"\bre-", "re"),
]
_SUBSTITUTIONS = [(re.compile(p), r) for p, r in _SUBSTITUTIONS]


def normalise_label(text: str) -> str:
    """Reduce a label to a canonical form for matching.

    Numbering ("2.", "3a)"), footnote marks ("**", "[note 3]"), case, punctuation and the
    usual abbreviations ("CPP", "No.", "%") are folded, so "2. No. of CPPs started*" and
    "number of cpp started" compare equal.
    """
    s = str(text).strip().lower()
    s = _FOOTNOTE.sub("", s)
    s = _NUMBERING.sub("", s)
    s = s.replace("_", " ")
    for pattern, repl in _SUBSTITUTIONS:
        s = pattern.sub(repl, s)
    s = re.sub(r"[^\w%\s]", " ", s)
    return " ".join(_stem(t) for t in s.split())


def _stem(token: str) -> str:
    # Plurals only: "timescales" -> "timescale", "enquiries" -> "enquiry".
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def label_kind(norm: str) -> str | None:
    """Guess what a normalised label measures: ``percent``, ``count``, ``rate`` or None."""
    toks = norm.split()
    if "%" in toks:
        return "percent"
    if "10000" in toks or "rate" in toks:
        return "rate"
    if toks and toks[0] == "number":
        return "count"
    return None


class Catalogue:
    """The indicators known to cpdesk, in display order, with label recognition."""

    def __init__(self, indicators: list[Indicator], groups: list[tuple[str, str]]):
        self._by_id = {i.id: i for i in indicators}
        self.groups = list(groups)
        self._recogniser = None
        self._match_cache: dict[str, LabelMatch | None] = {}

    # -- access -------------------------------------------------------------
    def __iter__(self):
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    def get(self, indicator_id: str) -> Indicator | None:
        return self._by_id.get(indicator_id)

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def group_name(self, group_id: str) -> str:
        return dict(self.groups).get(group_id, group_id.replace("_", " ").capitalize())

    def by_code(self, code: str) -> Indicator | None:
        """Find an indicator by an official code (LAIT ``Short Desc``, NI number, open-data field)."""
        want = code.strip().lower()
        for ind in self._by_id.values():
            if any(c.lower() == want for c in ind.codes):
                return ind
        return None

    # -- changes ------------------------------------------------------------
    def with_overrides(self, overrides: dict[str, dict]) -> "Catalogue":
        """Return a copy with per-indicator settings (polarity, tolerances) replaced."""
        allowed = {"polarity", "tolerance_pct", "target_tolerance_pct", "name", "unit", "decimals"}
        inds = []
        for ind in self._by_id.values():
            change = {k: v for k, v in overrides.get(ind.id, {}).items() if k in allowed}
            inds.append(replace(ind, **change) if change else ind)
        return Catalogue(inds, self.groups)

    def with_local(self, indicators: list[Indicator]) -> "Catalogue":
        """Return a copy that also knows the user's own (local) indicators."""
        merged = dict(self._by_id)
        for ind in indicators:
            merged[ind.id] = ind
        groups = self.groups + ([("local", "Local indicators")] if not any(g == "local" for g, _ in self.groups) else [])
        return Catalogue(list(merged.values()), groups)

    # -- recognition ----------------------------------------------------------
    @property
    def recogniser(self):
        """The :class:`cpdesk.recognition.Recogniser` for this catalogue (built on first use)."""
        if self._recogniser is None:
            from cpdesk.recognition import Recogniser
            self._recogniser = Recogniser([i for i in self._by_id.values() if not i.local])
        return self._recogniser

    def recognise(self, label: object, context=None):
        """What ``label`` means: a :class:`cpdesk.recognition.Recognition` (status recognised,
        suggested or local, ranked candidates with a score and an explanation each).

        ``context`` is a :class:`cpdesk.recognition.LabelContext`: the table title, the
        header, the sheet name, a sub-header's measure, the values' unit evidence and the
        labels beside it.
        """
        return self.recogniser.recognise("" if label is None else str(label), context)

    def match(self, label: object) -> LabelMatch | None:
        """The indicator a label on its own surely means, or None.

        Only a recognised label matches; a suggestion (not sure enough) does not, so its
        figures stay a local indicator until the user confirms it.
        """
        if label is None:
            return None
        text = str(label)
        if text in self._match_cache:
            return self._match_cache[text]
        rec = self.recognise(text)
        result = LabelMatch(rec.indicator_id, rec.top.score, "meaning") if rec.indicator_id else None
        self._match_cache[text] = result
        return result


def _indicator_from_json(item: dict) -> Indicator:
    return Indicator(
        id=item["id"],
        name=item["name"],
        group=item.get("group", "other"),
        polarity=item.get("polarity", "none"),
        unit=item.get("unit", "number"),
        decimals=int(item.get("decimals", 1)),
        definition=item.get("definition", ""),
        aliases=tuple(item.get("aliases", ())),
        codes=tuple(item.get("codes", ())),
        numerator=item.get("numerator"),
        denominator=item.get("denominator"),
        tolerance_pct=float(item.get("tolerance_pct", 5.0)),
        target_tolerance_pct=float(item.get("target_tolerance_pct", 10.0)),
        local=bool(item.get("local", False)),
        meaning=_meaning(item),
    )


def _meaning(item: dict):
    from cpdesk.recognition.meaning import Meaning
    return Meaning.from_json(item.get("meaning"))


def load_catalogue(folder: Path | None = None) -> Catalogue:
    """Load every ``*.json`` in the catalogue folder, ``core.json`` first."""
    folder = folder or resource("catalogue")
    files = sorted(folder.glob("*.json"), key=lambda p: (p.name != "core.json", p.name))
    indicators: list[Indicator] = []
    groups: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        for g in data.get("groups", []):
            if g["id"] not in {x for x, _ in groups}:
                groups.append((g["id"], g["name"]))
        for item in data.get("indicators", []):
            if item["id"] in seen:
                raise ValueError(f"{path.name}: indicator {item['id']!r} is defined twice")
            seen.add(item["id"])
            ind = _indicator_from_json(item)
            if ind.polarity not in POLARITIES:
                raise ValueError(f"{path.name}: {ind.id}: polarity must be one of {POLARITIES}")
            indicators.append(ind)
    return Catalogue(indicators, groups)


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The built-in catalogue, loaded once per process."""
    return load_catalogue()


def local_indicator(label: str, polarity: str = "none", unit: str = "number", name: str | None = None) -> Indicator:
    """Make a user's own indicator from a label that matched nothing."""
    slug = re.sub(r"[^a-z0-9]+", "_", normalise_label(label)).strip("_")[:60] or "indicator"
    return Indicator(id=f"local_{slug}", name=name or str(label).strip(), group="local",
                     polarity=polarity, unit=unit, local=True)


__all__ = ["Catalogue", "Indicator", "LabelMatch", "default_catalogue", "load_catalogue", "local_indicator",
           "normalise_label", "label_kind"]
