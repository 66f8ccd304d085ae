"""All committee export formats for a 30-indicator x 8-period summary (goal: under 2 s together).

Run by hand: ``python bench/bench_exports.py [--runs 5]``. Prints the median of the runs
for building the table, the disclosure check, and each format, and the total.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from cpdesk.catalogue import default_catalogue  # noqa: E402
from cpdesk.observations import Observation, to_frame  # noqa: E402
from cpdesk.periods import quarter  # noqa: E402

N_INDICATORS, N_PERIODS = 30, 8


def observations():
    """30 indicators (the catalogue's, then local ones) over 8 quarters, with England and targets."""
    rng = np.random.default_rng(7)
    ids = [ind.id for ind in default_catalogue()][:N_INDICATORS]
    labels = [(i, None) for i in ids] + [(None, f"Local measure {k}") for k in range(N_INDICATORS - len(ids))]
    periods = [quarter(2023 + (q // 4), q % 4 + 1) for q in range(N_PERIODS)]
    rows = []
    for n, (ind, label) in enumerate(labels):
        for p in periods:
            den = float(rng.integers(3, 90))
            num = float(rng.integers(0, int(den) + 1))
            value = round(100 * num / den, 1)
            rows.append(Observation(ind, label or ind, "Northtown", "la", p, value, num, den, file="perf.xlsx",
                                    sheet="Scorecard", cell=f"B{n + 2}"))
            rows.append(Observation(ind, label or ind, "England", "england", p, round(value * 0.9 + 3, 1)))
            rows.append(Observation(ind, label or ind, "Target", "target", p, 25.0))
    return to_frame(rows), [p.label for p in periods]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from PySide6.QtGui import QGuiApplication
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - PDF needs it

    from cpdesk.export import write_export
    from cpdesk.export.committee_table import build_committee_table
    from cpdesk.export.disclosure import check, suppress
    from cpdesk.ui.clipboard import table_mime

    obs, periods = observations()
    commentary = {ind.id: "A paragraph of commentary about this indicator. " * 3 for ind in default_catalogue()}
    steps = ["build", "check+suppress", ".docx", ".xlsx", ".pdf", ".html", ".csv", ".json", "clipboard"]
    times = {s: [] for s in steps}
    totals = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs + 1):  # the first run warms imports and is not counted
            run = {}
            t0 = time.perf_counter()
            table = build_committee_table(obs, area="Northtown", periods=periods, commentary=commentary)
            run["build"] = time.perf_counter() - t0
            t = time.perf_counter()
            table = suppress(table, check(table))
            run["check+suppress"] = time.perf_counter() - t
            for ext in (".docx", ".xlsx", ".pdf", ".html", ".csv", ".json"):
                t = time.perf_counter()
                write_export(table, Path(tmp) / f"summary{ext}", landscape=True)
                run[ext] = time.perf_counter() - t
            t = time.perf_counter()
            table_mime(table)
            run["clipboard"] = time.perf_counter() - t
            total = time.perf_counter() - t0
            if _ > 0:
                for s in steps:
                    times[s].append(run[s])
                totals.append(total)
    print(f"{len(table.rows)} rows ({N_INDICATORS} indicators x {N_PERIODS} periods), "
          f"{len(table.suppressed)} suppressed; median of {args.runs} runs:")
    for s in steps:
        print(f"  {s:15s} {statistics.median(times[s]) * 1000:7.0f} ms")
    print(f"  {'all together':15s} {statistics.median(totals) * 1000:7.0f} ms (goal: under 2000 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
