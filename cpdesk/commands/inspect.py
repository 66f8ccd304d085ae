"""``cpdesk inspect FILE... [--json]``: what cpdesk finds in spreadsheets."""
from __future__ import annotations

import json
import sys

from cpdesk.commands._output import records
from cpdesk.observations import COLUMNS

SHOWN = ["indicator", "label", "area", "area_role", "period", "period_kind", "value", "numerator", "denominator",
         "flag", "note", "source"]


def add_parser(sub) -> None:
    p = sub.add_parser("inspect", help="list the indicators, periods, areas and values found in spreadsheets")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args) -> int:
    from cpdesk.session import open_session

    # read as the window reads them (lists of children give their computed figures); no national figures
    session, errors = open_session(args.files, national=False)
    results = list(session.loaded.values())
    obs = session.observations()
    if args.json:
        payload = {
            "files": [{
                "file": r.name, "path": r.path, "area": getattr(r.imported, "default_area", None),
                "observations": len(r.observations), "tables": [t.__dict__ for t in r.tables], "warnings": r.warnings,
                "unrecognised": r.unrecognised, "hidden_sheets": r.hidden_sheets,
            } for r in results],
            "errors": errors,
            "observations": records(obs, COLUMNS),
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, default=str)  # no indent: the C encoder is 10x faster
        sys.stdout.write("\n")
    else:
        _print_text(results, obs)
    if errors:
        for e in errors:
            print(f"cpdesk: {e}", file=sys.stderr)
        return 3
    return 0


def _print_text(results, obs) -> None:
    import pandas as pd

    out = sys.stdout
    for r in results:
        out.write(f"{r.summary_line()}\n")
        if r.hidden_sheets:
            out.write(f"  hidden sheets: {', '.join(r.hidden_sheets)}\n")
        for t in r.tables:
            title = f" '{t.title}'" if t.title else ""
            out.write(f"  table {t.id} {t.range}{title}: {t.layout}; {t.observations} values, "
                      f"{t.indicators} indicator(s) recognised, {t.unrecognised} not\n")
        for w in r.warnings:
            out.write(f"  warning: {w}\n")
        for u in r.unrecognised:
            out.write(f"  unrecognised label: '{u['label']}' ({u['sheet']} {u['cell']}, {u['count']} value(s)); "
                      "kept as a local indicator\n")
    if len(obs):
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250,
                               "display.max_colwidth", 48):
            shown = obs[SHOWN].copy()
            shown["indicator"] = shown["indicator"].fillna("(unrecognised)")
            out.write("\n" + shown.to_string(index=False, na_rep="") + "\n")


