"""The one Qt application of a process: made on demand for headless work; Qt's messages to the log.

Qt's warnings go through :mod:`logging` (logger ``cpdesk.qt``), never straight to a stream:
a windowed Windows build has ``sys.stderr = None``, and a message handler that raises ends
the program. With no log set up, Python's last-resort handler prints them to stderr when
there is one (the command line and the tests see them as before).
"""
from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication

from cpdesk import logfile

#: Messages Qt's offscreen platform prints for every shown window; they mean nothing to a user.
_NOISE = ("This plugin does not support propagateSizeHints()",)
_LEVELS = {QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
           QtMsgType.QtFatalMsg: logging.CRITICAL}
qt_log = logging.getLogger("cpdesk.qt")


def _message_handler(kind, context, message):
    try:
        level = _LEVELS.get(kind)
        if level is None or message in _NOISE:
            return
        qt_log.log(level, "%s", message)
        if kind == QtMsgType.QtFatalMsg:   # Qt aborts next: get the message to disk first
            for handler in logging.getLogger().handlers:
                handler.flush()
    except Exception:  # noqa: BLE001 - an exception escaping a Qt message handler ends the program
        pass


def quiet_qt_messages() -> None:
    """Drop Qt's known offscreen noise; other warnings go to the log (or stderr, when none is set up)."""
    qInstallMessageHandler(_message_handler)


def start_gui_logging():
    """Log to ``cpdesk.log`` in the user's data folder and catch unexpected errors there.

    Called first thing by the window's entry, before Qt can say anything. Returns the log
    file (``None`` if it could not be opened). :func:`report_errors_in` adds the window.
    """
    QCoreApplication.setOrganizationName("cpdesk")   # where the data folder is, before the app exists
    QCoreApplication.setApplicationName("cpdesk")
    from cpdesk.ui.settings import data_folder
    try:
        path = data_folder() / logfile.LOG_NAME
    except OSError:
        path = None
    opened = logfile.start_logging(path)
    quiet_qt_messages()
    logfile.catch_errors()
    return opened


def report_errors_in(window) -> None:
    """From now on an unexpected error is logged and also said, calmly, in ``window``'s message bar."""
    def tell_user(exc: BaseException) -> None:
        window.messages.show_message(
            f"Something went wrong ({type(exc).__name__}: {exc}). Your data is unchanged; "
            f"the details are in the log ({logfile.LOG_NAME}).", "error")
    logfile.catch_errors(tell_user)


def use_windows_fonts_offscreen() -> None:
    """On Windows, let Qt's offscreen platform find the system's fonts.

    Offscreen Qt looks for fonts only in its own (empty) ``lib/fonts`` folder: with none, no
    text is drawn, and charts with axis labels can crash. The windows platform, which users
    get, finds them itself.
    """
    if sys.platform == "win32" and os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        fonts = os.path.join(os.environ.get("WINDIR") or r"C:\Windows", "Fonts")
        if os.path.isdir(fonts):
            os.environ.setdefault("QT_QPA_FONTDIR", fonts)


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
    use_windows_fonts_offscreen()
    quiet_qt_messages()
    if widgets:
        from PySide6.QtWidgets import QApplication
        return QApplication(sys.argv[:1] or ["cpdesk"])
    return QGuiApplication(sys.argv[:1] or ["cpdesk"])
