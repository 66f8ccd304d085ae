"""Columns of a list read once per distinct cell value (cpdesk.records.cells)."""
import datetime as dt

import numpy as np
import pandas as pd

from cpdesk.records import compute, quality_report
from cpdesk.records.cells import Cells
from records_helpers import PLAN_HEAD, recordset, value


def test_identifiers_from_a_workbook_column_are_text_and_padded_ones_are_the_same_child():
    col = pd.Series([9212044.0, "9212044", " A1", "A1 ", 17, None, "  ", "B2", True], dtype=object)
    codes, names = Cells(col).child_ids()
    ids = names[codes]
    assert ids.tolist() == ["9212044", "9212044", "A1", "A1", "17", "", "", "B2", "True"]
    assert codes[0] == codes[1] and codes[2] == codes[3] and codes[5] == codes[6]
    assert len(set(codes.tolist())) == 6


def test_identifiers_from_a_csv_column_are_stripped():
    plain = pd.Series(["P1", "P2", "P1", ""], dtype="str")
    codes, names = Cells(plain).child_ids()
    assert names[codes].tolist() == ["P1", "P2", "P1", ""]
    padded = pd.Series(["P1", "P2\t", " P1", "\u00a0"], dtype="str")   # a no-break space is white space too
    codes, names = Cells(padded).child_ids()
    assert names[codes].tolist() == ["P1", "P2", "P1", ""]
    assert codes[0] == codes[2]


def test_numbers_and_blanks_per_row():
    cells = Cells(pd.Series([0, "1", " 2 ", "", None, "two", -1, 1.0, "  "], dtype=object))
    num, bad = cells.numbers()
    assert np.array_equal(num, [0, 1, 2, np.nan, np.nan, np.nan, np.nan, 1, np.nan], equal_nan=True)
    assert bad.tolist() == [False, False, False, False, False, True, True, False, False]
    assert cells.blank().tolist() == [False, False, False, True, True, False, False, False, True]


def test_padded_and_unpadded_identifiers_make_one_child_in_the_checks():
    d = dt.date
    rows = [PLAN_HEAD,
            ["A1", d(2020, 5, 1), d(2020, 9, 1), 0],
            [" A1", d(2020, 5, 1), d(2020, 9, 1), 0],       # the same plan again
            ["A1 ", d(2021, 5, 1), None, 0]]                # the same child's second plan
    rs = recordset(("Plans", rows))
    rep = quality_report(rs)
    assert rep[["row", "check"]].values.tolist() == [[3, "duplicate_row"]]
    r = compute(rs, by="year", as_of=d(2022, 3, 31))
    assert value(r, "cpp_repeat_ever_count", "2021-22") == 1
