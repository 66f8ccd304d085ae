"""A calm, non-blocking strip of messages above the grid (never a modal box for a bad file)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

_STYLES = {
    "error": "border-left: 5px solid #d4351c; background: palette(base);",
    "warning": "border-left: 5px solid #f47738; background: palette(base);",
    "info": "border-left: 5px solid #1d70b8; background: palette(base);",
}


class MessagePanel(QWidget):
    """Messages stack up; each can be dismissed; the panel hides when empty."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Messages")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 4, 6, 4)
        self._layout.setSpacing(4)
        self._items: list[tuple[str, str, QFrame]] = []
        self.setVisible(False)

    def show_message(self, text: str, level: str = "info", action_text: str | None = None, action=None) -> QFrame:
        for kind, existing, frame in self._items:
            if existing == text:
                return frame
        frame = QFrame(self)
        frame.setObjectName("message")
        frame.setStyleSheet(f"QFrame#message {{{_STYLES.get(level, _STYLES['info'])}}}")
        row = QHBoxLayout(frame)
        row.setContentsMargins(8, 4, 4, 4)
        prefix = {"error": "Problem: ", "warning": "Note: ", "info": ""}.get(level, "")
        label = QLabel(prefix + text, frame)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        label.setAccessibleName(f"{level} message")
        label.setAccessibleDescription(text)
        row.addWidget(label, 1)
        if action_text and action:
            button = QPushButton(action_text, frame)
            button.clicked.connect(action)
            row.addWidget(button)
        close = QPushButton("Dismiss", frame)
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(lambda: self.dismiss(frame))
        row.addWidget(close)
        self._layout.addWidget(frame)
        self._items.append((level, text, frame))
        self.setVisible(True)
        self.changed.emit()
        return frame

    def dismiss(self, frame: QFrame) -> None:
        self._items = [x for x in self._items if x[2] is not frame]
        frame.setParent(None)
        frame.deleteLater()
        self.setVisible(bool(self._items))
        self.changed.emit()

    def clear(self) -> None:
        for _, _, frame in list(self._items):
            self.dismiss(frame)

    def messages(self) -> list[tuple[str, str]]:
        return [(level, text) for level, text, _ in self._items]
