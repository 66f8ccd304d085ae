"""A committee paper's tables as data: Excel (one sheet per table), CSV and JSON.

Excel follows the same rules as the committee table's workbook (*Releasing statistics in
spreadsheets*): Cover, Contents and Notes sheets, then one sheet per table holding one real
Excel table with a single header row at A1 (two-row headers are joined: "2009/10 England"),
numbers stored as numbers, shorthand where there is none, notes numbered once for the
workbook and referred to in a Notes column, every text written as a string, formulas escaped.
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


def workbook_notes(paper: Paper) -> list[tuple[int, str, int]]:
    """Every table's notes numbered once across the workbook: (number, text, table number).

    A paper numbers notes per table; a workbook has one Notes sheet, so table 2's "note 1"
    becomes the next number after table 1's notes.
    """
    out, offset = [], 0
    for n, table in enumerate(paper.tables, start=1):
        out.extend((offset + note.number, note.text, n) for note in table.notes)
        offset += max((note.number for note in table.notes), default=0)
    return out


def _sheet_rows(table: PaperTable, offset: int) -> tuple[list[str], list[list], list[int | None]]:
    """A table as its sheet holds it: label, unit, the figures, commentary and the notes it refers to.

    Returns the header, the rows and, per column, the decimals of its numbers (None: text).
    """
    from cpdesk.export.committee_table import _UNIT_WORDS
    header, rows = table_rows(table)
    units = any(r.unit for r in table.rows)
    commentary = not table.commentary_column and any(r.commentary for r in table.rows)
    notes = any(r.notes for r in table.rows)
    out_header = [table.stub] + (["Unit"] if units else []) + header[1:] + (["Commentary"] if commentary else []) \
        + (["Notes"] if notes else [])
    out_rows = []
    for row, values in zip(table.rows, rows):
        line = [row.label] + ([_UNIT_WORDS.get(row.unit, row.unit)] if units else []) + values[1:]
        if commentary:
            line.append(row.commentary)
        if notes:
            line.append(", ".join(f"note {offset + k}" for k in row.notes))
        out_rows.append(line)
    return out_header, out_rows


def paper_xlsx_bytes(paper: Paper) -> bytes:
    """The paper as a workbook in the layout of *Releasing statistics in spreadsheets*.

    Sheets: Cover (title, what is where, judgements, shorthand, source), Contents, Notes (one
    numbered list for the workbook) and Table_1, Table_2 … (one real Excel table each, header
    at A1, a Unit column, commentary and a Notes column referring to the Notes sheet).
    """
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"title": paper.title, "author": "cpdesk", "comments": paper.produced_text})
    font = {"font_name": "Arial", "font_size": 12, "valign": "top"}
    wrap = wb.add_format({**font, "text_wrap": True})
    head = wb.add_format({**font, "bold": True, "text_wrap": True, "valign": "bottom"})
    heading = wb.add_format({**font, "bold": True, "font_size": 13})
    title = wb.add_format({**font, "bold": True, "font_size": 15})
    numbers: dict[int, object] = {}
    notes = workbook_notes(paper)
    sheets = [f"Table_{n}" for n in range(1, len(paper.tables) + 1)]

    def s(ws, r, c, text, fmt=wrap):
        ws.write_string(r, c, str(escape_formula(str(text))), fmt)

    def real_table(ws, name, header, rows, widths):
        ws.add_table(0, 0, max(len(rows), 1), len(header) - 1, {
            "name": name, "style": "Table Style Light 1", "autofilter": False,
            "columns": [{"header": str(escape_formula(h)), "header_format": head} for h in _unique(header)]})
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)
        ws.repeat_rows(0)
        ws.set_paper(9)
        for r, values in enumerate(rows, start=1):
            for c, v in enumerate(values):
                s(ws, r, c, v)

    cover = wb.add_worksheet("Cover")
    cover.set_column(0, 0, 90)
    cover.set_paper(9)
    lines = [(paper.title, title),
             (f"This workbook contains {len(paper.tables)} table(s), one on each of the sheets "
              f"{', '.join(sheets)}. The Contents sheet lists them; notes are on the Notes sheet and are referred "
              "to in each table's Notes column.", wrap)]
    lines += [("Judgements", heading)] + [(t, wrap) for t in paper.general_notes if not t.startswith("Shorthand")]
    lines += [("Shorthand", heading), ("Some cells hold a shorthand instead of a number:", wrap)]
    lines += [(f"[{k}] {v}", wrap) for k, v in SHORTHAND.items()]
    lines += [("Source", heading), (paper.source, wrap), (paper.produced_text, wrap)]
    for r, (text, fmt) in enumerate(lines):
        s(cover, r, 0, text, fmt)
    cover.activate()

    contents = [["Notes", "Notes for the tables", f"{len(notes)} note(s)" if notes else "[x]"]]
    contents += [[sheet, t.caption, "See the Notes column" if t.notes else "No notes"]
                 for sheet, t in zip(sheets, paper.tables)]
    real_table(wb.add_worksheet("Contents"), "Contents", ["Sheet name", "Table title", "Notes"], contents,
               [16, 100, 22])
    rows = [[f"note {k}", text, sheets[n - 1]] for k, text, n in notes] or [
        ["[x]", "There are no notes for these tables.", "[x]"]]
    real_table(wb.add_worksheet("Notes"), "Notes", ["Note number", "Note text", "Table"], rows, [14, 110, 12])

    offset = 0
    for n, table in enumerate(paper.tables, start=1):
        ws = wb.add_worksheet(sheets[n - 1])
        header, rows = _sheet_rows(table, offset)
        offset += max((note.number for note in table.notes), default=0)
        ws.add_table(0, 0, max(len(rows), 1), len(header) - 1, {
            "name": f"Table{n}", "style": "Table Style Light 1", "autofilter": False,
            "columns": [{"header": str(escape_formula(h)), "header_format": head} for h in _unique(header)]})
        ws.set_column(0, 0, 50)
        ws.set_column(1, len(header) - 1, 14)
        if header[-1] == "Notes":
            ws.set_column(len(header) - 1, len(header) - 1, 18)
        if "Commentary" in header:
            ws.set_column(header.index("Commentary"), header.index("Commentary"), 50)
        ws.set_paper(9)
        ws.set_landscape()
        ws.repeat_rows(0)
        ws.freeze_panes(1, 1)
        first = 2 if "Unit" in header else 1          # where the table's own columns start on the sheet
        for r, values in enumerate(rows, start=1):
            for c, v in enumerate(values):
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    d = table.rows[r - 1].cells[c - first].decimals
                    if d not in numbers:
                        numbers[d] = wb.add_format({**font, "num_format": "#,##0" if d == 0 else "#,##0." + "0" * d})
                    ws.write_number(r, c, v, numbers[d])
                elif v == "" and header[c] in ("Commentary", "Notes"):
                    continue                                # no commentary or notes for this row
                else:
                    s(ws, r, c, v if v != "" else "[x]")
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
