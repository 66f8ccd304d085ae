import os
import stat

import pytest

from cpdesk.fileio import FileInUseError, atomic_write, escape_formula


def test_atomic_write_replaces_whole_file_and_keeps_normal_permissions(tmp_path):
    target = tmp_path / "out.csv"
    with atomic_write(target, "w", encoding="utf-8") as fh:
        fh.write("a,b\n")
    assert target.read_text(encoding="utf-8") == "a,b\n"
    assert stat.S_IMODE(target.stat().st_mode) & 0o044 == 0o044 or os.name == "nt"   # readable by others, as a normal file
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]                     # no temporary file left


def test_failure_leaves_old_file_untouched(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_write(target, "w", encoding="utf-8") as fh:
            fh.write("half")
            raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_file_open_in_excel_gives_a_clear_message(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileInUseError, match="Close it"):
        with atomic_write(target, "w", encoding="utf-8") as fh:
            fh.write("new")
    assert target.read_text(encoding="utf-8") == "old"


@pytest.mark.parametrize("text, expected", [
    ("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-x", "'-x"), ("@cmd", "'@cmd"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("plain", "plain"), (-5, -5), (3.2, 3.2),
])
def test_formula_escaping(text, expected):
    assert escape_formula(text) == expected
