"""The data-quality report of a file's child-level records: each problem with its row."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from cpdesk.ui.records_table import RecordsTable

#: Columns shown, in order (the report has more, for the command line).
SHOWN = ["file", "sheet", "row", "child_id", "record", "check_name", "detail"]


class QualityView(QDialog):
    def __init__(self, records_source, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Data quality — {title}")
        self.setAccessibleName("Data-quality report")
        report = records_source.quality()
        layout = QVBoxLayout(self)
        n = len(report)
        left_out = records_source.n_excluded
        if n:
            counts = report["check_name"].value_counts()
            detail = "; ".join(f"{k}: {v:,}" for k, v in counts.items())
            text = (f"{n:,} problem(s) found in {records_source.n_records:,} records; {left_out:,} record(s) are left out "
                    f"of every figure they would feed. Nothing was corrected: fix the list and reload it. ({detail})")
        else:
            text = f"No problems found in {records_source.n_records:,} records."
        self.summary = QLabel(text, self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Data-quality summary")
        layout.addWidget(self.summary)
        self.table = RecordsTable(self, name="Data-quality problems", csv_name="data_quality.csv")
        self.table.set_frame(report[[c for c in SHOWN if c in report.columns]])
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        em = self.fontMetrics().averageCharWidth()
        self.resize(em * 120, self.fontMetrics().height() * 28)


def open_quality_view(parent, records_source, title: str, modal: bool = False) -> QualityView:
    dialog = QualityView(records_source, title, parent)
    if modal:
        dialog.exec()
    else:
        dialog.show()
    return dialog
