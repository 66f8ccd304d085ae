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
with no ``cpdesk/`` in it: ``-m`` puts the current folder first on the import path.
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


if __name__ == "__main__":
    if sys.argv[1] in ("calamine", "openpyxl", "read_csv", "import"):
        timed(sys.argv[1], sys.argv[2])
    else:
        kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        (write_xlsx if kind == "xlsx" else write_csv)(out, n)
