"""Every observation, sortable and filterable (a million rows stay smooth)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from cpdesk.models.observations_model import SHOWN, ObservationsModel


class RawDataView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = ObservationsModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter: type part of an indicator, area, period or source")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter observations")
        self.column = QComboBox(self)
        self.column.setAccessibleName("Filter column")
        self.column.addItem("Main columns", None)
        for i, (_, header) in enumerate(SHOWN):
            self.column.addItem(header, i)
        self.count = QLabel(self)
        label = QLabel("&Filter:", self)
        label.setBuddy(self.filter)
        bar.addWidget(label)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.column)
        bar.addWidget(self.count)
        layout.addLayout(bar)
        self.table = QTableView(self)
        self.table.setAccessibleName("All observations")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        layout.addWidget(self.table, 1)
        self.filter.textChanged.connect(self._refilter)
        self.column.currentIndexChanged.connect(self._refilter)

    def set_frame(self, df) -> None:
        self.model.set_frame(df)
        if self.filter.text():
            self._refilter()
        self._update_count()

    def _refilter(self, *_):
        self.model.set_filter(self.filter.text(), self.column.currentData())
        self._update_count()

    def _update_count(self):
        shown, total = self.model.rowCount(), self.model.total
        self.count.setText(f"{shown:,} of {total:,}" if shown != total else f"{total:,} values")
