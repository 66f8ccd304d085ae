"""First launch: which local authority do you work for? (searchable; or none)."""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListView, QPushButton, QVBoxLayout)


class LaChooser(QDialog):
    """Pick a local authority from ``choices`` (objects with ``code``, ``name``, ``region``).

    After ``exec()``: ``chosen`` is the picked choice, or None for "no local authority".
    """

    def __init__(self, choices, current_code: str | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Choose your local authority")
        self.setAccessibleName("Choose your local authority")
        self._choices = list(choices)
        self.chosen = None
        layout = QVBoxLayout(self)
        intro = QLabel("Which local authority do you work for? cpdesk shows its child protection figures "
                       "from the built-in national data at once, with its statistical neighbours, region and England. "
                       "You can change this later from the File menu.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Type to search, for example Leeds")
        self.search.setAccessibleName("Search local authorities")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.model = QStringListModel([f"{c.name} ({c.region})" for c in self._choices], self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setAccessibleName("Local authorities")
        self.list.setEditTriggers(QListView.NoEditTriggers)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.none_button = QPushButton("No local authority", self)
        self.none_button.setAccessibleName("Continue without a local authority")
        buttons.addButton(self.none_button, QDialogButtonBox.ResetRole)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._accept_first)
        self.list.doubleClicked.connect(lambda _: self.accept())
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.none_button.clicked.connect(self._none)
        self.resize(460, 520)
        for i, c in enumerate(self._choices):
            if c.code == current_code:
                self.list.setCurrentIndex(self.proxy.index(i, 0))
        if not self.list.currentIndex().isValid() and self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

    def _accept_first(self) -> None:
        if self.proxy.rowCount():
            self.accept()

    def _none(self) -> None:
        self.chosen = None
        self.done(QDialog.Accepted)
        self._none_chosen = True

    def accept(self) -> None:
        idx = self.list.currentIndex()
        if idx.isValid():
            self.chosen = self._choices[self.proxy.mapToSource(idx).row()]
        super().accept()

    def select(self, code: str) -> None:
        """Pick by code (used by tests and the command line)."""
        for i, c in enumerate(self._choices):
            if c.code == code:
                self.list.setCurrentIndex(self.proxy.mapFromSource(self.model.index(i, 0)))
