"""Help › User guide: the guide shipped in ``resources/guide/``, shown offline in a text browser.

The guide is HTML with its screenshots beside it. Nothing is fetched: links inside the guide
move within it, and a link to anywhere else is not followed (its address is shown instead,
to copy into a browser on a machine that may use the network).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout

from cpdesk.resources import resource

GUIDE = "guide.html"


def guide_folder():
    return resource("guide")


class GuideBrowser(QTextBrowser):
    """A text browser that never loads anything from outside the guide's folder."""

    outside = None   # a callable told of a link it did not follow

    def loadResource(self, kind, url: QUrl):
        if url.scheme() not in ("", "file", "qrc"):
            return None
        return super().loadResource(kind, url)


class UserGuide(QDialog):
    """The user guide in a window of its own (one per main window)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("cpdesk user guide")
        self.setAccessibleName("User guide")
        self.browser = GuideBrowser(self)
        self.browser.setAccessibleName("User guide text")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.follow)
        folder = guide_folder()
        self.browser.setSearchPaths([str(folder)])
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.browser.setSource(QUrl.fromLocalFile(str(folder / GUIDE)))
        self.resize(900, 720)

    def follow(self, url: QUrl) -> None:
        """Move within the guide; say where any other link points, without opening it."""
        if url.scheme() in ("", "file") and (not url.path() or url.path().endswith(".html")):
            self.browser.setSource(url if url.scheme() else self.browser.source().resolved(url))
            self.status.setText("")
        else:
            self.status.setText(f"cpdesk does not open web pages: {url.toString()} (copy it into a web browser).")

    @classmethod
    def show_for(cls, parent) -> "UserGuide":
        guide = getattr(parent, "_user_guide", None)
        if guide is None:
            guide = cls(parent)
            parent._user_guide = guide
        guide.show()
        guide.raise_()
        return guide


__all__ = ["UserGuide", "GuideBrowser", "guide_folder", "GUIDE"]
