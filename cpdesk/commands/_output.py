"""Helpers shared by the subcommands: turning frames into JSON/CSV and reporting files."""
from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from json.encoder import encode_basestring as _encode_basestring
from pathlib import Path

import numpy as np
import pandas as pd

from cpdesk.errors import CpdeskError
from cpdesk.fileio import atomic_write, escape_formula
from cpdesk.object_codes import factorize_objects


def jsonable(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date().isoformat() if not pd.isna(value) else None
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return jsonable(value.item())
    if value is pd.NaT:
        return None
    return value


def records(df: pd.DataFrame, columns: list[str] | None = None) -> list[dict]:
    """Rows as plain dicts: dates as ISO text, missing values as None (column-wise, for speed).

    Built with numpy, not pandas: pandas 3 would infer a string column again and turn None
    back into NaN, which is not valid JSON.
    """
    cols = columns or list(df.columns)
    lists = []
    for c in cols:
        s = df[c]
        missing = s.isna().to_numpy()
        if pd.api.types.is_datetime64_any_dtype(s):
            values = s.dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
        elif pd.api.types.is_bool_dtype(s):
            values = s.to_numpy(dtype=object)
        elif pd.api.types.is_float_dtype(s):
            values = s.to_numpy(dtype=object)
        elif pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):
            values = s.to_numpy(dtype=object)      # text as it is: nothing for jsonable to change
        else:
            values = np.array([jsonable(v) for v in s.to_numpy(dtype=object)], dtype=object)
        lists.append(np.where(missing, None, values).tolist())
    return [dict(zip(cols, row)) for row in zip(*lists)]


def json_chunk(df: pd.DataFrame, columns: list[str], encoding: str = "utf-8", errors: str = "strict") -> bytes:
    """``b", ".join(json_rows(df, columns, encoding, errors))``, made two rows at a time.

    Why two: one row's bytes (about 460) would be small objects, whose memory Python hands
    back to the system and asks for again with every chunk (0.6 s of system time for
    2,000,000 rows); two rows at a time are kept by the C allocator and reused.
    """
    return json_rows(df, columns, encoding, errors, joined=True)


def json_rows(df: pd.DataFrame, columns: list[str] | None = None, encoding: str | None = None,
              errors: str = "strict", joined: bool = False) -> list:
    """Each row as the JSON text of ``records(df, columns)``'s dict for it, without building the dicts.

    Column by column: each column's distinct values are encoded once; the columns with few
    distinct values (areas, labels, periods, files) are joined together once per distinct
    combination, so each row costs one format of a few pieces (2,000,000 rows in seconds).
    Mostly distinct text with nothing to escape (cell references, sources) goes in as it is,
    between quotes written once in the row's template; such text that is another such column's
    with the same text before each value (a source: the file before the cell reference) is
    written from that column, its first part in the template.

    ``encoding``: "utf-8" gives each row as UTF-8 bytes instead of text (the same text, encoded
    with ``errors`` a column at a time: the rows are then formatted and joined as bytes, half
    the size of text that holds a character such as '›').
    """
    cols = columns or list(df.columns)
    n = len(df)
    if not n:
        return b"" if joined else []
    template, fields = [], []
    run: list = []
    run_key = np.zeros(n, dtype=np.int64)
    run_combos = 1

    def end_run():
        if run:
            texts = _joined_run(run, run_key, run_combos)
            if run_combos == 1:                 # the same in every row: part of the template
                template.append(texts.table[0].replace("%", "%%"))
            else:
                fields.append(texts)
                template.append("%s")
            run.clear()

    encoded = [(c, *_encoded_column(df[c])) for c in cols]
    distinct = [texts for _, _, texts in encoded if isinstance(texts, _Unescaped)]
    for c, codes, texts in encoded:
        key = json.dumps(c, ensure_ascii=False) + ": "
        if isinstance(texts, _Unescaped):
            base, before = _prefixed(texts, distinct)
            if base is not None:                     # another column's text, the same text before each
                end_run()
                template.append(key.replace("%", "%%") + '"' + before.replace("%", "%%") + '%s"')
                fields.append(base)
                continue
            if texts.plain():                        # text per row that JSON writes as it is
                end_run()
                template.append(key.replace("%", "%%") + '"%s"')
                fields.append(texts)
                continue
            texts = list(map(_encode_basestring, texts.texts()))
        if codes is None or len(texts) * 4 > n:      # text per row, or mostly distinct: taken row by row
            end_run()
            template.append(key.replace("%", "%%") + "%s")
            fields.append(texts if codes is None else _Picked(codes, texts))
            continue
        # a run's key starts again with its first column (not from the run before it)
        combined, uniques = pd.factorize(run_key * len(texts) + codes % len(texts) if run else codes % len(texts))
        if run and len(uniques) * 8 > n:              # too many combinations: a new run starts here
            end_run()
            combined, uniques = pd.factorize(codes % len(texts))
        run.append((key, codes, texts))
        run_key, run_combos = combined.astype(np.int64), len(uniques)
    end_run()
    row = "{" + ", ".join(template) + "}"
    if joined:
        return _joined_rows(row, fields, n, encoding, errors)
    if encoding is not None:
        if not fields:
            return [row.replace("%%", "%").encode(encoding, errors)] * n
        return list(map(row.encode(encoding, errors).__mod__, zip(*_each_once(fields, lambda f: _encoded_texts(
            f, encoding, errors)))))
    if not fields:
        return [row.replace("%%", "%")] * n
    return list(map(row.__mod__, zip(*_each_once(fields, lambda f: f if isinstance(f, list) else f.texts()))))


def _each_once(fields: list, fn) -> list:
    """``[fn(f) for f in fields]``, made once for a field that is there twice (a source's cell references)."""
    made: dict[int, object] = {}
    return [made[id(f)] if id(f) in made else made.setdefault(id(f), fn(f)) for f in fields]


def _joined_rows(row: str, fields: list, n: int, encoding: str, errors: str) -> bytes:
    """The rows as one text of ``encoding``, separated by ", ", formatted two at a time."""
    if not n:
        return b""
    if not fields:
        return b", ".join([row.replace("%%", "%").encode(encoding, errors)] * n)
    row_b = row.encode(encoding, errors)
    columns = _each_once(fields, lambda f: _encoded_texts(f, encoding, errors))
    pairs = list(map((row_b + b", " + row_b).__mod__,
                     zip(*(c[0:n - 1:2] for c in columns), *(c[1::2] for c in columns))))
    if n % 2:
        pairs.append(row_b % tuple(c[-1] for c in columns))
    return b", ".join(pairs)


class _Picked:
    """A column's texts, one per row, as each row's code into a few distinct texts."""

    def __init__(self, codes: np.ndarray, table: list[str]):
        self.codes, self.table = codes, table

    def texts(self, table: list | None = None) -> list:
        picked = np.empty(len(self.table), dtype=object)
        picked[:] = self.table if table is None else table
        return picked[self.codes].tolist()


class _Unescaped:
    """A column's texts, one per row, kept joined by NUL as one string until they are needed;
    JSON writes them as they are when they are :meth:`plain`."""

    def __init__(self, joined: str):
        self.joined = joined
        self._plain: bool | None = None

    def texts(self) -> list[str]:
        return self.joined.split(_NUL)

    def plain(self) -> bool:
        """No quote, backslash or control character: nothing JSON escapes."""
        if self._plain is None:
            self._plain = not _ESCAPED.search(self.joined)
        return self._plain


def _prefixed(texts: _Unescaped, others: list[_Unescaped]) -> tuple[_Unescaped | None, str]:
    """(another column, the text before each of its values) when ``texts`` is that column's plain
    text with the same plain text before each value, else (None, "")."""
    first = texts.joined.partition(_NUL)[0]
    n = texts.joined.count(_NUL) + 1
    for other in others:
        if other is texts:
            continue
        tail = other.joined.partition(_NUL)[0]
        before = first[:len(first) - len(tail)]
        if (before and first.endswith(tail) and len(texts.joined) == len(other.joined) + n * len(before)
                and not _ESCAPED.search(before) and other.plain()
                and texts.joined == before + other.joined.replace(_NUL, _NUL + before)):
            return other, before
    return None, ""


_NUL = "\x00"
#: What JSON escapes in text (with ensure_ascii=False); NUL separates the joined texts.
_ESCAPED = re.compile(r'[\x01-\x1f"\\]')


def _encoded_texts(texts, encoding: str, errors: str) -> list[bytes]:
    """Each text encoded, a whole column at a time (no text holds NUL: JSON text escapes it)."""
    if isinstance(texts, _Picked):                  # each distinct text encoded once
        return texts.texts([t.encode(encoding, errors) for t in texts.table])
    joined = texts.joined if isinstance(texts, _Unescaped) else _NUL.join(texts)
    if isinstance(texts, _Unescaped) or joined.count(_NUL) == len(texts) - 1:
        return joined.encode(encoding, errors).split(b"\x00")
    return [t.encode(encoding, errors) for t in texts]


def _joined_run(run: list, key: np.ndarray, combos: int) -> _Picked:
    """Neighbouring columns of few distinct values as one text per row ('"a": 1, "b": "x"'),
    made once per distinct combination (``key``: each row's combination, 0 to ``combos`` - 1)."""
    first = np.full(combos, -1, dtype=np.int64)
    first[key[::-1]] = np.arange(len(key) - 1, -1, -1)     # the first row of each combination
    return _Picked(key, [", ".join(k + texts[codes[r]] for k, codes, texts in run) for r in first.tolist()])


def _encoded_column(s: pd.Series):
    """(codes, JSON text of each distinct value) for a column, as :func:`records` would give its
    values; the text of a missing value is last (code -1 picks it). (None, texts per row) for a
    column of mixed values, encoded one by one."""
    if pd.api.types.is_datetime64_any_dtype(s):
        codes, uniques = pd.factorize(s)
        texts = [_encode_basestring(t) for t in pd.DatetimeIndex(uniques).strftime("%Y-%m-%d")]
    elif pd.api.types.is_bool_dtype(s):
        codes, uniques = pd.factorize(s)
        texts = [json.dumps(bool(v)) for v in uniques]
    elif pd.api.types.is_float_dtype(s):
        values = s.to_numpy(dtype=float)
        zero = values == 0
        if zero.any() and np.signbit(values[zero]).any():       # -0.0 and 0.0 would be one distinct value
            return None, [("null" if v != v else json.dumps(v)) for v in values.tolist()]
        codes, uniques = pd.factorize(values)
        texts = [json.dumps(float(v)) for v in uniques]
    elif pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):
        values = s.to_numpy(dtype=object)
        sample = values[:2000].tolist()
        if len(set(sample)) * 2 > len(sample):      # mostly distinct: encoded row by row
            texts = values.tolist()
            try:
                joined = _NUL.join(texts)
            except TypeError:                       # a missing value: null
                joined = None
            if joined is not None and joined.count(_NUL) == len(texts) - 1:
                return None, _Unescaped(joined)
            if joined is not None:
                return None, list(map(_encode_basestring, texts))
        codes, uniques = factorize_objects(values)
        texts = list(map(_encode_basestring, uniques))
    else:
        values = s.to_numpy(dtype=object)
        missing = s.isna().to_numpy()
        return None, ["null" if m else json.dumps(jsonable(v), ensure_ascii=False, default=str)
                      for v, m in zip(values.tolist(), missing.tolist())]
    return np.asarray(codes), texts + ["null"]


def write_table(df: pd.DataFrame, out: str, columns: list[str] | None = None, meta: dict | None = None) -> None:
    """Write ``df`` to ``out`` as CSV (UTF-8 with BOM, formulas escaped) or JSON, atomically."""
    path = Path(out)
    suffix = path.suffix.lower()
    cols = columns or list(df.columns)
    if suffix == ".json":
        payload = {**(meta or {}), "rows": records(df, cols)}
        with atomic_write(path, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=1, ensure_ascii=False)
    elif suffix == ".csv":
        with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(cols)
            for row in records(df, cols):
                w.writerow(["" if row[c] is None else escape_formula(row[c]) for c in cols])
    else:
        raise CpdeskError(f"{out}: cpdesk can write .csv or .json here (not '{suffix or 'no extension'}').")
