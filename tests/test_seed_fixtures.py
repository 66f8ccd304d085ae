"""The five seed papers, rebuilt as their analysts' spreadsheets, read as the papers mean them.

The fixtures and their expected reading are data in ``tests/fixtures/seeds/`` (built by
``build_seed_fixtures.py`` there). Each table is one test: every figure must come out with
the paper's indicator, area role, period, value, flag and footnote mark, and nothing more.
The authors' words about their figures ("a low score is indicative of good performance",
"off target", "below our statistical neighbours") are checked as cpdesk's judgements.
"""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from cpdesk.catalogue import default_catalogue
from cpdesk.judgements import direction, vs_comparator, vs_target
from tests.seed_expectations import (SEEDS, check_table, expected_figures, expected_judgements, imported,
                                     seed_tables)

def test_fixtures_are_rebuilt_byte_for_byte(tmp_path):
    import importlib.util
    import sys
    spec = importlib.util.spec_from_file_location("build_seed_fixtures", SEEDS / "build_seed_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(spec.name, None)
    module.build(tmp_path)
    for built in sorted(tmp_path.iterdir()):
        assert built.read_bytes() == (SEEDS / built.name).read_bytes(), f"{built.name} differs from the committed copy"


def test_expected_reading_covers_every_paper():
    figures = expected_figures()
    seeds = {f["seed"] for f in figures}
    assert len(seeds) == 5
    assert len(seed_tables()) == 15
    assert len(figures) == 288
    # every table's figures have an indicator or are deliberately local, and a period
    assert all(f["period_start"] and f["period_end"] and f["area_role"] for f in figures)
    assert {f["seed"] for f in expected_judgements()} == seeds - {"002_092a571c24cc13a4.txt"}


@pytest.mark.parametrize("file,table", seed_tables(), ids=[f"{f}/{t}" for f, t in seed_tables()])
def test_seed_table_is_read_as_the_paper_means_it(file, table):
    problems = check_table(file, table)
    assert not problems, f"{len(problems)} figure(s) read differently from the paper:\n" + "\n".join(problems[:20])


# --- the authors' judgements -----------------------------------------------------------------

def _observation(file: str, indicator: str, role: str, start: str, end: str) -> pd.Series | None:
    """The figure for ``indicator``/``role`` over one period, from the fixture or (for comparators) any seed file of the paper."""
    obs = imported(file).observations
    sel = obs[(obs["indicator"] == indicator) & (obs["area_role"] == role) & obs["value"].notna()]
    sel = sel[(sel["period_start"].dt.date == dt.date.fromisoformat(start))
              & (sel["period_end"].dt.date == dt.date.fromisoformat(end))]
    if sel.empty:
        return None
    return sel.sort_values("numerator", na_position="last").iloc[0]


def _paper_files(file: str) -> list[str]:
    seed = next(f["seed"] for f in expected_figures() if f["file"] == file)
    return list(dict.fromkeys(f["file"] for f in expected_figures() if f["seed"] == seed))


def _judgement_ids():
    return [f"{j['file']}/{j['indicator']}/{j['period_start']}/{j['kind']}-{j['other_role']}" for j in expected_judgements()]


@pytest.mark.parametrize("want", expected_judgements(), ids=_judgement_ids())
def test_authors_judgement(want):
    ind = default_catalogue()[want["indicator"]]
    files = _paper_files(want["file"])
    mine = next((o for f in files if (o := _observation(f, want["indicator"], "la", want["period_start"],
                                                        want["period_end"])) is not None), None)
    other = next((o for f in files if (o := _observation(f, want["indicator"], want["other_role"],
                                                         want["other_period_start"], want["other_period_end"]))
                  is not None), None)
    assert mine is not None and other is not None, f"figures not found for {want['authors_words']!r}"
    value, other_value = float(mine["value"]), float(other["value"])
    num = None if math.isnan(mine["numerator"]) else mine["numerator"]
    den = None if math.isnan(mine["denominator"]) else mine["denominator"]
    if want["kind"] == "comparator":
        got = vs_comparator(value, other_value, ind.polarity, numerator=num, denominator=den,
                            tolerance_pct=ind.tolerance_pct)
    elif want["kind"] == "target":
        got = vs_target(value, other_value, ind.polarity, tolerance_pct=ind.target_tolerance_pct)
    else:
        got = direction(value, other_value, ind.polarity, decimals=ind.decimals)
    accepted = {"amber", "red"} if want["expected"] == "off_target" else {want["expected"]}
    assert got in accepted, f"cpdesk says {got}; the authors: {want['authors_words']!r}"
