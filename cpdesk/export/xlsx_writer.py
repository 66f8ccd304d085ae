"""The committee table as an Excel workbook that follows "Releasing statistics in spreadsheets".

Sheets: Cover (title, about, source, shorthand), Contents, Notes, Table_1. Each table is a
real Excel table with one header row starting at A1; no merged cells, no blank rows;
numbers are stored as numbers with a display format; ``[c]``, ``[x]`` and ``[z]`` stand where
there is no number and are explained on the cover. Every piece of text is written as a
string (never as a formula) and text that would start a formula is escaped as well.
"""
from __future__ import annotations

import io
import math

from cpdesk.export.committee_table import SHORTHAND, CommitteeTable
from cpdesk.export.palette import load_palette
from cpdesk.fileio import atomic_write, escape_formula

TABLE_SHEET = "Table_1"
_WIDTHS = {"indicator": 42, "commentary": 50, "notes": 14, "group": 20, "unit": 12, "period": 11,
           "previous_period": 11, "direction": 14, "vs_comparator": 14, "vs_target": 11}
_WRAPPED = ("indicator", "commentary", "group", "notes")
_LINE_PT = 12.75   # one line of 10 pt Arial


def _lines(text: str, width_chars: float) -> int:
    """How many lines wrapped text takes in a column this wide (Excel does not store it; we must)."""
    usable = max(width_chars * 1.1 - 1, 1)
    return sum(max(1, math.ceil(len(part) / usable)) for part in str(text).split("\n"))


def xlsx_bytes(table: CommitteeTable) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"title": table.title, "subject": table.caption, "author": "cpdesk",
                       "comments": table.produced_text})
    f = _Formats(wb)
    _cover(wb, table, f)
    _contents(wb, table, f)
    _notes(wb, table, f)
    _main_table(wb, table, f)
    wb.close()
    return buf.getvalue()


def write_xlsx(table: CommitteeTable, path) -> None:
    data = xlsx_bytes(table)
    with atomic_write(path, "wb") as fh:
        fh.write(data)


class _Formats:
    def __init__(self, wb):
        self.wb = wb
        self.title = wb.add_format({"bold": True, "font_size": 15, "font_name": "Arial"})
        self.heading = wb.add_format({"bold": True, "font_size": 12, "font_name": "Arial"})
        self.text = wb.add_format({"font_name": "Arial", "font_size": 10, "valign": "top"})
        self.wrap = wb.add_format({"font_name": "Arial", "font_size": 10, "text_wrap": True, "valign": "top"})
        self.header = wb.add_format({"font_name": "Arial", "font_size": 10, "bold": True, "text_wrap": True,
                                     "valign": "bottom"})
        self.header_right = wb.add_format({"font_name": "Arial", "font_size": 10, "bold": True, "text_wrap": True,
                                           "valign": "bottom", "align": "right"})
        self.shorthand = wb.add_format({"font_name": "Arial", "font_size": 10, "align": "right", "valign": "top"})
        self._numbers: dict[int, object] = {}
        self._states: dict[str, object] = {}

    def number(self, decimals: int):
        if decimals not in self._numbers:
            pattern = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
            self._numbers[decimals] = self.wb.add_format({"font_name": "Arial", "font_size": 10,
                                                          "num_format": pattern, "valign": "top"})
        return self._numbers[decimals]

    def state(self, key: str, style):
        if key not in self._states:
            spec = {"font_name": "Arial", "font_size": 10, "valign": "top"}
            if style.background:
                spec.update({"bg_color": style.background, "pattern": 1, "font_color": style.text or "#0b0c0c"})
            self._states[key] = self.wb.add_format(spec)
        return self._states[key]


def _s(ws, r, c, text, fmt=None):
    ws.write_string(r, c, str(escape_formula(str(text))), fmt)


def _cover(wb, table: CommitteeTable, f: _Formats) -> None:
    ws = wb.add_worksheet("Cover")
    lines = [
        (table.title, f.title),
        (table.caption + ".", f.wrap),
        ("This workbook contains one table, on the Table_1 sheet. The Contents sheet lists it; notes are on "
         "the Notes sheet and are referred to in the table's Notes column.", f.wrap),
        ("Judgements", f.heading),
        *[(t, f.wrap) for t in table.general_notes if not t.startswith("Shorthand")],
        ("Shorthand", f.heading),
        ("Some cells hold a shorthand instead of a number:", f.wrap),
        *[(f"[{k}] {v}", f.wrap) for k, v in SHORTHAND.items()],
        ("Source", f.heading),
        (table.source, f.wrap),
        (table.produced_text, f.wrap),
    ]
    if table.suppressed:
        lines.insert(-3, (f"Counts from 1 to {table.spec.threshold if table.spec else 5}, and figures that would "
                          "reveal them, are shown as [c].", f.wrap))
    ws.set_column(0, 0, 80)
    _print_setup(ws, landscape=False)
    for r, (text, fmt) in enumerate(lines):
        _s(ws, r, 0, text, fmt)
        if fmt is f.wrap:
            ws.set_row(r, _lines(text, 80) * _LINE_PT + 2)
    ws.activate()


def _contents(wb, table: CommitteeTable, f: _Formats) -> None:
    ws = wb.add_worksheet("Contents")
    rows = [["Notes", "Notes for the table", "[x]" if not table.notes else f"{len(table.notes)} note(s)"],
            [TABLE_SHEET, table.caption, "See the Notes column" if table.notes else "No notes"]]
    _real_table(ws, ["Sheet name", "Table title", "Notes"], rows, "Contents", f, [18, 100, 22])


def _notes(wb, table: CommitteeTable, f: _Formats) -> None:
    ws = wb.add_worksheet("Notes")
    rows = [[f"note {n.number}", n.text] for n in table.notes] or [["[x]", "There are no notes for this table."]]
    _real_table(ws, ["Note number", "Note text"], rows, "Notes", f, [14, 120])


def _print_setup(ws, landscape: bool, fit: bool = True) -> None:
    """A4; small sheets fit the page width, the wide table prints across pages at full size."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    if fit:
        ws.fit_to_pages(1, 0)


def _real_table(ws, header, rows, name, f, widths):
    _print_setup(ws, landscape=False)
    ws.repeat_rows(0)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w, f.wrap)
    ws.add_table(0, 0, len(rows), len(header) - 1, {
        "name": name, "style": "Table Style Light 1", "autofilter": False,
        "columns": [{"header": h, "header_format": f.header} for h in header]})
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            _s(ws, r, c, v, f.wrap)
        ws.set_row(r, max(_lines(v, w) for v, w in zip(row, widths)) * _LINE_PT + 2)


def _unique(headers: list[str]) -> list[str]:
    """Excel table headers must differ; a comparator named like another column gets a suffix."""
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        n = seen.get(h.lower(), 0)
        seen[h.lower()] = n + 1
        out.append(h if n == 0 else f"{h} ({n + 1})")
    return out


def _main_table(wb, table: CommitteeTable, f: _Formats) -> None:
    palette = load_palette()
    ws = wb.add_worksheet(TABLE_SHEET)
    cols = table.shown_columns(data=True)
    headers = _unique([c.header for c in cols])
    for i, c in enumerate(cols):
        ws.set_column(i, i, _WIDTHS.get(c.key, 10))
    nrows = max(len(table.rows), 1)
    ws.add_table(0, 0, nrows, len(cols) - 1, {
        "name": "Summary", "style": "Table Style Light 1",
        "columns": [{"header": str(escape_formula(h)),
                     "header_format": f.header_right if c.kind == "number" else f.header}
                    for h, c in zip(headers, cols)]})
    ws.freeze_panes(1, 1)
    _print_setup(ws, landscape=True, fit=False)
    ws.repeat_rows(0)
    ws.repeat_columns(0, 1)
    if not table.rows:
        _s(ws, 1, 0, "[x]", f.text)
    ws.set_row(0, max(_lines(h, _WIDTHS.get(c.key, 10)) for h, c in zip(headers, cols)) * _LINE_PT + 2)
    for r, row in enumerate(table.rows, start=1):
        lines = [_lines(row.cells[c.key].text, _WIDTHS.get(c.key, 10)) for c in cols
                 if c.key in _WRAPPED and c.key in row.cells]
        ws.set_row(r, max(lines or [1]) * _LINE_PT + 2)
        for i, c in enumerate(cols):
            cell = row.cells.get(c.key)
            if cell is None or (not cell.text and not cell.is_number):
                _s(ws, r, i, "[x]" if c.kind != "text" else "", f.text)
            elif cell.is_number:
                ws.write_number(r, i, round(cell.value, cell.decimals) if cell.decimals else round(cell.value),
                                f.number(cell.decimals))
            elif cell.shorthand:
                _s(ws, r, i, cell.text, f.shorthand if c.kind == "number" else f.text)
            elif cell.state:
                _s(ws, r, i, cell.text, f.state(cell.state, palette.state(cell.state)))
            else:
                _s(ws, r, i, cell.text, f.wrap if c.key in _WRAPPED else f.text)
