"""The committee table as JSON: the choices, the rows (numbers as numbers), notes and source."""
from __future__ import annotations

import json

from cpdesk.export.committee_table import CommitteeTable
from cpdesk.export.csv_writer import data_rows
from cpdesk.fileio import atomic_write


def table_json(table: CommitteeTable) -> dict:
    cols = table.shown_columns(data=True)
    _, rows = data_rows(table)
    out_rows = []
    for row, values in zip(table.rows, rows):
        item = {"indicator_key": row.indicator_key}
        for c, v in zip(cols, values):
            cell = row.cells.get(c.key)
            item[c.key] = v
            if cell is not None and cell.state:
                item[f"{c.key}_state"] = cell.state
        out_rows.append(item)
    return {
        "title": table.title,
        "caption": table.caption,
        "area": table.area,
        "periods": table.periods,
        "comparator": table.comparator,
        "produced": table.produced.isoformat(),
        "columns": [{"key": c.key, "header": c.header} for c in cols],
        "rows": out_rows,
        "notes": [{"number": n.number, "text": n.text} for n in table.notes],
        "general_notes": table.general_notes,
        "source": table.source,
        "suppressed": [{"area": a, "indicator_key": k, "period": p} for a, k, p in sorted(table.suppressed)],
        "small_numbers_confirmed": table.confirmed,
    }


def write_json(table: CommitteeTable, path) -> None:
    with atomic_write(path, "w", encoding="utf-8") as fh:
        json.dump(table_json(table), fh, indent=1, ensure_ascii=False)
