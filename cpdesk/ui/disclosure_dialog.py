"""Lists the small numbers found before an export and asks what to do with them."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from cpdesk.export.disclosure import Risk

SUPPRESS, PUBLISH = "suppress", "publish"


class DisclosureDialog(QDialog):
    """"Suppress as [c]" (the default) or "Publish as they are"; ``decision`` says which, None if cancelled."""

    def __init__(self, risks: list[Risk], threshold: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Small numbers found")
        self.decision: str | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"This table shows {len(risks)} figure(s) that could identify children: counts from 1 to {threshold}, "
            "percentages built on them, and figures from which a suppressed one could be worked out. "
            "Published statistics show these as [c].")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(risks), 4, self)
        self.table.setHorizontalHeaderLabels(["Indicator", "Period", "Figure", "Why"])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().setVisible(False)
        for r, risk in enumerate(risks):
            why = risk.reason + (" (secondary suppression)" if risk.secondary else "")
            for c, text in enumerate((risk.indicator, risk.period, risk.shown, why)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
        self.table.setAccessibleName("Small numbers that would be published")
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(self)
        self.suppress_button = QPushButton("&Suppress as [c]")
        self.suppress_button.setDefault(True)
        self.publish_button = QPushButton("&Publish as they are")
        self.publish_button.setToolTip("Only if these figures are already public or cannot identify anyone.")
        buttons.addButton(self.suppress_button, QDialogButtonBox.AcceptRole)
        buttons.addButton(self.publish_button, QDialogButtonBox.ActionRole)
        buttons.addButton(QDialogButtonBox.Cancel)
        self.suppress_button.clicked.connect(lambda: self._decide(SUPPRESS))
        self.publish_button.clicked.connect(lambda: self._decide(PUBLISH))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 360)

    def _decide(self, decision: str) -> None:
        self.decision = decision
        self.accept()
