"""``cpdesk --self-test``: prove that this copy of cpdesk works, frozen or not, without a screen.

It loads the built-in national figures and the bundled sample workbook, checks the
bank-holiday calendar (child-level records), builds the summary, the indicator grid (model, view and the main window), a trend chart as PNG and
SVG, the committee table in every export format, the clipboard contents and a workspace
file, all into a temporary folder. One line per check, with its time; exit 0 only if every
check passed. A check whose module is missing from the build fails: it is never skipped.

``--smoke WORKBOOK`` runs a smoke test instead: the real main window loads WORKBOOK in the
background as File › Open does, renders its grid, and its Export dialog writes the committee
table to ``smoke.docx`` (installer/check_windows.sh compares that table from the frozen
Windows app with the one written from source on Linux).

Options: ``--out DIR`` keeps the files (and ``self-test.txt``, the report with details of
any failure) in DIR; otherwise they go to a temporary folder that is removed when every
check passed and kept (and named) when one failed.

Qt work is done by :mod:`cpdesk.ui.selftest_checks`, imported only when needed; when there
is no display (Linux without X or Wayland) Qt runs offscreen, set before Qt is imported.
Settings are redirected to the temporary folder, so a user's own choices are never touched.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from cpdesk import __version__

OK, FAIL = "\u2714", "\u2716"   # ✔ ✖
SAMPLE = ("samples", "example_cp_performance.xlsx")
SAMPLE_LA = "Barnet"            # the authority whose built-in figures are checked
REPORT_NAME = "self-test.txt"
STACKS_NAME = "self-test-stacks.txt"
#: A check still running after this long gets every thread's stack written to STACKS_NAME
#: (a frozen windowed build has no console to interrupt: this is how a hang shows where it is).
WATCHDOG_SECONDS = 120
SMOKE_DOCX = "smoke.docx"

#: What each output file must start with (or contain, for text formats).
SIGNATURES = {
    ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04", ".pdf": b"%PDF-", ".png": b"\x89PNG\r\n\x1a\n",
}


class CheckFailed(Exception):
    """A check ran but its result is wrong; the message says what."""


@dataclass
class Outcome:
    name: str
    ok: bool
    seconds: float
    detail: str
    trace: str = ""


class _Context:
    """What the checks share: the output folder and what earlier checks built."""

    def __init__(self, out: Path):
        self.out = out
        self.values: dict[str, object] = {}

    def need(self, key: str):
        if key not in self.values:
            raise CheckFailed(f"an earlier check that provides the {key.replace('_', ' ')} failed")
        return self.values[key]


# --- the checks -------------------------------------------------------------------------

def check_resources(ctx: _Context) -> str:
    from cpdesk.resources import resource, resources_dir

    folder = resources_dir()
    sample = resource(*SAMPLE)
    missing = [p.name for p in (folder / "catalogue" / "core.json", folder / "palette.json", sample) if not p.is_file()]
    if missing:
        raise CheckFailed(f"missing from {folder}: {', '.join(missing)}")
    ctx.values["sample"] = sample
    return str(folder)


def check_builtin(ctx: _Context) -> str:
    from cpdesk import benchmarks

    las = benchmarks.local_authorities()
    la = benchmarks.find_la(SAMPLE_LA)
    obs = benchmarks.national_observations(la)
    prof = benchmarks.profile(la)
    if len(las) < 150 or obs.empty or prof.empty:
        raise CheckFailed(f"{len(las)} authorities, {len(obs)} values for {la.name}: the national data is incomplete")
    roles = set(obs["area_role"])
    if not {"la", "england", "neighbours", "region"} <= roles:
        raise CheckFailed(f"the figures for {la.name} lack {sorted({'la', 'england', 'neighbours', 'region'} - roles)}")
    ctx.values["builtin_la"] = la
    return f"{len(las)} authorities; {len(obs):,} values for {la.name} with neighbours, region and England"


def check_import(ctx: _Context) -> str:
    from cpdesk.importing.importer import import_files

    sample = ctx.need("sample")
    batch = import_files([sample])
    if batch.errors:
        raise CheckFailed("; ".join(str(e) for e in batch.errors))
    obs = batch.observations
    if obs.empty:
        raise CheckFailed(f"no values were found in {sample.name}")
    ctx.values["observations"] = obs
    tables = sum(len(r.tables) for r in batch.results)
    return f"{len(obs)} values in {tables} tables from {sample.name}"


def check_workdays(ctx: _Context) -> str:
    import datetime as dt

    from cpdesk.records.workdays import bank_holidays

    days = bank_holidays(2022, 2023)
    expected = {dt.date(2023, 4, 10): "Easter Monday", dt.date(2023, 12, 25): "Christmas Day",
                dt.date(2022, 9, 19): "the Queen's state funeral"}
    missing = [name for day, name in expected.items() if day not in days]
    if missing:
        raise CheckFailed(f"the bank holidays lack {', '.join(missing)}")
    return f"{len(days)} bank holidays in England in 2022 and 2023"


def check_summary(ctx: _Context) -> str:
    from cpdesk.summary import build_summary

    summary, choice = build_summary(ctx.need("observations"))
    judged = int(summary["vs_comparator"].isin(["better", "similar", "worse"]).sum())
    if summary.empty:
        raise CheckFailed("the summary has no rows")
    ctx.values["summary"] = summary
    return f"{len(summary)} indicators for {choice.area}, {choice.period}; {judged} judged against {choice.compare}"


def check_grid(ctx: _Context) -> str:
    from cpdesk.grid import build_grid

    grid = build_grid(ctx.need("observations"))
    rows, cols = grid.shape
    filled = sum(1 for line in grid.cells for cell in line if cell.text)
    if rows == 0 or cols == 0 or filled == 0:
        raise CheckFailed(f"the grid is empty ({rows} rows, {cols} columns)")
    ctx.values["grid"] = grid
    return f"{rows} rows x {cols} columns, {filled} cells filled, {grid.granularity}"


def check_qt(ctx: _Context) -> str:
    from cpdesk.ui import selftest_checks
    detail = selftest_checks.start_qt()
    ctx.values["qt"] = True
    return detail


def check_grid_view(ctx: _Context) -> str:
    from cpdesk.ui import selftest_checks
    ctx.need("qt")
    return selftest_checks.grid_view(ctx.need("grid"), ctx.out / "grid.png")


def check_window(ctx: _Context) -> str:
    from cpdesk.ui import selftest_checks
    ctx.need("qt")
    ctx.need("builtin_la")
    return selftest_checks.main_window(SAMPLE_LA, ctx.need("sample"), ctx.out / "window.png")


def _chart_indicator(ctx: _Context) -> str:
    obs = ctx.need("observations")
    summary = ctx.need("summary")
    for ind in summary["indicator_id"]:
        if (obs["indicator"] == ind).sum() >= 3:
            return str(ind)
    raise CheckFailed("no indicator has enough values for a trend")


def _check_chart(ctx: _Context, suffix: str) -> str:
    from cpdesk.catalogue import default_catalogue
    from cpdesk.summary import choose_area
    from cpdesk.ui.chart_export import export_chart

    ctx.need("qt")
    obs = ctx.need("observations")
    indicator = _chart_indicator(ctx)
    path = export_chart(obs, default_catalogue(), choose_area(obs, None), indicator, ctx.out / f"trend{suffix}",
                        width=1200)
    return f"{indicator}: {_verify(path)}"


def check_table(ctx: _Context) -> str:
    from cpdesk.export.committee_table import build_committee_table
    from cpdesk.export.disclosure import check, suppress

    table = build_committee_table(ctx.need("observations"))
    risks = check(table)
    if risks:
        table = suppress(table, risks)
    if not table.rows:
        raise CheckFailed("the committee table has no rows")
    ctx.values["table"] = table
    return f"{len(table.rows)} rows for {table.area}, {', '.join(table.periods)}; {len(risks)} small numbers suppressed"


def _check_export(ctx: _Context, suffix: str) -> str:
    from cpdesk.export import write_export
    from cpdesk.render import install

    install()

    path = write_export(ctx.need("table"), ctx.out / f"committee-table{suffix}")
    return _verify(path)


def check_clipboard(ctx: _Context) -> str:
    from cpdesk.ui import selftest_checks
    ctx.need("qt")
    return selftest_checks.clipboard_contents(ctx.need("table"))


def check_workspace(ctx: _Context) -> str:
    from cpdesk.workspace import Workspace, load_workspace, save_workspace

    sample = ctx.need("sample")
    ws = Workspace(sources=[str(sample)], targets={"cpp_repeat_ever_pct": 18.0}, la_code="302", la_name=SAMPLE_LA)
    path = save_workspace(ws, ctx.out / "self-test.cpdesk")
    back = load_workspace(path)
    if [Path(s).resolve() for s in back.sources] != [Path(sample).resolve()] or back.targets != ws.targets:
        raise CheckFailed("the workspace read back differs from the one written")
    return _verify(path)


def _verify(path) -> str:
    path = Path(path)
    if not path.is_file():
        raise CheckFailed(f"{path.name} was not written")
    data = path.read_bytes()
    if not data:
        raise CheckFailed(f"{path.name} is empty")
    signature = SIGNATURES.get(path.suffix.lower())
    if signature and not data.startswith(signature):
        raise CheckFailed(f"{path.name} is not a valid {path.suffix} file")
    if path.suffix.lower() in (".svg", ".html") and b"<svg" not in data and b"<table" not in data:
        raise CheckFailed(f"{path.name} does not hold the expected markup")
    return f"{path.name}, {len(data):,} bytes"


def check_smoke_open(ctx: _Context) -> str:
    from cpdesk.ui import selftest_checks
    ctx.need("qt")
    window, detail = selftest_checks.smoke_open(ctx.need("smoke_book"), ctx.out)
    ctx.values["smoke_window"] = window
    return detail


def check_smoke_export(ctx: _Context) -> str:
    from cpdesk.ui import selftest_checks
    window = ctx.need("smoke_window")
    try:
        return selftest_checks.smoke_export(window, ctx.out / SMOKE_DOCX)
    finally:
        selftest_checks.close_window(window)


def smoke_checks() -> list[tuple[str, Callable[[_Context], str]]]:
    """The smoke test: the real window opens a workbook, renders its grid and exports Word."""
    return [("Qt", check_qt), ("smoke: open in the window", check_smoke_open),
            ("smoke: Word export from the window", check_smoke_export)]


def checks() -> list[tuple[str, Callable[[_Context], str]]]:
    """Every check in order: (what it proves, function)."""
    from functools import partial

    exports = [(f"export {suffix[1:].upper()}", partial(_check_export, suffix=suffix))
               for suffix in (".docx", ".xlsx", ".pdf", ".html", ".csv", ".json")]
    return [
        ("resources", check_resources),
        ("built-in national figures", check_builtin),
        ("import sample workbook", check_import),
        ("working days", check_workdays),
        ("summary", check_summary),
        ("indicator grid", check_grid),
        ("Qt", check_qt),
        ("grid view", check_grid_view),
        ("main window", check_window),
        ("trend chart PNG", partial(_check_chart, suffix=".png")),
        ("trend chart SVG", partial(_check_chart, suffix=".svg")),
        ("committee table", check_table),
        *exports,
        ("clipboard", check_clipboard),
        ("workspace file", check_workspace),
    ]


# --- running ----------------------------------------------------------------------------

def run_checks(out: Path, emit: Callable[[str], None] = print, smoke: Path | None = None) -> list[Outcome]:
    """Run every check (or, given ``smoke``, the smoke test on that workbook), writing into ``out``.

    ``emit`` gets one line per check.
    """
    ctx = _Context(out)
    todo = checks()
    if smoke is not None:
        ctx.values["smoke_book"] = smoke
        todo = smoke_checks()
    outcomes = []
    width = max(len(name) for name, _ in todo)
    watchdog = _Watchdog(out / STACKS_NAME)
    for name, func in todo:
        started = time.perf_counter()
        watchdog.arm(name)
        try:
            detail, ok, trace = func(ctx), True, ""
        except CheckFailed as exc:
            detail, ok, trace = str(exc), False, ""
        except ModuleNotFoundError as exc:
            detail, ok, trace = f"module {exc.name} is missing from this build", False, traceback.format_exc()
        except Exception as exc:  # noqa: BLE001 - a failing check is reported, never raised
            detail, ok, trace = f"{type(exc).__name__}: {exc}", False, traceback.format_exc()
        watchdog.disarm()
        seconds = time.perf_counter() - started
        outcomes.append(Outcome(name, ok, seconds, detail, trace))
        emit(f"{OK if ok else FAIL} {name:<{width}} {seconds:6.2f} s  {detail}")
    watchdog.close()
    return outcomes


class _Watchdog:
    """Writes every thread's stack to a file when one check runs longer than WATCHDOG_SECONDS.

    The stacks of a check that was slow but finished are kept too; the file is removed when
    no check was slow. A crash (access violation, abort) also leaves its stack there.
    """

    def __init__(self, path: Path):
        import faulthandler

        self.path = path
        self.mark = self.header_end = 0
        try:
            self.file = open(path, "wb", buffering=0)   # noqa: SIM115 - unbuffered: faulthandler writes to its fd too
        except OSError:
            self.file = None
        self.crashes = self.file is not None and not faulthandler.is_enabled()
        if self.crashes:
            faulthandler.enable(file=self.file)

    def _size(self) -> int:
        return os.fstat(self.file.fileno()).st_size

    def arm(self, name: str) -> None:
        if self.file is None:
            return
        import faulthandler
        self.mark = self._size()
        self.file.write(f"--- still running after {WATCHDOG_SECONDS} s: {name} ---\n".encode())
        self.header_end = self._size()
        faulthandler.dump_traceback_later(WATCHDOG_SECONDS, file=self.file)

    def disarm(self) -> None:
        if self.file is None:
            return
        import faulthandler
        faulthandler.cancel_dump_traceback_later()
        if self._size() == self.header_end:   # not slow: forget the header
            self.file.truncate(self.mark)
            self.file.seek(self.mark)

    def close(self) -> None:
        if self.file is None:
            return
        if self.crashes:
            import faulthandler
            faulthandler.disable()
        empty = self._size() == 0
        self.file.close()
        if empty:
            self.path.unlink(missing_ok=True)


def _prepare_environment(out: Path) -> dict[str, str | None]:
    """Offscreen Qt when there is no display; settings in ``out``. Returns what to restore."""
    saved = {k: os.environ.get(k) for k in ("QT_QPA_PLATFORM", "CPDESK_SETTINGS")}
    no_display = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if no_display and "PySide6.QtGui" not in sys.modules:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CPDESK_SETTINGS"] = str(out / "settings" / "cpdesk.ini")
    return saved


def _restore_environment(saved: dict[str, str | None]) -> None:
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _emitter(report: list[str], path: Path | None = None) -> Callable[[str], None]:
    """Print a line to the console if there is one (a windowed Windows build has none) and keep it.

    With ``path``, each line is also added to that file at once, so a build that hangs or dies
    mid-way still leaves the lines of the checks it finished.
    """
    def emit(line: str) -> None:
        report.append(line)
        if path is not None:
            try:
                with open(path, "a", encoding="utf-8") as f:
                    f.write(line + "\n")
            except OSError:
                pass
        stream = sys.stdout
        if stream is None:
            return
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            line.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            line = line.replace(OK, "OK").replace(FAIL, "FAILED")
            line = line.encode("ascii", "replace").decode("ascii")
        try:
            print(line, file=stream, flush=True)
        except OSError:
            pass
    return emit


LOADED_NAME = "self-test-loaded.txt"


def loaded_files() -> set[str]:
    """The files of this process's Python modules and shared libraries (DLLs, .pyd, .so)."""
    files = set()
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if isinstance(name, str):
            files.add(os.path.abspath(name))
    if sys.platform == "win32":
        files |= _windows_modules()
    elif os.path.exists("/proc/self/maps"):
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            files |= {parts[5] for parts in map(str.split, maps) if len(parts) >= 6 and parts[5].startswith("/")}
    return files


def _windows_modules() -> set[str]:
    import ctypes
    from ctypes import wintypes

    kernel32, psapi = ctypes.WinDLL("kernel32"), ctypes.WinDLL("psapi")
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    kernel32.GetModuleFileNameW.argtypes = [wintypes.HMODULE, wintypes.LPWSTR, wintypes.DWORD]
    psapi.EnumProcessModules.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.HMODULE), wintypes.DWORD,
                                         ctypes.POINTER(wintypes.DWORD)]
    handles = (wintypes.HMODULE * 4096)()
    needed = wintypes.DWORD()
    if not psapi.EnumProcessModules(kernel32.GetCurrentProcess(), handles, ctypes.sizeof(handles), ctypes.byref(needed)):
        return set()
    count = min(needed.value // ctypes.sizeof(wintypes.HMODULE), len(handles))
    name = ctypes.create_unicode_buffer(32768)
    out = set()
    for handle in handles[:count]:
        if kernel32.GetModuleFileNameW(handle, name, len(name)):
            out.add(name.value)
    return out


def write_loaded(path: Path) -> None:
    """A frozen build notes which of its own files this run loaded (relative, one a line).

    installer/check_windows.sh sets these against the bundle's list: a library no run ever
    loads is a candidate to leave out of the build.
    """
    root = os.path.normcase(os.path.dirname(os.path.abspath(sys.executable)))
    mine = sorted({os.path.relpath(os.path.normcase(f), root).replace("\\", "/")
                   for f in loaded_files() if os.path.normcase(f).startswith(root + os.sep)})
    try:
        path.write_text("\n".join(mine) + "\n", encoding="utf-8")
    except OSError:
        pass


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cpdesk --self-test", description="Check that this copy of cpdesk works.")
    p.add_argument("--out", metavar="DIR", help="keep the files made and the report (self-test.txt) in DIR")
    p.add_argument("--smoke", metavar="WORKBOOK",
                   help="instead: the window opens WORKBOOK, renders its grid and exports Word (smoke.docx)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(list(argv or []))
    keep = args.out is not None
    out = Path(args.out) if keep else Path(tempfile.mkdtemp(prefix="cpdesk-self-test-"))
    out.mkdir(parents=True, exist_ok=True)
    report: list[str] = []
    try:
        (out / REPORT_NAME).write_text("", encoding="utf-8")
    except OSError:
        pass
    emit = _emitter(report, out / REPORT_NAME)
    frozen = "frozen build" if getattr(sys, "frozen", False) else "from source"
    emit(f"cpdesk {__version__} self-test ({frozen}; Python {platform.python_version()}, {platform.platform()})")
    saved = _prepare_environment(out)
    started = time.perf_counter()
    try:
        outcomes = run_checks(out, emit, Path(args.smoke).resolve() if args.smoke else None)
    finally:
        _restore_environment(saved)
    failed = [o for o in outcomes if not o.ok]
    total = time.perf_counter() - started
    if getattr(sys, "frozen", False):
        write_loaded(out / LOADED_NAME)
    if failed:
        emit(f"{len(failed)} of {len(outcomes)} checks failed ({total:.1f} s). Details: {out / REPORT_NAME}")
    else:
        emit(f"All {len(outcomes)} checks passed in {total:.1f} s.")
    traces = [f"\n--- {o.name} ---\n{o.trace}" for o in failed if o.trace]
    try:
        (out / REPORT_NAME).write_text("\n".join(report) + "\n" + "".join(traces), encoding="utf-8")
    except OSError:
        pass
    if not failed and not keep:
        shutil.rmtree(out, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
