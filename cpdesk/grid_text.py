"""How a grid cell reads: its text, tooltip, accessible text and colours, from its figures and judgements.

Standard library only. :mod:`cpdesk.grid` judges each cell (value, comparator, target,
direction) and calls these to describe it; the saved and shipped first grids
(:mod:`cpdesk.grid_cache`, :mod:`cpdesk.first_grid`) keep only the figures and call them
again, so a grid reads the same however it was made.
"""
from __future__ import annotations

from cpdesk.grid_types import GridCell, GridColumn, GridRow
from cpdesk.presentation import direction_style, flag_text, format_value, palette, state_style

#: Units whose national and regional totals are of another scale than one authority's figure.
TOTAL_UNITS = ("count",)
NOT_COMPARABLE = ("a national or regional total is not comparable with one authority's count: "
                  "compare the rate per 10,000 children, or the neighbours' mean")


def fmt(value, row: GridRow) -> str:
    return format_value(value, row.unit, row.decimals) if value is not None else ""


def describe_period_cell(cell: GridCell, row: GridRow, comp_name: str, vs_target_mode: bool) -> GridCell:
    """Fill ``cell``'s text, colours, tooltip and accessible text from its figures (returns it)."""
    style = state_style(cell.state)
    judged = bool(style["word"])
    if cell.value is None and not cell.flag:
        cell.text, cell.background, cell.foreground = "", None, None
        cell.tooltip = f"{row.name}\n{cell.period}: no value"
        cell.accessible = f"{row.name}, {cell.period}: no value"
        return cell
    arrow = direction_style(cell.direction)["symbol"]
    value_text = fmt(cell.value, row) if cell.value is not None else (cell.flag or "")
    parts = [value_text]
    if arrow and cell.value is not None:
        parts.append(arrow)
    if cell.small:
        parts.append(palette()["small_numbers"]["symbol"])
    if cell.differs:
        parts.append(palette()["differs"]["symbol"])
    if judged:
        parts.append(style["symbol"])
    cell.text = " ".join(parts)
    cell.background = style["background"] if judged else None
    cell.foreground = style["text"] if judged else None
    cell.tooltip = _tooltip(row, cell, vs_target_mode)
    cell.accessible = _accessible(row, cell, comp_name, vs_target_mode)
    return cell


def _tooltip(row: GridRow, c: GridCell, vs_target_mode: bool) -> str:
    f = lambda v: fmt(v, row)  # noqa: E731
    lines = [row.name, f"{c.period}: {f(c.value) if c.value is not None else flag_text(c.flag) or 'no value'}"]
    if c.numerator is not None or c.denominator is not None:
        lines.append(f"Numerator / denominator: {format_value(c.numerator, 'count', 0) or '—'} / "
                     f"{format_value(c.denominator, 'count', 0) or '—'}")
    if c.interval:
        lines.append(f"95% interval: {c.interval[0]:.1f}% to {c.interval[1]:.1f}%")
    style = state_style(c.state)
    if c.comparator_value is not None:
        judged = f": {style['symbol']} {style['word']}" if style["word"] else ""
        if not style["word"] and row.polarity == "none":
            judged = " (no polarity: not judged)"
        lines.append(f"{'Target' if vs_target_mode else 'Compared with'} {c.comparator_label}: "
                     f"{f(c.comparator_value)}{judged}")
    else:
        lines.append("No target to compare with" if vs_target_mode else "No comparator value for this period")
    if c.target is not None and not vs_target_mode:
        ts = state_style(c.target_state)
        judged = f"{ts['symbol']} {ts['word']}" if ts["word"] else "not judged"
        lines.append(f"Target: {f(c.target)} ({judged})")
    if c.direction:
        d = direction_style(c.direction)
        lines.append(f"Direction: {d['symbol']} {d['word']} since {c.previous_period} ({f(c.previous)})")
    if c.small:
        lines.append(f"{palette()['small_numbers']['symbol']} Small numbers: based on "
                     f"{format_value(c.denominator, 'count', 0)} cases; one child moves it noticeably")
    if c.rank:
        lines.append(f"Rank among local authorities: {c.rank}")
    if c.flag:
        lines.append(f"Flag: {c.flag} ({flag_text(c.flag)})")
    if c.note:
        lines.append(f"Note: {c.note}")
    if c.source:
        lines.append(f"Source: {c.source}")
    return "\n".join(lines)


def _accessible(row: GridRow, c: GridCell, comp_name: str, vs_target_mode: bool) -> str:
    parts = [f"{row.name}, {c.period}: {fmt(c.value, row) if c.value is not None else flag_text(c.flag) or 'no value'}"]
    style = state_style(c.state)
    if style["word"]:
        if vs_target_mode:
            parts.append(f"target {style['word']}")
        else:
            parts.append(f"{style['word']} {'to' if c.state == 'similar' else 'than'} {comp_name}")
    if c.direction:
        parts.append(direction_style(c.direction)["word"])
    if c.small:
        parts.append(palette()["small_numbers"]["word"])
    if c.differs:
        parts.append(palette()["differs"]["word"])
    return ", ".join(parts)


def describe_side_cell(cell: GridCell, row: GridRow, col: GridColumn) -> GridCell:
    """Fill the text of a comparator, target or rank cell (for the latest period shown)."""
    name = col.name or col.label
    if col.kind == "rank":
        cell.text = cell.rank
        cell.tooltip = (f"{row.name}: rank among local authorities {cell.rank} (1 = best; quartile A best)"
                        if cell.rank else "")
        cell.accessible = f"{row.name}, rank among local authorities: {cell.rank or 'none'}"
        return cell
    if cell.value is None:
        cell.text, cell.background, cell.foreground = "", None, None
        cell.tooltip = f"{row.name}\n{name}: {cell.note}" if cell.note else ""
        cell.accessible = f"{row.name}, {name}: no value" + (f" ({cell.note})" if cell.note else "")
        return cell
    text = fmt(cell.value, row)
    style = state_style(cell.target_state) if col.kind == "target" else state_style(None)
    if style["word"]:
        cell.text = f"{text} {style['symbol']} {style['word']}"
        cell.background, cell.foreground = style["background"], style["text"]
    else:
        cell.text, cell.background, cell.foreground = text, None, None
    lines = [row.name, f"{name} {cell.period}: {text}".replace("  ", " ")]
    if style["word"]:
        lines.append(f"Latest value against this target: {style['symbol']} {style['word']}")
    if cell.note:
        lines.append(f"Note: {cell.note}")
    if cell.source:
        lines.append(f"Source: {cell.source}")
    cell.tooltip = "\n".join(lines)
    cell.accessible = f"{row.name}, {name} {cell.period}: {text}".replace("  ", " ") + (
        f", target {style['word']}" if style["word"] else "")
    return cell


def describe_grid(grid) -> None:
    """Describe every cell of ``grid`` (one saved or shipped with its figures only)."""
    vs_target_mode = grid.comparator == "target"
    for row, line in zip(grid.rows, grid.cells):
        if row.kind != "indicator":
            continue
        for col, cell in zip(grid.columns, line):
            if col.kind == "period":
                describe_period_cell(cell, row, grid.comparator_name, vs_target_mode)
            else:
                describe_side_cell(cell, row, col)


__all__ = ["describe_period_cell", "describe_side_cell", "describe_grid", "fmt", "TOTAL_UNITS", "NOT_COMPARABLE"]
