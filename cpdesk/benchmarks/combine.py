"""Built-in figures as observations, and putting them beside a council's own imported data.

:func:`national_observations` gives the built-in figures in the canonical columns of
:mod:`cpdesk.observations`: the authority (area role ``la``), its statistical neighbours'
mean (``neighbours``), its region (``region``) and England (``england``), so the grid shows
them exactly as it shows imported ones.

:func:`combine` puts imported and built-in observations together. Where both give a value
for the same indicator, area role and period and the two differ at the indicator's shown
precision, both rows are kept and each gets a note naming the other: cpdesk never silently
picks one.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from cpdesk.benchmarks.authorities import LocalAuthority, check_model, find_la
from cpdesk.benchmarks.data import DEFAULT_MODEL, ENGLAND, BenchmarkData, period_for
from cpdesk.benchmarks.profile import profile
from cpdesk.observations import COLUMNS, NATIONAL_TABLE, normalise_frame, with_sources
from cpdesk.periods import canonical_label

KEY = ["indicator", "area_role", "period", "period_kind"]


def national_observations(data: BenchmarkData, la: LocalAuthority | str, model: int | str | None = DEFAULT_MODEL,
                          indicators=None, years=None) -> pd.DataFrame:
    """The built-in figures for an authority and its comparators as an observations frame."""
    auth = la if isinstance(la, LocalAuthority) else find_la(data, la)
    model = check_model(model)
    prof = profile(data, auth, model, indicators=indicators, years=years)
    if prof.empty:
        return normalise_frame(pd.DataFrame(columns=COLUMNS))
    comp = data.comparator_values()["source"]
    inds = prof["indicator"].to_numpy(dtype=object)
    yrs = prof["year"].to_numpy(dtype=int)
    region_src = comp.reindex(pd.MultiIndex.from_arrays([inds, [auth.region_code] * len(inds), yrs])).astype(object).to_numpy()
    england_src = comp.reindex(pd.MultiIndex.from_arrays([inds, [ENGLAND] * len(inds), yrs])).astype(object).to_numpy()
    region_name = data.regions.get(auth.region_code, auth.region_name)
    nbr_area = f"Statistical neighbours ({model} model)"

    rows = []
    for i, r in enumerate(prof.itertuples(index=False)):
        period = period_for(r.period_kind, r.year)
        base = {
            "indicator": r.indicator, "label": r.name, "period": canonical_label(period),
            "period_label": period.label, "period_start": period.start, "period_end": period.end,
            "period_kind": period.kind, "partial": False, "table": NATIONAL_TABLE,
        }
        file, column, text = data.source_text(r.indicator, r.source, period)
        rows.append({**base, "area": auth.name, "area_role": "la", "value": r.la_value,
                     "numerator": r.la_numerator, "denominator": r.la_denominator, "flag": r.la_flag,
                     "note": "", "source_prefix": text, "file": file, "sheet": column, "cell": ""})
        if not np.isnan(r.neighbours_mean):
            rows.append({**base, "area": nbr_area, "area_role": "neighbours", "value": r.neighbours_mean,
                         "note": f"mean of {r.neighbours_n} of {r.neighbours_of} neighbours' values",
                         "source_prefix": f"Built-in national data › mean of {r.neighbours_n} statistical neighbours "
                                   f"({model} model) › {column} › {period.label}",
                         "file": "Built-in national data", "sheet": column, "cell": ""})
        for role, area, value, src in (("region", region_name, r.region_value, region_src[i]),
                                       ("england", "England", r.england_value, england_src[i])):
            if not np.isnan(value):
                f2, c2, t2 = data.source_text(r.indicator, src, period)
                rows.append({**base, "area": area, "area_role": role, "value": value, "note": "",
                             "source_prefix": t2, "file": f2, "sheet": c2, "cell": ""})
    return normalise_frame(pd.DataFrame(rows, columns=COLUMNS))


def _precision(indicator: str, catalogue) -> float:
    ind = catalogue.get(indicator) if indicator else None
    decimals = ind.decimals if ind is not None else 1
    return 0.5 * 10 ** (-decimals) + 1e-9


def differences(imported: pd.DataFrame, national: pd.DataFrame, catalogue=None) -> pd.DataFrame:
    """Pairs of imported and built-in values for the same indicator, area role and period that differ.

    Two values differ when they are further apart than half a unit of the indicator's last
    shown decimal place (24.46 and 24.5 agree at one decimal; 24.44 and 24.5 do not).
    Returns the key columns with ``imported_value``, ``national_value``, ``imported_source``,
    ``national_source`` and the row positions ``imported_row`` and ``national_row``.
    """
    from cpdesk.catalogue import default_catalogue
    catalogue = catalogue or default_catalogue()
    cols = KEY + ["value", "source"]
    imported, national = with_sources(imported), with_sources(national)
    a = imported[cols].reset_index(drop=True).rename_axis("imported_row").reset_index()
    b = national[cols].reset_index(drop=True).rename_axis("national_row").reset_index()
    a = a[a["indicator"].notna() & a["value"].notna()]
    b = b[b["indicator"].notna() & b["value"].notna()]
    pairs = a.merge(b, on=KEY, suffixes=("_imported", "_national"))
    if pairs.empty:
        return pd.DataFrame(columns=KEY + ["imported_value", "national_value", "imported_source", "national_source",
                                           "imported_row", "national_row"])
    tol = pairs["indicator"].map(lambda i: _precision(i, catalogue))
    pairs = pairs[(pairs["value_imported"] - pairs["value_national"]).abs() > tol]
    return pairs.rename(columns={"value_imported": "imported_value", "value_national": "national_value",
                                 "source_imported": "imported_source", "source_national": "national_source"})[
        KEY + ["imported_value", "national_value", "imported_source", "national_source", "imported_row", "national_row"]
    ].reset_index(drop=True)


def _fmt(value: float, indicator: str, catalogue) -> str:
    ind = catalogue.get(indicator)
    decimals = ind.decimals if ind is not None else 1
    return f"{value:,.{decimals}f}"


def _add_note(note: str, extra: str) -> str:
    return f"{note}; {extra}" if note else extra


def combine(imported: pd.DataFrame, national: pd.DataFrame, catalogue=None) -> pd.DataFrame:
    """Imported and built-in observations in one frame, with every disagreement noted on both rows.

    Nothing is dropped: where both give a different value for the same indicator, area role
    and period, the imported row's note says "differs from national figure X (source)" and
    the national row's note says "differs from imported figure Y (source)".
    """
    from cpdesk.catalogue import default_catalogue
    catalogue = catalogue or default_catalogue()
    imported = normalise_frame(imported.copy())
    national = normalise_frame(national.copy())
    diff = differences(imported, national, catalogue)
    for d in diff.itertuples(index=False):
        i, n = int(d.imported_row), int(d.national_row)
        imported.at[i, "note"] = _add_note(imported.at[i, "note"],
                                           f"differs from national figure {_fmt(d.national_value, d.indicator, catalogue)} "
                                           f"({d.national_source})")
        national.at[n, "note"] = _add_note(national.at[n, "note"],
                                           f"differs from imported figure {_fmt(d.imported_value, d.indicator, catalogue)} "
                                           f"({d.imported_source})")
    return normalise_frame(pd.concat([imported, national], ignore_index=True))
