"""Real council scorecards and committee papers (other than the seeds), rebuilt as xlsx and
csv, read as their sources mean them: every figure's indicator, area role, period and value.

The fixtures and their expected reading are data in ``tests/fixtures/councils/`` (built by
``build_council_fixtures.py`` there, whose functions say where each layout comes from).
"""
from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from tests.council_expectations import COUNCILS, check_fixture, expected_figures, fixture_files

def test_fixtures_are_rebuilt_byte_for_byte(tmp_path):
    spec = importlib.util.spec_from_file_location("build_council_fixtures", COUNCILS / "build_council_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        module.build(tmp_path)
        assert len(module.FIXTURES) >= 6
        for make in module.FIXTURES:
            assert re.search(r"\b[\w.-]+\.(?:uk|org|com|us|scot|wales)\b", make.__doc__), \
                f"{make.__name__} must say where its layout comes from"
    finally:
        sys.modules.pop(spec.name, None)
    for built in sorted(tmp_path.iterdir()):
        assert built.read_bytes() == (COUNCILS / built.name).read_bytes(), f"{built.name} differs from the committed copy"


def test_every_fixture_is_xlsx_and_csv_with_the_same_figures():
    files = fixture_files()
    stems = {f.rsplit(".", 1)[0] for f in files}
    assert len(stems) >= 6
    for stem in stems:
        xlsx = [(f["cell"], f["indicator"], f["value"]) for f in expected_figures() if f["file"] == f"{stem}.xlsx"]
        csv_ = [(f["cell"], f["indicator"], f["value"]) for f in expected_figures() if f["file"] == f"{stem}.csv"]
        assert xlsx and xlsx == csv_


@pytest.mark.parametrize("name", fixture_files())
def test_council_fixture_is_read_as_its_source_means_it(name):
    problems = check_fixture(name)
    assert not problems, f"{len(problems)} figure(s) read differently:\n" + "\n".join(problems[:20])
