"""The dialog that lets a user say what an unrecognised label means.

Each label (with where it was seen and how many values carry it) can be left alone,
mapped to a catalogue indicator (a searchable list of names), or made a local indicator
with a name, polarity and unit. :meth:`MappingDialog.mapping` returns the JSON-ready
mapping the workspace keeps; :func:`cpdesk.mappings.apply_mapping` applies it.
"""
from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QFrame, QGridLayout,
                               QLabel, QLineEdit, QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from cpdesk.catalogue import Catalogue, label_kind, normalise_label
from cpdesk.mappings import LOCAL_UNITS, POLARITY_WORDS

LEAVE, CATALOGUE, LOCAL = 0, 1, 2
_ACTIONS = ("Leave unrecognised", "A catalogue indicator", "A new local indicator")


def _muted(widget: QWidget) -> str:
    """A secondary text colour that follows the palette (light or dark) and keeps its contrast."""
    text, back = widget.palette().color(QPalette.ColorRole.WindowText), widget.palette().color(QPalette.ColorRole.Window)
    mix = [round(0.7 * a + 0.3 * b) for a, b in zip(text.getRgb()[:3], back.getRgb()[:3])]
    return "#{:02x}{:02x}{:02x}".format(*mix)


class MappingRow:
    """The widgets for one label (a row of the dialog's grid)."""

    def __init__(self, info: dict, catalogue: Catalogue, parent: QWidget):
        self.label = str(info["label"])
        where = info.get("where") or " › ".join(x for x in (info.get("file", ""), info.get("sheet", ""),
                                                            info.get("cell", "")) if x)
        count = int(info.get("count", 0) or 0)
        self.suggested = info.get("suggested") or {}
        hint = ""
        if self.suggested.get("indicator"):
            ind = catalogue.get(self.suggested["indicator"])
            hint = (f"<br><span style='color:{_muted(parent)}'>cpdesk suggests: {_esc(ind.name if ind else self.suggested['indicator'])}"
                    f" — {_esc(self.suggested.get('explanation', ''))}</span>")
        self.title = QLabel(f"<b>{_esc(self.label)}</b><br><span style='color:{_muted(parent)}'>"
                            f"{_esc(where)}{' · ' if where else ''}{count} value{'s' if count != 1 else ''}</span>{hint}",
                            parent)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.title.setMinimumWidth(220)

        self.action = QComboBox(parent)
        self.action.addItems(_ACTIONS)
        self.action.setAccessibleName(f"What '{self.label}' is")
        self.title.setBuddy(self.action)

        self.stack = QStackedWidget(parent)
        self.stack.addWidget(QWidget())

        self.indicator = QComboBox()
        self.indicator.setEditable(True)
        self.indicator.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.indicator.setAccessibleName(f"Catalogue indicator for '{self.label}'")
        self.indicator.lineEdit().setPlaceholderText("Type to search indicator names")
        for ind in catalogue:
            self.indicator.addItem(ind.name, ind.id)
        completer = QCompleter(self.indicator.model(), self.indicator)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.indicator.setCompleter(completer)
        self.indicator.setCurrentIndex(-1)
        self.indicator.setMinimumWidth(320)
        self.stack.addWidget(self.indicator)

        local = QWidget()
        form = QFormLayout(local)
        form.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit(_default_name(self.label))
        self.name.setAccessibleName(f"Name of the local indicator for '{self.label}'")
        self.polarity = QComboBox()
        for key, words in POLARITY_WORDS.items():
            self.polarity.addItem(words, key)
        self.polarity.setCurrentIndex(list(POLARITY_WORDS).index("none"))
        self.polarity.setAccessibleName(f"Which direction is better for '{self.label}'")
        self.unit = QComboBox()
        for key, words in LOCAL_UNITS.items():
            self.unit.addItem(words, key)
        guess = label_kind(normalise_label(self.label))
        self.unit.setCurrentIndex(list(LOCAL_UNITS).index(guess if guess in LOCAL_UNITS else "number"))
        self.unit.setAccessibleName(f"Unit of '{self.label}'")
        form.addRow("&Name", self.name)
        form.addRow("&Better when", self.polarity)
        form.addRow("&Unit", self.unit)
        self.stack.addWidget(local)

        self.action.currentIndexChanged.connect(self.stack.setCurrentIndex)

    # -- state ----------------------------------------------------------------------
    def set_mapping(self, m: dict | None) -> None:
        if not m and self.suggested.get("indicator"):
            self.choose_indicator(self.suggested["indicator"])   # the suggestion, ready to confirm or change
        elif not m:
            self.action.setCurrentIndex(LEAVE)
        elif m.get("indicator"):
            self.choose_indicator(m["indicator"])
        elif m.get("local"):
            spec = m["local"]
            self.make_local(spec.get("name") or self.label, spec.get("polarity", "none"), spec.get("unit", "number"))

    def choose_indicator(self, indicator_id: str) -> None:
        self.action.setCurrentIndex(CATALOGUE)
        self.indicator.setCurrentIndex(self.indicator.findData(indicator_id))

    def make_local(self, name: str, polarity: str = "none", unit: str = "number") -> None:
        self.action.setCurrentIndex(LOCAL)
        self.name.setText(name)
        self.polarity.setCurrentIndex(max(0, self.polarity.findData(polarity)))
        self.unit.setCurrentIndex(max(0, self.unit.findData(unit)))

    def chosen_indicator(self) -> str | None:
        """The catalogue id chosen, or None if the typed text names no indicator."""
        text = self.indicator.currentText().strip()
        idx = self.indicator.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.indicator.itemData(idx) if idx >= 0 else None

    def problem(self) -> tuple[str, QWidget] | None:
        if self.action.currentIndex() == CATALOGUE and self.chosen_indicator() is None:
            return f"Choose an indicator from the list for '{self.label}'.", self.indicator
        if self.action.currentIndex() == LOCAL and not self.name.text().strip():
            return f"Give the local indicator for '{self.label}' a name.", self.name
        return None

    def mapping(self) -> dict | None:
        if self.action.currentIndex() == CATALOGUE:
            ind = self.chosen_indicator()
            return {"indicator": ind} if ind else None
        if self.action.currentIndex() == LOCAL:
            return {"local": {"name": self.name.text().strip(), "polarity": self.polarity.currentData(),
                              "unit": self.unit.currentData()}}
        return None


class MappingDialog(QDialog):
    """Map unrecognised labels to catalogue indicators or new local ones.

    Parameters
    ----------
    labels : list of dict
        ``{"label", "where", "count"}`` (:func:`cpdesk.mappings.unrecognised_labels`) or the
        importer's ``{"label", "sheet", "cell", "count"}``.
    catalogue : Catalogue
        The indicators to choose from.
    existing : dict, optional
        A mapping remembered from before; its choices are shown.
    """

    def __init__(self, labels: list[dict], catalogue: Catalogue, existing: dict | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Labels cpdesk did not recognise")
        self.setAccessibleName("Map unrecognised labels")
        self.resize(900, 560)
        existing = existing or {}

        intro = QLabel("cpdesk could not tell for sure which indicator these labels measure (where it has a "
                       "suggestion, it is chosen below: keep it or change it). Say what each one is, and cpdesk will "
                       "remember it in the workspace for next time.")
        intro.setWordWrap(True)

        body = QWidget()
        grid = QGridLayout(body)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(2, 3)
        grid.setVerticalSpacing(10)
        for col, text in enumerate(("Label as written", "It is", "Details")):
            head = QLabel(f"<b>{text}</b>")
            grid.addWidget(head, 0, col)
        self.rows: list[MappingRow] = []
        for i, info in enumerate(labels, start=1):
            row = MappingRow(info, catalogue, body)
            row.set_mapping(existing.get(row.label))
            grid.addWidget(row.title, 2 * i - 1, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.action, 2 * i - 1, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.stack, 2 * i - 1, 2, Qt.AlignmentFlag.AlignTop)
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setStyleSheet("color: #d8d8d8;")
            grid.addWidget(line, 2 * i, 0, 1, 3)
            self.rows.append(row)
        grid.setRowStretch(2 * len(labels) + 1, 1)
        if not labels:
            grid.addWidget(QLabel("Every label was recognised."), 1, 0, 1, 3)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.error = QLabel()
        self.error.setStyleSheet("color: #d4351c; font-weight: bold;")
        self.error.setAccessibleName("Problem")
        self.error.setWordWrap(True)
        self.error.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Save mappings")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if self.rows:
            self.rows[0].action.setFocus()

    def row(self, label: str) -> MappingRow:
        for r in self.rows:
            if r.label == label:
                return r
        raise KeyError(label)

    def mapping(self) -> dict:
        """``{label: {"indicator": id}}`` or ``{label: {"local": {"name", "polarity", "unit"}}}`` for mapped labels."""
        out = {}
        for r in self.rows:
            m = r.mapping()
            if m:
                out[r.label] = m
        return out

    def accept(self) -> None:
        for r in self.rows:
            problem = r.problem()
            if problem:
                text, widget = problem
                self.error.setText(text)
                self.error.show()
                widget.setFocus()
                return
        self.error.hide()
        super().accept()


def _default_name(label: str) -> str:
    # "7. Children seen alone**" -> "Children seen alone": numbering and footnote marks are not part of a name.
    text = re.sub(r"^\s*(?:\(?\d+(?:\.\d+)*[a-z]?[\.\):]?)\s+", "", label.strip())
    return re.sub(r"[\s*†‡]+$", "", text) or label.strip()


def _esc(text: str) -> str:
    return html.escape(str(text))




def ask_mapping(parent, label: str, catalogue: Catalogue, existing: dict | None = None, where: str = "",
                count: int = 0, suggested: dict | None = None) -> dict | None:
    """Ask what one label means; returns ``{"indicator": id}``, ``{"local": {...}}`` or None (cancelled or left alone)."""
    info = {"label": label, "where": where, "count": count}
    if suggested:
        info["suggested"] = suggested
    dialog = MappingDialog([info], catalogue, existing={label: existing} if existing else None, parent=parent)
    dialog.rows[0].action.setCurrentIndex(CATALOGUE if not existing else dialog.rows[0].action.currentIndex())
    if not dialog.exec():
        return None
    return dialog.mapping().get(label)


def ask_label_mappings(parent, label: str, labels: list[dict], catalogue: Catalogue, existing: dict,
                       suggestions: dict | None = None) -> dict:
    """What the user says ``label`` means, as ``{label: mapping}`` (empty if cancelled).

    With several unrecognised ``labels`` (``{"label", "where", "count"}``), all are offered in
    one dialog, the one asked about first (it gets the focus). ``suggestions`` (label ->
    ``{"indicator", "explanation"}``) are what cpdesk thinks a label is: shown, and chosen
    in advance so that correcting one is a change of choice.
    """
    if suggestions:
        labels = [{**info, "suggested": suggestions[info["label"]]} if info["label"] in suggestions else info
                  for info in labels]
    if len(labels) > 1:
        labels = sorted(labels, key=lambda info: info["label"] != label)
        dialog = MappingDialog(labels, catalogue, existing=existing, parent=parent)
        return dialog.mapping() if dialog.exec() else {}
    info = next((i for i in labels if i["label"] == label), {})
    mapping = ask_mapping(parent, label, catalogue, existing=existing.get(label), where=info.get("where", ""),
                          count=info.get("count", 0), suggested=info.get("suggested"))
    return {label: mapping} if mapping else {}


__all__ = ["MappingDialog", "MappingRow", "ask_mapping", "ask_label_mappings", "LEAVE", "CATALOGUE", "LOCAL"]
