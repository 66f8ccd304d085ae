"""Time cpdesk's reader against pandas + openpyxl on a 100,000-row x 12-column xlsx.

Run by hand from the project root::

    python3 bench/bench_read.py [--rows 100000] [--runs 3]

Writes the workbook into a temporary folder (xlsxwriter), then times the two readers
alternately, a few runs each, and prints the medians and their ratio. Goal: cpdesk at
least 5x faster.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def write_workbook(path: Path, rows: int) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Data")
    pct = wb.add_format({"num_format": "0.0%"})
    ws.write_row(0, 0, ["Local authority", "Period", "Referrals", "Re-referrals", "Rate", "Assessments",
                        "Within 45 days", "Plans", "Second plans", "Visits", "Status", "Note"])
    for r in range(1, rows + 1):
        ws.write_row(r, 0, [f"Authority {r % 153}", f"Q{r % 4 + 1} 2024-25", r % 900, r % 190])
        ws.write_number(r, 4, (r % 190) / 900, pct)
        ws.write_row(r, 5, [r % 800, (r % 700) / 8, r % 60, r % 9, r % 55, "TBC" if r % 11 == 0 else "",
                            "x" if r % 13 == 0 else f"note {r % 7}"])
    wb.close()


def time_once(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import pandas as pd

    from cpdesk.importing.readers import read_workbook

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.xlsx"
        t = time_once(lambda: write_workbook(path, args.rows))
        print(f"wrote {args.rows:,} rows x 12 columns ({path.stat().st_size / 1e6:.1f} MB) in {t:.1f} s")

        wb = read_workbook(path)  # also warms imports for both sides (pandas is imported above)
        assert wb.sheets[0].n_rows == args.rows + 1
        ours, theirs = [], []
        for run in range(args.runs):
            theirs.append(time_once(lambda: pd.read_excel(path, engine="openpyxl")))
            ours.append(time_once(lambda: read_workbook(path)))
            print(f"run {run + 1}: pandas+openpyxl {theirs[-1]:.2f} s, cpdesk read_workbook {ours[-1]:.2f} s")
        a, b = statistics.median(theirs), statistics.median(ours)
        print(f"median: pandas+openpyxl {a:.2f} s, cpdesk read_workbook {b:.2f} s, cpdesk {a / b:.1f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
