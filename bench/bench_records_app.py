"""How long the app takes to load a large list of children, recompute after a rule change, and drill down.

    python3 bench/bench_records_app.py [N_ROWS]      (default 500,000)

Writes the synthetic flat extract of ``bench_records.py`` (cached in the temp folder), then
times :func:`cpdesk.records.file_loading.load_file` (what the load worker runs: read, check,
compute financial quarters, years and rolling 12 months), a recompute with the repeat rule
measured from the previous plan's start, and the drill-down behind one quarter's figure; then
the same loading and rule change in the main window (offscreen, per-user folders in a
temporary folder), with the longest time the window could not handle events.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_records import make_extract, peak_mib  # noqa: E402


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    path = Path(tempfile.gettempdir()) / f"cpdesk_bench_extract_{n}.csv"
    if not path.exists():
        make_extract(path, n)
    from cpdesk.periods import canonical_label
    from cpdesk.records.computed_source import RecordsSettings
    from cpdesk.records.file_loading import load_file

    t = time.perf_counter()
    loaded = load_file(path)
    load_s = time.perf_counter() - t
    rec = loaded.records
    print(f"load_file, {n:,} plan rows: {load_s:.2f} s; {len(loaded.observations):,} computed values; {rec.summary()}")
    t = time.perf_counter()
    rec.recompute(RecordsSettings("start", rec.settings.periods))
    loaded.invalidate()
    len(loaded.observations)
    print(f"recompute after a rule change ({', '.join(rec.settings.periods)}): {time.perf_counter() - t:.2f} s")
    period = canonical_label(rec.results["quarter"].periods[-2])
    t = time.perf_counter()
    frame, _ = rec.explain("cpp_repeat_ever_pct", period)
    print(f"records behind cpp_repeat_ever_pct {period}: {len(frame):,} rows in {time.perf_counter() - t:.2f} s")
    frame, _ = rec.explain("cpp_open_count", period)
    from cpdesk.models.records_model import RecordsModel
    from cpdesk.records.computed_source import pseudonymise
    t = time.perf_counter()
    model = RecordsModel()
    model.set_frame(pseudonymise(frame))
    set_s = time.perf_counter() - t
    t = time.perf_counter()
    model.sort(model.column_names().index("plan_start"))
    print(f"drill-down table for cpp_open_count {period}: {len(frame):,} rows, filled in {set_s:.2f} s, "
          f"sorted by start date in {time.perf_counter() - t:.2f} s")
    print(f"peak memory: {peak_mib():.0f} MiB")
    del loaded, rec, frame, model
    window_timings(path)
    return 0


def window_timings(path: Path) -> None:
    """The same in the window (offscreen, settings in a temporary folder): drop to grid, and a rule change.

    Reading and computing run on worker threads; a 10 ms timer on the UI thread records the
    longest time the window could not handle events (building the grid, at the end).
    """
    import os
    home = Path(tempfile.mkdtemp(prefix="cpdesk_bench_home_"))
    for var, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_CACHE_HOME", ".cache"), ("APPDATA", "AppData/Roaming"), ("LOCALAPPDATA", "AppData/Local")):
        os.environ[var] = str(home / sub)
    os.environ["CPDESK_SETTINGS"] = str(home / "settings" / "cpdesk.ini")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from cpdesk.records.computed_source import RecordsSettings
    from cpdesk.ui.main_window import MainWindow
    app = QApplication.instance() or QApplication([])
    window = MainWindow(ask_la=False)
    window.show()
    app.processEvents()

    def wait(signal, start) -> float:
        loop = QEventLoop()
        signal.connect(loop.quit)
        t0 = time.perf_counter()
        start()
        loop.exec()
        return time.perf_counter() - t0

    clock, gaps = QElapsedTimer(), []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: gaps.append(clock.restart()))
    clock.start()
    timer.start()
    load_s = wait(window.loader.finished, lambda: window.load_paths([str(path)]))
    load_gap, gaps[:] = max(gaps, default=0), []
    settings = window.records.settings()
    rule_s = wait(window.records.recomputed,
                  lambda: window.records.apply_settings(RecordsSettings("start", settings.periods)))
    timer.stop()
    print(f"in the window: dropped file to grid {load_s:.2f} s (longest the window could not handle events: "
          f"{load_gap} ms); rule change to new grid {rule_s:.2f} s (longest: {max(gaps, default=0)} ms)")
    window.session.mark_dirty(False)
    window.close()
    import shutil
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
