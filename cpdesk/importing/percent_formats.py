"""Which numeric cells an xlsx/xlsm workbook shows as percentages.

calamine gives values but not number formats, so for workbooks small enough to afford
it openpyxl (read-only) is asked for the cells whose format shows a percentage: 0.049
formatted ``0.0%`` is 4.9% to the reader of the paper. Bigger workbooks skip this step,
which would otherwise be the slow part of reading them.
"""
from __future__ import annotations

import re
import time
import warnings
import zipfile

#: Scan number formats only when the sheets hold fewer cells than this in total.
PERCENT_SCAN_MAX_CELLS = 200_000
#: ... and their worksheet XML unpacks to less than this (styled empty cells cost time too).
PERCENT_SCAN_MAX_XML_BYTES = 24 << 20
#: Give up (and say so) if the scan takes longer than this many seconds all the same.
PERCENT_SCAN_TIME_BUDGET = 3.0


class PercentScanTooSlow(Exception):
    pass

_QUOTED = re.compile(r'"[^"]*"|\\.')


def is_percent_format(number_format: str | None) -> bool:
    """True when a number format scales by 100 and shows '%' (a quoted or escaped '%' does not)."""
    if not number_format or "%" not in number_format:
        return False
    return "%" in _QUOTED.sub("", number_format)


def worksheet_xml_bytes(path: str) -> int:
    with zipfile.ZipFile(path) as zf:
        return sum(i.file_size for i in zf.infolist()
                   if i.filename.lower().startswith("xl/worksheets/") and i.filename.lower().endswith(".xml"))


def percent_cells_by_sheet(path: str, sheet_names: list[str], cancelled=None) -> dict[str, frozenset]:
    """Zero-based (row, col) of numeric percent-formatted cells, per sheet name.

    Raises whatever openpyxl raises, or PercentScanTooSlow past the time budget; the
    caller treats a failure here as "no formats known".
    """
    import openpyxl

    deadline = time.monotonic() + PERCENT_SCAN_TIME_BUDGET
    wanted = set(sheet_names)
    found: dict[str, frozenset] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
        try:
            for ws in wb.worksheets:
                if ws.title not in wanted:
                    continue
                if cancelled is not None and cancelled():
                    break
                # The stored dimension can claim A1:XFD1048576; iterating that would pad
                # every row to 16,384 cells. Forget it and walk only the cells present.
                ws.reset_dimensions()
                cells = set()
                known: dict[str, bool] = {}
                for row in ws.iter_rows():
                    if time.monotonic() > deadline:
                        raise PercentScanTooSlow()
                    for cell in row:
                        value = cell.value
                        if value is None or cell.data_type != "n" or isinstance(value, bool):
                            continue
                        fmt = cell.number_format
                        pct = known.get(fmt)
                        if pct is None:
                            pct = known[fmt] = is_percent_format(fmt)
                        if pct:
                            cells.add((cell.row - 1, cell.column - 1))
                found[ws.title] = frozenset(cells)
        finally:
            wb.close()
    return found
