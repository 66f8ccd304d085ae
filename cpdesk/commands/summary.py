"""``cpdesk summary FILE... --out OUT.csv|OUT.json``: one judged row per indicator."""
from __future__ import annotations

import sys

from cpdesk.commands._output import write_table
from cpdesk.errors import CpdeskError
from cpdesk.summary import SUMMARY_COLUMNS, build_summary


def add_parser(sub) -> None:
    p = sub.add_parser("summary", help="write the judged summary table for one area and period")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--area", help="the local area (default: the one local authority found)")
    p.add_argument("--compare", default="england",
                   help="england, neighbours, region, target or another area's name (default: england)")
    p.add_argument("--period", help="period label, e.g. 'Q4 2019-20' (default: the latest full period)")
    p.add_argument("--out", required=True, help="OUT.csv or OUT.json")


def run(args) -> int:
    from cpdesk.importing.importer import import_files

    batch = import_files(args.files)
    for e in batch.errors:
        print(f"cpdesk: {e}", file=sys.stderr)
    if batch.errors and not batch.results:
        return 3
    if batch.observations.empty:
        raise CpdeskError("no indicator values were found in the input, so there is nothing to summarise.")
    df, choice = build_summary(batch.observations, area=args.area, compare=args.compare, period=args.period)
    write_table(df, args.out, SUMMARY_COLUMNS,
                meta={"area": choice.area, "period": choice.period, "comparator": choice.compare})
    print(f"Wrote {len(df)} indicator(s) for {choice.area}, {choice.period}, compared with {choice.compare}: {args.out}")
    return 3 if batch.errors else 0
