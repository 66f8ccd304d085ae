"""The one Qt application of a process: made on demand for headless work, with quiet logs."""
from __future__ import annotations

import os
import sys

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication

#: Messages Qt's offscreen platform prints for every shown window; they mean nothing to a user.
_NOISE = ("This plugin does not support propagateSizeHints()",)


def _message_handler(kind, context, message):
    if message in _NOISE:
        return
    if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        sys.stderr.write(f"{message}\n")


def quiet_qt_messages() -> None:
    """Drop Qt's known offscreen noise; other warnings still reach stderr."""
    qInstallMessageHandler(_message_handler)


def ensure_app(widgets: bool = True) -> QGuiApplication:
    """The running Qt application, or a new one (offscreen when there is no display).

    ``widgets`` makes a QApplication (charts are widgets); otherwise a QGuiApplication is
    enough for fonts and painting (the PDF writer).
    """
    app = QGuiApplication.instance()
    if app is not None:
        return app
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    quiet_qt_messages()
    if widgets:
        from PySide6.QtWidgets import QApplication
        return QApplication(sys.argv[:1] or ["cpdesk"])
    return QGuiApplication(sys.argv[:1] or ["cpdesk"])
