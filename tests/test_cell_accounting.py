"""Nothing is lost silently: every non-blank cell of every table cpdesk finds, in every
fixture, is a header, a label, a description, a value read (a number or a flag) or a value
left out with a warning naming the cell and why."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cpdesk.importing.importer import import_file, import_workbook
from cpdesk.importing.readers import read_workbook
from cpdesk.values import is_blank
from tests import layout_fixtures

REPO = Path(__file__).resolve().parent.parent
FIXTURES = sorted([*(REPO / "tests" / "fixtures" / "seeds").glob("*.xlsx"),
                   *(p for p in (REPO / "tests" / "fixtures" / "seeds").glob("*.csv") if not p.name.startswith("expected")),
                   *(REPO / "tests" / "fixtures" / "councils").glob("*.xlsx"),
                   *(p for p in (REPO / "tests" / "fixtures" / "councils").glob("*.csv") if not p.name.startswith("expected")),
                   REPO / "resources" / "samples" / "example_cp_performance.xlsx"])
_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _rc(ref: str) -> tuple[int, int]:
    letters, digits = _REF.match(ref).groups()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits) - 1, col - 1


def assert_accounted(result, sheets) -> None:
    by_name = {s.name: s for s in sheets}
    assert result.tables, "no table found"
    for t in result.tables:
        if t.layout == "tidy list":
            assert t.accounting.read_cells + t.accounting.n_left_out == t.accounting.value_cells
            continue
        first, last = t.range.split(":")
        (r0, c0), (r1, c1) = _rc(first), _rc(last)
        rows = by_name[t.sheet].rows
        non_blank = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, min(c1 + 1, len(rows[r])))
                     if not is_blank(rows[r][c])}
        assert set(t.cells) == non_blank, (f"{t.id}: not accounted for: {sorted(non_blank - set(t.cells))[:10]}; "
                                           f"accounted but blank: {sorted(set(t.cells) - non_blank)[:10]}")
        counts = t.accounting
        statuses = list(t.cells.values())
        assert counts.value_cells == sum(s in ("value", "flag", "left_out") for s in statuses)
        assert counts.read_cells == sum(s in ("value", "flag") for s in statuses)
        warned = " ".join(result.warnings)
        for x in counts.left_out:
            assert f"{x.cell} '" in warned or "not read as indicator values" in warned, f"{t.id} {x.cell} left out silently"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_cell_of_every_fixture_is_accounted_for(path):
    assert_accounted(import_file(path), read_workbook(path).sheets)


@pytest.mark.parametrize("path", [p for p in FIXTURES if "councils" in p.parts or "seeds" in p.parts], ids=lambda p: p.name)
def test_every_value_cell_of_the_real_layouts_is_read(path):
    """In the papers' own tables nothing is left out: every figure cell became an observation."""
    result = import_file(path)
    for t in result.tables:
        assert t.accounting.n_left_out == 0, [x.line() for x in t.accounting.left_out]
        assert t.accounting.read_cells == t.accounting.value_cells > 0


@pytest.mark.parametrize("make", [layout_fixtures.indicators_by_quarter, layout_fixtures.areas_by_year,
                                  layout_fixtures.periods_down, layout_fixtures.merged_years,
                                  layout_fixtures.districts_by_date])
def test_every_cell_of_the_layout_fixtures_is_accounted_for(make):
    sheet = make()
    assert_accounted(import_workbook(layout_fixtures.workbook(sheet)), [sheet])
