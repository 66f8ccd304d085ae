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
