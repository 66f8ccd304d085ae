"""``cpdesk benchmarks --la NAME_OR_CODE``: an authority's national figures beside its comparators.

Per indicator and year: the authority's value, its statistical neighbours' mean (with how
many were used) and median, region, England, rank and quartile band among all authorities,
the judgement against the chosen comparator and the direction of travel.
"""
from __future__ import annotations

import json
import math
import sys

COMPARATORS = {"neighbours": "vs_neighbours", "region": "vs_region", "england": "vs_england"}



def _shown(key: str | None) -> str:
    """A judgement or direction as everywhere else (grid, exports): its symbol and word, "▲ better", "↗ improving"."""
    from cpdesk.presentation import direction_style, state_style
    if not key or key == "not_compared":
        return ""
    style = state_style(key) if key in ("better", "similar", "worse") else direction_style(key)
    return f"{style['symbol']} {style['word']}".strip()


def add_parser(sub) -> None:
    p = sub.add_parser("benchmarks", help="an authority's built-in national figures beside its neighbours, region and England")
    p.add_argument("--la", required=True, metavar="NAME_OR_CODE",
                   help="local authority name, 3-digit code (302) or E-code (E09000003)")
    p.add_argument("--indicator", action="append", metavar="ID",
                   help="catalogue id or official code (PrevRegCPR); repeat for several; all by default")
    p.add_argument("--model", choices=["2021", "2025"], default="2025", help="statistical neighbour model (default 2025)")
    p.add_argument("--vs", choices=sorted(COMPARATORS), default="neighbours",
                   help="comparator for the vs_comparator judgement (default neighbours)")
    p.add_argument("--year", type=int, action="append", metavar="YEAR",
                   help="year ending March (2025 = 2024-25); repeat for several; all by default")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args) -> int:
    from cpdesk import benchmarks as bm

    data = bm.load_benchmarks()
    la = bm.find_la(args.la)
    model = int(args.model)
    frame = bm.profile(la, model, indicators=args.indicator, years=args.year)
    frame = frame.assign(vs_comparator=frame[COMPARATORS[args.vs]])
    nbrs = bm.neighbours(la, model)
    missing = bm.missing_years(la)
    history = bm.history(la)
    if args.json:
        _print_json(la, model, args.vs, frame, nbrs, missing, history, data.regions, bm.attribution())
    else:
        _print_table(la, model, args.vs, frame, nbrs, missing, history, bm.attribution())
    return 0


def _plain(value):
    """A JSON-ready scalar: numpy numbers as Python ones, NaN as None."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(frame) -> list[dict]:
    cols = list(frame.columns)
    return [{c: _plain(v) for c, v in zip(cols, row)} for row in frame.itertuples(index=False, name=None)]


def _print_json(la, model, vs, frame, nbrs, missing, history, regions, attribution) -> None:
    payload = {
        "la": {"la_code": la.la_code, "new_la_code": la.new_la_code, "name": la.name,
               "region_code": la.region_code, "region_name": regions.get(la.region_code, la.region_name)},
        "model": model,
        "comparator": vs,
        "neighbours": records(nbrs),
        "missing_years": missing,
        "history": history,
        "rows": records(frame),
        "attribution": attribution,
    }
    json.dump(payload, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


def _num(value, decimals: int, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{value:,.{decimals}f}"
    return text


def _print_table(la, model, vs, frame, nbrs, missing, history, attribution) -> None:
    from cpdesk.benchmarks import year_ranges

    out = sys.stdout
    out.write(f"{la.name} ({la.la_code}, {la.new_la_code}), {la.region_name}\n")
    if len(nbrs):
        out.write(f"Statistical neighbours ({model} model): {'; '.join(nbrs['la_name'])}\n")
    else:
        other = 2021 if model == 2025 else 2025
        out.write(f"Statistical neighbours ({model} model): none for {la.name}; try --model {other}\n")
    if missing:
        out.write(f"No figures for {la.name} in {year_ranges(missing)}.\n")
    if history:
        out.write(f"{history}\n")
    if frame.empty:
        out.write("No built-in figures for this selection.\n")
    header = ["Period", la.name if len(la.name) <= 14 else "LA", "Nbrs mean (n)", "Nbrs median", "Region", "England", "Rank", "Q",
              f"vs {vs}", "Direction"]
    widths = [22, 14, 14, 11, 10, 10, 8, 2, 11, 13]
    for indicator, rows in frame.groupby("indicator", sort=False):
        first = rows.iloc[0]
        polarity = {"higher": "higher is better", "lower": "lower is better"}.get(first["polarity"], "no polarity")
        out.write(f"\n{first['name']} [{indicator}; {polarity}]\n")
        out.write("  " + "  ".join(h.rjust(w) if i else h.ljust(w) for i, (h, w) in enumerate(zip(header, widths))) + "\n")
        d = int(first["decimals"])
        for r in rows.itertuples(index=False):
            la_text = _num(r.la_value, d) or (r.la_flag or "")
            nmean = _num(r.neighbours_mean, d)
            if nmean:
                nmean = f"{nmean} ({r.neighbours_n})"
            rank = f"{int(r.rank)}/{r.rank_of}" if not math.isnan(r.rank) else ""
            cells = [r.period, la_text, nmean, _num(r.neighbours_median, d), _num(r.region_value, d),
                     _num(r.england_value, d), rank, r.quartile or "", _shown(r.vs_comparator), _shown(r.direction)]
            out.write("  " + "  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                                       for i, (c, w) in enumerate(zip(cells, widths))) + "\n")
    out.write(f"\n{attribution}\n")
