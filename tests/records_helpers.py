"""Small builders shared by the records tests."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from cpdesk.observations import with_sources
from cpdesk.records import SourceList, build_recordset, compute, recognise

TODAY = dt.date(2025, 6, 1)
PLAN_HEAD = ["Child ID", "Plan start date", "Plan end date", "Number of previous child protection plans"]
S47_HEAD = ["Child ID", "Strategy discussion date", "ICPC date"]


def recordset(*sheets, today=TODAY):
    """sheets: (name, rows) with the heading row first."""
    found = []
    for name, rows in sheets:
        m = recognise((name, rows))
        assert m is not None, f"sheet {name} not recognised"
        found.append((SourceList("test.xlsx", "test.xlsx", name, m), pd.DataFrame(rows, dtype=object)))
    return build_recordset(found, today=today)


def value(result, indicator, period, column="value"):
    """One figure's ``column`` (``"source"``: its source text)."""
    obs = with_sources(result.observations)
    hit = obs[(obs["indicator"] == indicator) & (obs["period"] == period)]
    assert len(hit) == 1, f"{indicator} {period}: {len(hit)} rows"
    return hit.iloc[0][column]


def plans_result(rows, **kw):
    return compute(recordset(("Plans", [PLAN_HEAD] + rows)), **kw)
