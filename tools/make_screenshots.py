"""Draw the screenshots in docs/ (1280 x 780) and the user guide's copies in resources/guide/.

    QT_QPA_PLATFORM=offscreen python3 tools/make_screenshots.py [--docs DIR] [--guide DIR]

Each is the window as a user sees it with one of the seed papers' spreadsheets
(tests/fixtures/seeds/) dropped on it: a yearly workbook, a quarterly one, a snapshot, the
trend view and the print preview of the grid. Settings and caches go to a temporary folder.
The guide's copies are scaled to 960 pixels wide with a reduced palette, to keep the
installed guide small.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SEEDS = REPO / "tests" / "fixtures" / "seeds"
SIZE = (1280, 780)
GUIDE_WIDTH = 960


def _settle(app, rounds: int = 6) -> None:
    for _ in range(rounds):
        app.processEvents()


def _window(app, la: str, files):
    from cpdesk.ui.main_window import MainWindow
    w = MainWindow(ask_la=False)
    w.resize(*SIZE)
    w.show()
    w.set_la(la, dirty=None)
    if files:
        w.load_paths_now([str(SEEDS / f) for f in files])
    _settle(app)
    w.grid_view.show_latest()
    _settle(app)
    return w


def _select(w, indicator: str, column_label: str) -> None:
    g = w.session.grid()
    r = next(i for i, row in enumerate(g.rows) if row.key == indicator)
    c = next(i for i, col in enumerate(g.columns) if col.label == column_label)
    w.grid_view.table.setCurrentIndex(w.grid_view.model.index(r, c))


def _close(app, w) -> None:
    w.session.mark_dirty(False)
    w.close()
    w.deleteLater()
    _settle(app)


def shoot(docs: Path, guide: Path) -> list[Path]:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("cpdesk")
    app.setApplicationDisplayName("cpdesk")
    docs.mkdir(parents=True, exist_ok=True)
    guide.mkdir(parents=True, exist_ok=True)
    written = []

    def save(widget, name: str) -> None:
        path = docs / name
        widget.grab().save(str(path))
        written.append(path)
        guide_copy(QImage(str(path))).save(str(guide / name))

    w = _window(app, "Warwickshire", ["warwickshire_cp_update.xlsx"])
    _select(w, "cpp_repeat_ever_pct", "2019-20")
    _settle(app)
    save(w, "screenshot-grid.png")

    # the trend view, in a window of its own at the same size, with a target for repeat plans
    w.change_indicator_settings("cpp_repeat_ever_pct", {"target": 20.0})
    w.open_trends()
    dock = w.trends_dock
    dock.setFloating(True)
    dock.resize(*SIZE)
    view = dock.widget()
    view.show_indicators(["cpp_repeat_ever_pct", "cpp_ceased_2yrs_pct", "icpc_15wd_pct", "cpp_started_count",
                          "cpp_rate_per_10k", "s47_count"])
    view.ensure_built()
    _settle(app, 10)
    save(dock, "screenshot-trends.png")

    # the print preview of the grid
    from cpdesk.ui import printing
    shots = []

    def capture(dialog):
        dialog.resize(*SIZE)
        dialog.show()
        _settle(app, 10)
        QTimer.singleShot(0, dialog.reject)
        shots.append(dialog.grab())
        return False

    printing.run_dialog = capture
    w.grid.print_grid()
    path = docs / "screenshot-print-preview.png"
    shots[0].save(str(path))
    written.append(path)
    guide_copy(shots[0].toImage()).save(str(guide / path.name))
    _close(app, w)

    w = _window(app, "Wokingham", ["wokingham_repeat_cpp.xlsx"])
    _select(w, "cpp_repeat_ever_pct", "Q3 2020-21")
    _settle(app)
    save(w, "screenshot-quarters.png")
    _close(app, w)

    w = _window(app, "Herefordshire", ["herefordshire_cp_numbers.xlsx"])
    _select(w, "cpp_open_count", "25 Jun 2018")
    _settle(app)
    save(w, "screenshot-snapshot.png")
    _close(app, w)

    w = _window(app, "Bath and North East Somerset", ["bathnes_cp_activity.xlsx"])
    _select(w, "cpp_repeat_ever_pct", "Q2 2011-12")
    _settle(app)
    save(w, "screenshot-targets.png")
    _close(app, w)
    return written


def guide_copy(image):
    """``image`` 960 pixels wide in its own 256 most used colours (a fifth of the bytes, the same colours)."""
    import numpy as np
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    scaled = image.convertToFormat(QImage.Format.Format_RGB32).scaledToWidth(
        GUIDE_WIDTH, Qt.TransformationMode.SmoothTransformation).convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(scaled.constBits(), dtype=np.uint32, count=scaled.width() * scaled.height())
    values, counts = np.unique(pixels, return_counts=True)
    table = [int(v) for v in values[np.argsort(-counts, kind="stable")[:256]]]
    return scaled.convertToFormat(QImage.Format.Format_Indexed8, table,
                                  Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=REPO / "docs")
    parser.add_argument("--guide", type=Path, default=REPO / "resources" / "guide")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CPDESK_SETTINGS"] = str(Path(tmp) / "cpdesk.ini")
        for path in shoot(args.docs, args.guide):
            print(path)


if __name__ == "__main__":
    main()
