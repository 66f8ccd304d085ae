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
    except (ValueError, EOFError, NotImplementedError, RuntimeError, struct.error, UnicodeDecodeError):
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


# --- how far the cells of an xlsx reach ------------------------------------------------

#: calamine allocates a sheet's whole bounding box of cells at once, so one stray entry
#: at XFD1048576 beside data at A1 asks for 17 billion cells and aborts the process. The
#: sheet XML is scanned first for the references of cells that hold something
#: (``<c .../>`` and ``<c ...></c>`` are formatting only and calamine ignores them).
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]+)"[^>]*?(/?)>(\s*</(?:\w+:)?c>)?')
_SCAN_CHUNK = 16 << 20
ADVICE_STRAY_CELLS = ("In Excel press Ctrl+End on each sheet to find a stray entry far from the data, "
                      "delete the empty rows and columns between, save, and import again.")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _scan_parts(path: str):
    """Yield (part name, chunks) for each worksheet XML part; chunks end at a tag start."""
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            name = info.filename.replace("\\", "/").lower()
            if "worksheets/" not in name or not name.endswith(".xml"):
                continue

            def chunks(info=info):
                tail = b""
                with zf.open(info) as fh:
                    while True:
                        chunk = fh.read(_SCAN_CHUNK)
                        data = tail + chunk
                        cut = data.rfind(b"<") if chunk else len(data)
                        if cut <= 0:
                            cut = len(data)
                        yield data[:cut]
                        tail = data[cut:]
                        if not chunk:
                            return

            yield info.filename, chunks()


def xlsx_cell_extents(path: str) -> list[tuple[str, int, int]]:
    """For each worksheet part of an xlsx/xlsm: (part name, rows, columns) of the bounding
    box of its cell references (exact, but creates an object per cell: the slow path)."""
    extents = []
    for part, chunks in _scan_parts(path):
        letters: set[bytes] = set()
        r0, r1 = 1 << 62, -1
        for data in chunks:
            found = [(c, r) for c, r, closed, empty in _CELL_REF.findall(data) if not (closed or empty)]
            if found:
                letters.update(c for c, _ in found)
                rows = [int(r) for _, r in found]
                r0, r1 = min(r0, min(rows)), max(r1, max(rows))
        if letters:
            cols = [_column_number(c) for c in letters]
            extents.append((part, r1 - r0 + 1, max(cols) - min(cols) + 1))
    return extents


#: Worksheet XML up to this size is always scanned cell by cell (about 0.2 s per 10 MiB);
#: beyond it, a <dimension> that Excel and other writers keep accurate is trusted when it
#: is small enough, and the exact scan runs only when it is missing or too large.
EXACT_SCAN_MAX_XML_BYTES = 16 << 20
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})([0-9]+)(?::([A-Z]{1,3})([0-9]+))?"')


def _dimension_cells(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int | None:
    with zf.open(info) as fh:
        head = fh.read(64 << 10)
    m = _DIMENSION.search(head)
    if not m:
        return None
    c0, r0 = _column_number(m.group(1)), int(m.group(2))
    c1, r1 = (_column_number(m.group(3)), int(m.group(4))) if m.group(3) else (c0, r0)
    return (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)


def check_xlsx_extent(path: str, max_cells: int) -> None:
    """Refuse an xlsx whose cells span more than ``max_cells`` before calamine allocates them."""
    with zipfile.ZipFile(path) as zf:
        parts = [i for i in zf.infolist() if "worksheets/" in i.filename.replace("\\", "/").lower()
                 and i.filename.lower().endswith(".xml")]
        if sum(i.file_size for i in parts) > EXACT_SCAN_MAX_XML_BYTES:
            claimed = [_dimension_cells(zf, i) for i in parts]
            if None not in claimed and sum(claimed) <= max_cells:
                return
    total = 0
    for _, rows, cols in xlsx_cell_extents(path):
        total += rows * cols
        if total > max_cells:
            raise UnreadableFileError(
                path, f"is too large to read safely (a sheet's entries span {rows:,} rows by {cols:,} columns).",
                ADVICE_STRAY_CELLS)


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
