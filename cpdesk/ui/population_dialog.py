"""Edit › Population for rates…: the 0-17 population for rates per 10,000 computed from lists of children.

The value is kept in the workspace (with the records settings) and every loaded list is
computed again through the records controller, so the rate indicators (children subject to
a plan, plans starting and ceasing, section 47 enquiries and conferences per 10,000) appear
beside the counts.
"""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QSpinBox, QVBoxLayout

MAX_POPULATION = 5_000_000   # far above any English authority's children (Kent: ~350,000)
NOT_SET = "Not set (no rates)"


class PopulationDialog(QDialog):
    def __init__(self, population: float | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Population for rates")
        self.setAccessibleName("Population for rates")
        layout = QVBoxLayout(self)
        intro = QLabel("Children aged 0-17 living in the authority (the ONS mid-year estimate), used for rates "
                       "per 10,000 computed from your lists of children. Leave it at zero for no rates.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        label = QLabel("&0-17 population:", self)
        self.spin = QSpinBox(self)
        self.spin.setRange(0, MAX_POPULATION)
        self.spin.setSingleStep(100)
        self.spin.setGroupSeparatorShown(True)
        self.spin.setSpecialValueText(NOT_SET)
        self.spin.setAccessibleName("0-17 population")
        self.spin.setValue(int(round(population)) if population else 0)
        label.setBuddy(self.spin)
        layout.addWidget(label)
        layout.addWidget(self.spin)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 60, self.sizeHint().height())
        self.spin.selectAll()
        self.spin.setFocus()

    def population(self) -> float | None:
        return float(self.spin.value()) if self.spin.value() > 0 else None


def edit_population(window) -> None:
    """Ask for the 0-17 population and use it (the Edit menu's action)."""
    dialog = PopulationDialog(window.workspace.population, window)
    if dialog.exec():
        set_population(window, dialog.population())


def set_population(window, population: float | None) -> None:
    """Keep ``population`` in the workspace and compute every loaded list of children again."""
    if population == window.workspace.population:
        return
    window.workspace.population = population
    window._set_dirty(True)
    records = window.records
    if records.loaded_files():
        what = f"Rates per 10,000 use a 0-17 population of {population:,.0f}." if population else \
            "No 0-17 population: rates per 10,000 are not computed from the records."
        # the settings now carry the population; computed off the UI thread, ``what`` shown when done
        records.apply_settings(records.settings(), what)
    else:
        window.status_text.setText("The 0-17 population is kept in the workspace; rates per 10,000 are computed "
                                   "when a list of children is loaded.")


__all__ = ["PopulationDialog", "edit_population", "set_population"]
