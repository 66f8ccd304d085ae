"""Find the tables in a sheet: rectangular blocks of cells separated by blank rows/columns.

A sheet often holds several tables one under another, each with a title above and
footnotes below. This module only finds the blocks and the lines of text around them;
:mod:`cpdesk.importing.layout` decides what each block means.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from cpdesk.importing.workbook import SheetData
from cpdesk.values import is_blank


@dataclass
class Block:
    """A rectangle of a sheet, zero-based inclusive bounds, plus the text lines above it."""

    r0: int
    r1: int
    c0: int
    c1: int
    titles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return self.r1 - self.r0 + 1


def _row_span(row: list[object]) -> tuple[int, int] | None:
    first = last = None
    for c, v in enumerate(row):
        if not is_blank(v):
            if first is None:
                first = c
            last = c
    return None if first is None else (first, last)


def _text_line(rows, r0: int, r1: int, c0: int, c1: int) -> list[str] | None:
    """The cells of a band if it is only lines of text (titles, notes), else None."""
    lines = []
    for r in range(r0, r1 + 1):
        row = rows[r]
        cells = [row[c] for c in range(c0, min(c1 + 1, len(row))) if not is_blank(row[c])]
        if not cells:
            continue
        if len(cells) > 1 or not isinstance(cells[0], str):
            return None
        lines.append(cells[0].strip())
    return lines


def _split_columns(rows, r0: int, r1: int, c0: int, c1: int) -> list[tuple[int, int]]:
    """Split a band into side-by-side parts at columns that are blank in every row of it."""
    used = [False] * (c1 - c0 + 1)
    for r in range(r0, r1 + 1):
        row = rows[r]
        for c in range(c0, min(c1 + 1, len(row))):
            if not used[c - c0] and not is_blank(row[c]):
                used[c - c0] = True
    parts = []
    start = None
    last = gap = 0
    for i, u in enumerate(used):
        if u:
            if start is None:
                start = i
            elif gap >= 1:
                parts.append((c0 + start, c0 + last))
                start = i
            last = i
            gap = 0
        elif start is not None:
            gap += 1
    if start is not None:
        parts.append((c0 + start, c0 + last))
    return parts


def find_blocks(sheet: SheetData, max_rows: int | None = None) -> list[Block]:
    """Return the data blocks of a sheet, top to bottom, each with its titles and notes.

    Bands of text-only rows become the titles of the block below them (a title stays in
    force until the next one) or, when nothing follows, the notes of the block above.
    """
    rows = sheet.rows if max_rows is None else sheet.rows[:max_rows]
    bands: list[tuple[int, int, int, int]] = []
    start = None
    lo = hi = 0
    for r, row in enumerate(rows):
        span = _row_span(row)
        if span is None:
            if start is not None:
                bands.append((start, r - 1, lo, hi))
                start = None
            continue
        if start is None:
            start, lo, hi = r, span[0], span[1]
        else:
            lo, hi = min(lo, span[0]), max(hi, span[1])
    if start is not None:
        bands.append((start, len(rows) - 1, lo, hi))

    blocks: list[Block] = []
    pending_titles: list[str] = []
    for r0, r1, c0, c1 in bands:
        text = _text_line(rows, r0, r1, c0, c1)
        if text is not None:
            if blocks and _looks_like_note(text):
                blocks[-1].notes.extend(text)
            else:
                pending_titles = text if not pending_titles or blocks else pending_titles + text
            continue
        for pc0, pc1 in _join_label_parts(rows, r0, r1, _split_columns(rows, r0, r1, c0, c1)):
            b = Block(r0, r1, pc0, pc1, titles=list(pending_titles))
            _peel_text_rows(rows, b)
            if b.r0 <= b.r1:
                blocks.append(b)
        pending_titles = []
    return _join_split_tables(rows, blocks)


def _text_majority(rows, r0: int, r1: int, c: int) -> bool:
    text = numeric = 0
    for r in range(r0, r1 + 1):
        row = rows[r]
        v = row[c] if c < len(row) else None
        if is_blank(v):
            continue
        if isinstance(v, str) and not _numberish(v):
            text += 1
        else:
            numeric += 1
    return text > numeric


def _numberish(text: str) -> bool:
    s = text.strip().replace(",", "").rstrip("%*").strip()
    try:
        float(s)
        return True
    except ValueError:
        return False


def _join_label_parts(rows, r0: int, r1: int, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rejoin a table that a blank spacer column split: a part whose first column holds no
    labels (mostly figures) belongs to the part on its left."""
    out: list[tuple[int, int]] = []
    for pc0, pc1 in parts:
        if out and not _text_majority(rows, r0 + 1 if r1 > r0 else r0, r1, pc0):
            out[-1] = (out[-1][0], pc1)
        else:
            out.append((pc0, pc1))
    return out


def _all_header(rows, b: "Block") -> bool:
    """Every cell of the block reads as a header (text or a period): a header row set apart
    from its figures by a blank row."""
    from cpdesk.periods import parse_period
    cells = [rows[r][c] for r in range(b.r0, b.r1 + 1) for c in range(b.c0, min(b.c1 + 1, len(rows[r])))
             if not is_blank(rows[r][c])]
    return len(cells) > 1 and any(parse_period(v) is not None for v in cells) and all(
        isinstance(v, str) and not _numberish(v) or parse_period(v) is not None for v in cells)


def _join_split_tables(rows, blocks: list["Block"]) -> list["Block"]:
    """A header row with a blank row under it, and the figures below: one table, not two."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (prev is not None and not b.titles and b.r0 - prev.r1 <= 3 and _all_header(rows, prev)
                and b.c0 <= prev.c1 and prev.c0 <= b.c1):
            prev.r1, prev.c0, prev.c1 = b.r1, min(prev.c0, b.c0), max(prev.c1, b.c1)
            prev.notes.extend(b.notes)
            continue
        out.append(b)
    return out


def _looks_like_note(lines: list[str]) -> bool:
    if not lines:
        return False
    first = lines[0].lower()
    return first.startswith(("*", "†", "note", "source", "data ", "(", "[", "please", "figures", "n.b", "nb"))


def _peel_text_rows(rows, b: Block) -> None:
    """Move single-text-cell rows at the top (titles) and bottom (footnotes) out of a block.

    Rows that are empty within this block's columns (a side-by-side neighbour is longer)
    are trimmed too.
    """
    while b.r0 < b.r1:
        line = _text_line(rows, b.r0, b.r0, b.c0, b.c1)
        if line is None:
            break
        b.titles.extend(line)
        b.r0 += 1
        if line and _row_span(rows[b.r0]) is None:
            break
    while b.r1 > b.r0:
        line = _text_line(rows, b.r1, b.r1, b.c0, b.c1)
        if line is None or (line and not (_looks_like_note(line) or len(line[0]) > 60)):
            break
        b.notes[:0] = line
        b.r1 -= 1
