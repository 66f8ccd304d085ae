"""A checkable list of indicators (the trend view's picker)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class IndicatorListModel(QAbstractListModel):
    """Rows of ``(id, text)`` with a check box each; ``checkedChanged`` fires when ticks change."""

    checkedChanged = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._ids: list[str] = []
        self._texts: list[str] = []
        self._checked: set[str] = set()

    def set_items(self, items: list[tuple[str, str]], checked=()) -> None:
        self.beginResetModel()
        self._ids = [i for i, _ in items]
        self._texts = [t for _, t in items]
        self._checked = {i for i in checked if i in set(self._ids)}
        self.endResetModel()
        self.checkedChanged.emit()

    def ids(self) -> list[str]:
        return list(self._ids)

    def checked_ids(self) -> list[str]:
        """Ticked ids in list order."""
        return [i for i in self._ids if i in self._checked]

    def set_checked(self, ids, exclusive: bool = False) -> None:
        want = {i for i in ids if i in set(self._ids)}
        new = want if exclusive else self._checked | want
        if new == self._checked:
            return
        self._checked = new
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1), [Qt.ItemDataRole.CheckStateRole])
        self.checkedChanged.emit()

    def row_of(self, indicator_id: str) -> int:
        return self._ids.index(indicator_id) if indicator_id in self._ids else -1

    # -- Qt ---------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = index.row()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._texts[r]
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if self._ids[r] in self._checked else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return self._ids[r]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        ind = self._ids[index.row()]
        state = Qt.CheckState(value) if not isinstance(value, Qt.CheckState) else value
        if state == Qt.CheckState.Checked:
            self._checked.add(ind)
        else:
            self._checked.discard(ind)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checkedChanged.emit()
        return True


__all__ = ["IndicatorListModel", "ID_ROLE"]
