"""Observations for each seed paper, from the seed fixtures' expected figures (tests/fixtures/seeds/).

The layout tests build each paper's own tables from these, so they test the layouts and not
the reading of the spreadsheets (that is what tests/test_seed_fixtures.py checks).
"""
from __future__ import annotations

import datetime as dt

from cpdesk.observations import Observation, to_frame
from cpdesk.periods import Period, canonical_label
from tests.seed_expectations import expected_figures

AREAS = {"wokingham": "Wokingham", "warwickshire": "Warwickshire", "herefordshire": "Herefordshire",
         "trafford": "Trafford", "bathnes": "Bath and North East Somerset"}


def _period(start: str, end: str, kind: str) -> Period:
    s, e = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    months = (e.year - s.year) * 12 + e.month - s.month + 1
    if not kind:
        kind = "snapshot" if s == e else "rolling"
    partial = kind == "ytd" or (kind == "rolling" and months != 12)
    p = Period(e, s, kind, "", partial)
    return Period(e, s, kind, canonical_label(p), partial)


def seed_observations(seed: str, tables=None):
    """The seed's figures (optionally only some of its tables) as an observations frame."""
    rows = []
    for f in expected_figures():
        if not f["file"].startswith(seed) or (tables and f["table"] not in tables):
            continue
        role = f["area_role"]
        area = f["area"] or AREAS[seed]
        value = float(f["value"]) if f["value"] else None
        rows.append(Observation(f["indicator"] or None, f["label"], area, role,
                                _period(f["period_start"], f["period_end"], f["period_kind"]), value,
                                flag=f["flag"] or None, note=f["note"], file=f["file"], sheet=f["sheet"],
                                cell=f["cell"]))
    return to_frame(rows)


def grid(table) -> list[list[str]]:
    """A paper table as text: the header row(s) (merged cells repeated), then each row."""
    ncols = len(table.all_columns) + 1
    heads = [[""] * ncols for _ in range(table.header_row_count)]
    for r, c, text, cspan, rspan in table.header_cells():
        for rr in range(r, r + rspan):
            for cc in range(c, c + cspan):
                heads[rr][cc] = text
    body = [[row.label_with_notes] + [c.text for c in row.cells] + ([row.commentary] if table.commentary_column else [])
            for row in table.rows]
    return heads + body
