"""The raw data view's model: every observation, sortable and filterable, smooth at a million rows.

Columns are held as numpy arrays; sorting is an argsort permutation and filtering a
boolean mask turned into an index array (:class:`~cpdesk.models.permuted_model.PermutedTableModel`
keeps the selection on its rows when they move), so no proxy model walks the rows.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt

from cpdesk.models.permuted_model import PermutedTableModel

if TYPE_CHECKING:   # numpy and pandas are imported when a frame arrives, not at start-up
    import numpy as np
    import pandas as pd

#: Columns shown, with their headers.
SHOWN = [("indicator", "Indicator"), ("label", "Label as written"), ("area", "Area"), ("area_role", "Role"),
         ("period", "Period"), ("period_label", "Period as written"), ("value", "Value"), ("numerator", "Numerator"),
         ("denominator", "Denominator"), ("flag", "Flag"), ("note", "Note"), ("source", "Source")]
_NUMERIC = {"value", "numerator", "denominator"}
_TEXT_FILTER_COLUMNS = ("indicator", "label", "area", "area_role", "period", "flag", "source")
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


class ObservationsModel(PermutedTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._cols: list[np.ndarray] = []
        self._names: list[str] = [c for c, _ in SHOWN]
        self._headers: list[str] = [h for _, h in SHOWN]
        self._order: np.ndarray | tuple = ()           # current sort permutation of all rows
        self._mask: np.ndarray | None = None
        self._codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._total = 0
        self._numeric_cols = {i for i, n in enumerate(self._names) if n in _NUMERIC}
        self._source_parts: tuple[np.ndarray, np.ndarray] | None = None   # (source_prefix, cell)

    # -- data ---------------------------------------------------------------------------
    def set_frame(self, df: pd.DataFrame) -> None:
        import numpy as np
        import pandas as pd
        self.beginResetModel()
        self._cols = []
        self._source_parts = None
        for name in self._names:
            if name == "source" and "source_prefix" in df.columns:
                # made a row at a time as shown; all of them only when sorted or filtered on
                self._source_parts = (df["source_prefix"].to_numpy(dtype=object), df["cell"].to_numpy(dtype=object))
                self._cols.append(None)
                continue
            col = df[name] if name in df.columns else pd.Series([None] * len(df))
            if name in _NUMERIC:
                self._cols.append(col.to_numpy(dtype=np.float64, na_value=np.nan))
            else:
                self._cols.append(col.to_numpy(dtype=object))
        self._total = len(df)
        self._order = np.arange(self._total, dtype=np.int64)
        self._mask = None
        self._codes = {}
        self.reset_rows(self._total, self._order)
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._names)

    def data(self, index, role=_DISPLAY):
        # Roles are compared as plain ints: comparing with Qt's enum members costs microseconds per call.
        if role == _DISPLAY or role == _ACCESSIBLE:
            c = index.column()
            col = self._cols[c]
            if col is None:
                from cpdesk.observations import row_source
                i = self.view[index.row()]
                return row_source(self._source_parts[0][i], self._source_parts[1][i])
            v = col[self.view[index.row()]]
            if c in self._numeric_cols:
                return "" if v != v else f"{v:,.10g}"
            return "" if v is None else str(v)
        if role == _ALIGN:
            return _RIGHT if index.column() in self._numeric_cols else None
        return None

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Horizontal:
            return self._headers[section]
        return str(section + 1)

    def column_name(self, column: int) -> str:
        return self._names[column]

    # -- sorting and filtering ------------------------------------------------------------
    def _sort_codes(self, column: int) -> np.ndarray:
        import pandas as pd
        name = self._names[column]
        if name not in self._codes:
            col = self._column(column)
            if name in _NUMERIC:
                keys = col
            else:
                codes, uniques = pd.factorize(col, sort=True, use_na_sentinel=True)
                keys = codes
            self._codes[name] = keys
        return self._codes[name]

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        if not self._total:
            return
        import numpy as np
        keys = self._sort_codes(column)
        perm = np.argsort(keys, kind="stable")
        if order == Qt.DescendingOrder:
            # keep ties in their original order while reversing the values
            perm = np.argsort(-keys if keys.dtype.kind == "f" else -keys.astype(np.int64), kind="stable")
        self._order = perm.astype(np.int64)
        self.show_rows(self._shown())

    def set_filter(self, text: str, column: int | None = None) -> None:
        """Show only rows whose text contains ``text`` (case-insensitive), in one column or the main ones."""
        import numpy as np
        import pandas as pd
        text = (text or "").strip().lower()
        if not text:
            mask = None
        else:
            names = [self._names[column]] if column is not None else list(_TEXT_FILTER_COLUMNS)
            mask = np.zeros(self._total, dtype=bool)
            for name in names:
                col = self._column(self._names.index(name))
                codes, uniques = pd.factorize(col.astype(str) if name in _NUMERIC else col, use_na_sentinel=True)
                hits = np.array([text in str(u).lower() for u in uniques], dtype=bool)
                if hits.any():
                    good = codes >= 0
                    mask[good] |= hits[codes[good]]
        self.beginResetModel()
        self._mask = mask
        self.reset_rows(self._total, self._shown())
        self.endResetModel()

    def _column(self, column: int) -> np.ndarray:
        """A column's values for every row (the sources made the first time they are needed)."""
        if self._cols[column] is None:
            import pandas as pd

            from cpdesk.observations import source_texts
            prefix, cell = self._source_parts
            frame = pd.DataFrame({"source_prefix": prefix, "cell": cell}, copy=False)
            self._cols[column] = source_texts(frame).to_numpy(dtype=object)
        return self._cols[column]

    def _shown(self):
        """The rows shown: the sort order, less those the filter hides."""
        if self._mask is None or not self._total:
            return self._order
        return self._order[self._mask[self._order]]


__all__ = ["ObservationsModel", "SHOWN"]
