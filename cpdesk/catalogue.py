"""The indicator catalogue: what each indicator is, its polarity, and how users name it.

The catalogue itself is data (``resources/catalogue/*.json``); this module loads it and
matches the labels councils write ("No. CPP started", "2. % re-plans**") to indicator ids.
"""
from __future__ import annotations

import difflib
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

    @property
    def judged(self) -> bool:
        return self.polarity in ("higher", "lower")


@dataclass(frozen=True)
class LabelMatch:
    indicator_id: str
    score: float
    how: str  # "exact" or "fuzzy"


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
_STOP = {"the", "a", "an", "of", "to", "who", "which", "that", "had", "have", "in", "on", "for", "at", "with", "is", "were", "was", "be"}


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


def _tokens(norm: str) -> frozenset[str]:
    return frozenset(t for t in norm.split() if t not in _STOP)


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


_KIND_UNITS = {"percent": {"percent"}, "count": {"count"}, "rate": {"rate"}}


class Catalogue:
    """The indicators known to cpdesk, in display order, with label matching."""

    def __init__(self, indicators: list[Indicator], groups: list[tuple[str, str]]):
        self._by_id = {i.id: i for i in indicators}
        self.groups = list(groups)
        self._exact: dict[str, str] = {}
        self._candidates: list[tuple[str, frozenset[str], str]] = []
        for ind in indicators:
            for text in (ind.id, ind.name, *ind.aliases, *ind.codes):
                norm = normalise_label(text)
                if not norm:
                    continue
                self._exact.setdefault(norm, ind.id)
                self._candidates.append((norm, _tokens(norm), ind.id))
        # token -> candidates holding it, so a label is only compared with names it shares a word with
        self._by_token: dict[str, list[int]] = {}
        for i, (_, toks, _) in enumerate(self._candidates):
            for t in toks:
                self._by_token.setdefault(t, []).append(i)
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

    # -- matching -----------------------------------------------------------
    def match(self, label: object) -> LabelMatch | None:
        """Match a label as written to an indicator, or return None.

        Exact matches on the normalised names, aliases and codes come first; then a
        tolerant match that needs the label and a known name to share most of their
        words and to measure the same kind of thing (a "%" label never matches a count).
        """
        if label is None:
            return None
        text = str(label)
        if text in self._match_cache:
            return self._match_cache[text]
        result = self._match(text)
        self._match_cache[text] = result
        return result

    def _match(self, text: str) -> LabelMatch | None:
        norm = normalise_label(text)
        if not norm or len(norm) < 3:
            return None
        hit = self._exact.get(norm)
        if hit:
            return LabelMatch(hit, 1.0, "exact")
        toks = _tokens(norm)
        if not toks:
            return None
        kind = label_kind(norm)
        nums_l = {t for t in toks if t.isdigit()}
        shared = sorted({i for t in toks for i in self._by_token.get(t, ())})
        best: tuple[float, str] | None = None
        for i in shared:
            cand_norm, cand_toks, ind_id = self._candidates[i]
            ind = self._by_id[ind_id]
            if kind and ind.unit not in _KIND_UNITS[kind]:
                continue
            # Numbers are what tell "2 years" from "12 months": they must agree.
            if nums_l != {t for t in cand_toks if t.isdigit()}:
                continue
            jaccard = len(toks & cand_toks) / len(toks | cand_toks)
            # score = 0.6 * jaccard + 0.4 * similarity >= 0.72 needs jaccard >= 0.53
            if jaccard < 0.53 or (best and 0.6 * jaccard + 0.4 <= best[0]):
                continue
            seq = difflib.SequenceMatcher(None, norm, cand_norm).ratio()
            score = 0.6 * jaccard + 0.4 * seq
            if best is None or score > best[0]:
                best = (score, ind_id)
        if best and best[0] >= 0.72:
            return LabelMatch(best[1], round(best[0], 3), "fuzzy")
        return None


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
    )


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
