"""What the indicator grid shows, as plain data: rows, columns and cells with their texts.

Standard library only (no pandas, no Qt), so the window can show a grid saved earlier
(:mod:`cpdesk.grid_cache`) before the heavy libraries are imported. :mod:`cpdesk.grid`
builds these from observations.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from cpdesk.vocabulary import COMPARATOR_NAMES  # noqa: F401 - the grid's comparator names, from the one home


@dataclass
class GridRow:
    kind: str                # "group" or "indicator"
    key: str                 # indicator id, "label:<text>" for unrecognised rows, or the group id
    name: str
    group: str = ""
    polarity: str = "none"
    unit: str = "number"
    definition: str = ""
    target: float | None = None


@dataclass
class GridColumn:
    kind: str                # "period", "comparator" or "rank"
    key: str
    label: str
    end: object = None       # pd.Timestamp (or datetime) of a period column's end


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
    rank: str = ""
    flag: str | None = None
    period: str = ""
    source: str = ""
    note: str = ""
    differs: bool = False             # the user's own figure and the built-in national one disagree
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

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.columns)

    def cell(self, row: int, col: int) -> GridCell:
        return self.cells[row][col]
