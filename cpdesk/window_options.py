"""The window's command-line options, defined once for ``cpdesk --help`` and the window itself.

Standard library only: the command line lists them without importing Qt.
"""
from __future__ import annotations

import argparse


def add_window_options(parser: argparse.ArgumentParser, *, files: bool = True) -> None:
    """The window's own options (``cpdesk [OPTIONS] [FILE...]``, ``python main.py``), in one place."""
    group = parser.add_argument_group("opening the window (cpdesk with no command, or python main.py)",
                                      None if files else "FILE ...: spreadsheets, folders or a .cpdesk workspace "
                                      "to open in the window")
    if files:
        group.add_argument("files", nargs="*", metavar="FILE",
                           help="spreadsheets, folders or a .cpdesk workspace to open in the window")
    group.add_argument("--workspace", metavar="FILE", help="a .cpdesk workspace to open")
    group.add_argument("--la", metavar="CODE_OR_NAME",
                       help="local authority to show (code, E-code or name), instead of asking on the first run")
    group.add_argument("--screenshot", metavar="PNG",
                       help="draw the window (1280 x 780) with the files given into this PNG file and exit")
    group.add_argument("--trends", action="store_true",
                       help="with --screenshot: also draw the trend view, into PNG-trends.png")


__all__ = ["add_window_options"]
