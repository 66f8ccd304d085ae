"""Helpers shared by the subcommands: turning frames into JSON/CSV and reporting files."""
from __future__ import annotations

import csv
import datetime as dt
import json
import math
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
