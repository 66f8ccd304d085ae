"""Reading behind the wall: the worker process, its limits, and what a user is told.

The parent's handling of a worker that dies, hangs, prints panic text or is cancelled is
tested with stand-in workers (small scripts that do just that); the real worker is tested
on real and hostile files, in the command line and in the window.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import zipfile

import pytest

from cpdesk.errors import ImportCancelled, UnreadableFileError
from cpdesk.importing import guarded
from cpdesk.importing.importer import import_file
from tests.conftest import REPO
from tests.fuzz_mutants import write_mutants

SAMPLE_CSV = "Indicator,2023-24,2024-25\nNumber of children subject to a CPP,120,130\nRe-referrals (%),21.5,22.0\n"

_FRAMES = "from cpdesk.importing.frames import read_frame, write_frame\n"


def stand_in(body: str) -> list[str]:
    """A worker that reads one request and then runs ``body`` (``out`` answers, ``req`` the request)."""
    script = ("import os, sys\n" + _FRAMES +
              "out = os.fdopen(os.dup(1), 'wb')\nreq = read_frame(sys.stdin.buffer)\n" + body)
    return [sys.executable, "-c", script]


@pytest.fixture
def good_csv(tmp_path):
    path = tmp_path / "good.csv"
    path.write_text(SAMPLE_CSV, encoding="utf-8")
    return path


def big_stray_xlsx(path):
    """A sheet of 20 MiB whose <dimension> says A1:C3 while a value sits at XFD1048576: the
    cheap checks take the declaration, and only the worker's memory ceiling stops the parse."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{"x" * 240}</t></is></c></row>'
                   for r in range(4, 80_000))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><dimension ref="A1:C3"/><sheetData>' + rows +
             '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
        '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
        'name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


# --- the parent, with stand-in workers -------------------------------------------------------

def test_a_worker_that_aborts_with_panic_text_gives_one_sentence_and_the_next_file_reads(good_csv):
    dies = stand_in("sys.stderr.write(\"thread '<unnamed>' panicked at src/xls.rs:1:1\\nmemory allocation of "
                    "68719476736 bytes failed\\n\"); sys.stderr.flush(); os.abort()\n")
    pool = guarded.ReaderPool(command=dies)
    with pytest.raises(guarded.ReadingStopped) as err:
        pool.call("import_file", good_csv)
    assert str(err.value) == (f"cpdesk stopped reading {good_csv}: it needed more than 3 GiB of memory. "
                              "The file may be damaged; open it in Excel and save a copy, then import the copy.")
    assert "panicked" not in str(err.value)
    pool.command = guarded.worker_command()          # a real worker is started for the next file
    assert len(pool.call("import_file", good_csv).observations) == 4
    pool.close()


def test_a_worker_that_dies_without_a_word_is_a_damaged_file(good_csv):
    pool = guarded.ReaderPool(command=stand_in("os._exit(11)\n"))
    with pytest.raises(guarded.ReadingStopped) as err:
        pool.call("import_file", good_csv)
    assert err.value.problem.startswith("the spreadsheet reader stopped unexpectedly")


def test_a_worker_that_runs_past_its_time_limit_is_stopped(good_csv):
    pool = guarded.ReaderPool(command=stand_in("import time\ntime.sleep(60)\n"))
    start = time.monotonic()
    with pytest.raises(guarded.ReadingStopped) as err:
        pool.call("import_file", good_csv, time_limit=0.5)
    assert err.value.problem == "it took longer than 0.5 seconds."
    assert time.monotonic() - start < 10
    assert pool._worker.proc.poll() is not None           # killed, not left running


def test_cancel_kills_the_worker_at_once(good_csv):
    pool = guarded.ReaderPool(command=stand_in(
        "write_frame(out, ('progress', 0.1, 'Reading sheet 1'))\nimport time\ntime.sleep(60)\n"))
    seen = []
    with pytest.raises(ImportCancelled):
        pool.call("import_file", good_csv, progress=lambda f, m: seen.append(m), cancelled=lambda: bool(seen))
    assert seen == ["Reading sheet 1"]
    assert pool._worker.proc.poll() is not None


def test_a_refusal_and_a_result_come_back_as_they_were(good_csv, tmp_path):
    pool = guarded.ReaderPool()
    result = pool.call("import_file", good_csv)
    here = import_file(good_csv)
    assert result.observations.equals(here.observations)
    assert result.summary_line() == here.summary_line()
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableFileError) as err:
        pool.call("import_file", empty)
    assert str(err.value) == (f"{empty}: is empty (0 bytes). It may not have finished saving or copying; "
                              "save or copy it again.")
    pool.close()


def test_big_frames_travel_whole(tmp_path):
    import pandas as pd

    from cpdesk.importing import frames
    n = 30_000
    frame = pd.DataFrame({"cell": [f"K{i}" for i in range(n)], "area": ["Camden", "Leeds"] * (n // 2),
                          "value": [float(i) for i in range(n)], "note": ["a\x00b"] + [f"n{i}" for i in range(1, n)]})
    frame["label"] = pd.Series([f"L{i}" for i in range(n)], dtype="str")
    back = frames.loads(frames.dumps({"obs": frame}))["obs"]
    pd.testing.assert_frame_equal(back, frame)


def test_repeated_text_travels_as_codes_and_keeps_its_missing_cells():
    import pandas as pd

    from cpdesk.importing import frames
    n = 40_000
    frame = pd.DataFrame({
        "indicator": pd.Series([None if i % 3 == 0 else f"id{i % 5}" for i in range(n)], dtype=object),
        "area": pd.Series([f"Area {i % 200}" if i % 7 else None for i in range(n)], dtype="str"),
        "many": pd.Series([f"P{i % 40_000 // 2}" for i in range(n)], dtype="str"),
        "flag": pd.Series([None] * n, dtype=object),
        "value": [float(i % 9) for i in range(n)],
    })
    data = frames.dumps(frame)
    back = frames.loads(data)
    pd.testing.assert_frame_equal(back, frame)
    assert back["indicator"].iloc[0] is None and back["flag"].iloc[5] is None
    assert pd.isna(back["area"].iloc[0]) and back["area"].dtype == "str"
    assert len(data) < 1_000_000     # codes, not 40,000 pickled strings per column


def test_mostly_distinct_text_with_a_missing_cell_and_none_beside_nan_travel_as_they_were():
    import numpy as np
    import pandas as pd

    from cpdesk.importing import frames
    n = 20_000
    flags = np.array([None] * n, dtype=object)
    flags[7] = float("nan")                      # not the column's own missing value: kept as it is
    frame = pd.DataFrame({
        "cell": pd.Series([f"K{i}" if i != 3 else None for i in range(n)], dtype="str"),
        "source": pd.Series([f"f.csv › K{i}" for i in range(n)], dtype="str"),
        "flag": pd.Series(flags, dtype=object),
    })
    back = frames.loads(frames.dumps(frame))
    pd.testing.assert_frame_equal(back, frame)
    assert pd.isna(back["cell"].iloc[3]) and back["cell"].iloc[4] == "K4"
    assert back["flag"].iloc[0] is None and back["flag"].iloc[7] != back["flag"].iloc[7]
    back.loc[0, "source"] = "changed"            # the rebuilt columns are the frame's own
    assert back["source"].iloc[0] == "changed" and back["source"].iloc[1] == "f.csv › K1"


# --- the real worker on hostile files --------------------------------------------------------

def test_the_cheap_checks_refuse_the_issue_examples_before_any_parser(tmp_path):
    from cpdesk.importing.readers import read_workbook
    import xlsxwriter
    base = tmp_path / "base.xlsx"
    wb = xlsxwriter.Workbook(str(base))
    wb.add_worksheet("Data").write_row(0, 0, ["Indicator", "2023-24"])
    wb.close()

    def edited(name, part, edit):
        out = tmp_path / name
        with zipfile.ZipFile(base) as zin, zipfile.ZipFile(out, "w") as z:
            for info in zin.infolist():
                data = zin.read(info)
                z.writestr(info, edit(data) if info.filename.endswith(part) else data)
        return out

    lying_count = edited("count.xlsx", "sharedStrings.xml",
                         lambda d: re.sub(rb'uniqueCount="\d+"', b'uniqueCount="99999999999"', d))
    four_letters = edited("wide.xlsx", "sheet1.xml", lambda d: d.replace(
        b"</sheetData>", b'<row r="8"><c r="AAAA8"><v>1</v></c></row><row r="1000000"><c r="A1000000"><v>2</v>'
                         b'</c></row></sheetData>'))
    with pytest.raises(UnreadableFileError) as err:
        read_workbook(lying_count)
    assert err.value.problem.startswith("is damaged (its table of shared text claims 99,999,999,999 entries")
    with pytest.raises(UnreadableFileError) as err:
        read_workbook(four_letters)
    assert err.value.problem == "is too large to read safely (a sheet's entries span 1,000,000 rows by 18,279 columns)."


def test_an_xlsb_with_a_far_away_cell_is_refused(shared_dir, tmp_path):
    import struct

    from cpdesk.importing.file_safety import _xlsb_records
    from cpdesk.importing.readers import read_workbook
    source = shared_dir / "corpus" / "spreadsheets" / "date.xlsb"
    out = tmp_path / "far.xlsb"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as z:
        for info in zin.infolist():
            data = bytearray(zin.read(info))
            if info.filename.endswith("sheet1.bin"):
                rows = [off for rtype, off, size in _xlsb_records(bytes(data)) if rtype == 0]
                struct.pack_into("<I", data, rows[-1], 1_048_000)               # the last row moves far down
                cells = [off for rtype, off, size in _xlsb_records(bytes(data)) if 2 <= rtype <= 11]
                struct.pack_into("<I", data, cells[-1], 16_000)                # and its cell far right
            z.writestr(info, bytes(data))
    with pytest.raises(UnreadableFileError) as err:
        read_workbook(out)
    assert err.value.problem.startswith("is too large to read safely (a sheet's entries span 1,04")


def test_good_hostile_good_on_the_command_line(tmp_path, good_csv):
    hostile = big_stray_xlsx(tmp_path / "stray.xlsx")
    other = tmp_path / "other.csv"
    other.write_text(SAMPLE_CSV.replace("2024-25", "2025-26"), encoding="utf-8")
    env = dict(os.environ, RUST_BACKTRACE="1")
    done = subprocess.run([sys.executable, "-m", "cpdesk", "inspect", str(good_csv), str(hostile), str(other)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    assert done.stdout.startswith("good.csv: 4 value(s)")
    assert "\nother.csv: 4 value(s)" in done.stdout
    assert done.stderr == (f"cpdesk: cpdesk stopped reading {hostile}: it needed more than 3 GiB of memory. "
                           "The file may be damaged; open it in Excel and save a copy, then import the copy.\n")


def test_good_hostile_good_dropped_together_in_the_window(window, qtbot, tmp_path, good_csv):
    hostile = big_stray_xlsx(tmp_path / "stray.xlsx")
    other = tmp_path / "other.csv"
    other.write_text(SAMPLE_CSV.replace("2024-25", "2025-26"), encoding="utf-8")
    failures = []
    shown = window.loader._failed
    window.loader._failed = lambda path, message: (failures.append((path, message)), shown(path, message))
    window.load_paths([str(good_csv), str(hostile), str(other)])
    qtbot.waitUntil(lambda: window.loader.worker is None, timeout=60_000)
    assert sorted(os.path.basename(p) for p in window.session.loaded) == ["good.csv", "other.csv"]
    assert [os.path.basename(p) for p, _ in failures] == ["stray.xlsx"]
    assert "it needed more than 3 GiB of memory" in failures[0][1]


@pytest.mark.parametrize("job", ["import_file", "load_file"])
def test_fuzzed_corpus_files_are_all_answered_by_the_worker(tmp_path, job):
    """150 seeded mutants of the small corpus files: each reads or gets one plain sentence,
    through the command line's job and the window's (which detects the format first)."""
    mutants = write_mutants(tmp_path / "mutants", 150, seed=13, max_bytes=32 << 10)
    pool = guarded.ReaderPool()
    outcomes = {"read": 0, "refused": 0, "stopped": 0}
    for path in mutants:
        try:
            pool.call(job, path, time_limit=20)
            outcomes["read"] += 1
        except guarded.ReadingStopped as exc:
            outcomes["stopped"] += 1
            assert "took longer" not in exc.problem, path
            assert "did not expect" not in exc.problem, (path, exc.problem)
        except UnreadableFileError as exc:
            outcomes["refused"] += 1
            text = str(exc)
            assert text.startswith(str(path)) and "Traceback" not in text and "panicked" not in text, text
    pool.close()
    assert sum(outcomes.values()) == 150
    assert outcomes["read"] > 30 and outcomes["refused"] > 30, outcomes


def test_a_released_worker_ends_by_itself_is_reaped_at_close_and_a_later_file_starts_another(good_csv):
    pool = guarded.ReaderPool()
    first = pool.call("import_file", good_csv)
    worker = pool._worker
    pool.release()
    assert worker.proc.wait(30) == 0           # it left on its own, not killed
    pool.close()
    assert worker.proc.returncode == 0 and pool._ending == []
    again = pool.call("import_file", good_csv)
    assert pool._worker is not worker and again.observations.equals(first.observations)
    pool.close()
