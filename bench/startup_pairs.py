"""A returning start of two checkouts of cpdesk, pair by pair (A B A B ...), to the first painted grid.

Each checkout gets its own settings folder and bytecode cache in a temporary folder; one
launch with ``--screenshot`` saves its grid (as a user's last session did), one more warms
the caches, then the pairs are timed from just before the launch to the paint reported by
``CPDESK_FIRST_PAINT``. Prints the medians and the median of the per-pair ratio A/B, which
holds when the shared machine's speed drifts during the run::

    python bench/startup_pairs.py 21 /path/to/checkout_a /path/to/checkout_b
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _launch(repo: str, env: dict, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(Path(repo) / "main.py"), "--la", "Camden", *extra], env=env, cwd=repo,
                          capture_output=True, text=True, timeout=120)


def _paint(repo: str, env: dict) -> float:
    t0 = time.time()
    out = _launch(repo, env)
    for line in out.stdout.splitlines():
        if line.startswith("FIRST_GRID_PAINT"):
            return float(line.split()[1]) - t0
    raise RuntimeError(f"no paint time from {repo}: {out.stderr[-400:]}")


def main(n: int, repos: list[str]) -> None:
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        envs = []
        for k, repo in enumerate(repos):
            env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), PYTHONPATH=repo,
                       PYTHONPYCACHEPREFIX=f"{tmp}/pycache{k}", CPDESK_SETTINGS=f"{tmp}/settings{k}/cpdesk.ini")
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            _launch(repo, env, "--screenshot", f"{tmp}/saved{k}.png")     # saves the grid a returning start shows
            env["CPDESK_FIRST_PAINT"] = "1"
            _paint(repo, env)
            envs.append(env)
        a, b = [], []
        for _ in range(n):
            a.append(_paint(repos[0], envs[0]))
            b.append(_paint(repos[1], envs[1]))
    ratios = [x / y for x, y in zip(a, b)]
    print(f"A {repos[0]}: median {statistics.median(a):.3f} s; B {repos[1]}: median {statistics.median(b):.3f} s; "
          f"A/B pair by pair: median {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f}), "
          f"{n} pairs")


if __name__ == "__main__":
    if len(sys.argv) != 4 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    main(int(sys.argv[1]), sys.argv[2:4])
