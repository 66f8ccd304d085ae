"""The built-in national figures as the window needs them: an LA list, one LA's frame, its ranks.

A thin adapter over :mod:`cpdesk.benchmarks`, so the LA chooser and the first grid (the
chosen LA with its neighbours, region and England) ask one place.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cpdesk.errors import CpdeskError
from cpdesk.observations import empty_frame



@dataclass(frozen=True)
class AuthorityChoice:
    code: str
    name: str
    region: str


def attribution() -> str:
    """The Open Government Licence line for the national figures."""
    from cpdesk import benchmarks
    try:
        return benchmarks.attribution()
    except OSError:
        return "Contains public sector information licensed under the Open Government Licence v3.0."


def authorities() -> list[AuthorityChoice]:
    """Current local authorities, by name."""
    from cpdesk import benchmarks
    la = benchmarks.local_authorities()
    latest = la["last_year"].max()
    current = la[la["last_year"] == latest]
    out = [AuthorityChoice(str(c), str(n), str(r))
           for c, n, r in zip(current["la_code"], current["la_name"], current["region_name"])]
    return sorted(out, key=lambda a: a.name.lower())


def find_authority(code_or_name: str) -> AuthorityChoice | None:
    from cpdesk import benchmarks
    try:
        la = benchmarks.find_la(str(code_or_name))
    except CpdeskError:
        return None
    return AuthorityChoice(la.la_code, la.name, la.region_name)


def figures_for(code: str) -> pd.DataFrame:
    """Observations of one LA's built-in figures with its neighbours' mean, region and England."""
    from cpdesk import benchmarks
    try:
        return benchmarks.national_observations(code)
    except CpdeskError:
        return empty_frame()


def rank_table(code: str) -> pd.DataFrame:
    """Rank (1 best) and quartile band (A best) among all LAs: indicator, period_end, rank, of, band."""
    from cpdesk import benchmarks
    prof = benchmarks.profile(code)
    prof = prof[prof["rank"].notna()]
    ends = [pd.Timestamp(benchmarks.period_for(k, int(y)).end) for k, y in zip(prof["period_kind"], prof["year"])]
    return pd.DataFrame({"indicator": prof["indicator"].to_numpy(), "period_end": ends,
                         "rank": prof["rank"].to_numpy(), "of": prof["rank_of"].to_numpy(),
                         "band": prof["quartile"].to_numpy()})
