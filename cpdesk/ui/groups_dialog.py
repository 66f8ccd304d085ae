"""Edit › Comparison groups: the user's own named groups of authorities, offered wherever a comparator is.

A group starts empty, or from the authority's statistical neighbours (either model) or its
region; authorities are ticked in a searchable list. Its figures are the mean of the
members' built-in figures (:mod:`cpdesk.benchmarks.groups`). The groups are kept in the
workspace; a change can be undone.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QListView,
                               QMessageBox, QPushButton, QVBoxLayout)

from cpdesk.errors import CpdeskError

NEW_NAME = "New group"


class AuthorityChecklist(QAbstractListModel):
    """Every authority, each with a tick box; ``changed`` says the ticks changed."""

    changed = Signal()

    def __init__(self, choices, parent=None):
        super().__init__(parent)
        self.choices = list(choices)
        self.ticked: set[str] = set()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.choices)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        c = self.choices[index.row()]
        if role == Qt.DisplayRole:
            return f"{c.name} ({c.region})"
        if role == Qt.CheckStateRole:
            return Qt.Checked if c.code in self.ticked else Qt.Unchecked
        if role == Qt.AccessibleTextRole:
            return f"{c.name}, {c.region}, {'in the group' if c.code in self.ticked else 'not in the group'}"
        return None

    def flags(self, index):
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable if index.isValid() else Qt.NoItemFlags

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if role != Qt.CheckStateRole or not index.isValid():
            return False
        code = self.choices[index.row()].code
        on = value in (Qt.Checked, Qt.Checked.value, 2)
        (self.ticked.add if on else self.ticked.discard)(code)
        self.dataChanged.emit(index, index, [Qt.CheckStateRole])
        self.changed.emit()
        return True

    def set_ticked(self, codes) -> None:
        self.beginResetModel()
        self.ticked = set(codes)
        self.endResetModel()
        self.changed.emit()

    def ticked_codes(self) -> list[str]:
        """Ticked authorities in the list's order (by name)."""
        return [c.code for c in self.choices if c.code in self.ticked]


class GroupsDialog(QDialog):
    """Edit ``groups`` (``[{"name", "members"}]``); ``la_code`` is the chosen authority (its neighbours, region)."""

    def __init__(self, groups, la_code: str | None, parent=None):
        super().__init__(parent)
        from cpdesk import builtin_figures
        self.setWindowTitle("Comparison groups")
        self.la_code = la_code
        self._groups = [dict(g, members=list(g["members"])) for g in groups]
        self._current = -1
        self.choices = builtin_figures.authorities()
        layout = QVBoxLayout(self)
        intro = QLabel("Compare with a group of your own choosing: the core cities of your region, the neighbours "
                       "of an earlier model, the authorities an inspection named. A group's figure is the mean of "
                       "its members' built-in figures (missing ones left out, as for statistical neighbours); your "
                       "authority's rank in the group is in each figure's details. Groups are kept in the workspace "
                       "and offered wherever a comparator is.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        body = QHBoxLayout()
        left = QVBoxLayout()
        self.group_list = QComboBox(self)
        self.group_list.setAccessibleName("Comparison group")
        left.addWidget(QLabel("&Group:", buddy=self.group_list))
        left.addWidget(self.group_list)
        self.new_button = QPushButton("&New group", self)
        self.remove_button = QPushButton("&Remove group", self)
        left.addWidget(self.new_button)
        left.addWidget(self.remove_button)
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Name of the group")
        left.addWidget(QLabel("&Name:", buddy=self.name))
        left.addWidget(self.name)
        self.start_from = QComboBox(self)
        self.start_from.setAccessibleName("Start the group from")
        self.start_from.addItem("Statistical neighbours (2025 model)", ("neighbours", 2025))
        self.start_from.addItem("Statistical neighbours (2021 model)", ("neighbours", 2021))
        self.start_from.addItem("The authorities of the region", ("region", None))
        self.use_button = QPushButton("Tick &these", self)
        self.use_button.setEnabled(bool(la_code))
        left.addWidget(QLabel("&Start from:", buddy=self.start_from))
        left.addWidget(self.start_from)
        left.addWidget(self.use_button)
        self.count = QLabel(self)
        left.addWidget(self.count)
        left.addStretch(1)
        right = QVBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Type to find an authority")
        self.search.setAccessibleName("Find an authority")
        self.search.setClearButtonEnabled(True)
        self.model = AuthorityChecklist(self.choices, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setAccessibleName("Authorities in the group (tick with the space bar)")
        right.addWidget(QLabel("&Members:", buddy=self.list))
        right.addWidget(self.search)
        right.addWidget(self.list, 1)
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        layout.addLayout(body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.group_list.currentIndexChanged.connect(self._show_group)
        self.new_button.clicked.connect(self.new_group)
        self.remove_button.clicked.connect(self.remove_group)
        self.use_button.clicked.connect(self.start_from_choice)
        self.model.changed.connect(self._count)
        self._fill_list()
        if not self._groups:
            self.new_group()
        self.resize(760, 560)

    # -- the list of groups --------------------------------------------------------------
    def _fill_list(self, select: int = 0) -> None:
        self.group_list.blockSignals(True)
        self.group_list.clear()
        for g in self._groups:
            self.group_list.addItem(g["name"])
        self.group_list.blockSignals(False)
        self._current = -1
        if self._groups:
            self.group_list.setCurrentIndex(min(select, len(self._groups) - 1))
            self._show_group(self.group_list.currentIndex())
        self.remove_button.setEnabled(bool(self._groups))

    def _keep_current(self) -> None:
        if 0 <= self._current < len(self._groups):
            self._groups[self._current] = {"name": self.name.text().strip(), "members": self.model.ticked_codes()}

    def _show_group(self, index: int) -> None:
        self._keep_current()
        self._current = index
        if 0 <= index < len(self._groups):
            g = self._groups[index]
            self.name.setText(g["name"])
            self.model.set_ticked(g["members"])

    def new_group(self) -> None:
        self._keep_current()
        names = {g["name"] for g in self._groups}
        name = NEW_NAME if NEW_NAME not in names else next(f"{NEW_NAME} {i}" for i in range(2, 99)
                                                           if f"{NEW_NAME} {i}" not in names)
        self._groups.append({"name": name, "members": []})
        self._current = -1
        self._fill_list(len(self._groups) - 1)
        self.name.setFocus()
        self.name.selectAll()

    def remove_group(self) -> None:
        if 0 <= self._current < len(self._groups):
            del self._groups[self._current]
            self._current = -1
            self._fill_list()
            if not self._groups:
                self.name.clear()
                self.model.set_ticked([])

    def start_from_choice(self) -> None:
        """Tick the chosen authority's neighbours (or its region's authorities)."""
        from cpdesk import benchmarks
        kind, model = self.start_from.currentData()
        if not self.la_code:
            return
        if kind == "neighbours":
            codes = list(benchmarks.neighbours(self.la_code, model)["la_code"])
        else:
            region = next((c.region for c in self.choices if c.code == self.la_code), None)
            codes = [c.code for c in self.choices if c.region == region and c.code != self.la_code]
        self.model.set_ticked(codes)
        if not self.name.text().strip() or self.name.text().startswith(NEW_NAME):
            self.name.setText(self.start_from.currentText())

    def _count(self) -> None:
        n = len(self.model.ticked)
        self.count.setText(f"{n} authorit{'y' if n == 1 else 'ies'} ticked")

    # -- result ---------------------------------------------------------------------------
    def groups(self) -> list[dict]:
        """The groups as edited, checked (raises CpdeskError with a sentence if one is not right)."""
        from cpdesk.benchmarks.groups import check_groups
        self._keep_current()
        return check_groups([g for g in self._groups if g["name"] or g["members"]])

    def accept(self) -> None:
        try:
            self.groups()
        except CpdeskError as exc:
            QMessageBox.warning(self, "Comparison groups", str(exc))
            return
        super().accept()


__all__ = ["GroupsDialog", "AuthorityChecklist"]
