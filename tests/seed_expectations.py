"""The seed fixtures' expected reading (``tests/fixtures/seeds/``) and how to compare with it.

Shared by the seed tests and by anyone working on table layouts: ``check_table`` says, for
one table of one seed fixture, which figures cpdesk reads differently from the paper.
"""
from __future__ import annotations

import csv
import datetime as dt
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def _rows(name: str) -> list[dict]:
    with open(SEEDS / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def expected_figures() -> tuple[dict, ...]:
    return tuple(_rows("expected_figures.csv"))


@lru_cache(maxsize=1)
def expected_judgements() -> tuple[dict, ...]:
    return tuple(_rows("expected_judgements.csv"))


def seed_tables() -> list[tuple[str, str]]:
    """(file, table) of every table in the seed fixtures, in order."""
    seen: dict[tuple[str, str], None] = {}
    for f in expected_figures():
        seen.setdefault((f["file"], f["table"]), None)
    return list(seen)


@lru_cache(maxsize=None)
def imported(file: str):
    """The ImportResult of one seed fixture (read once per test session)."""
    from cpdesk.importing.importer import import_file
    return import_file(SEEDS / file)


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _ts_date(value) -> dt.date | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return pd.Timestamp(value).date()


def check_figure(obs: pd.DataFrame, want: dict, default_area: str) -> str | None:
    """None when the observation at ``want``'s cell is read as the paper means it, else why not."""
    at = obs[(obs["sheet"] == want["sheet"]) & (obs["cell"] == want["cell"])]
    where = f"{want['file']} › {want['sheet']} › {want['cell']} ({want['label']!r})"
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
    start, end = _ts_date(got["period_start"]), _ts_date(got["period_end"])
    if (start, end) != (_date(want["period_start"]), _date(want["period_end"])):
        problems.append(f"period {got['period']} ({start}..{end}) != {want['period_start']}..{want['period_end']}")
    if want["period_kind"] and got["period_kind"] != want["period_kind"]:
        problems.append(f"period kind {got['period_kind']} != {want['period_kind']}")
    value = got["value"]
    if want["value"]:
        if value is None or math.isnan(value) or abs(value - float(want["value"])) > 0.05 + 1e-9:
            problems.append(f"value {value} != {want['value']}")
    elif not (value is None or math.isnan(value)):
        problems.append(f"value {value} where the paper has none")
    if (got["flag"] or "") != want["flag"]:
        problems.append(f"flag {got['flag']!r} != {want['flag']!r}")
    if want["note"] and want["note"] not in (got["note"] or ""):
        problems.append(f"note {got['note']!r} lacks {want['note']!r}")
    return f"{where}: " + "; ".join(problems) if problems else None


def check_table(file: str, table: str) -> list[str]:
    """Every difference between cpdesk's reading of one seed table and the paper."""
    result = imported(file)
    wanted = [f for f in expected_figures() if f["file"] == file and f["table"] == table]
    problems = [p for f in wanted if (p := check_figure(result.observations, f, result.default_area))]
    # Nothing read in the same tables that the paper does not have (a figure twice, a label as a value).
    obs = result.observations
    keys = list(zip(obs["sheet"], obs["cell"]))
    cells = {(f["sheet"], f["cell"]) for f in wanted}
    tables = {t for t, k in zip(obs["table"], keys) if k in cells}
    problems.extend(f"{file} › {s} › {c}: read a figure the paper does not have ({lab!r} = {v})"
                    for t, (s, c), lab, v in zip(obs["table"], keys, obs["label"], obs["value"])
                    if t in tables and (s, c) not in cells)
    return problems
