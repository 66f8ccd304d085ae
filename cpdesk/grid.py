"""The indicator grid: indicators down (grouped), periods across, then comparator columns.

Qt-free. :func:`build_grid` turns an observations frame into a :class:`Grid` whose cells
already carry their text, judgement, colours, tooltip and provenance, so a view only has
to show them.

Which periods: the kind of period the user's own files give most of (years, quarters,
months or snapshots at a date), over the span they cover, up to their latest period; the
comparator, target and rank columns are for that latest period. Beside quarters, months or
snapshots, the last years (the built-in national figures' and the user's own) are shown
too. The user may choose the kind, how many periods and which is the latest
(:class:`GridOptions`); :attr:`Grid.note` says in a sentence what else there is.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cpdesk.catalogue import Catalogue, default_catalogue
from cpdesk.grid_text import NOT_COMPARABLE, TOTAL_UNITS, describe_period_cell, describe_side_cell
from cpdesk.grid_types import PERIOD_WORDS, SHORT_NAMES, Grid, GridCell, GridColumn, GridRow
from cpdesk.judgements import direction, small_numbers, vs_comparator, vs_target, wilson_interval
from cpdesk.observations import row_source, with_sources
from cpdesk.periods import fy_label
from cpdesk.presentation import defaults
from cpdesk.values import as_number
from cpdesk.vocabulary import (COMPARATOR_NAMES, GRANULARITIES, GRANULARITY_KINDS, GRANULARITY_NAMES, GROUP_ROLE,
                               NATIONAL_TABLE, label_of_key, row_keys)

ROLE_COMPARATORS = tuple(COMPARATOR_NAMES)
SUB_ANNUAL = ("quarters", "months", "snapshots")
UNRECOGNISED_GROUP = ("unrecognised", "Not recognised (map these in Sources)")
#: At most this many periods are shown by default, however long the span of the user's files.
MAX_DEFAULT_SPAN = 12


@dataclass
class GridOptions:
    """What the grid shows.

    ``comparator`` is a role (england, neighbours, region, target), a comparison group's
    name or another area's name. ``up_to`` is the label of the latest period to show (None:
    the latest of the user's own files, else the latest there is). ``period_targets`` are
    targets set for one period each (``{indicator: {period label: target}}``); ``targets``
    apply to every period without one.
    """

    area: str | None = None
    comparator: str = "england"
    granularity: str = "auto"
    latest_n: int | None = None
    up_to: str | None = None
    targets: dict[str, float] = field(default_factory=dict)
    period_targets: dict[str, dict[str, float]] = field(default_factory=dict)
    small_threshold: int | None = None
    fallback_years: int | None = None
    years_beside: int | None = None


# --- bucketing periods into grid columns ---------------------------------------------

def bucket(obs: pd.DataFrame, granularity: str) -> tuple[np.ndarray, np.ndarray]:
    """Which grid column each observation falls in: (ok mask, column end as datetime64[D]).

    Years take financial years and snapshots at 31 March; quarters take quarters and
    quarter-end snapshots; months take months and month-end snapshots; snapshots take every
    snapshot, whatever its date. Partial periods (year to date) never share a column with
    whole ones.
    """
    return _bucket(obs["period_kind"].to_numpy(dtype=object), obs["period_end"].to_numpy(dtype="datetime64[D]"),
                   obs["partial"].to_numpy(dtype=bool), granularity)


def _bucket(kind: np.ndarray, end: np.ndarray, partial: np.ndarray, granularity: str) -> tuple[np.ndarray, np.ndarray]:
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
    elif granularity == "snapshots":
        ok = snap
    else:
        raise ValueError(f"granularity must be one of {GRANULARITIES}")
    return ok & valid & ~partial, end


def column_label(end: pd.Timestamp, granularity: str) -> str:
    """The label of a column ending ``end``: the same as the period's label everywhere else."""
    if granularity == "years":
        return fy_label(end.year + 1 if end.month >= 4 else end.year)
    if granularity == "quarters":
        q = {6: 1, 9: 2, 12: 3, 3: 4}.get(end.month, 0)
        return f"Q{q} {fy_label(end.year + 1 if end.month >= 4 else end.year)}"
    if granularity == "snapshots":
        return f"{end.day} {end.strftime('%b %Y')}"
    return end.strftime("%b %Y")


def _is_national(obs: pd.DataFrame) -> np.ndarray:
    return (obs["table"] == NATIONAL_TABLE).to_numpy()


@dataclass(frozen=True)
class OwnFigures:
    """What the user's own files give of one granularity: which rows, how many values and periods."""

    keys: frozenset
    values: int
    periods: int
    latest: object = None        # the end of the latest period (numpy datetime64)


#: The kind of period each granularity is made for (a snapshot at 31 March also fits a year's column).
NATIVE_KINDS = GRANULARITY_KINDS


def own_granularities(obs: pd.DataFrame, area: str | None, *, native: bool = False) -> dict[str, OwnFigures]:
    """For the user's own figures of ``area`` (not the built-in ones): what each granularity would show.

    With ``native``, only the periods each granularity is made for count (a snapshot at 31
    March counts for snapshots, not for years).
    """
    if not area:
        return {}
    local = obs[(obs["area"] == area).to_numpy() & obs["value"].notna().to_numpy()]
    own = local[~_is_national(local)]
    out = {}
    for g in GRANULARITIES:
        ok, ends = bucket(own, g)
        if native:
            ok &= (own["period_kind"] == NATIVE_KINDS[g]).to_numpy()
        if ok.any():
            out[g] = OwnFigures(frozenset(row_keys(own[ok])), int(ok.sum()), len(np.unique(ends[ok])), ends[ok].max())
    return out


def choose_granularity(obs: pd.DataFrame, area: str | None) -> str:
    """The granularity of most of the user's own indicators (then values), each counting the periods it is made
    for; the built-in figures decide only when there are none of the user's."""
    counts = {g: (len(f.keys), f.latest, f.values) for g, f in own_granularities(obs, area, native=True).items()}
    if not counts and area:
        local = obs[(obs["area"] == area).to_numpy() & obs["value"].notna().to_numpy()]
        for g in GRANULARITIES:
            ok, _ = bucket(local, g)
            if ok.any():
                counts[g] = (len(set(row_keys(local[ok]))), np.datetime64("NaT"), int(ok.sum()))
    if not counts:
        return "years"
    # most indicators; then the kind that reaches the latest period (the paper is about it); then most values
    return max(counts, key=lambda g: (counts[g][0], _orderable(counts[g][1]), counts[g][2], -GRANULARITIES.index(g)))


def _orderable(end) -> int:
    return -1 if end is None or np.isnat(end) else int(np.datetime64(end, "D").astype(np.int64))


# --- building -----------------------------------------------------------------------

def _dedupe(df: pd.DataFrame, ends: np.ndarray, *, differences: bool = True) -> pd.DataFrame:
    """One observation per (row key, column): the user's files first, then values before flags.

    With ``differences``, a user's figure the built-in one disagrees with is noted so.
    """
    d = df.assign(_key=row_keys(df), _end=ends, _builtin=_is_national(df),
                  _novalue=df["value"].isna().to_numpy(), _order=np.arange(len(df)))
    d = d.sort_values(["_builtin", "_novalue", "_order"], kind="stable")
    first = d.drop_duplicates(["_key", "_end"], keep="first")
    return _note_national_differences(first, d) if differences else first


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
        with_sources(national)[["_key", "_end", "value", "source"]], on=["_key", "_end"], suffixes=("", "_national"))
    # Published figures are rounded to one decimal place: closer than that is the same figure.
    pairs = pairs[(pairs["value"] - pairs["value_national"]).abs() > 0.05 + 1e-9]
    for idx, nat_value, nat_source in zip(pairs["index"], pairs["value_national"], pairs["source"]):
        note = f"Differs from the national figure {nat_value:g} ({nat_source})."
        old = kept.at[idx, "note"]
        kept.at[idx, "note"] = f"{old} {note}".strip() if old else note
        kept.at[idx, "_differs"] = True
    return kept


class _Columns:
    """The observations' columns as arrays, read once per grid (the comparator series take rows of them)."""

    def __init__(self, obs: pd.DataFrame):
        self.keys = row_keys(obs)
        self.kind = obs["period_kind"].to_numpy(dtype=object)
        self.end = obs["period_end"].to_numpy(dtype="datetime64[D]")
        self.partial = obs["partial"].to_numpy(dtype=bool)
        self.value = pd.to_numeric(obs["value"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        self.builtin = _is_national(obs)
        self.period = obs["period"].to_numpy(dtype=object)
        self.prefix = obs["source_prefix"].to_numpy(dtype=object)
        self.cell = obs["cell"].to_numpy(dtype=object)
        self.note = obs["note"].to_numpy(dtype=object)
        self._buckets: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def source(self, i: int) -> str:
        return row_source(self.prefix[i], self.cell[i])

    def bucket(self, granularity: str) -> tuple[np.ndarray, np.ndarray]:
        if granularity not in self._buckets:
            self._buckets[granularity] = _bucket(self.kind, self.end, self.partial, granularity)
        return self._buckets[granularity]


class _Series:
    """Comparator values of one area or role, looked up by (row key, column end) with fallbacks.

    ``rows`` are positions in ``cols``; as in the grid, the user's files come first, then
    values before flags.
    """

    def __init__(self, cols: _Columns, rows: np.ndarray, granularity: str, fallback_years: int):
        self.exact: dict[tuple[str, np.datetime64], tuple] = {}
        self.annual: dict[str, tuple[list, list]] = {}
        self.fallback = np.timedelta64(int(366 * fallback_years), "D")
        # a quarter or month may take the year it is part of; a snapshot or a year only an earlier year
        self.later_year = granularity in ("quarters", "months")
        if not len(rows):
            return
        novalue = np.isnan(cols.value[rows])
        rows = rows[np.lexsort((np.arange(len(rows)), novalue, cols.builtin[rows]))]
        ok_g, ends_g = cols.bucket(granularity)
        ok_y, ends_y = cols.bucket("years")
        for i in rows[ok_g[rows]]:
            key = (cols.keys[i], ends_g[i])
            if key not in self.exact:
                value = cols.value[i]
                self.exact[key] = (None if value != value else float(value), cols.period[i], cols.source(i),
                                   cols.note[i] if isinstance(cols.note[i], str) else "")
        first: dict[tuple, int] = {}
        for i in rows[ok_y[rows] & ~np.isnan(cols.value[rows])]:
            first.setdefault((cols.keys[i], ends_y[i]), i)
        chosen = np.fromiter(first.values(), dtype=np.int64, count=len(first))
        for i in chosen[np.argsort(ends_y[chosen], kind="stable")]:
            ends_list, vals = self.annual.setdefault(cols.keys[i], ([], []))
            ends_list.append(ends_y[i])
            vals.append((float(cols.value[i]), cols.period[i], cols.source(i),
                         cols.note[i] if isinstance(cols.note[i], str) else ""))

    def at(self, key: str, end: np.datetime64) -> tuple[float | None, str, str, str]:
        """(value, period label, source, note) for the column ending ``end``.

        Falls back to the financial year containing it (for a quarter or a month), then to
        the latest year before it (national figures are published a year after the local ones).
        """
        hit = self.exact.get((key, end))
        if hit and hit[0] is not None:
            return hit
        series = self.annual.get(key)
        if series:
            ends_list, vals = series
            i = bisect.bisect_left(ends_list, end)
            if i < len(ends_list) and ends_list[i] == end:
                return vals[i]
            if self.later_year and i < len(ends_list) and ends_list[i] - end < np.timedelta64(366, "D"):
                return vals[i]
            if i > 0 and end - ends_list[i - 1] <= self.fallback:
                return vals[i - 1]
        return (None, "", "", "")


@dataclass
class _Section:
    """The period columns of one granularity: the observations in them and the ends shown."""

    granularity: str
    local: pd.DataFrame
    col_ends: np.ndarray         # every end with a local value or flag
    own_ends: np.ndarray         # those the user's own files give
    shown: np.ndarray
    records: dict = field(default_factory=dict)


def _section(local_all: pd.DataFrame, granularity: str, *, years_beside: bool = False) -> _Section:
    ok, ends = bucket(local_all, granularity)
    national = _is_national(local_all)
    if years_beside:
        # years beside another kind: the years' own figures and the built-in ones (the user's
        # own 31 March snapshots stay in the snapshot or quarter columns)
        ok &= (local_all["period_kind"] == "year").to_numpy() | national
    elif granularity != "years" and (ok & ~national).any():
        ok &= ~national  # 31 March snapshots would fill every Q4/March column with annual figures
    local = _dedupe(local_all[ok], ends[ok])
    with_value = local[local["value"].notna() | local["flag"].notna()]
    col_ends = np.sort(np.unique(with_value["_end"].to_numpy()))
    own_ends = np.sort(np.unique(with_value.loc[~with_value["_builtin"], "_end"].to_numpy()))
    return _Section(granularity, local, col_ends, own_ends, col_ends[0:0])


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
    all_areas = set(obs["area"].unique())      # (iterating a million-row text column is seconds; unique() is not)
    area = opts.area if opts.area in all_areas else (areas[0] if areas else None)
    granularity = opts.granularity if opts.granularity in GRANULARITIES else choose_granularity(obs, area)
    compare = (opts.comparator or "england").strip()
    compare_key = compare.lower()
    others = sorted(a for a in all_areas - {area} if isinstance(a, str)) if area else []
    comparator_areas = [a for a in others if a]
    comparator_name = COMPARATOR_NAMES.get(compare_key, compare)
    grid = Grid([], [], [], area, compare_key if compare_key in ROLE_COMPARATORS else compare, comparator_name,
                granularity, areas, comparator_areas)
    if area is None:
        return grid

    is_local = (obs["area"] == area).to_numpy()
    local_all = obs[is_local]
    grid.granularities = [g for g in GRANULARITIES if bucket(local_all, g)[0].any()]
    main = _section(local_all, granularity)
    if not len(main.col_ends):
        grid.note = _note(grid, obs, area, main, None)
        return grid

    # the span: up to the user's latest period (or the one chosen), as many as their files cover
    labels = [column_label(pd.Timestamp(e), granularity) for e in main.col_ends]
    grid.up_to_choices = labels
    if opts.up_to in labels:
        up_end = main.col_ends[labels.index(opts.up_to)]
    else:
        up_end = main.own_ends[-1] if len(main.own_ends) else main.col_ends[-1]
    upto = main.col_ends[main.col_ends <= up_end]
    n = opts.latest_n or max(int(d["latest_n"].get(granularity, 6)),
                             min(int((main.own_ends <= up_end).sum()), MAX_DEFAULT_SPAN))
    main.shown = upto[-n:]
    latest_end = main.shown[-1]
    grid.up_to = column_label(pd.Timestamp(latest_end), granularity)
    sections = [main]
    years_n = int(d.get("years_beside", 2)) if opts.years_beside is None else opts.years_beside
    if granularity in SUB_ANNUAL and years_n > 0:
        annual = _section(local_all, "years", years_beside=True)
        annual.shown = annual.col_ends[annual.col_ends <= latest_end][-years_n:]
        if len(annual.shown):
            sections.insert(0, annual)

    # comparator series: each role present, each comparison group, and another area when chosen
    role = obs["area_role"].to_numpy(dtype=object)
    not_local = ~is_local
    masks: dict[str, np.ndarray] = {}
    comp_columns: list[tuple[str, str, str]] = []     # (key, short label, full name)
    has_targets = bool(opts.targets or opts.period_targets)
    for r in ROLE_COMPARATORS:
        mask = not_local & (role == r)
        if mask.any() or (r == "target" and has_targets):
            masks[r] = mask
            comp_columns.append((r, SHORT_NAMES[r], COMPARATOR_NAMES[r]))
    area_names = obs["area"].to_numpy(dtype=object)
    for name in sorted(set(area_names[not_local & (role == GROUP_ROLE)])):
        masks[name.lower()] = not_local & (area_names == name)
        comp_columns.append((name.lower(), name, name))
    if compare_key not in masks:
        # a role with no figures loaded (no authority chosen yet, so no national figures) keeps its display name
        masks[compare_key] = not_local & (obs["area"].str.lower() == compare_key).to_numpy()
        comp_columns.append((compare_key, SHORT_NAMES.get(compare_key, compare),
                             COMPARATOR_NAMES.get(compare_key, compare)))
    series_cache: dict[tuple[str, str], _Series] = {}
    used = np.zeros(len(obs), dtype=bool)     # only the comparators' rows are read into arrays
    for mask in masks.values():
        used |= mask
    used_at = np.flatnonzero(used)
    cols = _Columns(obs.iloc[used_at]) if len(used_at) else None

    def series(key: str, g: str) -> _Series | None:
        if key not in masks or cols is None:
            return None
        if (key, g) not in series_cache:
            series_cache[(key, g)] = _Series(cols, np.flatnonzero(masks[key][used_at]), g, fallback_years)
        return series_cache[(key, g)]

    # rows: catalogue order within catalogue groups, unrecognised labels last
    keys_present: dict[str, None] = {}
    for s in sections:
        wv = s.local[s.local["value"].notna() | s.local["flag"].notna()]
        keys_present.update(dict.fromkeys(wv.loc[np.isin(wv["_end"].to_numpy(), s.shown), "_key"]))
        s.records = _records(s.local)
    rows = _rows(list(keys_present), catalogue, sections, opts.targets)
    columns = [GridColumn("period", str(e), column_label(pd.Timestamp(e), s.granularity), pd.Timestamp(e),
                          s.granularity) for s in sections for e in s.shown]
    for key, label, name in comp_columns:
        columns.append(GridColumn("target" if key == "target" else "comparator", key, label, None, "", name))
    ranks = _rank_lookup(rank_table) if rank_table is not None and len(rank_table) else {}
    if any((row.key, latest_end) in ranks for row in rows):
        columns.append(GridColumn("rank", "rank", "Rank", None, "", "Rank among all local authorities (quartile)"))

    vs_target_mode = compare_key == "target"
    cells: list[list[GridCell]] = []
    for row in rows:
        if row.kind == "group":
            cells.append([GridCell() for _ in columns])
            continue
        ind = catalogue.get(row.key)
        line: list[GridCell] = []
        for s in sections:
            recs = s.records.get(row.key, {})
            valued_ends = [e for e, r in recs.items() if r.value is not None]
            targets = series("target", s.granularity)
            chosen = series(compare_key, s.granularity)
            for end in s.shown:
                label = column_label(pd.Timestamp(end), s.granularity)
                rec = recs.get(end)
                if rec is None:
                    line.append(describe_period_cell(GridCell(period=label), row, comparator_name, vs_target_mode))
                    continue
                prev_end = _previous(valued_ends, end)
                target = _target(row, label, end, opts, targets)
                if vs_target_mode:
                    comp = (target[0], target[1], "", "")
                else:
                    comp = chosen.at(row.key, end) if chosen else (None, "", "", "")
                    if row.unit in TOTAL_UNITS and compare_key in ("england", "region"):
                        comp = (None, "", "", "")
                prev = recs[prev_end].value if prev_end is not None else None
                prev_label = column_label(pd.Timestamp(prev_end), s.granularity) if prev_end is not None else ""
                cell = _judge(row, ind, rec, label, comp, comparator_name, vs_target_mode, target[0], prev, prev_label,
                              ranks.get((row.key, end), ""), threshold)
                line.append(describe_period_cell(cell, row, comparator_name, vs_target_mode))
        for col in columns[len(line):]:
            line.append(_side_cell(row, ind, col, series, main, latest_end, opts, ranks))
        cells.append(line)
    grid.rows, grid.columns, grid.cells = rows, columns, cells
    grid.note = _note(grid, obs, area, main, latest_end)
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
    d = with_sources(local.sort_values("_end", kind="stable"))
    out: dict[str, dict] = {}
    if "_differs" not in d:
        d = d.assign(_differs=False)
    cols = [d[c].to_numpy(dtype=object) for c in ("_key", "_end", "value", "numerator", "denominator", "flag",
                                                  "source", "note", "_differs")]
    ends = d["_end"].to_numpy()
    for key, end, value, num, den, flag, source, note, differs in zip(cols[0], ends, *cols[2:]):
        flag = flag if isinstance(flag, str) and flag else None
        note = note if isinstance(note, str) else ""
        out.setdefault(key, {})[end] = _Rec(as_number(value), as_number(num), as_number(den), flag, source, note,
                                            bool(differs))
    return out


def _local_areas(obs: pd.DataFrame) -> list[str]:
    la = obs.loc[obs["area_role"] == "la", "area"]
    return [a for a in la.value_counts().index if a]


def _decimals_of(values) -> int:
    """Decimals for a row the catalogue does not know: none for whole numbers, else enough to read small values."""
    nums = [abs(v) for v in values if v is not None]
    if all(float(v).is_integer() for v in nums):
        return 0
    top = max(nums, default=0.0)
    return 1 if top >= 1 else 2 if top >= 0.1 else 3


def _rows(keys: list[str], catalogue: Catalogue, sections: list[_Section], targets: dict) -> list[GridRow]:
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
                            as_number(targets.get(k)) if targets.get(k) is not None else None, ind.decimals))
    if unknown:
        rows.append(GridRow("group", UNRECOGNISED_GROUP[0], UNRECOGNISED_GROUP[1]))
        for k in unknown:
            values = [r.value for s in sections for r in s.records.get(k, {}).values()]
            rows.append(GridRow("indicator", k, label_of_key(k), UNRECOGNISED_GROUP[0], decimals=_decimals_of(values)))
    return rows


def _previous(valued_ends: list, end):
    earlier = [e for e in valued_ends if e < end]
    return earlier[-1] if earlier else None


def _rank_lookup(table: pd.DataFrame) -> dict:
    out = {}
    for ind, end, rank, of, band in zip(table["indicator"], table["period_end"], table["rank"], table["of"], table["band"]):
        if as_number(rank) is None or as_number(of) is None:
            continue
        text = f"{int(rank)} of {int(of)}" + (f" ({band})" if isinstance(band, str) and band else "")
        out[(ind, np.datetime64(pd.Timestamp(end), "D"))] = text
    return out


def _target(row: GridRow, label: str, end, opts: GridOptions, series: _Series | None) -> tuple[float | None, str]:
    """(target, where it is from) for one period: set for that period, set for all, or in the user's file."""
    per_period = opts.period_targets.get(row.key) or {}
    if as_number(per_period.get(label)) is not None:
        return as_number(per_period[label]), f"{label} (set in this workspace)"
    if row.target is not None:
        return row.target, "(set in this workspace)"
    if series is not None:
        value, period, _source, _note = series.at(row.key, end)
        if value is not None:
            return value, period
    return None, ""


def _judge(row: GridRow, ind, rec: _Rec, period: str, comp, comp_name: str, vs_target_mode: bool,
           target, prev, prev_label: str, rank: str, threshold: int) -> GridCell:
    value, num, den = rec.value, rec.numerator, rec.denominator
    comp_value, comp_period = comp[0], comp[1]
    if vs_target_mode:
        state = vs_target(value, comp_value, row.polarity, tolerance_pct=ind.target_tolerance_pct if ind else 10.0)
    else:
        state = vs_comparator(value, comp_value, row.polarity, numerator=num, denominator=den,
                              tolerance_pct=ind.tolerance_pct if ind else 5.0)
    target_state = (vs_target(value, target, row.polarity, tolerance_pct=ind.target_tolerance_pct if ind else 10.0)
                    if target is not None else None)
    dirn = direction(value, prev, row.polarity, decimals=row.decimals) if prev is not None else None
    return GridCell(value=value, state=state, direction=dirn,
                    small=row.unit == "percent" and small_numbers(den, threshold), numerator=num, denominator=den,
                    interval=wilson_interval(num, den) if row.unit == "percent" else None,
                    comparator_value=comp_value,
                    comparator_label=f"{comp_name} {comp_period}".strip() if comp_value is not None else "",
                    target=target, target_state=target_state, rank=rank, flag=rec.flag, period=period,
                    source=rec.source, note=rec.note, differs=rec.differs, previous=prev, previous_period=prev_label)


def _side_cell(row: GridRow, ind, col: GridColumn, series, main: _Section, latest_end, opts: GridOptions,
               ranks: dict) -> GridCell:
    if col.kind == "rank":
        text = ranks.get((row.key, latest_end), "")
        return describe_side_cell(GridCell(rank=text), row, col)
    if col.kind == "target":
        label = column_label(pd.Timestamp(latest_end), main.granularity)
        value, where = _target(row, label, latest_end, opts, series("target", main.granularity))
        rec = main.records.get(row.key, {}).get(latest_end)
        state = (vs_target(rec.value, value, row.polarity, tolerance_pct=ind.target_tolerance_pct if ind else 10.0)
                 if value is not None and rec is not None and rec.value is not None else None)
        source = "target set in this workspace" if "workspace" in where else ""
        return describe_side_cell(GridCell(value=value, period=where.replace(" (set in this workspace)", ""),
                                           source=source, target_state=state), row, col)
    if row.unit in TOTAL_UNITS and col.key in ("england", "region"):
        return describe_side_cell(GridCell(note=NOT_COMPARABLE), row, col)
    s = series(col.key, main.granularity)
    value, label, source, note = s.at(row.key, latest_end) if s is not None else (None, "", "", "")
    return describe_side_cell(GridCell(value=value, period=label, source=source, note=note), row, col)


def _note(grid: Grid, obs: pd.DataFrame, area: str, main: _Section, latest_end) -> str:
    """A sentence or two on what the grid shows of the user's own figures, and what else there is."""
    own = own_granularities(obs, area)
    g = grid.granularity
    word = PERIOD_WORDS[g]
    parts = []
    if g in own and latest_end is not None:
        n_values, n_periods = own[g].values, own[g].periods
        if n_periods == 1:
            label = grid.up_to
            mine = [r for r in grid.rows if r.kind == "indicator" and r.key in own[g].keys]
            what = "one figure" if n_values == 1 else f"{n_values} figures"
            shown = "; ".join(r.name for r in mine[:3]) + ("…" if len(mine) > 3 else "")
            one = n_values == 1
            counts = any(r.unit == "count" for r in mine)
            parts.append(f"Your files give {what} for one {word} only ({label}: {shown}). To compare "
                         f"{'it' if one else 'them'}, add the same figure{'' if one else 's'} for an earlier {word}, or "
                         f"England's, the region's or the neighbours' figure{'' if one else 's'} for {label}"
                         + (f", or give {'it' if one else 'counts'} as a rate per 10,000 children" if counts else "") + ".")
            if g != "years" and "years" not in own and any(c.granularity == "years" for c in grid.columns):
                parts.append(f"The years beside {'it' if one else 'them'} are the built-in national figures.")
        later = [lab for lab in grid.up_to_choices if lab not in grid.period_labels()]
        if later and grid.up_to_choices[-1] != grid.up_to and len(main.own_ends) and main.own_ends[-1] == latest_end:
            parts.append(f"Figures continue to {grid.up_to_choices[-1]}: choose it under Up to to see them.")
    shown_keys = own[g].keys if g in own else frozenset()
    elsewhere = []
    for k, f in own.items():
        missing = f.keys - shown_keys
        if k != g and missing:
            elsewhere.append(f"{GRANULARITY_NAMES[k].split(' (')[0].lower()} ({len(missing)} more "
                             f"indicator{'s' if len(missing) != 1 else ''})")
    if elsewhere:
        parts.append(f"Your files also give {_join(elsewhere)}: choose them under Periods.")
    other = _other_periods(obs, area)
    if other:
        parts.append(f"{_join(other)} of your files {'is' if other[0].startswith('1 ') and len(other) == 1 else 'are'} "
                     "for periods the grid does not lay out side by side: see them under View › Raw data and Trends.")
    return " ".join(parts)


_OTHER_KIND_WORDS = {"ytd": "year to date", "rolling": "rolling", "multi_year": "several years",
                     "calendar_year": "calendar year", "academic_year": "academic year"}


def _other_periods(obs: pd.DataFrame, area: str) -> list[str]:
    """The user's own values of ``area`` that no granularity shows, counted by kind ("3 rolling figures")."""
    local = obs[(obs["area"] == area).to_numpy() & obs["value"].notna().to_numpy()]
    own = local[~_is_national(local)]
    if not len(own):
        return []
    shown = np.zeros(len(own), dtype=bool)
    for g in GRANULARITIES:
        shown |= bucket(own, g)[0]
    kinds = own.loc[~shown, "period_kind"].astype(str).value_counts()
    return [f"{n} {_OTHER_KIND_WORDS.get(k, 'part-period' if k in NATIVE_KINDS.values() else k)} "
            f"figure{'s' if n != 1 else ''}" for k, n in kinds.items()]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


__all__ = ["Grid", "GridCell", "GridColumn", "GridOptions", "GridRow", "build_grid", "bucket", "choose_granularity",
           "column_label", "own_granularities", "GRANULARITIES", "COMPARATOR_NAMES", "GROUP_ROLE", "ROLE_COMPARATORS"]
