"""Recognising indicators by what a label means (see :mod:`cpdesk.recognition.recogniser`).

The names below are imported on first use, so loading the catalogue (which needs only
:class:`~cpdesk.recognition.meaning.Meaning`) does not import the fuzzy matcher.
"""
from __future__ import annotations

import importlib

_WHERE = {
    "Candidate": "recogniser", "LabelContext": "recogniser", "Recognition": "recogniser", "Recogniser": "recogniser",
    "RECOGNISE_AT": "recogniser", "SUGGEST_AT": "recogniser", "Meaning": "meaning", "NO_EVIDENCE": "evidence",
    "UnitEvidence": "evidence",
}


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"cpdesk.recognition.{module}"), name)


__all__ = sorted(_WHERE)
