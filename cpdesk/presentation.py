"""How judgements look and read: the palette, symbols and words, and the grid defaults.

Both are data (``resources/palette.json``, ``resources/defaults.json``); this module only
loads them and formats values the same way everywhere.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache

from cpdesk.resources import resource

FLAG_WORDS = {
    "c": "suppressed (small number)", "x": "not available", "z": "not applicable", "u": "low reliability",
    "k": "rounds to zero", "low": "fewer than 5", "tbc": "to be confirmed", "text": "not a number",
}


@lru_cache(maxsize=1)
def palette() -> dict:
    return json.loads(resource("palette.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def defaults() -> dict:
    return json.loads(resource("defaults.json").read_text(encoding="utf-8"))


def state_style(state: str | None) -> dict:
    """background, text, symbol and word of a judgement state (``better`` ... ``no_target``)."""
    return palette()["states"].get(state or "not_compared", palette()["states"]["not_compared"])


def direction_style(direction: str | None) -> dict:
    return palette()["directions"].get(direction or "", {"symbol": "", "word": ""})


def format_value(value, unit: str = "number", decimals: int = 1) -> str:
    """A value as a reader expects it: ``9.1%``, ``1,234``, ``41.7``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if unit == "count":
        decimals = 0 if float(value).is_integer() else decimals
    text = f"{value:,.{decimals}f}"
    return text + "%" if unit == "percent" else text


def flag_text(flag: str | None) -> str:
    return FLAG_WORDS.get(str(flag).lower(), str(flag)) if flag else ""
