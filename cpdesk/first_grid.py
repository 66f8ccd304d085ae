"""The first grid of every authority, shipped with cpdesk, so even the very first launch paints at once.

On a first launch there is no grid saved from an earlier run (:mod:`cpdesk.grid_cache`), and
building one needs pandas and the national figures: most of a second. So the grid a fresh
start shows for each current authority (its built-in figures, England as the comparator,
the latest years) is built ahead by ``tools/build_first_grids.py`` from the built-in
figures, and kept in ``resources/first_grids.bin``; the window paints it with the standard
library alone and loads the real figures behind it, exactly as from a saved grid.

The file: one line of JSON (the header: format, the digest of the files the grids were
built from, the authorities with the names ``--la`` may give, and where each part is), then
zlib-compressed parts: the strings every grid shares, and one grid per authority with its
cells' figures column by column (texts and tooltips are described from them again, by
:mod:`cpdesk.grid_text`). A file built from other figures or another catalogue than those
installed is not used (the slow way is then taken: a stale grid is never shown).

Standard library only: this module is read before the first paint.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, fields
from pathlib import Path

from cpdesk.grid_text import describe_grid
from cpdesk.grid_types import Grid, GridCell, GridColumn, GridRow
from cpdesk.judgements import wilson_interval
from cpdesk.resources import resource, resources_dir

FORMAT = "cpdesk-first-grids"
VERSION = 1
FILE_NAME = "first_grids.bin"
#: The files the grids are built from: a change to any of them makes the shipped grids stale.
INPUTS = ("benchmarks/values.npz", "benchmarks/local_authorities.csv", "benchmarks/neighbours_2025.csv",
          "benchmarks/measures.csv", "benchmarks/regions.csv", "catalogue", "defaults.json")
#: What is described again (texts, colours) or computed again (a percentage's interval) on reading.
_DESCRIBED = ("text", "background", "foreground", "tooltip", "accessible", "interval")
CELL_FIELDS = tuple(f.name for f in fields(GridCell) if f.name not in _DESCRIBED)
_DEFAULTS = {f.name: f.default for f in fields(GridCell) if f.name in CELL_FIELDS}


@dataclass(frozen=True)
class Authority:
    """A current local authority as the shipped file knows it (the LA chooser's list)."""

    code: str
    name: str
    region: str
    aliases: tuple[str, ...] = ()


def inputs_digest(root: Path | None = None) -> str:
    """A checksum of the contents of the files the first grids depend on."""
    root = Path(root) if root is not None else resources_dir()
    crc = zlib.crc32(f"{FORMAT}:{VERSION}".encode())
    for part in INPUTS:
        p = root / part
        for f in (sorted(p.iterdir()) if p.is_dir() else [p]):
            try:
                crc = zlib.crc32(f.name.encode() + f.read_bytes(), crc)
            except OSError:
                crc = zlib.crc32(f"{f.name}:missing".encode(), crc)
    return f"{crc:08x}"


# -- encoding ------------------------------------------------------------------------------

class _Strings:
    """Strings shared by every grid in the file, each kept once."""

    def __init__(self, items=()):
        self.items = list(items)
        self.index = {s: i for i, s in enumerate(self.items)}

    def __call__(self, text):
        if text is None:
            return None
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]


def _plain(v):
    item = getattr(v, "item", None)     # numpy numbers from the grid builder
    return item() if item is not None and not isinstance(v, (str, bool, int, float)) else v


def encode_grid(grid: Grid, s: _Strings) -> dict:
    """A grid's figures column by column: every cell field a list over the cells, row by row."""
    cells = [c for line in grid.cells for c in line]
    out = {"rows": [[r.kind, r.key, s(r.name), s(r.group), r.polarity, r.unit, s(r.definition), r.target, r.decimals]
                    for r in grid.rows],
           "columns": [[c.kind, c.key, s(c.label), _date(c.end), c.granularity, s(c.name)] for c in grid.columns],
           "grid": [s(grid.area), grid.comparator, s(grid.comparator_name), grid.granularity,
                    [s(a) for a in grid.areas], [s(a) for a in grid.comparator_areas], s(grid.note), s(grid.up_to),
                    [s(x) for x in grid.up_to_choices], list(grid.granularities)],
           "cells": {}}
    for name in CELL_FIELDS:
        default = _DEFAULTS[name]
        values = [getattr(c, name) for c in cells]
        if all(v == default for v in values):
            continue
        if values and any(isinstance(v, str) for v in values):
            values = [s(v) if isinstance(v, str) else v for v in values]
        out["cells"][name] = [_plain(v) for v in values]
    return out


def decode_grid(data: dict, strings: list[str]) -> Grid:
    """The grid :func:`encode_grid` wrote, described again; raises KeyError/IndexError/TypeError/ValueError if damaged."""
    t = lambda i: None if i is None else strings[i]  # noqa: E731
    rows = [GridRow(kind, key, t(name), t(group), polarity, unit, t(definition), target, decimals)
            for kind, key, name, group, polarity, unit, definition, target, decimals in data["rows"]]
    columns = [GridColumn(kind, key, t(label), _date_value(end), granularity, t(name))
               for kind, key, label, end, granularity, name in data["columns"]]
    n_rows, n_cols = len(rows), len(columns)
    flat = [GridCell() for _ in range(n_rows * n_cols)]
    string_fields = {"comparator_label", "rank", "flag", "period", "source", "note", "previous_period", "state",
                     "direction", "target_state"}
    for name, values in data["cells"].items():
        if name not in _DEFAULTS or len(values) != len(flat):
            raise ValueError(f"cell field {name!r} does not fit the grid")
        if name in string_fields:
            values = [t(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in values]
        for cell, v in zip(flat, values):
            setattr(cell, name, v)
    for r, row in enumerate(rows):
        if row.unit == "percent":      # as the grid builder does: the 95% interval of a percentage
            for cell in flat[r * n_cols:(r + 1) * n_cols]:
                cell.interval = wilson_interval(cell.numerator, cell.denominator)
    area, comparator, comparator_name, granularity, areas, comparator_areas, note, up_to, choices, kinds = data["grid"]
    grid = Grid(rows, columns, [flat[r * n_cols:(r + 1) * n_cols] for r in range(n_rows)], t(area), comparator,
                t(comparator_name), granularity, [t(a) for a in areas], [t(a) for a in comparator_areas], t(note) or "",
                t(up_to) or "", [t(x) for x in choices], list(kinds))
    describe_grid(grid)
    return grid


def _date(v) -> str | None:
    try:
        return f"{int(v.year):04d}-{int(v.month):02d}-{int(v.day):02d}" if v is not None else None
    except (AttributeError, TypeError, ValueError):
        return None


def _date_value(text):
    import datetime as dt
    return dt.datetime.fromisoformat(text) if text else None


# -- the file ------------------------------------------------------------------------------

def write(path, entries, inputs: str) -> Path:
    """Write the file: ``entries`` are ``(Authority, Grid)`` pairs; ``inputs`` the :func:`inputs_digest`."""
    from cpdesk.fileio import atomic_write
    s = _Strings()
    blobs = [(a.code, zlib.compress(json.dumps(encode_grid(g, s), separators=(",", ":")).encode(), 9))
             for a, g in entries]
    strings = zlib.compress(json.dumps(s.items, ensure_ascii=False, separators=(",", ":")).encode(), 9)
    parts, offset = {}, 0
    parts["strings"] = [0, len(strings)]
    offset = len(strings)
    for code, blob in blobs:
        parts[code] = [offset, len(blob)]
        offset += len(blob)
    header = {"format": FORMAT, "version": VERSION, "inputs": inputs, "parts": parts,
              "authorities": [[a.code, a.name, a.region, list(a.aliases)] for a, _ in entries]}
    path = Path(path)
    with atomic_write(path, "wb") as fh:
        fh.write(json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
        fh.write(strings)
        for _, blob in blobs:
            fh.write(blob)
    return path


class ShippedGrids:
    """The shipped file, read lazily: the header at once, a part when it is asked for."""

    def __init__(self, path=None, *, check: bool = True):
        self.path = Path(path) if path is not None else resource(FILE_NAME)
        self.header: dict | None = None
        self._strings: list[str] | None = None
        self._start = 0
        try:
            with open(self.path, "rb") as fh:
                line = fh.readline()
                self._start = len(line)
            header = json.loads(line)
        except (OSError, ValueError):
            return
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != VERSION:
            return
        if check and header.get("inputs") != inputs_digest(self.path.parent if path is not None else None):
            return            # built from other figures or another catalogue: never shown
        self.header = header

    @property
    def usable(self) -> bool:
        return self.header is not None

    def authorities(self) -> list[Authority]:
        if self.header is None:
            return []
        return [Authority(str(c), str(n), str(r), tuple(a)) for c, n, r, a in self.header.get("authorities", [])]

    def resolve(self, text: str) -> str | None:
        """The code of the authority ``text`` names (3-digit code, E-code, name or another name), or None."""
        want = " ".join(str(text).split()).casefold()
        for a in self.authorities():
            if want in {a.code, a.name.casefold(), *(x.casefold() for x in a.aliases)}:
                return a.code
        return None

    def _part(self, key: str):
        offset, length = self.header["parts"][key]
        with open(self.path, "rb") as fh:
            fh.seek(self._start + offset)
            return json.loads(zlib.decompress(fh.read(length)))

    def grid(self, code: str) -> tuple[str, Grid] | None:
        """(the authority's name, its first grid), or None if the file has none for it (or is damaged)."""
        if self.header is None or str(code) not in self.header.get("parts", {}):
            return None
        try:
            if self._strings is None:
                self._strings = self._part("strings")
            grid = decode_grid(self._part(str(code)), self._strings)
        except (OSError, ValueError, KeyError, IndexError, TypeError, zlib.error):
            return None
        name = next((a.name for a in self.authorities() if a.code == str(code)), grid.area or "")
        return name, grid


__all__ = ["Authority", "ShippedGrids", "encode_grid", "decode_grid", "write", "inputs_digest", "FILE_NAME",
           "INPUTS", "CELL_FIELDS"]
