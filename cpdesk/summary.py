"""The summary: one row per indicator for a chosen area, period and comparator.

This is what ``cpdesk summary`` writes and what the committee table is built from.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cpdesk.catalogue import Catalogue, default_catalogue
from cpdesk.errors import CpdeskError
from cpdesk.judgements import direction, vs_comparator, vs_target
from cpdesk.periods import Period, canonical_label, parse_period

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
COMPARATORS = ("england", "neighbours", "region", "target")
COMPARATOR_NAMES = {"england": "England", "neighbours": "Statistical neighbours", "region": "Region", "target": "Target"}


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
        if wanted not in known and period.strip() not in known:
            raise CpdeskError(f"no values for period '{period}'. Periods in the data: {', '.join(_ordered_periods(local)[-8:])}.")
        return wanted if wanted in set(local["period"]) else local.loc[local["period_label"] == period.strip(), "period"].iloc[0]
    full = local[~local["partial"] & local["value"].notna()]
    if full.empty:
        full = local[local["value"].notna()]
    if full.empty:
        raise CpdeskError("no values to summarise for this area.")
    stats = full.groupby("period").agg(end=("period_end", "max"), start=("period_start", "min"), n=("indicator", "nunique"))
    stats["length"] = stats["end"] - stats["start"]
    stats = stats.sort_values(["end", "n", "length"], ascending=[False, False, False])
    return str(stats.index[0])


def _ordered_periods(df: pd.DataFrame) -> list[str]:
    return list(df.sort_values("period_end").drop_duplicates("period")["period"])


def build_summary(obs: pd.DataFrame, *, catalogue: Catalogue | None = None, area: str | None = None,
                  compare: str = "england", period: str | None = None) -> tuple[pd.DataFrame, SummaryChoice]:
    """One row per indicator with a value for ``area`` in ``period``, judged against ``compare``.

    ``compare`` is a role (england, neighbours, region, target) or the name of another area.
    """
    catalogue = catalogue or default_catalogue()
    area = choose_area(obs, area)
    local = obs[obs["area"] == area]
    chosen = choose_period(local, period)
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
    by_role = {role: others[others["area_role"] == role] for role in ("neighbours", "england", "region")}

    rows = []
    in_period = local[local["period"] == chosen]
    order = {ind.id: i for i, ind in enumerate(catalogue)}
    keys = in_period.assign(_order=in_period["indicator"].map(order).fillna(1e9),
                            _key=in_period["indicator"].where(in_period["indicator"].notna(), "label:" + in_period["label"]))
    keys = keys.sort_values("_order", kind="stable")
    for _, group in keys.groupby("_key", sort=False):
        row = group.loc[group["value"].notna()].iloc[0] if group["value"].notna().any() else group.iloc[0]
        ind_id, label = row["indicator"], row["label"]
        ind = catalogue.get(ind_id) if isinstance(ind_id, str) else None
        note = _differences(group, row, ind.decimals if ind else 1)
        polarity = ind.polarity if ind else "none"
        decimals = ind.decimals if ind else 1
        same = local[(local["indicator"] == ind_id) if ind_id else (local["label"] == label)]
        prev = _previous(same, row)
        comp = _value_at(comp_rows, ind_id, label, chosen)
        target = _value_at(targets, ind_id, label, chosen) if compare_key != "target" else comp
        if target is None:
            target = _covering_target(targets, ind_id, row)
        value = _num(row["value"])
        prev_row = _previous_row(same, row)
        roles = {role: _value_at(by_role[role], ind_id, label, chosen) for role in ("neighbours", "england", "region")}
        rows.append({
            "indicator_id": ind_id if ind else None,
            "indicator": ind.name if ind else label,
            "polarity": polarity,
            "unit": ind.unit if ind else "",
            "period": chosen,
            "value": value,
            "numerator": _num(row["numerator"]),
            "denominator": _num(row["denominator"]),
            "previous_period": prev[0] if prev else None,
            "previous_value": prev[1] if prev else None,
            "direction": direction(value, prev[1], polarity, decimals=decimals) if prev else None,
            "comparator": comp_name,
            "comparator_value": comp,
            "vs_comparator": vs_comparator(value, comp, polarity, numerator=_num(row["numerator"]),
                                           denominator=_num(row["denominator"]),
                                           tolerance_pct=ind.tolerance_pct if ind else 5.0),
            "target": target,
            "vs_target": vs_target(value, target, polarity, tolerance_pct=ind.target_tolerance_pct if ind else 10.0),
            "flag": row["flag"],
            "note": " ".join(x for x in (row["note"], note) if x),
            "source": row["source"],
            "indicator_key": ind_id if ind else f"label:{label}",
            "group": ind.group if ind else "",
            "decimals": decimals,
            "neighbours_value": roles["neighbours"],
            "england_value": roles["england"],
            "region_value": roles["region"],
            "numerator_id": ind.numerator if ind else None,
            "previous_numerator": _num(prev_row["numerator"]) if prev_row is not None else None,
            "previous_denominator": _num(prev_row["denominator"]) if prev_row is not None else None,
            "period_label": row["period_label"] or chosen,
            "period_start": row["period_start"],
            "period_end": row["period_end"],
            "period_kind": row["period_kind"],
            "partial": bool(row["partial"]),
        })
    df = pd.DataFrame(rows, columns=SUMMARY_COLUMNS + EXTRA_COLUMNS)
    return df, SummaryChoice(area, chosen, comp_name)


def _differences(group: pd.DataFrame, row, decimals: int) -> str:
    """Say so when two sources give different values for the same indicator and period."""
    others = group[(group.index != row.name) & group["value"].notna()]
    differing = others[(others["value"].round(decimals) != round(row["value"], decimals))] if pd.notna(row["value"]) else others
    if differing.empty:
        return ""
    alt = "; ".join(f"{v:g} in {src}" for v, src in zip(differing["value"], differing["source"]))
    return f"Differs from {alt}."


def _num(v):
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)


def _previous(same: pd.DataFrame, row) -> tuple[str, float] | None:
    """The previous comparable period's value: same kind and length, ending before this one starts."""
    best = _previous_row(same, row)
    return None if best is None else (str(best["period"]), float(best["value"]))


def _previous_row(same: pd.DataFrame, row):
    cands = same[(same["period_kind"] == row["period_kind"]) & (same["partial"] == row["partial"])
                 & (same["period_end"] < row["period_start"]) & same["value"].notna()]
    if cands.empty:
        return None
    length = row["period_end"] - row["period_start"]
    cands = cands[(cands["period_end"] - cands["period_start"] - length).abs() <= pd.Timedelta(days=3)]
    if cands.empty:
        return None
    return cands.sort_values("period_end").iloc[-1]


def _value_at(rows: pd.DataFrame, ind_id, label, period: str) -> float | None:
    sel = rows[(rows["period"] == period) & rows["value"].notna()]
    sel = sel[sel["indicator"] == ind_id] if isinstance(ind_id, str) else sel[sel["label"] == label]
    return float(sel["value"].iloc[0]) if len(sel) else None


def _covering_target(targets: pd.DataFrame, ind_id, row) -> float | None:
    """A target set for a longer period (the year) that contains this one (a quarter)."""
    if not isinstance(ind_id, str) or targets.empty:
        return None
    sel = targets[(targets["indicator"] == ind_id) & targets["value"].notna()
                  & (targets["period_start"] <= row["period_start"]) & (targets["period_end"] >= row["period_end"])]
    return float(sel["value"].iloc[0]) if len(sel) else None


def build_summaries(obs: pd.DataFrame, *, catalogue: Catalogue | None = None, area: str | None = None,
                    compare: str = "england", periods=None) -> tuple[pd.DataFrame, SummaryChoice]:
    """The summary for several periods at once: :func:`build_summary` per period, stacked.

    ``periods`` is a list of period labels, or None for the latest full period. The
    returned choice names the periods joined with ", ".
    """
    if not periods or isinstance(periods, str):
        return build_summary(obs, catalogue=catalogue, area=area, compare=compare, period=periods or None)
    frames, chosen, choice = [], [], None
    for p in periods:
        df, choice = build_summary(obs, catalogue=catalogue, area=area, compare=compare, period=p)
        frames.append(df)
        chosen.append(choice.period)
    out = pd.concat([f for f in frames if not f.empty] or frames[:1], ignore_index=True)
    return out, SummaryChoice(choice.area, ", ".join(chosen), choice.compare)


def available_periods(obs: pd.DataFrame, area: str | None = None) -> list[str]:
    """Canonical labels of the periods with values for ``area`` (default: the one LA), oldest first."""
    local = obs[obs["area"] == choose_area(obs, area)]
    return _ordered_periods(local[local["value"].notna() | local["flag"].notna()])


__all__ = ["SUMMARY_COLUMNS", "EXTRA_COLUMNS", "build_summaries", "available_periods", "build_summary", "choose_area", "choose_period", "local_areas", "SummaryChoice", "Period"]
