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


def _age(path, seconds):
    import time
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_a_killed_save_leaves_litter_that_the_next_save_to_that_folder_removes(tmp_path):
    import subprocess
    import sys
    target = tmp_path / "paper.docx"
    target.write_bytes(b"old paper")
    script = ("import os, sys\nfrom cpdesk.fileio import atomic_write\n"
              "with atomic_write(sys.argv[1], 'wb') as fh:\n    fh.write(b'half')\n    fh.flush()\n    os._exit(9)\n")
    done = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True)
    assert done.returncode == 9
    litter = [p for p in tmp_path.iterdir() if p.name != "paper.docx"]
    assert len(litter) == 1 and litter[0].name.startswith(".paper.docx.")     # what a kill leaves
    assert target.read_bytes() == b"old paper"
    _age(litter[0], 3600)
    with atomic_write(tmp_path / "summary.csv", "w") as fh:                    # any save to that folder
        fh.write("x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.docx", "summary.csv"]


def test_only_cpdesks_own_old_temporary_names_are_removed(tmp_path):
    from cpdesk.fileio import TEMP_SUFFIX
    (tmp_path / "grid.json").write_text("{}")
    keep = [".notes.txt.abcd1234.tmp",         # legacy pattern, but no notes.txt beside it: not ours
            ".unrelated.tmp", "report.tmp",    # other programs' names
            f".fresh.csv.abcd1234{TEMP_SUFFIX}"]  # recent: perhaps another window is saving now
    gone = [".grid.json.k2j4_x9q.tmp",          # legacy name beside the file it was saving
            f".paper.docx.zz9911aa{TEMP_SUFFIX}"]
    for name in keep + gone:
        (tmp_path / name).write_text("partial")
    for name in keep[:-1] + gone:
        _age(tmp_path / name, 3600)
    with atomic_write(tmp_path / "grid.json", "w") as fh:
        fh.write("{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(keep + ["grid.json"])


def test_the_folder_is_synced_after_the_rename(tmp_path, monkeypatch):
    import cpdesk.fileio as fileio
    synced = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file", (tmp_path / "out.csv").exists()))
        real_fsync(fd)

    monkeypatch.setattr(fileio.os, "fsync", fsync)
    with atomic_write(tmp_path / "out.csv", "w") as fh:
        fh.write("a")
    # the data first, then the folder after the rename (Windows cannot open a folder to sync it)
    assert synced == [("file", False)] + ([] if os.name == "nt" else [("dir", True)])
