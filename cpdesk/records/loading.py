"""Reading child-level lists into plan and enquiry records, with a data-quality report.

Every record keeps where it came from (file, sheet, Excel row number), so any figure can
be traced back to the rows behind it. Rows with problems are reported and left out of the
figures; nothing is silently corrected.
"""
from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cpdesk.errors import CpdeskError
from cpdesk.importing.workbook import rows_to_frame
from cpdesk.records.cells import Cells
from cpdesk.records.dates import NAT, parse_dates
from cpdesk.records.mapping import ListMapping, apply_mapping_entry, recognise
from cpdesk.records.quality import ISSUE_COLUMNS, check_records

#: Columns of the plans table (one row per child protection plan).
PLAN_COLUMNS = ["child_id", "start", "end", "previous_plans", "initial_category", "latest_category",
                "latest_review", "source", "row"]
#: Columns of the enquiries table (one row per section 47 enquiry / initial conference).
S47_COLUMNS = ["child_id", "strategy", "icpc", "source", "row"]


@dataclass
class SourceList:
    """One recognised (or mapped) list: which file and sheet, and how its columns were read."""

    file: str
    path: str
    sheet: str
    mapping: ListMapping
    rows: int = 0  # data rows read (excluding blank rows)

    @property
    def label(self) -> str:
        return f"{self.file} › {self.sheet}" if self.sheet and self.sheet != Path(self.file).stem else self.file


@dataclass
class RecordSet:
    """The records read from one or more lists, checked.

    ``plans`` and ``s47`` hold every record read, with an ``excluded`` column; ``reviews``
    holds each plan's review conference dates (one row per plan, NaT padded, sorted).
    ``issues`` is the data-quality report.
    """

    plans: pd.DataFrame
    s47: pd.DataFrame
    reviews: np.ndarray
    sources: list[SourceList]
    issues: pd.DataFrame
    today: dt.date
    has_reviews: bool = False
    warnings: list[str] = field(default_factory=list)
    #: one integer per distinct child identifier, for ``plans`` and ``s47`` (same numbering in both)
    plan_child: np.ndarray | None = field(default=None, repr=False)
    s47_child: np.ndarray | None = field(default=None, repr=False)
    #: facts derived once for computing (the records are not changed after checking)
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def valid_plans(self) -> pd.DataFrame:
        return self.plans[~self.plans["excluded"]]

    @property
    def valid_s47(self) -> pd.DataFrame:
        return self.s47[~self.s47["excluded"]]

    def source_of(self, index: int) -> SourceList:
        return self.sources[index]

    def plan_children(self) -> np.ndarray:
        """The child of each plan as an integer code (equal codes, same child)."""
        if self.plan_child is None:
            self.plan_child = pd.factorize(self.plans["child_id"].to_numpy(dtype=object))[0]
        return self.plan_child


# --- reading files ---------------------------------------------------------------------

def read_grids(path) -> list[tuple[str, pd.DataFrame]]:
    """The sheets of a file as (name, grid) with the grid counted from A1 (column labels 0, 1, ...).

    CSV is parsed with pandas' C reader (a 500,000-row extract in well under a second),
    after the shared reader code has decided the encoding and the delimiter.
    """
    from cpdesk.importing.file_safety import detect_format

    path = os.fspath(path)
    detected = detect_format(path)
    if detected.format == "csv":
        return [(Path(path).stem, _read_csv_grid(path))]
    from cpdesk.importing.readers import read_workbook

    wb = read_workbook(path)
    return [(s.name, rows_to_frame(s.rows)) for s in wb.sheets if s.rows]


def _read_csv_grid(path: str) -> pd.DataFrame:
    from cpdesk.importing import csv_reader

    with open(path, "rb") as fh:
        data = fh.read()
    text, encoding = csv_reader.decode_text(data)
    delimiter, _, _ = csv_reader.sniff_delimiter(text)
    # pandas reads UTF-8 bytes faster than a Python text stream; the bytes decode to the same text
    if encoding == "UTF-8":
        source, options = io.BytesIO(data), {"encoding": "utf-8"}
    elif encoding == "UTF-8 with BOM":
        source, options = io.BytesIO(memoryview(data)[3:]), {"encoding": "utf-8", "encoding_errors": "replace"}
    else:
        source, options = io.StringIO(text), {}
    del text
    try:
        return pd.read_csv(source, sep=delimiter, header=None, dtype=str, keep_default_na=False, na_filter=False,
                           engine="c", skip_blank_lines=False, **options)
    except (pd.errors.ParserError, ValueError):
        # Rows of different lengths (a title line above the headings): the tolerant reader
        # that every other CSV goes through copes; it is slower, so it is only the fallback.
        from cpdesk.importing.readers import read_workbook
        sheets = read_workbook(path).sheets
        return rows_to_frame(sheets[0].rows if sheets else [])


def _head_rows(grid: pd.DataFrame, n: int = 30) -> list[list[object]]:
    head = grid.head(n)
    return [[None if (isinstance(v, float) and v != v) else v for v in row] for row in head.itertuples(index=False)]


def find_lists(name: str, grid: pd.DataFrame, mapping_entries: list[dict] | None = None,
               source: str = "") -> ListMapping | None:
    """The mapping for one sheet: from a mapping-file entry if one fits, else recognised."""
    rows = _head_rows(grid)
    for entry in mapping_entries or []:
        m = apply_mapping_entry(entry, (name, rows), source=source or "mapping file")
        if m is not None:
            return m
    return recognise((name, rows))


# --- turning a sheet into records ----------------------------------------------------------

@dataclass
class _Part:
    plans: dict
    s47: dict
    reviews: np.ndarray
    issues: list[dict]
    plan_child: np.ndarray   # codes into ``children``
    s47_child: np.ndarray
    children: np.ndarray     # distinct identifiers as text


def records_from_grid(grid: pd.DataFrame, mapping: ListMapping, source_index: int) -> _Part:
    """Read the records of one mapped sheet (``grid`` counted from A1)."""
    body = grid.iloc[mapping.header_row + 1:]
    n = len(body)
    excel_rows = np.arange(mapping.header_row + 2, mapping.header_row + 2 + n, dtype="int64")
    cols = mapping.columns

    def column(f) -> pd.Series:
        c = cols[f]
        if c >= body.shape[1]:
            return pd.Series([None] * n, dtype=object)
        return body.iloc[:, c].reset_index(drop=True)

    cache: dict[str, Cells] = {}

    def cells(f) -> Cells:
        if f not in cache:
            cache[f] = Cells(column(f))
        return cache[f]

    mapped_single = [f for f, c in cols.items() if not isinstance(c, list)]
    blank_all = np.ones(n, dtype=bool)
    for f in mapped_single:
        blank_all &= cells(f).blank()
    keep = ~blank_all
    issues: list[dict] = []

    def issue(mask, check, fld, detail, record):
        for r in np.flatnonzero(mask & keep):
            issues.append({"source": source_index, "row": int(excel_rows[r]), "check": check, "field": fld,
                           "detail": detail if isinstance(detail, str) else detail(r), "record": record})

    if "child_id" in cols:
        child, children = cells("child_id").child_ids()
    else:
        child, children = np.zeros(n, dtype="int64"), np.array([""], dtype=object)
    ids = children[child]
    dates, bad = {}, {}
    for f in ("plan_start", "plan_end", "strategy_date", "icpc_date", "latest_review"):
        if f in cols:
            dates[f], bad[f] = cells(f).dates()
        else:
            dates[f], bad[f] = np.full(n, NAT), np.zeros(n, dtype=bool)

    reviews, review_bad = _review_dates(body, cols.get("review_dates") or [], n)

    has_s47_fields = "strategy_date" in cols or "icpc_date" in cols
    is_plan = np.zeros(n, dtype=bool)
    if "plan_start" in cols:
        start_given = ~np.isnat(dates["plan_start"]) | bad["plan_start"]
        s47_given = ~np.isnat(dates["strategy_date"]) | bad["strategy_date"] | ~np.isnat(dates["icpc_date"]) | bad["icpc_date"]
        is_plan = keep & (start_given | (not has_s47_fields) | ~s47_given)
    is_s47 = np.zeros(n, dtype=bool)
    if has_s47_fields:
        s47_given = ~np.isnat(dates["strategy_date"]) | bad["strategy_date"] | ~np.isnat(dates["icpc_date"]) | bad["icpc_date"]
        is_s47 = keep & (s47_given | ("plan_start" not in cols))

    prev = np.full(n, np.nan)
    prev_bad = np.zeros(n, dtype=bool)
    if "previous_plans" in cols:
        prev, prev_bad = cells("previous_plans").numbers()

    plan_bad = np.zeros(n, dtype=bool)
    s47_bad = np.zeros(n, dtype=bool)
    for f, heading, kind in (("plan_start", "plan start date", "plan"), ("plan_end", "plan end date", "plan"),
                             ("latest_review", "latest review date", "plan"),
                             ("strategy_date", "strategy discussion date", "s47"), ("icpc_date", "ICPC date", "s47")):
        if f in cols:
            cells_f = column(f)
            target = is_plan if kind == "plan" else is_s47
            issue(bad[f] & target, "unreadable_date", f, lambda r, cells_f=cells_f, heading=heading:
                  f"{heading} '{cells_f.iloc[r]}' is not a date", kind)
            if kind == "plan":
                plan_bad |= bad[f]
            else:
                s47_bad |= bad[f]
    issue(review_bad & is_plan, "unreadable_date", "review_dates", "a review conference date is not a date", "plan")
    plan_bad |= review_bad
    issue(prev_bad & is_plan, "unreadable_number", "previous_plans",
          lambda r: f"number of previous plans '{column('previous_plans').iloc[r]}' is not a number", "plan")
    plan_bad |= prev_bad

    n_plans = int(is_plan.sum())
    plans = {
        "child_id": ids[is_plan], "start": dates["plan_start"][is_plan], "end": dates["plan_end"][is_plan],
        "previous_plans": prev[is_plan],
        "initial_category": cells("initial_category").text()[is_plan] if "initial_category" in cols else np.full(n_plans, "", dtype=object),
        "latest_category": cells("latest_category").text()[is_plan] if "latest_category" in cols else np.full(n_plans, "", dtype=object),
        "latest_review": dates["latest_review"][is_plan],
        "source": np.full(n_plans, source_index, dtype="int64"), "row": excel_rows[is_plan],
        "read_error": plan_bad[is_plan],
    }
    s47 = {
        "child_id": ids[is_s47], "strategy": dates["strategy_date"][is_s47], "icpc": dates["icpc_date"][is_s47],
        "source": np.full(is_s47.sum(), source_index, dtype="int64"), "row": excel_rows[is_s47],
        "read_error": s47_bad[is_s47],
    }
    return _Part(plans, s47, reviews[is_plan], issues, child[is_plan], child[is_s47], children)


def _review_dates(body: pd.DataFrame, review_cols: list[int], n: int) -> tuple[np.ndarray, np.ndarray]:
    """All review dates of each row, sorted, NaT padded; a cell may hold several ("01/02/2020; 03/08/2020")."""
    parts, bad = [], np.zeros(n, dtype=bool)
    for c in review_cols:
        if c >= body.shape[1]:
            continue
        cells = Cells(body.iloc[:, c].reset_index(drop=True))
        u = cells.uniques
        multi = (cells.is_text() & u.astype(str).str.contains(r"[;\n|]|,\s*\d", regex=True).to_numpy()
                 if len(u) else np.zeros(0, dtype=bool))
        if multi.any():
            # split the distinct cells holding several dates, then read each piece as a column of its own
            pieces = u[multi].astype(str).str.split(r"\s*[;\n|,]\s*", regex=True, expand=True)
            where = np.full(len(u), -1, dtype="int64")
            where[multi] = np.arange(int(multi.sum()))
            row_piece = cells.rows(where, -1)
            for j in pieces.columns:
                piece = pd.Series(pieces[j].to_numpy(dtype=object), dtype=object)
                d, b = parse_dates(None, (row_piece, piece))
                parts.append(d)
                bad |= b
        d, b = cells.dates(drop=multi)
        parts.append(d)
        bad |= b
    if not parts:
        return np.full((n, 0), NAT), bad
    arr = np.sort(np.stack(parts, axis=1), axis=1)  # NaT sorts last
    keep_cols = ~np.isnat(arr).all(axis=0)
    return arr[:, keep_cols] if keep_cols.any() else arr[:, :1], bad


# --- putting it together ---------------------------------------------------------------------

def load_records(paths, *, mapping_entries: list[dict] | None = None, mapping_source: str = "",
                 today: dt.date | None = None) -> RecordSet:
    """Read child-level lists from files and check them.

    Parameters
    ----------
    paths : list of paths
        Spreadsheets or CSV files. Every sheet is looked at; sheets that are not plan or
        enquiry lists (Annex A Lists 1-4, 6, 8-11, notes) are passed over.
    mapping_entries : list of dict, optional
        Entries of a mapping file (:func:`cpdesk.records.mapping.load_mapping_file`).
    today : date, optional
        Dates after this are "future dates" (default: the computer's date).

    Raises
    ------
    CpdeskError
        When no file holds a list of plans or enquiries.
    """
    found: list[tuple[SourceList, pd.DataFrame]] = []
    for path in paths:
        name = Path(path).name
        for sheet_name, grid in read_grids(path):
            m = find_lists(sheet_name, grid, mapping_entries, mapping_source)
            if m is not None and (m.has_plans or m.has_s47):
                found.append((SourceList(name, os.fspath(path), sheet_name, m), grid))
    if not found:
        names = ", ".join(Path(p).name for p in paths)
        raise CpdeskError(f"{names}: no list of child protection plans or section 47 enquiries was recognised. "
                          "Give a mapping file with --mapping (see docs/records.md), or check the headings.")
    return build_recordset([(src, grid) for src, grid in found], today=today)


def build_recordset(found: list[tuple[SourceList, pd.DataFrame]], *, today: dt.date | None = None) -> RecordSet:
    """Records from already-read sheets (the app calls this after its own reading/mapping)."""
    today = today or dt.date.today()
    parts = []
    sources = []
    for i, (src, grid) in enumerate(found):
        part = records_from_grid(grid, src.mapping, i)
        src.rows = len(part.plans["row"]) + len(part.s47["row"])
        sources.append(src)
        parts.append(part)
    plans = pd.DataFrame({k: _joined(parts, "plans", k) for k in parts[0].plans})
    s47 = pd.DataFrame({k: _joined(parts, "s47", k) for k in parts[0].s47})
    plan_child, s47_child = _child_codes(parts)
    width = max((p.reviews.shape[1] for p in parts), default=0)
    if len(parts) == 1 and width:
        reviews = parts[0].reviews
    else:
        reviews = np.concatenate([np.pad(p.reviews, ((0, 0), (0, width - p.reviews.shape[1])), constant_values=NAT)
                                  for p in parts]) if width else np.full((len(plans), 0), NAT)
    read_issues = [x for p in parts for x in p.issues]
    issues, plan_excl, s47_excl = check_records(plans, s47, reviews, today, plan_child=plan_child, s47_child=s47_child)
    issues = pd.concat([pd.DataFrame(read_issues, columns=["source", "row", "check", "field", "detail", "record"]),
                        issues], ignore_index=True)
    plans["excluded"] = plan_excl | plans.pop("read_error").to_numpy(dtype=bool)
    s47["excluded"] = s47_excl | s47.pop("read_error").to_numpy(dtype=bool)
    issues = _finish_issues(issues, sources, plans, s47)
    has_reviews = any("review_dates" in s.mapping.columns for s in sources)
    return RecordSet(plans, s47, reviews, sources, issues, today, has_reviews, plan_child=plan_child, s47_child=s47_child)


_DATE_COLUMNS = {"start", "end", "latest_review", "strategy", "icpc"}


def _joined(parts: list[_Part], table: str, key: str) -> np.ndarray:
    out = np.concatenate([getattr(p, table)[key] for p in parts])
    return out.astype("datetime64[s]") if key in _DATE_COLUMNS else out


def _child_codes(parts: list[_Part]) -> tuple[np.ndarray, np.ndarray]:
    """One numbering of the children across every list read (a child in two lists keeps one code)."""
    if len(parts) == 1:
        return parts[0].plan_child, parts[0].s47_child
    codes, _ = pd.factorize(np.concatenate([p.children for p in parts]))
    offsets = np.cumsum([0] + [len(p.children) for p in parts[:-1]])
    plan = np.concatenate([codes[off + p.plan_child] for p, off in zip(parts, offsets)])
    s47 = np.concatenate([codes[off + p.s47_child] for p, off in zip(parts, offsets)])
    return plan.astype("int64"), s47.astype("int64")


def _finish_issues(issues: pd.DataFrame, sources: list[SourceList], plans: pd.DataFrame, s47: pd.DataFrame) -> pd.DataFrame:
    if issues.empty:
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    issues = issues.copy()
    src = issues["source"].astype("int64").to_numpy()
    issues["file"] = [sources[i].file for i in src]
    issues["sheet"] = [sources[i].sheet for i in src]
    # child ids for the report (shown in the app; written out only on request); a row read as
    # both a plan and an enquiry has one child
    def key(frame):
        return frame["source"].to_numpy(dtype="int64") * (1 << 32) + frame["row"].to_numpy(dtype="int64")

    wanted = key(issues)
    child = np.full(len(issues), "", dtype=object)
    for table in (s47, plans):
        at = pd.Index(key(table)).get_indexer(wanted)
        child[at >= 0] = table["child_id"].to_numpy(dtype=object)[at[at >= 0]]
    issues["child_id"] = child
    issues["excluded"] = True
    issues = issues.sort_values(["source", "row", "check"], kind="stable").drop_duplicates(["source", "row", "check", "field"])
    return issues[ISSUE_COLUMNS].reset_index(drop=True)
