"""A saved copy of an authority's first grid, so the window can paint it before pandas loads.

When the window has built the grid a fresh start shows for a local authority (its
built-in national figures, default comparator and periods, no files of the user's),
it saves that grid here as JSON: every row, column and cell with its figures and
judgements, and how each cell reads (texts, colours, tooltips: :mod:`cpdesk.grid_text`), so
a start need not describe them again. On the next start the window reads it with the
standard library alone, paints it, and only then loads the real figures in the background.

A cache entry is only used when its format version is this module's :data:`VERSION` and its
*data version* matches: a digest of the built-in figures, the catalogue, palette and
defaults files, the cpdesk version and the code that builds and describes grids. Anything
else (a missing, damaged, older or stale file) reads as "no cache", so a stale grid is never
shown.

Standard library only: this module is imported before the first paint.
"""
from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import asdict, fields
from pathlib import Path
from typing import NamedTuple

from cpdesk.grid_types import Grid, GridCell, GridColumn, GridRow
from cpdesk.resources import resources_dir

FORMAT = "cpdesk-grid-cache"
VERSION = 3     # 3: the cells' descriptions are saved with their figures (2 described them on reading)
INDEX_NAME = "index.json"

#: Resource files and folders whose content decides what the first grid shows.
_RESOURCE_PARTS = ("benchmarks", "catalogue", "palette.json", "defaults.json", "areas.json")
#: How a cell reads (:mod:`cpdesk.grid_text`), described from its figures.
_DESCRIBED = ("text", "background", "foreground", "tooltip", "accessible")
_CELL_FIELDS = tuple(f.name for f in fields(GridCell))
_CELL_DEFAULTS = asdict(GridCell())


class CachedGrid(NamedTuple):
    la_name: str
    grid: Grid
    view: dict      # what the window saved with it (column widths for a font), opaque here


def data_version(resources: Path | None = None) -> str:
    """A short digest of everything the built-in first grid depends on.

    Uses each file's name, size and modification time (not its content: reading the
    400 kB of figures would cost more than the cache saves).
    """
    from cpdesk import __version__
    root = Path(resources) if resources is not None else resources_dir()
    parts = [f"{FORMAT}:{VERSION}:{__version__}"]
    paths: list[Path] = []
    for part in _RESOURCE_PARTS:
        p = root / part
        paths.extend(sorted(p.iterdir()) if p.is_dir() else [p])
    code = Path(__file__).resolve().parent
    paths.extend(sorted(code.glob("*.py")))              # absent in a frozen build; the version covers that case
    paths.extend(sorted((code / "benchmarks").glob("*.py")))
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            parts.append(f"{p.name}:missing")
            continue
        parts.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
    text = ";".join(parts).encode()
    # two checksums of the same text: hashlib would cost more to import than the whole cache read
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}{len(parts):04x}"


# -- grid <-> JSON ------------------------------------------------------------------------

def grid_to_dict(grid: Grid) -> dict:
    """The grid as JSON-ready data, its cells described; cell fields equal to their defaults are left out."""
    def cell(c: GridCell) -> dict:
        out = {}
        for name in _CELL_FIELDS:
            v = getattr(c, name)
            if v != _CELL_DEFAULTS[name]:
                out[name] = list(v) if name == "interval" else _plain(v)
        return out

    return {
        "rows": [asdict(r) for r in grid.rows],
        "columns": [{"kind": c.kind, "key": c.key, "label": c.label, "end": _date_text(c.end),
                     "granularity": c.granularity, "name": c.name} for c in grid.columns],
        "cells": [[cell(c) for c in line] for line in grid.cells],
        "area": grid.area, "comparator": grid.comparator, "comparator_name": grid.comparator_name,
        "granularity": grid.granularity, "areas": list(grid.areas), "comparator_areas": list(grid.comparator_areas),
        "note": grid.note, "up_to": grid.up_to, "up_to_choices": list(grid.up_to_choices),
        "granularities": list(grid.granularities), "described": True,
    }


def grid_from_dict(data: dict) -> Grid:
    """Rebuild a :class:`Grid` from :func:`grid_to_dict`; raises KeyError/TypeError/ValueError if damaged.

    Cells saved with their figures only (no ``described`` flag) are described again.
    """
    described = data.get("described") is True
    rows = [GridRow(**r) for r in data["rows"]]
    columns = [GridColumn(c["kind"], c["key"], c["label"], _date_value(c.get("end")), c.get("granularity") or "",
                          c.get("name") or "") for c in data["columns"]]
    cells = []
    for line in data["cells"]:
        out = []
        for c in line:
            if "interval" in c:
                c = dict(c, interval=tuple(c["interval"]))
            out.append(GridCell(**c) if described else GridCell(**{k: v for k, v in c.items() if k not in _DESCRIBED}))
        cells.append(out)
    if len(cells) != len(rows) or any(len(line) != len(columns) for line in cells):
        raise ValueError("the grid's cells do not match its rows and columns")
    grid = Grid(rows, columns, cells, data["area"], data["comparator"], data["comparator_name"], data["granularity"],
                list(data.get("areas") or []), list(data.get("comparator_areas") or []), str(data.get("note") or ""),
                str(data.get("up_to") or ""), list(data.get("up_to_choices") or []),
                list(data.get("granularities") or []))
    if not described:
        from cpdesk.grid_text import describe_grid
        describe_grid(grid)
    return grid


# -- files ------------------------------------------------------------------------------

def cache_path(folder: Path, la_code: str) -> Path:
    safe = "".join(ch for ch in str(la_code) if ch.isalnum() or ch in "-_") or "none"
    return Path(folder) / f"grid-{safe}.json"


def save(folder, la_code: str, la_name: str, grid: Grid, version: str, aliases=(), view: dict | None = None) -> Path:
    """Write the grid of ``la_code`` atomically, and remember the names it may be asked for by.

    ``view`` is JSON-ready data the window keeps with the grid (column widths), returned as is.
    """
    from cpdesk.fileio import atomic_write
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = cache_path(folder, la_code)
    entry = {"format": FORMAT, "version": VERSION, "data_version": version, "la_code": str(la_code),
             "la_name": la_name, "grid": grid_to_dict(grid), "view": dict(view or {})}
    with atomic_write(path, "w", encoding="utf-8") as fh:
        json.dump(entry, fh, ensure_ascii=False, separators=(",", ":"))
    index = _read_json(folder / INDEX_NAME) or {}
    if not isinstance(index, dict):
        index = {}
    for alias in {str(la_code), la_name, *aliases}:
        if alias:
            index[_fold(alias)] = str(la_code)
    with atomic_write(folder / INDEX_NAME, "w", encoding="utf-8") as fh:
        json.dump(index, fh, ensure_ascii=False, indent=0)
    return path


def load(folder, la_code: str, version: str) -> CachedGrid | None:
    """``(la_name, grid, view)`` saved for ``la_code`` with this data version, or None (missing, stale or damaged)."""
    entry = _read_json(cache_path(Path(folder), la_code))
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("version") != VERSION:
        return None
    if entry.get("data_version") != version or str(entry.get("la_code")) != str(la_code):
        return None
    try:
        grid = grid_from_dict(entry["grid"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if not grid.rows or not grid.columns:
        return None
    view = entry.get("view")
    return CachedGrid(str(entry.get("la_name") or ""), grid, view if isinstance(view, dict) else {})


def resolve(folder, text: str) -> str | None:
    """The code of a cached authority asked for by code or name (``--la Camden``), or None."""
    index = _read_json(Path(folder) / INDEX_NAME)
    if not isinstance(index, dict):
        return None
    code = index.get(_fold(text))
    return str(code) if code else None


def clear(folder) -> int:
    """Remove every cached grid; returns how many files were removed."""
    n = 0
    for p in Path(folder).glob("grid-*.json"):
        try:
            p.unlink()
            n += 1
        except OSError:
            pass
    return n


# -- helpers ------------------------------------------------------------------------------

def _read_json(path: Path):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _plain(v):
    # numpy scalars from the grid builder become plain numbers (json cannot write numpy integers)
    if isinstance(v, (bool, str)) or v is None:
        return v
    if isinstance(v, float):
        return float(v)
    if isinstance(v, int):
        return int(v)
    item = getattr(v, "item", None)
    return item() if item is not None else v


def _date_text(v) -> str | None:
    if v is None:
        return None
    try:
        return f"{int(v.year):04d}-{int(v.month):02d}-{int(v.day):02d}"
    except (AttributeError, TypeError, ValueError):   # not a date, or NaT
        return None


def _date_value(text):
    # a datetime (not pandas): it compares equal to the pd.Timestamp the grid builder puts there
    return dt.datetime.fromisoformat(text) if text else None


def is_fresh_view(ws) -> bool:
    """Whether a workspace shows exactly what a fresh start shows for its authority (so its grid may be cached)."""
    from cpdesk.workspace import Workspace
    fresh = Workspace()
    return (bool(ws.la_code) and not ws.sources and not ws.mappings and not ws.targets and not ws.tolerances
            and not ws.polarity and not ws.period_targets and not ws.groups and ws.comparator == fresh.comparator
            and ws.granularity == fresh.granularity and ws.latest_n == fresh.latest_n and ws.up_to == fresh.up_to
            and ws.area == ws.la_name)


__all__ = ["CachedGrid", "FORMAT", "VERSION", "data_version", "grid_to_dict", "grid_from_dict", "save", "load", "resolve", "clear",
           "cache_path", "is_fresh_view"]
