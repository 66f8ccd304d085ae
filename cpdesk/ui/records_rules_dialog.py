"""The counting rules for figures computed from records, in words, with the settings a user may change.

The repeat-within-2-years rule can count from the previous plan's end (the default) or its
start; the kinds of period computed can be chosen. Everything else is stated, not editable.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout, QLabel,
                               QRadioButton, QTextBrowser, QVBoxLayout)

from cpdesk.records.computed_source import RecordsSettings

PERIOD_CHOICES = [("quarter", "Financial quarters"), ("year", "Financial years"), ("rolling12", "Rolling 12 months"),
                  ("month", "Months")]


class RulesDialog(QDialog):
    def __init__(self, settings: RecordsSettings, catalogue=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Counting rules for figures computed from records")
        self.setAccessibleName("Counting rules")
        self._catalogue = catalogue
        self._original = settings   # what the dialog does not edit (the population) is kept
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("cpdesk counts child-level records by these rules. Each computed percentage "
                                "carries its rule in its note.", self))
        box = QGroupBox("Repeat plan within 2 years: measure from the previous plan's", self)
        row = QHBoxLayout(box)
        self.from_end = QRadioButton("&end (default)", box)
        self.from_start = QRadioButton("&start", box)
        self.from_end.setAccessibleName("Measure from the previous plan's end")
        self.from_start.setAccessibleName("Measure from the previous plan's start")
        group = QButtonGroup(self)
        for b in (self.from_end, self.from_start):
            group.addButton(b)
            row.addWidget(b)
        row.addStretch(1)
        (self.from_start if settings.repeat_within_from == "start" else self.from_end).setChecked(True)
        layout.addWidget(box)
        periods = QGroupBox("Periods computed", self)
        prow = QHBoxLayout(periods)
        self.period_boxes: dict[str, QCheckBox] = {}
        for key, text in PERIOD_CHOICES:
            cb = QCheckBox(text, periods)
            cb.setChecked(key in settings.periods)
            cb.toggled.connect(self._update)
            self.period_boxes[key] = cb
            prow.addWidget(cb)
        prow.addStretch(1)
        layout.addWidget(periods)
        self.rules_text = QTextBrowser(self)
        self.rules_text.setAccessibleName("The rules in words")
        layout.addWidget(self.rules_text, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.from_end.toggled.connect(self._update)
        em = self.fontMetrics().averageCharWidth()
        self.resize(em * 100, self.fontMetrics().height() * 32)
        self._update()

    def settings(self) -> RecordsSettings:
        periods = tuple(k for k, _ in PERIOD_CHOICES if self.period_boxes[k].isChecked())
        return replace(self._original, repeat_within_from="start" if self.from_start.isChecked() else "end",
                       periods=periods)

    def _update(self, *_) -> None:
        import html
        s = self.settings()
        ticked = any(cb.isChecked() for cb in self.period_boxes.values())
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ticked)   # no period ticked: nothing to compute
        parts = []
        for ind_id, sentence in s.rules().describe().items():
            ind = self._catalogue.get(ind_id) if self._catalogue is not None else None
            name = ind.name if ind else ind_id
            parts.append(f"<p><b>{html.escape(name)}</b><br>{html.escape(sentence)}</p>")
        parts.append("<p><b>Periods</b><br>Financial years run 1 April to 31 March; quarters are of the financial year; "
                     "rolling windows are the 12 calendar months to a month's end. A period that ends after the latest "
                     "date in the records is not complete and is not shown in the grid.</p>")
        parts.append("<p><b>Data quality</b><br>Records with a problem (no identifier, a date that is not a date, a plan "
                     "ending before it starts, duplicates, overlapping plans…) are listed with their row and left out "
                     "of the figures; nothing is corrected.</p>")
        self.rules_text.setHtml("".join(parts))


def ask_settings(parent, settings: RecordsSettings, catalogue=None) -> RecordsSettings | None:
    dialog = RulesDialog(settings, catalogue, parent)
    return dialog.settings() if dialog.exec() else None
