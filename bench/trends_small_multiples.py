"""How long 40 small multiples take to build (run by hand: python bench/trends_small_multiples.py).

Synthetic data: 40 indicators, 12 quarters of local values with annual England,
neighbours, region and target values. Times the series data, the first screenful of
charts (what the user waits for) and all 40 charts.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cpdesk.catalogue import default_catalogue  # noqa: E402
from cpdesk.observations import Observation, to_frame  # noqa: E402
from cpdesk.periods import financial_year, quarter  # noqa: E402
from cpdesk.trends import build_trends  # noqa: E402


def frame(ids):
    rng = np.random.default_rng(7)
    rows = []
    for ind in ids:
        base = rng.uniform(10, 90)
        for fy in (2022, 2023, 2024):
            for q in (1, 2, 3, 4):
                rows.append(Observation(ind, ind, "Barnet", "la", quarter(fy, q), base + rng.normal(0, 3)))
            for role, name in (("england", "England"), ("neighbours", "Statistical neighbours"),
                               ("region", "London"), ("target", "Target")):
                rows.append(Observation(ind, ind, name, role, financial_year(fy), base + rng.normal(0, 2)))
    return to_frame(rows)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    from cpdesk.ui.trends_view import TrendsView
    cat = default_catalogue()
    ids = [i.id for i in cat][:40]
    obs = frame(ids)
    view = TrendsView()
    view.resize(1400, 900)
    view.show()
    app.processEvents()
    view.set_data(obs.iloc[:0], cat, "Barnet")  # warm up pyqtgraph imports
    t = time.perf_counter()
    build_trends(obs, cat, "Barnet", ids)
    data_s = time.perf_counter() - t
    t = time.perf_counter()
    view.set_data(obs, cat, "Barnet")
    view.show_indicators(ids)
    first_s = time.perf_counter() - t
    view.ensure_built()
    all_s = time.perf_counter() - t
    app.processEvents()
    paint_s = time.perf_counter() - t
    print(f"series data for 40 indicators: {data_s * 1000:.0f} ms")
    print(f"first screenful ({min(6, len(ids))} charts) shown after: {first_s * 1000:.0f} ms")
    print(f"all {len(view.charts)} charts built: {all_s * 1000:.0f} ms; painted: {paint_s * 1000:.0f} ms")
    view.close()
    view.deleteLater()
    app.processEvents()


if __name__ == "__main__":
    main()
