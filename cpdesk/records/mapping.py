"""Which columns of a child-level list hold what: recognition from headings, mapping files.

A :class:`ListMapping` says, for one sheet, which row holds the headings and which column
holds each field (child id, plan start date, strategy discussion date, ...). cpdesk
recognises Ofsted Annex A Lists 5 and 7 by their real headings and common extract headings
(the patterns are data: ``resources/records/columns.json``). Where it cannot, the user maps
the columns: in the app with a dialog, on the command line with a mapping file::

    {
      "cpdesk_mapping": 1,
      "sheets": [
        {"sheet": "Plans", "header_row": 1,
         "columns": {"child_id": "Person ID", "plan_start": "CP Start",
                     "plan_end": "CP End", "review_dates": ["Review 1", "Review 2"]}}
      ]
    }

``sheet`` may be left out (or "*") to apply to any sheet whose headings fit; ``header_row``
counts from 1 as Excel does and may be left out to be found; columns are named by their
heading text as written (case and spacing do not matter).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cpdesk.errors import CpdeskError, UnreadableFileError
from cpdesk.fileio import atomic_write
from cpdesk.resources import resource

MAPPING_VERSION = 1
_HEADER_SCAN_ROWS = 30


@dataclass(frozen=True)
class FieldSpec:
    id: str
    name: str
    kind: str  # id / date / dates / number / text
    many: bool
    patterns: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class ListSpec:
    id: str
    name: str
    requires: tuple[str, ...]
    signature: str = ""


@dataclass
class ListMapping:
    """Where the fields of one child-level list are.

    ``columns`` maps a field id to a zero-based column index; ``review_dates`` (the one
    field that may have many columns) maps to a list of indices.
    """

    sheet: str
    header_row: int  # zero-based
    columns: dict[str, int | list[int]]
    list_type: str
    headings: list[str] = field(default_factory=list)
    recognised: bool = True  # False when it came from a mapping file or the dialog

    @property
    def list_name(self) -> str:
        spec = list_specs().get(self.list_type)
        return spec.name if spec else self.list_type

    @property
    def has_plans(self) -> bool:
        return "plan_start" in self.columns

    @property
    def has_s47(self) -> bool:
        return "strategy_date" in self.columns or "icpc_date" in self.columns

    def heading(self, field_id: str) -> str | list[str] | None:
        col = self.columns.get(field_id)
        if col is None:
            return None
        if isinstance(col, list):
            return [self.headings[c] if c < len(self.headings) else "" for c in col]
        return self.headings[col] if col < len(self.headings) else ""

    def to_json(self) -> dict:
        """This mapping as an entry of a mapping file (columns named by heading)."""
        return {"sheet": self.sheet, "header_row": self.header_row + 1, "list_type": self.list_type,
                "columns": {f: self.heading(f) for f in self.columns}}


# --- the specs ---------------------------------------------------------------------

@lru_cache(maxsize=1)
def _spec_data() -> dict:
    return json.loads(resource("records", "columns.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def field_specs() -> dict[str, FieldSpec]:
    out = {}
    for fid, f in _spec_data()["fields"].items():
        pats = tuple(re.compile(rf"^(?:{p})$") for p in f["patterns"])
        out[fid] = FieldSpec(fid, f["name"], f["kind"], bool(f.get("many", False)), pats)
    return out


@lru_cache(maxsize=1)
def list_specs() -> dict[str, ListSpec]:
    return {lid: ListSpec(lid, s["name"], tuple(s["requires"]), s.get("signature", ""))
            for lid, s in _spec_data()["lists"].items()}


_FOOTNOTE = re.compile(r"(\*+|†+|\[(?:note\s*)?\d+\])\s*$")
_PUNCT = re.compile(r"[_\-/\.,:;'\"?!\u2018\u2019\u201c\u201d]+")


def normalise_heading(text: object) -> str:
    if text is None:
        return ""
    s = str(text).replace("\u00a0", " ").strip().lower()
    s = _FOOTNOTE.sub("", s)
    s = _PUNCT.sub(" ", s)
    return " ".join(s.split())


def heading_text(text: object) -> str:
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        return str(int(text))
    return " ".join(str(text).replace("\u00a0", " ").split())


# --- recognition ---------------------------------------------------------------------

def match_columns(headings: list[object]) -> dict[str, int | list[int]]:
    """Assign columns to fields by heading; each column to at most one field."""
    norm = [normalise_heading(h) for h in headings]
    taken: set[int] = set()
    columns: dict[str, int | list[int]] = {}
    for fid, spec in field_specs().items():
        hits = []
        for c, h in enumerate(norm):
            if not h or c in taken:
                continue
            for rank, pat in enumerate(spec.patterns):
                if pat.match(h):
                    hits.append((rank, c))
                    break
        if not hits:
            continue
        if spec.many:
            cols = sorted(c for _, c in hits)
            columns[fid] = cols
            taken.update(cols)
        else:
            _, c = min(hits)
            columns[fid] = c
            taken.add(c)
    return columns


def list_type_of(columns: dict, headings: list[object], sheet_name: str = "") -> str | None:
    norm = {normalise_heading(h) for h in headings}
    for spec in list_specs().values():
        if all(f in columns for f in spec.requires):
            if spec.signature and spec.signature not in norm:
                continue
            return spec.id
    return None


def recognise(sheet, *, max_scan: int = _HEADER_SCAN_ROWS) -> ListMapping | None:
    """Recognise a child-level list in a sheet, or return None.

    Parameters
    ----------
    sheet : SheetData or (name, rows)
        A sheet as read (``rows`` counted from A1).

    The heading row is the row among the first ``max_scan`` that maps the most fields and
    names a list type (it needs a child id and a plan start or strategy discussion date).
    """
    name, rows = _name_rows(sheet)
    best: ListMapping | None = None
    best_score = 0
    for r, row in enumerate(rows[:max_scan]):
        if not row:
            continue
        cols = match_columns(list(row))
        if "child_id" not in cols:
            continue
        lt = list_type_of(cols, list(row), name)
        if lt is None:
            continue
        score = sum(len(v) if isinstance(v, list) else 1 for v in cols.values())
        if score > best_score:
            best_score = score
            best = ListMapping(name, r, cols, lt, [heading_text(h) for h in row])
    return best


def _name_rows(sheet) -> tuple[str, list[list[object]]]:
    if isinstance(sheet, tuple):
        return sheet[0], sheet[1]
    return sheet.name, sheet.rows


# --- mapping files -------------------------------------------------------------------

def load_mapping_file(path) -> list[dict]:
    """Read a mapping file; returns its sheet entries (validated, not yet applied)."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UnreadableFileError(str(path), "the mapping file does not exist.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableFileError(str(path), f"the mapping file is not valid JSON ({exc}).",
                                  "See docs/records.md for the format.") from None
    if isinstance(data, dict) and "columns" in data and "sheets" not in data:
        data = {"sheets": [data]}
    if not isinstance(data, dict) or not isinstance(data.get("sheets"), list):
        raise UnreadableFileError(str(path), "the mapping file needs a list called \"sheets\".",
                                  "See docs/records.md for the format.")
    known = set(field_specs())
    for i, entry in enumerate(data["sheets"], 1):
        cols = entry.get("columns") if isinstance(entry, dict) else None
        if not isinstance(cols, dict) or not cols:
            raise UnreadableFileError(str(path), f"sheet entry {i} has no \"columns\".")
        unknown = sorted(set(cols) - known)
        if unknown:
            raise UnreadableFileError(str(path), f"sheet entry {i} names unknown field(s) {', '.join(unknown)}.",
                                      f"Fields are: {', '.join(sorted(known))}.")
    return data["sheets"]


def apply_mapping_entry(entry: dict, sheet, source: str = "mapping file") -> ListMapping | None:
    """Apply one mapping-file entry to a sheet; None if the sheet is not the one it names.

    Raises CpdeskError when the sheet is named but a heading cannot be found.
    """
    name, rows = _name_rows(sheet)
    want = entry.get("sheet")
    if want not in (None, "", "*") and normalise_heading(want) != normalise_heading(name):
        return None
    wanted = {f: ([normalise_heading(h) for h in v] if isinstance(v, list) else normalise_heading(v))
              for f, v in entry["columns"].items()}
    as_written = {}
    for v in entry["columns"].values():
        for h in (v if isinstance(v, list) else [v]):
            as_written.setdefault(normalise_heading(h), str(h))
    if entry.get("header_row"):
        candidates = [int(entry["header_row"]) - 1]
    else:
        candidates = range(min(len(rows), _HEADER_SCAN_ROWS))
    for r in candidates:
        if r < 0 or r >= len(rows):
            continue
        norm = [normalise_heading(h) for h in rows[r]]
        index = {}
        for c, h in enumerate(norm):
            index.setdefault(h, c)
        cols: dict[str, int | list[int]] = {}
        missing = []
        for f, h in wanted.items():
            if isinstance(h, list):
                found = [index[x] for x in h if x in index]
                missing += [x for x in h if x not in index]
                if found:
                    cols[f] = found
            elif h in index:
                cols[f] = index[h]
            else:
                missing.append(h)
        if not missing:
            if field_specs().get("review_dates") and "review_dates" in cols and not isinstance(cols["review_dates"], list):
                cols["review_dates"] = [cols["review_dates"]]
            lt = entry.get("list_type") or list_type_of(cols, list(rows[r]), name) or "custom"
            return ListMapping(name, r, cols, lt, [heading_text(h) for h in rows[r]], recognised=False)
        if entry.get("header_row") and want not in (None, "", "*"):
            raise CpdeskError(f"{source}: sheet '{name}' row {r + 1} has no column headed "
                              f"{', '.join(repr(as_written.get(m, m)) for m in missing)}.")
    if want not in (None, "", "*"):
        raise CpdeskError(f"{source}: cannot find the mapped headings in sheet '{name}'.")
    return None


def save_mapping_file(path, mappings: list[ListMapping]) -> None:
    """Write mappings as a mapping file the user can edit and pass back with ``--mapping``."""
    payload = {"cpdesk_mapping": MAPPING_VERSION, "sheets": [m.to_json() for m in mappings]}
    with atomic_write(path, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, indent=1, ensure_ascii=False)
        fh.write("\n")


def signature(headings: list[object]) -> str:
    """A key for remembering a mapping: the sheet's normalised headings, in order."""
    return "|".join(normalise_heading(h) for h in headings)


def remember(store_path, mapping: ListMapping) -> None:
    """Keep a user's mapping, keyed by the headings, in a JSON file (the app's settings folder)."""
    p = Path(store_path)
    store = {}
    if p.exists():
        try:
            store = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            store = {}
    store[signature(mapping.headings)] = mapping.to_json()
    with atomic_write(p, "w", encoding="utf-8") as fh:
        json.dump(store, fh, indent=1, ensure_ascii=False)


def recall(store_path, sheet) -> ListMapping | None:
    """A remembered mapping for a sheet whose headings match one seen before."""
    p = Path(store_path)
    if not p.exists():
        return None
    try:
        store = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    name, rows = _name_rows(sheet)
    for r, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        entry = store.get(signature(list(row)))
        if entry:
            entry = {**entry, "sheet": "*", "header_row": r + 1}
            return apply_mapping_entry(entry, (name, rows))
    return None
