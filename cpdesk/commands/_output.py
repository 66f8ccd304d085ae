"""Helpers shared by the subcommands: turning frames into JSON/CSV and reporting files."""
from __future__ import annotations

import csv
import datetime as dt
import json
import math
from json.encoder import encode_basestring as _encode_basestring
from pathlib import Path

import numpy as np
import pandas as pd

from cpdesk.errors import CpdeskError
from cpdesk.fileio import atomic_write, escape_formula


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


def json_rows(df: pd.DataFrame, columns: list[str] | None = None) -> list[str]:
    """Each row as the JSON text of ``records(df, columns)``'s dict for it, without building the dicts.

    Column by column: each column's distinct values are encoded once; the columns with few
    distinct values (areas, labels, periods, files) are joined together once per distinct
    combination, so each row costs one format of a few pieces (2,000,000 rows in seconds).
    """
    cols = columns or list(df.columns)
    n = len(df)
    if not n:
        return []
    template, fields = [], []
    run: list = []
    run_key = np.zeros(n, dtype=np.int64)
    run_combos = 1

    def end_run():
        if run:
            texts = _joined_run(run, run_key, run_combos)
            if run_combos == 1:                 # the same in every row: part of the template
                template.append(texts[0].replace("%", "%%"))
            else:
                fields.append(texts)
                template.append("%s")
            run.clear()

    for c in cols:
        codes, texts = _encoded_column(df[c])
        key = json.dumps(c, ensure_ascii=False) + ": "
        if codes is None or len(texts) * 4 > n:      # text per row, or mostly distinct: taken row by row
            end_run()
            template.append(key.replace("%", "%%") + "%s")
            fields.append(texts if codes is None else _take(texts, codes))
            continue
        combined, uniques = pd.factorize(run_key * len(texts) + codes % len(texts))
        if run and len(uniques) * 8 > n:              # too many combinations: a new run starts here
            end_run()
            combined, uniques = pd.factorize(codes % len(texts))
        run.append((key, codes, texts))
        run_key, run_combos = combined.astype(np.int64), len(uniques)
    end_run()
    row = "{" + ", ".join(template) + "}"
    if not fields:
        return [row.replace("%%", "%")] * n
    return list(map(row.__mod__, zip(*fields)))


def _take(texts: list[str], codes: np.ndarray) -> list[str]:
    table = np.empty(len(texts), dtype=object)
    table[:] = texts
    return table[codes].tolist()


def _joined_run(run: list, key: np.ndarray, combos: int) -> list[str]:
    """Neighbouring columns of few distinct values as one text per row ('"a": 1, "b": "x"'),
    made once per distinct combination (``key``: each row's combination, 0 to ``combos`` - 1)."""
    first = np.full(combos, -1, dtype=np.int64)
    first[key[::-1]] = np.arange(len(key) - 1, -1, -1)     # the first row of each combination
    table = np.empty(combos, dtype=object)
    table[:] = [", ".join(k + texts[codes[r]] for k, codes, texts in run) for r in first.tolist()]
    return table[key].tolist()


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
        missing = s.isna().to_numpy()
        if len(set(sample)) * 2 > len(sample) and not missing.any():   # mostly distinct: encoded row by row
            return None, list(map(_encode_basestring, values.tolist()))
        codes, uniques = pd.factorize(values)
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
