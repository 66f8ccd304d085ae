"""The Qt-free session: operations say what changed, queries agree, and the command line uses the same one."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cpdesk.cli import main
from cpdesk.session import NOTHING, Changes, Session, open_session

REPO = Path(__file__).resolve().parent.parent

OWN = "Indicator,2022-23,2023-24\nRepeat child protection plans (%),20.1,22.5\nICPC within 15 working days (%),80,85\n"


@pytest.fixture
def camden_csv(tmp_path) -> Path:
    # no area named in the file: the file name says whose figures they are (as council extracts often do)
    path = tmp_path / "camden.csv"
    path.write_text(OWN, encoding="utf-8")
    return path


def _cell(grid, indicator: str, column_label: str):
    r = next(i for i, row in enumerate(grid.rows) if row.key == indicator)
    c = next(i for i, col in enumerate(grid.columns) if col.label == column_label)
    return grid.cells[r][c]


def test_a_session_runs_without_qt():
    script = textwrap.dedent("""
        import sys
        from cpdesk.session import Session
        s = Session()
        changes = s.set_la("Camden")
        grid = s.grid()
        assert changes.observations and changes.grid and changes.dirty, changes
        assert grid.area == "Camden" and len(grid.rows) > 20, grid.area
        assert not [m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph")]
        print("ok", len(grid.rows))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok ")


def test_operations_say_what_changed_and_keep_the_dirty_flag(camden_csv):
    s = Session()
    assert not s.dirty
    changes = s.set_la("Camden")
    assert changes.sources and changes.observations and changes.grid and changes.dirty and s.dirty
    assert s.workspace.la_name == "Camden" and s.workspace.area == "Camden"
    assert set(s.observations()["area_role"]) >= {"la", "england", "neighbours", "region"}

    s.mark_dirty(False)
    changes, errors = s.add_sources([camden_csv])
    assert errors == [] and changes.sources and changes.dirty and s.dirty
    assert s.workspace.sources == [str(camden_csv.resolve())]
    # read with the chosen authority as the default area: the file's figures are Camden's
    own = _cell(s.grid(), "cpp_repeat_ever_pct", "2023-24")
    assert own.value == pytest.approx(22.5) and own.differs

    s.mark_dirty(False)
    changes = s.set_options(granularity="years", latest_n=3)
    assert changes.grid and not changes.observations and changes.dirty
    assert s.workspace.granularity == "years" and s.workspace.latest_n is None   # a new granularity: its default
    s.set_options(latest_n=3)
    assert s.workspace.latest_n == 3 and s.latest_n() == 3

    changes = s.remove_source(str(camden_csv.resolve()))
    assert changes.observations and s.workspace.sources == [] and s.loaded == {}
    assert _cell(s.grid(), "cpp_repeat_ever_pct", "2023-24").value == pytest.approx(32.0)   # the national figure again


def test_changes_combine_and_nothing_is_false():
    assert not NOTHING
    both = Changes(grid=True, messages=(("a", "info"),)) | Changes(commentary=("x",), messages=(("a", "info"), ("b", "error")))
    assert both.grid and both.commentary == ("x",) and both.messages == (("a", "info"), ("b", "error"))
    assert not both.observations


def test_unknown_authority_is_refused_in_a_sentence():
    from cpdesk.errors import CpdeskError
    with pytest.raises(CpdeskError, match="'Atlantis' is not a local authority"):
        Session().set_la("Atlantis")


def test_mapping_a_label_gives_its_rows_the_indicator(tmp_path):
    path = tmp_path / "own.csv"
    path.write_text("Indicator,2023-24\nChildren seen alone at visits (%),71\n", encoding="utf-8")
    s = Session()
    s.add_sources([path])
    assert [u["label"] for u in s.unrecognised_labels()] == ["Children seen alone at visits (%)"]
    changes = s.set_mappings({"Children seen alone at visits (%)": {"local": {"name": "Seen alone", "polarity": "higher",
                                                                              "unit": "percent"}}})
    assert changes.observations and s.unrecognised_labels() == []
    row = next(r for r in s.grid().rows if r.name == "Seen alone")
    assert row.polarity == "higher"
    s.set_mappings({"Children seen alone at visits (%)": None})
    assert len(s.unrecognised_labels()) == 1


def test_indicator_settings_round_trip():
    s = Session()
    s.set_indicator_settings("icpc_15wd_pct", {"target": 90, "tolerance_pct": 3, "polarity": "higher"})
    assert s.indicator_settings("icpc_15wd_pct") == {"target": 90.0, "tolerance_pct": 3.0, "polarity": "higher"}
    assert s.catalogue().get("icpc_15wd_pct").tolerance_pct == 3.0
    s.set_indicator_settings("icpc_15wd_pct", {})
    assert s.indicator_settings("icpc_15wd_pct") == {}


def test_command_line_summary_adds_the_national_figures_as_the_grid_does(camden_csv, tmp_path, capsys):
    out = tmp_path / "summary.json"
    assert main(["summary", str(camden_csv), "--period", "2023-24", "--out", str(out)]) == 0
    rows = {r["indicator_id"]: r for r in json.loads(out.read_text(encoding="utf-8"))["rows"]}
    repeat = rows["cpp_repeat_ever_pct"]
    # the file's own figure, judged against England from the built-in figures (not "not compared")
    assert repeat["value"] == pytest.approx(22.5)
    assert repeat["comparator_value"] is not None and repeat["vs_comparator"] == "better"
    assert "Differs from 32" in repeat["note"]

    # the window's grid for the same authority and files shows the same figures
    s = Session()
    s.set_la("Camden")
    s.add_sources([camden_csv])
    cell = _cell(s.grid(), "cpp_repeat_ever_pct", "2023-24")
    assert cell.value == pytest.approx(repeat["value"])
    assert cell.comparator_value == pytest.approx(repeat["comparator_value"])
    assert cell.state == repeat["vs_comparator"]


def test_open_session_finds_no_authority_in_invented_data():
    sample = REPO / "resources" / "samples" / "example_cp_performance.xlsx"
    session, errors = open_session([sample])
    assert errors == [] and session.national is None
    assert not (session.observations()["table"] == "national").any()


def test_an_unreadable_file_is_one_message_and_the_others_load(camden_csv, tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    session, errors = open_session([bad, camden_csv], national=False)
    assert len(errors) == 1 and "broken.xlsx" in errors[0]
    assert list(session.loaded) == [str(camden_csv.resolve())]
