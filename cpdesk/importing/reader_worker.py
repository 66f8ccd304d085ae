"""The reading worker: a separate process that reads and interprets untrusted files.

Started by :mod:`cpdesk.importing.guarded` (``python -m cpdesk.importing.reader_worker``,
or ``cpdesk --reader-worker`` in a frozen build). It limits its own memory first, then
answers one request at a time on its standard input:

    request  (job name, path, keyword arguments)
    answers  ("progress", fraction, message) ... then exactly one of
             ("done", result) | ("refused", path, problem, advice) | ("cancelled", message)
             | ("error", message) | ("memory",) | ("unexpected", description, traceback text)

Every message is a frame: 8 bytes of length, then a pickle (see :mod:`cpdesk.importing.frames`).
Answers go out on a private copy of the original standard output; the standard output
itself is pointed at standard error, which the parent captures and never shows, so
nothing printed here (a Rust panic message included) can reach a terminal or a log.
"""
from __future__ import annotations

import os
import sys
import threading
import time
import traceback

from cpdesk.importing.frames import read_frame, write_frame
from cpdesk.importing.memory_limit import limit_own_memory

#: Jobs by name: the function that reads and interprets one file, as the app and the CLI use it.
JOBS = {
    "import_file": ("cpdesk.importing.importer", "import_file"),
    "load_file": ("cpdesk.records.file_loading", "load_file"),
}
_PROGRESS_EVERY_S = 0.05


def _warm_up() -> None:
    """Import what the jobs need while the worker waits (the parse itself needs only calamine)."""
    try:
        import pandas  # noqa: F401

        from cpdesk.catalogue import default_catalogue
        from cpdesk.importing import importer  # noqa: F401
        from cpdesk.records import file_loading  # noqa: F401
        default_catalogue()
    except BaseException:  # noqa: BLE001 - the job itself will meet and report the same problem
        pass


def _job(name: str):
    import importlib

    module, func = JOBS[name]
    return getattr(importlib.import_module(module), func)


def serve(inp, out) -> None:
    """Answer requests from ``inp`` on ``out`` until ``inp`` ends (the parent closed it or died)."""
    from cpdesk.errors import CpdeskError, ImportCancelled, UnreadableFileError

    while True:
        request = read_frame(inp)
        if request is None:
            return
        job, path, kwargs = request
        last = [0.0]

        def progress(fraction, message):
            now = time.monotonic()
            if now - last[0] >= _PROGRESS_EVERY_S:
                last[0] = now
                write_frame(out, ("progress", float(fraction), str(message)))

        try:
            result = _job(job)(path, progress=progress, **kwargs)
            answer = ("done", result)
        except UnreadableFileError as exc:
            answer = ("refused", exc.path, exc.problem, exc.advice)
        except ImportCancelled as exc:
            answer = ("cancelled", str(exc))
        except CpdeskError as exc:
            answer = ("error", str(exc))
        except MemoryError:
            answer = ("memory",)
        except Exception as exc:  # noqa: BLE001 - reported to the parent as one sentence
            answer = ("unexpected", f"{type(exc).__name__}: {exc}", traceback.format_exc(limit=20))
        try:
            write_frame(out, answer)
        except MemoryError:
            del answer
            write_frame(out, ("memory",))


def main() -> int:
    limit = int(os.environ.get("CPDESK_READER_MEMORY", "0") or 0)
    if limit:
        limit_own_memory(limit)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=1 << 16)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    requests = os.fdopen(os.dup(sys.stdin.fileno()), "rb", buffering=1 << 16)
    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
    try:
        serve(requests, answers)
    except (BrokenPipeError, EOFError, KeyboardInterrupt):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
