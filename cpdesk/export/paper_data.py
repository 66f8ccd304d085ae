"""A committee paper's tables as data: Excel (one sheet per table), CSV and JSON.

Excel follows the same rules as the committee table's workbook (*Releasing statistics in
spreadsheets*): a Cover sheet, then one sheet per table holding one real Excel table with a
single header row at A1 (two-row headers are joined: "2009/10 England"), numbers stored as
numbers, shorthand where there is none, every text written as a string, formulas escaped.
CSV has every table one after another, each with its header row and a title line above.
"""
from __future__ import annotations

import csv
import io
import json

from cpdesk.export.committee_table import SHORTHAND
from cpdesk.export.paper import Paper, PaperTable
from cpdesk.fileio import atomic_write, escape_formula


def table_rows(table: PaperTable, *, words: bool = True) -> tuple[list[str], list[list]]:
    """Header and rows of one table: numbers as numbers, judgements as words."""
    from cpdesk.export.palette import load_palette
    palette = load_palette()
    rows = []
    for row in table.rows:
        out = [row.label_with_notes]
        for cell in row.cells:
            if cell.is_number:
                out.append(int(round(cell.value)) if cell.decimals == 0 else round(cell.value, cell.decimals))
            elif cell.state and words:
                out.append(palette.state(cell.state).word)
            else:
                out.append(cell.text)
        if table.commentary_column:
            out.append(row.commentary)
        rows.append(out)
    return table.flat_headers(), rows


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        n = seen.get(h.lower(), 0)
        seen[h.lower()] = n + 1
        out.append(h if n == 0 else f"{h} ({n + 1})")
    return out


def paper_xlsx_bytes(paper: Paper) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"title": paper.title, "author": "cpdesk", "comments": paper.produced_text})
    font = {"font_name": "Arial", "font_size": 12, "valign": "top"}
    wrap = wb.add_format({**font, "text_wrap": True})
    head = wb.add_format({**font, "bold": True, "text_wrap": True, "valign": "bottom"})
    title = wb.add_format({**font, "bold": True, "font_size": 15})
    numbers: dict[int, object] = {}

    def s(ws, r, c, text, fmt=wrap):
        ws.write_string(r, c, str(escape_formula(str(text))), fmt)

    cover = wb.add_worksheet("Cover")
    cover.set_column(0, 0, 90)
    lines = [(paper.title, title)]
    lines += [(f"Table_{n}: {t.caption}", wrap) for n, t in enumerate(paper.tables, start=1)]
    lines += [(t, wrap) for t in paper.general_notes]
    lines += [(f"[{k}] {v}", wrap) for k, v in SHORTHAND.items()]
    lines += [(paper.source, wrap), (paper.produced_text, wrap)]
    for r, (text, fmt) in enumerate(lines):
        s(cover, r, 0, text, fmt)
    for n, table in enumerate(paper.tables, start=1):
        ws = wb.add_worksheet(f"Table_{n}")
        header, rows = table_rows(table)
        header = _unique(header)
        ws.add_table(0, 0, max(len(rows), 1), len(header) - 1, {
            "name": f"Table{n}", "style": "Table Style Light 1", "autofilter": False,
            "columns": [{"header": str(escape_formula(h)), "header_format": head} for h in header]})
        ws.set_column(0, 0, 50)
        ws.set_column(1, len(header) - 1, 14)
        ws.repeat_rows(0)
        ws.freeze_panes(1, 1)
        for r, values in enumerate(rows, start=1):
            for c, v in enumerate(values):
                if isinstance(v, (int, float)):
                    d = table.rows[r - 1].cells[c - 1].decimals
                    if d not in numbers:
                        numbers[d] = wb.add_format({**font, "num_format": "#,##0" if d == 0 else "#,##0." + "0" * d})
                    ws.write_number(r, c, v, numbers[d])
                else:
                    s(ws, r, c, v if v != "" else "[x]")
        if table.notes:
            pass  # notes are on the Cover sheet's lines below each table's title
    wb.close()
    return buf.getvalue()


def write_paper_xlsx(paper: Paper, path) -> None:
    data = paper_xlsx_bytes(paper)
    with atomic_write(path, "wb") as fh:
        fh.write(data)


def paper_csv_text(paper: Paper) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    for n, table in enumerate(paper.tables, start=1):
        if len(paper.tables) > 1:
            if n > 1:
                w.writerow([])
            w.writerow([escape_formula(f"Table {n}: {table.caption}")])
        header, rows = table_rows(table)
        w.writerow([escape_formula(h) for h in header])
        for r in rows:
            w.writerow([escape_formula(v) for v in r])
    return buf.getvalue()


def paper_tsv_text(paper: Paper) -> str:
    """Tab-separated text of every table (for pasting into Excel as cells), judgements as symbol and word."""
    def clean(v):
        if isinstance(v, str):
            v = escape_formula(" ".join(v.replace("\t", " ").split()))
        return str(v)
    lines = []
    for n, table in enumerate(paper.tables, start=1):
        if n > 1:
            lines.append("")
        if len(paper.tables) > 1:
            lines.append(clean(f"Table {n}: {table.caption}"))
        header, rows = table_rows(table, words=False)
        lines.append("\t".join(clean(h) for h in header))
        lines.extend("\t".join(clean(v) for v in r) for r in rows)
    return "\r\n".join(lines) + "\r\n"


def write_paper_csv(paper: Paper, path) -> None:
    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(paper_csv_text(paper))


def paper_json(paper: Paper) -> dict:
    tables = []
    for table in paper.tables:
        header, rows = table_rows(table)
        tables.append({"caption": table.caption, "columns": header, "rows": rows,
                       "notes": [{"number": n.number, "text": n.text} for n in table.notes]})
    return {"title": paper.title, "layout": paper.layout, "area": paper.area, "periods": paper.periods,
            "comparator": paper.comparator, "produced": paper.produced.isoformat(), "tables": tables,
            "general_notes": paper.general_notes, "source": paper.source,
            "suppressed": [{"area": a, "indicator_key": k, "period": p} for a, k, p in sorted(paper.suppressed)],
            "small_numbers_confirmed": paper.confirmed}


def write_paper_json(paper: Paper, path) -> None:
    with atomic_write(path, "w", encoding="utf-8") as fh:
        json.dump(paper_json(paper), fh, indent=1, ensure_ascii=False)
