"""The details of the selected cell: definition, value, interval, comparator, rank and provenance."""
from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser

from cpdesk.presentation import direction_style, flag_text, format_value, state_style


class DetailsPane(QTextBrowser):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Cell details")
        self.setOpenLinks(False)
        self.show_cell(None, None)

    def show_cell(self, row, cell, column_label: str = "") -> None:
        if row is None or row.kind != "indicator":
            self.setHtml("<p>Select a cell in the grid to see where its value came from and how it was judged.</p>")
            return
        e = html.escape
        fmt = lambda v: format_value(v, row.unit) if v is not None else "—"  # noqa: E731
        parts = [f"<h3>{e(row.name)}</h3>"]
        if row.definition:
            parts.append(f"<p>{e(row.definition)}</p>")
        pol = {"higher": "Higher is better", "lower": "Lower is better"}.get(row.polarity, "No polarity: not judged")
        parts.append(f"<p><i>{e(pol)}</i></p>")
        rows = []
        if cell is not None:
            period = cell.period or column_label
            rows.append(("Period", period))
            rows.append(("Value", fmt(cell.value) if cell.value is not None else flag_text(cell.flag) or "no value"))
            if cell.numerator is not None or cell.denominator is not None:
                rows.append(("Numerator / denominator",
                             f"{format_value(cell.numerator, 'count', 0) or '—'} / {format_value(cell.denominator, 'count', 0) or '—'}"))
            if cell.interval:
                rows.append(("95% interval", f"{cell.interval[0]:.1f}% to {cell.interval[1]:.1f}%"))
            if cell.comparator_value is not None:
                rows.append(("Comparator", f"{cell.comparator_label}: {fmt(cell.comparator_value)}"))
            style = state_style(cell.state)
            if style["word"]:
                rows.append(("Judgement", f"{style['symbol']} {style['word']}"))
            if cell.target is not None:
                rows.append(("Target", fmt(cell.target)))
            if cell.direction:
                d = direction_style(cell.direction)
                rows.append(("Direction of travel", f"{d['symbol']} {d['word']}"))
            if cell.small:
                rows.append(("Caution", f"† small numbers (denominator {format_value(cell.denominator, 'count', 0)})"))
            if cell.rank:
                rows.append(("Rank (quartile)", cell.rank))
            if cell.note:
                rows.append(("Note", cell.note))
            rows.append(("Source", cell.source or "—"))
        parts.append("<table cellspacing='0' cellpadding='3'>" + "".join(
            f"<tr><th align='left' valign='top'>{e(k)}</th><td>{e(str(v))}</td></tr>" for k, v in rows) + "</table>")
        self.setHtml("".join(parts))
