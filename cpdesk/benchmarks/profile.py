"""An authority's profile: its figures beside its neighbours, region, England, rank and quartile.

Statistical neighbours' mean follows LAIT: the mean of the neighbours' values for that
indicator and year, ignoring missing ones, with how many were used. Rank is among all
authorities with a value that existed that year (1 = best by polarity, ties share the best
rank; highest first for indicators with no polarity) and the quartile band is ``ceil(4 r / n)``
as A-D, exactly as :func:`cpdesk.judgements.ranks` and :func:`cpdesk.judgements.quartile_bands`.
"""
from __future__ import annotations

import difflib
import math
import warnings

import numpy as np
import pandas as pd

from cpdesk import judgements
from cpdesk.benchmarks.authorities import LocalAuthority, check_model, find_la, neighbours
from cpdesk.benchmarks.data import DEFAULT_MODEL, ENGLAND, BenchmarkData, period_for
from cpdesk.catalogue import Indicator
from cpdesk.errors import CpdeskError

#: Columns of a profile frame, in order.
PROFILE_COLUMNS = [
    "indicator", "name", "year", "period", "period_kind", "polarity", "unit", "decimals",
    "la_value", "la_numerator", "la_denominator", "la_flag", "source",
    "neighbours_mean", "neighbours_n", "neighbours_of", "neighbours_median",
    "region_value", "england_value", "rank", "rank_of", "quartile",
    "previous_value", "change", "vs_neighbours", "vs_region", "vs_england", "direction",
]


def resolve_indicators(data: BenchmarkData, wanted) -> list[str] | None:
    """Catalogue ids for ``wanted`` (ids or official codes such as ``PrevRegCPR``); None means all."""
    if not wanted:
        return None
    if isinstance(wanted, str):
        wanted = [wanted]
    have = set(data.measures["indicator"])
    out = []
    for w in wanted:
        ind = data.catalogue.get(w) or data.catalogue.by_code(w)
        if ind is None or ind.id not in have:
            close = difflib.get_close_matches(w, sorted(have), n=3, cutoff=0.5)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise CpdeskError(f"No built-in national figures for indicator {w!r}.{hint} "
                              "'cpdesk benchmarks --la NAME' lists them all.")
        out.append(ind.id)
    return out


def rank_in_rows(matrix: np.ndarray, own: np.ndarray, polarity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rank of ``own[i]`` among the non-missing values of ``matrix[i]``, and how many were ranked.

    ``polarity[i]`` is ``lower`` (smallest best) or anything else (largest first). Ties share
    the best rank. NaN where ``own`` is missing.
    """
    valid = ~np.isnan(matrix)
    n = valid.sum(axis=1)
    lower = (polarity == "lower")[:, None]
    with np.errstate(invalid="ignore"):
        better = np.where(lower, matrix < own[:, None], matrix > own[:, None]) & valid
    rank = better.sum(axis=1).astype(float) + 1
    rank[np.isnan(own)] = np.nan
    return rank, n


def quartile_from_rank(rank: float, n: int, polarity: str) -> str | None:
    if polarity not in ("higher", "lower") or math.isnan(rank) or n == 0:
        return None
    return "ABCD"[min(3, int(math.ceil(4 * rank / n)) - 1)]


def profile(data: BenchmarkData, la: LocalAuthority | str, model: int | str | None = DEFAULT_MODEL,
            indicators=None, years=None) -> pd.DataFrame:
    """The authority's figures for every indicator and year it has, with its comparators.

    Parameters
    ----------
    data : BenchmarkData
    la : LocalAuthority or str
        The authority, or a name or code for :func:`find_la`.
    model : 2025 or 2021
        Statistical neighbour model.
    indicators : list of str, optional
        Catalogue ids or official codes; all by default.
    years : iterable of int, optional
        Years ending March (source ``time_period``); all by default.

    Returns
    -------
    DataFrame
        One row per indicator and year in which the authority has a value or a symbol,
        columns :data:`PROFILE_COLUMNS`, ordered as the catalogue and then by year.
    """
    auth = la if isinstance(la, LocalAuthority) else find_la(data, la)
    model = check_model(model)
    wanted = resolve_indicators(data, indicators)

    own = data.rows_of_area(auth.la_code)
    own = own.assign(indicator=own["indicator"].astype(str))
    if wanted is not None:
        own = own[own["indicator"].isin(wanted)]
    # The year before the first one asked for still gives the first one its change.
    own_all = pd.Series(own["value"].to_numpy(dtype=float),
                        index=pd.MultiIndex.from_arrays([own["indicator"].to_numpy(dtype=object),
                                                         own["year"].to_numpy(dtype=int)]))
    if years is not None:
        own = own[own["year"].isin([int(y) for y in years])]
    order = {ind.id: i for i, ind in enumerate(data.catalogue)}
    own = own.assign(_order=own["indicator"].map(order).fillna(len(order))).sort_values(["_order", "year"])
    if own.empty:
        return pd.DataFrame(columns=PROFILE_COLUMNS)

    inds = own["indicator"].to_numpy(dtype=object)
    yrs = own["year"].to_numpy(dtype=int)
    la_value = own["value"].to_numpy(dtype=float)
    keys = pd.MultiIndex.from_arrays([inds, yrs], names=["indicator", "year"])

    full = data.value_matrix().reindex(keys)
    codes = data.la_codes()
    matrix = full[codes].to_numpy(dtype=float)

    catalogue = data.catalogue
    meta = [catalogue.get(i) or Indicator(id=i, name=i, group="other", polarity="none", unit="number") for i in inds]
    polarity = np.array([m.polarity for m in meta], dtype=object)

    # Neighbours: mean and median of the neighbours' values, missing ones ignored.
    nbr = neighbours(data, auth, model)
    nbr_codes = [c for c in nbr["la_code"] if c in set(codes)]
    col_of = {c: i for i, c in enumerate(codes)}
    nb = matrix[:, [col_of[c] for c in nbr_codes]] if nbr_codes else np.full((len(inds), 0), np.nan)
    nb_n = (~np.isnan(nb)).sum(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        nb_mean = np.where(nb_n > 0, np.nanmean(nb, axis=1) if nb.shape[1] else np.nan, np.nan)
        nb_median = np.where(nb_n > 0, np.nanmedian(nb, axis=1) if nb.shape[1] else np.nan, np.nan)

    # Region and England.
    missing = np.full(len(inds), np.nan)
    region = full[auth.region_code].to_numpy(dtype=float) if auth.region_code in full.columns else missing
    england = full[ENGLAND].to_numpy(dtype=float) if ENGLAND in full.columns else missing

    # Rank among authorities that existed that year.
    active = data.active_mask(yrs, codes)
    ranked = np.where(active, matrix, np.nan)
    rank, rank_of = rank_in_rows(ranked, la_value, polarity)
    if auth.la_code in col_of:  # not ranked in a year the authority did not exist (Cafcass figures)
        rank[~active[:, col_of[auth.la_code]]] = np.nan
    quartile = [quartile_from_rank(r, int(n), p) for r, n, p in zip(rank, rank_of, polarity)]

    # Previous year (same indicator, year - 1).
    previous = own_all.reindex(pd.MultiIndex.from_arrays([inds, yrs - 1])).to_numpy(dtype=float)

    num = own["numerator"].to_numpy(dtype=float)
    den = own["denominator"].to_numpy(dtype=float)
    vs_n, vs_r, vs_e, direction = [], [], [], []
    for i, m in enumerate(meta):
        v = _f(la_value[i])
        nn, dd = (_f(num[i]), _f(den[i])) if m.unit == "percent" else (None, None)
        kw = dict(numerator=nn, denominator=dd, tolerance_pct=m.tolerance_pct)
        vs_n.append(judgements.vs_comparator(v, _f(nb_mean[i]), m.polarity, **kw))
        vs_r.append(judgements.vs_comparator(v, _f(region[i]), m.polarity, **kw))
        vs_e.append(judgements.vs_comparator(v, _f(england[i]), m.polarity, **kw))
        direction.append(judgements.direction(v, _f(previous[i]), m.polarity, decimals=m.decimals))

    kinds = [data.period_kind(i) for i in inds]
    out = pd.DataFrame({
        "indicator": inds,
        "name": [m.name for m in meta],
        "year": yrs,
        "period": [period_for(k, y).label for k, y in zip(kinds, yrs)],
        "period_kind": kinds,
        "polarity": polarity,
        "unit": [m.unit for m in meta],
        "decimals": [m.decimals for m in meta],
        "la_value": la_value,
        "la_numerator": num,
        "la_denominator": den,
        "la_flag": pd.Series(own["flag"].astype(object).where(own["flag"].notna(), None).to_numpy(), dtype=object),
        "source": own["source"].astype(str).to_numpy(),
        "neighbours_mean": nb_mean,
        "neighbours_n": nb_n.astype(int),
        "neighbours_of": len(nbr),
        "neighbours_median": nb_median,
        "region_value": region,
        "england_value": england,
        "rank": rank,
        "rank_of": rank_of.astype(int),
        "quartile": pd.Series(quartile, dtype=object),
        "previous_value": previous,
        "change": la_value - previous,
        "vs_neighbours": vs_n,
        "vs_region": vs_r,
        "vs_england": vs_e,
        "direction": pd.Series(direction, dtype=object),
    })
    return out[PROFILE_COLUMNS].reset_index(drop=True)


def _f(x) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)
