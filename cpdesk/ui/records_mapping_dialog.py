"""Naming the columns of a list of children whose headings cpdesk did not recognise.

One combo per field (child identifier, plan start date, ...) listing the sheet's headings,
with a few values of the chosen column beside it; review conference dates may take several
columns. The choice is returned as a ``ListMapping`` for the caller to remember.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QListWidget, QVBoxLayout, QWidget)

from cpdesk.records.list_sheets import MappingCandidate, mapping_from_choice, missing_required
from cpdesk.records.mapping import field_specs

NOT_HERE = "(not in this list)"


class RecordsMappingDialog(QDialog):
    def __init__(self, candidates: list[MappingCandidate], parent=None):
        super().__init__(parent)
        self.candidates = list(candidates)
        self.setWindowTitle("Which columns are which?")
        self.setAccessibleName("Map the columns of a list of children")
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.sheet = QComboBox(self)
        self.sheet.setAccessibleName("Sheet")
        for c in self.candidates:
            self.sheet.addItem(f"{c.file} › {c.sheet} (headings in row {c.header_row + 1})")
        sheet_row = QHBoxLayout()
        label = QLabel("S&heet:", self)
        label.setBuddy(self.sheet)
        sheet_row.addWidget(label)
        sheet_row.addWidget(self.sheet, 1)
        layout.addLayout(sheet_row)
        self.sheet.setVisible(len(self.candidates) > 1)
        label.setVisible(len(self.candidates) > 1)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.combos: dict[str, QComboBox] = {}
        self.previews: dict[str, QLabel] = {}
        specs = field_specs()
        for fid, spec in specs.items():
            if spec.many:
                continue
            combo = QComboBox(self)
            combo.setAccessibleName(spec.name)
            preview = QLabel(self)
            preview.setAccessibleName(f"{spec.name}: values")
            preview.setMinimumWidth(self.fontMetrics().averageCharWidth() * 36)
            holder = QWidget(self)
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(combo, 1)
            row.addWidget(preview, 1)
            self.form.addRow(f"{spec.name}{' *' if fid == 'child_id' else ''}:", holder)
            combo.currentIndexChanged.connect(lambda _=0, f=fid: self._changed(f))
            self.combos[fid] = combo
            self.previews[fid] = preview
        self.reviews = QListWidget(self)
        self.reviews.setSelectionMode(QAbstractItemView.MultiSelection)
        self.reviews.setAccessibleName(specs["review_dates"].name)
        self.reviews.setMaximumHeight(self.fontMetrics().height() * 6)
        self.reviews.itemSelectionChanged.connect(lambda: self._changed("review_dates"))
        self.form.addRow(f"{specs['review_dates'].name}:", self.reviews)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What is still needed")
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton("&Use these columns", QDialogButtonBox.AcceptRole)
        self.buttons.addButton("&Skip: not a list of plans or enquiries", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.sheet.currentIndexChanged.connect(self._fill)
        self._fill()

    @property
    def candidate(self) -> MappingCandidate:
        return self.candidates[max(0, self.sheet.currentIndex())]

    def _fill(self, *_) -> None:
        c = self.candidate
        self.intro.setText(f"<b>{c.file} › {c.sheet}</b> looks like a list of children, but cpdesk did not recognise "
                           "all its headings. Say which column holds what (a child identifier, and plan start dates "
                           "or strategy discussion dates at least). cpdesk remembers your choice for lists with "
                           "these headings.")
        choices = [NOT_HERE] + [f"{h or '(no heading)'}  [column {_column_letter(i)}]" for i, h in enumerate(c.headings)]
        for fid, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(choices)
            guess = c.guessed.get(fid)
            combo.setCurrentIndex(guess + 1 if isinstance(guess, int) else 0)
            combo.blockSignals(False)
            self._show_preview(fid)
        self.reviews.blockSignals(True)
        self.reviews.clear()
        self.reviews.addItems(choices[1:])
        for i in c.guessed.get("review_dates") or []:
            self.reviews.item(i).setSelected(True)
        self.reviews.blockSignals(False)
        self._changed("")

    def _show_preview(self, fid: str) -> None:
        col = self.combos[fid].currentIndex() - 1
        values = self.candidate.values_of(col) if col >= 0 else []
        self.previews[fid].setText(", ".join(values[:3]) + ("…" if len(values) > 3 else "") if values else "")

    def _changed(self, fid: str) -> None:
        if fid in self.previews:
            self._show_preview(fid)
        missing = missing_required(self.columns())
        self.ok.setEnabled(not missing)
        self.status.setText("Still needed: " + "; ".join(missing) + "." if missing else "")

    # -- the choice ---------------------------------------------------------------------
    def columns(self) -> dict[str, int | list[int]]:
        cols: dict[str, int | list[int]] = {}
        for fid, combo in self.combos.items():
            if combo.currentIndex() > 0:
                cols[fid] = combo.currentIndex() - 1
        reviews = sorted(self.reviews.row(i) for i in self.reviews.selectedItems())
        if reviews:
            cols["review_dates"] = reviews
        return cols

    def choose(self, field_id: str, heading: str | None) -> None:
        """Pick the column headed ``heading`` for a field (None: not in this list). For tests and scripting."""
        if field_id == "review_dates":
            for i in range(self.reviews.count()):
                self.reviews.item(i).setSelected(self.candidate.headings[i] == heading)
            return
        combo = self.combos[field_id]
        combo.setCurrentIndex(0 if heading is None else self.candidate.headings.index(heading) + 1)

    def mapping(self):
        return mapping_from_choice(self.candidate, self.columns())


def _column_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def ask_mapping(parent, candidates: list[MappingCandidate]):
    """The user's mapping for one of ``candidates``, or None when they skip."""
    dialog = RecordsMappingDialog(candidates, parent)
    return (dialog.candidate, dialog.mapping()) if dialog.exec() else None
