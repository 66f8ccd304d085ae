"""A big CSV is split by pandas' C parser into columns; what it gives is what the row-by-row
reader gives (checked on small files by moving the threshold)."""
from __future__ import annotations

import pandas as pd
import pytest

from cpdesk.importing import csv_reader
from cpdesk.importing.importer import import_file
from cpdesk.importing.readers import read_workbook

TIDY = ("time_period,geographic_level,la_name,region_name,CPP_start,CPP_subsequent_percent\n"
        + "".join(f"{2016 + r % 8},Local authority,Authority {r % 40},London,{r % 90},{'c' if r % 7 == 0 else r % 30 / 10}\n"
                  for r in range(400))
        + "201516,National,,,1200,\n\n\n")


@pytest.fixture
def tidy(tmp_path):
    path = tmp_path / "cin.csv"
    path.write_text(TIDY, encoding="utf-8")
    return path


def test_the_fast_path_gives_the_same_observations(tidy, monkeypatch):
    slow = import_file(tidy).observations
    monkeypatch.setattr(csv_reader, "FAST_PATH_CHARS", 0)
    wb = read_workbook(tidy)
    assert isinstance(wb.sheets[0].rows, csv_reader.FrameRows)
    assert wb.sheets[0].n_rows == 402                      # the blank lines at the end are dropped
    assert wb.sheets[0].rows[1] == [2016.0, "Local authority", "Authority 0", "London", 0.0, "c"]
    assert wb.sheets[0].rows[-1] == [201516.0, "National", "", "", 1200.0, ""]
    fast = import_file(tidy).observations
    assert len(fast) == len(slow) == 401 * 2 - 1
    pd.testing.assert_frame_equal(fast, slow)


def test_ragged_text_falls_back_to_the_row_reader(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_reader, "FAST_PATH_CHARS", 0)
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n1,2,3,4\n5\n", encoding="utf-8")
    rows = read_workbook(path).sheets[0].rows
    assert rows == [["a", "b"], [1.0, 2.0, 3.0, 4.0], [5.0]]


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")])
def test_the_fast_path_reads_the_bytes_as_the_text_reads(tmp_path, monkeypatch, encoding, bom):
    text = TIDY.replace("Authority 5,", "Bury St Edmunds – Suffolk,").replace("Authority 3,", "Authority é3,")
    path = tmp_path / "cin.csv"
    path.write_bytes(bom + text.encode(encoding))
    slow = import_file(path).observations
    monkeypatch.setattr(csv_reader, "FAST_PATH_CHARS", 0)
    fast = import_file(path).observations
    assert "Bury St Edmunds – Suffolk" in set(fast["area"]) and "Authority é3" in set(fast["area"])
    pd.testing.assert_frame_equal(fast, slow)
