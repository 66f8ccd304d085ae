"""What a file really is, and whether it is safe to hand to a spreadsheet parser.

A file's name is a hint; its first bytes decide. Zip-based workbooks (xlsx, xlsm, xlsb,
ods) have their zip directory checked before anything is decompressed, so a zip bomb or
a torn download is refused up front. OLE compound files (xls, and encrypted xlsx/xlsb
posing as OLE) have their stream names read with a small bounded parser, which is how a
password-protected workbook is recognised.

Everything here only reads the file; nothing writes to it.
"""
from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

from cpdesk.errors import UnreadableFileError

#: Refuse zip-based files whose parts unpack to more than this in total.
MAX_UNCOMPRESSED_BYTES = 1 << 30
#: Refuse a zip part that unpacks to more than this many times its packed size, once it
#: is big enough to matter. Real sheet XML packs 5-40x; zip bombs pack hundreds to millions.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM_BYTES = 16 << 20
#: Real workbooks have tens to a few thousand parts.
MAX_ZIP_ENTRIES = 50_000
#: CSV and other text files bigger than this are refused (their cells are held as Python text).
MAX_TEXT_BYTES = 512 << 20

SPREADSHEET_EXTENSIONS = ("xlsx", "xlsm", "xlsb", "xls", "ods")
TEXT_EXTENSIONS = ("csv", "tsv", "txt", "tab")

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

ADVICE_FORMATS = ("Choose an Excel workbook (.xlsx, .xlsm, .xlsb or .xls), an OpenDocument "
                  "spreadsheet (.ods) or a CSV file.")
ADVICE_DAMAGED = ("Open it in Excel or LibreOffice, which can often repair a damaged file, "
                  "and save a copy as .xlsx to import.")
ADVICE_PASSWORD = ("Open it in Excel and remove the password (File › Info › Protect Workbook › "
                   "Encrypt with Password, clear the password), or in LibreOffice use File › Save As "
                   "with 'Save with password' unticked, then import the saved copy.")
ADVICE_TOO_BIG = ("Save just the sheets you need into a smaller workbook, or save the data as CSV, "
                  "and import that.")

FORMAT_NAMES = {
    "xlsx": "an Excel workbook (.xlsx)",
    "xlsm": "a macro-enabled Excel workbook (.xlsm)",
    "xlsb": "a binary Excel workbook (.xlsb)",
    "xls": "an Excel 97-2003 workbook (.xls)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "csv": "a CSV text file",
}


@dataclass
class Detected:
    """What a file was found to be.

    ``format`` is one of the reader formats; ``warnings`` holds plain sentences worth
    showing (for example when the name and the content disagree).
    """

    format: str
    warnings: list[str] = field(default_factory=list)
    #: the name's extension agrees with the content, so parsers may go by the name
    extension_matches: bool = True


def extension_of(path: str) -> str:
    return os.path.splitext(path)[1].lower().lstrip(".")


def password_error(path: str) -> UnreadableFileError:
    return UnreadableFileError(path, "is password-protected, so cpdesk cannot read it.", ADVICE_PASSWORD)


def damaged_error(path: str, what: str = "the workbook structure could not be read") -> UnreadableFileError:
    return UnreadableFileError(path, f"is damaged ({what}).", ADVICE_DAMAGED)


def not_spreadsheet_error(path: str, looks_like: str) -> UnreadableFileError:
    return UnreadableFileError(path, f"is not a spreadsheet cpdesk can read (it looks like {looks_like}).",
                               ADVICE_FORMATS)


def too_big_error(path: str, why: str) -> UnreadableFileError:
    return UnreadableFileError(path, f"is too large to read safely ({why}).", ADVICE_TOO_BIG)


def open_error(path: str, exc: OSError) -> UnreadableFileError:
    """Turn an error from opening or reading a file into a plain sentence."""
    if isinstance(exc, FileNotFoundError):
        return UnreadableFileError(path, "does not exist.", "Check the file name and the folder it is in.")
    if isinstance(exc, IsADirectoryError):
        return UnreadableFileError(path, "is a folder, not a file.", "Choose a spreadsheet file inside it.")
    if isinstance(exc, PermissionError):
        return UnreadableFileError(
            path, "cannot be opened: permission denied.",
            "Check that you have access to it and that no other program has it locked "
            "(close it in Excel), or copy it to your own folder first.")
    return UnreadableFileError(path, "could not be read from the disk.",
                               "Check the drive or network folder is available, or copy the file "
                               "to your own computer first.")


def detect_format(path: str) -> Detected:
    """Decide what reader a file needs, from its content.

    Raises
    ------
    UnreadableFileError
        The file is missing, empty, unreadable, not a spreadsheet, password-protected,
        damaged at the container level, or a zip bomb.
    """
    try:
        if os.path.isdir(path):
            raise IsADirectoryError(path)
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise open_error(path, exc) from None
    if size == 0 or not head:
        raise UnreadableFileError(path, "is empty (0 bytes).",
                                  "It may not have finished saving or copying; save or copy it again.")
    ext = extension_of(path)

    if head.startswith(ZIP_MAGICS):
        fmt = _zip_format(path)
    elif head.startswith(OLE_MAGIC):
        fmt = _ole_format(path)
    else:
        fmt = _text_or_other_format(path, head, ext, size)

    detected = Detected(fmt, extension_matches=(ext == fmt))
    expected = {"tsv": "csv", "txt": "csv", "tab": "csv"}.get(ext, ext)
    same_family = {fmt, expected} <= {"xlsx", "xlsm"}
    if expected != fmt and not same_family and (expected in SPREADSHEET_EXTENSIONS or expected == "csv"):
        detected.warnings.append(
            f"{os.path.basename(path)} is named .{ext} but is really {FORMAT_NAMES[fmt]}; "
            "it was read as that.")
    return detected


# --- zip-based workbooks ---------------------------------------------------------------

def _zip_format(path: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            check_zip_directory(path, infos)
            names = {i.filename for i in infos}
            # Some writers store Windows separators in part names.
            lower = {n.replace("\\", "/").lower() for n in names}
            if "mimetype" in names or "content.xml" in names:
                return _ods_checks(path, zf, names)
            if "word/document.xml" in lower:
                raise not_spreadsheet_error(path, "a Word document")
            if "ppt/presentation.xml" in lower:
                raise not_spreadsheet_error(path, "a PowerPoint presentation")
            content_types = _read_small(zf, "[Content_Types].xml") if "[Content_Types].xml" in names else b""
            if b"sheet.binary" in content_types or any(n.endswith("workbook.bin") for n in lower):
                return "xlsb"
            if (b"spreadsheetml" in content_types or b"ms-excel" in content_types
                    or any(n.rsplit("/", 1)[-1] == "workbook.xml" for n in lower)):
                if b"macroenabled" in content_types.lower() or any(n.endswith("vbaproject.bin") for n in lower):
                    return "xlsm"
                return "xlsx"
            if "[content_types].xml" in lower:
                raise not_spreadsheet_error(path, "an Office document that is not a workbook")
            raise not_spreadsheet_error(path, "a zip archive of other files")
    except zipfile.BadZipFile:
        raise damaged_error(path, "its zip container is broken or incomplete") from None
    except UnreadableFileError:
        raise
    except OSError as exc:
        raise open_error(path, exc) from None
    except (ValueError, EOFError, NotImplementedError, RuntimeError, struct.error, UnicodeDecodeError, zlib.error):
        # zlib.error: a part whose compressed bytes are damaged while the zip's directory is sound.
        raise damaged_error(path, "its zip container is broken or incomplete") from None


def check_zip_directory(path: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip whose directory promises too much, before anything is unpacked."""
    if len(infos) > MAX_ZIP_ENTRIES:
        raise too_big_error(path, f"it holds {len(infos):,} parts")
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise too_big_error(path, f"its parts unpack to more than {human_size(MAX_UNCOMPRESSED_BYTES)}")
        if info.file_size >= RATIO_CHECK_FROM_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                raise UnreadableFileError(
                    path, f"looks like a zip bomb (a part packed {ratio:,.0f} times smaller than it unpacks), "
                    "so cpdesk will not open it.",
                    "If you trust where it came from, open it in Excel and save a fresh copy.")


def human_size(n: int) -> str:
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            text = f"{n / (1 << shift):,.1f}"
            return f"{text.removesuffix('.0')} {unit}"
    return f"{n:,} bytes"


def _read_small(zf: zipfile.ZipFile, name: str, limit: int = 1 << 20) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > limit:
        return b""
    with zf.open(info) as fh:
        return fh.read(limit + 1)[:limit]


def _ods_checks(path: str, zf: zipfile.ZipFile, names: set[str]) -> str:
    mimetype = _read_small(zf, "mimetype", 200).strip() if "mimetype" in names else b""
    if mimetype and b"spreadsheet" not in mimetype:
        kind = "a text document" if b"text" in mimetype else (
            "a presentation" if b"presentation" in mimetype else "an OpenDocument file that is not a spreadsheet")
        raise not_spreadsheet_error(path, kind)
    if "META-INF/manifest.xml" in names and b"encryption-data" in _read_small(zf, "META-INF/manifest.xml"):
        raise password_error(path)
    if "content.xml" not in names:
        raise damaged_error(path, "the spreadsheet content is missing")
    return "ods"


# --- how far the cells of a workbook reach -----------------------------------------------

#: calamine allocates a sheet's whole bounding box of cells at once, so one stray entry
#: at XFD1048576 beside data at A1 asks for 17 billion cells. These checks look at what a
#: file declares and, where that is cheap, at every cell reference, so that most such
#: files are refused in milliseconds; a lie in a big sheet is left to the reading worker's
#: memory ceiling (:mod:`cpdesk.importing.guarded`), under which the parse fails at once.
#: References of any width count (``AAAA8`` is past Excel's last column and refused).
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Za-z]+)([0-9]+)"[^>]*?(/?)>(\s*</(?:\w+:)?c>)?')
ADVICE_STRAY_CELLS = ("In Excel press Ctrl+End on each sheet to find a stray entry far from the data, "
                      "delete the empty rows and columns between, save, and import again.")
#: A sheet part up to this size (a few thousand cells) has every cell reference scanned;
#: a bigger one is taken at its declared size when it declares one within the limit.
EXACT_SCAN_PART_BYTES = 64 << 10
#: xlsb records are walked in Python, so the exact scan stops sooner.
EXACT_SCAN_XLSB_PART_BYTES = 256 << 10
EXACT_SCAN_ODS_BYTES = 4 << 20
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Za-z]+)([0-9]+)(?::([A-Za-z]+)([0-9]+))?"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _sheet_parts(zf: zipfile.ZipFile, suffix: str) -> list[zipfile.ZipInfo]:
    return [i for i in zf.infolist() if "worksheets/" in i.filename.replace("\\", "/").lower()
            and i.filename.lower().endswith(suffix)]


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, size: int = 4 << 20):
    """The part's bytes in pieces that end just before a tag starts."""
    tail = b""
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(size)
            data = tail + chunk
            cut = data.rfind(b"<") if chunk else len(data)
            if cut <= 0:
                cut = len(data)
            yield data[:cut]
            tail = data[cut:]
            if not chunk:
                return


def _xml_cell_box(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """(rows, columns) of the bounding box of the cells that hold something in one sheet part."""
    c_lo, c_hi, r_lo, r_hi = 1 << 62, -1, 1 << 62, -1
    for data in _chunks(zf, info):
        found = [(c, r) for c, r, closed, empty in _CELL_REF.findall(data) if not (closed or empty)]
        if found:
            cols = [_column_number(c) for c in {c for c, _ in found}]
            rows = [int(r) for _, r in found]
            c_lo, c_hi = min(c_lo, min(cols)), max(c_hi, max(cols))
            r_lo, r_hi = min(r_lo, min(rows)), max(r_hi, max(rows))
    return (r_hi - r_lo + 1, c_hi - c_lo + 1) if r_hi >= 0 else (0, 0)


def _declared_box(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int] | None:
    with zf.open(info) as fh:
        head = fh.read(64 << 10)
    m = _DIMENSION.search(head)
    if not m:
        return None
    c0, r0 = _column_number(m.group(1)), int(m.group(2))
    c1, r1 = (_column_number(m.group(3)), int(m.group(4))) if m.group(3) else (c0, r0)
    return abs(r1 - r0) + 1, abs(c1 - c0) + 1


def _refuse_extent(path: str, rows: int, cols: int) -> UnreadableFileError:
    return UnreadableFileError(
        path, f"is too large to read safely (a sheet's entries span {rows:,} rows by {cols:,} columns).",
        ADVICE_STRAY_CELLS)


def check_xlsx_extent(path: str, max_cells: int) -> None:
    """Refuse an xlsx whose cells span more than ``max_cells`` before calamine allocates them.

    Small sheet parts are scanned cell by cell; a big one is taken at its declared
    ``<dimension>`` when that is within the limit (Excel and other writers keep it
    accurate), and scanned otherwise.
    """
    total = 0
    with zipfile.ZipFile(path) as zf:
        check_shared_strings(path, zf)
        for info in _sheet_parts(zf, ".xml"):
            box = _declared_box(zf, info) if info.file_size > EXACT_SCAN_PART_BYTES else None
            if box is None or total + box[0] * box[1] > max_cells:
                box = _xml_cell_box(zf, info)
            total += box[0] * box[1]
            if total > max_cells:
                raise _refuse_extent(path, *box)


#: ``uniqueCount`` is the number of entries (``count`` counts the cells that use them, and may be far more).
_SST_COUNT = re.compile(rb'<(?:\w+:)?sst\b[^>]*?\buniqueCount="([0-9]+)"')
#: The smallest shared string an XML writer can write, ``<si><t/></si>``, takes this many bytes.
_MIN_SHARED_STRING_BYTES = 13


def check_shared_strings(path: str, zf: zipfile.ZipFile) -> None:
    """Refuse a shared-strings table that claims more entries than its size can hold
    (a reader that believes the claim reserves memory for billions of strings)."""
    for info in zf.infolist():
        if not info.filename.lower().endswith("sharedstrings.xml"):
            continue
        with zf.open(info) as fh:
            head = fh.read(4096)
        for m in _SST_COUNT.finditer(head):
            claimed = int(m.group(1))
            if claimed > info.file_size // _MIN_SHARED_STRING_BYTES + 16:
                raise damaged_error(path, f"its table of shared text claims {claimed:,} entries, "
                                          f"more than its {human_size(info.file_size)} can hold")


# xlsb (BIFF12) records: a type and a size, each a little-endian base-128 number.
_XLSB_ROW, _XLSB_DIMENSION = 0, 148
#: Records that hold a cell value (BrtCellRk ... BrtFmlaError, BrtCellRString); BrtCellBlank (1) is formatting only.
_XLSB_CELLS = frozenset(range(2, 12)) | {62}


def _xlsb_records(data: bytes):
    """Yield (type, payload offset, size) of each record; stops at a record that runs past the end."""
    pos, n = 0, len(data)
    while pos < n:
        rtype = data[pos]
        pos += 1
        if rtype & 0x80:
            if pos >= n:
                return
            rtype = (rtype & 0x7F) | ((data[pos] & 0x7F) << 7)
            pos += 1
        size, shift = 0, 0
        for _ in range(4):
            if pos >= n:
                return
            b = data[pos]
            pos += 1
            size |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        if pos + size > n:
            return
        yield rtype, pos, size
        pos += size


def _xlsb_box(data: bytes, declared_only: bool) -> tuple[int, int] | None:
    row = 0
    r_lo, r_hi, c_lo, c_hi = 1 << 62, -1, 1 << 62, -1
    unpack = struct.unpack_from
    for rtype, off, size in _xlsb_records(data):
        if rtype == _XLSB_DIMENSION and size >= 16:
            rw0, rw1, c0, c1 = unpack("<4I", data, off)
            if declared_only:
                return abs(rw1 - rw0) + 1, abs(c1 - c0) + 1
        elif rtype == _XLSB_ROW and size >= 4:
            row = unpack("<I", data, off)[0]
        elif rtype in _XLSB_CELLS and size >= 4:
            col = unpack("<I", data, off)[0]
            r_lo, r_hi = min(r_lo, row), max(r_hi, row)
            c_lo, c_hi = min(c_lo, col), max(c_hi, col)
    if declared_only:
        return None
    return (r_hi - r_lo + 1, c_hi - c_lo + 1) if r_hi >= 0 else (0, 0)


def check_xlsb_extent(path: str, max_cells: int) -> None:
    """As :func:`check_xlsx_extent`, for the binary records of an xlsb."""
    total = 0
    with zipfile.ZipFile(path) as zf:
        for info in _sheet_parts(zf, ".bin"):
            if info.file_size > EXACT_SCAN_XLSB_PART_BYTES:
                with zf.open(info) as fh:
                    box = _xlsb_box(fh.read(64 << 10), declared_only=True)
                if box is not None and total + box[0] * box[1] <= max_cells:
                    total += box[0] * box[1]
                    continue
                if info.file_size > MAX_XLSB_SCAN_BYTES:
                    continue                     # left to the worker's memory ceiling
            box = _xlsb_box(zf.read(info), declared_only=False)
            total += box[0] * box[1]
            if total > max_cells:
                raise _refuse_extent(path, *box)


#: An xlsb sheet part bigger than this with no usable declared size is not walked in Python.
MAX_XLSB_SCAN_BYTES = 64 << 20

_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*?)(/?)>")
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/?)>")
_ODS_ROWS_REPEATED = re.compile(rb'number-rows-repeated="([0-9]+)"')
_ODS_COLS_REPEATED = re.compile(rb'number-columns-repeated="([0-9]+)"')
_ODS_TABLE = re.compile(rb"<table:table\b")


def check_ods_extent(path: str, max_cells: int) -> None:
    """Refuse an ods whose repeated rows and cells of content spread over more than ``max_cells``
    (LibreOffice writes one element with ``number-rows-repeated`` for many identical rows;
    empty repeated rows and cells at the end of a sheet are normal and not counted)."""
    with zipfile.ZipFile(path) as zf:
        try:
            info = zf.getinfo("content.xml")
        except KeyError:
            return
        if info.file_size > EXACT_SCAN_ODS_BYTES:
            return                               # left to the worker's memory ceiling
        content = zf.read(info)
    total = 0
    for table in _ODS_TABLE.split(content)[1:]:
        height = width = row = 0
        rows = _ODS_ROW.split(table)
        # split() with two groups gives [before, attrs, closed, body, attrs, closed, body, ...]
        for k in range(1, len(rows) - 2, 3):
            attrs, closed, body = rows[k], rows[k + 1], rows[k + 2]
            m = _ODS_ROWS_REPEATED.search(attrs)
            repeat = int(m.group(1)) if m else 1
            row += repeat
            if closed:
                continue
            col = last = 0
            cells = _ODS_CELL.split(body.split(b"</table:table-row>", 1)[0])
            for j in range(1, len(cells) - 1, 3):
                c_attrs, c_closed = cells[j], cells[j + 1]
                m = _ODS_COLS_REPEATED.search(c_attrs)
                col += int(m.group(1)) if m else 1
                if not c_closed or b"value-type" in c_attrs:
                    last = col
            if last:
                height, width = row, max(width, last)
        total += height * width
        if total > max_cells:
            raise too_big_error(path, "a sheet claims more cells than any real sheet has")


# --- OLE compound files (xls, encrypted xlsx/xlsb) ---------------------------------------

def _ole_format(path: str) -> str:
    try:
        names = ole_stream_names(path)
    except OSError as exc:
        raise open_error(path, exc) from None
    if names is None:  # directory unreadable here; let the xls parser have its say
        return "xls"
    lower = {n.lower() for n in names}
    if {"encryptedpackage", "encryptioninfo"} & lower:
        raise password_error(path)
    if {"workbook", "book"} & lower:
        return "xls"
    if "worddocument" in lower:
        raise not_spreadsheet_error(path, "a Word 97-2003 document")
    if "powerpoint document" in lower:
        raise not_spreadsheet_error(path, "a PowerPoint 97-2003 presentation")
    if "__substg1.0_0037001f" in lower or "__properties_version1.0" in lower:
        raise not_spreadsheet_error(path, "an Outlook message")
    return "xls"


_FREESECT, _ENDOFCHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_MAX_SECTORS_FOLLOWED = 200_000


def ole_stream_names(path: str) -> list[str] | None:
    """The names of the entries in an OLE compound file's directory.

    A deliberately small reader of the compound file header, FAT and directory chain,
    with every loop bounded. Returns None when the structure does not make sense.
    """
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        fh.seek(0)
        header = fh.read(512)
        if len(header) < 512 or not header.startswith(OLE_MAGIC):
            return None
        shift = struct.unpack_from("<H", header, 0x1E)[0]
        if shift not in (9, 12):
            return None
        sector = 1 << shift
        n_fat = struct.unpack_from("<I", header, 0x2C)[0]
        dir_start = struct.unpack_from("<I", header, 0x30)[0]
        difat_start, n_difat = struct.unpack_from("<II", header, 0x44)
        n_sectors = max(0, (size - sector) // sector + 1)
        if n_fat > n_sectors:
            return None

        def read_sector(i: int) -> bytes | None:
            if i >= n_sectors:
                return None
            fh.seek((i + 1) * sector)
            data = fh.read(sector)
            return data if len(data) == sector else None

        fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < n_sectors][:n_fat]
        nxt, seen = difat_start, 0
        while len(fat_sectors) < n_fat and nxt < n_sectors and seen < n_difat and seen < _MAX_SECTORS_FOLLOWED:
            block = read_sector(nxt)
            if block is None:
                return None
            entries = struct.unpack(f"<{sector // 4}I", block)
            fat_sectors.extend(s for s in entries[:-1] if s < n_sectors)
            nxt, seen = entries[-1], seen + 1
        fat: list[int] = []
        for s in fat_sectors[:n_fat]:
            block = read_sector(s)
            if block is None:
                return None
            fat.extend(struct.unpack(f"<{sector // 4}I", block))

        names: list[str] = []
        cur, visited = dir_start, set()
        while cur not in (_ENDOFCHAIN, _FREESECT) and cur not in visited and len(visited) < _MAX_SECTORS_FOLLOWED:
            visited.add(cur)
            block = read_sector(cur)
            if block is None:
                return None
            for off in range(0, sector, 128):
                entry = block[off:off + 128]
                name_len = struct.unpack_from("<H", entry, 0x40)[0]
                kind = entry[0x42]
                if kind == 0 or not 2 <= name_len <= 64:
                    continue
                names.append(entry[:name_len - 2].decode("utf-16-le", "replace"))
            cur = fat[cur] if cur < len(fat) else _ENDOFCHAIN
        return names or None


# --- text and everything else -----------------------------------------------------------

_BINARY_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
    (b"SQLite format 3", "a database file"),
    (b"MZ", "a program"),
)


def _text_or_other_format(path: str, head: bytes, ext: str, size: int) -> str:
    for magic, what in _BINARY_SIGNATURES:
        if head.startswith(magic):
            raise not_spreadsheet_error(path, what)
    if not looks_like_text(head):
        raise not_spreadsheet_error(path, "a binary file of an unknown kind")
    sample = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n").lower()
    if sample.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in sample:
            raise UnreadableFileError(
                path, "is an Excel 2003 XML spreadsheet, which cpdesk cannot read.",
                "Open it in Excel or LibreOffice and save a copy as .xlsx to import.")
        if "<html" in sample or "<!doctype html" in sample or "<table" in sample:
            raise UnreadableFileError(
                path, "is not a spreadsheet cpdesk can read (it is a web page, as some reporting systems "
                "export under a spreadsheet name).",
                "Open it in Excel and save a copy as .xlsx to import.")
        raise not_spreadsheet_error(path, "an XML file")
    if size > MAX_TEXT_BYTES:
        raise too_big_error(path, f"a text file of {human_size(size)}")
    if ext in TEXT_EXTENSIONS or ext not in SPREADSHEET_EXTENSIONS:
        return "csv"
    # Some reporting systems save tab- or comma-separated text under an .xls name.
    from cpdesk.importing.csv_reader import looks_delimited

    if looks_delimited(head):
        return "csv"
    raise not_spreadsheet_error(path, "a text file")


def looks_like_text(head: bytes) -> bool:
    """True when the first bytes read as text (UTF-8, UTF-16 with a byte order mark, or cp1252)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(head) // 100
