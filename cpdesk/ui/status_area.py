"""The status bar's working parts: a line of text, a progress bar and Cancel, shared by loading and recomputing."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar


class StatusArea(QObject):
    """Text, progress and Cancel in ``bar``; whoever shows progress listens to ``cancelRequested``."""

    cancelRequested = Signal()

    def __init__(self, bar: QStatusBar):
        super().__init__(bar)
        self.text_label = QLabel(bar)
        self.progress = QProgressBar(bar)
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(240)
        self.progress.setAccessibleName("Loading progress")
        self.cancel_button = QPushButton("Cancel", bar)
        self.cancel_button.setAccessibleName("Cancel loading")
        self.cancel_button.clicked.connect(self.cancelRequested)
        bar.addWidget(self.text_label, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

    def text(self) -> str:
        return self.text_label.text()

    def set_text(self, text: str) -> None:
        self.text_label.setText(text)

    def show_progress(self, fraction: float, text: str | None = None) -> None:
        """Show the bar at ``fraction`` (0 to 1) with Cancel, and ``text`` if given."""
        self.progress.setValue(int(fraction * 1000))
        self.progress.show()
        self.cancel_button.show()
        if text is not None:
            self.text_label.setText(text)

    def hide_progress(self, text: str | None = None) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        if text is not None:
            self.text_label.setText(text)

    def busy(self) -> bool:
        return self.progress.isVisible() or not self.progress.isHidden()


__all__ = ["StatusArea"]
