"""A workbook whose zip parts do not unpack (fuzzing found 38 of 2,000 mutants like this).

Deciding what a file is must not stop on a damaged [Content_Types].xml: the part names
still say what the file is, and the reader decides about the rest. A file whose sheets are
damaged too is refused with a sentence, never an unexpected error.
"""
from __future__ import annotations

import zipfile

import openpyxl
import pytest

from cpdesk.errors import UnreadableFileError
from cpdesk.importing import file_safety
from cpdesk.importing.importer import import_file
from cpdesk.records.file_loading import load_file


def _workbook(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Indicator", "2023-24"])
    ws.append(["Number of children on a child protection plan at 31 March", 412])
    ws.append(["Number of referrals", 3120])
    wb.save(path)


def _spoil_part(path, part: str) -> None:
    """Overwrite one part's deflated bytes in place with 0xFF: a reserved block type, so
    unpacking it raises zlib.error (the zip directory and its sizes stay sound)."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(part)
    data = bytearray(path.read_bytes())
    offset = info.header_offset
    name_len = int.from_bytes(data[offset + 26:offset + 28], "little")
    extra_len = int.from_bytes(data[offset + 28:offset + 30], "little")
    start = offset + 30 + name_len + extra_len
    data[start:start + info.compress_size] = b"\xff" * info.compress_size
    path.write_bytes(bytes(data))


def test_damaged_content_types_is_still_an_xlsx_and_its_table_is_read(tmp_path):
    path = tmp_path / "scorecard.xlsx"
    _workbook(path)
    _spoil_part(path, "[Content_Types].xml")
    with zipfile.ZipFile(path) as zf, pytest.raises(Exception) as raised:
        zf.read("[Content_Types].xml")
    assert type(raised.value).__module__ == "zlib"      # the damage this test is about

    assert file_safety.detect_format(str(path)).format == "xlsx"
    result = import_file(path)
    values = dict(zip(result.observations["label"], result.observations["value"]))
    assert values["Number of referrals"] == 3120
    assert load_file(path).imported.observations["value"].tolist() == result.observations["value"].tolist()


def test_damaged_content_types_and_sheet_is_refused_with_a_sentence(tmp_path):
    path = tmp_path / "scorecard.xlsx"
    _workbook(path)
    _spoil_part(path, "[Content_Types].xml")
    _spoil_part(path, "xl/worksheets/sheet1.xml")
    with pytest.raises(UnreadableFileError) as refused:
        load_file(path)
    assert "is damaged" in refused.value.message
    assert "Error -3" not in refused.value.message


def test_damaged_ods_mimetype_leaves_the_decision_to_the_content(tmp_path):
    path = tmp_path / "book.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    _spoil_part(path, "mimetype")
    assert file_safety.detect_format(str(path)).format == "ods"
