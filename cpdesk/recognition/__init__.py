"""Recognising indicators by what a label means (see :mod:`cpdesk.recognition.recogniser`)."""
from cpdesk.recognition.evidence import NO_EVIDENCE, UnitEvidence
from cpdesk.recognition.recogniser import (Candidate, LabelContext, Meaning, Recognition, Recogniser,
                                           RECOGNISE_AT, SUGGEST_AT)

__all__ = ["Candidate", "LabelContext", "Meaning", "NO_EVIDENCE", "RECOGNISE_AT", "Recognition", "Recogniser",
           "SUGGEST_AT", "UnitEvidence"]
