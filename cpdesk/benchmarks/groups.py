"""The user's own comparison groups: a named list of authorities, compared as neighbours are.

A group (the core cities of a region, the neighbours of an older model, the authorities an
inspection named) is kept in the workspace as ``{"name": ..., "members": [LA codes]}``.
Its figures come from the built-in national data by the rules of the statistical
neighbours' mean (:func:`cpdesk.benchmarks.profile.profile`): for each indicator and year,
the mean of the members' values with missing ones ignored, with how many were used, and
their median. The chosen authority's rank within the group (1 = best by polarity, ties
sharing the best rank) is said in each figure's note.

The figures are observations with area role ``group`` and the group's name as the area, so
the grid, trends and exports offer the group wherever they offer a comparator.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from cpdesk.benchmarks.authorities import find_la
from cpdesk.benchmarks.data import BenchmarkData, load_benchmarks, period_for
from cpdesk.benchmarks.profile import rank_in_rows
from cpdesk.errors import CpdeskError
from cpdesk.observations import COLUMNS, normalise_frame
from cpdesk.periods import canonical_label
from cpdesk.vocabulary import GROUP_ROLE, NATIONAL_TABLE

MAX_NAME = 60


def check_groups(groups, data: BenchmarkData | None = None) -> list[dict]:
    """Groups as the workspace keeps them: named, members as 3-digit LA codes, no duplicates.

    Raises
    ------
    CpdeskError
        A group has no name, a name used twice or the name of a comparator role, fewer than
        two members, or a member cpdesk does not know.
    """
    from cpdesk.vocabulary import comparator_role
    data = data or load_benchmarks()
    out, seen = [], set()
    for g in groups or []:
        name = " ".join(str(g.get("name") or "").split())[:MAX_NAME]
        if not name:
            raise CpdeskError("Give the comparison group a name.")
        if name.casefold() in seen:
            raise CpdeskError(f"There are two comparison groups called '{name}': give each its own name.")
        if comparator_role(name) is not None:
            raise CpdeskError(f"'{name}' is the name of a comparator already: give the group another name.")
        seen.add(name.casefold())
        members = []
        for m in g.get("members") or []:
            code = find_la(data, str(m)).la_code
            if code not in members:
                members.append(code)
        if len(members) < 2:
            raise CpdeskError(f"The comparison group '{name}' needs at least two authorities.")
        out.append({"name": name, "members": members})
    return out


def group_frame(data: BenchmarkData, members, la_code: str | None = None) -> pd.DataFrame:
    """Per indicator and year: the members' mean (n used of how many), median, and ``la_code``'s rank among them.

    The rank is among the members and the authority itself (once, if it is a member).
    Columns: indicator, year, mean, n, of, median, rank, rank_of.
    """
    codes = [c for c in dict.fromkeys(str(m) for m in members) if c in set(data.la_codes())]
    matrix = data.value_matrix()
    if not codes or matrix.empty:
        return pd.DataFrame(columns=["indicator", "year", "mean", "n", "of", "median", "rank", "rank_of"])
    values = matrix[codes].to_numpy(dtype=float)
    n = (~np.isnan(values)).sum(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.where(n > 0, np.nanmean(values, axis=1), np.nan)
        median = np.where(n > 0, np.nanmedian(values, axis=1), np.nan)
    inds = matrix.index.get_level_values(0).to_numpy(dtype=object)
    years = matrix.index.get_level_values(1).to_numpy(dtype=int)
    rank = np.full(len(inds), np.nan)
    rank_of = n.copy()
    if la_code and la_code in matrix.columns:
        own = matrix[la_code].to_numpy(dtype=float)
        pool = values if la_code in codes else np.column_stack([values, own])
        polarity = np.array([(data.catalogue.get(i).polarity if data.catalogue.get(i) else "none") for i in inds],
                            dtype=object)
        rank, rank_of = rank_in_rows(pool, own, polarity)
        rank[~np.isin(polarity, ("higher", "lower"))] = np.nan
    keep = n > 0
    return pd.DataFrame({"indicator": inds[keep], "year": years[keep], "mean": mean[keep], "n": n[keep],
                         "of": len(codes), "median": median[keep], "rank": rank[keep], "rank_of": rank_of[keep]})


def group_observations(data: BenchmarkData, group: dict, la_code: str | None = None) -> pd.DataFrame:
    """One group's figures as observations (area: the group's name, role ``group``)."""
    frame = group_frame(data, group["members"], la_code)
    la_name = None
    if la_code:
        try:
            la_name = find_la(data, la_code).name
        except CpdeskError:
            la_name = None
    name = group["name"]
    rows = []
    for r in frame.itertuples(index=False):
        ind = data.catalogue.get(r.indicator)
        decimals = ind.decimals if ind else 1
        period = period_for(data.period_kind(r.indicator), int(r.year))
        note = f"mean of {int(r.n)} of {int(r.of)} authorities' values; median {r.median:,.{decimals}f}"
        if la_name and not np.isnan(r.rank):
            note += f"; {la_name} ranks {int(r.rank)} of {int(r.rank_of)} in this group (1 = best)"
        rows.append({
            "indicator": r.indicator, "label": ind.name if ind else r.indicator, "area": name,
            "area_role": GROUP_ROLE, "period": canonical_label(period), "period_label": period.label,
            "period_start": period.start, "period_end": period.end, "period_kind": period.kind, "partial": False,
            "value": float(r.mean), "numerator": None, "denominator": None, "flag": None, "note": note,
            "source_prefix": f"Built-in national data › mean of {int(r.n)} authorities in '{name}' › {period.label}",
            "file": "Built-in national data", "sheet": name, "cell": "", "table": NATIONAL_TABLE,
        })
    return normalise_frame(pd.DataFrame(rows, columns=COLUMNS))


def groups_observations(groups, la_code: str | None = None, data: BenchmarkData | None = None) -> pd.DataFrame:
    """Every group's figures as one observations frame."""
    data = data or load_benchmarks()
    frames = [group_observations(data, g, la_code) for g in groups]
    frames = [f for f in frames if len(f)]
    if not frames:
        return normalise_frame(pd.DataFrame(columns=COLUMNS))
    return normalise_frame(pd.concat(frames, ignore_index=True))


__all__ = ["GROUP_ROLE", "check_groups", "group_frame", "group_observations", "groups_observations"]
