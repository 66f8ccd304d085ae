"""The summary: one row per indicator for a chosen area, period and comparator.

This is what ``cpdesk summary`` writes and what the committee table is built from.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cpdesk.catalogue import Catalogue, default_catalogue
from cpdesk.errors import CpdeskError
from cpdesk.vocabulary import COMPARATOR_NAMES, NATIONAL_ROLES, row_key, row_keys
from cpdesk.judgements import direction, vs_comparator, vs_target
from cpdesk.observations import NATIONAL_TABLE, row_source
from cpdesk.periods import canonical_label, parse_period
from cpdesk.values import as_number

SUMMARY_COLUMNS = [
    "indicator_id", "indicator", "polarity", "unit", "period", "value", "numerator", "denominator",
    "previous_period", "previous_value", "direction", "comparator", "comparator_value", "vs_comparator",
    "target", "vs_target", "flag", "note", "source",
]
#: Columns the committee table also uses; ``build_summary`` adds them after SUMMARY_COLUMNS.
EXTRA_COLUMNS = [
    "indicator_key", "group", "decimals", "neighbours_value", "england_value", "region_value",
    "numerator_id", "previous_numerator", "previous_denominator",
    "period_label", "period_start", "period_end", "period_kind", "partial",
]

COMPARATORS = tuple(COMPARATOR_NAMES)


@dataclass
class SummaryChoice:
    area: str
    period: str
    compare: str


def local_areas(obs: pd.DataFrame) -> list[str]:
    """Names of the local authorities in the data, most values first."""
    la = obs.loc[obs["area_role"] == "la", "area"]
    return list(la.value_counts().index)


def choose_area(obs: pd.DataFrame, area: str | None) -> str:
    if area:
        names = obs["area"].unique()
        hit = next((a for a in names if str(a).lower() == area.strip().lower()), None)
        if hit is None:
            shown = ", ".join(sorted(map(str, names))[:10])
            raise CpdeskError(f"no values for area '{area}'. Areas in the data: {shown}.")
        return hit
    las = local_areas(obs)
    if not las:
        raise CpdeskError("no local authority values were found; name the area with --area.")
    if len(las) > 1:
        raise CpdeskError(f"the data holds {len(las)} local authorities ({', '.join(las[:5])}{'…' if len(las) > 5 else ''}); "
                          "choose one with --area NAME.")
    return las[0]


def choose_period(local: pd.DataFrame, period: str | None) -> str:
    """The canonical label of the chosen period; by default the latest full (not partial) one."""
    if period:
        p = parse_period(period)
        wanted = canonical_label(p) if p else period.strip()
        known = set(local["period"]) | set(local["period_label"])
        if wanted not in known and period.strip() not in known and _column_of(wanted) is not None:
            if _in_column(local, _column_of(wanted)).any():
                return wanted
        if wanted not in known and period.strip() not in known:
            raise CpdeskError(f"no values for period '{period}'. Periods in the data: {', '.join(_ordered_periods(local)[-8:])}.")
        return wanted if wanted in set(local["period"]) else local.loc[local["period_label"] == period.strip(), "period"].iloc[0]
    full = local[~local["partial"] & local["value"].notna()]
    if full.empty:
        full = local[local["value"].notna()]
    if full.empty:
        raise CpdeskError("no values to summarise for this area.")
    # The user's own files come before the built-in figures, and the kind of period most
    # indicators are reported by (quarters, years) before one a few report by (academic years).
    own = full[full["table"] != NATIONAL_TABLE]
    if len(own):
        full = own
    kinds = full.groupby("period_kind")["indicator"].nunique()
    full = full[full["period_kind"] == kinds.idxmax()]
    stats = full.groupby("period").agg(end=("period_end", "max"), start=("period_start", "min"), n=("indicator", "nunique"))
    stats["length"] = stats["end"] - stats["start"]
    stats = stats.sort_values(["end", "n", "length"], ascending=[False, False, False])
    return str(stats.index[0])


def _ordered_periods(df: pd.DataFrame) -> list[str]:
    return list(df.sort_values("period_end").drop_duplicates("period")["period"])


#: The grid's kind of column for each kind of period; a snapshot at the column's end (31 March
#: for a year, a quarter's or month's last day) is shown in it (:func:`cpdesk.grid.bucket`).
_GRANULARITY_OF_KIND = {"year": "years", "quarter": "quarters", "month": "months"}


def _column_of(label: str) -> tuple[str, np.datetime64] | None:
    """(granularity, end) of the grid column a period label heads; None for other kinds."""
    p = parse_period(label)
    if p is None or p.partial or p.kind not in _GRANULARITY_OF_KIND or canonical_label(p) != label:
        return None
    return _GRANULARITY_OF_KIND[p.kind], np.datetime64(p.end, "D")


def _in_column(local: pd.DataFrame, column: tuple[str, np.datetime64]) -> np.ndarray:
    """Which of ``local``'s rows are snapshots the grid shows in ``column``."""
    from cpdesk.grid import bucket

    ok, ends = bucket(local, column[0])
    return ok & (local["period_kind"] == "snapshot").to_numpy() & (ends == column[1])


def _snapshot_columns(local: pd.DataFrame) -> list[frozenset]:
    """For each row of ``local``: the (granularity, end) of every grid column it is shown in
    as a snapshot (a 31 March snapshot is in that year's, Q4's and March's columns)."""
    out = [set() for _ in range(len(local))]
    snap = (local["period_kind"] == "snapshot").to_numpy()
    if snap.any():
        from cpdesk.grid import bucket

        for g in _GRANULARITY_OF_KIND.values():
            ok, ends = bucket(local, g)
            for i in np.flatnonzero(ok & snap):
                out[i].add((g, ends[i]))
    return [frozenset(c) for c in out]


@dataclass
class _Context:
    """What every period's summary needs, prepared once per area and comparator."""

    area: str
    local: pd.DataFrame
    compare_key: str
    comp_name: str
    comp_at: dict
    target_at: dict
    role_at: dict
    local_by_key: dict       # key -> list of row dicts (every period)
    targets_by_id: dict      # indicator id -> list of target row dicts


def _context(obs: pd.DataFrame, catalogue: Catalogue, area: str | None, compare: str) -> _Context:
    area = choose_area(obs, area)
    local = obs[obs["area"] == area]
    compare_key = compare.lower().strip() if compare else "england"
    others = obs[obs["area"] != area]
    if compare_key in COMPARATORS:
        comp_rows = others[others["area_role"] == compare_key]
        comp_name = COMPARATOR_NAMES[compare_key]
    else:
        comp_rows = others[others["area"].str.lower() == compare_key]
        if comp_rows.empty:
            raise CpdeskError(f"no values for comparator '{compare}'. Use england, neighbours, region, target or an area name.")
        comp_name = comp_rows["area"].iloc[0]
    targets = obs[obs["area_role"] == "target"]
    # Look-ups built once: filtering the whole frame per indicator was most of the time.
    local_by_key: dict[str, list[dict]] = {}
    national = (local["table"] == NATIONAL_TABLE).to_numpy()
    for rec, columns, builtin in zip(local.to_dict("records"), _snapshot_columns(local), national):
        rec["_columns"], rec["_builtin"] = columns, bool(builtin)
        local_by_key.setdefault(_key(rec), []).append(rec)
    targets_by_id: dict[str, list[dict]] = {}
    for rec in targets[targets["value"].notna()].to_dict("records"):
        if isinstance(rec["indicator"], str):
            targets_by_id.setdefault(rec["indicator"], []).append(rec)
    return _Context(area, local, compare_key, comp_name, _lookup(comp_rows), _lookup(targets),
                    {role: _lookup(others[others["area_role"] == role]) for role in NATIONAL_ROLES},
                    local_by_key, targets_by_id)


def _key(rec) -> str:
    ind = rec["indicator"]
    return row_key(rec["indicator"], rec["label"])


def build_summary(obs: pd.DataFrame, *, catalogue: Catalogue | None = None, area: str | None = None,
                  compare: str = "england", period: str | None = None) -> tuple[pd.DataFrame, SummaryChoice]:
    """One row per indicator with a value for ``area`` in ``period``, judged against ``compare``.

    ``compare`` is a role (england, neighbours, region, target) or the name of another area.
    """
    catalogue = catalogue or default_catalogue()
    ctx = _context(obs, catalogue, area, compare)
    chosen = choose_period(ctx.local, period)
    rows = _summary_rows(ctx, catalogue, chosen)
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS + EXTRA_COLUMNS), SummaryChoice(ctx.area, chosen, ctx.comp_name)


def _summary_rows(ctx: _Context, catalogue: Catalogue, chosen: str) -> list[dict]:
    order = {ind.id: i for i, ind in enumerate(catalogue)}
    groups: dict[str, list[dict]] = {}
    column = _column_of(chosen)
    for key, recs in ctx.local_by_key.items():
        # as the grid shows them: the period's own figures, and snapshots at its end ("at 31 March 2024" in 2023-24)
        in_period = [r for r in recs if r["period"] == chosen or (column is not None and column in r["_columns"])]
        if in_period:
            # as the grid chooses one: the user's own files first, then values before blanks
            groups[key] = sorted(in_period, key=lambda r: (r["_builtin"], as_number(r["value"]) is None))
    ordered = sorted(groups, key=lambda k: order.get(k, 1e9))  # stable: unknown keys keep their order
    rows = []
    for key in ordered:
        group = groups[key]
        row = next((r for r in group if as_number(r["value"]) is not None), group[0])
        ind_id, label = row["indicator"], row["label"]
        ind = catalogue.get(ind_id) if isinstance(ind_id, str) else None
        note = _differences(group, row, ind.decimals if ind else 1)
        polarity = ind.polarity if ind else "none"
        decimals = ind.decimals if ind else 1
        prev_row = _previous_row(ctx.local_by_key[key], row, column)
        prev = None if prev_row is None else (str(prev_row["period"]), float(prev_row["value"]))
        periods = (row["period"], chosen)      # a snapshot's own date first, then the column's period

        def at(lookup, periods=periods, key=key):
            return next((lookup[(key, p)] for p in periods if (key, p) in lookup), None)

        comp = at(ctx.comp_at)
        target = at(ctx.target_at) if ctx.compare_key != "target" else comp
        if target is None:
            target = _covering_target(ctx.targets_by_id.get(ind_id, []) if isinstance(ind_id, str) else [], row)
        value = as_number(row["value"])
        roles = {role: at(ctx.role_at[role]) for role in NATIONAL_ROLES}
        rows.append({
            "indicator_id": ind_id if ind else None,
            "indicator": ind.name if ind else label,
            "polarity": polarity,
            "unit": ind.unit if ind else "",
            "period": chosen,
            "value": value,
            "numerator": as_number(row["numerator"]),
            "denominator": as_number(row["denominator"]),
            "previous_period": prev[0] if prev else None,
            "previous_value": prev[1] if prev else None,
            "direction": direction(value, prev[1], polarity, decimals=decimals) if prev else None,
            "comparator": ctx.comp_name,
            "comparator_value": comp,
            "vs_comparator": vs_comparator(value, comp, polarity, numerator=as_number(row["numerator"]),
                                           denominator=as_number(row["denominator"]),
                                           tolerance_pct=ind.tolerance_pct if ind else 5.0),
            "target": target,
            "vs_target": vs_target(value, target, polarity, tolerance_pct=ind.target_tolerance_pct if ind else 10.0),
            "flag": row["flag"],
            "note": " ".join(x for x in (row["note"], note) if x),
            "source": row_source(row["source_prefix"], row["cell"]),
            "indicator_key": ind_id if ind else row_key(None, label),
            "group": ind.group if ind else "",
            "decimals": decimals,
            "neighbours_value": roles["neighbours"],
            "england_value": roles["england"],
            "region_value": roles["region"],
            "numerator_id": ind.numerator if ind else None,
            "previous_numerator": as_number(prev_row["numerator"]) if prev_row is not None else None,
            "previous_denominator": as_number(prev_row["denominator"]) if prev_row is not None else None,
            "period_label": row["period_label"] or chosen,
            "period_start": row["period_start"],
            "period_end": row["period_end"],
            "period_kind": row["period_kind"],
            "partial": bool(row["partial"]),
        })
    return rows


def _differences(group: list[dict], row: dict, decimals: int) -> str:
    """Say so when two sources give different values for the same indicator and period."""
    value = as_number(row["value"])
    others = [r for r in group if r is not row and as_number(r["value"]) is not None]
    if value is not None:
        others = [r for r in others if round(r["value"], decimals) != round(value, decimals)]
    if not others:
        return ""
    alt = "; ".join(f"{r['value']:g} in {row_source(r['source_prefix'], r['cell'])}" for r in others)
    return f"Differs from {alt}."


def _previous_row(same: list[dict], row: dict, column: tuple | None = None) -> dict | None:
    """The previous comparable period's row: same kind and length, ending before this one starts.

    A snapshot shown in a grid ``column`` (a year's) is compared with one shown in an
    earlier column of the same kind (the previous 31 March, not the September between).
    """
    length = row["period_end"] - row["period_start"]
    tolerance = pd.Timedelta(days=3)
    granularity = column[0] if column is not None and column in row.get("_columns", ()) else None
    best = None
    for r in same:
        if granularity is not None and not any(g == granularity for g, _ in r["_columns"]):
            continue
        if (r["period_kind"] == row["period_kind"] and r["partial"] == row["partial"]
                and r["period_end"] < row["period_start"] and as_number(r["value"]) is not None
                and abs((r["period_end"] - r["period_start"]) - length) <= tolerance
                and (best is None or r["period_end"] >= best["period_end"])):
            best = r
    return best


def _lookup(rows: pd.DataFrame) -> dict[tuple[str, str], float]:
    """(indicator id or "label:<label>", period) -> the first value given for it in ``rows``."""
    sel = rows[rows["value"].notna()]
    keys = row_keys(sel)
    out: dict[tuple[str, str], float] = {}
    for k, p, v in zip(keys, sel["period"], sel["value"]):
        out.setdefault((k, p), float(v))
    return out


def _covering_target(targets: list[dict], row: dict) -> float | None:
    """A target set for a longer period (the year) that contains this one (a quarter)."""
    for t in targets:
        if t["period_start"] <= row["period_start"] and t["period_end"] >= row["period_end"]:
            return float(t["value"])
    return None


def build_summaries(obs: pd.DataFrame, *, catalogue: Catalogue | None = None, area: str | None = None,
                    compare: str = "england", periods=None) -> tuple[pd.DataFrame, SummaryChoice]:
    """The summary for several periods at once: :func:`build_summary` per period, stacked.

    ``periods`` is a list of period labels, or None for the latest full period. The
    returned choice names the periods joined with ", ".
    """
    if not periods or isinstance(periods, str):
        return build_summary(obs, catalogue=catalogue, area=area, compare=compare, period=periods or None)
    catalogue = catalogue or default_catalogue()
    ctx = _context(obs, catalogue, area, compare)
    rows, chosen = [], []
    for p in periods:
        label = choose_period(ctx.local, p)
        if label in chosen:
            continue
        chosen.append(label)
        rows.extend(_summary_rows(ctx, catalogue, label))
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS + EXTRA_COLUMNS)
    return out, SummaryChoice(ctx.area, ", ".join(chosen), ctx.comp_name)


def available_periods(obs: pd.DataFrame, area: str | None = None) -> list[str]:
    """Canonical labels of the periods with values for ``area`` (default: the one LA), oldest first."""
    local = obs[obs["area"] == choose_area(obs, area)]
    return _ordered_periods(local[local["value"].notna() | local["flag"].notna()])


__all__ = ["SUMMARY_COLUMNS", "EXTRA_COLUMNS", "build_summaries", "available_periods", "build_summary", "choose_area", "choose_period", "local_areas", "SummaryChoice"]
