"""``cpdesk summary FILE... --out OUT.docx|.xlsx|.pdf|.html|.csv|.json``: the committee summary.

Word, Excel, PDF and HTML get the committee table. CSV and JSON get one judged row per
indicator with ids and judgement keys, for scripts (``--layout committee`` gives the
committee table's columns instead). ``--chart ID --out OUT.png|.svg`` draws one
indicator's trend. Small numbers are suppressed as ``[c]`` unless ``--no-suppress``.
``--workspace FILE`` uses a saved workspace's set-up (it is only read, never written).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from cpdesk.errors import CpdeskError

TABLE_FORMATS = (".docx", ".xlsx", ".pdf", ".html", ".htm")
DATA_FORMATS = (".csv", ".json")
CHART_FORMATS = (".png", ".svg")


def add_parser(sub) -> None:
    p = sub.add_parser("summary", help="write the committee summary table (Word, Excel, PDF, HTML, CSV, JSON) "
                                       "or a trend chart (PNG, SVG)")
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="the files to summarise (default with --workspace: the workspace's own files)")
    p.add_argument("--workspace", metavar="FILE.cpdesk",
                   help="use a saved workspace: its authority, area, comparator, comparison groups, targets, label "
                        "mappings, polarity, tolerances and commentary, and its files unless FILE is given "
                        "(the workspace is only read, never written)")
    p.set_defaults(summary_parser=p)
    p.add_argument("--area", help="the local area (default: the one local authority found)")
    p.add_argument("--la", metavar="CODE|NAME",
                   help="the local authority whose built-in national figures are added (default: the one "
                        "authority the files hold figures for)")
    p.add_argument("--compare",
                   help="england, neighbours, region, target, a comparison group's or another area's name "
                        "(default: the workspace's comparator, else england)")
    p.add_argument("--period", action="append",
                   help="period label, e.g. 'Q4 2019-20' (default: the latest full period); repeat for several")
    p.add_argument("--indicator", action="append", metavar="ID",
                   help="indicator id to include, in the order given; repeat for several (default: all)")
    p.add_argument("--commentary", metavar="FILE.json",
                   help="commentary per indicator: a JSON object {indicator id: text}")
    p.add_argument("--out", required=True,
                   help="OUT.docx, .xlsx, .pdf, .html, .csv or .json (with --chart: OUT.png or .svg)")
    p.add_argument("--no-suppress", action="store_true",
                   help="publish small numbers as they are (default: suppress them as [c])")
    p.add_argument("--threshold", type=int, default=None,
                   help="counts from 1 to this are small numbers (default 5)")
    p.add_argument("--landscape", action="store_true", help="landscape pages (Word, PDF)")
    p.add_argument("--layout", choices=("trend", "areas", "scorecard", "committee", "summary"), default=None,
                   help="trend (indicators down, periods across: the default for Word, PDF and HTML), areas (one "
                        "table per indicator, areas down), scorecard (years with plan and actual, RAG), committee "
                        "(a row per indicator and period: the default for Excel) or summary (the judged rows for "
                        "scripts: the default for CSV and JSON)")
    p.add_argument("--last", type=int, metavar="N", help="trend/areas: how many periods across (scorecard: years)")
    p.add_argument("--by", choices=("year", "quarter", "month", "snapshot", "rolling", "calendar_year"),
                   help="trend/areas: the kind of period across (default: the one most indicators use)")
    p.add_argument("--charts", action="store_true", help="Word, PDF, HTML: a trend chart per indicator")
    p.add_argument("--paper", action="store_true",
                   help="Word, PDF, HTML: a whole draft committee report (summary, tables, charts, definitions)")
    p.add_argument("--no-national", action="store_true",
                   help="leave out the built-in national figures (default: added for the authority, as in the grid)")
    p.add_argument("--chart", metavar="ID", help="draw the trend of this indicator instead (OUT.png or OUT.svg)")
    p.add_argument("--width", type=int, default=1950, help="chart width in pixels (default 1950)")
    p.add_argument("--dpi", type=int, default=150, help="chart resolution (default 150)")


def run(args) -> int:
    from cpdesk.session import open_session

    out = Path(args.out)
    suffix = out.suffix.lower()
    allowed = CHART_FORMATS if args.chart else TABLE_FORMATS + DATA_FORMATS
    if suffix not in allowed:
        raise CpdeskError(f"{args.out}: cpdesk can write {', '.join(allowed)} here (not '{suffix or 'no extension'}').")
    if args.threshold is not None and args.threshold < 1:
        raise CpdeskError("--threshold must be 1 or more.")

    workspace = None
    if args.workspace:
        from cpdesk.workspace import load_workspace
        workspace = load_workspace(args.workspace)
    files = args.files or (workspace.sources if workspace is not None else [])
    if not files:
        args.summary_parser.error("name the files to summarise" + (
            " (the workspace names none)" if workspace is not None else ", or a saved workspace with --workspace FILE"))
    # the same session as the window's: the files, then the built-in national figures for their authority
    session, errors = open_session(files, la=args.la, national=not args.no_national, workspace=workspace)
    args.compare = args.compare or session.workspace.comparator or "england"
    args.area = args.area or (session.workspace.area if workspace is not None else None)
    for e in errors:
        print(f"cpdesk: {e}", file=sys.stderr)
    if errors and not session.loaded:
        return 3
    if not any(len(r.observations) for r in session.loaded.values()):
        raise CpdeskError("no indicator values were found in the input, so there is nothing to summarise.")
    if args.chart:
        _chart(session, args, out)
    else:
        _table(session, args, out, suffix)
    return 3 if errors else 0


def _table(session, args, out: Path, suffix: str) -> None:
    from cpdesk.export import write_export
    from cpdesk.render import install

    install()
    from cpdesk.export.disclosure import check, confirm, suppress

    layout = args.layout or {".docx": "trend", ".pdf": "trend", ".html": "trend", ".htm": "trend",
                             ".xlsx": "committee"}.get(suffix, "summary")
    if layout in ("trend", "areas", "scorecard"):
        _paper(session, args, out, layout)
        return
    table = session.summary(area=args.area, compare=args.compare, periods=args.period, indicators=args.indicator,
                            commentary=_commentary(args.commentary), threshold=args.threshold)
    risks = check(table)
    if risks and not args.no_suppress:
        table = suppress(table, risks)
    elif risks:
        table = confirm(table)
    if suffix in DATA_FORMATS and layout == "summary":
        _write_summary_layout(table, out)
    else:
        write_export(table, out, landscape=True if args.landscape else None)
    periods = ", ".join(table.periods)
    print(f"Wrote {len(table.rows)} row(s) for {table.area}, {periods}, compared with {table.comparator}: {out}")
    if risks:
        t = table.spec.threshold
        if args.no_suppress:
            print(f"Warning: {len(risks)} small number(s) (counts from 1 to {t}, or figures built on them) "
                  "are published as they are (--no-suppress).", file=sys.stderr)
        else:
            print(f"Suppressed {len(risks)} small number(s) as [c] (counts from 1 to {t}, and figures that would "
                  "reveal them); use --no-suppress to publish them.")


def _paper(session, args, out: Path, layout: str) -> None:
    from cpdesk.export import write_export
    from cpdesk.export.disclosure import check, confirm, suppress
    from cpdesk.export.layouts import LayoutChoice, build_paper

    compare = None if args.compare == "england" and layout != "scorecard" else args.compare
    choice = LayoutChoice(layout=layout, area=args.area, periods=args.last, kind=args.by,
                          latest=args.period[-1] if args.period else None, compare=compare,
                          indicators=args.indicator, targets=dict(session.workspace.targets),
                          commentary=_commentary(args.commentary) or dict(session.workspace.commentary),
                          threshold=args.threshold, charts=args.charts or args.paper, whole_paper=args.paper)
    paper = build_paper(session.observations(), choice, catalogue=session.catalogue())
    risks = check(paper)
    if risks and not args.no_suppress:
        paper = suppress(paper, risks)
    elif risks:
        paper = confirm(paper)
    write_export(paper, out, landscape=True if args.landscape else None)
    print(f"Wrote the {layout} layout for {paper.area} ({len(paper.tables)} table(s), {len(paper.rows)} row(s), "
          f"{len(paper.charts)} chart(s)): {out}")
    if risks:
        if args.no_suppress:
            print(f"Warning: {len(risks)} small number(s) (counts from 1 to {paper.threshold}, or figures built on "
                  "them) are published as they are (--no-suppress).", file=sys.stderr)
        else:
            print(f"Suppressed {len(risks)} small number(s) as [c] (counts from 1 to {paper.threshold}, and figures "
                  "that would reveal them); use --no-suppress to publish them.")


def _commentary(path: str | None) -> dict[str, str] | None:
    if not path:
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise CpdeskError(f"{path}: the commentary file was not found.") from None
    except (OSError, ValueError) as exc:
        raise CpdeskError(f"{path}: the commentary file is not readable JSON ({exc}).") from None
    if not isinstance(data, dict):
        raise CpdeskError(f"{path}: the commentary file must be a JSON object of indicator id to text.")
    return {str(k): str(v) for k, v in data.items() if v is not None}


def _write_summary_layout(table, out: Path) -> None:
    """The judged summary (one row per indicator and period, ids and judgement keys), suppression applied."""
    import csv

    from cpdesk.commands._output import jsonable
    from cpdesk.export.committee_table import _select
    from cpdesk.fileio import atomic_write, escape_formula
    from cpdesk.summary import SUMMARY_COLUMNS

    spec = table.spec
    df = _select(spec.summary, spec.indicators, spec.catalogue)
    df = df.astype(object).where(df.notna(), None)
    hidden = table.suppressed
    if hidden:
        for i, rec in df.iterrows():
            key, area = rec["indicator_key"], table.area
            if (area, key, rec["period"]) in hidden:
                df.loc[i, ["value", "numerator", "direction"]] = "[c]"
            if isinstance(rec["previous_period"], str) and (area, key, rec["previous_period"]) in hidden:
                df.loc[i, ["previous_value", "direction"]] = "[c]"
            if (table.comparator, key, rec["period"]) in hidden:
                df.loc[i, "comparator_value"] = "[c]"
    meta = {"area": table.area, "period": ", ".join(table.periods), "comparator": table.comparator,
            "produced": table.produced.isoformat(), "source": table.source,
            "suppressed": len(hidden), "small_numbers_confirmed": table.confirmed}
    rows = [{c: jsonable(v) for c, v in zip(SUMMARY_COLUMNS, rec)}
            for rec in df[SUMMARY_COLUMNS].itertuples(index=False, name=None)]
    if out.suffix.lower() == ".json":
        with atomic_write(out, "w", encoding="utf-8") as fh:
            json.dump({**meta, "rows": rows}, fh, indent=1, ensure_ascii=False)
        return
    with atomic_write(out, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(SUMMARY_COLUMNS)
        for r in rows:
            w.writerow(["" if r[c] is None else escape_formula(r[c]) for c in SUMMARY_COLUMNS])


def _chart(session, args, out: Path) -> None:
    from cpdesk.summary import choose_area

    from cpdesk.ui.chart_export import export_chart
    from cpdesk.ui.qt_app import ensure_app

    obs, catalogue = session.observations(), session.catalogue()
    if args.chart not in catalogue and not (obs["indicator"] == args.chart).any():
        raise CpdeskError(f"unknown indicator '{args.chart}'. Indicator ids in the data: "
                          f"{', '.join(sorted(obs['indicator'].dropna().unique())[:12])}.")
    ensure_app(widgets=True)
    area = choose_area(obs, args.area or session.workspace.area)
    export_chart(obs, catalogue, area, args.chart, out, width=args.width, dpi=args.dpi)
    print(f"Wrote the {args.chart} chart for {area}: {out}")
