"""The small things of the command line: a mistyped command, --help, one set of judgement symbols."""
from __future__ import annotations

import subprocess
import sys

import pytest

from cpdesk.cli import main, not_a_command
from cpdesk.presentation import direction_style, state_style
from tests.conftest import REPO


def test_a_mistyped_command_is_a_usage_error_not_a_window(capsys, monkeypatch):
    opened = []
    monkeypatch.setattr("cpdesk.cli._run_gui", lambda argv: opened.append(argv) or 0)
    assert main(["inspct", "book.xlsx"]) == 2
    err = capsys.readouterr().err
    assert "'inspct' is not a command, a file or a folder" in err and "Did you mean 'inspect'?" in err
    assert main(["benchmark", "--la", "Camden"]) == 2 and "Did you mean 'benchmarks'?" in capsys.readouterr().err
    assert not opened
    # files (existing or not, named with a suffix), folders and options still open the window
    assert not_a_command(["missing.xlsx"]) is None and not_a_command([str(REPO)]) is None
    assert not_a_command(["--la", "Camden"]) is None and not_a_command([]) is None
    main(["--la", "Camden"])
    assert opened == [["--la", "Camden"]]


def test_a_mistyped_command_exits_at_once_in_its_own_process():
    done = subprocess.run([sys.executable, str(REPO / "main.py"), "inspct", "x.xlsx"], capture_output=True,
                          text=True, timeout=60, cwd=REPO)
    assert done.returncode == 2 and "Did you mean 'inspect'?" in done.stderr and "Traceback" not in done.stderr


def test_help_lists_every_window_option_and_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--la", "--workspace", "--screenshot", "--trends", "FILE", "--self-test", "--version",
                   "inspect", "summary", "records", "benchmarks"):
        assert option in out, option
    from cpdesk.ui.app import build_parser
    window = build_parser().parse_args(["--la", "Camden", "--screenshot", "x.png", "--trends", "a.xlsx"])
    assert (window.la, window.screenshot, window.trends, window.files) == ("Camden", "x.png", True, ["a.xlsx"])


def test_benchmarks_use_the_same_symbols_as_the_grid(capsys):
    assert main(["benchmarks", "--la", "Camden", "--indicator", "PrevRegCPR"]) == 0
    out = capsys.readouterr().out
    words = {f"{state_style(k)['symbol']} {state_style(k)['word']}" for k in ("better", "similar", "worse")}
    words |= {f"{direction_style(k)['symbol']} {direction_style(k)['word']}" for k in ("improving", "worsening")}
    assert any(w in out for w in words) and "▼ worse" in out
    assert "+ better" not in out and "- worse" not in out and "↑ improving" not in out and "↓ worsening" not in out


def test_a_clean_start_is_not_unsaved(window):
    window.start((), None, "Camden")
    assert not window.session.dirty and not window.isWindowModified()
    assert window.windowTitle() == "Camden[*]"           # shown as "Camden — cpdesk": no star, no "cpdesk — … — cpdesk"
    window.change_indicator_settings("icpc_15wd_pct", {"target": 90.0})
    assert window.session.dirty
