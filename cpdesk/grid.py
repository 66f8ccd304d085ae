"""The indicator grid: indicators down (grouped), periods across, then comparator columns.

Qt-free. :func:`build_grid` turns an observations frame into a :class:`Grid` whose cells
already carry their text, judgement, colours, tooltip and provenance, so a view only has
to show them.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cpdesk.catalogue import Catalogue, Indicator, default_catalogue
from cpdesk.grid_types import Grid, GridCell, GridColumn, GridRow
from cpdesk.judgements import direction, small_numbers, vs_comparator, vs_target, wilson_interval
from cpdesk.periods import fy_label
from cpdesk.presentation import defaults, direction_style, flag_text, format_value, palette, state_style
from cpdesk.values import as_number
from cpdesk.vocabulary import COMPARATOR_NAMES, GRANULARITIES, NATIONAL_TABLE, label_of_key, row_keys

ROLE_COMPARATORS = tuple(COMPARATOR_NAMES)
UNRECOGNISED_GROUP = ("unrecognised", "Not recognised (map these in Sources)")


@dataclass
class GridOptions:
    """What the grid shows. ``comparator`` is a role (england, neighbours, region, target) or an area name."""

    area: str | None = None
    comparator: str = "england"
    granularity: str = "auto"
    latest_n: int | None = None
    targets: dict[str, float] = field(default_factory=dict)
    small_threshold: int | None = None
    fallback_years: int | None = None


# --- bucketing periods into grid columns ---------------------------------------------

def bucket(obs: pd.DataFrame, granularity: str) -> tuple[np.ndarray, np.ndarray]:
    """Which grid column each observation falls in: (ok mask, column end as datetime64[D]).

    Years take financial years and snapshots at 31 March; quarters take quarters and
    quarter-end snapshots; months take months and month-end snapshots. Partial periods
    (year to date) never share a column with whole ones.
    """
    kind = obs["period_kind"].to_numpy(dtype=object)
    end = obs["period_end"].to_numpy(dtype="datetime64[D]")
    partial = obs["partial"].to_numpy(dtype=bool)
    valid = ~np.isnat(end)
    month = (end.astype("datetime64[M]").astype(np.int64) % 12) + 1
    next_day = end + np.timedelta64(1, "D")
    month_end = valid & (next_day.astype("datetime64[M]") != end.astype("datetime64[M]"))
    snap = kind == "snapshot"
    if granularity == "years":
        ok = (kind == "year") | (snap & month_end & (month == 3))
    elif granularity == "quarters":
        ok = (kind == "quarter") | (snap & month_end & np.isin(month, (3, 6, 9, 12)))
    elif granularity == "months":
        ok = (kind == "month") | (snap & month_end)
    else:
        raise ValueError(f"granularity must be one of {GRANULARITIES}")
    return ok & valid & ~partial, end


def column_label(end: pd.Timestamp, granularity: str) -> str:
    if granularity == "years":
        return fy_label(end.year + 1 if end.month >= 4 else end.year)
    if granularity == "quarters":
        q = {6: 1, 9: 2, 12: 3, 3: 4}.get(end.month, 0)
        return f"Q{q} {fy_label(end.year + 1 if end.month >= 4 else end.year)}"
    return end.strftime("%b %Y")


def choose_granularity(obs: pd.DataFrame, area: str | None) -> str:
    """The granularity with most local values; the user's own files count before built-in figures."""
    local = obs[(obs["area"] == area) & obs["value"].notna()] if area else obs.iloc[0:0]
    own = local[local["table"] != NATIONAL_TABLE]
    pool = own if len(own) else local
    best, best_n = "years", 0
    for g in ("years", "quarters", "months"):
        n = int(bucket(pool, g)[0].sum()) if len(pool) else 0
        if n > best_n:
            best, best_n = g, n
    return best


# --- building -----------------------------------------------------------------------

def _dedupe(df: pd.DataFrame, ends: np.ndarray) -> pd.DataFrame:
    """One observation per (row key, column): the user's files first, then values before flags."""
    d = df.assign(_key=row_keys(df), _end=ends,
                  _builtin=(df["table"] == NATIONAL_TABLE).to_numpy(),
                  _novalue=df["value"].isna().to_numpy(), _order=np.arange(len(df)))
    d = d.sort_values(["_builtin", "_novalue", "_order"], kind="stable")
    first = d.drop_duplicates(["_key", "_end"], keep="first")
    return _note_national_differences(first, d)


def _note_national_differences(kept: pd.DataFrame, all_rows: pd.DataFrame) -> pd.DataFrame:
    """Where the user's own figure is shown and the built-in national one differs, say so.

    Neither is silently preferred: the cell keeps the user's figure, is marked "≠", and its
    note names the national figure and its source (both rows stay in the raw data).
    """
    national = all_rows[all_rows["_builtin"] & all_rows["value"].notna()].drop_duplicates(["_key", "_end"])
    own = kept[~kept["_builtin"] & kept["value"].notna()]
    kept = kept.assign(_differs=False)
    if national.empty or own.empty:
        return kept
    pairs = own[["_key", "_end", "value"]].reset_index().merge(
        national[["_key", "_end", "value", "source"]], on=["_key", "_end"], suffixes=("", "_national"))
    # Published figures are rounded to one decimal place: closer than that is the same figure.
    pairs = pairs[(pairs["value"] - pairs["value_national"]).abs() > 0.05 + 1e-9]
    for idx, nat_value, nat_source in zip(pairs["index"], pairs["value_national"], pairs["source"]):
        note = f"Differs from the national figure {nat_value:g} ({nat_source})."
        old = kept.at[idx, "note"]
        kept.at[idx, "note"] = f"{old} {note}".strip() if old else note
        kept.at[idx, "_differs"] = True
    return kept


class _Series:
    """Comparator values of one area or role, looked up by (row key, column end) with fallbacks."""

    def __init__(self, rows: pd.DataFrame, granularity: str, fallback_years: int):
        self.exact: dict[tuple[str, np.datetime64], tuple] = {}
        self.annual: dict[str, tuple[list, list]] = {}
        self.fallback = np.timedelta64(int(366 * fallback_years), "D")
        if not len(rows):
            return
        ok, ends = bucket(rows, granularity)
        sub = _dedupe(rows[ok], ends[ok])
        for key, end, value, label, source in zip(sub["_key"], sub["_end"], sub["value"], sub["period"], sub["source"]):
            self.exact[(key, end)] = (as_number(value), label, source)
        if granularity != "years":
            ok_y, ends_y = bucket(rows, "years")
            sub = _dedupe(rows[ok_y], ends_y[ok_y]).sort_values("_end")
            for key, end, value, label, source in zip(sub["_key"], sub["_end"], sub["value"], sub["period"], sub["source"]):
                if as_number(value) is None:
                    continue
                ends_list, vals = self.annual.setdefault(key, ([], []))
                ends_list.append(end)
                vals.append((as_number(value), label, source))

    def at(self, key: str, end: np.datetime64) -> tuple[float | None, str, str]:
        """(value, period label, source) for the column ending ``end``.

        Falls back to the financial year containing it, then to the latest year before it
        (national figures are published a year after the local ones).
        """
        hit = self.exact.get((key, end))
        if hit and hit[0] is not None:
            return hit
        series = self.annual.get(key)
        if series:
            ends_list, vals = series
            i = bisect.bisect_left(ends_list, end)
            if i < len(ends_list) and ends_list[i] - end < np.timedelta64(366, "D"):
                return vals[i]
            if i > 0 and end - ends_list[i - 1] <= self.fallback:
                return vals[i - 1]
        return (None, "", "")


def build_grid(obs: pd.DataFrame, catalogue: Catalogue | None = None, options: GridOptions | None = None,
               rank_table: pd.DataFrame | None = None) -> Grid:
    """Build the indicator grid for one area.

    Parameters
    ----------
    obs : DataFrame
        Observations (``cpdesk.observations.COLUMNS``), from files and the built-in figures.
    catalogue : Catalogue
        With the workspace's polarity overrides and local indicators applied.
    options : GridOptions
    rank_table : DataFrame, optional
        indicator, period_end, rank, of, band: the area's rank among all LAs where known.
    """
    catalogue = catalogue or default_catalogue()
    opts = options or GridOptions()
    d = defaults()
    threshold = opts.small_threshold or int(d["small_numbers_threshold"])
    fallback_years = opts.fallback_years or int(d["comparator_fallback_years"])
    areas = _local_areas(obs)
    area = opts.area if opts.area in set(obs["area"]) else (areas[0] if areas else None)
    granularity = opts.granularity if opts.granularity in GRANULARITIES else choose_granularity(obs, area)
    compare = (opts.comparator or "england").strip()
    compare_key = compare.lower()
    others = sorted(set(obs["area"]) - {area}) if area else []
    comparator_areas = [a for a in others if a]
    comparator_name = COMPARATOR_NAMES.get(compare_key, compare)
    grid = Grid([], [], [], area, compare_key if compare_key in ROLE_COMPARATORS else compare, comparator_name,
                granularity, areas, comparator_areas)
    if area is None:
        return grid

    is_local = (obs["area"] == area).to_numpy()
    local_all = obs[is_local]
    ok, ends = bucket(local_all, granularity)
    national = (local_all["table"] == NATIONAL_TABLE).to_numpy()
    if granularity != "years" and (ok & ~national).any():
        ok &= ~national  # 31 March snapshots would fill every Q4/March column with annual figures
    local = _dedupe(local_all[ok], ends[ok])
    if local.empty:
        return grid
    with_value = local[local["value"].notna() | local["flag"].notna()]
    col_ends = np.sort(np.unique(with_value["_end"].to_numpy()))
    n = opts.latest_n or int(d["latest_n"].get(granularity, 6))
    shown_ends = col_ends[-n:]

    # comparator series: each role present, plus another area when one is chosen
    role = obs["area_role"].to_numpy(dtype=object)
    not_local = ~is_local
    series: dict[str, _Series] = {}
    comp_columns: list[tuple[str, str]] = []
    for r in ROLE_COMPARATORS:
        mask = not_local & (role == r)
        if mask.any() or (r == "target" and opts.targets):
            series[r] = _Series(obs[mask], granularity, fallback_years)
            comp_columns.append((r, COMPARATOR_NAMES[r]))
    if compare_key not in ROLE_COMPARATORS:
        mask = not_local & (obs["area"].str.lower() == compare_key).to_numpy()
        series[compare_key] = _Series(obs[mask], granularity, fallback_years)
        comp_columns.append((compare_key, compare))
    chosen = series.get(compare_key)
    targets = series.get("target")

    # rows: catalogue order within catalogue groups, unrecognised labels last
    shown = with_value[np.isin(with_value["_end"].to_numpy(), shown_ends)]
    keys_present = list(dict.fromkeys(shown["_key"]))
    rows = _rows(keys_present, catalogue, local, opts.targets)
    columns = [GridColumn("period", str(e), column_label(pd.Timestamp(e), granularity), pd.Timestamp(e))
               for e in shown_ends]
    columns += [GridColumn("comparator", k, name, None) for k, name in comp_columns]
    has_rank = rank_table is not None and len(rank_table) > 0
    if has_rank:
        columns.append(GridColumn("rank", "rank", "Rank (quartile)", None))
    ranks = _rank_lookup(rank_table) if has_rank else {}

    by_key = _records(local)
    latest_end = shown_ends[-1] if len(shown_ends) else None
    cells: list[list[GridCell]] = []
    for row in rows:
        if row.kind == "group":
            cells.append([GridCell() for _ in columns])
            continue
        ind = catalogue.get(row.key)
        recs = by_key[row.key]
        valued_ends = [e for e, r in recs.items() if as_number(r.value) is not None]
        line: list[GridCell] = []
        for col, end in zip(columns, shown_ends):
            rec = recs.get(end)
            if rec is None:
                line.append(GridCell(period=col.label, tooltip=f"{row.name}\n{col.label}: no value"))
                continue
            prev_end = _previous(valued_ends, end)
            prev = as_number(recs[prev_end].value) if prev_end is not None else None
            prev_label = column_label(pd.Timestamp(prev_end), granularity) if prev_end is not None else ""
            if compare_key == "target" and row.target is not None:
                comp = (row.target, "(set in this workspace)", "workspace")
            else:
                comp = chosen.at(row.key, end) if chosen else (None, "", "")
            target = row.target if row.target is not None else (targets.at(row.key, end)[0] if targets else None)
            rank = ranks.get((row.key, end), "")
            line.append(_cell(row, ind, rec, col.label, comp, comparator_name, compare_key == "target", target,
                              prev, prev_label, rank, threshold))
        for col in columns[len(shown_ends):]:
            line.append(_side_cell(row, col, series, latest_end, ranks))
        cells.append(line)
    grid.rows, grid.columns, grid.cells = rows, columns, cells
    return grid


@dataclass(slots=True)
class _Rec:
    value: float | None
    numerator: float | None
    denominator: float | None
    flag: str | None
    source: str
    note: str
    differs: bool = False


def _records(local: pd.DataFrame) -> dict[str, dict]:
    """row key -> {column end -> _Rec}, in time order, read from whole columns at once."""
    d = local.sort_values("_end", kind="stable")
    out: dict[str, dict] = {}
    if "_differs" not in d:
        d = d.assign(_differs=False)
    cols = [d[c].to_numpy(dtype=object) for c in ("_key", "_end", "value", "numerator", "denominator", "flag",
                                                  "source", "note", "_differs")]
    ends = d["_end"].to_numpy()
    for key, end, value, num, den, flag, source, note, differs in zip(cols[0], ends, *cols[2:]):
        out.setdefault(key, {})[end] = _Rec(as_number(value), as_number(num), as_number(den), flag, source, note, bool(differs))
    return out


def _local_areas(obs: pd.DataFrame) -> list[str]:
    la = obs.loc[obs["area_role"] == "la", "area"]
    return [a for a in la.value_counts().index if a]


def _rows(keys: list[str], catalogue: Catalogue, local: pd.DataFrame, targets: dict) -> list[GridRow]:
    order = {ind.id: i for i, ind in enumerate(catalogue)}
    group_order = {g: i for i, (g, _) in enumerate(catalogue.groups)}
    known = [k for k in keys if k in catalogue]
    unknown = [k for k in keys if k not in catalogue]
    known.sort(key=lambda k: (group_order.get(catalogue[k].group, 999), order[k]))
    rows: list[GridRow] = []
    current = None
    for k in known:
        ind = catalogue[k]
        if ind.group != current:
            current = ind.group
            rows.append(GridRow("group", ind.group, catalogue.group_name(ind.group)))
        rows.append(GridRow("indicator", k, ind.name, ind.group, ind.polarity, ind.unit, ind.definition,
                            as_number(targets.get(k)) if targets.get(k) is not None else None))
    if unknown:
        rows.append(GridRow("group", UNRECOGNISED_GROUP[0], UNRECOGNISED_GROUP[1]))
        for k in unknown:
            rows.append(GridRow("indicator", k, label_of_key(k), UNRECOGNISED_GROUP[0]))
    return rows


def _previous(valued_ends: list, end):
    earlier = [e for e in valued_ends if e < end]
    return earlier[-1] if earlier else None


def _rank_lookup(table: pd.DataFrame) -> dict:
    out = {}
    for ind, end, rank, of, band in zip(table["indicator"], table["period_end"], table["rank"], table["of"], table["band"]):
        text = f"{int(rank)} of {int(of)}" + (f" ({band})" if band else "")
        out[(ind, np.datetime64(pd.Timestamp(end), "D"))] = text
    return out


def _cell(row: GridRow, ind: Indicator | None, rec, period: str, comp, comp_name: str, vs_target_mode: bool,
          target, prev, prev_label: str, rank: str, threshold: int) -> GridCell:
    value = as_number(rec.value)
    num, den = as_number(rec.numerator), as_number(rec.denominator)
    decimals = ind.decimals if ind else 1
    polarity = row.polarity
    comp_value, comp_period, comp_source = comp
    if vs_target_mode:
        target = comp_value if comp_value is not None else target
        state = vs_target(value, target, polarity, tolerance_pct=ind.target_tolerance_pct if ind else 10.0)
    else:
        state = vs_comparator(value, comp_value, polarity, numerator=num, denominator=den,
                              tolerance_pct=ind.tolerance_pct if ind else 5.0)
    judged = state not in ("not_compared", "no_target")
    dirn = direction(value, prev, polarity, decimals=decimals) if prev is not None else None
    small = row.unit == "percent" and small_numbers(den, threshold)
    interval = wilson_interval(num, den) if row.unit == "percent" else None
    style = state_style(state)
    arrow = direction_style(dirn)["symbol"]
    value_text = format_value(value, row.unit, decimals) if value is not None else (rec.flag or "")
    differs = rec.differs
    text = (value_text + (f" {arrow}" if arrow and value is not None else "") + (" †" if small else "")
            + (f" {palette()['differs']['symbol']}" if differs else ""))
    if judged:
        text += f"  {style['symbol']} {style['word']}"
    cell = GridCell(text=text, value=value, state=state, direction=dirn, small=small, numerator=num, denominator=den,
                    interval=interval, comparator_value=comp_value,
                    comparator_label=f"{comp_name} {comp_period}".strip() if comp_value is not None else "",
                    target=target, rank=rank, flag=rec.flag, period=period, source=rec.source, note=rec.note, differs=differs,
                    background=style["background"] if judged else None, foreground=style["text"] if judged else None)
    cell.tooltip = _tooltip(row, cell, prev, prev_label, decimals, vs_target_mode)
    cell.accessible = _accessible(row, cell, comp_name, vs_target_mode)
    return cell


def _tooltip(row: GridRow, c: GridCell, prev, prev_label: str, decimals: int, vs_target_mode: bool) -> str:
    fmt = lambda v: format_value(v, row.unit, decimals)  # noqa: E731
    lines = [row.name, f"{c.period}: {fmt(c.value) if c.value is not None else flag_text(c.flag) or 'no value'}"]
    if c.numerator is not None or c.denominator is not None:
        lines.append(f"Numerator / denominator: {format_value(c.numerator, 'count', 0)} / {format_value(c.denominator, 'count', 0)}")
    if c.interval:
        lines.append(f"95% interval: {c.interval[0]:.1f}% to {c.interval[1]:.1f}%")
    style = state_style(c.state)
    if c.comparator_value is not None:
        judged = f": {style['symbol']} {style['word']}" if style["word"] else ""
        if not style["word"] and row.polarity == "none":
            judged = " (no polarity: not judged)"
        lines.append(f"{'Target' if vs_target_mode else 'Compared with'} {c.comparator_label}: {fmt(c.comparator_value)}{judged}")
    else:
        lines.append("No target to compare with" if vs_target_mode else "No comparator value for this period")
    if c.target is not None and not vs_target_mode:
        lines.append(f"Target: {fmt(c.target)} ({state_style(vs_target(c.value, c.target, row.polarity)).get('word') or 'not judged'})")
    if c.direction:
        d = direction_style(c.direction)
        lines.append(f"Direction: {d['symbol']} {d['word']} since {prev_label} ({fmt(prev)})")
    if c.small:
        lines.append(f"† Small numbers: based on {format_value(c.denominator, 'count', 0)} cases; one child moves it noticeably")
    if c.rank:
        lines.append(f"Rank among local authorities: {c.rank}")
    if c.flag:
        lines.append(f"Flag: {c.flag} ({flag_text(c.flag)})")
    if c.note:
        lines.append(f"Note: {c.note}")
    if c.source:
        lines.append(f"Source: {c.source}")
    return "\n".join(lines)


def _accessible(row: GridRow, c: GridCell, comp_name: str, vs_target_mode: bool) -> str:
    parts = [f"{row.name}, {c.period}: {format_value(c.value, row.unit) if c.value is not None else flag_text(c.flag) or 'no value'}"]
    style = state_style(c.state)
    if style["word"]:
        if vs_target_mode:
            parts.append(f"target {style['word']}")
        else:
            parts.append(f"{style['word']} {'to' if c.state == 'similar' else 'than'} {comp_name}")
    if c.direction:
        parts.append(direction_style(c.direction)["word"])
    if c.small:
        parts.append("small numbers")
    return ", ".join(parts)


def _side_cell(row: GridRow, col: GridColumn, series: dict, latest_end, ranks: dict) -> GridCell:
    if col.kind == "rank":
        text = ranks.get((row.key, latest_end), "") if latest_end is not None else ""
        return GridCell(text=text, rank=text, tooltip=f"{row.name}: rank among local authorities {text} (1 = best; quartile A best)" if text else "")
    if col.key == "target" and row.target is not None:
        value, label, source = row.target, "", "workspace target"
    else:
        s = series.get(col.key)
        value, label, source = s.at(row.key, latest_end) if s is not None and latest_end is not None else (None, "", "")
    text = format_value(value, row.unit) if value is not None else ""
    tip = f"{row.name}\n{col.label} {label}: {text}\nSource: {source}" if value is not None else ""
    return GridCell(text=text, value=value, period=label, source=source, tooltip=tip,
                    accessible=f"{row.name}, {col.label} {label}: {text or 'no value'}")


__all__ = ["Grid", "GridCell", "GridColumn", "GridOptions", "GridRow", "build_grid", "bucket", "choose_granularity",
           "column_label", "GRANULARITIES", "COMPARATOR_NAMES"]
