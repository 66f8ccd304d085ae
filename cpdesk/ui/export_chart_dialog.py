"""Choose which chart to export, its size and format (the trend view's "Export chart…")."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from cpdesk.ui.chart_export import DEFAULT_DPI, DEFAULT_WIDTH


class ExportChartDialog(QDialog):
    """Indicator, width in pixels, resolution and format; the file name is asked for next."""

    def __init__(self, indicators: list[tuple[str, str]], current: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export chart")
        self.chart = QComboBox()
        self.chart.setAccessibleName("Chart to export")
        for ind_id, name in indicators:
            self.chart.addItem(name, ind_id)
        if current:
            self.chart.setCurrentIndex(max(0, self.chart.findData(current)))
        self.width_box = QSpinBox()
        self.width_box.setRange(400, 8000)
        self.width_box.setSingleStep(50)
        self.width_box.setSuffix(" px")
        self.width_box.setValue(DEFAULT_WIDTH)
        self.width_box.setAccessibleName("Width in pixels")
        self.dpi_box = QSpinBox()
        self.dpi_box.setRange(72, 600)
        self.dpi_box.setValue(DEFAULT_DPI)
        self.dpi_box.setSuffix(" dpi")
        self.dpi_box.setAccessibleName("Resolution in dots per inch")
        self.format_box = QComboBox()
        self.format_box.addItem("PNG image (for Word and PowerPoint)", "png")
        self.format_box.addItem("SVG drawing (scales without blur)", "svg")
        self.format_box.setAccessibleName("File format")
        self.size_note = QLabel()
        self.width_box.valueChanged.connect(self._note)
        self.dpi_box.valueChanged.connect(self._note)
        form = QFormLayout(self)
        form.addRow("&Chart", self.chart)
        form.addRow("&Width", self.width_box)
        form.addRow("&Resolution", self.dpi_box)
        form.addRow("&Format", self.format_box)
        form.addRow("", self.size_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._note()

    def _note(self) -> None:
        inches = self.width_box.value() / self.dpi_box.value()
        self.size_note.setText(f"Prints {inches * 2.54:.1f} cm wide at this resolution.")

    def indicator(self) -> str:
        return self.chart.currentData()

    def width_px(self) -> int:
        return self.width_box.value()

    def dpi(self) -> int:
        return self.dpi_box.value()

    def format(self) -> str:
        return self.format_box.currentData()


__all__ = ["ExportChartDialog"]
