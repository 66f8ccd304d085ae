"""Observations written out by hand for the export tests, so every expected figure can be checked."""
from __future__ import annotations

import datetime as dt

from cpdesk.export.committee_table import build_committee_table
from cpdesk.observations import Observation, to_frame
from cpdesk.periods import financial_year, parse_period, quarter

AREA = "Northtown"
HOSTILE_LABEL = '=HYPERLINK("http://x","y")'
HOSTILE_CMD = "+cmd|' /C calc'!A0"
COMMENTARY = {
    "cpp_repeat_ever_pct": 'Fewer repeat plans, after the "edge of care" review, see page 3.',
    "icpc_15wd_pct": "@SUM(A1) conferences were delayed\nby the summer.",
    "rereferral_12m_pct": "-Still above target.",
}
FY24 = financial_year(2024)
FY23 = financial_year(2023)
QUARTERS = [quarter(2024, q) for q in (1, 2, 3, 4)]


def _o(ind, label, value, period, area=AREA, role="la", num=None, den=None, flag=None, note="", cell="B2"):
    if role in ("england", "neighbours"):   # as the built-in national figures give them
        return Observation(ind, label, area, role, period, value, num, den, flag, note, "DfE open data",
                           "cla_cp.csv › " + str(ind), "", table="national")
    return Observation(ind, label, area, role, period, value, num, den, flag, note, "perf.xlsx", "Scorecard", cell)


def observations():
    """A year with England, neighbours (built-in national figures) and targets, and four quarters whose counts add up.

    - cpp_started_count: Q1-Q4 = 20, 3, 25, 22; year 70 (Q2 is a small number).
    - cpp_repeat_ever_count: Q1-Q4 = 6, 2, 8, 9; year 25.
    - cpp_repeat_ever_pct: 30.0 (6/20), 66.7 (2/3), 32.0 (8/25), 40.9 (9/22); year 35.7 (25/70),
      2022-23 38.0; England 23.8, neighbours 23.1 (worse: lower is better).
    - icpc_15wd_pct 2023-24: 80.0 = 20/25, provisional (target 85: near; England 78.1: similar,
      inside the Wilson interval 60.9-91.1).
    - rereferral_12m_pct 2023-24: 24.4 (target 20: missed; England 22.4: worse), 2022-23: 23.0.
    - two unrecognised labels that a spreadsheet would run as formulas.
    """
    rows = []
    for q, started, repeat in zip(QUARTERS, (20, 3, 25, 22), (6, 2, 8, 9)):
        rows.append(_o("cpp_started_count", "Plans starting (number)", started, q))
        rows.append(_o("cpp_repeat_ever_count", "Repeat plans (number)", repeat, q))
        rows.append(_o("cpp_repeat_ever_pct", "Repeat plans (%)", round(100 * repeat / started, 1), q,
                       num=repeat, den=started))
    rows += [
        _o("cpp_started_count", "Plans starting (number)", 70, FY24),
        _o("cpp_repeat_ever_count", "Repeat plans (number)", 25, FY24),
        _o("cpp_repeat_ever_pct", "Repeat plans (%)", 35.7, FY24, num=25, den=70),
        _o("cpp_repeat_ever_pct", "Repeat plans (%)", 38.0, FY23, num=19, den=50),
        _o("cpp_repeat_ever_pct", "Repeat plans (%)", 23.8, FY24, area="England", role="england"),
        _o("cpp_repeat_ever_pct", "Repeat plans (%)", 23.1, FY24, area="Statistical neighbours", role="neighbours"),
        _o("icpc_15wd_pct", "ICPC in 15 days (%)", 80.0, FY24, num=20, den=25, note="provisional"),
        _o("icpc_15wd_pct", "ICPC in 15 days (%)", 78.1, FY24, area="England", role="england"),
        _o("icpc_15wd_pct", "ICPC in 15 days (%)", 80.3, FY24, area="Statistical neighbours", role="neighbours"),
        _o("icpc_15wd_pct", "ICPC in 15 days (%)", 85.0, FY24, area="Target", role="target"),
        _o("rereferral_12m_pct", "Re-referrals (%)", 24.4, FY24),
        _o("rereferral_12m_pct", "Re-referrals (%)", 23.0, FY23),
        _o("rereferral_12m_pct", "Re-referrals (%)", 22.4, FY24, area="England", role="england"),
        _o("rereferral_12m_pct", "Re-referrals (%)", 21.0, FY24, area="Statistical neighbours", role="neighbours"),
        _o("rereferral_12m_pct", "Re-referrals (%)", 20.0, FY24, area="Target", role="target"),
        _o(None, HOSTILE_LABEL, 12.0, FY24),
        _o(None, HOSTILE_CMD, 8.0, FY24),
    ]
    return to_frame(rows)


PRODUCED = dt.date(2024, 6, 3)


def year_table(**kw):
    """The 2023-24 table compared with England, with commentary."""
    kw.setdefault("commentary", COMMENTARY)
    return build_committee_table(observations(), area=AREA, compare="england", periods=["2023-24"],
                                 produced=PRODUCED, **kw)


def quarters_table(**kw):
    """Q1-Q4 2023-24 and the year, for the counts that add up."""
    return build_committee_table(observations(), area=AREA, compare="england",
                                 periods=["Q1 2023-24", "Q2 2023-24", "Q3 2023-24", "Q4 2023-24", "2023-24"],
                                 indicators=["cpp_started_count", "cpp_repeat_ever_count", "cpp_repeat_ever_pct"],
                                 produced=PRODUCED, **kw)


def parse(label):
    return parse_period(label)


def thirty_by_five():
    """30 indicators (the catalogue's first 30) over 5 financial years, with England, neighbours and targets."""
    import numpy as np

    from cpdesk.catalogue import default_catalogue
    rng = np.random.default_rng(7)
    rows = []
    for n, ind in enumerate(list(default_catalogue())[:30]):
        for fy in range(2020, 2025):
            p = financial_year(fy)
            count = ind.unit == "count"
            den = float(rng.integers(40, 400))
            num = float(rng.integers(0, int(den) + 1))
            value = num if count else round(100 * num / den, 1)
            rows.append(Observation(ind.id, ind.name, AREA, "la", p, value, None if count else num,
                                    None if count else den, None, "", "perf.xlsx", "Scorecard", f"B{n + 2}"))
            rows.append(_o(ind.id, ind.name, round(value * 0.9 + 3, 1), p, area="England", role="england"))
            rows.append(_o(ind.id, ind.name, round(value * 1.05, 1), p, area="Statistical neighbours",
                           role="neighbours"))
            if not count:
                rows.append(_o(ind.id, ind.name, 25.0, p, area="Target", role="target"))
    return to_frame(rows)
