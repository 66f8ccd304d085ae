"""The built-in national figures as the window needs them: an LA list, and one LA's frame.

A thin adapter over :mod:`cpdesk.benchmarks`, so the window's first grid (the chosen LA
with its neighbours, region and England) and the LA chooser ask one place.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cpdesk.judgements import quartile_bands, ranks
from cpdesk.observations import empty_frame, normalise_frame

BUILTIN_FILE = "Built-in national figures"


@dataclass(frozen=True)
class AuthorityChoice:
    code: str
    name: str
    region: str


def _data():
    from cpdesk.benchmarks.data import load_benchmarks
    return load_benchmarks()


def attribution() -> str:
    """The Open Government Licence line for the national figures."""
    try:
        from cpdesk.benchmarks.data import attribution as text
        return text()
    except (ImportError, OSError):
        return "Contains public sector information licensed under the Open Government Licence v3.0."


def authorities() -> list[AuthorityChoice]:
    """Current local authorities, by name."""
    la = _data().authorities
    latest = la["last_year"].max()
    current = la[la["last_year"] == latest]
    out = [AuthorityChoice(str(c), str(n), str(r))
           for c, n, r in zip(current["la_code"], current["la_name"], current["region_name"])]
    return sorted(out, key=lambda a: a.name.lower())


def find_authority(code_or_name: str) -> AuthorityChoice | None:
    want = str(code_or_name).strip().lower()
    for a in authorities():
        if a.code == want or a.name.lower() == want:
            return a
    return None


def figures_for(code: str, model: int | None = None) -> pd.DataFrame:
    """Observations frame of one LA's built-in figures with its neighbours' average, region and England.

    Area roles are ``la``, ``neighbours``, ``region`` and ``england``; the neighbours value
    is the mean of the neighbours' values, ignoring missing ones.
    """
    data = _data()
    if code not in data.authorities.index:
        return empty_frame()
    la = data.authorities.loc[code]
    parts = [_frame(data, data.rows_of_area(code), la["la_name"], "la")]
    region = la["region_code"]
    parts.append(_frame(data, data.rows_of_area(region), data.regions.get(region, la["region_name"]), "region"))
    parts.append(_frame(data, data.rows_of_area("E92000001"), "England", "england"))
    parts.append(_neighbour_average(data, code, model))
    parts = [p for p in parts if len(p)]
    return normalise_frame(pd.concat(parts, ignore_index=True)) if parts else empty_frame()


def _neighbour_average(data, code: str, model) -> pd.DataFrame:
    from cpdesk.benchmarks.data import DEFAULT_MODEL
    table = data.neighbours.get(model or DEFAULT_MODEL)
    if table is None:
        return empty_frame()
    codes = list(table.loc[table["la_code"] == code, "neighbour_code"])
    if not codes:
        return empty_frame()
    rows = data.values[data.values["area"].isin(codes) & data.values["value"].notna()]
    mean = (rows.assign(indicator=rows["indicator"].astype(str))
            .groupby(["indicator", "year"], observed=True)
            .agg(value=("value", "mean"), n=("value", "size"), source=("source", "first")).reset_index())
    mean["numerator"] = np.nan
    mean["denominator"] = np.nan
    mean["flag"] = None
    out = _frame(data, mean, "Statistical neighbours", "neighbours")
    out["note"] = [f"Mean of {n} of {len(codes)} neighbours" for n in mean["n"]]
    return out


def _frame(data, rows: pd.DataFrame, area: str, role: str) -> pd.DataFrame:
    from cpdesk.benchmarks.data import period_for
    from cpdesk.periods import canonical_label
    if not len(rows):
        return empty_frame()
    known = data.catalogue
    inds = rows["indicator"].astype(str).to_numpy()
    keep = np.array([i in known for i in inds])
    rows = rows[keep]
    inds = inds[keep]
    periods = [period_for(data.period_kind(i), int(y)) for i, y in zip(inds, rows["year"])]
    sources = rows["source"].astype(str).to_numpy()
    labels = [known[i].name for i in inds]
    out = pd.DataFrame({
        "indicator": inds, "label": labels, "area": area, "area_role": role,
        "period": [canonical_label(p) if p.kind != "academic_year" else p.label for p in periods],
        "period_label": [p.label for p in periods],
        "period_start": [p.start for p in periods], "period_end": [p.end for p in periods],
        "period_kind": [p.kind for p in periods], "partial": False,
        "value": rows["value"].to_numpy(), "numerator": rows["numerator"].to_numpy(),
        "denominator": rows["denominator"].to_numpy(),
        "flag": rows["flag"].astype(object).where(rows["flag"].notna(), None).to_numpy(),
        "note": "", "file": BUILTIN_FILE, "sheet": "", "cell": "", "table": "built-in",
        "source": [data.source_text(i, s, p)[2] for i, s, p in zip(inds, sources, periods)],
    })
    return out


def rank_table(code: str) -> pd.DataFrame:
    """Rank (1 best) and quartile band of one LA among all LAs: indicator, year-end date, rank, of, band."""
    data = _data()
    matrix = data.la_matrix()
    if code not in matrix.columns:
        return pd.DataFrame(columns=["indicator", "period_end", "rank", "of", "band"])
    out = []
    from cpdesk.benchmarks.data import period_for
    for (ind, year), row in zip(matrix.index, matrix.to_numpy()):
        if ind not in data.catalogue:
            continue
        polarity = data.catalogue[ind].polarity
        if polarity == "none":
            continue
        pos = matrix.columns.get_loc(code)
        if np.isnan(row[pos]):
            continue
        r = ranks(row, polarity)
        band = quartile_bands(row, polarity)[pos]
        out.append((ind, pd.Timestamp(period_for(data.period_kind(ind), int(year)).end), int(r[pos]),
                    int((~np.isnan(row)).sum()), band))
    return pd.DataFrame(out, columns=["indicator", "period_end", "rank", "of", "band"])
