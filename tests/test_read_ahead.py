"""The reading worker's read phase: a spreadsheet read without pandas, and read ahead.

The worker reads a spreadsheet as soon as it is asked (or, on the command line, before it
is asked for the file's figures) while another thread imports pandas; these tests check
that the read needs no pandas, that what was read ahead is what the job would have read,
and that a file read ahead still meets every limit of the call that asks for it.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
import xlsxwriter

from cpdesk.errors import ImportCancelled, UnreadableFileError
from cpdesk.importing import frames, guarded, reader_worker
from cpdesk.importing.importer import import_file
from tests.conftest import REPO
from tests.test_guarded import SAMPLE_CSV, big_stray_xlsx


def write_xlsx(path, rows):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Data")
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    wb.close()
    return path


@pytest.fixture
def scorecard(tmp_path):
    return write_xlsx(tmp_path / "scorecard.xlsx", [
        ["Indicator", "2022-23", "2023-24"],
        ["Number of children subject to a child protection plan", 120, 131],
        ["Re-referrals within 12 months (%)", 21.5, 19.0],
    ])


def _read_in_a_fresh_process(path, before: str = "") -> tuple[list[str], str, list]:
    code = ("import json, sys\nfrom cpdesk.importing import readers, reader_worker\n" + before +
            f"wb = reader_worker.read_first('load_file', {str(path)!r})\n"
            "print(json.dumps([[m for m in ('numpy', 'pandas') if m in sys.modules], wb.format, wb.sheets[0].rows]))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


SCORECARD_ROWS = [["Indicator", "2022-23", "2023-24"],
                  ["Number of children subject to a child protection plan", 120.0, 131.0],
                  ["Re-referrals within 12 months (%)", 21.5, 19.0]]


def test_the_read_phase_imports_no_pandas(scorecard):
    imported, fmt, rows = _read_in_a_fresh_process(scorecard)
    assert "pandas" not in imported          # (openpyxl, which reads a small file's number formats, takes numpy)
    assert (fmt, rows) == ("xlsx", SCORECARD_ROWS)


def test_a_large_workbook_is_read_without_numpy_either(scorecard):
    # a workbook too large for the number-format scan, as the 100,000-row open-data files are
    imported, fmt, rows = _read_in_a_fresh_process(scorecard, "readers.PERCENT_SCAN_MAX_CELLS = 1\n")
    assert imported == []
    assert (fmt, rows) == ("xlsx", SCORECARD_ROWS)


def test_a_csv_is_left_to_its_job(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(SAMPLE_CSV, encoding="utf-8")
    assert reader_worker.read_first("import_file", str(path)) is None


def _serve(requests) -> list:
    inp, out = io.BytesIO(), io.BytesIO()
    for request in requests:
        frames.write_frame(inp, request)
    inp.seek(0)
    reader_worker.serve(inp, out)
    out.seek(0)
    answers = []
    while (answer := frames.read_frame(out)) is not None:
        answers.append(answer)
    return answers


def test_a_file_read_ahead_is_read_once_and_gives_what_reading_it_gives(scorecard, monkeypatch):
    from cpdesk.importing import readers
    reads = []
    real = readers.read_workbook
    monkeypatch.setattr(readers, "read_workbook", lambda path, **kw: (reads.append(path), real(path, **kw))[1])
    answers = _serve([(reader_worker.READ_AHEAD, str(scorecard)),
                      ("import_file", str(scorecard), frames.dumps({"default_area": "Camden"}))])
    assert reads == [str(scorecard)]
    kind, result = answers[-1]
    assert kind == "done"
    here = import_file(scorecard, default_area="Camden")
    assert result.observations.equals(here.observations)
    assert list(result.observations["area"].unique()) == ["Camden"]
    assert result.summary_line() == here.summary_line() == "scorecard.xlsx: 4 value(s) in 1 table(s)"


def test_a_file_read_ahead_for_another_path_is_not_used(scorecard, tmp_path):
    other = write_xlsx(tmp_path / "other.xlsx", [["Indicator", "2023-24"], ["Re-referrals (%)", 30.0]])
    answers = _serve([(reader_worker.READ_AHEAD, str(scorecard)),
                      ("import_file", str(other), frames.dumps({}))])
    assert answers[-1][0] == "done"
    assert answers[-1][1].observations["value"].tolist() == [30.0]


def test_a_file_changed_after_it_was_read_ahead_is_read_again(scorecard):
    ahead = reader_worker._ReadAhead(str(scorecard))
    assert ahead.matches(str(scorecard))
    write_xlsx(scorecard, [["Indicator", "2023-24"], ["Re-referrals within 12 months (%)", 30.0],
                           ["Number of children subject to a child protection plan", 99]])
    assert not ahead.matches(str(scorecard))


def test_a_refusal_met_reading_ahead_is_the_answer_to_the_call(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    pool = guarded.ReaderPool()
    pool.read_ahead(empty)
    with pytest.raises(UnreadableFileError) as err:
        pool.call("load_file", empty)
    assert str(err.value) == (f"{empty}: is empty (0 bytes). It may not have finished saving or copying; "
                              "save or copy it again.")
    pool.close()


def test_cancel_while_a_file_is_read_ahead_kills_the_worker(tmp_path):
    hostile = big_stray_xlsx(tmp_path / "stray.xlsx")
    pool = guarded.ReaderPool()
    pool.read_ahead(hostile)
    with pytest.raises(ImportCancelled):
        pool.call("load_file", hostile, cancelled=lambda: True)
    assert pool._worker.proc.poll() is not None


def test_a_hostile_first_file_read_ahead_on_the_command_line_meets_the_memory_limit(tmp_path):
    hostile = big_stray_xlsx(tmp_path / "stray.xlsx")
    good = tmp_path / "good.csv"
    good.write_text(SAMPLE_CSV, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cpdesk", "inspect", str(hostile), str(good)],
                          cwd=REPO, env=dict(os.environ, RUST_BACKTRACE="1"), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 3
    assert done.stdout.startswith("good.csv: 4 value(s)")
    assert done.stderr == (f"cpdesk: cpdesk stopped reading {hostile}: it needed more than 3 GiB of memory. "
                           "The file may be damaged; open it in Excel and save a copy, then import the copy.\n")


def test_the_warm_up_list_is_interpreted_as_a_tidy_list_of_known_measures():
    # the worker interprets it while it reads the first file, so that the first file's
    # interpretation finds its patterns, vocabulary and names ready
    from cpdesk.importing.workbook import SheetData, Workbook
    from cpdesk.records.file_loading import load_file
    rows = [list(r) for r in reader_worker._WARM_UP_ROWS]
    loaded = load_file("warm-up.xlsx", workbook=Workbook(path="warm-up.xlsx", name="warm-up.xlsx", format="xlsx",
                                                         sheets=[SheetData(name="Data", rows=rows)]))
    obs = loaded.observations
    assert [t.layout for t in loaded.tables] == ["tidy list"]
    assert sorted(set(obs["indicator"])) == ["cpp_repeat_ever_pct", "cpp_started_count"]
    assert sorted(set(obs["area"])) == ["Camden", "England", "London"]
    assert loaded.warnings == []


def test_the_parent_imports_the_answers_modules_while_the_worker_works():
    code = ("import sys\nfrom cpdesk.importing import guarded\n"
            "wanted = ('cpdesk.records.file_loading', 'cpdesk.importing.importer')\n"
            "before = [m in sys.modules for m in wanted]\n"
            "guarded._import_answer_modules('load_file')\nguarded._import_answer_modules('no such job')\n"
            "print(before, [m in sys.modules for m in wanted])\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[False, False] [True, True]"


def test_the_grid_is_let_go_once_the_answer_is_written_before_the_next_request(scorecard, monkeypatch):
    import gc
    import weakref

    from cpdesk.importing.readers import read_workbook
    held = [read_workbook(scorecard)]
    ref = weakref.ref(held[0])
    alive = []
    read_first, write = reader_worker.read_first, reader_worker.write_frame

    def first_read_ahead(job, path, progress=None):
        if held:
            return held.pop()
        gc.collect()
        alive.append(("next request", ref() is not None))
        return read_first(job, path, progress)

    def spy_write(out, message):
        if message[0] == "done" and not alive:
            gc.collect()
            alive.append(("written", ref() is not None))
        write(out, message)

    monkeypatch.setattr(reader_worker, "read_first", first_read_ahead)
    monkeypatch.setattr(reader_worker, "write_frame", spy_write)
    answers = _serve([("import_file", str(scorecard), frames.dumps({}))] * 2)
    assert [a[0] for a in answers if a[0] != "progress"] == ["done", "done"] and len(answers[-1][1].observations) == 4
    # pickled with the grid still held (letting it go is no longer on the answer's way), gone after
    assert alive == [("written", True), ("next request", False)]


def test_the_warm_up_waits_while_a_file_is_read_ahead_until_the_jobs_request_comes(scorecard, monkeypatch):
    import threading

    warm = threading.Event()
    seen = []
    real = reader_worker._read_ahead

    def slow_read_ahead(path):
        seen.append(("reading", warm.is_set()))
        seen.append(("request came while reading", warm.wait(30)))
        return real(path)

    monkeypatch.setattr(reader_worker, "_read_ahead", slow_read_ahead)
    r, w = os.pipe()
    inp, out = os.fdopen(r, "rb"), io.BytesIO()
    with os.fdopen(w, "wb") as requests:
        frames.write_frame(requests, (reader_worker.READ_AHEAD, str(scorecard)))
        serving = threading.Thread(target=reader_worker.serve, args=(inp, out, warm))
        serving.start()
        while not seen:
            serving.join(0.01)
        assert not warm.is_set()          # reading ahead: no warm-up yet
        frames.write_frame(requests, ("import_file", str(scorecard), frames.dumps({})))
    serving.join(60)
    assert seen == [("reading", False), ("request came while reading", True)]
    out.seek(0)
    assert frames.read_frame(out)[0] in ("progress", "done")


def test_the_warm_up_starts_once_a_file_read_ahead_is_read_when_no_request_came(scorecard):
    import threading

    warm = threading.Event()
    r, w = os.pipe()
    requests = os.fdopen(w, "wb")
    frames.write_frame(requests, (reader_worker.READ_AHEAD, str(scorecard)))
    serving = threading.Thread(target=reader_worker.serve, args=(os.fdopen(r, "rb"), io.BytesIO(), warm), daemon=True)
    serving.start()
    assert warm.wait(60)                  # the read is done; the job's request has not come
    requests.close()
    serving.join(60)


def test_a_worker_started_to_read_ahead_is_told_so(monkeypatch):
    from cpdesk.importing import guarded
    envs = []
    monkeypatch.setattr(guarded, "_Worker", lambda command, env: envs.append(env) or type(
        "W", (), {"alive": lambda self: True, "send": lambda self, r: None, "kill": lambda self: None})())
    pool = guarded.ReaderPool()
    pool.start()
    other = guarded.ReaderPool()
    other.read_ahead("x.xlsx")
    assert [e.get(reader_worker.WARM_UP_AFTER_READ_AHEAD) for e in envs] == [None, "1"]
