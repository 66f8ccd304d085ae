"""``pd.factorize`` for columns of text whose rows share a few text objects.

A column made by taking a few distinct values row by row (an observations frame's areas,
labels, periods, files) holds the same few Python objects again and again; so does a column
split by pandas' C parser (it makes each distinct text of a chunk once). Hashing two
million of them costs about 50 ms a column; their addresses are two million integers,
which numpy and pandas factorise in a few milliseconds. Distinct objects of equal text (a
value read twice) are then merged, so the codes are exactly those of ``pd.factorize``.
"""
from __future__ import annotations

import ctypes

import numpy as np
import pandas as pd


def factorize_objects(values: np.ndarray, use_na_sentinel: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values, use_na_sentinel=use_na_sentinel)`` for a one-dimensional object
    array: codes (-1 for a missing value, None or NaN, unless ``use_na_sentinel`` is False)
    and the distinct values, in the order they first appear."""
    values = np.ascontiguousarray(values, dtype=object)
    n = len(values)
    if not n:
        return pd.factorize(values, use_na_sentinel=use_na_sentinel)
    addresses = np.frombuffer((ctypes.c_ssize_t * n).from_address(values.ctypes.data), dtype=np.intp)
    by_object, objects_at = pd.factorize(addresses)
    del addresses                                   # a view of ``values``' memory: not kept beyond it
    first = np.empty(len(objects_at), dtype=np.intp)
    first[by_object[::-1]] = np.arange(n - 1, -1, -1)     # each distinct object's first row
    objects = values[first]
    # equal text in distinct objects is one value, and so are the missing values (None, NaN)
    merged, uniques = pd.factorize(objects, use_na_sentinel=use_na_sentinel)
    return merged[by_object], uniques
