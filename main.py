"""Double-click entry point: opens the cpdesk window (``python main.py [FILE...]``)."""
import sys

from cpdesk.cli import main

if __name__ == "__main__":
    try:
        code = main(sys.argv[1:] or [])
    except Exception:  # noqa: BLE001 - never let it reach the frozen program's "unhandled exception" box
        # (a hidden reading worker would wait on that box forever); the details go to stderr
        # when there is one (a worker's parent reads it) and to the log.
        import logging
        import traceback

        from cpdesk.logfile import has_console
        if has_console():
            traceback.print_exc()
        logging.getLogger("cpdesk").exception("unexpected error")
        code = 1
    from cpdesk import cli
    cli.end(code, sys.argv[1:])     # a command ends the process itself (without tearing down every module)
    sys.exit(code)
