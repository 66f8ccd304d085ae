"""Messages between cpdesk and its reading worker: length-prefixed pickles.

Observations frames are large (a million-row CSV gives two million rows of text), so a
DataFrame's text columns travel packed rather than as millions of pickled strings: those
whose values are mostly distinct (cell references, sources) as one joined string, those of
repeated text (areas, labels, periods) as small integer codes and each distinct value once.
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
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    with buf.getbuffer() as data:            # written from the pickler's buffer, not a copy of it
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
    """(rebuild, args) with the text columns packed, or None when there are none to pack.

    Mostly distinct text (cell references, sources) travels as one joined string; repeated
    text (areas, labels, periods) as small integer codes and the distinct values once.
    """
    import numpy as np
    from pandas.api.types import infer_dtype

    from cpdesk.object_codes import factorize_objects

    packed = {}
    for i in range(frame.shape[1]):
        col = frame.iloc[:, i]
        if col.dtype != object and str(col.dtype) != "str":
            continue
        values = col.to_numpy(dtype=object)
        if col.dtype == object and infer_dtype(values, skipna=True) not in ("string", "empty"):
            continue
        sample = values[:_SAMPLE].tolist()
        if len(set(sample)) >= _DISTINCT_SHARE * len(sample):
            try:
                text = _SEP.join(values.tolist())
            except TypeError:                          # a missing cell (None, NaN) is not text
                text = None
            if text is not None and text.count(_SEP) == len(values) - 1:   # no value holds the separator itself
                packed[i] = ("joined", text, str(col.dtype))
                continue
        codes, uniques = factorize_objects(values)     # missing cells: code -1
        if col.dtype == object:
            missing = codes == -1
            if missing.any() and not (values[missing] == None).all():  # noqa: E711 - elementwise, each against None
                continue                 # a NaN where the column's missing cells are None: pickled as it is
        codes = codes.astype(np.int8 if len(uniques) < 127 else np.int16 if len(uniques) < 32767 else np.int32)
        packed[i] = ("coded", codes, list(uniques), str(col.dtype))
    if not packed:
        return None
    keep = [i for i in range(frame.shape[1]) if i not in packed]
    return _rebuild_frame, (list(frame.columns), frame.iloc[:, keep], packed, dict(frame.attrs))


def _rebuild_frame(columns, rest, packed, attrs):
    import numpy as np
    import pandas as pd

    data, k = {}, 0
    for i, name in enumerate(columns):
        if i in packed:
            how, *args = packed[i]
            if how == "joined":
                text, dtype = args
                values = np.array(text.split(_SEP), dtype=object)
                data[i] = pd.Series(values, index=rest.index, dtype=dtype)
            else:
                codes, uniques, dtype = args
                if dtype == "object":
                    table = np.empty(len(uniques) + 1, dtype=object)
                    table[:-1] = uniques
                    table[-1] = None
                    data[i] = pd.Series(table[codes], index=rest.index, dtype=object)
                else:   # text: each distinct value checked once, then taken (code -1: missing)
                    values = pd.array(uniques, dtype=dtype).take(codes.astype(np.intp), allow_fill=True)
                    data[i] = pd.Series(values, index=rest.index, copy=False)
        else:
            data[i] = rest.iloc[:, k]
            k += 1
    out = pd.DataFrame(data, index=rest.index, copy=False)   # the columns were made here: not copied again
    out.columns = columns
    out.attrs = attrs
    return out
