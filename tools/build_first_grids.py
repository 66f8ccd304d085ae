"""Build ``resources/first_grids.bin``: the first grid of every current authority, for the first launch.

Run it after the built-in figures (``tools/build_benchmarks.py``), the catalogue, the grid
defaults or the way the grid is built change (the test ``tests/test_first_grid.py`` says
so when the file no longer matches)::

    python3 tools/build_first_grids.py [--out PATH]

Each grid is the one a fresh start shows: the authority's built-in national figures,
England as the comparator, the latest years (:meth:`cpdesk.session.Session.grid`). Takes
about a minute.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cpdesk import benchmarks, builtin_figures, first_grid  # noqa: E402
from cpdesk.resources import resource  # noqa: E402
from cpdesk.session import Session  # noqa: E402


def authority_entries() -> list[first_grid.Authority]:
    """Every current authority with the other codes and names ``--la`` may give for it."""
    table = benchmarks.local_authorities()
    out = []
    for choice in builtin_figures.authorities():
        row = table.loc[choice.code]
        aliases = [row["new_la_code"]] + str(row["former_new_la_codes"]).split(";") + str(row["other_names"]).split(";")
        out.append(first_grid.Authority(choice.code, choice.name, choice.region,
                                        tuple(a.strip() for a in aliases if a and a.strip() and a.strip() != "nan")))
    return out


def build(out: Path) -> Path:
    started = time.time()
    entries = []
    for a in authority_entries():
        session = Session()
        session.set_la(a.code)
        grid = session.grid()
        if grid.rows:
            entries.append((a, grid))
    path = first_grid.write(out, entries, first_grid.inputs_digest())
    print(f"{path}: {len(entries)} authorities, {path.stat().st_size / 1024:.0f} KiB, {time.time() - started:.0f} s")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=resource(first_grid.FILE_NAME))
    build(parser.parse_args().out)
