"""``cpdesk inspect FILE... [--json]``: what cpdesk finds in spreadsheets."""
from __future__ import annotations

import json
import sys

from cpdesk.commands._output import records
from cpdesk.observations import COLUMNS

#: Cells left out listed per table in the text output (the JSON lists every one).
SHOWN_LEFT_OUT = 20
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
                "observations": len(r.observations), "value_cells": getattr(r.imported, "value_cells", 0),
                "read_cells": getattr(r.imported, "read_cells", 0), "tables": [t.as_dict() for t in r.tables],
                "warnings": r.warnings, "unrecognised": r.unrecognised, "hidden_sheets": r.hidden_sheets,
                "recognition": _recognition(r.labels),
                "descriptions": getattr(r.imported, "descriptions", []),
                "council_polarity": getattr(r.imported, "council_polarity", {}),
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


def _recognition(labels: list[dict]) -> dict:
    from cpdesk.recognition.report import counts
    return {**counts(labels), "labels": labels}


def _print_labels(out, r) -> None:
    """How many labels were recognised, suggested and left local; why for each suggestion."""
    labels = r.labels
    if labels:
        c = _recognition(labels)
        out.write(f"  labels: {c['recognised']} recognised, {c['suggested']} suggested, {c['local']} local\n")
    for e in labels:
        if e["status"] == "suggested":
            others = f" (or {', '.join(e['alternatives'])})" if e["alternatives"] else ""
            out.write(f"  suggestion: '{e['label']}' ({e['sheet']} {e['cell']}, {e['count']} value(s)) may be "
                      f"{e['indicator']}{others}, score {e['score']:.2f}: {e['explanation']}. Kept as a local indicator "
                      "until you confirm it (Sources in the window, or a mapping in the workspace)\n")
    shown = {e["label"] for e in labels if e["status"] == "suggested"}
    for u in r.unrecognised:
        if u["label"] in shown:
            continue
        out.write(f"  unrecognised label: '{u['label']}' ({u['sheet']} {u['cell']}, {u['count']} value(s)); "
                  "kept as a local indicator\n")


def _print_text(results, obs) -> None:
    import pandas as pd

    out = sys.stdout
    for r in results:
        accounting = r.imported.accounting_line() if getattr(r.imported, "tables", None) else ""
        out.write(f"{r.summary_line()}{'; ' + accounting if accounting else ''}\n")
        if r.hidden_sheets:
            out.write(f"  hidden sheets: {', '.join(r.hidden_sheets)}\n")
        for t in r.tables:
            title = f" '{t.title}'" if t.title else ""
            out.write(f"  table {t.id} {t.range}{title}: {t.layout}; {t.accounting.line()}, "
                      f"{t.indicators} indicator(s) recognised, {t.unrecognised} not\n")
            for x in t.accounting.left_out[:SHOWN_LEFT_OUT]:
                out.write(f"    not read: {x.line()}\n")
            if t.accounting.n_left_out > SHOWN_LEFT_OUT:
                out.write(f"    not read: {t.accounting.n_left_out - SHOWN_LEFT_OUT:,} more (--json lists them)\n")
        for w in r.warnings:
            out.write(f"  warning: {w}\n")
        _print_labels(out, r)
    if len(obs):
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250,
                               "display.max_colwidth", 48):
            shown = obs[SHOWN].copy()
            shown["indicator"] = shown["indicator"].fillna("(unrecognised)")
            out.write("\n" + shown.to_string(index=False, na_rep="") + "\n")


