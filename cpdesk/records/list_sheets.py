"""Which sheets of a file are child-level lists: recognised, remembered, or to be mapped by the user.

The app reads a file once and sorts its sheets three ways:

- **recognised**: the headings name the columns (Annex A Lists 5 and 7, common extracts);
- **remembered**: the user mapped a sheet with these headings before (:func:`recall`);
- **to map**: the sheet looks like a list of children (an identifier column and date
  columns below a heading row) but the required columns are not recognised; the app asks
  the user (a :class:`MappingCandidate` carries what the dialog needs).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cpdesk.errors import CpdeskError
from cpdesk.records.dates import parse_dates
from cpdesk.records.mapping import (ListMapping, field_specs, heading_text, list_type_of, match_columns, recall,
                                    recognise)
from cpdesk.values import is_blank

_SCAN_ROWS = 30
_PREVIEW_ROWS = 5
_SAMPLE_ROWS = 50

#: A list needs a child identifier and one of these (plans or enquiries).
REQUIRED_ONE_OF = ("plan_start", "strategy_date")


@dataclass
class MappingCandidate:
    """A sheet that looks like a list of children whose columns the user should name."""

    path: str
    file: str
    sheet: str
    header_row: int                       # zero-based
    headings: list[str]
    preview: list[list[str]]              # the first few data rows, as text
    guessed: dict[str, int | list[int]] = field(default_factory=dict)

    def values_of(self, column: int) -> list[str]:
        """The preview values of one column (blank ones left out)."""
        return [row[column] for row in self.preview if column < len(row) and row[column]]


def _cell_text(v) -> str:
    if is_blank(v):
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime("%d/%m/%Y") if (v.hour, v.minute, v.second) == (0, 0, 0) else v.strftime("%d/%m/%Y %H:%M")
    if isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")
    return heading_text(v)


def _date_like_columns(rows: list[list[object]], width: int) -> list[int]:
    """Columns where most non-blank cells are dates (real dates, or date text with separators)."""
    out = []
    for c in range(width):
        cells = [r[c] for r in rows if c < len(r) and not is_blank(r[c])]
        if not cells:
            continue
        real = sum(isinstance(v, (dt.date, dt.datetime)) for v in cells)
        texts = [v for v in cells if isinstance(v, str) and any(s in v for s in "/-. ") and any(ch.isdigit() for ch in v)]
        ok = 0
        if texts:
            _, bad = parse_dates(pd.Series(texts, dtype=object))
            ok = int((~np.asarray(bad, dtype=bool)).sum())
        if real + ok >= max(1, len(cells) // 2 + 1):
            out.append(c)
    return out


def looks_like_list(rows: list[list[object]]) -> int | None:
    """The heading row of a sheet that looks like a list of children, or None.

    A heading row (among the first 30) with a column recognised as the child identifier
    and two columns of dates below it (a start and an end, a discussion and a conference),
    or two recognised fields and at least one column of dates.
    """
    for r, row in enumerate(rows[:_SCAN_ROWS]):
        if not row or sum(not is_blank(v) and isinstance(v, str) for v in row) < 2:
            continue
        cols = match_columns(list(row))
        if not ("child_id" in cols or len(cols) >= 2):
            continue
        below = [x for x in rows[r + 1:r + 1 + _SAMPLE_ROWS] if x and any(not is_blank(v) for v in x)]
        n_dates = len(_date_like_columns(below, len(row))) if below else 0
        if n_dates >= 2 or (len(cols) >= 2 and n_dates >= 1):
            return r
    return None


def candidate_for(path: str, file: str, sheet: str, rows: list[list[object]]) -> MappingCandidate | None:
    """A :class:`MappingCandidate` for a sheet that looks like a list, else None."""
    r = looks_like_list(rows)
    if r is None:
        return None
    headings = [heading_text(h) for h in rows[r]]
    width = len(headings)
    preview = []
    for row in rows[r + 1:]:
        if len(preview) >= _PREVIEW_ROWS:
            break
        if row and any(not is_blank(v) for v in row):
            preview.append([_cell_text(row[c]) if c < len(row) else "" for c in range(width)])
    return MappingCandidate(path, file, sheet, r, headings, preview, match_columns(list(rows[r])))


def missing_required(columns: dict) -> list[str]:
    """What a mapping still lacks, in words (empty when it is enough to read a list)."""
    specs = field_specs()
    missing = []
    if "child_id" not in columns:
        missing.append(specs["child_id"].name)
    if not any(f in columns for f in REQUIRED_ONE_OF):
        missing.append(" or ".join(specs[f].name for f in REQUIRED_ONE_OF))
    return missing


def mapping_from_choice(candidate: MappingCandidate, columns: dict[str, int | list[int]]) -> ListMapping:
    """The user's choice of columns as a :class:`ListMapping` (ready for ``remember``)."""
    cols = {f: (sorted(c) if isinstance(c, list) else int(c)) for f, c in columns.items()
            if c is not None and c != []}
    lt = list_type_of(cols, candidate.headings, candidate.sheet) or "custom"
    return ListMapping(candidate.sheet, candidate.header_row, cols, lt, list(candidate.headings), recognised=False)


@dataclass
class SheetSort:
    """How the sheets of one file were sorted (see the module docstring)."""

    lists: list[tuple[str, ListMapping]] = field(default_factory=list)   # (sheet, mapping)
    candidates: list[MappingCandidate] = field(default_factory=list)


def sort_sheets(path: str, file: str, sheets: list[tuple[str, list[list[object]]]],
                store_path=None) -> SheetSort:
    """Recognise the lists among ``sheets`` ((name, rows) pairs), recall remembered mappings, and
    find sheets to offer for mapping (only when nothing in the file was recognised or remembered,
    so the other Annex A lists in a recognised workbook are not offered)."""
    out = SheetSort()
    unplaced = []
    for name, rows in sheets:
        head = rows[:_SCAN_ROWS]
        m = recognise((name, head))
        if m is None and store_path is not None:
            try:
                m = recall(store_path, (name, head))
            except CpdeskError:  # a remembered mapping that no longer fits: treat the sheet as new
                m = None
        if m is not None and (m.has_plans or m.has_s47):
            out.lists.append((name, m))
        else:
            unplaced.append((name, rows))
    if not out.lists:
        for name, rows in unplaced:
            c = candidate_for(path, file, name, rows)
            if c is not None:
                out.candidates.append(c)
    return out


__all__ = ["MappingCandidate", "SheetSort", "looks_like_list", "candidate_for", "missing_required",
           "mapping_from_choice", "sort_sheets", "REQUIRED_ONE_OF"]
