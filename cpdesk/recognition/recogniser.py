"""Recognise which indicator a label means, from its meaning and its context.

Each catalogue indicator says what it means as data: the concepts it requires ("plans",
"second or subsequent"), implies ("started"), allows and excludes, and its unit. A label
is read into concepts and a measure (:mod:`cpdesk.recognition.reading`); context (the
table title, the header above the labels, the sheet name) may supply a concept the label
leaves out ("% regardless of time" under a title about repeat plans). Official codes (NI
numbers, LAIT codes, open-data field names) name an indicator wherever they stand.

Unit discipline: the measure a label names, or failing that the evidence of its values,
decides between an indicator and its count, rate or percentage sibling. A label that says
"number" over percentages, or "%" over figures above 100, conflicts: it stays a local
indicator and a warning says why. Rates are never guessed: a rate needs "rate" or "per
10,000" somewhere.

A match below the confidence bar is a *suggestion*: the caller keeps the figure as a
local indicator until the user confirms it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from cpdesk.recognition.evidence import NO_EVIDENCE, UnitEvidence
from cpdesk.recognition.meaning import Meaning
from cpdesk.recognition.reading import Reader, Reading, default_reader
from cpdesk.recognition.vocabulary import MINOR_FACETS

#: A match at or above this score, clear of the next by MARGIN, is recognised.
RECOGNISE_AT = 0.8
MARGIN = 0.08
#: Below RECOGNISE_AT but at or above this, a match is offered as a suggestion.
SUGGEST_AT = 0.4

_FROM_CONTEXT = 0.92     # a required concept only the title/header gives
_WEAK = 0.97             # a required concept the label only hints at
_IMPLIED_MISSING = 0.96  # an implied concept the label does not state
_HINT_AGAINST = 0.9      # the label hints at another event than the indicator's
_UNKNOWN_WORD = 0.94     # each content word the vocabulary does not know
_RATE_AS_PERCENT = 0.9   # a bare "rate" read as a percentage
_UNDECIDED_UNIT = 0.72   # nothing says whether it is a number or a percentage
_CAVEAT = 0.75           # the label states something the indicator's definition does not count

#: Which indicator units each measure a label can name allows.
UNITS_OF = {"percent": {"percent"}, "rate10k": {"rate"}, "rate": {"rate", "percent"}, "count": {"count", "number"},
            "average": {"months", "score", "number"}}
MEASURE_WORDS = {"count": "number", "percent": "%", "rate10k": "rate per 10,000", "rate": "rate", "average": "average"}
_HEADER_MEASURES = {"count": "count", "percent": "percent", "rate": "rate10k", "average": "average"}
_NI = re.compile(r"(?<![A-Za-z0-9])NI\s*[-_]?\s*(\d{2,3})(?![0-9])", re.I)


@dataclass(frozen=True)
class LabelContext:
    """Where a label stands. Every field is optional; all are hashable for caching."""

    title: str = ""                       # the table's title and the text above it
    header: str = ""                      # the header over the label column (or beside a label row)
    sheet: str = ""                       # the sheet name
    measure: str | None = None            # a sub-header's measure word: count / percent / rate
    evidence: UnitEvidence = NO_EVIDENCE  # what the values look like
    neighbours: tuple[str, ...] = ()      # the other labels of the table, along the same axis


@dataclass(frozen=True)
class Candidate:
    indicator_id: str
    score: float
    explanation: str
    unit: str = ""


@dataclass(frozen=True)
class Recognition:
    """The answer for one label: ``status`` is recognised, suggested or local."""

    label: str
    status: str
    candidates: tuple[Candidate, ...] = ()
    warning: str = ""
    #: suggested only because nothing says number or %: the label names an indicator and
    #: its count or percentage sibling, and a "No." or "%" beside it will say which
    undecided_unit: bool = False
    #: why a local label is local when it is not for want of words ("a part of ... by category")
    note: str = ""

    @property
    def indicator_id(self) -> str | None:
        """The indicator to place the figures under, only when recognised."""
        return self.candidates[0].indicator_id if self.status == "recognised" else None

    @property
    def suggestion(self) -> Candidate | None:
        return self.candidates[0] if self.status == "suggested" else None

    @property
    def top(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def explanation(self) -> str:
        if self.warning:
            return self.warning
        if self.note:
            return self.note
        return self.candidates[0].explanation if self.candidates else "no indicator of the catalogue means this"


LOCAL = "local"


@dataclass
class _Scored:
    ind: object
    score: float
    notes: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)   # concepts shown in the explanation
    code: str = ""


class Recogniser:
    """Recognises labels against one catalogue. Build once per catalogue; it caches answers."""

    def __init__(self, indicators, reader: Reader | None = None):
        self.reader = reader or default_reader()
        self.vocabulary = self.reader.vocabulary
        self._inds = {i.id: i for i in indicators}
        self._by_concept: dict[str, set[str]] = {}
        self._codes: dict[str, str] = {}
        pattern_codes = []
        for ind in indicators:
            m = getattr(ind, "meaning", None)
            if m is not None and not m.code_only:
                for g in m.requires:
                    for c in g:
                        self._by_concept.setdefault(c, set()).add(ind.id)
            for code in ind.codes:
                self._codes[code.lower().replace(" ", "")] = ind.id
                if not code.upper().startswith("NI ") and _distinctive(code):
                    pattern_codes.append(code)
        pattern_codes.sort(key=len, reverse=True)
        self._code_re = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(re.escape(c) for c in pattern_codes) + r")(?![A-Za-z0-9_])",
                                   re.I) if pattern_codes else None
        self._names: dict[str, str] = {}            # folded name and first aliases, for the tie-break (lazy)
        self._explains = {i.id: i.meaning.explains for i in indicators if getattr(i, "meaning", None) is not None}
        self._cache: dict[tuple, Recognition] = {}
        self._code_cache: dict[str, tuple] = {}
        self._context_cache: dict[tuple, tuple[dict, frozenset]] = {}

    def _name(self, ind) -> str:
        name = self._names.get(ind.id)
        if name is None:
            name = self._names[ind.id] = " ".join(self.vocabulary.fold(" ".join((ind.name, *ind.aliases[:6]))))
        return name

    def _context(self, texts: tuple[str, ...]) -> tuple[dict, frozenset]:
        """The concepts (strongest strength) and measures the context texts name, cached."""
        hit = self._context_cache.get(texts)
        if hit is None:
            C: dict[str, str] = {}
            measures: set[str] = set()
            for t in texts:
                r = self.reader.read(self._codes_in(t)[2])
                for c, s in r.concepts.items():
                    if C.get(c) != "strong":
                        C[c] = s
                measures.update(r.measures)
            hit = self._context_cache[texts] = (C, frozenset(measures))
        return hit

    # -- public ------------------------------------------------------------------------
    def recognise(self, label: object, context: LabelContext | None = None) -> Recognition:
        """Ranked candidates for ``label`` with a score and a plain explanation each."""
        ctx = context or LabelContext()
        key = (str(label), ctx)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._recognise(str(label), ctx)
        return hit

    def codes_in(self, text: str) -> tuple[list[tuple[str, str]], list[str], str]:
        """The official codes in a text: (indicator id, code) for those in the catalogue, the NI
        codes of indicators it does not hold, and the text without them."""
        return self._codes_in(text)

    # -- the work ----------------------------------------------------------------------
    def _codes_in(self, text: str) -> tuple[list[tuple[str, str]], list[str], str]:
        """(indicator id, code) named in a text, codes of indicators not in the catalogue, the text without them."""
        hit = self._code_cache.get(text)
        if hit is None:
            hit = self._code_cache[text] = self._find_codes(text)
        return hit

    def _find_codes(self, text: str) -> tuple[list[tuple[str, str]], list[str], str]:
        found: list[tuple[str, str]] = []
        foreign: list[str] = []
        rest = text
        for m in _NI.finditer(text):
            code = f"NI {int(m.group(1))}"
            ind = self._codes.get(code.lower().replace(" ", ""))
            (found.append((ind, code)) if ind else foreign.append(code))
        rest = _NI.sub(" ", rest)
        if self._code_re is not None:
            for m in self._code_re.finditer(rest):
                ind = self._codes.get(m.group(1).lower().replace(" ", ""))
                if ind:
                    found.append((ind, m.group(1)))
            rest = self._code_re.sub(" ", rest)
        whole = text.strip().lower().replace(" ", "")
        if not found and whole in self._codes:
            found.append((self._codes[whole], text.strip()))
            rest = ""
        return found, foreign, rest

    def _recognise(self, label: str, ctx: LabelContext) -> Recognition:
        codes, foreign, text = self._codes_in(label)
        C, context_measures = self._context(tuple(t for t in (ctx.title, ctx.header, ctx.sheet) if t and t != label))
        if codes and C:
            codes, text = self._field_names_in_context(codes, text, C)
        L = self.reader.read(text)
        if C:
            L = self._narrowed_by_context(L, C)
            if not codes and L.measure is not None and not self._own_concepts(L):
                L = self._measure_of_the_title(L, C)
        if foreign and not codes:
            return Recognition(label, LOCAL, (), f"{' and '.join(foreign)} is a national indicator that is not in the "
                                                 "catalogue, so the figures stay a local indicator")
        if L.measure == "conflict":
            words = " and ".join(MEASURE_WORDS[m] for m in L.measures)
            return Recognition(label, LOCAL, (), f"the label names two measures ({words}); it stays a local indicator")
        if not codes and not L.says_something:
            return Recognition(label, LOCAL, ())
        measure, measure_from = L.measure, "label"
        if ctx.measure and _HEADER_MEASURES.get(ctx.measure, ctx.measure) != measure:
            # the "No." or "%" over the figures says which figure of the label's this is
            measure, measure_from = _HEADER_MEASURES.get(ctx.measure, ctx.measure), "header"
        ev = ctx.evidence
        warning = _unit_conflict(measure, ev)
        if warning:
            return Recognition(label, LOCAL, (), warning)

        scored: dict[str, _Scored] = {}
        for ind_id, code in codes:
            ind = self._inds[ind_id]
            s = _Scored(ind, 1.0, code=code)
            scored[ind_id] = s
        ids = set()
        for c in set(L.concepts) | set(C):
            ids |= self._by_concept.get(c, set())
        # what every candidate must explain: the label's own strong words (minor ones aside)
        must = frozenset(c for c, st in L.concepts.items()
                         if st == "strong" and self.vocabulary.facet(c) not in MINOR_FACETS)
        # in catalogue order, so that equal scores rank the same in every process (a set's order
        # follows Python's per-process string hashing)
        for ind_id in (i for i in self._inds if i in ids):
            if not must <= self._explains[ind_id]:
                continue
            s = self._score(self._inds[ind_id], L, C)
            if s is not None and (ind_id not in scored or s.score > scored[ind_id].score):
                if ind_id in scored:
                    s.code = scored[ind_id].code
                    s.score = max(s.score, 1.0)
                scored[ind_id] = s

        rate_anywhere = measure in ("rate10k", "rate") or bool(context_measures & {"rate10k", "rate"})
        out: list[_Scored] = []
        for s in scored.values():
            unit = s.ind.unit
            if measure is not None:
                if unit not in UNITS_OF.get(measure, ()):
                    swapped = self._numerator_for(s, measure)
                    if swapped is not None:
                        out.append(swapped)
                    continue
                if measure == "rate" and unit == "percent":
                    s.score *= _RATE_AS_PERCENT
                if measure_from == "header":
                    s.notes.append(f"{MEASURE_WORDS[measure]} from the column header")
            else:
                if unit == "rate" and not rate_anywhere and not s.code:
                    continue
                if unit in ("months", "score") and not s.code:
                    continue
                if ev.percent or ev.as_fractions:
                    if unit != "percent":
                        continue
                    s.notes.append("% from " + ("the cell formats" if ev.percent else "fractions below 1"))
                elif ev.not_a_count and unit in ("count", "number"):
                    continue
                elif ev.not_a_percent and unit == "percent":
                    continue
                elif ev.counts_beside_percents and unit in ("percent", "count", "number"):
                    if unit == "percent":
                        continue
                    s.notes.append("a number: whole numbers where the table writes its percentages with %")
            out.append(s)
        if not out:
            return Recognition(label, LOCAL, (), "")
        # one candidate per indicator (a code's numerator may also be a candidate by meaning)
        best: dict[str, _Scored] = {}
        for s in out:
            kept = best.get(s.ind.id)
            if kept is None or s.score > kept.score:
                if kept is not None:
                    s.notes = list(dict.fromkeys(kept.notes + s.notes))
                    s.code = s.code or kept.code
                best[s.ind.id] = s
        out = list(best.values())

        text_folded = L.folded or label.lower()
        if len(out) > 1:
            for s in out:
                s.score += 0.001 * fuzz.token_set_ratio(text_folded, self._name(s.ind)) / 100
        out.sort(key=lambda s: s.score, reverse=True)
        if measure is None and not (ev.percent or ev.as_fractions):
            out = self._settle_unit(out, label, ctx)
        cands = tuple(Candidate(s.ind.id, round(s.score, 3), self._explain(s, L, measure), s.ind.unit) for s in out[:5])
        top = cands[0]
        second = cands[1].score if len(cands) > 1 else 0.0
        if top.score >= RECOGNISE_AT and top.score - second >= MARGIN:
            return Recognition(label, "recognised", cands)
        if top.score >= SUGGEST_AT:
            undecided = (len(cands) > 1 and top.unit != cands[1].unit and self._siblings(top.indicator_id, cands[1].indicator_id)
                         and (len(cands) < 3 or cands[1].score - cands[2].score >= MARGIN))
            return Recognition(label, "suggested", cands, undecided_unit=undecided)
        return Recognition(label, LOCAL, cands)

    def _own_concepts(self, L: Reading) -> frozenset[str]:
        return frozenset(c for c in L.strong if self.vocabulary.facet(c) not in MINOR_FACETS)

    @staticmethod
    def _measure_of_the_title(L: Reading, C: dict[str, str]) -> Reading:
        """A label that only says how something is measured ("Number of children", "Rate per
        10,000 children") measures what its title says, all of it: under "Children subject to a
        Child Protection Plan for 2 years or more" it is the count of those plans, never all plans."""
        concepts = {**C, **L.concepts}
        return replace(L, concepts=concepts, order=L.order + tuple(c for c in C if c not in L.concepts))

    def _narrowed_by_context(self, L: Reading, C: dict[str, str]) -> Reading:
        """A label's general word made specific by its title: "Child Protection Conferences completed
        within timescales" under "review child protection conferences held within the required time
        frames" counts review conferences. Only one kind in the title narrows it, and only when the
        label names no kind of its own."""
        vocab = self.vocabulary
        kinds: dict[str, set[str]] = {}
        for c, st in C.items():
            general = vocab.kind_of(c)
            if st == "strong" and general and L.concepts.get(general) == "strong":
                kinds.setdefault(general, set()).add(c)
        added = {}
        for general, specific in kinds.items():
            if len(specific) == 1 and not any(vocab.kind_of(c) == general for c in L.concepts):
                added[specific.pop()] = "strong"
        if not added:
            return L
        return replace(L, concepts={**L.concepts, **added}, order=L.order + tuple(added))

    def _field_names_in_context(self, codes, text: str, C: dict[str, str]):
        """Open-data field names are reused from one data set to the next ("2_years_or_more" is
        a column of the plans open at 31 March and of the plans ending in the year): where the
        table's topic names an event the field's indicator does not explain, the field name is
        read as the words it is made of instead."""
        events = {c for c, st in C.items() if st == "strong" and self.vocabulary.facet(c) == "event"}
        if not events:
            return codes, text
        kept = []
        for ind_id, code in codes:
            if _field_name(code) and not events <= self._explains.get(ind_id, events):
                text = f"{text} {code}"
            else:
                kept.append((ind_id, code))
        return kept, text

    def _score(self, ind, L: Reading, C: dict[str, str]) -> _Scored | None:
        m = ind.meaning
        score = 1.0
        used: list[str] = []
        notes: list[str] = []
        for group in m.requires:
            in_label = [c for c in L.concepts if c in group]     # in the label's order, not the set's
            if in_label:
                c = in_label[0]
                if L.concepts[c] == "weak" and not any(L.concepts[x] == "strong" for x in in_label):
                    score *= _WEAK
                used.append(c)
                continue
            in_ctx = [c for c in C if c in group]
            if in_ctx:
                # the title may say what the label leaves out, never against what it says
                facets = {self.vocabulary.facet(c) for c in group}
                if any(self.vocabulary.facet(c) in facets and c not in group for c in L.concepts):
                    return None
                score *= _FROM_CONTEXT
                notes.append(f"{self.vocabulary.name(in_ctx[0])} from the table's title or header")
                continue
            return None
        explains = m.explains
        for c, strength in L.concepts.items():
            if c in m.excludes:
                return None
            if strength == "strong" and c not in explains and self.vocabulary.facet(c) not in MINOR_FACETS:
                return None
        for group in m.implies:
            if any(c in L.concepts for c in group):
                used.extend(c for c in group if c in L.concepts)
            elif not any(c in C for c in group):
                score *= _IMPLIED_MISSING
            # a hint at another event ("subject to" = open) against the event this indicator implies
            facet = {self.vocabulary.facet(c) for c in group}
            if "event" in facet and not any(c in L.concepts for c in group):
                if any(self.vocabulary.facet(c) == "event" and s == "weak" and c not in explains
                       for c, s in L.concepts.items()):
                    score *= _HINT_AGAINST
                elif not any(c in C for c in group) and not any(self.vocabulary.facet(c) == "event" for c in L.concepts) \
                        and any(self.vocabulary.facet(c) == "event" and s == "strong" and c not in explains
                                for c, s in C.items()):
                    # the title names another event ("... at 31 March" over "2 years or more")
                    score *= _HINT_AGAINST
        score *= _UNKNOWN_WORD ** min(len(L.unknown), 5)
        for c, why in m.caveats:
            if c in L.concepts:   # a near match: offered, never placed without the user's word
                score = min(score, _CAVEAT)
                notes.append(why)
        return _Scored(ind, score, notes, used)

    def _siblings(self, a: str, b: str) -> bool:
        """Two indicators that are one figure's count and percentage (or rate)."""
        ia, ib = self._inds[a], self._inds[b]
        return ia.numerator == b or ib.numerator == a or ia.meaning == ib.meaning

    def _numerator_for(self, s: _Scored, measure: str) -> _Scored | None:
        """A code names a percentage but the label counts: the percentage's numerator."""
        if not s.code or measure != "count" or not s.ind.numerator:
            return None
        num = self._inds.get(s.ind.numerator)
        if num is None:
            return None
        out = _Scored(num, s.score * 0.95, [f"{s.code} is {s.ind.id}; the label counts, so its numerator"], s.used)
        return out

    def _settle_unit(self, out: list[_Scored], label: str, ctx: LabelContext) -> list[_Scored]:
        """Nothing says number or %: the labels beside it may (a "% re-plans" beside "Re-plans").

        Otherwise every number-or-% candidate is marked down, so none is placed without
        the user's word.
        """
        units = {s.ind.unit for s in out}
        if not ({"count", "number"} & units and "percent" in units):
            return out
        ids = {s.ind.id for s in out}
        decided, chosen, why = None, None, ""
        coded = next((s for s in out if s.code), None)
        if coded is not None:   # an official code names the figure, its unit with it
            decided, chosen, why = ("percent" if coded.ind.unit == "percent" else "count"), coded.ind.id, ""
        for other in ctx.neighbours if decided is None else ():
            if other == label:
                continue
            rec = self.recognise(other, LabelContext(title=ctx.title, header=ctx.header, sheet=ctx.sheet))
            if rec.status != "recognised":
                continue
            o = self._inds[rec.indicator_id]
            explicit = self.reader.read(other).measure
            if o.unit == "percent" and explicit == "percent" and o.numerator in ids:
                decided, chosen, why = "count", o.numerator, f"a number: '{other}' beside it is the %"
                break
            twin = next((s.ind.id for s in out if s.ind.unit == "percent" and s.ind.numerator == o.id), None)
            if o.unit in ("count", "number") and explicit == "count" and twin:
                decided, chosen, why = "percent", twin, f"a %: '{other}' beside it is the number"
                break
        best = max(s.score for s in out)
        for s in out:
            if s.ind.unit not in ("count", "number", "percent"):
                continue
            if decided is None:
                s.score *= _UNDECIDED_UNIT
                # offered first: the judged headline figure (the % that has a polarity) over its count
                s.score += 0.005 if s.ind.polarity != "none" else 0.0
                s.notes.append("the label does not say whether it is a number or a %")
            elif s.ind.id == chosen:
                s.score = max(s.score, best)
                if why:
                    s.notes.append(why)
            elif (s.ind.unit == "percent") != (decided == "percent"):
                s.score *= 0.5
        return sorted(out, key=lambda x: x.score, reverse=True)

    def _explain(self, s: _Scored, L: Reading, measure: str | None) -> str:
        names = []
        shown = set()
        for c in L.order:
            if c in s.used or (c in s.ind.meaning.explains and L.concepts.get(c) == "strong"):
                n = self.vocabulary.name(c)
                if n not in shown:
                    names.append(n)
                    shown.add(n)
        if measure:
            names.append(MEASURE_WORDS[measure])
        head = " + ".join(names)
        if s.code:
            head = f"{s.code}" + (f" ({head})" if head else "")
        text = f"{head}: {s.ind.id}" if head else s.ind.id
        if s.notes:
            text += " (" + "; ".join(dict.fromkeys(s.notes)) + ")"
        return text


def _field_name(code: str) -> bool:
    """A data set's column name made of words ("2_years_or_more_percent"), not a national code
    (NI 64) or a LAIT code ("PrevRegCPR")."""
    return "_" in code and not re.search(r"[a-z][A-Z]", code)


def _distinctive(code: str) -> bool:
    """A code that cannot be an ordinary word: it has a digit, an underscore or an inner capital."""
    return bool(re.search(r"[\d_%]", code) or re.search(r"[a-z][A-Z]", code))


def _unit_conflict(measure: str | None, ev: UnitEvidence) -> str:
    """Why the label's measure and its values cannot both be right, or ""."""
    if measure is None or ev.n == 0:
        return ""
    if measure == "count" and ev.not_a_count:
        return (f"the label says it is a number but {ev.describe()}; the figures stay a local indicator "
                "until you say what they are")
    if measure == "percent" and ev.not_a_percent:
        return (f"the label says it is a percentage but {ev.describe()}; the figures stay a local indicator "
                "until you say what they are")
    if measure == "rate10k" and ev.percent:
        return (f"the label says it is a rate per 10,000 but {ev.describe()}; the figures stay a local indicator "
                "until you say what they are")
    if measure == "average" and ev.percent:
        return (f"the label says it is an average but {ev.describe()}; the figures stay a local indicator "
                "until you say what they are")
    return ""


__all__ = ["Candidate", "LabelContext", "MARGIN", "Meaning", "RECOGNISE_AT", "Recognition", "Recogniser",
           "SUGGEST_AT", "UNITS_OF"]
