"""Targets, tolerances and polarity for one indicator. Changes go on the window's undo stack.

A target may be the same for every period, or differ by period (Bath & North East
Somerset's "Plan" changes every year): a target typed for a period wins over the one for
every period. Targets a spreadsheet gives ("Plan", "Target" columns) are used where none is
typed here.
"""
from __future__ import annotations

from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel,
                               QLineEdit, QScrollArea, QVBoxLayout, QWidget)

POLARITY_CHOICES = [("", "As in the catalogue"), ("higher", "Higher is better"), ("lower", "Lower is better"),
                    ("none", "No polarity (not judged)")]


class TargetsDialog(QDialog):
    """Edit the settings of ``indicator_id``; after ``exec()`` read :meth:`settings`.

    ``periods`` are the labels of the periods a target may be set for (the grid's kind of
    period, oldest first); they are listed latest first.
    """

    def __init__(self, catalogue, indicator_id: str | None, current: dict, parent=None, *, periods=()):
        super().__init__(parent)
        self.setWindowTitle("Targets and tolerances")
        self.catalogue = catalogue
        layout = QVBoxLayout(self)
        help_text = QLabel("A target judges each value green (met), amber (near) or red (missed), beside the "
                           "comparison with England, the neighbours or the region; tolerances say how close counts "
                           "as similar or near. Leave a box empty to use the catalogue's setting, or the target in "
                           "your spreadsheet. Undo with Ctrl+Z.")
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        form = QFormLayout()
        self.indicator = QComboBox(self)
        self.indicator.setAccessibleName("Indicator")
        for ind in catalogue:
            self.indicator.addItem(ind.name, ind.id)
        self.target = QLineEdit(self)
        self.target.setValidator(QDoubleValidator(self))
        self.target.setAccessibleName("Target for every period")
        self.target.setPlaceholderText("no target")
        self.tolerance = QDoubleSpinBox(self)
        self.tolerance.setRange(0, 100)
        self.tolerance.setSuffix(" %")
        self.tolerance.setAccessibleName("Comparator tolerance percent")
        self.target_tolerance = QDoubleSpinBox(self)
        self.target_tolerance.setRange(0, 100)
        self.target_tolerance.setSuffix(" %")
        self.target_tolerance.setAccessibleName("Target tolerance percent")
        self.polarity = QComboBox(self)
        self.polarity.setAccessibleName("Polarity")
        for key, text in POLARITY_CHOICES:
            self.polarity.addItem(text, key)
        form.addRow("&Indicator:", self.indicator)
        form.addRow("&Target for every period:", self.target)
        form.addRow("&Similar within (no numerator/denominator):", self.tolerance)
        form.addRow("&Amber within of target:", self.target_tolerance)
        form.addRow("&Polarity:", self.polarity)
        layout.addLayout(form)

        self.period_boxes: dict[str, QLineEdit] = {}
        box = QGroupBox("Targets for one period (where they differ)", self)
        inner = QWidget()
        period_form = QFormLayout(inner)
        for label in reversed(list(periods)):
            edit = QLineEdit(inner)
            edit.setValidator(QDoubleValidator(edit))
            edit.setPlaceholderText("as above")
            edit.setAccessibleName(f"Target for {label}")
            period_form.addRow(f"{label}:", edit)
            self.period_boxes[label] = edit
        scroll = QScrollArea(box)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(scroll)
        box.setVisible(bool(self.period_boxes))
        layout.addWidget(box, 1)
        self._others: dict[str, float] = {}   # targets for periods not listed (another kind of period)

        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._current_getter = current if callable(current) else (lambda _id: current)
        self.indicator.currentIndexChanged.connect(self._load)
        if indicator_id:
            self.indicator.setCurrentIndex(max(0, self.indicator.findData(indicator_id)))
        self._load()
        self.resize(560, 520 if self.period_boxes else 300)

    def indicator_id(self) -> str:
        return self.indicator.currentData()

    def _load(self, *_):
        ind = self.catalogue.get(self.indicator_id())
        cur = self._current_getter(self.indicator_id()) or {}
        self.target.setText("" if cur.get("target") is None else f"{cur['target']:g}")
        self.tolerance.setValue(float(cur.get("tolerance_pct", ind.tolerance_pct if ind else 5.0)))
        self.target_tolerance.setValue(float(cur.get("target_tolerance_pct", ind.target_tolerance_pct if ind else 10.0)))
        self.polarity.setCurrentIndex(max(0, self.polarity.findData(cur.get("polarity", ""))))
        per_period = dict(cur.get("period_targets") or {})
        for label, edit in self.period_boxes.items():
            value = per_period.pop(label, None)
            edit.setText("" if value is None else f"{value:g}")
        self._others = per_period

    def settings(self) -> dict:
        ind = self.catalogue.get(self.indicator_id())
        out: dict = {}
        text = self.target.text().strip().replace(",", "")
        if text:
            out["target"] = float(text)
        per_period = dict(self._others)
        for label, edit in self.period_boxes.items():
            value = edit.text().strip().replace(",", "")
            if value:
                per_period[label] = float(value)
        if per_period:
            out["period_targets"] = per_period
        if ind is None or abs(self.tolerance.value() - ind.tolerance_pct) > 1e-9:
            out["tolerance_pct"] = self.tolerance.value()
        if ind is None or abs(self.target_tolerance.value() - ind.target_tolerance_pct) > 1e-9:
            out["target_tolerance_pct"] = self.target_tolerance.value()
        if self.polarity.currentData():
            out["polarity"] = self.polarity.currentData()
        return out
