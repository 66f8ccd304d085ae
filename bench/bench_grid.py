"""Grid and raw data view over 1,000,000 observations: set-up time and repaint time.

    python bench/bench_grid.py [ROWS]     (default 1,000,000; offscreen)
"""
from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cpdesk.catalogue import default_catalogue  # noqa: E402
from cpdesk.grid import GridOptions, build_grid  # noqa: E402
from cpdesk.observations import COLUMNS  # noqa: E402


def synthetic(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    inds = [i.id for i in default_catalogue()][:40]
    areas = [f"Area {k}" for k in range(150)]
    months = pd.date_range("2000-01-01", periods=240, freq="MS")
    ind = rng.integers(0, len(inds), n)
    area = rng.integers(0, len(areas), n)
    mon = rng.integers(0, len(months), n)
    start = months[mon]
    end = start + pd.offsets.MonthEnd(0)
    df = pd.DataFrame({
        "indicator": np.array(inds, dtype=object)[ind], "label": np.array(inds, dtype=object)[ind],
        "area": np.array(areas, dtype=object)[area], "area_role": np.where(area == 0, "la", "other"),
        "period": start.strftime("%b %Y"), "period_label": start.strftime("%b %Y"), "period_start": start,
        "period_end": end, "period_kind": "month", "partial": False, "value": rng.random(n) * 100,
        "numerator": np.nan, "denominator": np.nan, "flag": None, "note": "", "source_prefix": "bench.csv › ",
        "file": "bench.csv", "sheet": "bench", "cell": "A1", "table": "bench#1"})
    return df[COLUMNS]


def repaint_ms(view, times: int = 7) -> float:
    samples = []
    for _ in range(times):
        t = time.perf_counter()
        view.viewport().repaint()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def main(n: int) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from cpdesk.models.grid_model import GridModel
    from cpdesk.ui.grid_view import GridView
    from cpdesk.ui.raw_data_view import RawDataView
    df = synthetic(n)
    print(f"{n:,} observations")
    raw = RawDataView()
    raw.resize(1400, 900)
    raw.show()
    t = time.perf_counter()
    raw.set_frame(df)
    app.processEvents()
    print(f"raw view: set-up {time.perf_counter() - t:.3f} s, repaint {repaint_ms(raw.table):.1f} ms")
    t = time.perf_counter()
    raw.model.sort(6)
    print(f"raw view: sort by value {time.perf_counter() - t:.3f} s; repaint {repaint_ms(raw.table):.1f} ms")
    t = time.perf_counter()
    raw.model.set_filter("Area 1")
    print(f"raw view: filter {time.perf_counter() - t:.3f} s ({raw.model.rowCount():,} rows)")
    view = GridView()
    view.resize(1400, 900)
    view.show()
    t = time.perf_counter()
    grid = build_grid(df, default_catalogue(), GridOptions(area="Area 0", granularity="months", latest_n=12))
    t_build = time.perf_counter() - t
    t = time.perf_counter()
    view.set_grid(grid)
    app.processEvents()
    t_view = time.perf_counter() - t
    print(f"grid: build {t_build:.3f} s + model/view {t_view:.3f} s = set-up {t_build + t_view:.3f} s "
          f"({grid.shape[0]} rows x {grid.shape[1]} columns); repaint {repaint_ms(view.table):.1f} ms")
    assert isinstance(view.model, GridModel)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
