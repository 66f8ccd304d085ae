"""Open-data-style test files for the import benches (written on the fly, never committed).

The shape of the Department for Education's children-in-need downloads: one row per
year, authority and category, a dozen distinct periods, identifier columns, then the
measures (``CPP_start``, ``CPP_subsequent``, ``CPP_subsequent_percent``)::

    python3 bench/open_data_files.py xlsx 100000 /tmp/open_data.xlsx
    python3 bench/open_data_files.py csv 1000000 /tmp/tidy.csv

and the commands the README's Speed rows time as whole processes, side by side (each prints
one line; time them with ``/usr/bin/time -v`` or any whole-process timer)::

    python3 bench/open_data_files.py calamine /tmp/open_data.xlsx     # the bare read, its own process
    python3 bench/open_data_files.py openpyxl /tmp/open_data.xlsx     # pandas.read_excel(engine="openpyxl")
    python3 bench/open_data_files.py import /tmp/tidy.csv             # file to observations, one process
    python3 bench/open_data_files.py read_csv /tmp/tidy.csv           # pandas.read_csv(dtype=str) alone
    cpdesk inspect /tmp/open_data.xlsx                                # the whole command (guarded worker)
    cpdesk inspect --json /tmp/tidy.csv > /dev/null

To compare two checkouts with ``PYTHONPATH=CHECKOUT python3 -m cpdesk ...``, run from a folder
with no ``cpdesk/`` in it: ``-m`` puts the current folder first on the import path. Time with
the bytecode caches a user's install has: if ``PYTHONDONTWRITEBYTECODE`` is set, every start
compiles cpdesk from source (about 0.1 s a process); unset it, give ``PYTHONPYCACHEPREFIX`` a
folder and run each command once first.

``pairs`` runs two commands in turn (A B A B ..., after one warm-up run of each) and prints the
medians of their whole-process wall and CPU time (CPU includes the processes they wait for, such
as cpdesk's reading worker) and of the ratio A/B pair by pair::

    python3 bench/open_data_files.py pairs 5 "python3 -m cpdesk inspect /tmp/open_data.xlsx" \
        "python3 bench/open_data_files.py calamine /tmp/open_data.xlsx"
"""
from __future__ import annotations

import csv
import sys

HEADER = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
          "region_name", "new_la_code", "la_name", "category", "CPP_start", "CPP_subsequent_percent"]
REGIONS = ["North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands",
           "East of England", "London", "South East", "South West"]
YEARS = list(range(2014, 2026))


def rows(n: int):
    """``n`` rows: for each year, England, the regions and 153 authorities, in 60 categories."""
    k = 0
    while True:
        for year in YEARS:
            for cat in range(60):
                for la in range(-10, 153):
                    if k >= n:
                        return
                    if la == -10:
                        level, region, code, name = "National", "", "", ""
                    elif la < 0:
                        level, region, code, name = "Regional", REGIONS[la + 9], "", ""
                    else:
                        level, region, code, name = ("Local authority", REGIONS[la % 9], f"E{10000000 + la}",
                                                     f"Authority {la:03d}")
                    started = (la * 37 + year * 11 + cat * 7) % 900 + 20
                    pct = "c" if (la + cat) % 47 == 0 else round(((la + year + cat) % 300) / 10, 1)
                    yield [str(year), "Reporting year", level, "E92000001", "England", "", region, code, name,
                           f"Category {cat}", started, pct]
                    k += 1


def write_xlsx(path: str, n: int) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, HEADER)
    for r, row in enumerate(rows(n), start=1):
        ws.write_row(r, 0, row)
    wb.close()


def write_csv(path: str, n: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows(n))


def timed(kind: str, path: str) -> None:
    import time

    t0 = time.perf_counter()
    if kind == "calamine":
        from python_calamine import CalamineWorkbook
        rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
        n = len(rows)
    elif kind == "openpyxl":
        import pandas as pd
        n = len(pd.read_excel(path, engine="openpyxl"))
    elif kind == "read_csv":
        import pandas as pd
        n = len(pd.read_csv(path, dtype=str, keep_default_na=False))
    else:
        from pathlib import Path
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from cpdesk.importing.importer import import_file
        n = len(import_file(path).observations)
    print(f"{kind}: {n:,} rows in {time.perf_counter() - t0:.2f} s")


def run_once(command: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole process, its output thrown away."""
    import os
    import subprocess
    import time

    t0 = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = 0          # reaped above
    return wall, usage.ru_utime + usage.ru_stime


def pairs(n: int, a: str, b: str) -> None:
    import shlex
    import statistics

    ca, cb = shlex.split(a), shlex.split(b)
    run_once(ca), run_once(cb)
    rows = []
    for _ in range(n):
        rows.append(run_once(ca) + run_once(cb))
    med = [statistics.median(r[i] for r in rows) for i in range(4)]
    wall_ratio = statistics.median(r[0] / r[2] for r in rows)
    cpu_ratio = statistics.median(r[1] / r[3] for r in rows)
    print(f"A: wall {med[0]:.2f} s, CPU {med[1]:.2f} s   B: wall {med[2]:.2f} s, CPU {med[3]:.2f} s   "
          f"A/B (pair by pair): wall {wall_ratio:.2f}x, CPU {cpu_ratio:.2f}x   ({n} pairs)")


if __name__ == "__main__":
    if sys.argv[1] == "pairs":
        pairs(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    elif sys.argv[1] in ("calamine", "openpyxl", "read_csv", "import"):
        timed(sys.argv[1], sys.argv[2])
    else:
        kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        (write_xlsx if kind == "xlsx" else write_csv)(out, n)
