"""Loading one file for the app: its tables of figures and its child-level lists, from one read.

:func:`load_file` reads a file once, sends the sheets that are child-level lists (recognised,
or mapped by the user before) to :mod:`cpdesk.records`, and the other sheets to the usual
table import. The :class:`LoadedFile` it returns looks like an import result to the window
(``observations``, ``tables``, ``warnings``, ``unrecognised``, ``hidden_sheets``), with the
figures computed from records included in ``observations``; ``records`` keeps what is needed
to list the records behind a figure, and ``candidates`` the sheets the user may map.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cpdesk.errors import ImportCancelled
from cpdesk.importing.workbook import rows_to_frame
from cpdesk.records.computed_source import RecordsSettings, RecordsSource
from cpdesk.records.list_sheets import MappingCandidate, sort_sheets
from cpdesk.records.loading import SourceList, build_recordset

_HEAD_ROWS = 90           # enough rows to find a heading row (30) and judge the columns below it
_NO_VALUES = "no indicator values were found"


@dataclass
class LoadedFile:
    """What one file gave: imported figures, figures computed from records, sheets to map."""

    path: str
    name: str
    imported: object | None = None                 # ImportResult of the sheets that are not lists
    records: RecordsSource | None = None
    candidates: list[MappingCandidate] = field(default_factory=list)
    extra_warnings: list[str] = field(default_factory=list)
    _obs: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def observations(self) -> pd.DataFrame:
        if self._obs is None:
            from cpdesk.observations import empty_frame, normalise_frame
            frames = [f for f in (getattr(self.imported, "observations", None),
                                  self.records.observations if self.records else None) if f is not None and len(f)]
            self._obs = (frames[0] if len(frames) == 1 else
                         normalise_frame(pd.concat(frames, ignore_index=True)) if frames else empty_frame())
        return self._obs

    def invalidate(self) -> None:
        """Forget the combined observations (after the records were computed again)."""
        self._obs = None

    @property
    def tables(self) -> list:
        return list(getattr(self.imported, "tables", []) or [])

    @property
    def unrecognised(self) -> list[dict]:
        return list(getattr(self.imported, "unrecognised", []) or [])

    @property
    def labels(self) -> list[dict]:
        """What each label was recognised as (recognised / suggested / local, with why)."""
        return list(getattr(self.imported, "labels", []) or [])

    @property
    def hidden_sheets(self) -> list[str]:
        return list(getattr(self.imported, "hidden_sheets", []) or [])

    @property
    def warnings(self) -> list[str]:
        out = list(getattr(self.imported, "warnings", []) or [])
        if self.records is not None or self.candidates:
            # The sheets that are lists of children are accounted for as lists, not as figures.
            from cpdesk.importing.importer import NO_PERIODS
            out = [w for w in out if _NO_VALUES not in w and NO_PERIODS not in w]
        return out + self.extra_warnings

    def summary_line(self) -> str:
        n = len(self.observations)
        text = f"{self.name}: {n:,} value(s) in {len(self.tables)} table(s)"
        if self.unrecognised:
            text += f", {len(self.unrecognised)} unrecognised label(s)"
        if self.records is not None:
            text += f"; {self.records.summary()}"
        return text


def load_file(path, *, catalogue=None, progress=None, cancelled=None, default_area: str | None = None,
              settings: RecordsSettings | None = None, store_path=None, today=None, workbook=None) -> LoadedFile:
    """Read one file: figures from its tables, figures computed from its child-level lists.

    Parameters
    ----------
    settings : RecordsSettings, optional
        The counting rule and the kinds of period to compute (default: the defaults).
    store_path : path, optional
        The user's remembered column mappings (:func:`cpdesk.records.remember`).
    workbook : Workbook, optional
        ``path`` (a spreadsheet, not a CSV) already read (the reading worker reads it before
        pandas is imported, :func:`cpdesk.importing.reader_worker.read_first`).

    Raises
    ------
    UnreadableFileError, ImportCancelled
        As :func:`cpdesk.importing.importer.import_file`.
    """
    from cpdesk.importing.file_safety import detect_format
    from cpdesk.importing.importer import DEFAULT_AREA, import_file, import_workbook

    path = os.fspath(path)
    name = Path(path).name
    area = default_area or DEFAULT_AREA

    def step(fraction, message):
        if progress:
            progress(fraction, message)

    def check():
        if cancelled and cancelled():
            raise ImportCancelled(f"Loading {name} was cancelled.")

    out = LoadedFile(path, name)
    if workbook is None and detect_format(path).format == "csv":
        from cpdesk.records.loading import read_grids
        step(0.0, f"Reading {name}")
        (sheet_name, grid), = read_grids(path)
        check()
        head = [[None if (isinstance(v, str) and not v) else v for v in row]
                for row in grid.head(_HEAD_ROWS).itertuples(index=False)]
        sorted_ = sort_sheets(path, name, [(sheet_name, head)], store_path)
        if sorted_.lists:
            _, mapping = sorted_.lists[0]
            out.records = _records([(SourceList(name, path, sheet_name, mapping), grid)], area, settings, today,
                                   cancelled, step, 0.1)
            step(1.0, f"Loaded {name}")
            return out
        out.imported = import_file(path, catalogue=catalogue, progress=progress, cancelled=cancelled,
                                   default_area=default_area)
        out.candidates = [c for c in sorted_.candidates if c.sheet not in _sheets_with_indicators(out.imported)]
        return out

    from cpdesk.importing.readers import read_workbook
    wb = workbook if workbook is not None else read_workbook(path, progress=lambda f, m: step(0.6 * f, m),
                                                             cancelled=cancelled)
    check()
    sorted_ = sort_sheets(path, name, [(s.name, s.rows[:_HEAD_ROWS]) for s in wb.sheets if s.rows], store_path)
    list_sheets = {sheet for sheet, _ in sorted_.lists}
    others = [s for s in wb.sheets if s.name not in list_sheets]
    if others or not list_sheets:
        sub = dataclasses.replace(wb, sheets=others)
        out.imported = import_workbook(sub, catalogue=catalogue, cancelled=cancelled, default_area=default_area,
                                       progress=lambda f, m: step(0.6 + 0.2 * f, m))
        area = default_area or out.imported.default_area or area
    else:
        from cpdesk.importing.importer import ImportResult
        from cpdesk.observations import empty_frame
        out.imported = ImportResult(path=str(wb.path), name=wb.name, observations=empty_frame(),
                                    warnings=list(wb.warnings), hidden_sheets=[s.name for s in wb.sheets if s.hidden])
    if sorted_.lists:
        by_name = {s.name: s for s in wb.sheets}
        found = [(SourceList(name, path, sheet, m), rows_to_frame(by_name[sheet].rows))
                 for sheet, m in sorted_.lists]
        out.records = _records(found, area, settings, today, cancelled, step, 0.8)
    else:
        used = _sheets_with_indicators(out.imported)
        out.candidates = [c for c in sorted_.candidates if c.sheet not in used]
    step(1.0, f"Loaded {name}")
    return out


def _sheets_with_indicators(imported) -> set[str]:
    """Sheets where the table import recognised indicators (a list of children gives, at most, stray labels)."""
    obs = imported.observations
    if not len(obs):
        return set()
    return set(obs.loc[obs["indicator"].notna(), "sheet"].dropna().unique())


def _records(found, area, settings, today, cancelled, step, start: float) -> RecordsSource:
    """Check and compute; progress runs from ``start`` to 1 (checking about a third, computing the rest)."""
    span = 1.0 - start
    step(start, "Checking the records")
    rs = build_recordset(found, today=today)
    if cancelled and cancelled():
        raise ImportCancelled("Loading was cancelled.")
    return RecordsSource.build(rs, area, settings, cancelled=cancelled,
                               progress=lambda f, m: step(start + span * (0.3 + 0.7 * f), m))


__all__ = ["LoadedFile", "load_file"]
