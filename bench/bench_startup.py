"""Cold start to the first painted grid, side by side with a bare PySide6 window (the floor).

Three kinds of run, alternated N times, each a new process:

* the floor: a bare PySide6 window with an empty table;
* cpdesk with its grid cache warmed by a previous run (the usual start: the saved grid is
  painted before pandas is imported, the real figures follow in the background);
* cpdesk with no cache (a new settings folder each time, as on the very first launch: the
  grid shipped for the authority in ``resources/first_grids.bin`` is painted first).

Each process prints the wall-clock time of its first paint; the start is taken just before
the process is launched. Settings and caches go to temporary folders (the user's are never
touched). Reports medians and the ratios to the floor.

Python's bytecode cache is kept in a temporary folder (``PYTHONPYCACHEPREFIX``), as an
installed copy has its ``.pyc`` files; ``--no-bytecode-cache`` measures with whatever the
environment says (with ``PYTHONDONTWRITEBYTECODE=1`` every cpdesk module is compiled at
every start, ~40 ms more).

    python bench/bench_startup.py [N] [--no-bytecode-cache]   (default 9; QT_QPA_PLATFORM=offscreen if unset)
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

FLOOR = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
w = QMainWindow(); t = QTableView(); w.setCentralWidget(t); w.resize(1280, 780)
class F(QObject):
    done = False
    def eventFilter(self, o, e):
        if e.type() == QEvent.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, lambda: (print(f"FIRST_GRID_PAINT {time.time():.6f}", flush=True), app.exit(0)))
        return False
f = F(); t.viewport().installEventFilter(f)
w.show()
sys.exit(app.exec())
"""


def _run(cmd, env) -> float:
    t0 = time.time()
    out = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("FIRST_GRID_PAINT"):
            return float(line.split()[1]) - t0
    raise RuntimeError(f"no paint time from {cmd}: {out.stderr[-500:]}")


def main(n: int = 9, bytecode_cache: bool = True) -> None:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["CPDESK_FIRST_PAINT"] = "1"
    floor_cmd = [sys.executable, "-c", FLOOR]
    app_cmd = [sys.executable, str(REPO / "main.py"), "--la", "Camden"]
    # the reading worker of the last run may still be writing bytecode into it as we clean up
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        if bytecode_cache:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
            _run(floor_cmd, env)
        warm = dict(env, CPDESK_SETTINGS=str(Path(tmp) / "warm" / "cpdesk.ini"))
        # an earlier launch that ran until the real figures were in: it saved the grid (and warms the OS file cache)
        shot = dict(warm)
        shot.pop("CPDESK_FIRST_PAINT")
        subprocess.run(app_cmd + ["--screenshot", str(Path(tmp) / "warm.png")], env=shot, cwd=REPO,
                       capture_output=True, timeout=120)
        if not (Path(tmp) / "warm" / "cpdesk-cache").is_dir():
            raise RuntimeError("the warm-up launch saved no grid")
        floors, cached, uncached = [], [], []
        for i in range(n):
            cold = dict(env, CPDESK_SETTINGS=str(Path(tmp) / f"cold{i}" / "cpdesk.ini"))
            floors.append(_run(floor_cmd, env))
            cached.append(_run(app_cmd, warm))
            uncached.append(_run(app_cmd, cold))
    f = statistics.median(floors)
    print(f"bare PySide6 window (floor):        median {f:.3f} s  (min {min(floors):.3f}, max {max(floors):.3f})")
    for name, times in (("cpdesk, grid cache warm", cached), ("cpdesk, no cache (first launch)", uncached)):
        m = statistics.median(times)
        print(f"{name + ':':35s} median {m:.3f} s  (min {min(times):.3f}, max {max(times):.3f})  "
              f"ratio {m / f:.2f}x")
    print(f"({n} runs each, alternating floor / cached / no cache; "
          f"bytecode cache {'on' if bytecode_cache else 'as the environment says'})")


if __name__ == "__main__":
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    main(int(numbers[0]) if numbers else 9, bytecode_cache="--no-bytecode-cache" not in sys.argv)
