"""Render docs/screenshot-trends.png offscreen from the example workbook (python tools/trends_screenshot.py)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtWidgets import QApplication  # noqa: E402


def main(out: str = str(REPO / "docs" / "screenshot-trends.png")) -> int:
    app = QApplication.instance() or QApplication([])
    from cpdesk.catalogue import default_catalogue
    from cpdesk.importing.importer import import_file
    from cpdesk.ui.trends_view import TrendsView
    obs = import_file(REPO / "resources" / "samples" / "example_cp_performance.xlsx").observations
    view = TrendsView()
    view.resize(1400, 860)
    view.show()
    view.set_data(obs, default_catalogue(), None, targets={"cpp_repeat_2yrs_pct": 10.0})
    view.show_indicators(["cpp_repeat_ever_pct", "icpc_15wd_pct", "cpp_repeat_2yrs_pct", "cpp_started_count"])
    view.ensure_built()
    app.processEvents()
    view.charts["icpc_15wd_pct"].show_index(2)
    app.processEvents()
    ok = view.grab().save(out)
    view.close()
    view.deleteLater()
    app.processEvents()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
