"""Where cpdesk's messages go when nobody may be watching a console.

A windowed program has no console: on Windows the frozen ``cpdesk.exe`` starts with
``sys.stdout`` and ``sys.stderr`` set to ``None``, and a double-clicked Linux program's
output goes nowhere anyone reads. So the window logs to a file in the user's data folder
(:func:`start_logging`), and unexpected errors are written there too (:func:`catch_errors`)
instead of as a traceback on a stream that may not exist. Nothing here writes to a stream
without checking that it is there; nothing here raises.
"""
from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from typing import Callable

LOG_NAME = "cpdesk.log"
#: A log this large when the program starts is moved to cpdesk.log.1 (replacing it) first.
MAX_BYTES = 1_000_000
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_OURS = "_cpdesk_handler"   # marks the handlers added here, so starting twice replaces them

log = logging.getLogger("cpdesk")


def has_console(stream=None) -> bool:
    """Whether ``stream`` (default ``sys.stderr``) exists and is open."""
    stream = sys.stderr if stream is None else stream
    return stream is not None and not getattr(stream, "closed", False)


def start_logging(path: Path | None, level: int = logging.INFO) -> Path | None:
    """Send log records to ``path`` (rotated), and warnings to stderr when there is one.

    Returns the log file, or ``None`` when it could not be opened (then, with no console
    either, records are dropped rather than failing the program). The file is opened on
    the first record, so a session that logs nothing leaves it alone.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()
    added: list[logging.Handler] = []
    opened = None
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file() and path.stat().st_size > MAX_BYTES:
                path.replace(path.with_name(path.name + ".1"))
            added.append(logging.FileHandler(path, encoding="utf-8", delay=True))
            opened = path
        except OSError:
            pass
    if has_console():
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        added.append(console)
    if not added:
        added.append(logging.NullHandler())
    for handler in added:
        handler.setFormatter(logging.Formatter(FORMAT))
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    root.setLevel(level)
    return opened


def log_error(what: str, exc_type, exc, tb) -> None:
    """Write an exception and its traceback to the log; never raises."""
    try:
        log.error("%s:\n%s", what, "".join(traceback.format_exception(exc_type, exc, tb)).rstrip())
    except Exception:  # noqa: BLE001 - reporting an error must not make another
        pass


def catch_errors(tell_user: Callable[[BaseException], None] | None = None) -> None:
    """Log unexpected errors of the main thread and of other threads instead of printing them.

    ``tell_user(exc)`` is then called (it says so calmly in the window); any error it raises
    is logged and dropped. Ctrl+C in a terminal still ends the program.
    """
    def main_thread(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            if has_console():
                sys.__excepthook__(exc_type, exc, tb)
            return
        log_error("unexpected error", exc_type, exc, tb)
        if tell_user is not None:
            try:
                tell_user(exc)
            except Exception:  # noqa: BLE001
                log_error("could not show the error", *sys.exc_info())

    def other_thread(args):
        if args.exc_type is SystemExit:
            return
        name = getattr(args.thread, "name", "a thread")
        log_error(f"unexpected error in {name}", args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = main_thread
    threading.excepthook = other_thread
