"""Read any spreadsheet a council might have into a :class:`Workbook` of cell grids.

xlsx, xlsm, xlsb, xls and ods are read by python-calamine (fast, native); CSV by the
standard library (see :mod:`cpdesk.importing.csv_reader`). The file's content decides
the reader, not its name (:mod:`cpdesk.importing.file_safety`), and container-level
hazards (zip bombs, encryption, truncation) are refused before parsing starts.

Whatever goes wrong, the caller gets :class:`~cpdesk.errors.UnreadableFileError` with a
plain sentence naming the file, or :class:`~cpdesk.errors.ImportCancelled`; never a raw
parser exception, and never a Rust panic (which Python sees as a ``BaseException``).
"""
from __future__ import annotations

import datetime as dt
import itertools
import os

from cpdesk.errors import CpdeskError, ImportCancelled, UnreadableFileError
from cpdesk.importing import csv_reader
from cpdesk.importing.file_safety import (
    ADVICE_DAMAGED,
    Detected,
    check_ods_extent,
    check_xlsb_extent,
    check_xlsx_extent,
    damaged_error,
    detect_format,
    extension_of,
    open_error,
    password_error,
    too_big_error,
)
from cpdesk.importing.percent_formats import (
    PERCENT_SCAN_MAX_CELLS,
    PERCENT_SCAN_MAX_XML_BYTES,
    percent_cells_by_sheet,
    worksheet_xml_bytes,
)
from cpdesk.importing.workbook import SheetData, Workbook

#: Refuse workbooks whose sheets hold more cells than this in total: past it the grids
#: need well over 1 GiB of memory (a 1,000,000 x 12 sheet, 12 million cells, peaks at 1 GiB).
MAX_CELLS = 15_000_000

#: Sheet kinds (SheetTypeEnum member names) that hold no cells.
_CELL_LESS_KINDS = ("ChartSheet", "Vba")

#: calamine's reader is chosen by extension; these share one.
_CALAMINE_READER = {"xlsx": "xlsx", "xlsm": "xlsx", "xlsb": "xlsb", "xls": "xls", "ods": "ods"}

_PASS_THROUGH = (KeyboardInterrupt, SystemExit, GeneratorExit)


def read_workbook(path, *, progress=None, cancelled=None) -> Workbook:
    """Read every sheet of a spreadsheet file.

    Parameters
    ----------
    path : str or os.PathLike
        The file. It is only ever opened for reading.
    progress : callable, optional
        ``progress(fraction, message)`` with fraction in 0..1, called as sheets are read.
    cancelled : callable, optional
        Polled between sheets (and every few thousand CSV rows); when it returns True the
        read stops with :class:`~cpdesk.errors.ImportCancelled`.

    Raises
    ------
    UnreadableFileError
        With a sentence saying what is wrong with the file and what to do about it.
    ImportCancelled
    """
    path = os.fspath(path)
    try:
        return _read(path, progress, cancelled)
    except (CpdeskError, *_PASS_THROUGH):
        raise
    except MemoryError:
        raise too_big_error(path, "there was not enough memory to hold its cells") from None
    except OSError as exc:
        if exc.errno is None:
            # the parser's own complaint dressed as an OSError ("corrupt deflate stream"), not the disk's
            raise explain_parser_error(path, exc) from None
        raise open_error(path, exc) from None
    except BaseException as exc:  # noqa: BLE001 - includes pyo3's PanicException
        raise explain_parser_error(path, exc) from None


def explain_parser_error(path: str, exc: BaseException) -> UnreadableFileError:
    """A plain sentence for an exception raised by a spreadsheet parser."""
    name = type(exc).__name__
    text = str(exc)
    if name == "PasswordError" or "password" in text.lower():
        return password_error(path)
    if "Cell limit exceeded" in text:
        return too_big_error(path, "a sheet claims more cells than any real sheet has")
    if name == "ZipError" or "zip" in text.lower() or "deflate" in text.lower():
        return damaged_error(path, "its zip container is broken or incomplete")
    if name == "XmlError":
        return damaged_error(path, "a part of the workbook is not valid XML")
    if "Cfb error" in text or "Invalid OLE" in text:
        return damaged_error(path, "its Excel 97-2003 file structure is broken")
    if name == "PanicException":
        return UnreadableFileError(path, "is damaged or unusual in a way the spreadsheet reader could not handle "
                                   "(the workbook structure could not be read).", ADVICE_DAMAGED)
    return damaged_error(path)


def _read(path: str, progress, cancelled) -> Workbook:
    _check_cancel(cancelled)
    detected = detect_format(path)
    name = os.path.basename(path)
    if progress:
        progress(0.0, f"Opening {name}")
    if detected.format == "csv":
        sheets, warnings = _read_csv(path, name, cancelled)
    else:
        sheets, warnings = _read_with_calamine(path, detected, progress, cancelled)
    hidden = [s.name for s in sheets if s.hidden]
    if hidden:
        listed = ", ".join(f"'{h}'" for h in hidden)
        warnings.append(f"{name} has {len(hidden)} hidden sheet{'s' if len(hidden) > 1 else ''} "
                        f"({listed}); {'they were' if len(hidden) > 1 else 'it was'} read as well.")
    if progress:
        progress(1.0, f"Read {len(sheets)} sheet{'s' if len(sheets) != 1 else ''} from {name}")
    return Workbook(path=path, name=name, format=detected.format, sheets=sheets,
                    warnings=detected.warnings + warnings)


def _check_cancel(cancelled) -> None:
    if cancelled is not None and cancelled():
        raise ImportCancelled("Import cancelled.")


# --- CSV --------------------------------------------------------------------------------

def _read_csv(path: str, name: str, cancelled) -> tuple[list[SheetData], list[str]]:
    with open(path, "rb") as fh:
        data = fh.read()
    text, encoding = csv_reader.decode_text(data)
    replaced = "\ufffd" in text
    # valid UTF-8 as it is on disk: pandas' parser reads the bytes without encoding the text again
    utf8 = data if encoding == "UTF-8" else data[3:] if encoding == "UTF-8 with BOM" and not replaced else None
    del data
    warnings: list[str] = []
    if replaced and encoding.startswith(("UTF", "Latin")):
        warnings.append(f"{name} has characters that are not valid {encoding}; they show as '\ufffd'.")
    delimiter, _, _ = csv_reader.sniff_delimiter(text)

    def too_many(cells: int):
        raise too_big_error(path, f"it holds more than {MAX_CELLS:,} cells")

    rows = (csv_reader.parse_columns(text, delimiter, utf8=utf8) if len(text) > csv_reader.FAST_PATH_CHARS
            else None)
    del utf8
    if rows is not None:
        _check_cancel(cancelled)
        if len(rows) * len(rows.table.columns) > MAX_CELLS:
            too_many(len(rows) * len(rows.table.columns))
        stem = os.path.splitext(name)[0] or name
        return [SheetData(name=stem, rows=rows)], warnings
    try:
        rows = csv_reader.parse_rows(text, delimiter, cancelled=cancelled, max_cells=MAX_CELLS,
                                     on_too_many=too_many)
    except csv_reader.csv.Error:
        raise UnreadableFileError(
            path, "could not be read as CSV (a quoted cell never ends, or a cell is enormous).",
            "Open it in Excel or a text editor, check the quotes, and save it again as CSV.") from None
    stem = os.path.splitext(name)[0] or name
    return [SheetData(name=stem, rows=rows)], warnings


# --- calamine ---------------------------------------------------------------------------

def _open_calamine(path: str, detected: Detected):
    from python_calamine import CalamineWorkbook

    if _CALAMINE_READER.get(extension_of(path)) == _CALAMINE_READER[detected.format]:
        return CalamineWorkbook.from_path(path)
    # Named for another format: let calamine go by content instead of the name.
    with open(path, "rb") as fh:
        return CalamineWorkbook.from_filelike(fh)


def _read_with_calamine(path: str, detected: Detected, progress, cancelled) -> tuple[list[SheetData], list[str]]:
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    cell_less = tuple(getattr(SheetTypeEnum, k) for k in _CELL_LESS_KINDS)
    extent_check = {"xlsx": check_xlsx_extent, "xlsm": check_xlsx_extent, "xlsb": check_xlsb_extent,
                    "ods": check_ods_extent}.get(detected.format)
    if extent_check is not None:
        extent_check(path, MAX_CELLS)
    wb = _open_calamine(path, detected)
    try:
        metas = [(i, m) for i, m in enumerate(wb.sheets_metadata) if m.typ not in cell_less]
        sheets: list[SheetData] = []
        warnings: list[str] = []
        failed: list[str] = []
        total_cells = 0
        for k, (index, meta) in enumerate(metas):
            _check_cancel(cancelled)
            if progress:
                progress(0.9 * k / max(len(metas), 1), f"Reading sheet '{meta.name}' ({k + 1} of {len(metas)})")
            try:
                sheet = wb.get_sheet_by_index(index)
                start = sheet.start
                height, width = sheet.height, sheet.width
                r0, c0 = start if start is not None else (0, 0)
                # Leading empty rows cost a list each, so they count against the budget too.
                total_cells += height * (width + c0) + r0
                if total_cells > MAX_CELLS:
                    raise too_big_error(path, f"its sheets hold more than {MAX_CELLS:,} cells")
                grid = sheet.to_python() if start is not None else []
                merged = sheet.merged_cell_ranges or []
            except (CpdeskError, MemoryError, *_PASS_THROUGH):
                raise
            except BaseException as exc:  # noqa: BLE001 - one bad sheet should not lose the others
                if type(exc).__name__ == "PasswordError":
                    raise password_error(path) from None
                failed.append(meta.name)
                continue
            sheets.append(SheetData(
                name=meta.name,
                rows=_place_grid(grid, r0, c0),
                hidden=meta.visible != SheetVisibleEnum.Visible,
                merged=[(a, b, c, d) for (a, b), (c, d) in merged],
            ))
        if failed and not sheets:
            raise damaged_error(path, "none of its sheets could be read")
        if failed:
            listed = ", ".join(f"'{f}'" for f in failed)
            warnings.append(f"{os.path.basename(path)}: sheet{'s' if len(failed) > 1 else ''} {listed} "
                            "could not be read (damaged) and {} left out.".format(
                                "were" if len(failed) > 1 else "was"))
    finally:
        try:
            wb.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass

    if detected.format in ("xlsx", "xlsm") and sheets:
        warnings += _add_percent_cells(path, sheets, total_cells, cancelled)
    return sheets, warnings


def _place_grid(grid: list[list[object]], r0: int, c0: int) -> list[list[object]]:
    """Put calamine's data area back at its true A1 position, tidying odd cell types."""
    odd = {dt.time, dt.timedelta}
    # One C-level pass over every cell's type: most sheets hold no times, and then no row is
    # touched (a row at a time, the test cost a 100,000-row sheet about 0.06 s).
    if not odd.isdisjoint(map(type, itertools.chain.from_iterable(grid))):
        grid = [[_time_text(v) if type(v) in odd else v for v in row] if not odd.isdisjoint(map(type, row)) else row
                for row in grid]
    if not r0 and not c0:
        return grid
    pad = [""] * c0
    return [[] for _ in range(r0)] + ([pad + row for row in grid] if c0 else grid)


def _time_text(v) -> str:
    if isinstance(v, dt.time):
        return v.isoformat(timespec="seconds" if not v.microsecond else "auto")
    total = int(v.total_seconds())
    sign = "-" if total < 0 else ""
    h, rem = divmod(abs(total), 3600)
    return f"{sign}{h}:{rem // 60:02d}:{rem % 60:02d}"


def _add_percent_cells(path: str, sheets: list[SheetData], total_cells: int, cancelled) -> list[str]:
    name = os.path.basename(path)
    try:
        if total_cells >= PERCENT_SCAN_MAX_CELLS or worksheet_xml_bytes(path) >= PERCENT_SCAN_MAX_XML_BYTES:
            return [f"{name} is large, so its number formats were not checked: cells shown as "
                    "percentages (such as 4.9%) may appear as fractions (0.049)."]
        found = percent_cells_by_sheet(path, [s.name for s in sheets], cancelled)
    except (MemoryError, *_PASS_THROUGH):
        raise
    except BaseException:  # noqa: BLE001 - formats are a refinement; the values are already read
        return [f"{name}: cell number formats could not be read, so cells shown as percentages "
                "(such as 4.9%) may appear as fractions (0.049)."]
    _check_cancel(cancelled)
    for sheet in sheets:
        sheet.percent_cells = found.get(sheet.name, frozenset())
    return []
