"""From a file on disk to a tidy observations frame, with a report of what was found.

``import_file`` reads every sheet, finds its tables, interprets them and links counts to
their percentages. ``import_files`` does the same for many files and keeps going past a
bad one: what the good files gave is never lost.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cpdesk.areas import find_la_name
from cpdesk.catalogue import Catalogue, default_catalogue, label_kind, normalise_label
from cpdesk.errors import CpdeskError, ImportCancelled
from cpdesk.importing.ledger import Accounting, left_out_warning
from cpdesk.importing.workbook import SheetData, Workbook
from cpdesk.object_codes import factorize_objects
from cpdesk.observations import COLUMNS, cell_ref, empty_frame, normalise_frame, to_frame
from cpdesk.values import is_blank

#: Sheets longer than this are only read as tidy lists; table finding looks at the top part.
MAX_GRID_ROWS = 20_000
DEFAULT_AREA = "Local authority"
#: Why a table with figures but no period anywhere is not read (shown in its warning).
NO_PERIODS = ("the table has no period (year, quarter, month or date) in its headers, labels or title, "
              "so it was not read as indicator values")
#: A block with a period column and measure columns but no area or indicator column is read
#: as a table (periods down) up to this many rows, as a tidy list beyond.
LAYOUT_MAX_ROWS = 2_000
#: Tables up to this many non-blank cells keep each cell's fate (TableInfo.cells).
KEEP_CELLS = 50_000


@dataclass
class TableInfo:
    id: str
    sheet: str
    range: str
    layout: str
    title: str
    observations: int
    indicators: int
    unrecognised: int
    #: "N of M value cells read" and the cells left out, with why
    accounting: Accounting = field(default_factory=Accounting)
    #: what became of each non-blank cell, (row, col) -> status (kept for tables up to KEEP_CELLS cells)
    cells: dict = field(default_factory=dict, repr=False)

    def as_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k not in ("accounting", "cells")}
        d.update(self.accounting.as_dict())
        return d


@dataclass
class ImportResult:
    path: str
    name: str
    observations: pd.DataFrame
    tables: list[TableInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unrecognised: list[dict] = field(default_factory=list)  # {"label", "sheet", "cell", "count"}
    hidden_sheets: list[str] = field(default_factory=list)
    default_area: str = DEFAULT_AREA
    #: what describing columns said: {"label", "indicator", "kind", "text", "sheet", "cell"}
    descriptions: list[dict] = field(default_factory=list)
    #: a council's own polarity for labels cpdesk does not know ("Higher is better")
    council_polarity: dict[str, str] = field(default_factory=dict)
    #: what each label was recognised as (see cpdesk.recognition.report.label_report):
    #: {"label", "status" (recognised / suggested / local), "indicator", "score", "explanation", ...}
    labels: list[dict] = field(default_factory=list)
    _recognitions: list = field(default_factory=list, repr=False)

    @property
    def suggestions(self) -> list[dict]:
        """Labels that probably mean a catalogue indicator, kept local until the user confirms."""
        return [e for e in self.labels if e["status"] == "suggested"]

    def recognition_counts(self) -> dict[str, int]:
        from cpdesk.recognition.report import counts
        return counts(self.labels)

    @property
    def value_cells(self) -> int:
        return sum(t.accounting.value_cells for t in self.tables)

    @property
    def read_cells(self) -> int:
        return sum(t.accounting.read_cells for t in self.tables)

    def accounting_line(self) -> str:
        """"N of M value cells read" for the whole file."""
        return f"{self.read_cells:,} of {self.value_cells:,} value cells read"

    def summary_line(self) -> str:
        n = len(self.observations)
        return (f"{self.name}: {n:,} value(s) in {len(self.tables)} table(s)"
                + (f", {len(self.unrecognised)} unrecognised label(s)" if self.unrecognised else ""))

    def suggested_mapping(self) -> dict:
        """Local indicators for unrecognised labels whose own table said which way is better,
        in the form :func:`cpdesk.mappings.apply_mapping` takes."""
        known = set(self.observations.loc[self.observations["indicator"].isna(), "label"]) if len(self.observations) else set()
        out = {}
        for label, polarity in self.council_polarity.items():
            if label in known:
                unit = label_kind(normalise_label(label)) or "number"
                out[label] = {"local": {"name": label, "polarity": polarity, "unit": unit}}
        return out


def import_file(path, *, catalogue: Catalogue | None = None, progress=None, cancelled=None,
                default_area: str | None = None, workbook: Workbook | None = None) -> ImportResult:
    """Read one spreadsheet into observations (``workbook``: ``path`` already read, see
    :func:`cpdesk.importing.reader_worker.read_first`).

    Raises
    ------
    UnreadableFileError
        The file could not be read at all (the message says why and what to do).
    ImportCancelled
        ``cancelled()`` returned True.
    """
    from cpdesk.importing.readers import read_workbook  # the readers pull in calamine/openpyxl

    def read_progress(fraction, message):
        if progress:
            progress(0.7 * fraction, message)

    wb = workbook if workbook is not None else read_workbook(path, progress=read_progress, cancelled=cancelled)
    return import_workbook(wb, catalogue=catalogue, progress=progress, cancelled=cancelled, default_area=default_area)


def import_workbook(wb: Workbook, *, catalogue: Catalogue | None = None, progress=None, cancelled=None,
                    default_area: str | None = None) -> ImportResult:
    """Find and interpret the tables of an already-read workbook."""
    catalogue = catalogue or default_catalogue()
    area = default_area or _guess_la(wb) or DEFAULT_AREA
    result = ImportResult(path=str(wb.path), name=wb.name, observations=None, default_area=area)   # set below
    result.warnings.extend(wb.warnings)
    result.hidden_sheets = [s.name for s in wb.sheets if s.hidden]
    frames: list[pd.DataFrame] = []
    n_sheets = max(len(wb.sheets), 1)
    for i, sheet in enumerate(wb.sheets):
        if cancelled and cancelled():
            raise ImportCancelled(f"Loading {wb.name} was cancelled.")
        if progress:
            progress(0.7 + 0.3 * i / n_sheets, f"Finding tables in {sheet.name}")
        frames.extend(_import_sheet(sheet, wb, catalogue, area, result))
    frames = [f for f in frames if len(f)]
    # one table's frame is normalised already (read_tidy and to_frame give canonical frames)
    obs = (frames[0] if len(frames) == 1 else normalise_frame(pd.concat(frames, ignore_index=True))) if frames \
        else empty_frame()
    obs = link_counts(obs, catalogue)
    result.observations = obs
    result.unrecognised = _unrecognised(obs)
    from cpdesk.recognition.report import label_report
    result.labels = label_report(obs, result._recognitions)
    result._recognitions = []
    if not len(obs):
        result.warnings.append(f"{wb.name}: no indicator values were found. cpdesk looks for tables with periods "
                               "(years, quarters, months or dates) in a header row or label column.")
    if progress:
        progress(1.0, f"Loaded {wb.name}")
    return result


def _guess_la(wb: Workbook) -> str | None:
    texts = [Path(wb.name).stem.replace("_", " ")] + [s.name for s in wb.sheets]
    for sheet in wb.sheets:
        for row in sheet.rows[:8]:
            texts.extend(v for v in row[:6] if isinstance(v, str) and 3 < len(v) < 200)
    return find_la_name(texts)


def _first_row(sheet: SheetData) -> int | None:
    for r, row in enumerate(sheet.rows[:200]):
        if any(not is_blank(v) for v in row):
            return r
    return None


def _import_sheet(sheet: SheetData, wb: Workbook, catalogue: Catalogue, area: str, result: ImportResult) -> list[pd.DataFrame]:
    # Imported here, not with this module: a process that only takes results in (the command
    # line, the window, while the reading worker reads) needs ImportResult, not the readers of
    # tables. The worker imports them while it warms up.
    from cpdesk.importing.blocks import find_blocks
    from cpdesk.importing.layout import Context, interpret_block
    from cpdesk.importing.tidy import read_tidy, recognise_tidy

    frames = []
    if not sheet.rows:
        return frames
    if sheet.n_rows > MAX_GRID_ROWS:
        top = _first_row(sheet)
        cols = recognise_tidy(sheet.rows[top], catalogue) if top is not None else None
        if cols is not None:
            table_id = f"{sheet.name}#1"
            seen: list = []
            df, warns = read_tidy(sheet.rows, top, cols, catalogue, file=wb.name, sheet=sheet.name, table=table_id,
                                  default_area=area, seen=seen)
            result.warnings.extend(warns)
            acc = _tidy_accounting(seen, df)
            _add_table(result, table_id, sheet.name, top, 0, sheet.n_rows - 1, len(sheet.rows[top]) - 1, "tidy list", "", df,
                       acc)
            _warn_left_out(result, f"{sheet.name} {cell_ref(top, 0)}:{cell_ref(sheet.n_rows - 1, len(sheet.rows[top]) - 1)}",
                           acc)
            return [df]
        result.warnings.append(f"{sheet.name}: only the first {MAX_GRID_ROWS:,} of {sheet.n_rows:,} rows were searched "
                               "for tables (the sheet is not a tidy list with a period column).")
    blocks = find_blocks(sheet, max_rows=MAX_GRID_ROWS)
    for k, block in enumerate(blocks, start=1):
        table_id = f"{sheet.name}#{k}"
        header = sheet.rows[block.r0][block.c0:block.c1 + 1]
        cols = recognise_tidy(header, catalogue) if block.c0 == 0 else None
        if cols is not None and cols.area is None and cols.indicator is None and cols.indicator_code is None \
                and cols.value is None and cols.geo_level is None and block.n_rows <= LAYOUT_MAX_ROWS:
            cols = None   # periods down, measures across: a table, read with its formats, comparators and notes
        if cols is not None:
            seen = []
            df, warns = read_tidy(sheet.rows[:block.r1 + 1], block.r0, cols, catalogue, file=wb.name, sheet=sheet.name,
                                  table=table_id, default_area=area, titles=block.titles,
                                  percent_cells=sheet.percent_cells, seen=seen)
            result.warnings.extend(warns)
            acc = _tidy_accounting(seen, df)
            _add_table(result, table_id, sheet.name, block.r0, block.c0, block.r1, block.c1, "tidy list",
                       " / ".join(block.titles), df, acc)
            _warn_left_out(result, f"{sheet.name} {cell_ref(block.r0, block.c0)}:{cell_ref(block.r1, block.c1)}", acc)
            frames.append(df)
            continue
        ctx = Context(file=wb.name, sheet=sheet.name, table=table_id, default_area=area, titles=block.titles,
                      catalogue=catalogue)
        try:
            br = interpret_block(sheet, block, ctx)
        except (ValueError, TypeError, IndexError, KeyError) as exc:
            result.warnings.append(f"{sheet.name} {cell_ref(block.r0, block.c0)}: a table could not be read ({exc}).")
            continue
        acc = Accounting.of(br.ledger)
        if not br.observations and not br.numbers:
            continue   # text only (a list of contacts, a key to symbols): not a table of figures
        df = to_frame(br.observations) if br.observations else empty_frame()
        result.warnings.extend(br.warnings)
        where = f"{sheet.name} {cell_ref(block.r0, block.c0)}:{cell_ref(block.r1, block.c1)}"
        if not br.observations and not br.has_period:
            # A list of records or a lookup, not a table of figures: one line, not one per cell.
            result.warnings.append(f"{where}: {acc.value_cells:,} value cell(s) not read: {NO_PERIODS}.")
            br.layout = "no periods"
        else:
            _warn_left_out(result, where, acc)
        result._recognitions.extend(br.recognitions)
        for d in br.descriptions:
            result.descriptions.append({**d, "sheet": sheet.name})
        for label, polarity in br.polarity.items():
            result.council_polarity.setdefault(label, polarity)
        _add_table(result, table_id, sheet.name, block.r0, block.c0, block.r1, block.c1, br.layout,
                   " / ".join(block.titles), df, acc, br.ledger)
        if len(df):
            frames.append(df)
    return frames


def _warn_left_out(result: ImportResult, where: str, acc: Accounting) -> None:
    warning = left_out_warning(where, acc)
    if warning:
        result.warnings.append(warning)


def _add_table(result: ImportResult, table_id, sheet, r0, c0, r1, c1, layout, title, df, accounting: Accounting,
               ledger=None) -> None:
    indicators = unrecognised = 0
    if len(df):      # distinct values counted on codes by object (a tidy list's few values, each in many rows)
        ind_codes, ind_u = factorize_objects(df["indicator"].to_numpy(dtype=object))
        indicators = len(ind_u)
        unrecognised = len(factorize_objects(df["label"].to_numpy(dtype=object)[ind_codes < 0])[1])
    info = TableInfo(
        id=table_id, sheet=sheet, range=f"{cell_ref(r0, c0)}:{cell_ref(r1, c1)}", layout=layout, title=title,
        observations=len(df), indicators=indicators, unrecognised=unrecognised, accounting=accounting,
    )
    if ledger is not None and len(ledger.status) <= KEEP_CELLS:
        info.cells = ledger.status
    result.tables.append(info)


def _tidy_accounting(seen: list, df: pd.DataFrame) -> Accounting:
    """A tidy list's value cells: the value (or measure) columns below its header row; those
    that gave no observation are listed with why (a period that could not be read, or a row
    that could not be placed). Column by column, from what :func:`read_tidy` saw: a national
    file has a million rows."""
    from cpdesk.importing.ledger import MAX_LISTED, LeftOut

    acc = Accounting()
    n = 0
    for read in seen:
        for c in read.value_cols:
            coded = read.columns.coded(c)
            blank = np.array([is_blank(u) for u in coded.uniques], dtype=bool)
            filled = ~coded.take(blank)
            n += int(filled.sum())
            left = filled
            rows = read.read_rows.get(c)
            if rows is not None and len(rows):
                left = filled.copy()
                left[rows] = False
            left = np.flatnonzero(left)
            acc.n_left_out += len(left)
            raw = read.columns.raw[c]
            for i in left[:max(0, MAX_LISTED - len(acc.left_out))]:
                value = raw[i]
                reason = ("no period that could be read in its row" if not read.period_ok[i]
                          else "its row could not be placed (area or indicator)")
                text = f"{value:g}" if isinstance(value, float) else str(value)
                acc.left_out.append(LeftOut(cell_ref(read.first + int(i), c), text, reason))
    acc.read_cells = int((df["value"].notna() | df["flag"].notna()).sum()) if len(df) else 0
    acc.value_cells = max(n, acc.read_cells + acc.n_left_out)
    return acc


def _unrecognised(obs: pd.DataFrame) -> list[dict]:
    un = obs[obs["indicator"].isna()]
    if un.empty:
        return []
    g = un.groupby("label", sort=False).agg(sheet=("sheet", "first"), cell=("cell", "first"), n=("value", "size"))
    return [{"label": lab, "sheet": r["sheet"], "cell": r["cell"], "count": int(r["n"])} for lab, r in g.iterrows()]


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def link_counts(obs: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Fill numerator/denominator of percentages from counts in the same table, area and period.

    On codes: each key column is factorised once (a national file gives a million rows).
    """
    if obs.empty:
        return obs
    pct_ids = {i.id: (i.numerator, i.denominator) for i in catalogue if i.unit == "percent" and (i.numerator or i.denominator)}
    ind_codes, ind_u = factorize_objects(obs["indicator"].to_numpy(dtype=object), use_na_sentinel=False)
    ind_u = [None if pd.isna(u) else u for u in ind_u]
    is_pct_u = np.array([u in pct_ids for u in ind_u] + [False], dtype=bool)
    is_pct = is_pct_u[ind_codes] & np.isnan(obs["numerator"].to_numpy(dtype=float))
    if not is_pct.any():
        return obs
    key = np.zeros(len(obs), dtype=np.int64)
    for k in ("table", "area", "area_role", "period"):
        codes, uniques = factorize_objects(obs[k].to_numpy(dtype=object), use_na_sentinel=False)
        key, _ = pd.factorize(key * max(len(uniques), 1) + codes)
        key = key.astype(np.int64)
    m = len(ind_u) + 1
    full = key * m + ind_codes
    value = obs["value"].to_numpy(dtype=float)
    has = ~np.isnan(value)
    known = pd.Series(value[has], index=full[has])
    known = known[~known.index.duplicated()]          # the first value of each indicator in its place
    position = {u: j for j, u in enumerate(ind_u)}
    target = np.flatnonzero(is_pct)
    for part, col in ((0, "numerator"), (1, "denominator")):
        wanted_u = np.array([position.get(pct_ids[u][part], -1) if u in pct_ids else -1 for u in ind_u] + [-1],
                            dtype=np.int64)
        wanted = wanted_u[ind_codes[target]]
        query = np.where(wanted >= 0, key[target] * m + wanted, -1)
        found = known.reindex(query).to_numpy(dtype=float)
        current = obs[col].to_numpy(dtype=float, copy=True)
        current[target] = np.where(np.isnan(current[target]), found, current[target])
        obs[col] = current
    return obs


@dataclass
class BatchResult:
    observations: pd.DataFrame
    results: list[ImportResult]
    errors: list[str]


def import_files(paths, *, catalogue: Catalogue | None = None, progress=None, cancelled=None) -> BatchResult:
    """Import many files; a file that fails adds a message to ``errors`` and the rest carry on.

    Each file is read in the guarded worker process (:mod:`cpdesk.importing.guarded`), so a
    file that kills its reader, or needs too much memory or time, is one error among the rest.
    """
    from cpdesk.importing import guarded

    results, errors, frames = [], [], []
    paths = list(paths)
    for i, path in enumerate(paths):
        def sub_progress(f, msg, i=i):
            if progress:
                progress((i + f) / len(paths), msg)
        try:
            r = guarded.import_file(path, catalogue=catalogue, progress=sub_progress, cancelled=cancelled)
        except ImportCancelled:
            raise
        except CpdeskError as exc:
            errors.append(str(exc))
            continue
        results.append(r)
        frames.append(r.observations)
    obs = normalise_frame(_concat(frames)) if frames else empty_frame()
    return BatchResult(obs, results, errors)


__all__ = ["ImportResult", "TableInfo", "BatchResult", "import_file", "import_files", "import_workbook", "link_counts",
           "COLUMNS"]
