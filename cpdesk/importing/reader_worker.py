"""The reading worker: a separate process that reads and interprets untrusted files.

Started by :mod:`cpdesk.importing.guarded` (``python -m cpdesk.importing.reader_worker``,
or ``cpdesk --reader-worker`` in a frozen build). It limits its own memory first, then
answers one request at a time on its standard input:

    request  (job name, path, keyword arguments pickled on their own)
             or ("read ahead", path): read that file now, without an answer; the next
             request for it takes what was read (or meets what went wrong)
    answers  ("progress", fraction, message) ... then exactly one of
             ("done", result) | ("refused", path, problem, advice) | ("cancelled", message)
             | ("error", message) | ("memory",) | ("unexpected", description, traceback text)

A spreadsheet (not a CSV) is read as soon as its request comes, on the main thread and without
pandas (detect the format, the cheap safety checks, calamine's parse, which releases the GIL),
while a warm-up thread imports pandas and the rest of cpdesk; the job then interprets the
workbook it was handed. Every error of the read is the one the job would have met reading it.

Every message is a frame: 8 bytes of length, then a pickle (see :mod:`cpdesk.importing.frames`).
Answers go out on a private copy of the original standard output; the standard output
itself is pointed at standard error, which the parent captures and never shows, so
nothing printed here (a Rust panic message included) can reach a terminal or a log.
"""
from __future__ import annotations

import gc
import os
import queue
import sys
import threading
import time

from cpdesk.importing.frames import loads, read_frame, write_frame
from cpdesk.importing.memory_limit import limit_own_memory

#: Jobs by name: the function that reads and interprets one file, as the app and the CLI use it
#: (it takes the workbook read beforehand as ``workbook``), and the share of its progress that
#: reading the file takes.
JOBS = {
    "import_file": ("cpdesk.importing.importer", "import_file", 0.7),
    "load_file": ("cpdesk.records.file_loading", "load_file", 0.6),
}
_PROGRESS_EVERY_S = 0.05
#: Allocations between runs of the cycle collector's youngest generation (Python's default: 700).
_GC_THRESHOLD = 100_000
#: The request that asks the worker to read a file before it is asked to interpret it.
READ_AHEAD = "read ahead"
#: Set to "1" in a worker's environment when its first request will be a read ahead (the
#: command line): its warm-up then waits for that read or for the job's request (:func:`serve`).
WARM_UP_AFTER_READ_AHEAD = "CPDESK_WARM_UP_AFTER_READ_AHEAD"


#: A small open-data-style list interpreted by the warm-up, so that what interpretation
#: prepares once per process (compiled patterns, the recognition vocabulary, the authorities'
#: names) is ready before the first file is read.
_WARM_UP_ROWS = [
    ["time_period", "time_identifier", "geographic_level", "country_name", "region_name", "la_name", "category",
     "CPP_start", "CPP_subsequent_percent"],
    ["202324", "Reporting year", "National", "England", "", "", "Category 0", 120.0, 21.5],
    ["202324", "Reporting year", "Regional", "England", "London", "", "Category 0", 30.0, 19.0],
    ["202324", "Reporting year", "Local authority", "England", "London", "Camden", "Category 0", 4.0, "c"],
    ["202425", "Reporting year", "Local authority", "England", "London", "Camden", "Category 1", 5.0, 20.0],
]


def _warm_up(warm: threading.Event | None = None) -> None:
    """Import what the jobs need, and interpret a small list, while the worker reads (the
    parse itself needs only calamine); first wait for ``warm`` (see :func:`serve`)."""
    if warm is not None:
        warm.wait()
    try:
        import pandas  # noqa: F401

        from cpdesk.catalogue import default_catalogue
        from cpdesk.importing import blocks, importer, layout, tidy  # noqa: F401
        from cpdesk.importing.workbook import SheetData, Workbook
        from cpdesk.records import file_loading
        default_catalogue()
        rows = [list(r) for r in _WARM_UP_ROWS]
        file_loading.load_file("warm-up.xlsx", workbook=Workbook(
            path="warm-up.xlsx", name="warm-up.xlsx", format="xlsx", sheets=[SheetData(name="Data", rows=rows)]))
    except BaseException:  # noqa: BLE001 - the job itself will meet and report the same problem
        pass


def _import_readers() -> None:
    """Import what reading a file needs (no pandas)."""
    try:
        import python_calamine  # noqa: F401

        from cpdesk.importing import file_safety, readers  # noqa: F401
    except BaseException:  # noqa: BLE001 - the read itself will meet and report the same problem
        pass


class _ReadAhead:
    """A file read before it was asked for: its workbook (None for a CSV) or what the read raised."""

    def __init__(self, path: str):
        self.path = path
        self.stamp = _stamp(path)
        self.workbook = self.error = None
        try:
            self.workbook = read_first("import_file", path)
        except Exception as exc:  # noqa: BLE001 - raised again when the file is asked for
            self.error = exc

    def matches(self, path: str) -> bool:
        """Whether this is ``path`` as it is now (not changed on disk since)."""
        return path == self.path and self.stamp is not None and _stamp(path) == self.stamp

    def take(self):
        if self.error is not None:
            raise self.error
        return self.workbook


def _stamp(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def _read_ahead(path: str):
    try:
        return _ReadAhead(path)
    except MemoryError:
        return None          # asked for, the file is read again and meets the limit then


def _job(name: str):
    import importlib

    module, func, _ = JOBS[name]
    return getattr(importlib.import_module(module), func)


def read_first(job: str, path, progress=None):
    """The workbook of ``path`` read without pandas, or None for a CSV (its job reads it).

    Raises what :func:`cpdesk.importing.readers.read_workbook` raises: the job would have
    met the same error reading the file itself.
    """
    from cpdesk.importing.file_safety import detect_format
    from cpdesk.importing.readers import read_workbook

    if detect_format(path).format == "csv":
        return None
    share = JOBS[job][2]
    return read_workbook(path, progress=(lambda f, m: progress(share * f, m)) if progress else None)


def _read_requests(inp, requests: queue.Queue, warm: threading.Event) -> None:
    """Read requests as they come (the main thread may be reading a file meanwhile); the
    first that is not a read ahead (or the end of the requests) lets the warm-up start."""
    while True:
        try:
            request = read_frame(inp)
        except BaseException as exc:  # noqa: BLE001 - raised again by the main thread
            request = exc
        if request is None or not isinstance(request, tuple) or request[0] != READ_AHEAD:
            warm.set()
        requests.put(request)
        if request is None or isinstance(request, BaseException):
            return


def serve(inp, out, warm: threading.Event | None = None) -> None:
    """Answer requests from ``inp`` on ``out`` until ``inp`` ends (the parent closed it or died).

    ``warm`` is set when the warm-up may start, if it was not set already: once a file read
    ahead has been read, or once a request for a job has come, whichever is first. (The
    command line's own imports then do not share the two cores with both the parse and the
    warm-up: the command sends its request once it has imported what the request needs.)
    """
    from cpdesk.errors import CpdeskError, ImportCancelled, UnreadableFileError

    warm = warm if warm is not None else threading.Event()
    requests: queue.Queue = queue.Queue()
    threading.Thread(target=_read_requests, args=(inp, requests, warm), name="requests", daemon=True).start()
    ahead = None
    while True:
        request = requests.get()
        if isinstance(request, BaseException):
            raise request
        if request is None:
            return
        if request[0] == READ_AHEAD:
            ahead = _read_ahead(request[1])
            warm.set()
            continue
        job, path, kwargs = request
        taken, ahead = ahead, None
        last = [0.0]

        def progress(fraction, message):
            now = time.monotonic()
            if now - last[0] >= _PROGRESS_EVERY_S:
                last[0] = now
                write_frame(out, ("progress", float(fraction), str(message)))

        try:
            workbook = taken.take() if taken is not None and taken.matches(path) else read_first(job, path, progress)
            result = _job(job)(path, progress=progress, workbook=workbook, **loads(kwargs))
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
            import traceback

            answer = ("unexpected", f"{type(exc).__name__}: {exc}", traceback.format_exc(limit=20))
        try:
            write_frame(out, answer)
        except MemoryError:
            del answer
            write_frame(out, ("memory",))
        # What was read (the grid too: letting a big sheet's cells go one by one takes tens of
        # milliseconds) is let go now, while the parent takes the answer in; the peak is the
        # interpretation's, not the pickling's.
        taken = workbook = result = answer = None  # noqa: F841


def main() -> int:
    limit = int(os.environ.get("CPDESK_READER_MEMORY", "0") or 0)
    if limit:
        limit_own_memory(limit)
    # A sheet's grid is a list per row: with the default threshold the cycle collector ran
    # every 700 of them, and walked everything imported each time it reached the oldest
    # generation (about 0.1 s of a 100,000-row read). Cycles are still collected, less often.
    gc.set_threshold(_GC_THRESHOLD, *gc.get_threshold()[1:])
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=1 << 16)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    requests = os.fdopen(os.dup(sys.stdin.fileno()), "rb", buffering=1 << 16)
    _import_readers()      # (a few milliseconds; while another thread imports, they take several times that)
    warm = threading.Event()
    if os.environ.get(WARM_UP_AFTER_READ_AHEAD) != "1":
        warm.set()
    threading.Thread(target=_warm_up, args=(warm,), name="warm-up", daemon=True).start()
    try:
        serve(requests, answers, warm)
    except (BrokenPipeError, EOFError, KeyboardInterrupt):
        pass
    # Every answer has been flushed and nothing else is kept: leave without tearing down the
    # modules (pandas' take tens of milliseconds), while the parent may still be printing.
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
