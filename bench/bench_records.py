"""Benchmark: indicators from 500,000 synthetic plan records, cpdesk against a per-child Python loop.

    python3 bench/bench_records.py [--n 500000] [--skip-naive]

Writes a synthetic flat extract (CSV, dates as dd/mm/yyyy text: child id, plan start and
end, number of previous plans, strategy discussion, ICPC, three review dates) covering the
40 financial quarters Q1 2015-16 to Q4 2024-25, then runs, each in its own process so peak
memory is measured separately:

- ``fast``: cpdesk (read the CSV, check, compute every indicator for the 40 quarters);
- ``naive``: a straightforward per-child Python loop over the same file, written the way
  one would without numpy (csv module, strptime, dict of children, loop per quarter).

Both write their figures; the script checks that they agree and prints time and peak memory.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = dt.date(2025, 3, 31)
TODAY = dt.date(2025, 6, 1)
FIRST = dt.date(2015, 4, 1)
CHECKED = ["cpp_started_count", "cpp_ceased_count", "cpp_open_count", "cpp_repeat_ever_pct", "cpp_repeat_2yrs_pct",
           "cpp_ceased_2yrs_pct", "cpp_open_2yrs_pct", "icpc_15wd_pct", "cpp_reviews_on_time_pct", "s47_count",
           "months_between_plans_avg"]


def peak_mib() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss can carry the parent's peak over a fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- synthetic data ---------------------------------------------------------------------------

def make_extract(path: Path, n: int, seed: int = 2024) -> None:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    n_children = int(n / 1.25) + 10  # some plans start after the last day and are dropped
    counts = rng.choice([1, 2, 3], size=n_children, p=[0.6, 0.3, 0.1])
    child = np.repeat(np.arange(n_children), counts)
    order_in_child = np.arange(len(child)) - np.repeat(np.cumsum(counts) - counts, counts)
    span = (AS_OF - FIRST).days
    first_start = rng.integers(0, span, size=n_children)
    duration = rng.integers(20, 1000, size=len(child))
    gap = rng.integers(0, 900, size=len(child))
    # start of plan k = first start + sum of (duration + gap) of the plans before it
    step = duration + gap
    group_first = np.repeat(np.cumsum(counts) - counts, counts)
    before = np.concatenate([[0], np.cumsum(step)[:-1]])
    offset = before - before[group_first]
    start_day = np.repeat(first_start, counts) + offset
    keep = start_day <= span
    child, order_in_child, start_day, duration = child[keep], order_in_child[keep], start_day[keep], duration[keep]
    take = min(n, len(child))
    child, order_in_child, start_day, duration = child[:take], order_in_child[:take], start_day[:take], duration[:take]
    base = np.datetime64(FIRST, "D")
    start = base + start_day
    end = start + duration
    end = np.where(end > np.datetime64(AS_OF), np.datetime64("NaT"), end)
    prev = np.where(order_in_child > 0, order_in_child, np.where(rng.random(take) < 0.1, 1, 0))
    strategy = start - rng.integers(0, 40, size=take)
    r1 = start + rng.integers(60, 100, size=take)
    r2 = r1 + rng.integers(150, 200, size=take)
    r3 = r2 + rng.integers(150, 200, size=take)
    limit = np.where(np.isnat(end), np.datetime64(AS_OF), end)
    reviews = [np.where(r <= limit, r, np.datetime64("NaT")) for r in (r1, r2, r3)]

    def text(a):
        return pd.Series(a).dt.strftime("%d/%m/%Y").fillna("")

    df = pd.DataFrame({
        "Child ID": np.char.add("P", np.char.zfill(child.astype(str), 7)),
        "Plan start date": text(start), "Plan end date": text(end),
        "Number of previous child protection plans": prev,
        "Strategy discussion date": text(strategy), "ICPC date": text(start),
        "Review 1": text(reviews[0]), "Review 2": text(reviews[1]), "Review 3": text(reviews[2]),
    })
    df = df.sample(frac=1.0, random_state=seed)  # extracts are not sorted by child
    df.to_csv(path, index=False)


# --- cpdesk -------------------------------------------------------------------------------------

def run_fast(path: Path, out: Path) -> dict:
    t0 = time.perf_counter()
    from cpdesk.records import compute, load_records

    t_import = time.perf_counter() - t0
    rss_before = peak_mib()
    t1 = time.perf_counter()
    rs = load_records([path], today=TODAY)
    t2 = time.perf_counter()
    result = compute(rs, by="quarter", population=100_000, as_of=AS_OF, start=FIRST, end=AS_OF)
    t3 = time.perf_counter()
    peak_job = peak_mib()   # file to figures; the extra timings below allocate again
    timings = {}
    for by in ("month", "year", "rolling12"):
        # alone: the facts derived from the records (kept with them after the first compute) worked out again
        rs.derived.clear()
        tb = time.perf_counter()
        compute(rs, by=by, population=100_000, as_of=AS_OF, start=FIRST, end=AS_OF)
        timings[by] = time.perf_counter() - tb
    for by in ("month", "year", "rolling12"):
        # after another kind of period, as the app computes quarters, years and rolling 12 months together
        tb = time.perf_counter()
        compute(rs, by=by, population=100_000, as_of=AS_OF, start=FIRST, end=AS_OF)
        timings[by + "_next"] = time.perf_counter() - tb
    obs = result.observations
    figures = {f"{r.indicator}|{r.period}": [r.numerator, r.denominator, r.value]
               for r in obs.itertuples() if r.indicator in CHECKED}
    out.write_text(json.dumps(figures))
    return {"import_s": t_import, "read_and_check_s": t2 - t1, "compute_40_quarters_s": t3 - t2,
            "total_s": t3 - t1, "periods": len(result.periods), "observations": len(obs),
            "records": int(len(rs.plans)), "excluded": int(rs.plans["excluded"].sum()),
            "compute_by_month_s": timings["month"], "compute_by_year_s": timings["year"],
            "compute_rolling12_s": timings["rolling12"],
            "next_kind_month_s": timings["month_next"], "next_kind_year_s": timings["year_next"],
            "next_kind_rolling12_s": timings["rolling12_next"],
            "peak_rss_mib": peak_job, "peak_rss_with_extra_timings_mib": peak_mib(), "rss_after_imports_mib": rss_before}


# --- the per-child Python loop -----------------------------------------------------------------

def _d(text: str):
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    y, m = divmod(day.month - 1 + months, 12)
    y += day.year
    m += 1
    return dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def run_naive(path: Path, out: Path) -> dict:
    import holidays

    t1 = time.perf_counter()
    hol = set(holidays.country_holidays("GB", subdiv="ENG", years=range(2010, 2027)))
    children = defaultdict(list)
    enquiries = []
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            plan = {"start": _d(row["Plan start date"]), "end": _d(row["Plan end date"]),
                    "prev": int(row["Number of previous child protection plans"] or 0),
                    "reviews": sorted(x for x in (_d(row["Review 1"]), _d(row["Review 2"]), _d(row["Review 3"])) if x)}
            children[row["Child ID"]].append(plan)
            enquiries.append((_d(row["Strategy discussion date"]), _d(row["ICPC date"])))
    t2 = time.perf_counter()

    for plans in children.values():
        plans.sort(key=lambda p: p["start"])
        for i, p in enumerate(plans):
            prev = plans[i - 1] if i else None
            p["repeat_ever"] = prev is not None or p["prev"] > 0
            p["repeat_2y"] = prev is not None and prev["end"] is not None and prev["end"] >= _add_months(p["start"], -24)
            p["gap"] = (p["start"] - prev["start"]).days / (365.25 / 12) if prev else None
    timely = []
    for strat, icpc in enquiries:
        n, day = 0, strat
        while day < icpc:
            day += dt.timedelta(days=1)
            if day.weekday() < 5 and day not in hol:
                n += 1
        timely.append((strat, icpc, n <= 15))

    def reviews_ok(p, snap):
        due = _add_months(p["start"], 3)
        for r in [r for r in p["reviews"] if r <= snap]:
            if r > due:
                return False
            due = _add_months(r, 6)
        return not snap > due

    figures = {}
    q_start = FIRST
    while q_start <= AS_OF:
        q_end = _add_months(q_start, 3) - dt.timedelta(days=1)
        q = (q_start.month - 4) // 3 + 1 if q_start.month >= 4 else 4
        fy = q_start.year + (1 if q_start.month >= 4 else 0)
        label = f"Q{q} {fy - 1}-{str(fy)[2:]}"
        c = defaultdict(float)
        for plans in children.values():
            for p in plans:
                s, e = p["start"], p["end"]
                if q_start <= s <= q_end:
                    c["started"] += 1
                    c["ever"] += p["repeat_ever"]
                    c["2y"] += p["repeat_2y"]
                    if p["gap"] is not None:
                        c["gap_n"] += 1
                        c["gap_sum"] += p["gap"]
                if e is not None and q_start <= e <= q_end:
                    c["ceased"] += 1
                    c["ceased_long"] += (e - s).days + 1 > 729
                if s <= q_end and (e is None or e > q_end):
                    c["open"] += 1
                    c["open_long"] += (q_end - s).days + 1 > 729
                    if _add_months(s, 3) <= q_end:
                        c["rev_due"] += 1
                        c["rev_ok"] += reviews_ok(p, q_end)
        for strat, icpc, ok in timely:
            if q_start <= strat <= q_end:
                c["s47"] += 1
            if q_start <= icpc <= q_end:
                c["icpc"] += 1
                c["icpc_ok"] += ok

        def pct(a, b):
            return [c[a], c[b], 100.0 * c[a] / c[b] if c[b] else None]

        figures.update({
            f"cpp_started_count|{label}": [c["started"], None, c["started"]],
            f"cpp_ceased_count|{label}": [c["ceased"], None, c["ceased"]],
            f"cpp_open_count|{label}": [c["open"], None, c["open"]],
            f"s47_count|{label}": [c["s47"], None, c["s47"]],
            f"cpp_repeat_ever_pct|{label}": pct("ever", "started"),
            f"cpp_repeat_2yrs_pct|{label}": pct("2y", "started"),
            f"cpp_ceased_2yrs_pct|{label}": pct("ceased_long", "ceased"),
            f"cpp_open_2yrs_pct|{label}": pct("open_long", "open"),
            f"icpc_15wd_pct|{label}": pct("icpc_ok", "icpc"),
            f"cpp_reviews_on_time_pct|{label}": pct("rev_ok", "rev_due"),
            f"months_between_plans_avg|{label}": [None, None, c["gap_sum"] / c["gap_n"] if c["gap_n"] else None],
        })
        q_start = _add_months(q_start, 3)
    t3 = time.perf_counter()
    out.write_text(json.dumps(figures))
    return {"read_s": t2 - t1, "compute_40_quarters_s": t3 - t2, "total_s": t3 - t1,
            "peak_rss_mib": peak_mib()}


# --- driver ---------------------------------------------------------------------------------------

def _child(mode: str, data: Path, out: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--only", mode, "--data", str(data), "--figures", str(out)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _compare(fast: dict, naive: dict) -> list[str]:
    diffs = []
    for key, (num, den, val) in naive.items():
        got = fast.get(key)
        if got is None:
            diffs.append(f"{key}: missing")
            continue
        for a, b, what in ((num, got[0], "numerator"), (den, got[1], "denominator"), (val, got[2], "value")):
            if a is None or (isinstance(b, float) and b != b) or b is None:
                if not (a is None or a == 0) and b is not None and b == b:
                    diffs.append(f"{key} {what}: naive {a}, cpdesk {b}")
                continue
            if abs(float(a) - float(b)) > 1e-9 * max(1.0, abs(float(a))):
                diffs.append(f"{key} {what}: naive {a}, cpdesk {b}")
    return diffs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500_000)
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--only", choices=["fast", "naive"])
    ap.add_argument("--data")
    ap.add_argument("--figures")
    args = ap.parse_args()
    if args.only:
        fn = run_fast if args.only == "fast" else run_naive
        print(json.dumps(fn(Path(args.data), Path(args.figures))))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "plans.csv"
        t = time.perf_counter()
        make_extract(data, args.n)
        print(f"synthetic extract: {args.n:,} plan rows, {data.stat().st_size / 2**20:.0f} MiB CSV "
              f"(made in {time.perf_counter() - t:.1f} s)")
        fast = _child("fast", data, Path(tmp) / "fast.json")
        print("cpdesk:", json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in fast.items()}))
        if args.skip_naive:
            return 0
        naive = _child("naive", data, Path(tmp) / "naive.json")
        print("per-child Python loop:", json.dumps({k: round(v, 3) for k, v in naive.items()}))
        diffs = _compare(json.loads((Path(tmp) / "fast.json").read_text()),
                         json.loads((Path(tmp) / "naive.json").read_text()))
        print(f"figures compared: {len(json.loads((Path(tmp) / 'naive.json').read_text())):,}; differences: {len(diffs)}")
        for line in diffs[:20]:
            print("  ", line)
        print(f"speed-up (total): {naive['total_s'] / fast['total_s']:.0f}x; "
              f"compute only: {naive['compute_40_quarters_s'] / fast['compute_40_quarters_s']:.0f}x")
        return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
