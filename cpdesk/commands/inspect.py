"""``cpdesk inspect FILE... [--json]``: what cpdesk finds in spreadsheets."""
from __future__ import annotations

import json
import sys

#: Observations printed in the text output unless --all is given.
FIRST_ROWS = 20
#: Rows formatted at a time when printing or streaming every observation (memory stays flat).
CHUNK_ROWS = 20_000
#: Observations encoded at a time for --json (about 25 MB of text).
JSON_CHUNK_ROWS = 50_000
#: Cells left out listed per table in the text output (the JSON lists every one).
SHOWN_LEFT_OUT = 20
SHOWN = ["indicator", "label", "area", "area_role", "period", "period_kind", "value", "numerator", "denominator",
         "flag", "note", "source"]


def add_parser(sub) -> None:
    p = sub.add_parser("inspect", help="list the indicators, periods, areas and values found in spreadsheets")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true",
                   help="print JSON instead of a table, with every observation (streamed as it is written)")
    p.add_argument("--all", action="store_true",
                   help=f"print every observation (by default the first {FIRST_ROWS} and a count of the rest)")


def run(args) -> int:
    from cpdesk.importing.guarded import release_worker, start_worker
    # The worker starts now and reads the first file while this process imports pandas and
    # the rest of cpdesk (nothing heavy is imported before this line).
    start_worker(read_ahead=args.files[0])
    from cpdesk.session import open_session

    # read as the window reads them (lists of children give their computed figures); no national figures
    session, errors = open_session(args.files, national=False)
    release_worker()        # every file is read: the worker ends (and frees its memory) while this prints
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
        }
        _write_json(sys.stdout, payload, obs)
    else:
        _print_text(results, obs, every=args.all)
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
    why = {e["label"]: e["explanation"] for e in labels if e["status"] == "local"}
    for u in r.unrecognised:
        if u["label"] in shown:
            continue
        reason = why.get(u["label"], "")
        reason = "" if not reason or reason.startswith("no indicator of the catalogue") else f" ({reason})"
        out.write(f"  unrecognised label: '{u['label']}' ({u['sheet']} {u['cell']}, {u['count']} value(s)); "
                  f"kept as a local indicator{reason}\n")


def _print_text(results, obs, every: bool = False) -> None:
    from cpdesk.observations import with_sources

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
    if not len(obs):
        return
    if not every:
        out.write("\n" + _table(with_sources(obs.head(FIRST_ROWS))) + "\n")
        if len(obs) > FIRST_ROWS:
            out.write(f"... and {len(obs) - FIRST_ROWS:,} more observation(s): --all prints every one, "
                      "--json gives them all as JSON\n")
        return
    shown = with_sources(obs)[SHOWN]
    widths = {c: _widths(shown[c]) for c in SHOWN}
    out.write("\n")
    for start in range(0, len(shown), CHUNK_ROWS):
        out.write(_table(shown.iloc[start:start + CHUNK_ROWS], widths, header=start == 0) + "\n")


def _cells(series):
    """A column as display text (blank for missing; unrecognised indicators named so)."""
    import pandas as pd

    if series.name == "indicator":
        series = series.fillna("(unrecognised)")
    if pd.api.types.is_float_dtype(series):
        text = series.map(lambda v: "" if v != v else f"{v:g}" if abs(v) < 1e15 else repr(v))
    else:
        text = series.astype(object).where(series.notna(), "").astype(str)
    return text.str.slice(0, 48)


def _widths(series) -> int:
    return max(len(series.name), int(_cells(series).str.len().max() or 0))


def _table(frame, widths: dict | None = None, header: bool = True) -> str:
    """Rows as aligned text columns (numbers to the right), formatted column by column."""
    import pandas as pd

    frame = frame[SHOWN] if list(frame.columns) != SHOWN else frame
    columns = []
    for c in SHOWN:
        text = _cells(frame[c])
        width = widths[c] if widths else max(len(c), int(text.str.len().max() or 0))
        right = pd.api.types.is_float_dtype(frame[c])
        columns.append((c.rjust(width) if right else c.ljust(width),
                        text.str.rjust(width) if right else text.str.ljust(width)))
    lines = columns[0][1].to_numpy(dtype=object)
    for _, col in columns[1:]:
        lines = lines + "  " + col.to_numpy(dtype=object)
    body = "\n".join(line.rstrip() for line in lines)
    if not header:
        return body
    return "  ".join(h for h, _ in columns).rstrip() + "\n" + body


def _write_json(out, payload: dict, obs) -> None:
    """The payload with ``"observations"`` last, written a chunk of rows at a time."""
    from cpdesk.commands._output import json_chunk, json_rows
    from cpdesk.observations import OUTPUT_COLUMNS as COLUMNS, with_sources

    head = json.dumps(payload, ensure_ascii=False, default=str)   # no indent: the C encoder is 10x faster
    out.write(head[:-1] + (', "observations": [' if payload else '"observations": ['))
    raw = _utf8_bytes(out)
    if raw is not None:      # the rows as UTF-8 bytes, straight to the stream under the text layer
        out.flush()
        for start in range(0, len(obs), JSON_CHUNK_ROWS):
            if start:
                raw.write(b", ")
            raw.write(json_chunk(with_sources(obs.iloc[start:start + JSON_CHUNK_ROWS]), COLUMNS,
                                 errors=out.errors or "strict"))
        raw.flush()
    else:
        for start in range(0, len(obs), JSON_CHUNK_ROWS):
            out.write((", " if start else "") + ", ".join(json_rows(with_sources(obs.iloc[start:start + JSON_CHUNK_ROWS]),
                                                                    COLUMNS)))
    out.write("]}\n")


def _utf8_bytes(out):
    """The byte stream under ``out`` when ``out`` writes text as UTF-8 (strictly, or with
    surrogateescape as a POSIX locale's stdout does), else None."""
    import codecs

    raw, encoding = getattr(out, "buffer", None), getattr(out, "encoding", None)
    if raw is None or not encoding or getattr(out, "errors", None) not in (None, "strict", "surrogateescape"):
        return None
    try:
        return raw if codecs.lookup(encoding).name == "utf-8" else None
    except LookupError:
        return None


