"""What an indicator means, as concepts of the vocabulary (``meaning`` in resources/catalogue/*.json).

Kept apart from the recogniser so that loading the catalogue stays light: nothing here
imports the fuzzy matching library.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Meaning:
    """What an indicator is about, as concepts (see ``resources/catalogue/vocabulary.json``)."""

    requires: tuple[frozenset[str], ...] = ()
    implies: tuple[frozenset[str], ...] = ()
    allows: frozenset[str] = frozenset()
    excludes: frozenset[str] = frozenset()
    code_only: bool = False
    #: concepts a label may state but that make the indicator only a near match, each with why
    #: ("completed" s47 enquiries: the DfE counts those started): a suggestion, never placed unasked
    caveats: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_json(cls, data: dict | None) -> "Meaning | None":
        if not data:
            return None

        def groups(items):
            return tuple(frozenset(str(x).split("|")) for x in items or ())
        return cls(groups(data.get("requires")), groups(data.get("implies")), frozenset(data.get("allows", ())),
                   frozenset(data.get("excludes", ())), bool(data.get("code_only", False)),
                   tuple(sorted((str(k), str(v)) for k, v in (data.get("caveats") or {}).items())))

    @property
    def explains(self) -> frozenset[str]:
        out = set(self.allows) | {c for c, _ in self.caveats}
        for g in self.requires + self.implies:
            out |= g
        return frozenset(out)


__all__ = ["Meaning"]
