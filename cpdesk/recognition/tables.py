"""Recognition for table reading: one call per label of a table, with its context.

Table reading (:mod:`cpdesk.importing.layout`) gathers, for each label of a table, the
values it governs and whether each was shown as a percentage, then asks
:func:`recognise_in_table`. The answer's ``indicator_id`` is set only when the label is
recognised; a suggestion leaves the figures as a local indicator until the user confirms.
"""
from __future__ import annotations

from dataclasses import dataclass

from cpdesk.recognition.evidence import UnitEvidence
from cpdesk.recognition.recogniser import LabelContext, Recognition


@dataclass
class TableLabel:
    """One label of a table and what is known about it, gathered while cells are placed."""

    label: str
    measure: str | None = None          # from a "No." / "%" sub-header, if any
    values: list = None                 # the numbers it governs
    percent_flags: list = None          # per value: written with "%" or formatted as a percentage

    def __post_init__(self):
        self.values = [] if self.values is None else self.values
        self.percent_flags = [] if self.percent_flags is None else self.percent_flags

    def add(self, value, shown_as_percent: bool) -> None:
        if value is not None:
            self.values.append(value)
            self.percent_flags.append(bool(shown_as_percent))


def column_label(label: str, cells, limit: int = 2000, shown_as_percent: bool = False) -> TableLabel:
    """A tidy list's measure column as a :class:`TableLabel`: its distinct cells, read as values
    (at most ``limit`` of them, so a national file of 100,000 rows costs no more than a table).
    ``shown_as_percent``: the workbook formats its numbers as percentages."""
    from cpdesk.values import parse_value

    item = TableLabel(label)
    seen = set()
    for raw in cells:
        if len(seen) >= limit:
            break
        try:
            if raw in seen:
                continue
            seen.add(raw)
        except TypeError:
            continue
        pv = parse_value(raw)
        item.add(pv.value, pv.percent or (shown_as_percent and pv.value is not None))
    return item


def recognise_in_table(catalogue, item: TableLabel, *, titles=(), header: str = "", sheet: str = "",
                       neighbours=()) -> Recognition:
    """What one label of a table means, given the table's titles, the header over the labels,
    the sheet name, the other labels of the table and the label's own values."""
    title = " ".join(t for t in titles if t)
    ctx = LabelContext(title=title, header=header or "", sheet=sheet or "", measure=item.measure,
                       evidence=UnitEvidence.from_values(item.values, item.percent_flags),
                       neighbours=tuple(n for n in neighbours if n and n != item.label))
    return catalogue.recognise(item.label, ctx)


__all__ = ["TableLabel", "column_label", "recognise_in_table"]
