"""Every non-blank cell of a table, and what became of it.

A table's cells are headers, labels, describing cells (polarity, RAG, commentary), value
cells read into observations (a number or a flag such as ``c`` or TBC), or value cells left
out, each with the reason. Nothing is dropped without a line here: ``cpdesk inspect`` and
the Sources panel print "N of M value cells read" and the list of the rest.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from cpdesk.observations import cell_ref

#: What a cell can be. ``value`` and ``flag`` are the value cells that were read.
STATUSES = ("title", "header", "label", "description", "value", "flag", "note", "left_out")
READ = ("value", "flag")
#: Left-out cells kept with their text and reason (the count stays exact past this).
MAX_LISTED = 500


@dataclass
class LeftOut:
    cell: str
    text: str
    reason: str

    def line(self) -> str:
        shown = self.text if len(self.text) <= 40 else self.text[:37] + "…"
        return f"{self.cell} '{shown}': {self.reason}"


@dataclass
class Ledger:
    """What became of each non-blank cell of one table (zero-based row, col keys)."""

    status: dict[tuple[int, int], str] = field(default_factory=dict)
    left_out: list[LeftOut] = field(default_factory=list)
    n_left_out: int = 0

    def mark(self, r: int, c: int, status: str) -> None:
        self.status[(r, c)] = status

    def leave_out(self, r: int, c: int, raw: object, reason: str) -> None:
        self.status[(r, c)] = "left_out"
        self.n_left_out += 1
        if len(self.left_out) < MAX_LISTED:
            text = f"{raw:g}" if isinstance(raw, float) else " ".join(str(raw).split())
            self.left_out.append(LeftOut(cell_ref(r, c), text, reason))

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for s in self.status.values():
            out[s] += 1
        return out

    @property
    def value_cells(self) -> int:
        """Cells that held (or were taken to hold) a figure: read or left out."""
        c = self.counts()
        return c["value"] + c["flag"] + c["left_out"]

    @property
    def read_cells(self) -> int:
        c = self.counts()
        return c["value"] + c["flag"]


@dataclass
class Accounting:
    """The per-table summary kept on :class:`cpdesk.importing.importer.TableInfo`."""

    value_cells: int = 0
    read_cells: int = 0
    descriptions: int = 0
    left_out: list[LeftOut] = field(default_factory=list)
    n_left_out: int = 0

    @classmethod
    def of(cls, ledger: Ledger) -> "Accounting":
        c = ledger.counts()
        return cls(c["value"] + c["flag"] + c["left_out"], c["value"] + c["flag"], c["description"],
                   list(ledger.left_out), ledger.n_left_out)

    def line(self) -> str:
        return f"{self.read_cells:,} of {self.value_cells:,} value cells read"

    def as_dict(self) -> dict:
        return {"value_cells": self.value_cells, "read_cells": self.read_cells, "descriptions": self.descriptions,
                "left_out": [{"cell": x.cell, "text": x.text, "reason": x.reason} for x in self.left_out],
                "n_left_out": self.n_left_out}


def left_out_warning(where: str, acc: Accounting, limit: int = 12) -> str | None:
    """One warning naming the cells of a table that were left out, and why."""
    if not acc.n_left_out:
        return None
    shown = "; ".join(x.line() for x in acc.left_out[:limit])
    more = f"; and {acc.n_left_out - limit:,} more" if acc.n_left_out > limit else ""
    return f"{where}: {acc.line()}; left out: {shown}{more}."


__all__ = ["Accounting", "Ledger", "LeftOut", "STATUSES", "left_out_warning"]
