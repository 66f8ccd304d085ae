"""Reading untrusted files behind a wall: in a worker process with a memory and a time limit.

A spreadsheet parser can be made to abort its process (the Rust reader does, when an
allocation fails), to ask for gigabytes, or to run for minutes. cpdesk therefore reads and
interprets each file in a separate process (:mod:`cpdesk.importing.reader_worker`): one
warm worker at a time, started again when it dies. If the worker dies, runs out of memory
or out of time, that one file gets one plain sentence and everything else goes on; what the
worker printed (a Rust panic message, say) is captured and dropped. Cancel kills the worker
at once.

Qt-free: the app's load worker and the command line both call :func:`load_file` /
:func:`import_file` here. The app starts the worker after its first paint
(:func:`start_worker`), so start-up is not slowed; the command line starts it first thing,
so the worker's own start overlaps the rest of the command's.
"""
from __future__ import annotations

import atexit
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from cpdesk.errors import CpdeskError, ImportCancelled, UnreadableFileError
from cpdesk.importing import frames
from cpdesk.importing.reader_worker import READ_AHEAD, WARM_UP_AFTER_READ_AHEAD


#: The worker's memory ceiling. The largest sheets cpdesk accepts (15 million cells) need
#: about 1.5 GiB while they are read and interpreted.
MEMORY_LIMIT_BYTES = 3 << 30
#: Time allowed for one file: a base, and more for a bigger file (a 100 MB CSV reads in a few seconds).
TIME_LIMIT_BASE_S = 60.0
TIME_LIMIT_PER_MIB_S = 1.0
_POLL_S = 0.05
_STDERR_KEPT = 64 << 10

ADVICE_STOPPED = "The file may be damaged; open it in Excel and save a copy, then import the copy."


class ReadingStopped(UnreadableFileError):
    """The worker was stopped, or stopped by itself, while reading one file."""

    @property
    def message(self) -> str:
        return f"cpdesk stopped reading {self.path}: {self.problem} {self.advice}".rstrip()


def time_limit_for(path) -> float:
    try:
        size = os.path.getsize(path)
    except OSError:
        size = 0
    return TIME_LIMIT_BASE_S + TIME_LIMIT_PER_MIB_S * size / (1 << 20)


def worker_command() -> list[str]:
    """How to start a worker: this Python on the worker module, or a frozen build on itself."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--reader-worker"]
    # -P: the current folder (where a user's files are) is not put on the worker's import path.
    return [sys.executable, "-P", "-m", "cpdesk.importing.reader_worker"]


def _worker_env(memory_limit: int) -> dict:
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parent.parent.parent)
    env["PYTHONPATH"] = os.pathsep.join([package_root] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env["CPDESK_READER_MEMORY"] = str(memory_limit)
    env.pop("RUST_BACKTRACE", None)
    env.pop("RUST_LIB_BACKTRACE", None)
    env.pop("PYTHONFAULTHANDLER", None)
    return env


class _Worker:
    """One running worker process and the threads that read what it sends."""

    def __init__(self, command: list[str], env: dict):
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env, creationflags=flags, close_fds=True)
        self.answers: queue.Queue = queue.Queue()
        self.stderr = bytearray()
        self.stderr_lock = threading.Lock()
        threading.Thread(target=self._read_answers, name="reader-answers", daemon=True).start()
        threading.Thread(target=self._read_stderr, name="reader-stderr", daemon=True).start()

    def _read_answers(self) -> None:
        try:
            while True:
                data = frames.read_raw(self.proc.stdout)
                if data is None:
                    break
                self.answers.put(data)
        except (OSError, ValueError):
            pass
        self.answers.put(None)

    def _read_stderr(self) -> None:
        try:
            while True:
                chunk = self.proc.stderr.read1(1 << 16)
                if not chunk:
                    return
                with self.stderr_lock:
                    self.stderr += chunk
                    del self.stderr[:-_STDERR_KEPT]
        except (OSError, ValueError):
            return

    def captured(self) -> str:
        with self.stderr_lock:
            return self.stderr.decode("utf-8", "replace")

    def clear_captured(self) -> None:
        with self.stderr_lock:
            self.stderr.clear()

    def send(self, request) -> None:
        frames.write_frame(self.proc.stdin, request)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        try:
            self.proc.kill()
        except OSError:
            pass
        self.wait()

    def wait(self, timeout: float = 5.0) -> int | None:
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                pipe.close()
            except (OSError, ValueError):
                pass
        return code


class ReaderPool:
    """One warm worker, used by one file at a time, started again after it dies.

    Parameters
    ----------
    memory_limit : int
        Bytes of memory the worker may use.
    keep_warm : bool
        Start a new worker as soon as one has died or been stopped (the app), rather than
        when the next file comes (the command line).
    """

    def __init__(self, memory_limit: int = MEMORY_LIMIT_BYTES, keep_warm: bool = False, command=None):
        self.memory_limit = memory_limit
        self.keep_warm = keep_warm
        self.command = command or worker_command()
        self._worker: _Worker | None = None
        self._ahead: tuple[_Worker, str] | None = None   # the worker reading a file ahead, and the file
        self._ending: list[_Worker] = []    # workers told to end, reaped by close()
        self._lock = threading.Lock()       # one file at a time
        self._start_lock = threading.Lock()

    def start(self, reads_ahead: bool = False) -> None:
        """Start the worker if none is running (returns at once; the worker warms up by itself).

        ``reads_ahead``: its first request will be a read ahead; its warm-up then waits for
        that read, or for the request of the job, so that this process's imports (which come
        first) share the two cores with the parse only.
        """
        with self._start_lock:
            if self._worker is None or not self._worker.alive():
                if self._worker is not None:
                    self._worker.wait(0)
                env = _worker_env(self.memory_limit)
                if reads_ahead:
                    env[WARM_UP_AFTER_READ_AHEAD] = "1"
                self._worker = _Worker(self.command, env)

    def read_ahead(self, path) -> None:
        """Have the worker start reading ``path`` now; the next call for ``path`` takes what it read.

        The command line asks this first thing, so that the worker reads the file while this
        process imports pandas. Nothing is waited for; the call for ``path`` keeps every limit
        (time, memory, cancel), and whatever the read met (a refusal, a crash) is met by that call.
        """
        if not self._lock.acquire(blocking=False):
            return                          # a file is being read; this one waits its turn
        try:
            self.start(reads_ahead=True)
            self._ahead = (self._worker, os.fspath(path))
            self._worker.send((READ_AHEAD, os.fspath(path)))
        except (OSError, ValueError):
            pass                            # the worker is gone; the call will start another
        finally:
            self._lock.release()

    def close(self) -> None:
        with self._start_lock:
            worker, self._worker = self._worker, None
            ending, self._ending = self._ending, []
        for w in ending + ([worker] if worker is not None else []):
            w.kill()              # it holds nothing worth waiting for (one that has ended is only reaped)

    def release(self) -> None:
        """No more files will be read: the worker is told to end, and ends by itself (freeing
        what it holds) while this process goes on; :meth:`close` reaps it. A later call starts
        another worker."""
        with self._lock, self._start_lock:
            worker, self._worker = self._worker, None
            if worker is None:
                return
            self._ending.append(worker)
            try:
                worker.proc.stdin.close()     # the worker reads the end of its requests and leaves
            except (OSError, ValueError):
                pass

    def call(self, job: str, path, kwargs: dict | None = None, *, progress=None, cancelled=None,
             time_limit: float | None = None):
        """Run ``job`` on ``path`` in the worker and return its result.

        Raises
        ------
        UnreadableFileError
            The file was refused, or the worker died, ran out of memory or of time on it
            (:class:`ReadingStopped`).
        ImportCancelled
            ``cancelled()`` became true; the worker was killed.
        CpdeskError
            Another error with a sentence for the user.
        """
        path = os.fspath(path)
        limit = time_limit_for(path) if time_limit is None else time_limit
        with self._lock:
            self.start()
            worker = self._worker
            ahead, self._ahead = self._ahead, None
            if ahead != (worker, path):
                worker.clear_captured()     # (what it printed reading this file ahead is kept)
            try:
                # the keyword arguments pickled apart: the worker reads the file before it takes
                # them in (they may name cpdesk classes whose modules import pandas)
                worker.send((job, path, frames.dumps(dict(kwargs or {}))))
            except (OSError, ValueError):
                pass                        # the worker is gone; the answers queue will say so
            _import_answer_modules(job)
            deadline = time.monotonic() + limit
            while True:
                if cancelled is not None and cancelled():
                    self._stop(worker)
                    raise ImportCancelled(f"Loading {Path(path).name} was cancelled.")
                try:
                    data = worker.answers.get(timeout=_POLL_S)
                except queue.Empty:
                    if time.monotonic() > deadline:
                        self._stop(worker)
                        raise ReadingStopped(path, f"it took longer than {_seconds(limit)}.", ADVICE_STOPPED) from None
                    continue
                if data is None:
                    raise self._died(worker, path)
                try:
                    answer = frames.loads(data)
                except MemoryError:
                    raise ReadingStopped(path, "there was not enough memory to take in what was read.",
                                         ADVICE_STOPPED) from None
                if answer[0] == "progress":
                    if progress is not None:
                        progress(answer[1], answer[2])
                    continue
                return self._result(answer, path)

    def _result(self, answer, path):
        kind = answer[0]
        if kind == "done":
            return answer[1]
        if kind == "refused":
            raise UnreadableFileError(path, answer[2], answer[3])
        if kind == "cancelled":
            raise ImportCancelled(answer[1])
        if kind == "error":
            raise CpdeskError(answer[1])
        if kind == "memory":
            raise ReadingStopped(path, f"it needed more than {_bytes(self.memory_limit)} of memory.", ADVICE_STOPPED)
        _log().info("reading %s failed unexpectedly in the worker: %s\n%s", path, answer[1], answer[2])
        raise ReadingStopped(path, f"the reader met an error it did not expect ({answer[1]}).",
                             "Please report this with the file that caused it; other files are not affected.")

    def _stop(self, worker: _Worker) -> None:
        worker.kill()
        if self.keep_warm:
            self.start()

    def _died(self, worker: _Worker, path: str) -> ReadingStopped:
        code = worker.wait()
        text = worker.captured()
        self._stop(worker)
        if "memory allocation of" in text or "MemoryError" in text or "out of memory" in text.lower():
            return ReadingStopped(path, f"it needed more than {_bytes(self.memory_limit)} of memory.", ADVICE_STOPPED)
        _log().info("the reading worker ended (exit status %s) while reading %s", code, path)
        return ReadingStopped(path, "the spreadsheet reader stopped unexpectedly (the file is damaged or unusual "
                              "in a way it could not handle).", ADVICE_STOPPED)


def _import_answer_modules(job: str) -> None:
    """Import the modules whose classes a job's answer holds, while the worker works, so
    that taking the answer in does not import them (about 0.04 s on the 100,000-row file)."""
    import importlib

    from cpdesk.importing.reader_worker import JOBS
    for name in ("cpdesk.importing.importer", JOBS.get(job, ("",))[0]):
        try:
            if name:
                importlib.import_module(name)
        except Exception:  # noqa: BLE001 - taking the answer in meets (and reports) the same problem
            pass


def _log():
    # (logging is imported when first needed: the command line starts its worker before it)
    import logging

    return logging.getLogger(__name__)


def _seconds(s: float) -> str:
    return f"{s:,.1f}".removesuffix(".0") + " seconds"


def _bytes(n: int) -> str:
    from cpdesk.importing.file_safety import human_size

    return human_size(n)


_pool: ReaderPool | None = None
_pool_lock = threading.Lock()


def reader_pool() -> ReaderPool:
    """The process's pool (created on first use; its worker is stopped at exit)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ReaderPool()
            atexit.register(_pool.close)
        return _pool


def start_worker(keep_warm: bool | None = None, read_ahead=None) -> None:
    """Start the worker now, so that the first file does not wait for it (the app: after its first paint).

    ``read_ahead``: a file the worker starts reading at once, before it is asked for it
    (:meth:`ReaderPool.read_ahead`).
    """
    pool = reader_pool()
    if keep_warm is not None:
        pool.keep_warm = keep_warm
    pool.start(reads_ahead=read_ahead is not None)
    if read_ahead is not None:
        pool.read_ahead(read_ahead)


def release_worker() -> None:
    """The command line has read its last file: the worker ends now, while the command prints
    (:meth:`ReaderPool.release`), rather than being stopped at exit."""
    if _pool is not None:
        _pool.release()


def load_file(path, *, progress=None, cancelled=None, time_limit: float | None = None, **kwargs):
    """:func:`cpdesk.records.file_loading.load_file` (what the app reads a file with), in the worker."""
    return reader_pool().call("load_file", path, kwargs, progress=progress, cancelled=cancelled,
                              time_limit=time_limit)


def import_file(path, *, progress=None, cancelled=None, time_limit: float | None = None, **kwargs):
    """:func:`cpdesk.importing.importer.import_file` (what the command line reads a file with), in the worker."""
    return reader_pool().call("import_file", path, kwargs, progress=progress, cancelled=cancelled,
                              time_limit=time_limit)
