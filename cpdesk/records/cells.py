"""One column of a list of children, read once per distinct cell value.

An extract of 500,000 plans holds a few thousand distinct dates and one identifier per
child. :class:`Cells` factorises a column once (an integer code per row and the distinct
values); everything read from the cells (is it blank, the identifier as text, the date,
the number) is worked out for the distinct values and spread back to the rows with one
array lookup.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from cpdesk.records.dates import NAT, parse_unique


class Cells:
    """The cells of one column: ``codes`` per row (-1 where the cell is empty) and the distinct ``uniques``."""

    def __init__(self, values: pd.Series):
        codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
        self.codes = codes
        self.uniques = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
        self._stripped: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.codes)

    def rows(self, per_unique: np.ndarray, missing) -> np.ndarray:
        """Spread one value per distinct cell to the rows; ``missing`` where the cell was empty."""
        per_unique = np.asarray(per_unique)
        ext = np.empty(len(per_unique) + 1, dtype=per_unique.dtype)
        ext[:-1] = per_unique
        ext[-1] = missing
        return ext[self.codes]  # code -1 takes the last entry

    @property
    def all_text(self) -> bool:
        """Every distinct value is a str (a CSV column); saves looking at the type of each."""
        return pd.api.types.infer_dtype(self.uniques, skipna=False) in ("string", "empty")

    def is_text(self) -> np.ndarray:
        if self.all_text:
            return np.ones(len(self.uniques), dtype=bool)
        return np.fromiter((type(v) is str for v in self.uniques), dtype=bool, count=len(self.uniques))

    def stripped(self) -> np.ndarray:
        """The distinct values with text stripped of surrounding spaces (other values as they are)."""
        if self._stripped is None:
            u = self.uniques.to_numpy(dtype=object)
            if self.all_text:
                self._stripped = np.fromiter((v.strip() for v in u), dtype=object, count=len(u))
            else:
                self._stripped = np.array([v.strip() if type(v) is str else v for v in u] or [], dtype=object)
        return self._stripped

    def blank_uniques(self) -> np.ndarray:
        """Per distinct value: text that is empty once stripped."""
        stripped = self.stripped()
        return self.is_text() & (stripped == "") if len(stripped) else np.zeros(0, dtype=bool)

    def blank(self) -> np.ndarray:
        """Per row: empty, or text of spaces only."""
        return self.rows(self.blank_uniques(), True)

    def child_ids(self) -> tuple[np.ndarray, np.ndarray]:
        """Identifiers as text (9212044.0 becomes "9212044"; empty cells ""): (codes per row, distinct ids).

        Cells that read as the same identifier (" A1" and "A1") share one code.
        """
        text = np.asarray(self.stripped() if self.all_text else _ids_of_uniques(self.uniques), dtype=object)
        same, names = pd.factorize(text)
        names = np.asarray(names, dtype=object)
        empty = np.flatnonzero(names == "")
        if len(empty):
            empty_code = int(empty[0])
        else:
            names, empty_code = np.append(names, np.array([""], dtype=object)), len(names)
        return self.rows(same.astype("int64"), empty_code), names

    def text(self) -> np.ndarray:
        """Per row: the cell as stripped text ("" when empty)."""
        return self.rows(self.uniques.astype(str).str.strip().to_numpy(dtype=object), "").astype(object)

    def dates(self, drop: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Per row: the date (NaT when blank or not a date) and whether the cell was not a date.

        ``drop`` marks distinct values to read as empty (cells holding several dates, read apart).
        """
        days, bad = parse_unique(self.uniques)
        if drop is not None and drop.any():
            days, bad = days.copy(), bad.copy()
            days[drop] = NAT
            bad[drop] = False
        return self.rows(days, NAT), self.rows(bad, False)

    def numbers(self) -> tuple[np.ndarray, np.ndarray]:
        """Per row: the number (NaN when blank or not a non-negative number) and whether the cell was not one."""
        blank_u = self.blank_uniques()
        num = pd.to_numeric(self.uniques.where(~blank_u, None), errors="coerce").to_numpy(dtype="float64").copy()
        bad_u = ~blank_u & (np.isnan(num) | (num < 0))
        num[bad_u] = np.nan
        return self.rows(num, np.nan), self.rows(bad_u, False)


def _ids_of_uniques(s: pd.Series) -> np.ndarray:
    out = np.full(len(s), "", dtype=object)
    kinds = s.map(type)
    is_num = kinds.isin([float, int, np.float64, np.int64]).to_numpy()
    if is_num.any():
        num = pd.to_numeric(s[is_num], errors="coerce").to_numpy(dtype="float64")
        whole = ~np.isnan(num) & (np.floor(num) == num)
        txt = np.where(whole, np.char.mod("%d", np.where(whole, num, 0).astype("int64")), np.char.mod("%s", num))
        out[is_num] = np.where(np.isnan(num), "", txt).astype(object)
    is_str = (kinds == str).to_numpy()
    if is_str.any():
        out[is_str] = s[is_str].str.strip().to_numpy(dtype=object)
    other = ~(is_num | is_str) & s.notna().to_numpy()
    if other.any():
        out[other] = s[other].astype(str).str.strip().to_numpy(dtype=object)
    return out
