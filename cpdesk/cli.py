"""The ``cpdesk`` command: the window with no arguments, headless jobs as subcommands.

Exit codes: 0 success, 2 usage error, 3 unreadable input (one clear line on stderr).
No traceback ever reaches a user: unexpected errors are reported in one line too.
"""
from __future__ import annotations

import argparse
import importlib
import io
import os
import sys

from cpdesk import __version__
from cpdesk.errors import CpdeskError
from cpdesk.window_options import add_window_options

#: Subcommands, each a module in ``cpdesk.commands`` with ``add_parser(sub)`` and ``run(args)``.
COMMANDS = ["inspect", "summary", "records", "benchmarks"]

EXIT_OK, EXIT_USAGE, EXIT_INPUT = 0, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: exit 2 with one line, as argparse does, no traceback
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cpdesk", description="Child protection performance papers, offline. With no command "
                     "(or only files and the options below) cpdesk opens its window; a command does a job headless.",
                     usage="cpdesk [--la CODE_OR_NAME] [--workspace FILE] [--screenshot PNG [--trends]] [FILE ...]\n"
                           "       cpdesk {inspect,summary,records,benchmarks} ...\n"
                           "       cpdesk --self-test | --version")
    parser.add_argument("--version", action="version", version=f"cpdesk {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check that this copy of cpdesk works (offscreen; exit 0 if every check passes)")
    add_window_options(parser, files=False)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, title="commands", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"cpdesk.commands.{name}").add_parser(sub)
    return parser


def not_a_command(argv: list[str]) -> str | None:
    """A usage message if ``argv`` starts with what must be a mistyped command, else None.

    The window takes files and folders: a first word that is neither an option, nor a file
    or folder that exists, nor a file name (it has no suffix) is a command cpdesk does not know.
    """
    if not argv or argv[0].startswith("-") or argv[0] in COMMANDS:
        return None
    word = argv[0]
    if os.path.exists(word) or os.path.splitext(word)[1] or os.sep in word or "/" in word:
        return None
    import difflib
    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.5)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return (f"cpdesk: error: '{word}' is not a command, a file or a folder.{hint} "
            f"Commands: {', '.join(COMMANDS)}; 'cpdesk --help' lists them all.")


def main(argv: list[str] | None = None) -> int:
    """Run cpdesk with ``argv`` (the command line's words when None). Called as the program
    (``argv`` None), a command ends the process itself (:func:`leave`)."""
    as_program = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--reader-worker":   # a frozen build starting its own reading worker
        from cpdesk.importing import reader_worker
        return reader_worker.main()
    if argv and argv[0] == "--self-test":
        from cpdesk import selftest
        return selftest.main(argv[1:])
    mistyped = not_a_command(argv)
    if mistyped:
        print(mistyped, file=sys.stderr)
        return EXIT_USAGE
    if not argv or argv[0] not in COMMANDS + ["-h", "--help", "--version"]:
        return _run_gui(argv)
    args = build_parser().parse_args(argv)
    if as_program:
        # a command imports pandas and most of cpdesk while its reading worker reads: with the
        # default threshold the cycle collector walked everything imported so far every 700
        # allocations (cycles are still collected, less often; the worker does the same)
        import gc
        gc.set_threshold(100_000, *gc.get_threshold()[1:])
    module = importlib.import_module(f"cpdesk.commands.{args.command}")
    code = _run_command(module, args)
    if as_program:
        leave(code)
    return code


def _run_command(module, args) -> int:
    try:
        return int(module.run(args) or 0)
    except CpdeskError as exc:
        print(f"cpdesk: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        # The reader went away (``cpdesk inspect ... | head``): not an error worth a message.
        # Point stdout at devnull so the flush at exit does not complain either.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            pass
        return 0
    except KeyboardInterrupt:
        print("cpdesk: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        print(f"cpdesk: unexpected error: {type(exc).__name__}: {exc}. Please report this with the file that caused it.",
              file=sys.stderr)
        return 1


def end(code: int, argv: list[str]) -> None:
    """After ``main(argv)`` (``main.py``, the frozen build's entry point): when ``argv`` named
    a command, :func:`leave` with ``code``; otherwise (the window) return."""
    if argv and argv[0] in COMMANDS:
        leave(code)


def leave(code: int) -> None:
    """End the process after a command with exit status ``code``, as the interpreter would,
    without its teardown of every module (pandas' alone takes tens of milliseconds).

    The exit handlers run (the reading worker is stopped and reaped) and the standard streams
    are flushed. Returns, for the interpreter's own exit, when a thread that is not a daemon
    is still running or the output cannot be flushed (it then reports that as it always does).
    """
    import threading

    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        return
    import atexit

    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code & 0xFF)


def _run_gui(argv: list[str]) -> int:
    from cpdesk.ui import app
    return int(app.run(argv) or 0)


if __name__ == "__main__":
    sys.exit(main())
