"""The council-layout fixtures' expected reading (``tests/fixtures/councils/``) and how to compare.

Like :mod:`tests.seed_expectations`, for the real scorecards and papers other than the seeds:
``check_fixture(file)`` lists every figure cpdesk reads differently from what the source
means, and every figure it reads that the source does not have.
"""
from __future__ import annotations

import csv
import datetime as dt
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd

COUNCILS = Path(__file__).resolve().parent / "fixtures" / "councils"


@lru_cache(maxsize=1)
def expected_figures() -> tuple[dict, ...]:
    with open(COUNCILS / "expected_figures.csv", newline="", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def fixture_files() -> list[str]:
    return list(dict.fromkeys(f["file"] for f in expected_figures()))


@lru_cache(maxsize=None)
def imported(file: str):
    from cpdesk.importing.importer import import_file
    return import_file(COUNCILS / file)


def _date(value) -> dt.date | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return pd.Timestamp(value).date()


def _number(text: str) -> float | None:
    return float(text) if text else None


def _same(got, want: float | None) -> bool:
    missing = got is None or (isinstance(got, float) and math.isnan(got))
    if want is None:
        return missing
    return not missing and abs(float(got) - want) <= 0.05 + 1e-9


def check_figure(obs: pd.DataFrame, want: dict, default_area: str, several: bool) -> str | None:
    at = obs[(obs["sheet"] == want["sheet"]) & (obs["cell"] == want["cell"])]
    if several:  # a cell with two figures ("3,109 (284 per 10,000)"): each by its indicator
        at = at[at["indicator"].fillna("") == want["indicator"]]
    where = f"{want['file']} › {want['cell']} ({want['label'].strip()!r}, {want['indicator'] or 'local'})"
    if len(at) != 1:
        return f"{where}: {len(at)} observation(s) read, expected 1"
    got = at.iloc[0]
    problems = []
    ind = got["indicator"] if isinstance(got["indicator"], str) else ""
    if ind != want["indicator"]:
        problems.append(f"indicator {ind or '(local)'} != {want['indicator'] or '(local)'}")
    if got["area_role"] != want["area_role"]:
        problems.append(f"area role {got['area_role']} != {want['area_role']}")
    area = want["area"] or (default_area if want["area_role"] == "la" else "")
    if area and got["area"] != area:
        problems.append(f"area {got['area']!r} != {area!r}")
    start, end = _date(got["period_start"]), _date(got["period_end"])
    if (start, end, got["period_kind"]) != (dt.date.fromisoformat(want["period_start"]),
                                             dt.date.fromisoformat(want["period_end"]), want["period_kind"]):
        problems.append(f"period {got['period']} {got['period_kind']} ({start}..{end}) != "
                        f"{want['period_start']}..{want['period_end']} {want['period_kind']}")
    if not _same(got["value"], _number(want["value"])):
        problems.append(f"value {got['value']} != {want['value'] or 'none'}")
    if (got["flag"] or "") != want["flag"]:
        problems.append(f"flag {got['flag']!r} != {want['flag']!r}")
    if want["note"] and want["note"] not in (got["note"] or ""):
        problems.append(f"note {got['note']!r} lacks {want['note']!r}")
    for part in ("numerator", "denominator"):
        if want[part] and not _same(got[part], float(want[part])):
            problems.append(f"{part} {got[part]} != {want[part]}")
    return f"{where}: " + "; ".join(problems) if problems else None


def check_fixture(file: str) -> list[str]:
    """Every difference between cpdesk's reading of one fixture file and what its source means."""
    result = imported(file)
    obs = result.observations
    wanted = [f for f in expected_figures() if f["file"] == file]
    per_cell: dict[str, int] = {}
    for f in wanted:
        per_cell[f["cell"]] = per_cell.get(f["cell"], 0) + 1
    problems = [p for f in wanted if (p := check_figure(obs, f, result.default_area, per_cell[f["cell"]] > 1))]
    expected_keys = {(f["cell"], f["indicator"]) for f in wanted}
    cells = {f["cell"] for f in wanted}
    for cell, ind, label, value in zip(obs["cell"], obs["indicator"], obs["label"], obs["value"]):
        key = (cell, ind if isinstance(ind, str) else "")
        if cell in cells and per_cell[cell] > 1 and key not in expected_keys or cell not in cells:
            problems.append(f"{file} › {cell}: read a figure the source does not have ({label!r} = {value}, {ind})")
    return problems
