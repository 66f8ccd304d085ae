"""Fuzz the readers behind their wall (run by hand: python3 bench/fuzz_readers.py [--count 3000]).

Writes seeded mutants of the corpus (tests/fuzz_mutants.py: bytes flipped, files cut short,
XML parts that lie about counts, dimensions, repeats and cell references), then:

1. reads each through the guarded worker pool, as the app does, and counts what came back
   (read, refused with a sentence, stopped by the wall) and how long each took;
2. runs ``cpdesk inspect`` on them in batches of 40, as a user would, and checks every run
   exits 0 or 3 with nothing but cpdesk's own sentences on stderr (no traceback, no Rust
   panic text, even with RUST_BACKTRACE=1).

Prints the figures that docs/readers.md quotes.

``--unexpected`` lists the mutants that stopped with "the reader met an error it did not
expect" (a Python error in cpdesk's own table interpretation) and prints each one's
traceback, found by reading that mutant again in this process; ``--keep DIR`` writes the
mutants to DIR instead of a temporary folder, so they can be opened afterwards.
Skip the command-line pass with ``--no-cli``.
"""
from __future__ import annotations

import argparse
import collections
import os
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
    parser.add_argument("--unexpected", action="store_true",
                        help="list mutants that met a Python error in interpretation, with tracebacks")
    parser.add_argument("--keep", metavar="DIR", help="write the mutants here and keep them")
    parser.add_argument("--no-cli", action="store_true", help="skip the cpdesk inspect pass")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = write_mutants(Path(args.keep or tmp), args.count, args.seed)
        unexpected = []
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
                if exc.problem.startswith("the reader met an error it did not expect"):
                    unexpected.append(path)
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
        if args.unexpected:
            _show_unexpected(unexpected)
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


def _show_unexpected(paths: list[Path]) -> None:
    """Read each mutant again in this process and print where the Python error arose."""
    import traceback

    from cpdesk.records.file_loading import load_file

    causes = collections.Counter()
    for path in paths:
        try:
            load_file(path)
            print(f"--- {path.name}: read without error in this process")
        except Exception as exc:  # noqa: BLE001 - what we are here to list
            frames = traceback.extract_tb(exc.__traceback__)
            where = frames[-1] if frames else None
            cause = f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}" if where else type(exc).__name__
            causes[cause] += 1
            print(f"--- {path.name}: {cause}")
            print("".join(traceback.format_exception(exc, limit=-8)))
    print(f"{len(paths)} mutants met an unexpected error; by where it arose: {dict(causes.most_common())}")


if __name__ == "__main__":
    sys.exit(main())
