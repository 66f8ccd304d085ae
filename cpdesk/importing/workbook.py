"""What a reader hands to table finding: the sheets of one file as grids of cell values."""
from __future__ import annotations

from dataclasses import dataclass, field

FORMATS = ("xlsx", "xlsm", "xlsb", "xls", "ods", "csv")


@dataclass
class SheetData:
    """One sheet as a grid.

    ``rows[r][c]`` is the cell at zero-based row ``r`` and column ``c`` counted from A1
    (rows may be ragged). Cells are None or "" when blank, else float, int, str, bool,
    ``datetime.date`` or ``datetime.datetime``.
    """

    name: str
    rows: list[list[object]]
    hidden: bool = False
    #: zero-based (row, col) of numeric cells the workbook shows as percentages (0.049 shown as 4.9%)
    percent_cells: frozenset[tuple[int, int]] = frozenset()
    #: merged ranges as zero-based inclusive (first_row, first_col, last_row, last_col)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.rows)


@dataclass
class Workbook:
    path: str
    name: str  # file name as shown to the user
    format: str
    sheets: list[SheetData]
    warnings: list[str] = field(default_factory=list)
