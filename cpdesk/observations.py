"""The canonical tidy table of observations that every importer produces.

One row per value: what it measures, where, when, the value itself and where it came from.

Where a value came from ("file › sheet › B7") is not kept as one text per row: a million
rows would hold a million such texts, and each holds a '›', so Python keeps it at two bytes a
character. The frame holds ``source_prefix``, the source before the cell reference
("file › sheet › ", one text object shared by the rows of a table), next to ``cell``; a
figure whose source is not file, sheet and cell (the built-in national figures, figures
computed from lists of children) has its whole source there and no cell part. The texts are
made only where they are read, by :func:`source_texts` (a frame or part of one) and
:func:`row_source` (one row): the one way to read a source.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from cpdesk.periods import Period, canonical_label
from cpdesk.vocabulary import NATIONAL_TABLE  # noqa: F401 - the built-in figures' table, named here too

#: Column order of an observations frame (``cpdesk inspect`` prints these).
COLUMNS = [
    "indicator",      # catalogue id, or None for a label that matched nothing
    "label",          # the label as written
    "area",
    "area_role",      # la / england / neighbours / region / target / district / other
    "period",         # canonical period label ("Q4 2019-20")
    "period_label",   # as written ("Q4*")
    "period_start",
    "period_end",
    "period_kind",
    "partial",
    "value",          # float, percentages in points
    "numerator",
    "denominator",
    "flag",           # c / x / z / u / k / low / tbc / text, or None
    "note",
    "source_prefix",  # "file › sheet › " before ``cell``, or a whole source: read with source_texts()
    "file",
    "sheet",
    "cell",
    "table",          # which table of the file ("Sheet1#2")
]

SEP = " › "

#: The columns written out (``cpdesk inspect --json``, ``cpdesk records --out``): the source
#: as its text, where the frame has its prefix (the frame is given :func:`with_sources` first).
OUTPUT_COLUMNS = ["source" if c == "source_prefix" else c for c in COLUMNS]

#: The dtype of the text columns (pandas' "str"), made once.
_TEXT = pd.Series([""]).astype(str).dtype


@dataclass
class Observation:
    indicator: str | None
    label: str
    area: str
    area_role: str
    period: Period
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    flag: str | None = None
    note: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""
    table: str = ""

    def as_row(self) -> dict:
        p = self.period
        return {
            "indicator": self.indicator,
            "label": self.label,
            "area": self.area,
            "area_role": self.area_role,
            "period": canonical_label(p),
            "period_label": p.label,
            "period_start": p.start,
            "period_end": p.end,
            "period_kind": p.kind,
            "partial": bool(p.partial),
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "flag": self.flag,
            "note": self.note,
            "source_prefix": source_prefix(self.file, self.sheet, self.cell),
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "table": self.table,
        }


def source_text(file: str, sheet: str = "", cell: str = "") -> str:
    """"file › sheet › cell"; a CSV's one sheet (named after the file) is not repeated."""
    if sheet and file and file.rsplit(".", 1)[0] == sheet:
        sheet = ""
    return SEP.join(x for x in (file, sheet, cell) if x)


def source_prefix(file: str, sheet: str = "", cell: str = "") -> str:
    """What ``source_prefix`` holds for :func:`source_text` ``(file, sheet, cell)``: the
    rows of one file and sheet get the same text object."""
    if not cell:
        return source_text(file, sheet)
    return _before_cell(file, sheet) or cell      # no file or sheet: the source is the cell alone


@lru_cache(maxsize=256)
def _before_cell(file: str, sheet: str) -> str:
    head = source_text(file, sheet)
    return head + SEP if head else ""


def _prefix_of(source: str, cell: str) -> str:
    """The prefix of ``source`` before ``cell`` where it is "… › cell", else the whole source.

    A source that ends with the separator and has a cell is not made by cpdesk (every source
    ends with a cell reference, a file, a column or a period).
    """
    if cell and source.endswith(SEP + cell):
        return source[:len(source) - len(cell)]
    return source


def row_source(prefix: str, cell: str) -> str:
    """One row's source from its ``source_prefix`` and ``cell``."""
    return prefix + cell if cell and prefix.endswith(SEP) else prefix


def source_texts(frame: pd.DataFrame) -> pd.Series:
    """Each row's source ("file › sheet › B7"), as text, indexed as ``frame``.

    The prefixes are checked once per distinct text object (a table's rows share one).
    """
    prefixes = frame["source_prefix"].to_numpy(dtype=object)
    cells = frame["cell"].to_numpy(dtype=object)
    out = prefixes.copy()
    if len(prefixes):
        from cpdesk.object_codes import factorize_objects
        codes, uniques = factorize_objects(prefixes)
        derived = np.array([isinstance(u, str) and u.endswith(SEP) for u in uniques] + [False], dtype=bool)[codes]
        rows = np.flatnonzero(derived)
        if len(rows):
            tails = cells[rows]
            has_cell = pd.notna(tails) & (tails != "")
            rows, tails = rows[has_cell], tails[has_cell]
            out[rows] = prefixes[rows] + tails
    return pd.Series(out, index=frame.index, dtype=_TEXT, name="source")


def with_sources(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a ``source`` column of :func:`source_texts` (for a part of the rows that is shown or written)."""
    return frame.assign(source=source_texts(frame))


def _encode_sources(df: pd.DataFrame) -> None:
    """Fill ``source_prefix`` from a ``source`` column of whole texts (producers may give either;
    where both are given, the whole text wins, and a missing one leaves the prefix as it is)."""
    given = df.pop("source").to_numpy(dtype=object)
    cells = df["cell"].to_numpy(dtype=object) if "cell" in df.columns else np.full(len(df), "", dtype=object)
    has = np.array([isinstance(x, str) for x in given], dtype=bool)
    if "source_prefix" in df.columns:
        prefix = df["source_prefix"].to_numpy(dtype=object).copy()
    else:
        prefix = np.full(len(df), "", dtype=object)
    prefix[has] = [_prefix_of(x, c if isinstance(c, str) else "") for x, c in zip(given[has], cells[has])]
    df["source_prefix"] = prefix


def to_frame(observations) -> pd.DataFrame:
    """Build an observations frame with the canonical columns and dtypes."""
    rows = [o.as_row() for o in observations]
    return normalise_frame(pd.DataFrame(rows, columns=COLUMNS))


def empty_frame() -> pd.DataFrame:
    return normalise_frame(pd.DataFrame(columns=COLUMNS))


def normalise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Give a frame the canonical columns (missing ones filled) and dtypes.

    Columns that already have their canonical dtype and no missing cells are kept as they
    are (a frame made of normalised frames costs one check per column, not a conversion).
    """
    if "source" in df.columns:
        df = df.copy()
        _encode_sources(df)
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = None
    df = df[COLUMNS].copy()
    for col in ("value", "numerator", "denominator"):
        if df[col].dtype != "float64":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    for col in ("period_start", "period_end"):
        if not pd.api.types.is_datetime64_dtype(df[col]):
            df[col] = pd.to_datetime(df[col], errors="coerce")
    if df["partial"].dtype != bool:
        df["partial"] = df["partial"].fillna(False).astype(bool)
    for col in ("indicator", "flag"):
        if df[col].dtype == object:
            values = df[col].to_numpy()
            missing = pd.isna(values)
            if missing.any():
                values = values.copy()
                values[missing] = None
                df[col] = pd.Series(values, index=df.index, dtype=object)
        else:
            df[col] = df[col].astype(object).where(df[col].notna(), None)
    for col in ("label", "area", "area_role", "period", "period_label", "period_kind", "note", "source_prefix", "file", "sheet", "cell",
                "table"):
        if df[col].dtype == _TEXT and not df[col].hasnans:
            continue
        df[col] = df[col].astype(object).where(df[col].notna(), "").astype(str)
    return df.reset_index(drop=True)


def cell_ref(row: int, col: int) -> str:
    """Zero-based (row, col) to an A1 reference: ``cell_ref(6, 1) == "B7"``."""
    letters = ""
    c = col + 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def period_from_row(row) -> Period:
    """Rebuild a :class:`Period` from an observations row."""
    start = row["period_start"]
    end = row["period_end"]
    start = start.date() if hasattr(start, "date") else start
    end = end.date() if hasattr(end, "date") else end
    return Period(end, start, row["period_kind"], row.get("period_label") or row["period"], bool(row["partial"]))


__all__ = ["COLUMNS", "OUTPUT_COLUMNS", "NATIONAL_TABLE", "Observation", "to_frame", "empty_frame", "normalise_frame", "cell_ref", "source_text",
           "source_prefix", "source_texts", "row_source", "with_sources",
           "period_from_row"]
