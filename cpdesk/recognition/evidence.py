"""What the values under a label say about what they measure.

A percent format or a "%" on a cell says percentage; fractions below 1 say a percentage
written as a fraction; a figure with decimals cannot be a count of children; a figure
above 100 cannot be a percentage. The recogniser weighs this against the label's words.
"""
from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitEvidence:
    """A summary of a label's values (hashable, so recognitions can be cached)."""

    n: int = 0                  # numeric values seen
    percent_marks: int = 0      # written "9.1%" or formatted as a percentage
    fractions: int = 0          # strictly between 0 and 1, not percent-formatted
    non_integers: int = 0       # values with a fractional part (not percent-formatted)
    max_value: float = 0.0      # the largest value, in the units written (percent-formatted cells x100)
    integers_over_100: int = 0  # whole numbers above 100
    #: the table writes its percentages with "%" or a percent format, and these figures are
    #: whole numbers without one (not all 0, none of them 100, which may be percentages): numbers
    marked_table: bool = False

    @classmethod
    def from_values(cls, values, percent_flags=None, *, marked_table: bool = False) -> "UnitEvidence":
        """Build from numbers and, in parallel, whether each was shown as a percentage.

        ``marked_table``: the other figures of the table are written with "%" or formatted as
        percentages, so whole numbers written without are counts.
        """
        n = pct = frac = nonint = over = 0
        biggest = 0.0
        flags = list(percent_flags) if percent_flags is not None else None
        for i, v in enumerate(values):
            if v is None or isinstance(v, bool):
                continue
            try:
                x = float(v)
            except (TypeError, ValueError):
                continue
            if math.isnan(x) or math.isinf(x):
                continue
            n += 1
            marked = bool(flags[i]) if flags is not None and i < len(flags) else False
            if marked:
                pct += 1
            else:
                if 0 < x < 1:
                    frac += 1
                if x != int(x):
                    nonint += 1
                if x > 100 and x == int(x):
                    over += 1
            biggest = max(biggest, abs(x))
        # 100 may be a percentage, and so may a row of noughts
        whole_unmarked = (marked_table and n >= 2 and pct == 0 and nonint == 0 and biggest > 0
                          and not any(_is_100(v) for v in values))
        return cls(n, pct, frac, nonint, biggest, over, whole_unmarked)

    @property
    def percent(self) -> bool:
        """The values are shown as percentages."""
        return self.percent_marks > 0 and self.percent_marks * 2 >= self.n

    @property
    def as_fractions(self) -> bool:
        """Every value lies between 0 and 1 and some are not 0 or 1: a percentage written as a fraction."""
        return self.n > 0 and self.percent_marks == 0 and self.fractions > 0 and self.max_value <= 1

    @property
    def not_a_count(self) -> bool:
        return self.percent_marks > 0 or self.non_integers > 0

    @property
    def not_a_percent(self) -> bool:
        return self.percent_marks == 0 and self.max_value > 100

    @property
    def counts_beside_percents(self) -> bool:
        """Whole numbers without "%" in a table whose percentages carry one: numbers, unless
        the label says otherwise (only used when it names no measure)."""
        return self.marked_table

    def describe(self) -> str:
        if self.percent:
            return "the cells are percentages"
        if self.as_fractions:
            return "the values are fractions below 1"
        if self.non_integers:
            return "the values have decimals"
        if self.not_a_percent:
            return "the values are above 100"
        if self.marked_table:
            return "the values are whole numbers where the table writes its percentages with %"
        return "the values are whole numbers"


def _is_100(v) -> bool:
    try:
        return float(v) == 100.0
    except (TypeError, ValueError):
        return False


NO_EVIDENCE = UnitEvidence()

__all__ = ["NO_EVIDENCE", "UnitEvidence"]
