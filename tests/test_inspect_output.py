"""``cpdesk inspect`` prints a summary and the first observations; every one with --all or --json
(written a chunk at a time, so a million observations do not need a million dicts at once)."""
from __future__ import annotations

import json

from cpdesk.cli import main
from cpdesk.commands import inspect as inspect_cmd


def tidy_csv(path, rows: int):
    lines = ["time_period,geographic_level,la_name,region_name,CPP_start,CPP_subsequent_percent"]
    for r in range(rows):
        lines.append(f"{2015 + r % 10},Local authority,Authority {r % 150:03d},London,{r % 900},{(r % 300) / 10}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_text_shows_the_first_rows_and_counts_the_rest(capsys, tmp_path):
    path = tidy_csv(tmp_path / "long.csv", 300)
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("long.csv: 600 value(s) in 1 table(s)")
    body = out.split("\n\n", 1)[1].splitlines()
    assert body[0].split() == inspect_cmd.SHOWN
    assert len(body) == 1 + inspect_cmd.FIRST_ROWS + 1
    assert body[1].split()[:3] == ["cpp_started_count", "CPP_start", "Authority"]
    assert body[-1] == "... and 580 more observation(s): --all prints every one, --json gives them all as JSON"


def test_all_prints_every_observation_in_aligned_columns(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(inspect_cmd, "CHUNK_ROWS", 250)        # several chunks, one set of column widths
    path = tidy_csv(tmp_path / "long.csv", 300)
    assert main(["inspect", str(path), "--all"]) == 0
    body = capsys.readouterr().out.split("\n\n", 1)[1].splitlines()
    assert len(body) == 1 + 600 and "more observation" not in body[-1]
    assert len({line.index("Authority") for line in body[1:]}) == 1
    sources = [line.rsplit("  ", 1)[-1] for line in body[1:]]
    assert sources[0] == "long.csv › E2" and sources[-1] == "long.csv › F301"


def test_json_streams_every_observation_as_one_document(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(inspect_cmd, "CHUNK_ROWS", 250)
    path = tidy_csv(tmp_path / "long.csv", 300)
    assert main(["inspect", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == [] and data["files"][0]["observations"] == 600
    obs = data["observations"]
    assert len(obs) == 600
    assert obs[0]["indicator"] == "cpp_started_count" and obs[0]["value"] == 0.0
    assert obs[0]["period_start"] == "2014-04-01" and obs[0]["denominator"] is None
    assert len({(o["cell"], o["indicator"]) for o in obs}) == 600


def test_json_as_utf8_bytes_is_the_text_the_text_stream_writes(tmp_path, monkeypatch):
    import io

    from cpdesk.importing.importer import import_file

    monkeypatch.setattr(inspect_cmd, "JSON_CHUNK_ROWS", 250)     # several chunks
    obs = import_file(tidy_csv(tmp_path / "long – é.csv", 300)).observations
    payload = {"files": [{"file": "long – é.csv"}], "errors": []}
    text = io.StringIO()                                           # no byte stream under it: text path
    inspect_cmd._write_json(text, payload, obs)
    raw = io.BytesIO()
    utf8 = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    assert inspect_cmd._utf8_bytes(utf8) is raw
    inspect_cmd._write_json(utf8, payload, obs)
    utf8.flush()
    assert raw.getvalue().decode("utf-8") == text.getvalue()
    data = json.loads(text.getvalue())
    assert len(data["observations"]) == 600 and data["observations"][-1]["source"] == "long – é.csv › F301"
    assert inspect_cmd._utf8_bytes(io.TextIOWrapper(io.BytesIO(), encoding="cp1252")) is None
