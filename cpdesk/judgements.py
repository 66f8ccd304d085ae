"""Polarity-aware judgements: one vocabulary for the grid, the exports and the command line.

- vs comparator: ``better`` / ``similar`` / ``worse`` / ``not_compared``
- vs target: ``green`` / ``amber`` / ``red`` / ``no_target``
- direction of travel: ``improving`` / ``no_change`` / ``worsening`` (judged indicators),
  ``up`` / ``no_change`` / ``down`` (no polarity), or None with nothing to compare
- quartile band ``A`` (best) to ``D`` and rank (1 = best, ties share the best rank)
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:    # numpy only for ranks: the first grid judges nothing new and is painted before it loads
    import numpy as np

VS_COMPARATOR = ("better", "similar", "worse", "not_compared")
VS_TARGET = ("green", "amber", "red", "no_target")
DIRECTIONS = ("improving", "no_change", "worsening", "up", "down")

Z_95 = 1.959963984540054


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def wilson_interval(numerator: float, denominator: float, z: float = Z_95) -> tuple[float, float] | None:
    """95% Wilson score interval for a proportion, in percentage points.

    Returns None when the denominator is missing or not positive.
    """
    if _missing(numerator) or _missing(denominator) or denominator <= 0:
        return None
    n = float(denominator)
    p = min(max(float(numerator) / n, 0.0), 1.0)
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = (z / (1 + z2 / n)) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (max(0.0, centre - half) * 100.0, min(1.0, centre + half) * 100.0)


def _better(value: float, other: float, polarity: str) -> bool:
    return value > other if polarity == "higher" else value < other


def vs_comparator(value, comparator, polarity: str, *, numerator=None, denominator=None,
                  tolerance_pct: float = 5.0) -> str:
    """Judge a value against a comparator.

    With a numerator and denominator, "similar" means the comparator lies inside the
    value's 95% Wilson interval. Without them, within ``tolerance_pct`` percent of the
    comparator (relative).
    """
    if polarity not in ("higher", "lower") or _missing(value) or _missing(comparator):
        return "not_compared"
    interval = wilson_interval(numerator, denominator)
    if interval is not None:
        lo, hi = interval
        if lo <= comparator <= hi:
            return "similar"
    else:
        band = abs(comparator) * tolerance_pct / 100.0
        if abs(value - comparator) <= band:
            return "similar"
    return "better" if _better(value, comparator, polarity) else "worse"


def vs_target(value, target, polarity: str, *, tolerance_pct: float = 10.0) -> str:
    """Green meets or beats the target; amber is worse but within ``tolerance_pct`` of the target; red beyond."""
    if polarity not in ("higher", "lower") or _missing(value) or _missing(target):
        return "no_target"
    if value == target or _better(value, target, polarity):
        return "green"
    band = abs(target) * tolerance_pct / 100.0
    return "amber" if abs(value - target) <= band else "red"


def direction(value, previous, polarity: str, *, decimals: int = 1) -> str | None:
    """Direction of travel from ``previous`` to ``value``; equal at the shown precision is ``no_change``."""
    if _missing(value) or _missing(previous):
        return None
    if round(value, decimals) == round(previous, decimals):
        return "no_change"
    if polarity in ("higher", "lower"):
        return "improving" if _better(value, previous, polarity) else "worsening"
    return "up" if value > previous else "down"


def ranks(values: Sequence[float], polarity: str) -> "np.ndarray":
    """Rank of each value among ``values`` (1 = best); ties share the best rank; NaN gets NaN.

    Indicators with no polarity are ranked highest first.
    """
    import numpy as np
    arr = np.asarray(values, dtype=float)
    out = np.full(arr.shape, np.nan)
    ok = ~np.isnan(arr)
    if not ok.any():
        return out
    key = arr[ok] if polarity == "lower" else -arr[ok]
    order = np.sort(key)
    out[ok] = np.searchsorted(order, key, side="left") + 1
    return out


def quartile_bands(values: Sequence[float], polarity: str) -> list[str | None]:
    """Quartile band A (best quarter) to D (worst) for each value; None for missing or no polarity.

    Bands follow the rank: a value ranked r of n is in band ``ceil(4 * r / n)``, so ties
    share a band and the best value is always A.
    """
    import numpy as np
    arr = np.asarray(values, dtype=float)
    if polarity not in ("higher", "lower"):
        return [None] * len(arr)
    r = ranks(arr, polarity)
    n = int((~np.isnan(arr)).sum())
    out: list[str | None] = []
    for x in r:
        if np.isnan(x) or n == 0:
            out.append(None)
        else:
            out.append("ABCD"[min(3, int(math.ceil(4 * x / n)) - 1)])
    return out


def small_numbers(denominator, threshold: int = 30) -> bool:
    """True when a percentage rests on so few cases that one child moves it noticeably."""
    return not _missing(denominator) and 0 < denominator < threshold
