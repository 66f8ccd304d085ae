"""A thin table model over a frame of records (the records behind a figure, a data-quality report).

The text of every cell is worked out once when the frame is set; sorting is an argsort
permutation of the original values, so ``data()`` only indexes arrays.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from PySide6.QtCore import QModelIndex, Qt

from cpdesk.models.permuted_model import PermutedTableModel

#: Column headings where the field name, tidied, would not read well.
HEADINGS = {
    "child_id": "Child", "row": "Row", "in_numerator": "In numerator", "icpc": "ICPC date",
    "strategy_discussion": "Strategy discussion", "working_days": "Working days to ICPC",
    "check_name": "Problem", "detail": "Detail", "record": "Record", "field": "Column",
    "previous_plans_recorded": "Previous plans (recorded)", "previous_plan_row": "Previous plan row",
    "days_on_plan_at_snapshot": "Days on plan at snapshot", "first_missed_or_late_due": "First late or missed review due",
}
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


def heading(name: str) -> str:
    return HEADINGS.get(name, name.replace("_", " ").capitalize())


def cell_text(v) -> str:
    """A record's value as the table shows it: dates dd/mm/yyyy, yes/no, whole numbers without .0."""
    if v is None or v is pd.NaT:
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, (dt.date, dt.datetime)):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, np.datetime64):
        return "" if np.isnat(v) else pd.Timestamp(v).strftime("%d/%m/%Y")
    if isinstance(v, (float, np.floating)):
        if v != v:
            return ""
        return f"{int(v):,}" if float(v).is_integer() and abs(v) >= 1e4 else (
            str(int(v)) if float(v).is_integer() else f"{v:,.2f}")
    return str(v)


def _sort_key(values: pd.Series) -> np.ndarray:
    """Positions of the rows in ascending order of ``values`` (blanks last, stable)."""
    s = values
    if s.dtype == object:
        kinds = {type(v) for v in s.dropna()}
        if kinds and all(issubclass(k, (dt.date, pd.Timestamp)) for k in kinds):
            s = pd.to_datetime(s, errors="coerce")
        elif kinds and all(issubclass(k, (int, float, np.integer, np.floating)) for k in kinds):
            s = pd.to_numeric(s, errors="coerce")
        else:
            s = s.map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v).lower())
    return s.reset_index(drop=True).sort_values(kind="stable", na_position="last").index.to_numpy(dtype=np.int64)


class RecordsModel(PermutedTableModel):
    """Rows of a frame, read-only, sortable by any column."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._frame = pd.DataFrame()
        self._text: list[np.ndarray] = []
        self._numeric: list[bool] = []
        self._headers: list[str] = []

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self._frame = frame.reset_index(drop=True)
        self._headers = [heading(str(c)) for c in self._frame.columns]
        self._text = [np.array([cell_text(v) for v in self._frame[c].tolist()], dtype=object)
                      for c in self._frame.columns]
        self._numeric = [pd.api.types.is_numeric_dtype(self._frame[c]) and not pd.api.types.is_bool_dtype(self._frame[c])
                         for c in self._frame.columns]
        self.reset_rows(len(self._frame))
        self.endResetModel()

    def frame(self) -> pd.DataFrame:
        """The frame in the order shown."""
        return self._frame.iloc[self.view].reset_index(drop=True)

    def column_names(self) -> list[str]:
        return [str(c) for c in self._frame.columns]

    def visible_table(self) -> tuple[list[str], list[list[str]]]:
        """Headings and the rows' text, in the order shown."""
        rows = [[col[i] for col in self._text] for i in self.view]
        return list(self._headers), rows

    # -- Qt interface -------------------------------------------------------------------
    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index, role=Qt.DisplayRole):
        role = int(role.value) if hasattr(role, "value") else int(role)
        if role in (_DISPLAY, _ACCESSIBLE, _TOOLTIP):
            return self._text[index.column()][self.view[index.row()]]
        if role == _ALIGN and self._numeric[index.column()]:
            return _RIGHT
        return None

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1)

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        if not (0 <= column < len(self._headers)) or not len(self._frame):
            return
        pos = _sort_key(self._frame.iloc[:, column])
        self.show_rows(pos[::-1].copy() if order == Qt.DescendingOrder else pos)


__all__ = ["RecordsModel", "heading", "cell_text", "HEADINGS"]
