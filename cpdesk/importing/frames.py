"""Messages between cpdesk and its reading worker: length-prefixed pickles.

Observations frames are large (a million-row CSV gives two million rows of text), so a
DataFrame's text columns whose values are mostly distinct (cell references, sources)
travel as one joined string rather than as millions of pickled strings; columns of
repeated text (areas, labels, periods) pickle well as they are, because pickle sends a
repeated object once.
"""
from __future__ import annotations

import io
import pickle
import struct
import sys

_LENGTH = struct.Struct("<Q")
_SEP = "\x00"
_SAMPLE = 2000
#: Above this share of distinct values in a sample, a text column is joined instead of pickled value by value.
_DISTINCT_SHARE = 0.5
_MIN_ROWS_TO_JOIN = 10_000


def write_frame(fh, obj) -> None:
    data = dumps(obj)
    fh.write(_LENGTH.pack(len(data)))
    fh.write(data)
    fh.flush()


def read_raw(fh) -> bytes | None:
    """The next message's bytes, or None at the end of the stream (also when it ends midway)."""
    head = _read_exact(fh, _LENGTH.size)
    if head is None:
        return None
    return _read_exact(fh, _LENGTH.unpack(head)[0])


def read_frame(fh):
    data = read_raw(fh)
    return None if data is None else loads(data)


def _read_exact(fh, n: int) -> bytes | None:
    chunks, left = [], n
    while left:
        chunk = fh.read(min(left, 1 << 24))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks) if len(chunks) != 1 else chunks[0]


def dumps(obj) -> bytes:
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buf.getvalue()


def loads(data: bytes):
    return pickle.loads(data)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        pd = sys.modules.get("pandas")
        if pd is not None and type(obj) is pd.DataFrame and len(obj) >= _MIN_ROWS_TO_JOIN:
            reduced = _reduce_frame(obj)
            if reduced is not None:
                return reduced
        return NotImplemented


def _reduce_frame(frame):
    """(rebuild, args) with the mostly-distinct text columns joined, or None when there are none."""
    from pandas.api.types import infer_dtype

    joined = {}
    for i in range(frame.shape[1]):
        col = frame.iloc[:, i]
        if col.dtype != object and str(col.dtype) != "str":
            continue
        values = col.to_numpy(dtype=object)
        sample = values[:_SAMPLE].tolist()
        if len(set(sample)) < _DISTINCT_SHARE * len(sample) or infer_dtype(values, skipna=False) != "string":
            continue
        text = _SEP.join(values.tolist())
        if text.count(_SEP) != len(values) - 1:   # a value holds the separator itself
            continue
        joined[i] = (text, str(col.dtype))
    if not joined:
        return None
    keep = [i for i in range(frame.shape[1]) if i not in joined]
    return _rebuild_frame, (list(frame.columns), frame.iloc[:, keep], joined, dict(frame.attrs))


def _rebuild_frame(columns, rest, joined, attrs):
    import numpy as np
    import pandas as pd

    data, k = {}, 0
    for i, name in enumerate(columns):
        if i in joined:
            text, dtype = joined[i]
            data[i] = pd.Series(np.array(text.split(_SEP), dtype=object), index=rest.index, dtype=dtype)
        else:
            data[i] = rest.iloc[:, k]
            k += 1
    out = pd.DataFrame(data, index=rest.index)
    out.columns = columns
    out.attrs = attrs
    return out
