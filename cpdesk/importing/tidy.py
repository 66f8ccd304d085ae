"""Tidy tables: one row per value (or per area and period, with a column per measure).

Recognised by their header row: a period column ("Years", "time_period", "Quarter"), an
area column ("LA and Regions", "la_name", "Area") and/or an indicator column ("Short
Desc", "Indicator", "Measure"), and value columns ("Values", or measure names such as
``CPP_subsequent_percent``). Handled with pandas, column by column, so the national files
(100,000+ rows) read in well under a second.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cpdesk.areas import classify_area
from cpdesk.catalogue import Catalogue
from cpdesk.importing.workbook import rows_to_columns
from cpdesk.object_codes import factorize_objects
from cpdesk.observations import COLUMNS, SEP, cell_ref, normalise_frame, source_text
from cpdesk.periods import canonical_label, parse_period
from cpdesk.recognition.tables import column_label, recognise_in_table
from cpdesk.values import is_blank, parse_value

_PERIOD = re.compile(r"^(time[ _]?period|period|years?|financial[ _]year|quarter|month|date|reporting[ _](year|period)|snapshot)$", re.I)
_AREA = re.compile(r"^(la[ _]and[ _]regions|la[ _]?name|local[ _]authority|authority|area|area[ _]name|geography|la|district|locality|team)$", re.I)
_INDICATOR_CODE = re.compile(r"^(short[ _]desc|measure[ _]short|measure[ _]code|indicator[ _]?(id|code)|code)$", re.I)
_INDICATOR = re.compile(r"^(indicator|measure|data[ _]item|kpi|description|indicator[ _]name|measure[ _]name|metric)$", re.I)
_VALUE = re.compile(r"^(values?|figure|result|actual|data|amount)$", re.I)
_NUMERATOR = re.compile(r"^(numerator|count|number)$", re.I)
_DENOMINATOR = re.compile(r"^(denominator|total|base)$", re.I)
_IGNORE = re.compile(r"^(time[ _]identifier|geographic[ _]level|country[ _]code|country[ _]name|region[ _]code|region[ _]name|"
                     r"old[ _]la[ _]code|new[ _]la[ _]code|la[ _]number|region|category|la[ _]code|notes?|comments?)$", re.I)


@dataclass
class TidyColumns:
    period: int
    area: int | None
    indicator: int | None
    indicator_code: int | None
    value: int | None
    numerator: int | None
    denominator: int | None
    measures: list[int]  # wide measure columns, when there is no single value column
    geo_level: int | None
    region_name: int | None
    country_name: int | None
    #: columns that sort the rows into parts ("characteristic": Female, Male ...), found when read
    filters: tuple[int, ...] = ()


def recognise_tidy(header: list[object], catalogue: Catalogue) -> TidyColumns | None:
    """Return the column roles if ``header`` is the header row of a tidy table."""
    names = [str(h).strip().lstrip("\ufeff") if not is_blank(h) else "" for h in header]

    def find(pattern):
        return next((i for i, n in enumerate(names) if n and pattern.match(n)), None)

    period = find(_PERIOD)
    if period is None:
        return None
    area = find(_AREA)
    indicator_code = find(_INDICATOR_CODE)
    indicator = find(_INDICATOR)
    value = find(_VALUE)
    geo = next((i for i, n in enumerate(names) if n.lower() == "geographic_level"), None)
    region_name = next((i for i, n in enumerate(names) if n.lower() == "region_name"), None)
    country_name = next((i for i, n in enumerate(names) if n.lower() == "country_name"), None)
    taken = {i for i in (period, area, indicator_code, indicator, value, geo, region_name, country_name) if i is not None}
    measures = []
    if value is None:
        others = [i for i, n in enumerate(names) if i not in taken and n and not _IGNORE.match(n)]
        if not any(catalogue.match(names[i]) is not None for i in others):
            return None
        # Every other column is a measure; the unmatched ones become local indicators.
        measures = others
    elif indicator is None and indicator_code is None:
        return None
    if area is None and indicator is None and indicator_code is None and not measures:
        return None
    numerator = find(_NUMERATOR) if value is not None else None
    denominator = find(_DENOMINATOR) if value is not None else None
    return TidyColumns(period, area, indicator, indicator_code, value, numerator, denominator, measures, geo,
                       region_name, country_name)


@dataclass
class TidyRead:
    """What :func:`read_tidy` saw, for the cell accounting: the body's first sheet row, its
    value columns, each column's filled cells and the rows read from it, and which rows
    have a period that could be read."""

    first: int
    columns: "_Columns"
    value_cols: list[int]
    read_rows: dict[int, np.ndarray]
    period_ok: np.ndarray


def read_tidy(rows: list[list[object]], header_row: int, cols: TidyColumns, catalogue: Catalogue, *,
              file: str, sheet: str, table: str, default_area: str, titles=(),
              percent_cells=frozenset(), seen: list | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Turn the rows below ``header_row`` into an observations frame.

    ``titles`` (the lines above the table) help recognise measure columns; ``percent_cells``
    are the (row, col) the workbook shows as percentages (0.101 shown as 10.1%). When
    ``seen`` is a list, a :class:`TidyRead` is appended to it.

    Each column is read once as codes into its distinct cells: a period, an area or a label
    written 100,000 times is read once, and no Python runs per row.
    """
    width = max(len(rows[header_row]), 1)
    body = rows[header_row + 1:]
    warnings: list[str] = []
    if not len(body):
        return normalise_frame(pd.DataFrame(columns=COLUMNS)), warnings
    columns = _Columns(body, width)
    first = header_row + 1
    header = rows[header_row]

    period = columns.coded(cols.period)
    parsed = [_or_none(parse_period, u) for u in period.uniques]
    keep = period.take(np.array([p is not None for p in parsed], dtype=bool))
    if not keep.all():
        blank = period.take(np.array([_text_of(u) == "" for u in period.uniques], dtype=bool))
        n_bad = int((~keep & ~blank).sum())
        if n_bad:
            warnings.append(f"{n_bad} row(s) of {sheet} have a period that could not be read; they were left out.")

    area, role = _areas(columns, cols, default_area)

    parts = []
    value_cols: list[int] = []
    read_rows: dict[int, np.ndarray] = {}
    if cols.measures:
        filters = [mc for mc in cols.measures if _is_filter(columns, mc)]
        measures = [mc for mc in cols.measures if mc not in filters]
        cols.filters = tuple(filters)   # labels, not values: the accounting counts them so
        part_of = _breakdowns(columns, filters)
        # a DfE file's topic ("category": "Section 47s and Initial Child Protection Conferences")
        # is context for its measure columns, as a title would be
        titles = tuple(titles) + _topics(columns, header, cols)
        names = [str(header[mc]).strip() for mc in measures]
        for mc, label in zip(measures, names):
            values, scaled = _percent_scaled(columns, first, mc, percent_cells)
            # what the column means, from its header, the headers beside it, the titles and its values
            rec = recognise_in_table(catalogue, column_label(label, values.uniques, shown_as_percent=scaled),
                                     titles=titles, sheet=sheet, neighbours=names)
            if rec.warning:
                warnings.append(f"'{label}' in {sheet}: {rec.warning}.")
            if part_of is None:
                labels = _Texts(np.zeros(columns.n, dtype=np.intp), [label])
                ids = _Texts(np.zeros(columns.n, dtype=np.intp), [rec.indicator_id])
            else:
                # rows of a breakdown ("Female", "Unborn"): parts of the measure, kept as local indicators
                which, texts = part_of
                labels = _Texts(which, [label if not t else label + " — " + t for t in texts])
                ids = _Texts(which, [rec.indicator_id if not t else None for t in texts])
            part = _part(columns, keep, values, labels, ids, mc, None, None)
            value_cols.append(mc)
            if part is not None:
                parts.append(part)
                read_rows[mc] = part.rows
    else:
        lab_col = cols.indicator if cols.indicator is not None else cols.indicator_code
        code_col = cols.indicator_code if cols.indicator_code is not None else lab_col
        which, pairs = _pairs(columns, code_col, lab_col)

        def ind_for(code, lab):
            if code:
                ind = catalogue.by_code(code)
                if ind:
                    return ind.id
            m = catalogue.match(lab) if lab else None
            return m.indicator_id if m else None

        ids = _Texts(which, [_or_none(ind_for, code, lab) for code, lab in pairs])
        # LAIT leaves "Data item" blank on many rows; the measure code names them then.
        labels = _Texts(which, [lab if lab != "" else code for code, lab in pairs])
        part = _part(columns, keep, columns.coded(cols.value), labels, ids, cols.value, cols.numerator,
                     cols.denominator)
        value_cols.append(cols.value)
        if part is not None:
            parts.append(part)
            read_rows[cols.value] = part.rows
    if seen is not None:
        seen.append(TidyRead(first, columns, value_cols, read_rows, keep))
    return _frame(parts, period, parsed, area, role, first, file, sheet, table), warnings


class _Coded:
    """A column as codes into its distinct cells, first seen first (missing cells are one
    distinct cell, NaN)."""

    def __init__(self, values: np.ndarray):
        # Without missing cells (calamine gives "" for blanks) the codes are those of the
        # factorisation that keeps them, which looks for every kind of missing value first.
        factorize = factorize_objects if _shares_objects(values) else pd.factorize
        codes, uniques = factorize(values)
        if len(codes) and codes.min() < 0:
            codes, uniques = factorize(values, use_na_sentinel=False)
        self.codes = codes
        self.uniques = list(uniques)

    def take(self, per_unique: np.ndarray) -> np.ndarray:
        """One value per row from one per distinct cell."""
        return per_unique[self.codes] if len(per_unique) else np.empty(0, dtype=per_unique.dtype)


def _shares_objects(values: np.ndarray, sample: int = 2000) -> bool:
    """Whether a column's rows share their text objects (pandas' CSV parser makes each distinct
    text of a chunk once), so coding them by object is quicker; calamine makes one per cell."""
    if values.dtype != object:
        return False
    head = values[:sample]
    return len(set(map(id, head))) * 2 < len(head)


class _Columns:
    """The body of a tidy list, column by column, each column factorised once when first asked for."""

    def __init__(self, body, width: int):
        self.raw = rows_to_columns(body, width)
        self.n = len(body)
        self._coded: dict[int, _Coded] = {}

    def coded(self, c: int) -> _Coded:
        if c not in self._coded:
            self._coded[c] = _Coded(self.raw[c])
        return self._coded[c]

    def texts(self, c: int) -> tuple[np.ndarray, list[str]]:
        """Column ``c`` as stripped text, blanks as "": (codes, text of each distinct cell)."""
        coded = self.coded(c)
        return coded.codes, [_text_of(u) for u in coded.uniques]

    def texts_at(self, c: int, rows: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """As :meth:`texts`, for the rows where ``rows`` (a mask) is true: only those are coded
        when they are few and the column has not been coded yet (a national file's regions
        are named in its few regional rows)."""
        if c in self._coded or 2 * int(rows.sum()) >= self.n:
            codes, texts = self.texts(c)
            return codes[rows], texts
        coded = _Coded(self.raw[c][rows])
        return coded.codes, [_text_of(u) for u in coded.uniques]


class _Texts:
    """One value per row as codes into a short list of values."""

    def __init__(self, which: np.ndarray, values: list):
        self.which, self.values = which, values

    def at(self, rows: np.ndarray) -> np.ndarray:
        table = np.empty(len(self.values), dtype=object)
        table[:] = self.values
        return table[self.which[rows]]

    def text_at(self, rows: np.ndarray):
        """As :meth:`at`, as a text array (each distinct value checked once, not once per row)."""
        if any(not isinstance(v, str) for v in self.values):
            return self.at(rows)
        return pd.array(list(self.values) or [""], dtype="str").take(self.which[rows])


def _or_none(fn, *args):
    try:
        return fn(*args)
    except TypeError:
        return None


def _text_of(v) -> str:
    """A cell as stripped text, a missing cell as ""."""
    if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
        return ""
    return str(v).strip()


def _pairs(columns: _Columns, code_col: int, lab_col: int) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Each row's (code text, label text) as codes into the distinct pairs."""
    lab_codes, lab_text = columns.texts(lab_col)
    if code_col == lab_col:
        which, keys = pd.factorize(lab_codes)
        return which, [(lab_text[k], lab_text[k]) for k in keys]
    code_codes, code_text = columns.texts(code_col)
    key = code_codes.astype(np.int64) * max(len(lab_text), 1) + lab_codes
    which, keys = pd.factorize(key)
    n = max(len(lab_text), 1)
    return which, [(code_text[k // n], lab_text[k % n]) for k in keys]


_TOPIC_SAMPLE = 200
_TOPIC = re.compile(r"^(?:category|topic|theme|subject|table|measure[ _]group|data[ _]set|dataset)$", re.I)


def _topics(columns: _Columns, header, cols: TidyColumns) -> tuple[str, ...]:
    """The text of a column that says what the whole file is about ("category") when it is
    the same in every row."""
    out = []
    for i, name in enumerate(header):
        if isinstance(name, str) and _TOPIC.match(name.strip()) and i not in cols.measures and i < len(columns.raw):
            if len({_text_of(v) for v in columns.raw[i][:_TOPIC_SAMPLE]} - {""}) > 1:
                continue          # two texts in its first rows: not one topic (the column is not coded for that)
            values = [v for v in dict.fromkeys(columns.texts(i)[1]) if v]
            if len(values) == 1:
                out.append(values[0])
    return tuple(out)


def _is_filter(columns: _Columns, c: int) -> bool:
    """A column that sorts the rows (a DfE file's "characteristic", "sen", "age_group"): text that
    is not a figure in most of its cells, and not the same in every row."""
    sample = columns.raw[c][:200]
    texts = [v for v in sample if isinstance(v, str) and v.strip()]
    if not texts or len(texts) * 2 < len(sample):
        return False
    figures = sum(1 for v in texts if parse_value(v).flag in (None, "c", "x", "z", "u", "k", "low"))
    return figures * 2 < len(texts) and sum(1 for u in columns.coded(c).uniques if not pd.isna(u)) > 1


def _breakdowns(columns: _Columns, filters: list[int]) -> tuple[np.ndarray, list[str]] | None:
    """What part of each row's figures a breakdown column names ("Female", "Unborn"), "" for the
    rows that are the whole (every filter a total such as "Total", "All", or a breakdown's own
    name such as "Gender"), as codes into the distinct parts. None when the table has no
    breakdown columns."""
    if not filters:
        return None
    from cpdesk.breakdowns import header_dimension, is_total

    key = np.zeros(columns.n, dtype=np.int64)
    parts_of = []
    for fc in filters:
        codes, texts = columns.texts(fc)
        parts_of.append([_or_none(lambda v: "" if not v or is_total(v) or header_dimension(v) else v, t) for t in texts])
        key, _ = pd.factorize(key * max(len(texts), 1) + codes)
        key = key.astype(np.int64)
    # each distinct combination of the filters' cells, read once
    which, first_rows = np.unique(key, return_index=True)
    del which
    combos = [[columns.coded(fc).codes[r] for fc in filters] for r in first_rows.tolist()]
    texts = []
    for combo in combos:
        out = ""
        for part_of, code in zip(parts_of, combo):
            part = part_of[code] or ""
            if part != "" and out != part:
                out = (out + " — " if out != "" else "") + part
        texts.append(out)
    return key, texts


def _percent_scaled(columns: _Columns, first: int, col: int, percent_cells) -> tuple[_Coded, bool]:
    """The column with the numbers the workbook shows as percentages scaled to points (0.101 -> 10.1),
    and whether it had any."""
    if not percent_cells:
        return columns.coded(col), False
    n = columns.n
    at = sorted(r - first for r, c in percent_cells if c == col and first <= r < first + n)
    if not at:
        return columns.coded(col), False
    out = columns.raw[col].copy()
    for i in at:
        v = out[i]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out[i] = round(float(v) * 100, 10)
    return _Coded(out), True


def _areas(columns: _Columns, cols: TidyColumns, default_area: str) -> tuple[_Texts, _Texts]:
    n = columns.n
    if cols.geo_level is not None:
        level = columns.coded(cols.geo_level)
        lower = ["" if pd.isna(u) else str(u).lower() for u in level.uniques]
        kind = level.take(np.array([0 if t.startswith("national") else 1 if t.startswith("regional") else 2
                                    for t in lower], dtype=np.intp))
        names = ["England"]
        which = np.zeros(n, dtype=np.intp)
        for k, col in ((1, cols.region_name), (2, cols.area)):
            rows = kind == k
            if col is None:
                which[rows] = len(names)
                names.append("")
                continue
            codes, texts = columns.texts_at(col, rows)
            which[rows] = codes + len(names)
            names.extend(texts)
        return _Texts(which, names), _Texts(kind, ["england", "region", "la"])
    if cols.area is None:
        zeros = np.zeros(n, dtype=np.intp)
        return _Texts(zeros, [default_area]), _Texts(zeros, ["la"])
    codes, texts = columns.texts(cols.area)
    names = [t if t != "" else default_area for t in texts]
    roles = [_or_none(lambda v: classify_area(v) or "district", name) for name in names]
    return _Texts(codes, names), _Texts(codes, roles)


class _Part:
    """The observations one value column gives: the body rows read and what each holds."""

    def __init__(self, rows, value, flag, note, labels, ids, value_col, numerator, denominator):
        self.rows, self.value, self.flag, self.note = rows, value, flag, note
        self.labels, self.ids, self.value_col = labels, ids, value_col
        self.numerator, self.denominator = numerator, denominator


def _part(columns: _Columns, keep: np.ndarray, values: _Coded, labels: _Texts, ids: _Texts, value_col: int,
          num_col, den_col) -> _Part | None:
    parsed_u = [parse_value(v) for v in values.uniques]
    present_u = np.array([pv.value is not None or pv.flag not in (None, "text") for pv in parsed_u], dtype=bool)
    mask = keep & values.take(present_u)
    rows = np.flatnonzero(mask)
    if not len(rows):
        return None
    vcodes = values.codes[rows]
    value = np.array([np.nan if pv.value is None else pv.value for pv in parsed_u], dtype=float)[vcodes]
    flag = np.array([pv.flag for pv in parsed_u] + [None], dtype=object)[:-1][vcodes]
    numerator = _numbers(columns.coded(num_col))[rows] if num_col is not None else None
    denominator = _numbers(columns.coded(den_col))[rows] if den_col is not None else None
    notes = _Texts(vcodes, [pv.note for pv in parsed_u])
    return _Part(rows, value, flag, notes, _Texts(labels.which[rows], labels.values), ids.at(rows), value_col,
                 numerator, denominator)


def _frame(parts: list[_Part], period: _Coded, parsed, area: _Texts, role: _Texts, first: int, file: str,
           sheet: str, table: str) -> pd.DataFrame:
    """Every part's observations in one canonical frame (:func:`normalise_frame`), its text
    columns taken from their distinct values, so that each distinct text is checked once."""
    if not parts:
        return normalise_frame(pd.DataFrame(columns=COLUMNS))
    rows = np.concatenate([p.rows for p in parts])
    everywhere = np.arange(len(rows))
    pcodes = period.codes[rows]

    def per_period(fn):
        return _Texts(pcodes, [fn(p) if p is not None else "" for p in parsed])

    def dates(fn):
        known = pd.to_datetime(pd.Series([fn(p) if p is not None else None for p in parsed], dtype=object),
                               errors="coerce")
        return known.take(pcodes).reset_index(drop=True)

    def constant(text):
        return _Texts(np.zeros(len(rows), dtype=np.intp), [text])

    def objects(arrays):
        return pd.Series(_objects(arrays), dtype=object)

    cells = _cells(parts, first)
    texts = {
        "label": _joined([p.labels for p in parts]),
        "area": _Texts(area.which[rows], area.values),
        "area_role": _Texts(role.which[rows], role.values),
        "period": per_period(canonical_label),
        "period_label": per_period(lambda p: p.label),
        "period_kind": per_period(lambda p: p.kind),
        "note": _joined([p.note for p in parts]),
        "file": constant(file),
        "sheet": constant(sheet),
        "table": constant(table),
    }
    canonical = all(isinstance(v, str) for t in texts.values() for v in t.values)
    out = pd.DataFrame({
        "indicator": objects([p.ids for p in parts]),
        **{k: t.text_at(everywhere) for k, t in texts.items() if k in ("label", "area", "area_role", "period",
                                                                        "period_label")},
        "period_start": dates(lambda p: p.start),
        "period_end": dates(lambda p: p.end),
        "period_kind": texts["period_kind"].text_at(everywhere),
        "partial": np.array([bool(p is not None and p.partial) for p in parsed], dtype=bool)[pcodes],
        "value": np.concatenate([p.value for p in parts]),
        "numerator": np.concatenate([p.numerator if p.numerator is not None else np.full(len(p.rows), np.nan)
                                     for p in parts]),
        "denominator": np.concatenate([p.denominator if p.denominator is not None
                                       else np.full(len(p.rows), np.nan) for p in parts]),
        "flag": objects([p.flag for p in parts]),
        "note": texts["note"].text_at(everywhere),
        "source_prefix": constant(source_text(file, sheet, "") + SEP).text_at(everywhere),
        "file": texts["file"].text_at(everywhere),
        "sheet": texts["sheet"].text_at(everywhere),
        "cell": pd.array(cells, dtype="str"),
        "table": texts["table"].text_at(everywhere),
    }, columns=COLUMNS, copy=False)
    return out if canonical else normalise_frame(out)


def _cells(parts: list[_Part], first: int) -> np.ndarray:
    """Each observation's cell reference ("K2"), as an array of text.

    Made a column at a time: the row numbers as text once for the parts that read the same
    rows (every measure column of a full list), then the column's letters put before each.
    (The sources are not made: the rows share one ``source_prefix``, "file › ".)
    """
    numbers: list[tuple[np.ndarray, np.ndarray]] = []   # (rows, their row numbers as text)
    cells = []
    for p in parts:
        texts = next((t for rows, t in numbers if np.array_equal(rows, p.rows)), None)
        if texts is None:
            texts = np.array(list(map(str, (p.rows + first + 1).tolist())), dtype=object)
            numbers.append((p.rows, texts))
        letters = cell_ref(0, p.value_col)[:-1]
        cells.append(letters + texts)
    return _objects(cells)


def _joined(texts: list[_Texts]) -> _Texts:
    """Several parts' texts, one after the other, as one."""
    which, values = [], []
    for t in texts:
        which.append(t.which + len(values))
        values.extend(t.values)
    return _Texts(np.concatenate(which), values)


def _objects(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(arrays) if len(arrays) != 1 else arrays[0]


def _numbers(coded: _Coded) -> np.ndarray:
    vals = np.array([np.nan if (v := parse_value(u).value) is None else v for u in coded.uniques], dtype=float)
    return coded.take(vals) if len(vals) else np.full(len(coded.codes), np.nan)
