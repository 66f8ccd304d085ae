"""The safety pre-check against the parse it guards (run by hand: python3 bench/bench_precheck.py FILE...).

For each xlsx/xlsb/ods: the time of detect_format + the extent checks, and of calamine's own
parse of every sheet, median of 5 runs each, alternately. Goal (#16): the pre-check under 10%
of the parse on ordinary files.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from python_calamine import CalamineWorkbook  # noqa: E402

from cpdesk.importing import file_safety  # noqa: E402
from cpdesk.importing.readers import MAX_CELLS  # noqa: E402

CHECKS = {"xlsx": file_safety.check_xlsx_extent, "xlsm": file_safety.check_xlsx_extent,
          "xlsb": file_safety.check_xlsb_extent, "ods": file_safety.check_ods_extent}


def precheck(path: str) -> None:
    fmt = file_safety.detect_format(path).format
    if fmt in CHECKS:
        CHECKS[fmt](path, MAX_CELLS)


def parse(path: str) -> None:
    wb = CalamineWorkbook.from_path(path)
    for i in range(len(wb.sheet_names)):
        wb.get_sheet_by_index(i).to_python()


def timed(func, path) -> float:
    t0 = time.perf_counter()
    func(path)
    return time.perf_counter() - t0


def main(paths) -> None:
    for path in paths:
        checks, parses = [], []
        for _ in range(5):
            checks.append(timed(precheck, path))
            parses.append(timed(parse, path))
        c, p = statistics.median(checks), statistics.median(parses)
        print(f"{Path(path).name}: pre-check {c * 1000:.1f} ms, parse {p * 1000:.0f} ms, {100 * c / p:.1f}% of the parse")


if __name__ == "__main__":
    main(sys.argv[1:])
