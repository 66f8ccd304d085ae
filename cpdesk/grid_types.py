"""What the indicator grid shows, as plain data: rows, columns and cells with their texts.

Standard library only (no pandas, no Qt), so the window can show a grid saved earlier
(:mod:`cpdesk.grid_cache`) or shipped for each authority (:mod:`cpdesk.first_grid`) before
the heavy libraries are imported. :mod:`cpdesk.grid` builds these from observations.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from cpdesk.vocabulary import COMPARATOR_NAMES, COMPARATOR_ROLES, GRANULARITIES, GRANULARITY_NAMES  # noqa: F401

#: Column headers of the comparator columns (the full name is the header's tooltip).
SHORT_NAMES = {r.id: r.short for r in COMPARATOR_ROLES}
#: One period of each granularity, in words ("a year", "a quarter").
PERIOD_WORDS = {"years": "year", "quarters": "quarter", "months": "month", "snapshots": "date"}


@dataclass
class GridRow:
    kind: str                # "group" or "indicator"
    key: str                 # indicator id, "label:<text>" for unrecognised rows, or the group id
    name: str
    group: str = ""
    polarity: str = "none"
    unit: str = "number"
    definition: str = ""
    target: float | None = None      # the one target for every period, set in cpdesk
    decimals: int = 1


@dataclass
class GridColumn:
    kind: str                # "period", "comparator", "target" or "rank"
    key: str
    label: str
    end: object = None       # pd.Timestamp (or datetime) of a period column's end
    granularity: str = ""    # of a period column: years, quarters, months or snapshots
    name: str = ""           # the full name (a comparator column's label is short)

    @property
    def frozen(self) -> bool:
        """Comparator, target and rank columns stay in view while the periods scroll."""
        return self.kind != "period"


@dataclass
class GridCell:
    text: str = ""
    value: float | None = None
    state: str | None = None          # better/similar/worse/not_compared or green/amber/red/no_target
    direction: str | None = None
    small: bool = False
    numerator: float | None = None
    denominator: float | None = None
    interval: tuple[float, float] | None = None
    comparator_value: float | None = None
    comparator_label: str = ""
    target: float | None = None
    target_state: str | None = None   # green/amber/red against the target, whatever the comparator
    rank: str = ""
    flag: str | None = None
    period: str = ""
    source: str = ""
    note: str = ""
    differs: bool = False             # the user's own figure and the built-in national one disagree
    previous: float | None = None     # the value of the previous period of the same kind
    previous_period: str = ""
    background: str | None = None
    foreground: str | None = None
    tooltip: str = ""
    accessible: str = ""


@dataclass
class Grid:
    rows: list[GridRow]
    columns: list[GridColumn]
    cells: list[list[GridCell]]
    area: str | None
    comparator: str
    comparator_name: str
    granularity: str
    areas: list[str] = field(default_factory=list)
    comparator_areas: list[str] = field(default_factory=list)
    note: str = ""                   # a sentence about what is shown (one figure only, more periods elsewhere)
    up_to: str = ""                  # the latest period shown: comparators, target and rank are for it
    up_to_choices: list[str] = field(default_factory=list)   # every period of this granularity, oldest first
    granularities: list[str] = field(default_factory=list)   # those the area has figures for

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.columns)

    def cell(self, row: int, col: int) -> GridCell:
        return self.cells[row][col]

    def period_labels(self) -> list[str]:
        """Labels of the period columns shown, oldest first."""
        return [c.label for c in self.columns if c.kind == "period"]


__all__ = ["COMPARATOR_NAMES", "SHORT_NAMES", "GRANULARITIES", "GRANULARITY_NAMES", "PERIOD_WORDS", "GridRow",
           "GridColumn", "GridCell", "Grid"]
