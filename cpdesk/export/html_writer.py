"""The committee table as one accessible HTML file (inline CSS), and as an HTML fragment.

The fragment is also what goes on the clipboard for Word and Outlook, and what Qt renders
to PDF, so every style is written on the element itself (pasting drops style sheets).
"""
from __future__ import annotations

from html import escape

from cpdesk.export.committee_table import CommitteeTable, Row
from cpdesk.export.palette import load_palette
from cpdesk.fileio import atomic_write

FONT = "Arial, Helvetica, sans-serif"
_BORDER = "1px solid #505a5f"
_TH = f"border:{_BORDER};padding:4px 6px;text-align:left;vertical-align:bottom;background-color:#f3f2f1;color:#0b0c0c;font-weight:bold"
_TD = f"border:{_BORDER};padding:4px 6px;vertical-align:top;color:#0b0c0c"


def indicator_text(table: CommitteeTable, row: Row) -> str:
    """The indicator's name with its note references, as Word, HTML and PDF show it."""
    text = row.cells["indicator"].text
    return f"{text} [{', '.join(f'note {n}' for n in row.notes)}]" if row.notes else text


def table_html(table: CommitteeTable, *, qt: bool = False) -> str:
    """The ``<table>`` element: caption, one marked-up header row, row headers, styled judgement cells.

    ``qt`` writes the caption as a paragraph and adds table attributes, for QTextDocument
    (which renders neither ``<caption>`` nor CSS borders on tables).
    """
    palette = load_palette()
    cols = table.shown_columns()
    out = []
    if qt:
        out.append(f'<p style="font-weight:bold">{escape(table.caption)}</p>')
        out.append('<table border="1" cellspacing="0" cellpadding="4" width="100%" style="border-collapse:collapse">')
    else:
        out.append(f'<table style="border-collapse:collapse;font-family:{FONT};font-size:10pt">')
        out.append(f'<caption style="caption-side:top;text-align:left;font-weight:bold;padding:4px 0">'
                   f'{escape(table.caption)}</caption>')
    out.append("<thead><tr>")
    for c in cols:
        align = ";text-align:right" if c.kind == "number" else ""
        out.append(f'<th scope="col" style="{_TH}{align}">{escape(c.header)}</th>')
    out.append("</tr></thead><tbody>")
    for row in table.rows:
        out.append("<tr>")
        for c in cols:
            cell = row.cells.get(c.key)
            if c.key == "indicator":
                out.append(f'<th scope="row" style="{_TD};text-align:left;font-weight:normal">'
                           f'{escape(indicator_text(table, row))}</th>')
                continue
            text = cell.full_text if cell else ""
            style = _TD
            if c.kind == "number":
                style += ";text-align:right;white-space:nowrap"
            if cell is not None and cell.state:
                st = palette.state(cell.state)
                if st.background:
                    style += f";background-color:{st.background};color:{st.text or '#0b0c0c'}"
            out.append(f'<td style="{style}">{escape(text)}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def notes_html(table: CommitteeTable) -> str:
    parts = []
    if table.notes or table.general_notes:
        parts.append('<h2 style="font-size:11pt;margin:12px 0 4px">Notes</h2><ol style="margin-top:0">' if table.notes
                     else '<h2 style="font-size:11pt;margin:12px 0 4px">Notes</h2>')
        if table.notes:
            parts.extend(f"<li>{escape(n.text)}</li>" for n in table.notes)
            parts.append("</ol>")
        parts.extend(f'<p style="margin:4px 0">{escape(t)}</p>' for t in table.general_notes)
    parts.append(f'<p style="margin:8px 0 4px">{escape(table.source)}</p>')
    parts.append(f'<p style="margin:4px 0">{escape(table.produced_text)}</p>')
    return "".join(parts)


def document_html(table: CommitteeTable, *, qt: bool = False) -> str:
    """A whole HTML document: heading, the table, notes, source and date."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{escape(table.title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'</head><body style="font-family:{FONT};font-size:10pt;color:#0b0c0c;margin:16px">'
        f'<h1 style="font-size:14pt">{escape(table.title)}</h1>'
        f"{table_html(table, qt=qt)}{notes_html(table)}</body></html>\n")


def write_html(table: CommitteeTable, path) -> None:
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(document_html(table))
