"""The recogniser over a labelled corpus of real wording (tests/recognition_corpus/).

Top-1 accuracy: the first candidate is the expected indicator (for a text that means no
catalogue indicator: nothing is recognised). A unit error is a recognised indicator whose
unit differs from the expected one's (a count placed as a percentage). A false match is a
text that means no catalogue indicator recognised as one. The bar: 97% top-1, no unit
error, no false match — on the tuning part and on each held-out part alike.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cpdesk.catalogue import default_catalogue
from cpdesk.recognition import LabelContext, UnitEvidence

CORPUS = Path(__file__).resolve().parent / "recognition_corpus"

#: What the evidence column stands for, as values the recogniser sees.
_EVIDENCE = {
    "percent": (UnitEvidence.from_values([9.1, 12.0, 20.4], [True, True, True]), None),
    "count": (UnitEvidence.from_values([44, 126, 310]), None),
    "decimal": (UnitEvidence.from_values([8.3, 18.9, 6.0]), None),
    "fraction": (UnitEvidence.from_values([0.091, 0.12]), None),
    "rate": (UnitEvidence(), "rate"),
    "": (UnitEvidence(), None),
}


@dataclass
class Score:
    rows: int = 0
    top1: int = 0
    recognised: int = 0
    unit_errors: list = field(default_factory=list)
    false_matches: list = field(default_factory=list)
    wrong_placements: list = field(default_factory=list)
    misses: list = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.top1 / self.rows if self.rows else 0.0

    def line(self, name: str) -> str:
        return (f"{name}: {self.rows} texts, top-1 {100 * self.accuracy:.1f}% ({self.top1}), recognised without "
                f"asking {self.recognised}, unit errors {len(self.unit_errors)}, false matches "
                f"{len(self.false_matches)}, other wrong placements {len(self.wrong_placements)}")


def load(name: str) -> list[dict]:
    with open(CORPUS / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def evaluate(rows: list[dict]) -> Score:
    cat = default_catalogue()
    score = Score()
    for r in rows:
        evidence, measure = _EVIDENCE[r["evidence"]]
        rec = cat.recognise(r["text"], LabelContext(title=r["context"], evidence=evidence, measure=measure))
        expected = r["expected"]
        top = rec.top.indicator_id if rec.top is not None and rec.status != "local" else "none"
        placed = rec.indicator_id
        score.rows += 1
        score.recognised += placed is not None
        if expected == "none":
            good = placed is None
            if placed is not None:
                score.false_matches.append((r["text"], placed))
        else:
            good = top == expected
            if placed is not None and placed != expected:
                if cat[placed].unit != cat[expected].unit:
                    score.unit_errors.append((r["text"], expected, placed))
                else:
                    score.wrong_placements.append((r["text"], expected, placed))
        if good:
            score.top1 += 1
        else:
            score.misses.append((r["text"], expected, rec.status, top))
    return score


def test_corpus_is_large_enough_and_well_formed():
    cat = default_catalogue()
    rows = load("tune.csv") + load("holdout.csv") + load("holdout2.csv") + load("holdout3.csv")
    assert len(rows) >= 300
    assert all(r["expected"] == "none" or r["expected"] in cat for r in rows)
    assert all(r["evidence"] in _EVIDENCE and r["source"] for r in rows)
    assert sum(r["expected"] == "none" for r in rows) >= 60   # plenty of texts that must stay local


@pytest.mark.parametrize("part", ["tune.csv", "holdout.csv", "holdout2.csv", "holdout3.csv"])
def test_recognition_meets_the_bar(part, capsys):
    score = evaluate(load(part))
    with capsys.disabled():
        print("\n" + score.line(part))
    assert not score.unit_errors, score.unit_errors
    assert not score.false_matches, score.false_matches
    assert score.accuracy >= 0.97, "\n".join(map(str, score.misses))
