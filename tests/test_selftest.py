"""``cpdesk --self-test``: every check passes on this code, and a failing check is reported, not skipped."""
from __future__ import annotations

import json
import re
from pathlib import Path

from cpdesk import __version__, cli, selftest

REPO = Path(__file__).resolve().parent.parent


def test_self_test_passes_and_writes_every_format(tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["--self-test", "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"cpdesk {__version__} self-test (from source")
    names = [name for name, _ in selftest.checks()]
    assert len(names) == 20
    for name in names:
        assert any(line.startswith(f"{selftest.OK} {name} ") for line in lines), name
    assert lines[-1] == f"All {len(names)} checks passed in " + lines[-1].split(" in ")[1]
    assert selftest.FAIL not in "\n".join(lines)

    made = {p.name for p in out.iterdir()}
    assert {"committee-table.docx", "committee-table.xlsx", "committee-table.pdf", "committee-table.html",
            "committee-table.csv", "committee-table.json", "trend.png", "trend.svg", "grid.png", "window.png",
            "self-test.cpdesk", "self-test.txt"} <= made
    assert (out / "committee-table.pdf").read_bytes().startswith(b"%PDF-")
    assert (out / "committee-table.docx").read_bytes()[:2] == b"PK"
    assert b"<svg" in (out / "trend.svg").read_bytes()
    table = json.loads((out / "committee-table.json").read_text(encoding="utf-8"))
    assert table["area"] == "Local authority"
    # the settings the main window wrote went to the output folder, not the user's
    assert (out / "settings" / "cpdesk.ini").is_file()
    report = (out / "self-test.txt").read_text(encoding="utf-8")
    assert "import sample workbook" in report and "139 values in 5 tables" in report


def test_missing_module_fails_the_self_test(tmp_path, monkeypatch, capsys):
    def missing(ctx):
        import cpdesk.not_in_this_build  # noqa: F401

    def fine(ctx):
        return "ok"

    monkeypatch.setattr(selftest, "checks", lambda: [("resources", fine), ("trend chart PNG", missing)])
    assert selftest.main(["--out", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith(f"{selftest.OK} resources ")
    assert lines[2].startswith(f"{selftest.FAIL} trend chart PNG ")
    assert lines[2].endswith("module cpdesk.not_in_this_build is missing from this build")
    assert lines[3].startswith("1 of 2 checks failed")
    assert "Traceback" in (tmp_path / "self-test.txt").read_text(encoding="utf-8")


def test_a_later_check_names_the_failed_one_it_needs(tmp_path, monkeypatch, capsys):
    def broken(ctx):
        raise ValueError("bad sheet")

    monkeypatch.setattr(selftest, "checks", lambda: [("import sample workbook", broken),
                                                     ("summary", selftest.check_summary)])
    assert selftest.main([]) == 1   # a temporary folder, kept because a check failed
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].endswith("ValueError: bad sheet")
    assert lines[2].endswith("an earlier check that provides the observations failed")
    kept = Path(re.search(r"Details: (.+)$", lines[3]).group(1))
    assert kept.is_file()
    kept.unlink()
    kept.parent.rmdir()


def test_version_info_matches_the_package_version():
    text = (REPO / "resources" / "installer" / "version_info.txt").read_text(encoding="utf-8")
    parts = tuple(int(p) for p in __version__.split("."))
    four = parts + (0,) * (4 - len(parts))
    assert f"filevers={four}" in text and f"prodvers={four}" in text
    assert f"StringStruct('ProductVersion', '{__version__}')" in text


def test_a_check_that_hangs_leaves_every_thread_stack_beside_the_report(tmp_path, monkeypatch, capsys):
    """A windowed build has no console to interrupt: the watchdog writes where a long check is stuck."""
    import time

    def stuck_in_here(ctx):
        time.sleep(2.0)
        return "done at last"

    monkeypatch.setattr(selftest, "WATCHDOG_SECONDS", 0.2)
    monkeypatch.setattr(selftest, "checks", lambda: [("slow check", stuck_in_here)])
    out = tmp_path / "out"
    assert selftest.main(["--out", str(out)]) == 0
    stacks = (out / selftest.STACKS_NAME).read_text(encoding="utf-8")
    assert stacks.startswith("--- still running after 0.2 s: slow check ---")
    assert "in stuck_in_here" in stacks
    report = (out / selftest.REPORT_NAME).read_text(encoding="utf-8").splitlines()
    assert report[1].startswith(f"{selftest.OK} slow check") and report[1].endswith("done at last")
