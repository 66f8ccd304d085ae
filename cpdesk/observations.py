"""The canonical tidy table of observations that every importer produces.

One row per value: what it measures, where, when, the value itself and where it came from.
"""
from __future__ import annotations

from dataclasses import dataclass

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
    "source",         # "file › sheet › B7"
    "file",
    "sheet",
    "cell",
    "table",          # which table of the file ("Sheet1#2")
]

SEP = " › "

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
            "source": source_text(self.file, self.sheet, self.cell),
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
    for col in ("label", "area", "area_role", "period", "period_label", "period_kind", "note", "source", "file", "sheet", "cell", "table"):
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


__all__ = ["COLUMNS", "NATIONAL_TABLE", "Observation", "to_frame", "empty_frame", "normalise_frame", "cell_ref", "source_text",
           "period_from_row"]
