"""Built-in national benchmarks for every English local authority (no network needed).

Published DfE figures (children in need census open data and the Local Authority
Interactive Tool), built into ``resources/benchmarks/`` by ``tools/build_benchmarks.py``.

Typical use::

    from cpdesk import benchmarks
    la = benchmarks.find_la("Barnet")               # or "302" or "E09000003"
    frame = benchmarks.profile(la, model=2025)      # LA vs neighbours, region, England
    obs = benchmarks.national_observations(la)      # canonical observations for the grid
    both = benchmarks.combine(imported, obs)        # disagreements noted, nothing dropped
    text = benchmarks.attribution()                 # Open Government Licence line for About/exports

The functions here use the data loaded once per process; the same functions taking a
:class:`BenchmarkData` first are in the submodules (tests build small ones by hand).
"""
from __future__ import annotations

import pandas as pd

from cpdesk.benchmarks import authorities as _auth
from cpdesk.benchmarks import combine as _combine
from cpdesk.benchmarks import profile as _profile
from cpdesk.benchmarks.authorities import LocalAuthority, year_ranges
from cpdesk.benchmarks.data import (DEFAULT_MODEL, ENGLAND, MODELS, BenchmarkData, attribution, load_benchmarks,
                                    period_for, read_benchmarks)
from cpdesk.benchmarks.profile import PROFILE_COLUMNS


def find_la(name_or_code: str) -> LocalAuthority:
    """An authority by name, 3-digit code or E-code; CpdeskError with the closest names if unknown."""
    return _auth.find_la(load_benchmarks(), name_or_code)


def local_authorities() -> pd.DataFrame:
    """All authorities (including former ones), one row each, indexed by 3-digit code."""
    return load_benchmarks().authorities.copy()


def neighbours(la, model: int | str | None = DEFAULT_MODEL) -> pd.DataFrame:
    return _auth.neighbours(load_benchmarks(), la, model)


def missing_years(la) -> list[int]:
    return _auth.missing_years(load_benchmarks(), la)


def history(la) -> str:
    return _auth.history(load_benchmarks(), la)


def profile(la, model: int | str | None = DEFAULT_MODEL, indicators=None, years=None) -> pd.DataFrame:
    return _profile.profile(load_benchmarks(), la, model, indicators=indicators, years=years)


def national_observations(la, model: int | str | None = DEFAULT_MODEL, indicators=None, years=None) -> pd.DataFrame:
    return _combine.national_observations(load_benchmarks(), la, model, indicators=indicators, years=years)


differences = _combine.differences
combine = _combine.combine

__all__ = ["BenchmarkData", "LocalAuthority", "DEFAULT_MODEL", "ENGLAND", "MODELS", "PROFILE_COLUMNS",
           "attribution", "combine", "differences", "find_la", "history", "load_benchmarks", "local_authorities",
           "missing_years", "national_observations", "neighbours", "period_for", "profile", "read_benchmarks",
           "year_ranges"]
