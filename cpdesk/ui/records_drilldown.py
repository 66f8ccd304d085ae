"""The records behind one computed figure (drill-down from the grid or the details pane)."""
from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from cpdesk.ui.records_table import RecordsTable


class RecordsDrilldown(QDialog):
    """Lists the records (file, sheet, Excel row, dates, whether in the numerator) behind a figure."""

    def __init__(self, frame, summary: str, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Records behind {title}")
        self.setAccessibleName("Records behind this figure")
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{html.escape(title)}</b>", self)
        layout.addWidget(heading)
        n = len(frame)
        num = int(frame["in_numerator"].sum()) if "in_numerator" in frame.columns else n
        self.counts = QLabel(f"{n:,} record(s); {num:,} counted in the numerator." if num != n
                             else f"{n:,} record(s).", self)
        self.counts.setAccessibleName("How many records")
        layout.addWidget(self.counts)
        self.summary = QLabel(summary, self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("How the figure is made up")
        layout.addWidget(self.summary)
        self.table = RecordsTable(self, name="Records behind the figure", csv_name="records_behind_figure.csv")
        self.table.set_frame(frame)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        em = self.fontMetrics().averageCharWidth()
        self.resize(em * 130, self.fontMetrics().height() * 30)


def open_drilldown(parent, records_source, indicator: str, period: str, source: str | None = None,
                   name: str | None = None, modal: bool = False) -> RecordsDrilldown:
    """Show the drill-down for ``indicator`` in ``period``; raises CpdeskError if it was not computed here."""
    frame, summary = records_source.explain(indicator, period, source)
    dialog = RecordsDrilldown(frame, summary, f"{name or indicator} — {period}", parent)
    if modal:
        dialog.exec()
    else:
        dialog.show()
    return dialog
