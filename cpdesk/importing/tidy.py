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
from cpdesk.importing.workbook import rows_to_frame
from cpdesk.observations import COLUMNS, cell_ref, normalise_frame, source_text
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


def read_tidy(rows: list[list[object]], header_row: int, cols: TidyColumns, catalogue: Catalogue, *,
              file: str, sheet: str, table: str, default_area: str, titles=(),
              percent_cells=frozenset()) -> tuple[pd.DataFrame, list[str]]:
    """Turn the rows below ``header_row`` into an observations frame.

    ``titles`` (the lines above the table) help recognise measure columns; ``percent_cells``
    are the (row, col) the workbook shows as percentages (0.101 shown as 10.1%).
    """
    width = max(len(rows[header_row]), 1)
    body = rows[header_row + 1:]
    warnings: list[str] = []
    if not body:
        return normalise_frame(pd.DataFrame(columns=COLUMNS)), warnings
    frame = rows_to_frame(body, width)
    row_numbers = np.arange(header_row + 1, header_row + 1 + len(frame))
    header = rows[header_row]

    periods = _map_unique(frame[cols.period], lambda v: parse_period(v))
    keep = periods.notna()
    if (~keep).any():
        n_bad = int((~keep & (_text(frame[cols.period]) != "")).sum())
        if n_bad:
            warnings.append(f"{n_bad} row(s) of {sheet} have a period that could not be read; they were left out.")

    area, role = _areas(frame, cols, default_area)

    parts = []
    if cols.measures:
        filters = [mc for mc in cols.measures if _is_filter(frame[mc])]
        measures = [mc for mc in cols.measures if mc not in filters]
        cols.filters = tuple(filters)   # labels, not values: the accounting counts them so
        part_of = _breakdowns(frame, filters)
        # a DfE file's topic ("category": "Section 47s and Initial Child Protection Conferences")
        # is context for its measure columns, as a title would be
        titles = tuple(titles) + _topics(frame, header, cols)
        names = [str(header[mc]).strip() for mc in measures]
        for mc, label in zip(measures, names):
            column, scaled = _percent_scaled(frame[mc], row_numbers, mc, percent_cells)
            # what the column means, from its header, the headers beside it, the titles and its values
            rec = recognise_in_table(catalogue, column_label(label, column, shown_as_percent=scaled),
                                     titles=titles, sheet=sheet, neighbours=names)
            if rec.warning:
                warnings.append(f"'{label}' in {sheet}: {rec.warning}.")
            if part_of is None:
                parts.append(_part(frame, row_numbers, periods, keep, area, role, column, label,
                                   rec.indicator_id, mc, None, None, file, sheet, table))
                continue
            # rows of a breakdown ("Female", "Unborn"): parts of the measure, kept as local indicators
            is_part = part_of != ""
            labels = pd.Series(label, index=frame.index).where(~is_part, label + " — " + part_of)
            ids = pd.Series(rec.indicator_id, index=frame.index, dtype=object).where(~is_part, None)
            parts.append(_part(frame, row_numbers, periods, keep, area, role, column, labels, ids, mc, None, None,
                               file, sheet, table))
    else:
        labels = frame[cols.indicator] if cols.indicator is not None else frame[cols.indicator_code]
        codes = frame[cols.indicator_code] if cols.indicator_code is not None else labels

        code_text, lab_text = _text(codes), _text(labels)

        def ind_for(key):
            code, lab = key.split("\x1f", 1)
            if code:
                ind = catalogue.by_code(code)
                if ind:
                    return ind.id
            m = catalogue.match(lab) if lab else None
            return m.indicator_id if m else None

        ind_ids = _map_unique(code_text + "\x1f" + lab_text, ind_for)
        # LAIT leaves "Data item" blank on many rows; the measure code names them then.
        label_text = lab_text.where(lab_text != "", code_text)
        parts.append(_part(frame, row_numbers, periods, keep, area, role, frame[cols.value], label_text, ind_ids,
                           cols.value, cols.numerator, cols.denominator, file, sheet, table))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    return normalise_frame(out), warnings


_TOPIC = re.compile(r"^(?:category|topic|theme|subject|table|measure[ _]group|data[ _]set|dataset)$", re.I)


def _topics(frame: pd.DataFrame, header, cols: TidyColumns) -> tuple[str, ...]:
    """The text of a column that says what the whole file is about ("category") when it is
    the same in every row."""
    out = []
    for i, name in enumerate(header):
        if isinstance(name, str) and _TOPIC.match(name.strip()) and i not in cols.measures and i < frame.shape[1]:
            values = _text(frame[i]).unique()
            values = [v for v in values if v]
            if len(values) == 1:
                out.append(values[0])
    return tuple(out)


def _is_filter(column: pd.Series) -> bool:
    """A column that sorts the rows (a DfE file's "characteristic", "sen", "age_group"): text that
    is not a figure in most of its cells, and not the same in every row."""
    sample = column.iloc[:200]
    texts = [v for v in sample if isinstance(v, str) and v.strip()]
    if not texts or len(texts) * 2 < len(sample):
        return False
    figures = sum(1 for v in texts if parse_value(v).flag in (None, "c", "x", "z", "u", "k", "low"))
    return figures * 2 < len(texts) and column.nunique(dropna=True) > 1


def _breakdowns(frame: pd.DataFrame, filters: list[int]) -> pd.Series | None:
    """What part of each row's figures a breakdown column names ("Female", "Unborn"), "" for the
    rows that are the whole (every filter a total such as "Total", "All", or a breakdown's own
    name such as "Gender"). None when the table has no breakdown columns."""
    if not filters:
        return None
    from cpdesk.breakdowns import header_dimension, is_total

    out = pd.Series("", index=frame.index, dtype=object)
    for fc in filters:
        text = _text(frame[fc])
        part = _map_unique(text, lambda v: "" if not v or is_total(v) or header_dimension(v) else v)
        joined = out.where(out == "", out + " — ") + part
        out = out.where((part == "") | (out == part), joined.where(part != "", out))
    return out


def _percent_scaled(column: pd.Series, row_numbers: np.ndarray, col: int, percent_cells) -> tuple[pd.Series, bool]:
    """The column with the numbers the workbook shows as percentages scaled to points (0.101 -> 10.1),
    and whether it had any."""
    if not percent_cells:
        return column, False
    at = [i for i, r in enumerate(row_numbers) if (int(r), col) in percent_cells]
    if not at:
        return column, False
    out = column.copy()
    for i in at:
        v = out.iat[i]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out.iat[i] = round(float(v) * 100, 10)
    return out, True


def _text(series: pd.Series) -> pd.Series:
    """Cells as stripped text, blanks as "" (vectorised: the national files have 100,000+ rows)."""
    s = series.astype(object)
    missing = s.isna().to_numpy()
    out = s.where(~missing, "").astype(str).str.strip()
    return out.where(~missing, "")


def _map_unique(series: pd.Series, fn) -> pd.Series:
    """Apply ``fn`` once per distinct value (the national files repeat a few values 100,000 times)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    mapped = np.empty(len(uniques), dtype=object)
    for i, v in enumerate(uniques):
        try:
            mapped[i] = fn(v)
        except TypeError:
            mapped[i] = None
    return pd.Series(mapped[codes] if len(mapped) else np.empty(0, dtype=object), index=series.index)


def _areas(frame: pd.DataFrame, cols: TidyColumns, default_area: str) -> tuple[pd.Series, pd.Series]:
    n = len(frame)
    if cols.geo_level is not None:
        level = frame[cols.geo_level].astype(str).str.lower()
        la = frame[cols.area] if cols.area is not None else pd.Series([""] * n)
        region = frame[cols.region_name] if cols.region_name is not None else pd.Series([""] * n)
        area = np.where(level.str.startswith("national"), "England",
                        np.where(level.str.startswith("regional"), region.astype(str), la.astype(str)))
        role = np.where(level.str.startswith("national"), "england",
                        np.where(level.str.startswith("regional"), "region", "la"))
        return pd.Series(area, index=frame.index).str.strip(), pd.Series(role, index=frame.index)
    if cols.area is None:
        return pd.Series([default_area] * n, index=frame.index), pd.Series(["la"] * n, index=frame.index)
    text = _text(frame[cols.area])
    names = text.where(text != "", default_area)
    roles = _map_unique(names, lambda v: classify_area(v) or "district")
    return names, roles


def _part(frame, row_numbers, periods, keep, area, role, values, label, ind_ids, value_col, num_col, den_col,
          file, sheet, table) -> pd.DataFrame:
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    parsed_u = [parse_value(v) for v in uniques]
    present_u = np.array([pv.value is not None or pv.flag not in (None, "text") for pv in parsed_u], dtype=bool)
    mask = keep.to_numpy() & present_u[codes] if len(parsed_u) else np.zeros(len(frame), dtype=bool)
    if not mask.any():
        return pd.DataFrame(columns=COLUMNS)
    vcodes = codes[mask]
    pcodes, puniq = pd.factorize(periods[mask])
    out = pd.DataFrame({
        "indicator": ind_ids[mask].to_numpy() if isinstance(ind_ids, pd.Series) else ind_ids,
        "label": label[mask].to_numpy() if isinstance(label, pd.Series) else label,
        "area": area[mask].to_numpy(),
        "area_role": role[mask].to_numpy(),
        "period": np.array([canonical_label(p) for p in puniq], dtype=object)[pcodes],
        "period_label": np.array([p.label for p in puniq], dtype=object)[pcodes],
        "period_start": np.array([p.start for p in puniq], dtype=object)[pcodes],
        "period_end": np.array([p.end for p in puniq], dtype=object)[pcodes],
        "period_kind": np.array([p.kind for p in puniq], dtype=object)[pcodes],
        "partial": np.array([p.partial for p in puniq], dtype=bool)[pcodes],
        "value": np.array([np.nan if pv.value is None else pv.value for pv in parsed_u], dtype=float)[vcodes],
        "flag": np.array([pv.flag for pv in parsed_u], dtype=object)[vcodes],
        "note": np.array([pv.note for pv in parsed_u], dtype=object)[vcodes],
    })
    out["numerator"] = _numbers(frame[num_col][mask]) if num_col is not None else np.nan
    out["denominator"] = _numbers(frame[den_col][mask]) if den_col is not None else np.nan
    letters = cell_ref(0, value_col)[:-1]
    refs = letters + pd.Series(row_numbers[mask] + 1).astype(str)
    out["cell"] = refs.to_numpy()
    out["file"] = file
    out["sheet"] = sheet
    out["table"] = table
    out["source"] = (source_text(file, sheet, "") + " › " + refs).to_numpy()
    return out


def _numbers(series: pd.Series) -> np.ndarray:
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    vals = np.array([np.nan if (v := parse_value(u).value) is None else v for u in uniques], dtype=float)
    return vals[codes] if len(vals) else np.full(len(series), np.nan)
