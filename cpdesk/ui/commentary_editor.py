"""The commentary box under the details: a paragraph per indicator for the committee paper.

The editor only shows and collects text. Typing is committed (``edited`` is emitted) after
a short pause, when the box loses focus, or before another indicator is shown; the window
turns each commit into an undoable change of the workspace.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

PAUSE_MS = 600


class _TextBox(QPlainTextEdit):
    focusLost = Signal()

    def focusOutEvent(self, event):
        self.focusLost.emit()
        super().focusOutEvent(event)


class CommentaryEditor(QWidget):
    """Free text for the selected indicator. ``edited(indicator_id, text)`` when the user changed it."""

    edited = Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.indicator_id: str | None = None
        self._shown = ""          # the text as last shown or committed (to tell a real change)
        self._setting = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.box = _TextBox(self)
        self.box.setAccessibleName("Commentary")
        self.box.setTabChangesFocus(True)   # Tab leaves the box: it is a paragraph, not a document
        self.box.setPlaceholderText("A paragraph for the committee paper about this indicator. "
                                    "It is kept in the workspace and goes into the exports.")
        self.title.setBuddy(self.box)
        layout.addWidget(self.title)
        layout.addWidget(self.box, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PAUSE_MS)
        self.timer.timeout.connect(self.commit)
        self.box.textChanged.connect(self._typed)
        self.box.focusLost.connect(self.commit)
        self.show_indicator(None)

    def show_indicator(self, indicator_id: str | None, name: str = "", text: str = "") -> None:
        """Show ``indicator_id``'s commentary (None: nothing selected), committing any typing first."""
        self.commit()   # typing not yet committed belongs to the indicator shown so far
        self.indicator_id = indicator_id
        if indicator_id is None:
            self.title.setText("Co&mmentary: select an indicator in the grid")
            self.box.setAccessibleDescription("Select an indicator in the grid to write its commentary")
        else:
            shown = (name or indicator_id).replace("&", "&&")   # a single & would be read as a mnemonic
            self.title.setText(f"Co&mmentary on {shown}:")
            self.box.setAccessibleDescription(f"Commentary on {name or indicator_id}")
        self.box.setEnabled(indicator_id is not None)
        self.set_text(text)

    def set_text(self, text: str) -> None:
        """Show ``text`` without emitting ``edited`` (after undo, redo or another workspace)."""
        text = text or ""
        self._shown = text
        if self.box.toPlainText() == text:
            return
        self._setting = True
        try:
            self.box.setPlainText(text)
            self.box.moveCursor(self.box.textCursor().MoveOperation.End)
        finally:
            self._setting = False

    def text(self) -> str:
        return self.box.toPlainText()

    def _typed(self) -> None:
        if not self._setting:
            self.timer.start()

    def commit(self) -> None:
        """Emit ``edited`` if the text differs from what was shown."""
        self.timer.stop()
        text = self.box.toPlainText()
        if self.indicator_id is None or text == self._shown:
            return
        self._shown = text
        self.edited.emit(self.indicator_id, text)


def details_with_commentary(details: QWidget, editor: CommentaryEditor, parent=None) -> QSplitter:
    """The details pane above the commentary box, in a splitter the user can move."""
    splitter = QSplitter(Qt.Orientation.Vertical, parent)
    splitter.setAccessibleName("Details and commentary")
    splitter.addWidget(details)
    splitter.addWidget(editor)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setChildrenCollapsible(False)
    return splitter


__all__ = ["CommentaryEditor", "details_with_commentary", "PAUSE_MS"]
