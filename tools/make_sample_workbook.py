"""Write the synthetic example workbook in resources/samples/ (no real children, invented figures).

It is laid out the ways council performance workbooks are: a scorecard with indicators down
and quarters across (title, numbered labels, flags, footnotes, percent formats), areas
down and years across, periods down, a year merged over comparator columns, districts by
snapshot date, and a hidden lookup sheet. Run: python tools/make_sample_workbook.py
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

OUT = Path(__file__).resolve().parent.parent / "resources" / "samples" / "example_cp_performance.xlsx"
QUARTERS = ["Q1 2023-24", "Q2 2023-24", "Q3 2023-24", "Q4 2023-24", "Q1 2024-25", "Q2 2024-25", "Q3 2024-25", "Q4 2024-25"]


def build(path: Path = OUT) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Scorecard"
    ws["A1"] = "Example Council: child protection performance scorecard"
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(["Indicator"] + QUARTERS[:-1] + ["Q4 2024-25*"])
    started = [52, 47, 61, 44, 50, 38, 41, 46]
    repeat2 = [6, 4, 9, 4, 7, "c", 5, 6]
    ws.append(["1. No. CPP started"] + started)
    ws.append(["2. Previous CPP within 2 years"] + repeat2)
    pct_row = ws.max_row + 1
    ws.append(["3. % of children starting a CPP who had previous one in the last 2 years"]
              + [round(r / s, 4) if isinstance(r, int) else "TBC" for r, s in zip(repeat2, started)])
    for c in range(2, 10):
        ws.cell(pct_row, c).number_format = "0.0%"
    ws.append(["4. % ICPCs within 15 working days", "73**", 0.755, 0.81, 0.78, 0.84, 0.862, 0.80, 0.79])
    for c in range(3, 10):
        ws.cell(ws.max_row, c).number_format = "0.0%"
    ws.append(["5. % CP plans reviewed within timescale", 96.0, 97.5, 95.1, 98.2, 99.0, 97.3, "N/A", 98.8])
    ws.append(["6. No. children subject to a CPP", 310, 305, 322, 298, 301, 288, 295, 290])
    ws.append(["7. Children seen alone at every visit", 201, 199, 214, 190, 195, 181, 187, 186])
    ws.append([])
    ws.append(["* provisional: Q4 2024-25 is subject to validation"])
    ws.append(["** includes conferences delayed at the family's request"])
    ws.column_dimensions["A"].width = 70

    rp = wb.create_sheet("Repeat plans")
    rp["A1"] = "Second or subsequent child protection plans (%): comparators"
    rp.append([])
    rp.append(["", "2019/20", "2020/21", "2021/22", "2022/23", "2023/24"])
    rp.append(["Our authority", 18.2, 20.1, 19.5, 23.0, 21.4])
    rp.append(["Statistical Neighbours", 21.0, 21.5, 22.0, 22.8, 23.1])
    rp.append(["England", 21.9, 22.1, 23.3, 23.6, 23.8])
    rp.append(["SE", 20.4, 21.2, 22.5, 23.0, 23.3])

    q = wb.create_sheet("Quarterly")
    q.append(["Quarter", "No. CPP started", "Previous CPP within 2 years", "% repeat plans within 2 years"])
    for label, s, r in zip(QUARTERS, started, repeat2):
        q.append([label, s, r, round(100 * r / s, 1) if isinstance(r, int) else "c"])

    sc = wb.create_sheet("Annual comparison")
    sc.append(["Indicator", "2023-24", None, None, None, None, None, None, None])
    sc.merge_cells(start_row=1, start_column=2, end_row=1, end_column=9)
    sc["B1"].alignment = Alignment(horizontal="center")
    sc.append([None, "England", "Family", "Actual", "Plan", "Q1", "Q2", "Q3", "Q4"])
    sc.append(["% ICPC within 15 working days", 78.1, 80.3, 79.4, 85, 73.0, 75.5, 81.0, 78.0])
    sc.append(["% re-referrals within 12 months", 22.4, 21.0, 24.4, 20, 25.0, 23.1, 24.8, 24.6])
    sc.append(["% plans ceased lasting 2 years or more", 3.9, 3.2, 2.9, 3.0, 2.5, 3.1, 2.8, 3.2])

    d = wb.create_sheet("Districts")
    d["A1"] = "Children subject to a child protection plan, by district"
    d.append(["District", "31 March 2023", "31 March 2024", dt.datetime(2024, 9, 30)])
    d.append(["North", 101, 96, 99])
    d.append(["South", 88, 90, 84])
    d.append(["East", 72, 70, 66])
    d.append(["West", 61, 42, 46])
    d.append(["Total", 322, 298, 295])

    lk = wb.create_sheet("Lookups")
    lk.append(["Code", "Meaning"])
    lk.append(["c", "suppressed"])
    lk.sheet_state = "hidden"

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
