"""Export speed: the 30-indicator x 5-year trend table with a chart per indicator to Word, PDF and HTML.

Run by hand. One run is one whole export as the app does it (build the paper, the disclosure
check, then each file), so time the whole process and compare it with a baseline beside it:

    python3 bench/bench_exports.py                 # trend table + 30 charts -> .docx .pdf .html (goal < 3 s)
    python3 bench/bench_exports.py --no-charts     # the same table without charts (the baseline)
    python3 bench/bench_exports.py --committee     # the committee table (30 x 8 rows) in every format
    python3 bench/bench_exports.py --runs 5        # in-process: the median of each step after a warm-up

The figures quoted in README.md and docs/exports.md are whole-process medians, the charts run
and the no-charts run in turn, pair by pair.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

N_INDICATORS, N_YEARS, N_QUARTERS = 30, 5, 8
AREA = "Northtown"


def observations(kind: str = "year"):
    """30 indicators (the catalogue's, then local ones) over 5 years (or 8 quarters), with England,
    statistical neighbours (as the built-in figures give them) and targets."""
    import numpy as np

    from cpdesk.catalogue import default_catalogue
    from cpdesk.observations import Observation, to_frame
    from cpdesk.periods import financial_year, quarter

    rng = np.random.default_rng(7)
    inds = list(default_catalogue())[:N_INDICATORS]
    periods = ([financial_year(2020 + y) for y in range(N_YEARS)] if kind == "year"
               else [quarter(2023 + (q // 4), q % 4 + 1) for q in range(N_QUARTERS)])
    rows = []
    for n, ind in enumerate(inds):
        count = ind.unit == "count"
        for p in periods:
            den = float(rng.integers(40, 400))
            num = float(rng.integers(0, int(den) + 1))
            value = num if count else round(100 * num / den, 1)
            rows.append(Observation(ind.id, ind.name, AREA, "la", p, value, None if count else num,
                                    None if count else den, file="perf.xlsx", sheet="Scorecard", cell=f"B{n + 2}"))
            for area, role, v in (("England", "england", round(value * 0.9 + 3, 1)),
                                  ("Statistical neighbours", "neighbours", round(value * 1.05, 1))):
                rows.append(Observation(ind.id, ind.name, area, role, p, v, file="DfE open data", table="national"))
            if not count:
                rows.append(Observation(ind.id, ind.name, "Target", "target", p, 25.0, file="perf.xlsx"))
    return to_frame(rows), [p.label for p in periods]


def paper_run(obs, out: Path, charts: bool) -> dict[str, float]:
    """Build the trend paper (with charts), check it for small numbers, write Word, PDF and HTML."""
    from cpdesk.export import write_export
    from cpdesk.export.disclosure import check, suppress
    from cpdesk.export.layouts import LayoutChoice, build_paper

    times = {}
    t = time.perf_counter()
    paper = build_paper(obs, LayoutChoice(area=AREA, charts=charts, produced=dt.date(2025, 1, 6),
                                          commentary={"cpp_repeat_ever_pct": "A paragraph of commentary. " * 4}))
    times["build"] = time.perf_counter() - t
    t = time.perf_counter()
    paper = suppress(paper, check(paper))
    times["check+suppress"] = time.perf_counter() - t
    for ext in (".docx", ".pdf", ".html"):
        t = time.perf_counter()
        write_export(paper, out / f"paper{ext}")
        times[ext] = time.perf_counter() - t
    assert len(paper.tables[0].rows) == N_INDICATORS and len(paper.charts) == (N_INDICATORS if charts else 0)
    return times


def committee_run(obs, periods, out: Path) -> dict[str, float]:
    """The committee table (a row per indicator and quarter) in every format and on the clipboard."""
    from cpdesk.export import write_export
    from cpdesk.export.committee_table import build_committee_table
    from cpdesk.export.disclosure import check, suppress
    from cpdesk.ui.clipboard import table_mime

    times = {}
    t = time.perf_counter()
    table = build_committee_table(obs, area=AREA, periods=periods)
    times["build"] = time.perf_counter() - t
    t = time.perf_counter()
    table = suppress(table, check(table))
    times["check+suppress"] = time.perf_counter() - t
    for ext in (".docx", ".xlsx", ".pdf", ".html", ".csv", ".json"):
        t = time.perf_counter()
        write_export(table, out / f"summary{ext}")
        times[ext] = time.perf_counter() - t
    t = time.perf_counter()
    table_mime(table)
    times["clipboard"] = time.perf_counter() - t
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-charts", action="store_true", help="the same trend table without charts (the baseline)")
    ap.add_argument("--committee", action="store_true", help="the committee table, 30 indicators x 8 quarters")
    ap.add_argument("--runs", type=int, default=1, help="in-process runs after a warm-up (default: one, no warm-up)")
    args = ap.parse_args()

    from cpdesk.render import install
    from cpdesk.render.app import gui_app
    gui_app()
    install()
    obs, periods = observations("quarter" if args.committee else "year")
    results: dict[str, list[float]] = {}
    totals = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs + (1 if args.runs > 1 else 0)):
            t0 = time.perf_counter()
            times = committee_run(obs, periods, Path(tmp)) if args.committee else \
                paper_run(obs, Path(tmp), charts=not args.no_charts)
            if args.runs > 1 and i == 0:
                continue                     # the warm-up: imports and first use
            totals.append(time.perf_counter() - t0)
            for k, v in times.items():
                results.setdefault(k, []).append(v)
    what = ("committee table, 30 indicators x 8 quarters, every format" if args.committee else
            f"trend table, {N_INDICATORS} indicators x {N_YEARS} years, {'no charts' if args.no_charts else 'a chart each'}"
            ", to .docx .pdf .html")
    print(f"{what}; median of {len(totals)} run(s):")
    for k, v in results.items():
        print(f"  {k:15s} {statistics.median(v) * 1000:7.0f} ms")
    print(f"  {'all steps':15s} {statistics.median(totals) * 1000:7.0f} ms")
    print(f"  {'whole process':15s} {(time.perf_counter() - START) * 1000:7.0f} ms (start-up and imports included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
