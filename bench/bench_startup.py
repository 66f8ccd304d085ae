"""Cold start to the first painted grid, side by side with a bare PySide6 window (the floor).

Runs the two alternately N times, each in a new process, and reports medians and the ratio.
Each process prints the wall-clock time of its first paint; the start is taken just before
the process is launched. Settings go to a temporary folder (the user's are never touched).

    python bench/bench_startup.py [N]      (default 9; QT_QPA_PLATFORM=offscreen is used if unset)
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


def main(n: int = 9) -> None:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        env["CPDESK_SETTINGS"] = str(Path(tmp) / "cpdesk.ini")
        env["CPDESK_FIRST_PAINT"] = "1"
        floor_cmd = [sys.executable, "-c", FLOOR]
        app_cmd = [sys.executable, str(REPO / "main.py"), "--la", "Camden"]
        _run(app_cmd, env)  # warm the file cache once, as a second launch would be
        floors, apps = [], []
        for _ in range(n):
            floors.append(_run(floor_cmd, env))
            apps.append(_run(app_cmd, env))
    f, a = statistics.median(floors), statistics.median(apps)
    print(f"bare PySide6 window (floor): median {f:.3f} s  (min {min(floors):.3f}, max {max(floors):.3f})")
    print(f"cpdesk first painted grid:   median {a:.3f} s  (min {min(apps):.3f}, max {max(apps):.3f})")
    print(f"ratio: {a / f:.2f}x  ({n} runs each, alternating)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
