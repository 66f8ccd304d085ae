"""A committee paper as one accessible HTML file: inline styles, real header cells, charts inline.

Tables have a ``<caption>``, ``<th scope="col">`` (``colgroup`` over merged year headers)
and ``<th scope="row">`` cells; judgement cells carry symbol and word as well as colour;
commentary sits in a row under its indicator. Charts are embedded as data (PNG) with alt
text, so the file needs nothing from anywhere.
"""
from __future__ import annotations

import base64
from html import escape

from cpdesk.export.palette import load_palette
from cpdesk.export.paper import Paper, PaperTable
from cpdesk.fileio import atomic_write

FONT = "Arial, Helvetica, sans-serif"
_BORDER = "1px solid #505a5f"
_TH = f"border:{_BORDER};padding:4px 6px;text-align:left;vertical-align:bottom;background-color:#f3f2f1;font-weight:bold"
_TD = f"border:{_BORDER};padding:4px 6px;vertical-align:top"


def paper_table_html(table: PaperTable, number: int = 1) -> str:
    palette = load_palette()
    cols = table.all_columns
    out = [f'<table style="border-collapse:collapse;font-family:{FONT};font-size:12pt;margin:6pt 0">',
           f'<caption style="caption-side:top;text-align:left;font-weight:bold;padding:4px 0">'
           f'Table {number}: {escape(table.caption)}</caption><thead>']
    by_row: dict[int, list] = {}
    for r, c, text, cspan, rspan in table.header_cells():
        by_row.setdefault(r, []).append((c, text, cspan, rspan))
    for r in sorted(by_row):
        out.append("<tr>")
        for c, text, cspan, rspan in by_row[r]:
            scope = "colgroup" if cspan > 1 else "col"
            span = (f' colspan="{cspan}"' if cspan > 1 else "") + (f' rowspan="{rspan}"' if rspan > 1 else "")
            align = ";text-align:right" if c > 0 and cspan == 1 and cols[c - 1].kind == "number" else ""
            out.append(f'<th scope="{scope}"{span} style="{_TH}{align}">{escape(text)}</th>')
        out.append("</tr>")
    out.append("</thead><tbody>")
    commentary_rows = not table.commentary_column and not table.key
    for row in table.rows:
        out.append(f'<tr><th scope="row" style="{_TD};text-align:left;font-weight:normal">'
                   f'{escape(row.label_with_notes)}</th>')
        for col, cell in zip(cols, row.cells + ([None] if table.commentary_column else [])):
            if col.key == "commentary":
                out.append(f'<td style="{_TD}">{escape(row.commentary)}</td>')
                continue
            style = _TD
            if col.kind == "number":
                style += ";text-align:right;white-space:nowrap"
            if cell.state:
                st = palette.state(cell.state)
                if st.background:
                    style += f";background-color:{st.background};color:{st.text or '#0b0c0c'}"
            text = escape(cell.text) + (f'<br><small>({escape(cell.detail)})</small>' if cell.detail else "")
            out.append(f'<td style="{style}">{text}</td>')
        out.append("</tr>")
        if commentary_rows and row.commentary:
            out.append(f'<tr><td colspan="{len(cols) + 1}" style="{_TD}"><b>Commentary:</b> '
                       f'{escape(row.commentary)}</td></tr>')
    out.append("</tbody></table>")
    if table.notes:
        out.append('<ol style="margin-top:0">' + "".join(
            f'<li value="{n.number}">{escape(n.text)}</li>' for n in table.notes) + "</ol>")
    if table.commentary:
        out.append(f"<p>{escape(table.commentary)}</p>")
    return "".join(out)


def paper_fragment_html(paper: Paper) -> str:
    """The paper's tables, notes and source as an HTML fragment (for pasting into Word or Outlook)."""
    parts = [paper_table_html(table, n) for n, table in enumerate(paper.tables, start=1)]
    parts.extend(f'<p style="margin:4px 0;font-family:{FONT}">{escape(t)}</p>'
                 for t in [*paper.general_notes, paper.source, paper.produced_text])
    return "".join(parts)


def paper_html(paper: Paper) -> str:
    from cpdesk.export import chart_renderer, render_charts

    parts = ['<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">',
             f"<title>{escape(paper.title)}</title>",
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f'</head><body style="font-family:{FONT};font-size:12pt;color:#0b0c0c;margin:16px">',
             f'<h1 style="font-size:18pt">{escape(paper.title)}</h1>']
    if paper.whole_paper:
        parts.append(f"<p>{paper.produced.day} {paper.produced:%B %Y}</p><h2>Summary</h2><ul>")
        parts.extend(f"<li>{escape(s)}</li>" for s in paper.summary_sentences)
        parts.append("</ul><h2>The figures</h2>")
    for n, table in enumerate(paper.tables, start=1):
        parts.append(paper_table_html(table, n))
    if paper.charts and chart_renderer() is not None:
        parts.append("<h2>Trends</h2>")
        for n, (chart, raw) in enumerate(zip(paper.charts, render_charts(paper.charts, 16.0, 6.7, 150)), start=1):
            png = base64.b64encode(raw).decode("ascii")
            parts.append(f'<figure style="margin:12pt 0"><img src="data:image/png;base64,{png}" '
                         f'alt="{escape(chart.alt)}" style="width:100%;max-width:900px">'
                         f"<figcaption>Figure {n}: {escape(chart.title)}</figcaption></figure>")
    if paper.whole_paper and paper.definitions:
        parts.append("<h2>Definitions</h2>")
        parts.extend(f"<p><b>{escape(name)}:</b> {escape(text)}</p>" for name, text in paper.definitions)
    if paper.general_notes:
        parts.append('<h2 style="font-size:13pt">Notes</h2>')
        parts.extend(f'<p style="margin:4px 0">{escape(t)}</p>' for t in paper.general_notes)
    parts.append(f'<p style="margin:8px 0 4px">{escape(paper.source)}</p>')
    parts.append(f'<p style="margin:4px 0">{escape(paper.produced_text)}</p></body></html>\n')
    return "".join(parts)


def write_paper_html(paper: Paper, path) -> None:
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(paper_html(paper))
