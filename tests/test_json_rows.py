"""``inspect --json`` encodes each column's distinct values once (json_rows): the text it gives
is exactly what json.dumps gives for the rows as dicts (records), whatever the columns hold."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from cpdesk.commands._output import json_chunk, json_rows, records


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


def _distinct_texts(n: int) -> pd.DataFrame:
    """Mostly distinct text: sources with a non-ASCII '›', some needing JSON escapes, some '%'."""
    frame = _frame(n)
    frame["source"] = [f"cin 100%.csv › K{i}" for i in range(n)]
    frame["escaped"] = [f'say "{i}"\\ \t' if i % 7 == 0 else f"row {i} %s" for i in range(n)]
    return frame


@pytest.mark.parametrize("rows", [slice(0, 1), slice(0, 57), slice(0, 400)])
def test_rows_as_utf8_bytes_are_the_text_encoded(rows):
    frame = _distinct_texts(400).iloc[rows]
    text = json_rows(frame)
    assert "[" + ", ".join(text) + "]" == json.dumps(records(frame), ensure_ascii=False, default=str)
    assert json_rows(frame, encoding="utf-8") == [t.encode("utf-8") for t in text]
    for raw, record in zip(json_rows(frame, encoding="utf-8"), records(frame)):
        assert json.loads(raw) == record


def test_a_text_that_utf8_cannot_hold_is_refused_as_the_text_stream_would():
    frame = pd.DataFrame({"cell": [f"K{i}\udc80" for i in range(50)]})
    with pytest.raises(UnicodeEncodeError):
        json_rows(frame, encoding="utf-8")
    assert json_rows(frame, encoding="utf-8", errors="surrogateescape")[0] == b'{"cell": "K0\x80"}'


@pytest.mark.parametrize("rows", [slice(0, 0), slice(0, 1), slice(0, 2), slice(0, 57), slice(3, 400)])
def test_a_chunk_made_two_rows_at_a_time_is_the_rows_joined(rows):
    frame = _distinct_texts(400).iloc[rows]
    assert json_chunk(frame, list(frame.columns)) == b", ".join(json_rows(frame, encoding="utf-8"))
    constant = pd.DataFrame({"file": ["a.csv"] * 5})
    assert json_chunk(constant, ["file"]) == b", ".join([b'{"file": "a.csv"}'] * 5)


def _sourced(n: int) -> pd.DataFrame:
    """Sources that are the file before each cell reference, as a tidy list's are."""
    return pd.DataFrame({"source": pd.Series([f"cin 100%.csv › K{i}" for i in range(n)], dtype="str"),
                         "value": [float(i) for i in range(n)],
                         "cell": pd.Series([f"K{i}" for i in range(n)], dtype="str")})


def _same_as_dumps(frame: pd.DataFrame) -> list[str]:
    rows = json_rows(frame)
    assert "[" + ", ".join(rows) + "]" == json.dumps(records(frame), ensure_ascii=False, default=str)
    assert json_rows(frame, encoding="utf-8") == [r.encode("utf-8") for r in rows]
    assert json_chunk(frame, list(frame.columns)) == b", ".join(r.encode("utf-8") for r in rows)
    return rows


def test_sources_written_from_their_cell_references_are_the_same_text():
    rows = _same_as_dumps(_sourced(300))
    assert rows[7] == '{"source": "cin 100%.csv › K7", "value": 7.0, "cell": "K7"}'


@pytest.mark.parametrize("change", [
    lambda f: f.loc[5, "source"].replace("cin", "CIN"),         # one row from another file
    lambda f: f.loc[5, "source"] + "0",                         # one row of another cell
    lambda f: 'cin "100%".csv › K5',                            # a quote before the cell: escaped
])
def test_a_source_that_is_not_the_same_text_before_its_cell_is_written_as_it_is(change):
    frame = _sourced(300)
    frame.loc[5, "source"] = change(frame)
    rows = _same_as_dumps(frame)
    assert json.loads(rows[5])["source"] == frame.loc[5, "source"]
    assert json.loads(rows[6])["source"] == "cin 100%.csv › K6"


def test_a_source_before_escaped_cells_and_a_missing_source():
    frame = _sourced(300)
    frame.loc[9, "cell"] = 'K"9'
    frame.loc[9, "source"] = 'cin 100%.csv › K"9'
    _same_as_dumps(frame)
    frame = _sourced(300)
    frame.loc[4, "source"] = None
    rows = _same_as_dumps(frame)
    assert json.loads(rows[4])["source"] is None
