"""CSV and other delimited text, as Excel and reporting systems write it.

Encodings: UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark
(Excel's "Unicode text"), else Windows-1252 (Excel's "CSV" on Western Windows).
Delimiters: comma, semicolon or tab, chosen by which one splits the first lines most
consistently. Cells stay text except clean numbers ("12", "-9.5", "1e3"), which become
floats; "9.1%", "1,084" and "TBC" stay text for cpdesk.values to interpret.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Sequence

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_SNIFF_CHARS = 64 * 1024
_SNIFF_LINES = 50
_CHECK_EVERY_ROWS = 5_000

_CLEAN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?").fullmatch
_NUMBER_START = frozenset("+-.0123456789 ")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; returns (text, name of the encoding used)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), "UTF-8 with BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        # cp1252 leaves five byte values undefined; Latin-1 maps every byte.
        return data.decode("latin-1"), "Latin-1"


def sniff_delimiter(text: str) -> tuple[str, float, int]:
    """Pick the delimiter that splits the first lines into the most consistent rows.

    Returns
    -------
    (delimiter, consistency, fields)
        ``consistency`` is the share of sampled lines having the most common field count
        (counting only splits into two or more fields); ``fields`` is that count.
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    lines = [ln for ln in sample.splitlines() if ln.strip()][:_SNIFF_LINES]
    best = (",", 0.0, 1)
    if not lines:
        return best
    for delim in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        fields, freq = Counter(multi).most_common(1)[0]
        consistency = freq / len(counts)
        if (consistency, fields) > best[1:]:
            best = (delim, consistency, fields)
    return best


def looks_delimited(head: bytes) -> bool:
    """True when the start of a file reads as a table of delimited text."""
    text, _ = decode_text(head)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) < 2:
        return False
    _, consistency, fields = sniff_delimiter(text)
    return fields >= 2 and consistency >= 0.6


def convert_cell(text: str) -> object:
    """A clean number becomes a float; everything else stays as it was written."""
    if text and text[0] in _NUMBER_START:
        stripped = text.strip()
        if stripped and _CLEAN_NUMBER(stripped):
            return float(stripped)
    return text


def parse_rows(text: str, delimiter: str, *, cancelled=None, max_cells: int | None = None,
               on_too_many=None) -> list[list[object]]:
    """Split decoded text into rows of cells.

    ``cancelled`` is polled every few thousand rows; ``on_too_many(cells)`` is called (and
    must raise) once more than ``max_cells`` cells have been read.
    """
    rows: list[list[object]] = []
    cells = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for i, row in enumerate(reader):
        rows.append([convert_cell(c) for c in row])
        cells += len(row)
        if i % _CHECK_EVERY_ROWS == 0:
            if cancelled is not None and cancelled():
                from cpdesk.errors import ImportCancelled

                raise ImportCancelled("Import cancelled.")
            if max_cells is not None and cells > max_cells and on_too_many is not None:
                on_too_many(cells)
    if max_cells is not None and cells > max_cells and on_too_many is not None:
        on_too_many(cells)
    # Trailing blank lines carry nothing; a table finder should not see them as rows.
    while rows and not any(c != "" for c in rows[-1]):
        rows.pop()
    return rows


#: Text longer than this is split by pandas' C parser into columns (a million-row CSV in a
#: second or two instead of ten); shorter text, or text that parser cannot split into even
#: columns, goes through :func:`parse_rows`.
FAST_PATH_CHARS = 4 << 20


class FrameRows(Sequence):
    """The rows of a big CSV, held as columns of text and made into row lists only when asked.

    Behaves as the list :func:`parse_rows` gives (``rows[i]``, slices, ``len``, iteration);
    ``frame(width)`` gives the columns at once to readers that work column by column (tidy
    lists), with cells as written (text, None past the end of a short row).
    """

    def __init__(self, table):
        self.table = table
        self._columns = [table[c].to_numpy(dtype=object) for c in table.columns]

    def __len__(self) -> int:
        return len(self.table)

    def _row(self, i: int) -> list[object]:
        row = [v for v in (col[i] for col in self._columns) if isinstance(v, str)]
        return [convert_cell(v) for v in row]

    def __getitem__(self, k):
        if isinstance(k, slice):
            start, stop, step = k.indices(len(self))
            if step == 1:
                return FrameRows(self.table.iloc[start:max(start, stop)])
            return [self._row(i) for i in range(start, stop, step)]
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        return self._row(k)

    def __eq__(self, other):
        return list(self) == list(other)

    def columns_for(self, width: int | None = None) -> list:
        """The cells as one object array per column (None past the end of a short row)."""
        import numpy as np
        import pandas as pd

        n = len(self._columns) if width is None else width
        # a short row lacks its last cells, so a last column without gaps means a table without gaps
        ragged = bool(self._columns) and _none_for_missing(self._columns[-1]) is not self._columns[-1]
        return [(_none_for_missing(self._columns[i]) if ragged else self._columns[i]) if i < len(self._columns)
                else np.full(len(self), None, dtype=object) for i in range(n)]

    def frame(self, width: int | None = None):
        import pandas as pd

        return pd.DataFrame(dict(enumerate(self.columns_for(width))), index=pd.RangeIndex(len(self)))

    def __reduce__(self):
        return FrameRows, (self.table,)


def _none_for_missing(column):
    """The column with None past the end of short rows (pandas gives NaN there)."""
    import pandas as pd

    missing = pd.isna(column)
    if not missing.any():
        return column
    column = column.copy()
    column[missing] = None
    return column


def parse_columns(text: str, delimiter: str, utf8: bytes | None = None) -> FrameRows | None:
    """Split big text with pandas' C parser; None when its rows are ragged or it cannot.

    ``utf8``: the same text as the file's UTF-8 bytes, if it has them (read as they are).
    """
    import pandas as pd

    source = io.BytesIO(utf8) if utf8 is not None else io.StringIO(text)
    try:
        table = pd.read_csv(source, sep=delimiter, header=None, dtype=object, keep_default_na=False,
                            na_filter=False, skip_blank_lines=False, engine="c", quotechar='"', doublequote=True,
                            encoding="utf-8")
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError, MemoryError):
        return None
    # Trailing blank lines carry nothing (as in parse_rows); looked for from the end.
    columns = [table[c].to_numpy(dtype=object) for c in table.columns]
    last = len(table)
    while last and all(not isinstance(col[last - 1], str) or col[last - 1] == "" for col in columns):
        last -= 1
    return FrameRows(table.iloc[:last].reset_index(drop=True) if last < len(table) else table)
