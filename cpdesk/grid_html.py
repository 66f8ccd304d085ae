"""The grid as an HTML table, for printing: every period and comparator column, judgements in colour, symbol and word.

Standard library only. The window prints it with Qt's text engine (:mod:`cpdesk.ui.printing`).
"""
from __future__ import annotations

import html

from cpdesk.grid_types import Grid
from cpdesk.presentation import palette, state_style

BORDER = "#b1b4b6"
#: The indicator names' share of the page's width, per cent.
LABEL_SHARE = 24


def key_sentence() -> str:
    """The key to every mark a grid cell can carry."""
    from cpdesk.presentation import FLAG_WORDS
    pal = palette()
    s, d = pal["states"], pal["directions"]
    parts = [f"{s[k]['symbol']} {s[k]['word']}" for k in ("better", "similar", "worse")]
    parts += [f"{s[k]['symbol']} {s[k]['word']} (target)" for k in ("green", "amber", "red")]
    parts += [f"{d[k]['symbol']} {d[k]['word']}" for k in ("improving", "no_change", "worsening", "up", "down")]
    parts.append(f"{pal['small_numbers']['symbol']} {pal['small_numbers']['word']}")
    parts.append(f"{pal['differs']['symbol']} {pal['differs']['word']}")
    parts += [f"{k} {FLAG_WORDS[k]}" for k in ("c", "x", "z", "u", "k")]
    return "Key: " + "; ".join(parts) + ". An indicator with no polarity is shown but not judged."


def grid_html(grid: Grid, heading: str) -> str:
    """A printable page: the heading, the note, the whole grid, the key."""
    e = html.escape
    head = [f"<th align='left' width='{LABEL_SHARE}%'>Indicator</th>"]
    for c, share in zip(grid.columns, _column_shares(grid)):
        head.append(f"<th align='right' width='{share}%' bgcolor='#f3f2f1'>{e(c.label)}</th>")
    body = []
    width = len(grid.columns) + 1
    for row, line in zip(grid.rows, grid.cells):
        if row.kind == "group":
            body.append(f"<tr><td colspan='{width}' bgcolor='{palette()['group_header']['background']}'>"
                        f"<b>{e(row.name)}</b></td></tr>")
            continue
        tds = [f"<td>{e(row.name)}</td>"]
        for col, cell in zip(grid.columns, line):
            text = cell.text
            if col.kind == "period" and cell.state and state_style(cell.state)["word"]:
                text += f" {state_style(cell.state)['word']}"    # on paper the word goes with the symbol
            colour = f" bgcolor='{cell.background}'" if cell.background else ""
            tds.append(f"<td align='right'{colour}>{e(text).replace(' ', '&nbsp;', 1)}</td>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    note = f"<p>{e(grid.note)}</p>" if grid.note else ""
    return (f"<html><body style='font-family: sans-serif; font-size: 8pt'>"
            f"<h2 style='font-size: 13pt'>{e(heading)}</h2>{note}"
            f"<table width='100%' border='1' cellspacing='0' cellpadding='2' "
            f"style='border-collapse: collapse; border-color: {BORDER}'>"
            f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"<p>{e(key_sentence())}</p>"
            f"<p>{e(_direction_words())}</p></body></html>")


def _column_shares(grid: Grid) -> list[int]:
    """Each figure column's share of the page (per cent), by the longest text it holds.

    Qt's text engine sizes columns without fixed widths by their content and, when squeezed,
    breaks a short header inside its word ("Englan" over "d"); given widths, it keeps them.
    """
    need = []
    for i, col in enumerate(grid.columns):
        longest = 1.2 * len(col.label)       # headers are bold
        for line in grid.cells:
            if i < len(line):
                longest = max(longest, len(line[i].text))   # a judgement's word may go onto a line of its own
        need.append(longest + 2)
    total = sum(need) or 1
    return [max(1, round((100 - LABEL_SHARE) * n / total)) for n in need]


def _direction_words() -> str:
    return ("Each period is judged against the comparator named in the heading; the target column judges the "
            "latest period against its target; the arrow is the direction since the previous period of the same kind.")


__all__ = ["grid_html", "key_sentence"]
