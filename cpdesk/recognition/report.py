"""What recognition made of each label of a file: recognised, suggested or left local.

``label_report`` joins what table reading asked (:class:`cpdesk.recognition.Recognition`,
one per label and table) with what was placed (the observations), so a label read by a
tidy list or an official code is reported too. A *suggestion* is a label that probably
means a catalogue indicator, but not surely enough to place its figures there: they stay a
local indicator until the user confirms (``cpdesk inspect`` lists them with why; the
window's Sources panel offers them for one click).
"""
from __future__ import annotations

STATUSES = ("recognised", "suggested", "local")


def _base(label: str, written: str) -> bool:
    """A recognition's label is an observation's label, or its stem ("Repeat plans (count)")."""
    return written == label or written.startswith(label + " (")


def label_report(observations, recognitions) -> list[dict]:
    """One entry per distinct label of ``observations``, in order of appearance::

        {"label", "status", "indicator", "score", "explanation", "alternatives", "sheet", "cell", "count"}

    ``indicator`` is the placed indicator (recognised), the suggested one (suggested) or None.
    """
    if observations is None or not len(observations):
        return []
    by_label: dict[str, list] = {}
    for rec in recognitions:
        by_label.setdefault(rec.label, []).append(rec)
    out = []
    for written, row in _firsts(observations):
        written = str(written)
        recs = by_label.get(written) or next((v for k, v in by_label.items() if _base(k, written)), [])
        placed = row["indicator"] if isinstance(row["indicator"], str) else None
        entry = {"label": written, "status": "local", "indicator": None, "score": None, "explanation": "",
                 "alternatives": [], "sheet": row["sheet"], "cell": row["cell"], "count": int(row["n"])}
        if placed:
            rec = next((r for r in recs if r.indicator_id == placed), None)
            entry.update(status="recognised", indicator=placed,
                         score=rec.top.score if rec else None,
                         explanation=rec.explanation if rec else f"named by its column or code: {placed}")
        else:
            sug = next((r for r in recs if r.status == "suggested"), None)
            if sug is not None:
                entry.update(status="suggested", indicator=sug.top.indicator_id, score=sug.top.score,
                             explanation=sug.top.explanation,
                             alternatives=[c.indicator_id for c in sug.candidates[1:3]])
            else:
                rec = next((r for r in recs if r.warning or r.note), recs[0] if recs else None)
                entry["explanation"] = rec.explanation if rec else "no indicator of the catalogue means this"
        out.append(entry)
    return out


def _firsts(observations):
    """(label, {"sheet", "cell", "indicator": the first of each that is not missing, "n": rows})
    for each distinct label in order of appearance, as ``groupby("label", sort=False)`` with
    ``first`` and ``size`` gives them, on codes (a national file has two million rows)."""
    import numpy as np
    import pandas as pd

    from cpdesk.object_codes import factorize_objects

    codes, labels = factorize_objects(observations["label"].to_numpy(dtype=object))
    labelled = codes >= 0                      # a missing label is no label (groupby leaves it out)
    rows_of = np.bincount(codes[labelled], minlength=len(labels))

    def first_rows(rows: np.ndarray) -> np.ndarray:
        at = np.full(len(labels), -1, dtype=np.intp)
        at[codes[rows][::-1]] = rows[::-1]
        return at

    first_row = first_rows(np.flatnonzero(labelled))
    firsts = {}
    for col in ("sheet", "cell", "indicator"):
        values = observations[col].to_numpy(dtype=object)
        at = first_row
        if pd.isna(values[at]).any():          # a label's first row has no value here: its first row that has
            at = first_rows(np.flatnonzero(labelled & ~pd.isna(values)))
        missing = None if observations[col].dtype == object else np.nan
        firsts[col] = [values[i] if i >= 0 else missing for i in at.tolist()]
    return [(label, {"sheet": firsts["sheet"][k], "cell": firsts["cell"][k], "indicator": firsts["indicator"][k],
                     "n": rows_of[k]}) for k, label in enumerate(labels)]


def counts(report: list[dict]) -> dict[str, int]:
    """How many labels were recognised, suggested and left local."""
    out = {s: 0 for s in STATUSES}
    for e in report:
        out[e["status"]] += 1
    return out


__all__ = ["STATUSES", "counts", "label_report"]
