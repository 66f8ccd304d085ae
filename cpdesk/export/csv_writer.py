"""The committee table as CSV (RFC 4180, UTF-8 with a byte-order mark) and as tab-separated text.

One header row, then one row per indicator and period; numbers as plain numbers, shorthand
(``[c]``, ``[x]``, ``[z]``) where there is none, judgements as words. Text a spreadsheet would
run as a formula is escaped, whatever the source said.
"""
from __future__ import annotations

import csv
import io

from cpdesk.export.committee_table import CommitteeTable
from cpdesk.export.palette import load_palette
from cpdesk.fileio import atomic_write, escape_formula


def data_rows(table: CommitteeTable, *, words_only: bool = True) -> tuple[list[str], list[list]]:
    """Header and rows for the data formats: numbers as numbers, judgements as words."""
    palette = load_palette()
    cols = table.shown_columns(data=True)
    rows = []
    for row in table.rows:
        out = []
        for c in cols:
            cell = row.cells.get(c.key)
            if cell is None:
                out.append("")
            elif cell.is_number:
                out.append(_number(cell.value, cell.decimals))
            elif cell.state and words_only:
                out.append(palette.state(cell.state).word)
            else:
                out.append(cell.text)
        rows.append(out)
    return [c.header for c in cols], rows


def _number(value: float, decimals: int):
    return int(round(value)) if decimals == 0 else round(value, decimals)


def csv_text(table: CommitteeTable) -> str:
    header, rows = data_rows(table)
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow([escape_formula(h) for h in header])
    for r in rows:
        w.writerow([escape_formula(v) for v in r])
    return buf.getvalue()


def write_csv(table: CommitteeTable, path) -> None:
    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(csv_text(table))


def tsv_text(table: CommitteeTable) -> str:
    """Tab-separated text for pasting into Excel as cells (symbol and word in judgement cells)."""
    header, rows = data_rows(table, words_only=False)

    def clean(v):
        if isinstance(v, str):
            v = escape_formula(v.replace("\t", " ").replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
        return str(v)
    lines = ["\t".join(clean(h) for h in header)] + ["\t".join(clean(v) for v in r) for r in rows]
    return "\r\n".join(lines) + "\r\n"
