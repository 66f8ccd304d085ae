"""What a reader hands to table finding: the sheets of one file as grids of cell values."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

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


def rows_to_frame(rows: list[list[object]], width: int | None = None) -> pd.DataFrame:
    """A grid of ragged rows as an object DataFrame, short rows padded with None.

    Transposed with ``zip_longest`` (in C), which is fast for a million rows and keeps
    pandas from guessing column types.
    """
    if hasattr(rows, "frame"):                 # a big CSV's rows (csv_reader.FrameRows): already columns
        return rows.frame(width)
    if rows and len(set(map(len, rows))) == 1 and len(rows[0]):
        # Rectangular (calamine's grids are): numpy lays the rows out in one C pass.
        grid = np.empty((len(rows), len(rows[0])), dtype=object)
        grid[:] = rows
        n = grid.shape[1] if width is None else width
        cols = {i: grid[:, i] if i < grid.shape[1] else np.full(len(rows), None, dtype=object) for i in range(n)}
        return pd.DataFrame(cols, index=pd.RangeIndex(len(rows)))
    columns = list(itertools.zip_longest(*rows)) if rows else []
    n = len(columns) if width is None else width
    columns = columns[:n] + [(None,) * len(rows)] * (n - len(columns))
    return pd.DataFrame({i: np.array(c, dtype=object) for i, c in enumerate(columns)}, index=pd.RangeIndex(len(rows)))
