"""Page design for a paper's tables: font size, orientation and column widths from the content.

Qt-free. Names wrap at word boundaries, never inside a word; no column is narrower than its
longest word (a number, a period or a judgement such as "▼ worse" is one unbreakable piece);
the indicator column is never squeezed below a readable width. The page turns to landscape
when a table needs it, and the text steps down from 12 pt to a floor of 10 pt only when a
table is too wide for 12 pt.

Widths are measured by a ``measure(text, size_pt, bold) -> points`` function: the Word
writer uses Arial's character widths (below); the PDF renderer passes Qt's font metrics.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cpdesk.export.paper import PaperTable

#: A4 in points, and the margins used in Word and PDF (1.5 cm).
A4 = (595.3, 841.9)
MARGIN_PT = 42.5
BODY_PT = 12.0
SIZES = (12.0, 11.0, 10.0)
#: Left and right cell padding together (Word's default cell margins are 0.19 cm each side).
CELL_PAD_PT = 11.0
#: The row-label column gets at least this many ems before a smaller font or landscape is tried.
STUB_MIN_EMS = 13.0

# Advance widths of Arial and Arial Bold (and of their metric twins, Liberation Sans and Arimo),
# per 1000 em, for the printable ASCII characters from the space (32) to the tilde (126).
_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584)
_BOLD_WIDTHS = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584)
_WIDE_SYMBOL = 1000   # ▲ ▼ ● ✔ ✖ ◆ ↗ ↘ and other symbols, generously


@lru_cache(maxsize=8192)
def arial_width(text: str, size: float, bold: bool = False) -> float:
    """The printed width of ``text`` in Arial (or Arial Bold) at ``size`` points."""
    table = _BOLD_WIDTHS if bold else _WIDTHS
    total = 0
    for ch in text:
        o = ord(ch)
        total += table[o - 32] if 32 <= o <= 126 else (_WIDE_SYMBOL if o >= 0x2000 else 600)
    return total * size / 1000.0


def words(text: str) -> list[str]:
    return [w for w in text.replace("\n", " ").split(" ") if w]


@dataclass
class TableDesign:
    size: float                  # font size of the table, points
    landscape: bool
    widths: list[float]          # stub first, then each column (and commentary), points
    usable: float                # the page's text width, points

    @property
    def page_size(self) -> tuple[float, float]:
        return (A4[1], A4[0]) if self.landscape else A4


def usable_width(landscape: bool) -> float:
    return (A4[1] if landscape else A4[0]) - 2 * MARGIN_PT


def _column_texts(table: PaperTable) -> list[tuple[list[str], list[str], bool]]:
    """Per column (stub first): header texts, cell texts, and whether the cells may wrap."""
    cols = [([table.stub], [r.label_with_notes for r in table.rows], True)]
    for i, c in enumerate(table.columns):
        heads = [c.header] + ([c.group] if c.group and _group_span(table, c.group) == 1 else [])
        cells = []
        for r in table.rows:
            if i < len(r.cells):
                cells.append(r.cells[i].text)
                if r.cells[i].detail:
                    cells.append(f"({r.cells[i].detail})")
        cols.append((heads, cells, c.kind == "text"))
    if table.commentary_column:
        cols.append((["Commentary"], [r.commentary for r in table.rows], True))
    return cols


def _group_span(table: PaperTable, group: str) -> int:
    return sum(1 for c in table.columns if c.group == group)


def design_table(table: PaperTable, measure=arial_width, landscape: bool | None = None,
                 sizes=SIZES) -> TableDesign:
    """Choose the font size, orientation and column widths for ``table``.

    ``landscape`` None lets the content decide (portrait first); True or False forces it.
    """
    orientations = [False, True] if landscape is None else [bool(landscape)]
    cols = _column_texts(table)
    fallback = None
    for orient in orientations:
        usable = usable_width(orient)
        for size in sizes:
            mins, prefs = [], []
            for k, (heads, cells, wraps) in enumerate(cols):
                # headers wrap at spaces; number and judgement cells stay whole; names and text wrap
                head_min = max((measure(w, size, True) for h in heads for w in words(h)), default=0)
                if wraps:
                    cell_min = max((measure(w, size, False) for t in cells for w in words(t)), default=0)
                else:
                    cell_min = max((measure(t, size, False) for t in cells), default=0)
                mins.append(max(head_min, cell_min) + CELL_PAD_PT)
                head_pref = max((measure(h, size, True) for h in heads), default=0)
                cell_pref = max((measure(t, size, False) for t in cells), default=0)
                prefs.append(max(head_pref, cell_pref, 0) + CELL_PAD_PT)
            stub_floor = min(prefs[0], max(mins[0], STUB_MIN_EMS * size))
            text_floor = [min(p, max(m, 10 * size)) if cols[k][2] and k > 0 else m
                          for k, (m, p) in enumerate(zip(mins, prefs))]
            text_floor[0] = stub_floor
            if sum(text_floor) <= usable:
                return TableDesign(size, orient, _distribute(text_floor, prefs, usable, cols), usable)
            if sum(mins) <= usable:
                # no readable name column at this size: the last that fits (the smallest text, landscape when
                # allowed) leaves the most room for names
                fallback = TableDesign(size, orient, _distribute(mins, prefs, usable, cols), usable)
    if fallback is not None:
        return fallback
    # Too wide even at the smallest size: keep every word whole and let the table run wider than the page.
    orient = orientations[-1]
    size = sizes[-1]
    usable = usable_width(orient)
    mins = []
    for heads, cells, wraps in cols:
        mins.append(max([measure(w, size, True) for h in heads for w in words(h)]
                        + [measure(w if wraps else t, size, False) for t in cells for w in (words(t) if wraps else [t])]
                        + [0]) + CELL_PAD_PT)
    return TableDesign(size, orient, mins, max(usable, sum(mins)))


def _distribute(base: list[float], prefs: list[float], usable: float, cols) -> list[float]:
    """Give the room left first to the columns that wrap (names, commentary), then to those whose header
    wraps ("Average no. of months between …"), each up to what it would like; then spread what is left."""
    widths = list(base)
    left = usable - sum(widths)
    wrapping = [k for k, (_, _, wraps) in enumerate(cols) if wraps]
    for group in (wrapping, [k for k in range(len(widths)) if k not in wrapping]):
        while left > 0.5:
            want = {k: prefs[k] - widths[k] for k in group if prefs[k] - widths[k] > 0.5}
            if not want:
                break
            total = sum(want.values())
            share = min(left, total)
            for k, w in want.items():
                widths[k] += share * w / total
            left -= share
    if left > 0.5:
        # everything fits on one line: spread the rest over all columns, so the table fills the width
        total = sum(widths)
        widths = [w * usable / total for w in widths]
    return widths


def wrap_lines(text: str, width: float, size: float, bold: bool = False, measure=arial_width) -> list[str]:
    """``text`` broken into lines at spaces (and at line breaks) to fit ``width`` points; words stay whole."""
    out = []
    for para in text.split("\n"):
        line = ""
        for w in words(para):
            trial = f"{line} {w}" if line else w
            if line and measure(trial, size, bold) > width:
                out.append(line)
                line = w
            else:
                line = trial
        out.append(line)
    return out
