"""A committee paper as data: its tables (any layout), charts, notes and source, before any file format.

Qt-free. :mod:`cpdesk.export.layouts` fills a :class:`Paper`; the Word, PDF, HTML, Excel and
CSV writers lay it out. A table has one or two header rows: each column has a ``header``
and may have a ``group`` (a year over England / Family / Actual …), and consecutive columns
with the same group share one merged cell above them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from cpdesk import __version__
from cpdesk.export.committee_table import SHORTHAND, Fact, Note


@dataclass
class PaperCell:
    """One cell. ``kind``: ``number``, ``state`` (a judgement, shaded) or ``text``."""

    text: str = ""
    kind: str = "number"
    value: float | None = None
    decimals: int = 1
    state: str | None = None
    shorthand: str | None = None      # "c", "x", "z" when the cell holds no number
    fact: tuple | None = None         # (area, indicator key, period) for the disclosure check
    detail: str = ""                  # a smaller second line (a comparator's period when it differs)

    @property
    def is_number(self) -> bool:
        return self.value is not None and self.shorthand is None


@dataclass(frozen=True)
class PaperColumn:
    key: str
    header: str
    group: str = ""
    kind: str = "number"              # number | state | text
    unit: str = ""                    # for the data formats' unit column


@dataclass
class PaperRow:
    key: str                          # indicator key, or the area's name in an areas table
    label: str                        # the row header as shown
    cells: list[PaperCell]
    notes: list[int] = field(default_factory=list)
    commentary: str = ""              # shown under the row (trend) or in a column (scorecard)
    unit: str = ""

    @property
    def label_with_notes(self) -> str:
        return f"{self.label} [{', '.join(f'note {n}' for n in self.notes)}]" if self.notes else self.label


@dataclass
class PaperTable:
    caption: str
    stub: str                          # the header over the row labels
    columns: list[PaperColumn]
    rows: list[PaperRow]
    notes: list[Note] = field(default_factory=list)
    key: str = ""                      # the indicator of an areas table
    commentary: str = ""               # an areas table's commentary, a paragraph under it
    commentary_column: bool = False    # commentary as the last column (scorecard)

    @property
    def two_header_rows(self) -> bool:
        return any(c.group for c in self.columns)

    @property
    def all_columns(self) -> list[PaperColumn]:
        """The columns after the stub, with the commentary column when there is one."""
        return self.columns + ([PaperColumn("commentary", "Commentary", kind="text")] if self.commentary_column else [])

    def header_cells(self) -> list[tuple[int, int, str, int, int]]:
        """The header as (row, column, text, column span, row span), the stub at column 0.

        One header row when no column has a group; otherwise groups above their columns (one
        merged cell each), and columns without a group span both rows.
        """
        cols = self.all_columns
        if not self.two_header_rows:
            return [(0, 0, self.stub, 1, 1)] + [(0, i + 1, c.header, 1, 1) for i, c in enumerate(cols)]
        out = [(0, 0, self.stub, 1, 2)]
        i = 0
        while i < len(cols):
            c = cols[i]
            if not c.group:
                out.append((0, i + 1, c.header, 1, 2))
                i += 1
                continue
            j = i
            while j + 1 < len(cols) and cols[j + 1].group == c.group:
                j += 1
            out.append((0, i + 1, c.group, j - i + 1, 1))
            out.extend((1, k + 1, cols[k].header, 1, 1) for k in range(i, j + 1))
            i = j + 1
        return out

    @property
    def header_row_count(self) -> int:
        return 2 if self.two_header_rows else 1

    def flat_headers(self) -> list[str]:
        """One header per column for the data formats ("2009/10 England")."""
        out = [self.stub]
        for c in self.columns:
            out.append(f"{c.group} {c.header}".strip() if c.group and c.group != c.header else c.header)
        if self.commentary_column:
            out.append("Commentary")
        return out


@dataclass
class ChartRef:
    """A trend chart to place with an indicator: the data to draw and the sentence for its alt text."""

    key: str
    title: str
    alt: str
    trend: object                      # cpdesk.trends.TrendData
    roles: tuple[str, ...]
    note: str = ""                     # e.g. why England is left out for a count


@dataclass
class Paper:
    title: str
    layout: str
    area: str
    tables: list[PaperTable]
    general_notes: list[str]
    source: str
    produced: dt.date
    facts: dict[tuple, Fact]
    threshold: int
    suppressed: frozenset = frozenset()
    confirmed: bool = False
    charts: list[ChartRef] = field(default_factory=list)
    summary_sentences: list[str] = field(default_factory=list)
    definitions: list[tuple[str, str]] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    comparator: str = ""
    whole_paper: bool = False          # a draft report: summary, definitions, notes on small numbers
    landscape: bool | None = None      # None: decided by the page design
    rebuild_with: Callable | None = None

    # -- what the disclosure check and the writers share with CommitteeTable -------------
    @property
    def rows(self) -> list[PaperRow]:
        return [r for t in self.tables for r in t.rows]

    @property
    def caption(self) -> str:
        return self.tables[0].caption if self.tables else self.title

    def rebuild(self, suppressed: frozenset) -> "Paper":
        if self.rebuild_with is None:
            raise ValueError("this paper cannot be rebuilt")
        return self.rebuild_with(suppressed)

    def fact_order(self) -> dict:
        order: dict = {}
        for r in self.rows:
            order.setdefault(r.key, len(order))
        return order

    @property
    def produced_text(self) -> str:
        return f"Produced on {self.produced.day} {self.produced:%B %Y} with cpdesk {__version__}."

    def shorthand_used(self) -> list[str]:
        used = {c.shorthand for r in self.rows for c in r.cells if c.shorthand}
        return [k for k in SHORTHAND if k in used]


def paper_from_committee(table) -> Paper:
    """The one-row-per-indicator-and-period committee table as a paper (for the PDF renderer).

    Commentary moves from its column to a row under its indicator's first row.
    """
    cols = [c for c in table.shown_columns() if c.key not in ("indicator", "commentary")]
    rows = []
    for r in table.rows:
        cells = []
        for c in cols:
            cell = r.cells.get(c.key)
            if cell is None:
                cells.append(PaperCell("", kind=c.kind))
                continue
            cells.append(PaperCell(cell.text, kind=c.kind, value=cell.value, decimals=cell.decimals, state=cell.state,
                                   shorthand=cell.shorthand, fact=cell.fact, detail=cell.detail))
        commentary = r.cells["commentary"].text if "commentary" in r.cells else ""
        rows.append(PaperRow(r.indicator_key, r.indicator, cells, list(r.notes), commentary))
    pt = PaperTable(table.caption, "Indicator", [PaperColumn(c.key, c.header, kind=c.kind) for c in cols], rows,
                    list(table.notes))
    return Paper(title=table.title, layout="committee", area=table.area, tables=[pt],
                 general_notes=list(table.general_notes), source=table.source, produced=table.produced,
                 facts=table.facts, threshold=table.spec.threshold if table.spec else 5, suppressed=table.suppressed,
                 confirmed=table.confirmed, periods=list(table.periods), comparator=table.comparator)
