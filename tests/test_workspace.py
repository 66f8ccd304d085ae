"""Workspace files: round trip, relative paths, mappings, moved sources and crash recovery."""
from __future__ import annotations

import json

import pytest

from cpdesk.errors import CpdeskError
from cpdesk.workspace import (VERSION, Workspace, clear_recovery, load_workspace, missing_sources, read_recovery,
                              relocate, save_workspace, write_recovery)
from tests.grid_fixtures import repeat_plans_frame


def _workspace(tmp_path) -> Workspace:
    data = tmp_path / "data"
    data.mkdir()
    src = data / "scorecard.xlsx"
    src.write_bytes(b"x")
    ws = Workspace(sources=[str(src)], targets={"cpp_repeat_ever_pct": 9.5},
                   tolerances={"icpc_15wd_pct": {"tolerance_pct": 2.0}}, polarity={"cpp_rate_per_10k": "lower"},
                   la_code="202", la_name="Camden", area="Camden", comparator="neighbours", granularity="quarters",
                   latest_n=6, commentary={"cpp_repeat_ever_pct": "Down after the audit."})
    ws.map_label("Children seen alone", None, name="Seen alone", polarity="higher", unit="percent")
    ws.map_label("Re-plans", "cpp_repeat_ever_pct")
    return ws


def test_round_trip_with_relative_paths(tmp_path):
    ws = _workspace(tmp_path)
    path = save_workspace(ws, tmp_path / "q3")
    assert path.name == "q3.cpdesk"
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["format"] == "cpdesk-workspace" and raw["version"] == VERSION
    assert raw["sources"] == ["data/scorecard.xlsx"]
    back = load_workspace(path)
    assert back.sources == [str((tmp_path / "data" / "scorecard.xlsx").resolve())]
    for name in ("mappings", "targets", "tolerances", "polarity", "la_code", "la_name", "area", "comparator",
                 "granularity", "latest_n", "commentary"):
        assert getattr(back, name) == getattr(ws, name), name
    assert not list(tmp_path.glob(".q3.cpdesk.*.tmp"))  # the atomic write left no temporary file


def test_mappings_apply_to_observations_and_catalogue():
    ws = Workspace()
    ws.map_label("Children seen alone", None, name="Seen alone", polarity="higher", unit="percent")
    obs = ws.apply_mappings(repeat_plans_frame())
    row = obs[obs["label"] == "Children seen alone"].iloc[0]
    assert row["indicator"] == "local_children_seen_alone"
    cat = ws.catalogue()
    ind = cat["local_children_seen_alone"]
    assert (ind.name, ind.polarity, ind.unit, ind.group) == ("Seen alone", "higher", "percent", "local")


def test_overrides_change_the_catalogue():
    ws = Workspace(polarity={"cpp_rate_per_10k": "lower"}, tolerances={"icpc_15wd_pct": {"tolerance_pct": 2.0}})
    cat = ws.catalogue()
    assert cat["cpp_rate_per_10k"].polarity == "lower" and cat["icpc_15wd_pct"].tolerance_pct == 2.0


def test_damaged_and_newer_files_give_a_plain_message(tmp_path):
    bad = tmp_path / "bad.cpdesk"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CpdeskError, match="damaged"):
        load_workspace(bad)
    newer = tmp_path / "newer.cpdesk"
    newer.write_text(json.dumps({"format": "cpdesk-workspace", "version": VERSION + 1}), encoding="utf-8")
    with pytest.raises(CpdeskError, match="newer cpdesk"):
        load_workspace(newer)


def test_moved_sources_are_found_and_relocated(tmp_path):
    ws = _workspace(tmp_path)
    other = tmp_path / "data" / "targets.csv"
    other.write_text("a", encoding="utf-8")
    ws.sources.append(str(other))
    moved = tmp_path / "moved"
    moved.mkdir()
    for p in list(ws.sources):
        (moved / p.rsplit("/", 1)[-1]).write_bytes(b"x")
    for p in list((tmp_path / "data").iterdir()):
        p.unlink()
    assert len(missing_sources(ws)) == 2
    relocated = relocate(ws, ws.sources[0], str(moved / "scorecard.xlsx"))
    assert len(relocated) == 2 and missing_sources(ws) == []


def test_crash_recovery_file(tmp_path):
    ws = _workspace(tmp_path)
    assert read_recovery(tmp_path) is None
    write_recovery(ws, tmp_path, "/somewhere/q3.cpdesk")
    found = read_recovery(tmp_path)
    assert found is not None
    back, original = found
    assert original == "/somewhere/q3.cpdesk" and back.targets == ws.targets and back.sources == ws.sources
    clear_recovery(tmp_path)
    assert read_recovery(tmp_path) is None
