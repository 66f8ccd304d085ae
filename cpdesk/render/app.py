"""The one Qt GUI application of a process, made on demand for painting without a window."""
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


def gui_app() -> QGuiApplication:
    """The running Qt application, or a new QGuiApplication (offscreen when there is no display).

    Fonts and QPainter need one; no window is ever shown from this package.
    """
    app = QGuiApplication.instance()
    if app is not None:
        return app
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    quiet_qt_messages()
    return QGuiApplication(sys.argv[:1] or ["cpdesk"])
