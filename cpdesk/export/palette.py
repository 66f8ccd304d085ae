"""Colours, symbols and words for judgements, read from ``resources/palette.json``.

Every exporter takes its styling from here so that the grid, Word, Excel and HTML agree.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from cpdesk.resources import resource

#: Words used when the palette leaves a neutral state without one (the grid shows it blank;
#: a published table says it in words so that no cell is ambiguous).
_FALLBACK_WORDS = {"not_compared": "not compared", "no_target": "no target", "no_change": "no change"}


@dataclass(frozen=True)
class StateStyle:
    key: str
    word: str
    symbol: str = ""
    background: str | None = None  # "#rrggbb", or None for no shading
    text: str | None = None

    @property
    def label(self) -> str:
        """Symbol and word, as a cell shows them ("▲ better")."""
        return f"{self.symbol} {self.word}".strip()


@dataclass(frozen=True)
class Palette:
    states: dict[str, StateStyle]
    directions: dict[str, StateStyle]

    def state(self, key: str | None) -> StateStyle | None:
        if not key:
            return None
        return self.states.get(key) or self.directions.get(key) or StateStyle(key, _word(key))


def _word(key: str) -> str:
    return _FALLBACK_WORDS.get(key, key.replace("_", " "))


def _style(key: str, item: dict) -> StateStyle:
    return StateStyle(key=key, word=item.get("word") or _word(key), symbol=item.get("symbol") or "",
                      background=item.get("background") or None, text=item.get("text") or None)


@lru_cache(maxsize=1)
def load_palette() -> Palette:
    """The palette from ``resources/palette.json`` (``states`` or ``judgements``, and ``directions``)."""
    data = json.loads(resource("palette.json").read_text(encoding="utf-8"))
    states = data.get("states") or data.get("judgements") or {}
    return Palette({k: _style(k, v) for k, v in states.items()},
                   {k: _style(k, v) for k, v in data.get("directions", {}).items()})
