"""What a text says: the concepts, measure and official codes in a label, title or header.

``read`` folds a text (:func:`cpdesk.recognition.vocabulary.fold`), corrects misspelt words
to the nearest word of the vocabulary (rapidfuzz), then takes the longest known phrase at
each position. Nothing here knows about indicators; :mod:`cpdesk.recognition.recogniser`
compares a reading with what each indicator means.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from cpdesk.recognition.vocabulary import Vocabulary, default_vocabulary

#: Numbers of days in a label: "within 15 working days", "0-10 working days", "21+ working days".
_DAY_PATTERNS = (
    (re.compile(r"\b(\d{1,3}) (\d{1,3}) (?:working )?day\b"), lambda m: f"days_{m[1]}_{m[2]}"),
    (re.compile(r"\b(\d{1,3}) (?:\+|or more|plus) (?:working )?day\b"), lambda m: f"days_{m[1]}_plus"),
    (re.compile(r"\b(?:within|in|under|less than|by|inside|of) (?:the )?(\d{1,3}) (?:working |calendar )?day\b"),
     lambda m: f"within_{m[1]}_days"),
    (re.compile(r"\b(\d{1,3}) (?:working |calendar )?day\b"), lambda m: f"within_{m[1]}_days"),
)
#: A bracketed scope note says who is counted, not what: "(including unborn children)",
#: "(includes all children 0-17 with an open referral, CIN, CPP and LAC)", "(excluding UASC)".
_SCOPE_NOTE = re.compile(r"\(\s*(?:including|includes|include|incl|inc|excluding|excludes|exclude|excl|exc)\b[^()]*\)", re.I)
#: A length of time the vocabulary has no band for ("over 15 months", "more than 9 months",
#: "18-30 months") is still a length of time: the label counts plans of that length only. Ten years
#: and more are ages ("aged 0-17 years", "population (0-18 years)", "under 18 years"), not lengths.
_DURATION = re.compile(r"\b(?:over|more than|less than|under|at least|longer than|up to|greater than) \d+ (?:month|year)\b"
                       r"|\b\d+ (?:month|year) (?:\+|or more|plus|or longer|and over|or over|and more)\b"
                       r"|\b\d+ \d+ (?:month|year)\b")
OTHER_DURATION = "duration_other"
#: Words after which a meeting is when something happened, not what is counted: "children placed
#: on the register following the initial conference", "removed after review conferences".
_OCCASION = frozenset({"following", "after"})
_ARTICLES = frozenset({"the", "a", "an", "their", "its", "each"})
#: The concept of a label that counts two kinds of thing together; no indicator explains it.
TWO_SUBJECTS = "two_subjects"
_MEASURE_ORDER = ("average", "rate10k", "percent", "rate", "count")
_FUZZY_MIN_LEN = 5
_FUZZY_CUTOFF = 88


@dataclass(frozen=True)
class Reading:
    """The meaning found in one text.

    ``concepts`` maps each concept to "strong" or "weak"; ``order`` keeps them as written
    (for explanations); ``measure`` is percent / rate10k / rate / count / average, None,
    or "conflict" when the text names two (``"Number of CIN with a disability (%)"``).
    """

    text: str
    concepts: dict
    order: tuple[str, ...]
    measure: str | None
    measures: tuple[str, ...]
    unknown: tuple[str, ...]
    corrected: tuple[tuple[str, str], ...] = ()
    folded: str = ""          # the text as matched: folded tokens joined by spaces

    @property
    def strong(self) -> frozenset[str]:
        return frozenset(c for c, s in self.concepts.items() if s == "strong")

    @property
    def says_something(self) -> bool:
        return bool(self.strong) or self.measure is not None


def combine_measures(found: set[str]) -> str | None:
    """One measure from those a text names, or "conflict".

    An average counts something ("average no. of months"), a rate per 10,000 may be
    introduced as a number ("number of children in need (rate per 10K)"), and a bare
    "rate" sits beside "%" or "per 10,000" without changing them.
    """
    if not found:
        return None
    found = set(found)
    if "average" in found:
        found.discard("count")
        if len(found) > 1 and found - {"average", "rate"}:
            return "conflict"
        return "average"
    if "rate10k" in found:
        found.discard("rate")
        found.discard("count")
        return "rate10k" if found == {"rate10k"} else "conflict"
    if "percent" in found:
        found.discard("rate")
        return "percent" if found == {"percent"} else "conflict"
    if found == {"rate"}:
        return "rate"
    if found == {"count"}:
        return "count"
    return "conflict"


class Reader:
    """Reads texts with one vocabulary; results are cached per text."""

    def __init__(self, vocabulary: Vocabulary | None = None):
        self.vocabulary = vocabulary or default_vocabulary()
        self._known_long = [t for t in self.vocabulary.known_tokens if len(t) >= _FUZZY_MIN_LEN and t.isalpha()]
        self._cache: dict[str, Reading] = {}
        self._corrections: dict[str, str | None] = {}
        self._subject_cache: dict[tuple[str, ...], frozenset] = {}

    def _subjects(self, phrase: tuple[str, ...]) -> frozenset:
        hit = self._subject_cache.get(phrase)
        if hit is None:
            vocab = self.vocabulary
            hit = self._subject_cache[phrase] = frozenset(
                c for c, _ in vocab.phrases[phrase].concepts if vocab.facet(c) == "subject")
        return hit

    def _correct(self, token: str) -> str | None:
        if token in self._corrections:
            return self._corrections[token]
        hit = process.extractOne(token, self._known_long, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        fixed = hit[0] if hit else None
        self._corrections[token] = fixed
        return fixed

    def read(self, text: object) -> Reading:
        key = str(text)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._read(key)
        return hit

    def _read(self, text: str) -> Reading:
        vocab = self.vocabulary
        if "(" in text:
            text = _SCOPE_NOTE.sub(" ", text)
        tokens = vocab.fold(text)
        folded = " ".join(tokens)
        concepts: dict[str, str] = {}
        order: list[str] = []
        measures: list[str] = []
        unknown: list[str] = []
        corrected: list[tuple[str, str]] = []

        def note(concept: str, strength: str) -> None:
            if concepts.get(concept) != "strong":
                concepts[concept] = strength
            if concept not in order:
                order.append(concept)

        # Numbers of days first: they are grammar, not vocabulary.
        if " day" in f" {folded}":
            joined = folded
            for pattern, make in _DAY_PATTERNS:
                for m in pattern.finditer(joined):
                    note(make(m), "strong")
                joined = pattern.sub(" ", joined)
            tokens = joined.split()
        # Misspelt words become the nearest known word ("conferance" -> "conference").
        for i, t in enumerate(tokens):
            if t not in vocab.known_tokens and len(t) >= _FUZZY_MIN_LEN and t.isalpha():
                fixed = self._correct(t)
                if fixed:
                    corrected.append((t, fixed))
                    tokens[i] = fixed
        i = 0
        n = len(tokens)
        last_subjects: frozenset = frozenset()   # the subjects of the phrase right before an "and"
        while i < n:
            tok = tokens[i]
            for phrase in vocab.by_first.get(tok, ()):
                k = len(phrase)
                if tuple(tokens[i:i + k]) == phrase:
                    entry = vocab.phrases[phrase]
                    if last_subjects and tokens[i - 1] == "and" and "interval" not in concepts \
                            and (subjects := self._subjects(phrase)) and not subjects & last_subjects:
                        # "child protection and review case conferences": two kinds counted together
                        # (not "between the start of section 47 enquiries and the ICPC")
                        note(TWO_SUBJECTS, "strong")
                    if entry.concepts:
                        last_subjects = self._subjects(phrase) if i + k < n and tokens[i + k] == "and" else frozenset()
                    occasion = self._subjects(phrase) if _after_occasion_word(tokens, i) else frozenset()
                    for concept, strength in entry.concepts:
                        note(concept, "weak" if concept in occasion else strength)
                    if entry.measure:
                        measures.append(entry.measure)
                    i += k
                    break
            else:
                if not tok.isdigit() and not re.fullmatch(r"[qQ]\d|\d+[a-z]?|[a-z]", tok):
                    unknown.append(tok)
                i += 1
        if not any(c.startswith("duration_") and c != "duration_any" for c in concepts) and _a_length_of_time(folded):
            note(OTHER_DURATION, "strong")
        found = set(measures)
        return Reading(text=text, concepts=concepts, order=tuple(order), measure=combine_measures(found),
                       measures=tuple(m for m in _MEASURE_ORDER if m in found), unknown=tuple(unknown),
                       corrected=tuple(corrected), folded=folded)


def _a_length_of_time(folded: str) -> bool:
    if "month" not in folded and "year" not in folded:
        return False
    for m in _DURATION.finditer(folded):
        if m.group(0).endswith("month") or "month " in m.group(0) or max(map(int, re.findall(r"\d+", m.group(0)))) < 10:
            return True
    return False


def _after_occasion_word(tokens: list[str], i: int) -> bool:
    """Whether the phrase at ``i`` follows "following" or "after" (articles aside)."""
    j = i - 1
    while j >= 0 and tokens[j] in _ARTICLES:
        j -= 1
    return j >= 0 and tokens[j] in _OCCASION


@lru_cache(maxsize=1)
def default_reader() -> Reader:
    return Reader()


__all__ = ["Reader", "Reading", "combine_measures", "default_reader"]
