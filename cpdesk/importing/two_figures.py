"""Labels that name two figures, and cells that hold both: "X (of which Y)" over "61 (12)".

Councils often write a count and a part of it, or a count and its percentage, in one cell,
and say so in the label: "CP plans started in quarter (of which second or subsequent)" over
"61 (12)", "Repeat plans (%)" over "35 (22.9%)". The first figure is what the label says
before the bracket (X), the second what the bracket adds (Y): 61 plans started, 12 of them
repeat plans. Each is recognised on its own, so the first figure can never be placed under
the bracket's indicator.

A bracket is a second figure's name only when it says something of its own: a subject, an
event, a qualifier or a measure ("(of which second or subsequent)", "(%)", "(ever)"). Codes
("(NI 64)"), periods ("(year to date)"), populations ("(0-17)") and exclusions ("(excluding
transfers in)") qualify the whole label, which stays one figure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: "X (Y)" or "X [Y]" at the end of a label.
_BRACKET = re.compile(r"^(?P<head>.*?\S)\s*[\(\[](?P<tail>[^\(\)\[\]]+)[\)\]]\s*[\.\*]*$")
#: "X, of which Y" / "X - of which Y" without a bracket.
_OF_WHICH = re.compile(r"^(?P<head>.*?\S)\s*(?:[,;:\-–—]\s*)?(?P<tail>\b(?:of which|of whom)\b.+)$", re.I)
_SUBSET = re.compile(r"^\s*(?:of which|of whom|including|incl\.?|inc\.?|which were|who were|within which)\b[\s:]*",
                     re.I)
_EXCLUDING = re.compile(r"^\s*(?:excluding|excl\.?|exc\.?|not including|except|without|less)\b", re.I)
_MEASURE_WORDS = re.compile(r"(?:^|\s)(?:%|no\.?|nos\.?|number(?: of)?|percentage(?: of)?|proportion(?: of)?|"
                            r"rate(?: of)?)(?=\s|$)", re.I)
#: A footnote-like "(9)" after a figure, read as a second figure in a row whose label names two.
_BARE_SECOND = re.compile(r"^\(\s*(\d[\d,]*(?:\.\d+)?)\s*(%?)\s*\)$")


@dataclass(frozen=True)
class LabelSplit:
    """The two figures a label names: ``first`` for the figure before the bracket, ``second``
    for the one in it. ``subset``: the bracket says "of which" (the second is a part of the
    first), so even a cell holding one figure is the first's."""

    first: str
    second: str
    subset: bool = False
    second_measure: str | None = None   # "percent" / "count" when the bracket is only a measure


def split_label(label: str, catalogue) -> LabelSplit | None:
    """The two figures ``label`` names, or None when it names one."""
    if not label or ("(" not in label and "[" not in label and "which" not in label.lower()
                     and "whom" not in label.lower()):
        return None
    m = _BRACKET.match(label) or _OF_WHICH.match(label)
    if m is None:
        return None
    head, tail = m.group("head").strip(" ,;:-–—"), m.group("tail").strip()
    if not head or not tail or _EXCLUDING.match(tail):
        return None
    subset = bool(_SUBSET.match(tail))
    said = _SUBSET.sub("", tail)
    recogniser = catalogue.recogniser
    codes, foreign, rest = recogniser.codes_in(said)
    if codes or foreign:
        return None   # "(NI 64)": a code names the whole label
    reading = recogniser.reader.read(rest)
    head_reading = recogniser.reader.read(head)
    if not head_reading.strong:
        return None   # "No. (%)": nothing before the bracket names a figure
    if reading.strong - head_reading.strong:   # the bracket adds something ("(ICPC)" after "Initial conferences" does not)
        return LabelSplit(head, label.strip(), subset)
    if reading.measure in ("percent", "count") and not subset and head_reading.measure != reading.measure:
        bare_head = " ".join(_MEASURE_WORDS.sub(" ", head).split())
        return LabelSplit(head, f"{bare_head} ({said})", False, reading.measure)
    return None


def holds_two(split: LabelSplit, pv) -> tuple[float, bool] | None:
    """The second figure of a cell under a label that names two, when the cell holds one that
    fits: under "(%)" a percentage after a figure that is not one, under "(No.)" the reverse."""
    second = second_figure(pv)
    if second is None or pv.value is None:
        return None
    if split.second_measure == "percent" and (not second[1] or pv.percent):
        return None
    if split.second_measure == "count" and (second[1] or not pv.percent):
        return None
    return second


def second_figure(pv) -> tuple[float, bool] | None:
    """The second figure of a parsed cell, with whether it is written as a percentage: "61 (12)",
    "35 (22.9%)", and the "(9)" of "70 (9)" that a lone cell would keep as a footnote mark."""
    if pv.extra is not None:
        num, words = pv.extra
        if words not in ("", "%"):
            return None   # "90% (74/82)", "1,580 (381.5 per 10,000)": they say what they are
        return num, words == "%"
    m = _BARE_SECOND.match(pv.note.strip()) if pv.note else None
    if m:
        return float(m.group(1).replace(",", "")), bool(m.group(2))
    return None


__all__ = ["LabelSplit", "holds_two", "second_figure", "split_label"]
