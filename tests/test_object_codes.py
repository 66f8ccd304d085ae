"""factorize_objects gives exactly pd.factorize's codes and values, however the objects are shared."""
from __future__ import annotations

import numpy as np
import pandas as pd

from cpdesk.object_codes import factorize_objects


def _same_as_pandas(values: np.ndarray) -> None:
    codes, uniques = factorize_objects(values)
    want_codes, want_uniques = pd.factorize(values)
    assert codes.tolist() == want_codes.tolist()
    assert list(uniques) == list(want_uniques)


def test_shared_objects_are_coded_in_the_order_they_first_appear():
    table = pd.array(["Leeds", "Camden", "England"], dtype="str")
    values = pd.Series(table.take(np.array([2, 0, 0, 1, 2, 1, 0]))).to_numpy(dtype=object)
    codes, uniques = factorize_objects(values)
    assert codes.tolist() == [0, 1, 1, 2, 0, 2, 1]
    assert list(uniques) == ["England", "Leeds", "Camden"]


def test_equal_text_in_distinct_objects_is_one_value():
    a = "".join(["Cam", "den"])
    b = "".join(["Ca", "mden"])
    assert a is not b
    values = np.array([a, "Leeds", b, a], dtype=object)
    codes, uniques = factorize_objects(values)
    assert codes.tolist() == [0, 1, 0, 0] and list(uniques) == ["Camden", "Leeds"]
    _same_as_pandas(values)


def test_missing_values_are_minus_one_like_pandas():
    values = np.array([None, "x", float("nan"), "y", None, "x", np.nan], dtype=object)
    codes, uniques = factorize_objects(values)
    assert codes.tolist() == [-1, 0, -1, 1, -1, 0, -1] and list(uniques) == ["x", "y"]
    _same_as_pandas(values)


def test_empty_mixed_and_strided_arrays():
    _same_as_pandas(np.array([], dtype=object))
    _same_as_pandas(np.array([1, "1", 1.0, True, "a", None], dtype=object))
    wide = np.array([f"v{i % 4}" for i in range(40)], dtype=object)
    _same_as_pandas(wide[::3])            # not contiguous: read from a contiguous copy


def test_missing_values_as_one_distinct_value_when_asked():
    values = np.array(["x", None, "y", float("nan"), None, "x"], dtype=object)
    codes, uniques = factorize_objects(values, use_na_sentinel=False)
    want_codes, want_uniques = pd.factorize(values, use_na_sentinel=False)
    assert codes.tolist() == want_codes.tolist() == [0, 1, 2, 1, 1, 0]
    assert [u if isinstance(u, str) else None for u in uniques] == ["x", None, "y"]
    assert [type(u) for u in uniques] == [type(u) for u in want_uniques]


def test_a_column_split_by_the_csv_parser_is_coded_as_pandas_codes_it():
    import io

    text = "".join(f"{2014 + i % 12},Authority {i % 155:03d},{'' if i % 9 else 'c'}\n" for i in range(300_000))
    table = pd.read_csv(io.StringIO(text), header=None, dtype=object, keep_default_na=False, na_filter=False)
    for c in table.columns:
        _same_as_pandas(table[c].to_numpy(dtype=object))
