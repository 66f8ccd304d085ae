"""The command line: output, exit codes and messages (0 ok, 2 usage, 3 unreadable input)."""
from __future__ import annotations

import csv
import json

import pytest

from cpdesk.cli import main
from tests.conftest import REPO

SAMPLE = REPO / "resources" / "samples" / "example_cp_performance.xlsx"


def run(capsys, *argv):
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def test_inspect_json_on_the_sample_workbook(capsys):
    code, out, err = run(capsys, "inspect", SAMPLE, "--json")
    assert code == 0, err

    def no_nan(constant):
        raise AssertionError(f"{constant} is not valid JSON")

    data = json.loads(out, parse_constant=no_nan)
    f = data["files"][0]
    assert f["file"] == "example_cp_performance.xlsx"
    assert [t["id"] for t in f["tables"]] == ["Scorecard#1", "Repeat plans#1", "Quarterly#1", "Annual comparison#1",
                                              "Districts#1"]
    assert [u["label"] for u in f["unrecognised"]] == ["7. Children seen alone at every visit"]
    obs = data["observations"]
    row = next(o for o in obs if o["indicator"] == "cpp_repeat_2yrs_pct" and o["period"] == "Q1 2023-24"
               and o["sheet"] == "Scorecard")
    assert row["value"] == pytest.approx(11.54) and row["numerator"] == 6 and row["denominator"] == 52
    assert row["source"] == "example_cp_performance.xlsx › Scorecard › B6"
    assert row["period_start"] == "2023-04-01" and row["period_end"] == "2023-06-30" and row["period_kind"] == "quarter"
    icpc = next(o for o in obs if o["indicator"] == "icpc_15wd_pct" and o["period"] == "Q1 2023-24" and o["sheet"] == "Scorecard")
    assert icpc["value"] == 73 and icpc["note"] == "**"
    flagged = next(o for o in obs if o["indicator"] == "cpp_repeat_2yrs_count" and o["period"] == "Q2 2024-25"
                   and o["sheet"] == "Scorecard")
    assert flagged["value"] is None and flagged["flag"] == "c"
    plan = next(o for o in obs if o["sheet"] == "Annual comparison" and o["area_role"] == "target"
                and o["indicator"] == "icpc_15wd_pct")
    assert plan["value"] == 85 and plan["period"] == "2023-24"


def test_inspect_text_lists_tables_and_unrecognised(capsys):
    code, out, _ = run(capsys, "inspect", SAMPLE)
    assert code == 0
    assert "table Districts#1 A2:D7" in out
    assert "unrecognised label: '7. Children seen alone at every visit'" in out
    assert "areas down, periods across" in out


def test_summary_csv_judges_against_neighbours(capsys, tmp_path):
    out_file = tmp_path / "summary.csv"
    code, out, err = run(capsys, "summary", SAMPLE, "--period", "2023-24", "--compare", "neighbours", "--out", out_file)
    assert code == 0, err
    with out_file.open(encoding="utf-8-sig", newline="") as fh:
        rows = {r["indicator_id"]: r for r in csv.DictReader(fh)}
    assert rows["rereferral_12m_pct"]["vs_comparator"] == "worse"       # 24.4 vs 21.0, lower is better
    assert rows["rereferral_12m_pct"]["vs_target"] == "red"             # target 20, beyond 10%
    assert rows["icpc_15wd_pct"]["vs_comparator"] == "similar"          # 79.4 vs 80.3, within 5%
    assert rows["icpc_15wd_pct"]["vs_target"] == "amber"                # 79.4 vs 85
    assert rows["cpp_ceased_2yrs_pct"]["vs_target"] == "green"          # 2.9 vs 3.0, lower is better
    assert rows["cpp_repeat_ever_pct"]["previous_value"] == "23.0"
    assert rows["cpp_repeat_ever_pct"]["direction"] == "improving"      # 23.0 -> 21.4
    assert "Statistical neighbours" in out


def test_summary_json_default_period_is_latest_full(capsys, tmp_path):
    out_file = tmp_path / "summary.json"
    code, _, err = run(capsys, "summary", SAMPLE, "--out", out_file)
    assert code == 0, err
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["period"] == "Q4 2024-25" and data["comparator"] == "England"
    started = next(r for r in data["rows"] if r["indicator_id"] == "cpp_started_count")
    assert (started["value"], started["previous_value"], started["direction"]) == (46, 41, "up")
    assert started["vs_comparator"] == "not_compared"      # activity counts carry no judgement


def test_missing_file_exits_3_with_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "inspect", tmp_path / "nope.xlsx")
    assert code == 3
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "nope.xlsx" in lines[0] and "Traceback" not in err


def test_text_renamed_as_xlsx_is_refused_clearly(capsys, tmp_path):
    bad = tmp_path / "report.xlsx"
    bad.write_text("this is not a spreadsheet\n" * 20)
    code, _, err = run(capsys, "inspect", bad)
    assert code == 3 and "report.xlsx" in err and "Traceback" not in err


def test_a_bad_file_does_not_lose_the_good_one(capsys, tmp_path):
    bad = tmp_path / "empty.xlsx"
    bad.write_bytes(b"")
    code, out, err = run(capsys, "inspect", bad, SAMPLE, "--json")
    assert code == 3
    data = json.loads(out)
    assert [f["file"] for f in data["files"]] == ["example_cp_performance.xlsx"]
    assert len(data["observations"]) > 100
    assert "empty.xlsx" in err


def test_usage_error_exits_2(capsys):
    code = None
    with pytest.raises(SystemExit) as exc:
        main(["summary", str(SAMPLE)])            # --out is required
    code = exc.value.code
    assert code == 2
    assert "--out" in capsys.readouterr().err


def test_unknown_area_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "summary", SAMPLE, "--area", "Atlantis", "--out", tmp_path / "x.csv")
    assert code == 3 and "Atlantis" in err and "Local authority" in err


def test_unsupported_output_extension(capsys, tmp_path):
    code, _, err = run(capsys, "summary", SAMPLE, "--out", tmp_path / "x.weird")
    assert code == 3 and ".weird" in err


def test_broken_pipe_is_quiet(capsys, monkeypatch):
    import cpdesk.commands.inspect as inspect_cmd

    def gone(args):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(inspect_cmd, "run", gone)
    capsys.readouterr()
    assert main(["inspect", str(SAMPLE)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "Traceback" not in out      # nothing said: the reader went away


def test_default_period_prefers_own_data_and_the_main_kind_of_period():
    from cpdesk.observations import NATIONAL_TABLE, Observation, to_frame
    from cpdesk.periods import Period, financial_year, quarter
    from cpdesk.summary import choose_period
    import datetime as dt
    academic = Period(dt.date(2025, 8, 31), dt.date(2024, 9, 1), "academic_year", "2024/25 academic year")
    national = [Observation(ind, ind, "Camden", "la", p, 10.0, table=NATIONAL_TABLE)
                for ind, p in (("cpp_repeat_ever_pct", financial_year(2025)), ("icpc_15wd_pct", financial_year(2025)),
                               ("cin_ks2_rwm_pct", academic))]
    assert choose_period(to_frame(national), None) == "2024-25"        # not the later academic year
    own = [Observation("cpp_started_count", "No. CPP started", "Camden", "la", quarter(2025, q), 40.0, table="S#1")
           for q in (1, 2, 3)]
    assert choose_period(to_frame(national + own), None) == "Q3 2024-25"   # the user's own latest quarter


def test_reading_the_command_line_imports_no_pandas_so_the_reading_worker_starts_first():
    import subprocess
    import sys

    code = ("import sys; from cpdesk.cli import build_parser; build_parser().parse_args(['inspect', 'x.csv']); "
            "print(sorted(m for m in ('pandas', 'numpy', 'cpdesk.observations') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


def test_a_command_run_as_the_program_runs_the_exit_handlers_flushes_and_keeps_its_status(tmp_path):
    import subprocess
    import sys

    code = ("import atexit, sys\nfrom cpdesk import cli\natexit.register(lambda: print('handler ran'))\n"
            "print('printed', end=' ')\nsys.stderr.write('said')\ncli.leave(259)\nprint('not reached')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert (done.returncode, done.stdout, done.stderr) == (3, "printed handler ran\n", "said")
    waits = ("import sys, threading, time\nfrom cpdesk import cli\n"
             "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()\n"
             "cli.leave(0)\nprint('interpreter exit')\n")
    done = subprocess.run([sys.executable, "-c", waits], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.stdout == "interpreter exit\nthread done\n"       # a running thread is waited for as usual


def test_inspect_as_the_program_prints_everything_and_leaves_no_worker_behind(tmp_path):
    import subprocess
    import sys

    probe = tmp_path / "probe.py"
    probe.write_text("import runpy, sys\nfrom cpdesk.importing import guarded\n"
                     "sys.argv = ['cpdesk', 'inspect', sys.argv[1]]\n"
                     "close = guarded.ReaderPool.close\n"
                     "def reaped(pool):\n"
                     "    ending = list(pool._ending)\n"
                     "    close(pool)\n"
                     "    sys.stderr.write(repr([w.proc.returncode is not None for w in ending]))\n"
                     "guarded.ReaderPool.close = reaped\n"
                     "runpy.run_module('cpdesk', run_name='__main__')\n")
    done = subprocess.run([sys.executable, str(probe), str(SAMPLE)], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    here = subprocess.run([sys.executable, "-c", f"from cpdesk.cli import main; main(['inspect', {str(SAMPLE)!r}])"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == here.stdout and done.stdout.count("\n") > 5
    assert done.stderr == "[True]"       # told to end once the file was read, and reaped at exit


def test_the_entry_point_ends_a_command_itself_and_leaves_the_window_to_the_interpreter(monkeypatch):
    from cpdesk import cli

    left = []
    monkeypatch.setattr(cli, "leave", left.append)
    cli.end(3, ["inspect", "x.xlsx"])
    cli.end(0, [])
    cli.end(0, ["paper.xlsx"])
    assert left == [3]
