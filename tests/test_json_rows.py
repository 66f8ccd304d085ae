"""``inspect --json`` encodes each column's distinct values once (json_rows): the text it gives
is exactly what json.dumps gives for the rows as dicts (records), whatever the columns hold."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from cpdesk.commands._output import json_rows, records


def _frame(n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "indicator": pd.Series([None if i % 3 == 0 else f"id{i % 5}" for i in range(n)], dtype=object),
        "area": pd.Series([f'Ar"ea/ \u00e9 {i % 7}\n' if i % 4 else None for i in range(n)], dtype="str"),
        "value": [(-0.0 if i == 5 else 0.0 if i % 9 == 0 else i / 3) for i in range(n)],
        "numerator": [np.nan if i % 2 else float("inf") if i == 4 else 2.5 for i in range(n)],
        "period_start": pd.to_datetime(["2020-03-31" if i % 5 else None for i in range(n)]),
        "partial": [bool(i % 2) for i in range(n)],
        "mixed": pd.Series([1, "x", None, 2.5] * (n // 4) + [None] * (n % 4), dtype=object),
        "flag": pd.Series([None] * n, dtype=object),
        "cell": [f"K{i}" for i in range(n)],
        "100%": ["%d %s"] * n,
    })


@pytest.mark.parametrize("rows", [slice(0, 0), slice(0, 1), slice(3, 4), slice(0, 57), slice(0, 400)])
def test_each_row_is_the_json_of_its_record(rows):
    frame = _frame(400).iloc[rows]
    expected = json.dumps(records(frame), ensure_ascii=False, default=str)
    assert "[" + ", ".join(json_rows(frame)) + "]" == expected
    for text, record in zip(json_rows(frame), records(frame)):
        assert json.loads(text) == record


def test_columns_are_chosen_and_ordered_as_asked():
    frame = _frame(40)
    cols = ["cell", "value", "area"]
    assert "[" + ", ".join(json_rows(frame, cols)) + "]" == json.dumps(records(frame, cols), ensure_ascii=False)


def test_the_same_row_everywhere_is_one_template():
    frame = pd.DataFrame({"file": ["a.csv"] * 5, "note": ["50% of 10"] * 5})
    assert json_rows(frame) == ['{"file": "a.csv", "note": "50% of 10"}'] * 5
