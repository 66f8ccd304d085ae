"""A session that copied to the clipboard must end with exit code 0 (Qt's offscreen clipboard
crashed at exit while it still held mime data)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.conftest import REPO


def test_process_exits_cleanly_after_copying_a_table():
    script = textwrap.dedent("""
        from PySide6.QtCore import QMimeData
        from PySide6.QtWidgets import QApplication
        from cpdesk.ui.clipboard import put_on_clipboard
        app = QApplication([])
        mime = QMimeData()
        mime.setHtml("<table><tr><td>24.4</td></tr></table>")
        mime.setText("24.4")
        put_on_clipboard(mime)
        assert QApplication.clipboard().text() == "24.4"
        print("copied")
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "copied"


def test_trends_screenshot_exits_cleanly_every_time(tmp_path, shared_dir):
    """The chart views used to be destroyed in a random order at exit (a segfault in about a
    third of runs); 20 runs, two at a time, must all exit 0 and write both pictures."""
    from concurrent.futures import ThreadPoolExecutor

    sample = shared_dir / "samples" / "annex_a_synthetic.xlsx"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CPDESK_SETTINGS=str(tmp_path / "cpdesk.ini"))

    def one(i: int):
        shot = tmp_path / f"run{i}" / "x.png"
        done = subprocess.run([sys.executable, "main.py", "--screenshot", str(shot), "--trends", str(sample)],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        return done.returncode, done.stderr, shot.is_file() and shot.with_name("x-trends.png").is_file()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(one, range(20)))
    codes = [code for code, _, _ in outcomes]
    assert codes == [0] * 20, next(err for code, err, _ in outcomes if code)
    assert all(written for _, _, written in outcomes)
