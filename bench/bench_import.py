"""Speed of the import foundation (run by hand: python bench/bench_import.py).

A typical indicator workbook — 20 indicators x 40 quarters x 12 areas over four sheets —
from file to judged observations (import + summary with judgements), median of several
runs. Figures go in the README.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cpdesk.importing.importer import import_file  # noqa: E402
from cpdesk.periods import quarter  # noqa: E402
from cpdesk.summary import build_summary  # noqa: E402

INDICATORS = [
    ["No. CPP started", "Previous CPP within 2 years", "% repeat plans within 2 years", "% second or subsequent plans",
     "Average months between plans"],
    ["No. cpp ceased", "% plans ceased lasting 2 years or more", "% open plans lasting 2 years or more",
     "No. children subject to a CPP", "CPP rate per 10,000"],
    ["% ICPC within 15 working days", "% reviews on time", "% assessments within 45 working days",
     "% re-referrals within 12 months", "No. ICPCs"],
    ["No. S47 enquiries", "S47 rate per 10,000", "ICPC rate per 10,000", "CPP starts per 10,000", "No. cpps ended"],
]
AREAS = ["Our authority", "England", "Statistical neighbours", "South East", "Target"] + [f"District {i}" for i in range(1, 8)]


def write_typical(path: Path) -> Path:
    quarters = [quarter(2011 + i // 4, i % 4 + 1).label for i in range(40)]
    wb = Workbook()
    wb.remove(wb.active)
    for k, group in enumerate(INDICATORS):
        ws = wb.create_sheet(f"Group {k + 1}")
        ws.append([f"Performance group {k + 1}"])
        ws.append([])
        ws.append(["Indicator", "Area"] + quarters)
        for i, name in enumerate(group):
            for j, area in enumerate(AREAS):
                ws.append([name, area] + [round(10 + (i * 7 + j * 3 + q) % 50 + 0.1 * j, 1) for q in range(40)])
    wb.save(path)
    return path


def main(runs: int = 7) -> None:
    from cpdesk.importing.guarded import ReaderPool

    with tempfile.TemporaryDirectory() as tmp:
        path = write_typical(Path(tmp) / "typical.xlsx")
        import_file(path)  # warm imports and caches once, as a running app would be
        pool = ReaderPool()
        pool.call("import_file", path)  # the app's worker is warm too (started after the first paint)
        here, walled, n = [], [], 0
        for _ in range(runs):   # alternately, so both see the same machine
            for times, read in ((here, import_file), (walled, lambda p: pool.call("import_file", p))):
                t0 = time.perf_counter()
                result = read(path)
                summary, _ = build_summary(result.observations, area=result.default_area)
                times.append(time.perf_counter() - t0)
                n = len(result.observations)
        pool.close()
        print(f"typical workbook (20 indicators x 40 quarters x 12 areas, 4 sheets): {n:,} observations, "
              f"{len(summary)} summary rows")
        for name, times in (("in this process (before)", here), ("in the guarded worker", walled)):
            print(f"  {name}: median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}) "
                  f"over {runs} runs")
        print(f"  worker / in-process: {statistics.median(walled) / statistics.median(here):.2f}x")


if __name__ == "__main__":
    main()
