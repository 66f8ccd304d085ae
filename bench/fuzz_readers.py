"""Fuzz the readers behind their wall (run by hand: python3 bench/fuzz_readers.py [--count 3000]).

Writes seeded mutants of the corpus (tests/fuzz_mutants.py: bytes flipped, files cut short,
XML parts that lie about counts, dimensions, repeats and cell references), then:

1. reads each through the guarded worker pool, as the app does, and counts what came back
   (read, refused with a sentence, stopped by the wall) and how long each took;
2. runs ``cpdesk inspect`` on them in batches of 40, as a user would, and checks every run
   exits 0 or 3 with nothing but cpdesk's own sentences on stderr (no traceback, no Rust
   panic text, even with RUST_BACKTRACE=1).

Prints the figures that docs/readers.md quotes. With ``--unexpected``, also lists each
mutant that stopped with "the reader met an error it did not expect", grouped by the
innermost cpdesk line of its traceback, with one traceback per group (``--keep DIR`` copies
those mutants there, to build a regression test from).
"""
from __future__ import annotations

import argparse
import collections
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cpdesk.errors import UnreadableFileError  # noqa: E402
from cpdesk.importing import guarded  # noqa: E402
from tests.fuzz_mutants import write_mutants  # noqa: E402

BAD_OUTPUT = ("Traceback", "panicked", "RUST_BACKTRACE", "memory allocation of", "Fatal Python error")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--batch", type=int, default=40)
    parser.add_argument("--unexpected", action="store_true", help="list unexpected errors grouped by cause")
    parser.add_argument("--keep", type=Path, help="copy the mutants that met an unexpected error here")
    parser.add_argument("--no-cli", action="store_true", help="skip the cpdesk inspect runs")
    args = parser.parse_args()
    unexpected = _record_unexpected()
    with tempfile.TemporaryDirectory() as tmp:
        files = write_mutants(Path(tmp), args.count, args.seed)
        outcomes, times, over = collections.Counter(), [], []
        pool = guarded.ReaderPool(keep_warm=True)
        start = time.perf_counter()
        for path in files:
            t0 = time.perf_counter()
            limit = guarded.time_limit_for(path)
            try:
                pool.call("load_file", path)
                outcomes["read"] += 1
            except guarded.ReadingStopped as exc:
                outcomes["stopped: " + exc.problem.split(" (")[0].split(".")[0]] += 1
            except UnreadableFileError as exc:
                outcomes["refused"] += 1
                if any(b in str(exc) for b in BAD_OUTPUT):
                    outcomes["BAD MESSAGE"] += 1
            took = time.perf_counter() - t0
            times.append(took)
            if took > limit + 2:
                over.append((took, path.name))
        pool.close()
        print(f"{len(files)} mutants through the worker in {time.perf_counter() - start:.0f} s: {dict(outcomes)}")
        print(f"per file: median {statistics.median(times) * 1000:.0f} ms, max {max(times):.1f} s; "
              f"answered past the time limit: {len(over)}")
        if args.unexpected or args.keep:
            _report_unexpected(unexpected, args.keep)
        if args.no_cli:
            return 0

        cli = collections.Counter()
        env = dict(os.environ, RUST_BACKTRACE="1")
        for k in range(0, len(files), args.batch):
            batch = [str(p) for p in files[k:k + args.batch]]
            done = subprocess.run([sys.executable, "-m", "cpdesk", "inspect", *batch], capture_output=True, text=True,
                                  env=env, cwd=ROOT)
            cli[f"exit {done.returncode}"] += 1
            lines = [ln for ln in done.stderr.splitlines() if ln]
            if any(b in done.stderr for b in BAD_OUTPUT) or any(not ln.startswith("cpdesk: ") for ln in lines):
                cli["stray output"] += 1
                print(done.stderr[-2000:])
        print(f"cpdesk inspect over {len(files)} mutants in batches of {args.batch}: {dict(cli)}")
    return 0


def _record_unexpected() -> list[tuple[str, str, str]]:
    """(path, error, traceback) of every answer the worker sent as unexpected."""
    seen: list[tuple[str, str, str]] = []
    result = guarded.ReaderPool._result

    def recording(self, answer, path):
        if answer[0] == "unexpected":
            seen.append((str(path), answer[1], answer[2]))
        return result(self, answer, path)

    guarded.ReaderPool._result = recording
    return seen


def _report_unexpected(seen: list[tuple[str, str, str]], keep: Path | None) -> None:
    groups: dict[str, list[tuple[str, str, str]]] = collections.defaultdict(list)
    for path, error, trace in seen:
        ours = [ln.strip() for ln in trace.splitlines() if ln.strip().startswith("File ") and "cpdesk" in ln]
        groups[(ours[-1] if ours else "?") + " -> " + error.split(":")[0]].append((path, error, trace))
    print(f"unexpected errors: {len(seen)} in {len(groups)} group(s)")
    for cause, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"\n{len(items)} x {cause}")
        print("   ", ", ".join(Path(p).name for p, _, _ in items))
        print(items[0][2])
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        for path, _, _ in seen:
            shutil.copy(path, keep / Path(path).name)


if __name__ == "__main__":
    sys.exit(main())
