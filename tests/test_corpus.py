"""Every file of the robustness corpus (real and hostile spreadsheets) reads, or is refused
with a plain message naming it, within a time and memory budget, without crashing.

Each file is read in a forked child process, so an abort or segfault in native code is
reported as a failure of that file instead of taking pytest down, and the child's own
peak memory can be read from ``os.wait4``.
"""
from __future__ import annotations

import json
import faulthandler
import os
import resource
import signal
import time
import traceback
from pathlib import Path

import openpyxl  # noqa: F401 - imported before forking so each child does not pay for it
import pytest
import python_calamine  # noqa: F401

from cpdesk.catalogue import default_catalogue
from cpdesk.errors import UnreadableFileError
from cpdesk.importing.importer import import_file
from cpdesk.importing.readers import read_workbook

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "spreadsheets"
FILES = sorted(p.name for p in CORPUS.iterdir()) if CORPUS.is_dir() else []

TIME_LIMIT_S = 5.0
MEMORY_LIMIT_BYTES = 1 << 30
#: A safety net so that a runaway child cannot take the machine's memory; a child that
#: hits it fails loudly (a MemoryError or an abort), which the test reports.
ADDRESS_SPACE_LIMIT = 6 << 30
#: The parent kills a child that has not finished by then and reports a hang.
HANG_AFTER_S = 20.0

#: The corpus files that must be refused, with the start of the problem sentence. Every
#: other file must read.
REFUSED = {
    "OOM_alloc3.xls": "is damaged (its Excel 97-2003 file structure is broken)",
    "issue252.xlsx": "is damaged (a part of the workbook is not valid XML)",
    "issue_385.xls": "is password-protected",
    "issue_594_dos.ods": "is too large to read safely (a sheet claims more cells than any real sheet has)",
    "pass_protected.ods": "is password-protected",
    "pass_protected.xlsb": "is password-protected",
    "pass_protected.xlsx": "is password-protected",
    "too_small.xls": "is not a spreadsheet cpdesk can read (it looks like a text file)",
}


# Load the catalogue and the lazily built parts of the importer once here, so that every
# forked child inherits them instead of building them again.
default_catalogue()
if CORPUS.is_dir():
    import_file(CORPUS / "date.xlsx")


def run_in_child(func, path: Path) -> dict:
    """Run ``func(path)`` in a forked child; returns its outcome, time and peak memory."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        code = 0
        try:
            os.close(read_end)
            resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))
            outcome = outcome_of(func, path)
            with os.fdopen(write_end, "w") as fh:
                json.dump(outcome, fh, default=str)
        except BaseException:  # noqa: BLE001
            code = 70
        finally:
            os._exit(code)

    os.close(write_end)
    deadline = time.monotonic() + HANG_AFTER_S
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            os.close(read_end)
            return {"status": "hung", "seconds": HANG_AFTER_S, "peak_bytes": usage.ru_maxrss * 1024}
        time.sleep(0.005)
    with os.fdopen(read_end) as fh:
        text = fh.read()
    if os.WIFSIGNALED(status) or os.WEXITSTATUS(status) != 0 or not text:
        how = (f"killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
               else f"exit status {os.WEXITSTATUS(status)}")
        return {"status": "died", "message": how, "seconds": None, "peak_bytes": usage.ru_maxrss * 1024}
    outcome = json.loads(text)
    outcome["peak_bytes"] = usage.ru_maxrss * 1024  # ru_maxrss is in KiB on Linux
    return outcome


def outcome_of(func, path: Path) -> dict:
    start = time.perf_counter()
    try:
        outcome = {"status": "read", "detail": func(path)}
    except UnreadableFileError as exc:
        outcome = {"status": "refused", "message": str(exc), "problem": exc.problem}
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as a failure
        outcome = {"status": "crashed", "message": "".join(traceback.format_exception(exc))[-3000:]}
    outcome["seconds"] = time.perf_counter() - start
    return outcome


def read_summary(path: Path) -> dict:
    wb = read_workbook(path)
    for sheet in wb.sheets:
        assert all(isinstance(row, list) for row in sheet.rows)
        assert all(len(m) == 4 and m[0] <= m[2] and m[1] <= m[3] for m in sheet.merged)
    return {"format": wb.format, "sheets": [(s.name, s.n_rows) for s in wb.sheets]}


def import_summary(path: Path) -> dict:
    result = import_file(path)
    return {"observations": int(len(result.observations)), "tables": len(result.tables)}


def read_then_import(path: Path) -> dict:
    """Both stages in one child (half the forks): the reader alone, then the whole import."""
    return {"read": outcome_of(read_summary, path), "import": outcome_of(import_summary, path)}


def check(name: str, stage: str, outcome: dict, peak_bytes: int) -> None:
    where = f"{name} ({stage})"
    assert outcome["status"] in ("read", "refused"), f"{where}: {outcome['status']}: {outcome.get('message')}"
    assert outcome["seconds"] < TIME_LIMIT_S, f"{where} took {outcome['seconds']:.2f} s"
    assert peak_bytes < MEMORY_LIMIT_BYTES, f"{name} peaked at {peak_bytes >> 20} MiB"
    if name in REFUSED:
        assert outcome["status"] == "refused", f"{where} should have been refused but read: {outcome['detail']}"
        assert name in outcome["message"]
        assert outcome["problem"].startswith(REFUSED[name]), outcome["problem"]
        assert "memory" not in outcome["problem"]
    else:
        assert outcome["status"] == "read", f"{where} should read: {outcome.get('message')}"


def test_corpus_is_there():
    assert len(FILES) == 132, f"expected the 132 corpus files in {CORPUS}"
    assert set(REFUSED) <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_corpus_file_reads_and_imports_or_is_refused(name):
    result = run_in_child(read_then_import, CORPUS / name)
    assert result["status"] == "read", f"{name}: the child {result['status']}: {result.get('message')}"
    check(name, "read_workbook", result["detail"]["read"], result["peak_bytes"])
    check(name, "import_file", result["detail"]["import"], result["peak_bytes"])


def test_a_crash_in_the_child_is_reported(tmp_path):
    def abort(path):
        faulthandler.disable()   # the abort is deliberate: keep pytest's crash report out of the log
        os.abort()

    outcome = run_in_child(abort, tmp_path)
    assert outcome["status"] == "died"
    assert outcome["message"] == f"killed by signal {int(signal.SIGABRT)}"
