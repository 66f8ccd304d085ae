"""Edit › Population for rates…: the 0-17 population for rates per 10,000 computed from lists of children.

The value is kept in the workspace (with the records settings) and every loaded list is
computed again (:meth:`cpdesk.ui.records_controller.RecordsController.set_population`), so the rate indicators (children subject to
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


def edit_population(parent, records) -> None:
    """Ask for the 0-17 population and use it (the Edit menu's action); ``records`` is the window's RecordsController."""
    dialog = PopulationDialog(records.session.workspace.population, parent)
    if dialog.exec():
        records.set_population(dialog.population())


__all__ = ["PopulationDialog", "edit_population"]
