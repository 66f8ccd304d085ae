"""``cpdesk records FILE... --out OUT.csv|OUT.json``: indicators computed from child-level lists.

Reads Ofsted Annex A Lists 5 and 7 or flat extracts of plans and enquiries, checks them,
and writes computed observations in the same columns as ``cpdesk inspect``. ``--explain``
lists the records behind one indicator; ``--quality`` writes the data-quality report.
Child identifiers are left out of everything written unless ``--include-child-ids`` is given.
"""
from __future__ import annotations

import sys

from cpdesk.errors import CpdeskError

PERSONAL_DATA_WARNING = ("cpdesk: warning: the output includes child identifiers, which are personal data. "
                         "Keep it on council systems and delete it when you are done.")


def add_parser(sub) -> None:
    p = sub.add_parser("records", help="compute indicators from child-level lists (Annex A Lists 5 and 7, extracts)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--by", default="quarter", choices=["month", "quarter", "year", "rolling12"],
                   help="periods: month, financial quarter (default), financial year or rolling 12 months")
    p.add_argument("--population", type=float, metavar="N", help="children aged 0-17, for rates per 10,000")
    p.add_argument("--area", default="Local authority", help="the local authority's name for the area column")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first day to report (dd/mm/yyyy or yyyy-mm-dd)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day to report")
    p.add_argument("--as-of", dest="as_of", metavar="DATE",
                   help="the date the extract was taken (default: the latest date in the records)")
    p.add_argument("--repeat-from", choices=["end", "start"],
                   help="'previous plan within 2 years' measured from the previous plan's end (default) or start")
    p.add_argument("--mapping", metavar="MAP.json", help="a mapping file naming the columns (see docs/records.md)")
    p.add_argument("--save-mapping", metavar="MAP.json", help="write the columns as recognised, to edit and reuse")
    p.add_argument("--explain", metavar="ID", help="list the records behind an indicator (e.g. cpp_repeat_ever_pct)")
    p.add_argument("--period", help="with --explain: the period (default: the latest)")
    p.add_argument("--explain-out", metavar="FILE", help="with --explain: write the list to FILE.csv/.json")
    p.add_argument("--quality", metavar="FILE", help="write the data-quality report to FILE.csv/.json")
    p.add_argument("--include-child-ids", action="store_true",
                   help="show child identifiers in --explain and --quality output (personal data)")
    p.add_argument("--out", metavar="OUT", help="OUT.csv or OUT.json for the computed observations")


def _date(text: str | None, what: str):
    if not text:
        return None
    from cpdesk.records.dates import parse_dates

    d, bad = parse_dates([text])
    if bad[0] or str(d[0]) == "NaT":
        raise CpdeskError(f"{what} '{text}' is not a date (write dd/mm/yyyy or yyyy-mm-dd).")
    return d[0].astype(object)


def run(args) -> int:
    from cpdesk import records as R
    from cpdesk.commands._output import write_table
    from cpdesk.observations import OUTPUT_COLUMNS, with_sources

    if not (args.out or args.explain or args.save_mapping or args.quality):
        raise CpdeskError("say where to write the figures with --out OUT.csv (or use --explain, --quality, --save-mapping).")
    entries = R.load_mapping_file(args.mapping) if args.mapping else None
    rs = R.load_records(args.files, mapping_entries=entries, mapping_source=args.mapping or "")
    for src in rs.sources:
        how = "recognised" if src.mapping.recognised else "mapped"
        print(f"{src.label}: {src.mapping.list_name} ({how}), {src.rows:,} record(s)", file=sys.stderr)
    if args.save_mapping:
        R.save_mapping_file(args.save_mapping, [s.mapping for s in rs.sources])
        print(f"Wrote the column mapping to {args.save_mapping}", file=sys.stderr)
    n_bad = int(rs.plans["excluded"].sum() + rs.s47["excluded"].sum())
    if n_bad:
        checks = rs.issues["check"].value_counts()
        detail = ", ".join(f"{R.CHECK_NAMES.get(k, k).lower()} {v}" for k, v in checks.items())
        print(f"Data quality: {n_bad:,} record(s) left out of the figures ({detail}). "
              f"{'See ' + args.quality if args.quality else 'Write the list with --quality FILE.csv'}.", file=sys.stderr)
    if args.quality:
        rep = R.quality_report(rs, include_child_ids=args.include_child_ids)
        write_table(rep, args.quality)
        if args.include_child_ids:
            print(PERSONAL_DATA_WARNING, file=sys.stderr)
    if not (args.out or args.explain):
        return 0

    rules = R.Rules.defaults()
    if args.repeat_from:
        rules = rules.with_changes(repeat_within_from=args.repeat_from)
    result = R.compute(rs, by=args.by, population=args.population, rules=rules, area=args.area,
                       start=_date(args.date_from, "--from"), end=_date(args.date_to, "--to"),
                       as_of=_date(args.as_of, "--as-of"))
    if args.out:
        write_table(with_sources(result.observations), args.out, OUTPUT_COLUMNS,
                    meta={"computed_from_records": True, "by": args.by, "as_of": result.as_of.isoformat(),
                          "rules": rules.as_dict()})
        print(f"Wrote {len(result.observations):,} computed value(s) for {len(result.periods)} period(s): {args.out}",
              file=sys.stderr)
    if args.explain:
        _explain(R, result, args)
    return 0


def _explain(R, result, args) -> None:
    import pandas as pd

    from cpdesk.commands._output import write_table

    period = args.period or result.periods[-1]
    rows = R.explain(result, args.explain, period)
    if not args.include_child_ids:
        codes = pd.factorize(rows["child_id"])[0] + 1
        rows["child_id"] = [f"child {c}" for c in codes]
    print(R.explain_summary(result, args.explain, period))
    if args.explain_out:
        write_table(rows, args.explain_out)
        print(f"Wrote {len(rows):,} record(s) to {args.explain_out}", file=sys.stderr)
    else:
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250):
            print(rows.to_string(index=False) if len(rows) else "(no records)")
    if args.include_child_ids:
        print(PERSONAL_DATA_WARNING, file=sys.stderr)
