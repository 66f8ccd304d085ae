"""What a reader hands to table finding: the sheets of one file as grids of cell values.

No numpy or pandas at import: the reading worker reads a file with this module while
another thread imports pandas (see :mod:`cpdesk.importing.reader_worker`).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


def rows_to_columns(rows: list[list[object]], width: int | None = None) -> list[np.ndarray]:
    """A grid of ragged rows as one object array per column, short rows padded with None.

    Rectangular grids (calamine's) are laid out by numpy in one C pass; ragged ones are
    transposed with ``zip_longest`` (in C). A big CSV's rows (:class:`csv_reader.FrameRows`)
    are columns already.
    """
    if hasattr(rows, "columns_for"):
        return rows.columns_for(width)
    import numpy as np

    if rows and len(set(map(len, rows))) == 1 and len(rows[0]):
        # one C pass over the cells (assigning the rows to a 2-D array costs four times as much)
        grid = np.fromiter(itertools.chain.from_iterable(rows), dtype=object,
                           count=len(rows) * len(rows[0])).reshape(len(rows), len(rows[0]))
        n = grid.shape[1] if width is None else width
        return [grid[:, i] if i < grid.shape[1] else np.full(len(rows), None, dtype=object) for i in range(n)]
    columns = list(itertools.zip_longest(*rows)) if rows else []
    n = len(columns) if width is None else width
    columns = columns[:n] + [(None,) * len(rows)] * (n - len(columns))
    return [np.array(c, dtype=object) for c in columns]


def rows_to_frame(rows: list[list[object]], width: int | None = None) -> pd.DataFrame:
    """A grid of ragged rows as a DataFrame of its cells, short rows padded with None
    (see :func:`rows_to_columns`); pandas does not guess numeric column types."""
    if hasattr(rows, "frame"):                 # a big CSV's rows (csv_reader.FrameRows): already columns
        return rows.frame(width)
    import pandas as pd

    columns = rows_to_columns(rows, width)
    return pd.DataFrame(dict(enumerate(columns)), index=pd.RangeIndex(len(rows)))
