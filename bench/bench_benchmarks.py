"""How long the built-in national figures take: load + a full LA profile (goal: under 0.2 s).

Each measurement runs in a fresh Python process (so nothing is cached), with pandas and
numpy already imported, as they are in the app before anyone asks for a profile. Wall
time and CPU time (``total_cpu``) are both shown: on a shared machine wall time includes
waiting for a core. Printed
side by side: reading the values from ``values.npz`` (what cpdesk does) and from
``values.csv.gz`` (the readable copy), then the steps of the npz path.

    python bench/bench_benchmarks.py [--runs 7] [--la Barnet]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
import numpy, pandas
from cpdesk.catalogue import default_catalogue
fmt, la = sys.argv[1], sys.argv[2]
T = time.perf_counter
c0 = time.process_time()
t0 = T()
from cpdesk.benchmarks import data as d
if fmt == "csv":
    real = d.read_values_npz
    d.read_values_npz = lambda path: d.read_values_csv(path.with_name("values.csv.gz"))
t_import = T()
data = d.load_benchmarks()
t_load = T()
from cpdesk.benchmarks.authorities import find_la
from cpdesk.benchmarks.profile import profile
auth = find_la(data, la)
frame = profile(data, auth, 2025)
t_first = T()
c_first = time.process_time()
frame2 = profile(data, auth, 2021)
t_second = T()
from cpdesk.benchmarks.combine import national_observations
obs = national_observations(data, auth, 2025)
t_obs = T()
print(json.dumps({"import": t_import - t0, "load": t_load - t_import, "first_profile": t_first - t_load,
                  "total": t_first - t0, "total_cpu": c_first - c0, "warm_profile": t_second - t_first, "observations": t_obs - t_second,
                  "rows": len(frame), "indicators": int(frame["indicator"].nunique()), "obs_rows": len(obs)}))
"""


def run(fmt: str, la: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, fmt, la], cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--la", default="Barnet")
    args = ap.parse_args()
    results = {fmt: [run(fmt, args.la) for _ in range(args.runs)] for fmt in ("npz", "csv")}
    first = results["npz"][0]
    print(f"LA {args.la}: {first['rows']} rows ({first['indicators']} indicators x years), "
          f"{first['obs_rows']} observation rows; median of {args.runs} fresh processes, seconds")
    keys = ["import", "load", "first_profile", "total", "total_cpu", "warm_profile", "observations"]
    print(f"{'step':<16}{'values.npz':>12}{'values.csv.gz':>15}")
    for k in keys:
        a = statistics.median(r[k] for r in results["npz"])
        b = statistics.median(r[k] for r in results["csv"])
        print(f"{k:<16}{a:>12.3f}{b:>15.3f}")
    worst = max(r["total"] for r in results["npz"])
    print(f"slowest npz total: {worst:.3f} s (goal < 0.200 s); total_cpu is CPU time, "
          f"which other jobs on the machine do not inflate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
