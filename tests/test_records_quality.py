import datetime as dt

from cpdesk.records import compute, quality_report
from records_helpers import PLAN_HEAD, S47_HEAD, recordset, value

D = dt.date


def test_bad_rows_are_reported_with_row_numbers_and_left_out():
    plans = [PLAN_HEAD,
             ["A", D(2020, 5, 1), D(2020, 9, 1), 0],      # row 2: good
             ["B", D(2020, 6, 1), D(2020, 5, 1), 0],      # row 3: ends before it starts
             ["", D(2020, 6, 2), None, 0],                # row 4: no child id
             ["C", D(2020, 6, 3), None, 0],               # row 5: overlaps row 6
             ["C", D(2020, 7, 1), D(2020, 8, 1), 0],      # row 6
             ["A", D(2020, 5, 1), D(2020, 9, 1), 0],      # row 7: duplicate of row 2
             ["E", D(2026, 1, 1), None, 0],               # row 8: future (today is 1 Jun 2025)
             ["F", "31/02/2020", None, 0],                # row 9: not a date
             ["G", D(2020, 9, 1), None, "two"],           # row 10: previous plans not a number
             ["H", D(2020, 9, 1), None, 0],               # row 11: starts the day row 12 ends: no overlap
             ["H", D(2020, 4, 1), D(2020, 9, 1), 0],      # row 12
             ["J", None, None, 0]]                        # row 13: no start date
    s47 = [S47_HEAD,
           ["A", D(2020, 5, 1), D(2020, 4, 20)],          # row 2: conference before the strategy discussion
           ["B", None, D(2020, 5, 1)],                    # row 3: conference with no strategy discussion
           ["C", D(2020, 5, 1), D(2020, 5, 20)]]          # row 4: good
    rs = recordset(("Plans", plans), ("S47", s47))
    rep = quality_report(rs)
    found = {(r.sheet, r.row, r.check) for r in rep.itertuples()}
    assert found == {
        ("Plans", 3, "end_before_start"), ("Plans", 4, "missing_id"), ("Plans", 5, "overlapping_plans"),
        ("Plans", 6, "overlapping_plans"), ("Plans", 7, "duplicate_row"), ("Plans", 8, "future_date"),
        ("Plans", 9, "unreadable_date"), ("Plans", 10, "unreadable_number"), ("Plans", 13, "missing_start"),
        ("S47", 2, "icpc_before_strategy"), ("S47", 3, "missing_strategy"),
    }
    assert rep["excluded"].all()
    assert rep.loc[rep["row"] == 7, "detail"].iloc[0] == "same plan as row 2 (same child, start and end)"
    assert "child_id" not in quality_report(rs, include_child_ids=False).columns
    r = compute(rs, by="year", as_of=D(2021, 3, 31))
    # only rows 2, 11 and 12 are used: A, H, H
    assert value(r, "cpp_started_count", "2020-21") == 3
    assert value(r, "cpp_repeat_ever_count", "2020-21") == 1   # H's second plan
    assert value(r, "icpc_count", "2020-21") == 1
    assert value(r, "icpc_15wd_pct", "2020-21") == 100.0       # 1 May 2020 (Fri) -> 20 May: 12 working days
    assert "computed from 3 plan records" in value(r, "cpp_started_count", "2020-21", "source")


def test_plans_and_conferences_in_one_flat_extract():
    rows = [["Child ID", "Strategy discussion date", "ICPC date", "CP start date", "CP end date"],
            ["A", D(2021, 1, 4), D(2021, 1, 20), D(2021, 1, 20), None],
            ["B", D(2021, 1, 5), None, None, None]]   # an enquiry that led to no conference: not a bad plan row
    rs = recordset(("Extract", rows))
    assert rs.issues.empty
    assert len(rs.plans) == 1 and len(rs.s47) == 2
    assert rs.sources[0].mapping.list_type == "plans_and_conferences"
