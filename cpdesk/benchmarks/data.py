"""Loading the built-in national figures from ``resources/benchmarks/``.

The folder is built by ``tools/build_benchmarks.py`` from the published DfE files; see its
``SOURCES.md``. Loading reads a gzip CSV of about 150,000 values and a few small tables,
once per process (:func:`load_benchmarks` is cached).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from cpdesk.catalogue import Catalogue, default_catalogue
from cpdesk.errors import CpdeskError
from cpdesk.periods import Period, financial_year, snapshot
from cpdesk.resources import resource

ENGLAND = "E92000001"
MODELS = (2025, 2021)
DEFAULT_MODEL = 2025

#: Sources that are official statistics (the children in need census open data).
OPEN_DATA_SOURCES = ("d3", "d5", "b1", "c1")

_VALUE_DTYPES = {"indicator": "category", "area": "category", "year": "int16", "value": "float64",
                 "numerator": "float64", "denominator": "float64", "flag": "category", "source": "category"}


def benchmarks_dir() -> Path:
    return resource("benchmarks")


@lru_cache(maxsize=1)
def attribution() -> str:
    """The Open Government Licence attribution line to show wherever national figures are used."""
    return (benchmarks_dir() / "ATTRIBUTION.txt").read_text(encoding="utf-8").strip()


def period_for(kind: str, year: int) -> Period:
    """The period a built-in figure covers.

    ``year`` is the source's ``time_period`` / ``Years``: the financial year ending 31 March
    ``year`` (``year``), 31 March ``year`` (``snapshot``), or the academic year ending in the
    summer of ``year`` (``academic_year``, labelled "2019/20 academic year").
    """
    return _period_for(kind, int(year))


@lru_cache(maxsize=256)
def _period_for(kind: str, year: int) -> Period:
    if kind == "snapshot":
        return snapshot(dt.date(year, 3, 31))
    if kind == "academic_year":
        return Period(dt.date(year, 8, 31), dt.date(year - 1, 9, 1), "academic_year",
                      f"{year - 1}/{str(year)[2:]} academic year")
    return financial_year(year)


@dataclass
class BenchmarkData:
    """The built-in national figures, ready to query.

    Parameters
    ----------
    values : DataFrame
        indicator, area, year, value, numerator, denominator, flag, source. ``area`` is a
        3-digit LA code, or the ONS code of a region or England.
    authorities : DataFrame
        One row per local authority, indexed by ``la_code`` (see ``local_authorities.csv``).
    regions : dict
        ONS code -> name, for regions, Inner/Outer London and England.
    neighbours : dict
        Model year -> DataFrame with la_code, rank, neighbour_code, closeness.
    measures : DataFrame
        indicator, source, file, column, period_kind (one row per indicator and source).
    catalogue : Catalogue
    """

    values: pd.DataFrame
    authorities: pd.DataFrame
    regions: dict[str, str]
    neighbours: dict[int, pd.DataFrame]
    measures: pd.DataFrame
    catalogue: Catalogue
    _cache: dict = field(default_factory=dict, repr=False)

    # -- derived tables, computed once ------------------------------------------------
    def period_kind(self, indicator: str) -> str:
        kinds = self._cached("kinds", lambda: dict(zip(self.measures["indicator"], self.measures["period_kind"])))
        return kinds.get(indicator, "year")

    def rows_of_area(self, area: str) -> pd.DataFrame:
        """All values for one area (an LA code or an ONS code)."""
        index = self._cached("area_index", lambda: self.values.groupby("area", observed=True, sort=False).indices)
        pos = index.get(area)
        if pos is None:
            return self.values.iloc[0:0]
        return self.values.iloc[pos]

    def value_matrix(self) -> pd.DataFrame:
        """All values as a matrix: rows (indicator, year), one column per area code (LAs, regions, England)."""
        def build():
            # Plain numpy on the category codes: several times faster than pivot/unstack.
            v = self.values
            areas = v["area"].cat.categories
            col = v["area"].cat.codes.to_numpy()
            ind = v["indicator"].cat.codes.to_numpy().astype(np.int64)
            year = v["year"].to_numpy().astype(np.int64)
            keys, row = np.unique(ind * 10000 + year, return_inverse=True)
            matrix = np.full((len(keys), len(areas)), np.nan)
            matrix[row, col] = v["value"].to_numpy()
            names = np.asarray(v["indicator"].cat.categories, dtype=object)
            index = pd.MultiIndex.from_arrays([names[keys // 10000], keys % 10000], names=["indicator", "year"])
            return pd.DataFrame(matrix, index=index, columns=[str(a) for a in areas])
        return self._cached("value_matrix", build)

    def la_codes(self) -> list[str]:
        """Codes of the authorities that have values, in the column order of :meth:`value_matrix`."""
        return self._cached("la_codes", lambda: [c for c in self.value_matrix().columns if c in self.authorities.index])

    def la_matrix(self) -> pd.DataFrame:
        """LA values as a matrix: rows (indicator, year), one column per LA code."""
        return self._cached("la_matrix", lambda: self.value_matrix()[self.la_codes()])

    def comparator_values(self) -> pd.DataFrame:
        """Values of regions and England, indexed by (indicator, area, year)."""
        def build():
            comp = self.values[~self.values["area"].isin(self.authorities.index)]
            comp = comp.assign(indicator=comp["indicator"].astype(str), area=comp["area"].astype(str))
            return comp.set_index(["indicator", "area", "year"])[["value", "source"]].sort_index()
        return self._cached("comparators", build)

    def active_mask(self, years: np.ndarray, codes) -> np.ndarray:
        """Boolean (len(years), len(codes)): whether each LA existed in each year."""
        first = self.authorities["first_year"].reindex(codes).to_numpy(dtype=float)
        last = self.authorities["last_year"].reindex(codes).to_numpy(dtype=float)
        y = np.asarray(years, dtype=float)[:, None]
        return (y >= first[None, :]) & (y <= last[None, :])

    def years_with_official_data(self, la_code: str) -> set[int]:
        rows = self.rows_of_area(la_code)
        ok = rows["value"].notna() & rows["source"].isin(OPEN_DATA_SOURCES)
        return set(int(y) for y in rows.loc[ok, "year"].unique())

    def official_year_span(self) -> tuple[int, int]:
        def build():
            ok = self.values["source"].isin(OPEN_DATA_SOURCES)
            years = self.values.loc[ok, "year"]
            return (int(years.min()), int(years.max())) if len(years) else (0, -1)
        return self._cached("span", build)

    def source_text(self, indicator: str, source: str, period: Period) -> tuple[str, str, str]:
        """(file, column, full source text) for a built-in value."""
        files = self._cached("files", lambda: {(r.indicator, r.source): (r.file, r.column)
                                               for r in self.measures.itertuples(index=False)})
        file, column = files.get((indicator, source), (source, indicator))
        label = period.label
        if str(source).startswith("lait:"):
            return "LAIT", column, f"LAIT › {column} › {label}"
        return file, column, f"DfE open data › {file} › {column} › {label}"

    def _cached(self, key, build):
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]


def read_values_csv(path: Path) -> pd.DataFrame:
    """The tidy values table from ``values.csv.gz``."""
    return pd.read_csv(path, dtype=_VALUE_DTYPES, keep_default_na=False, na_values=[""])


def read_values_npz(path: Path) -> pd.DataFrame:
    """The same table from ``values.npz`` (text columns stored as codes into ``<column>_names``)."""
    with np.load(path, allow_pickle=False) as z:
        columns = {}
        for col in ("indicator", "area", "flag", "source"):
            columns[col] = pd.Categorical.from_codes(z[col], categories=pd.Index(z[f"{col}_names"].astype(str)))
        columns["year"] = z["year"].astype(np.int16)
        for col in ("value", "numerator", "denominator"):
            columns[col] = z[col].astype(np.float64)
    return pd.DataFrame(columns)


def _read_authorities(folder: Path) -> pd.DataFrame:
    la = pd.read_csv(folder / "local_authorities.csv", dtype=str, keep_default_na=False)
    for col in ("first_year", "last_year"):
        la[col] = pd.to_numeric(la[col], errors="coerce")
    return la.set_index("la_code", drop=False)


def read_benchmarks(folder: Path | None = None, catalogue: Catalogue | None = None) -> BenchmarkData:
    """Read the built-in national figures from ``folder`` (``resources/benchmarks``)."""
    folder = folder or benchmarks_dir()
    try:
        npz = folder / "values.npz"
        values = read_values_npz(npz) if npz.exists() else read_values_csv(folder / "values.csv.gz")
        authorities = _read_authorities(folder)
        regions_df = pd.read_csv(folder / "regions.csv", dtype=str, keep_default_na=False)
        neighbours = {model: pd.read_csv(folder / f"neighbours_{model}.csv", dtype={"la_code": str, "rank": int,
                                         "neighbour_code": str, "closeness": str}, keep_default_na=False)
                      for model in MODELS}
        measures = pd.read_csv(folder / "measures.csv", dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise CpdeskError(f"The built-in national figures in {folder} could not be read ({exc}). "
                          "Reinstall cpdesk or rebuild them with tools/build_benchmarks.py.") from exc
    return BenchmarkData(values=values, authorities=authorities,
                         regions=dict(zip(regions_df["area_code"], regions_df["area_name"])),
                         neighbours=neighbours, measures=measures, catalogue=catalogue or default_catalogue())


@lru_cache(maxsize=1)
def load_benchmarks() -> BenchmarkData:
    """The built-in national figures, read once per process."""
    return read_benchmarks()
