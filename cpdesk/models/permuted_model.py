"""A table model that shows its rows through a permutation (sorting) and a subset (filtering).

Rows are held once, as arrays; the model shows ``view``, the source rows in the order shown.
Sorting computes a new view (an argsort) and :meth:`PermutedTableModel.show_rows` swaps it in
as a layout change: every persistent index (the selection, the current cell) is moved to
where its source row went, through the inverse permutation, so an index on one row never
reads another row after sorting. No proxy model walks the rows.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex

if TYPE_CHECKING:   # numpy is imported when rows arrive, not at start-up (the window paints first)
    import numpy as np


class PermutedTableModel(QAbstractTableModel):
    """Base for models whose rows are source rows shown in ``view`` order.

    Subclasses answer ``data()`` by indexing their arrays with ``self.view[index.row()]``
    and call :meth:`reset_rows` when new data arrives, :meth:`show_rows` to sort.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view: np.ndarray | tuple = ()           # source rows, in the order shown
        self._inverse: np.ndarray | None = None      # source row -> row shown (-1: not shown)
        self._n_source = 0

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.view)

    def reset_rows(self, n_source: int, view: np.ndarray | None = None) -> None:
        """New data of ``n_source`` rows (call between beginResetModel and endResetModel)."""
        import numpy as np
        self._n_source = int(n_source)
        self.view = np.arange(self._n_source, dtype=np.int64) if view is None else np.asarray(view, dtype=np.int64)
        self._inverse = None

    def source_row(self, row: int) -> int:
        """Position in the source of the row shown at ``row``."""
        return int(self.view[row])

    def row_of(self, source_row: int) -> int:
        """Where source row ``source_row`` is shown (-1: it is filtered out)."""
        return int(self.inverse()[source_row])

    def inverse(self) -> np.ndarray:
        """The inverse permutation: for each source row, the row it is shown at (-1 where not shown)."""
        if self._inverse is None:
            import numpy as np
            inv = np.full(self._n_source, -1, dtype=np.int64)
            inv[self.view] = np.arange(len(self.view), dtype=np.int64)
            self._inverse = inv
        return self._inverse

    def show_rows(self, view: np.ndarray) -> None:
        """Show the source rows ``view`` in this order, keeping persistent indexes on their rows."""
        import numpy as np
        self.layoutAboutToBeChanged.emit()
        old_view = self.view
        self.view = np.asarray(view, dtype=np.int64)
        self._inverse = None
        before = self.persistentIndexList()
        if before:
            inv = self.inverse()
            after = []
            for index in before:
                r = index.row()
                new_row = int(inv[old_view[r]]) if 0 <= r < len(old_view) else -1
                after.append(self.index(new_row, index.column()) if new_row >= 0 else QModelIndex())
            self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()


__all__ = ["PermutedTableModel"]
