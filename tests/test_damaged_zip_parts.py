"""A workbook whose zip directory is sound but one part's compressed bytes are damaged.

Found by bench/fuzz_readers.py: all 38 of 2,000 mutants that stopped with "the reader met an
error it did not expect" were this case (zlib.error while the format was being detected),
so the app loading such a file named a Python error instead of saying the file is damaged.
A damaged [Content_Types].xml, ods mimetype or manifest does not decide alone: the part names
say what the file is and the reader decides about the rest, so a workbook whose sheets are
sound is still read (9 of those 38 mutants were), and one whose sheets are damaged too is
refused with a sentence.
"""
from __future__ import annotations

import zipfile

import openpyxl
import pytest

from cpdesk.errors import UnreadableFileError
from cpdesk.importing.file_safety import detect_format
from cpdesk.importing.importer import import_file
from cpdesk.records.file_loading import load_file

CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                 b'officedocument.spreadsheetml.sheet.main+xml"/></Types>')
MANIFEST = (b'<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            b'manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            b'</manifest:manifest>')
ODS_CONTENT = b'<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'


def _with_broken_deflate(path, parts: dict[str, bytes], broken: str):
    """Write ``parts`` as a zip, then make ``broken``'s deflate stream invalid (same length, so
    the directory still agrees): its first byte says "last block, reserved type", which no
    inflater accepts."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(broken)
    raw = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start] = 0x07
    path.write_bytes(bytes(raw))
    return path


@pytest.fixture(params=["xlsx", "ods"])
def damaged(request, tmp_path):
    if request.param == "xlsx":
        return _with_broken_deflate(tmp_path / "scorecard.xlsx",
                                    {"[Content_Types].xml": CONTENT_TYPES * 4, "xl/workbook.xml": b"<workbook/>"},
                                    "[Content_Types].xml")
    return _with_broken_deflate(tmp_path / "scorecard.ods",
                                {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                 "META-INF/manifest.xml": MANIFEST * 4, "content.xml": ODS_CONTENT},
                                "META-INF/manifest.xml")


def test_the_fixture_really_has_a_damaged_deflate_stream(damaged):
    import zlib

    with zipfile.ZipFile(damaged) as zf, pytest.raises(zlib.error):
        name = "[Content_Types].xml" if damaged.suffix == ".xlsx" else "META-INF/manifest.xml"
        zf.read(name)


def test_a_damaged_part_leaves_the_format_to_the_part_names(damaged):
    assert detect_format(str(damaged)).format == damaged.suffix[1:]


@pytest.mark.parametrize("read", [load_file, import_file], ids=["load_file", "import_file"])
def test_loading_a_damaged_part_gives_the_sentence_not_a_python_error(damaged, read):
    with pytest.raises(UnreadableFileError) as caught:
        read(damaged)
    assert caught.value.problem.startswith("is damaged (")
    assert "zlib" not in str(caught.value) and "Error -3" not in str(caught.value)
    assert "repair" in caught.value.advice


def _scorecard(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Indicator", "2023-24"])
    ws.append(["Number of children on a child protection plan at 31 March", 412])
    ws.append(["Number of referrals", 3120])
    wb.save(path)
    return path


def _spoil(path, part: str) -> None:
    """Overwrite all of one part's deflated bytes with 0xFF (reserved block type)."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(part)
    raw = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start:start + info.compress_size] = b"\xff" * info.compress_size
    path.write_bytes(bytes(raw))


def test_a_damaged_content_types_part_does_not_lose_sound_sheets(tmp_path):
    path = _scorecard(tmp_path / "scorecard.xlsx")
    _spoil(path, "[Content_Types].xml")
    result = import_file(path)
    assert dict(zip(result.observations["label"], result.observations["value"]))["Number of referrals"] == 3120
    assert load_file(path).observations["value"].tolist() == result.observations["value"].tolist()


def test_damaged_content_types_and_sheet_is_refused_with_a_sentence(tmp_path):
    path = _scorecard(tmp_path / "scorecard.xlsx")
    _spoil(path, "[Content_Types].xml")
    _spoil(path, "xl/worksheets/sheet1.xml")
    with pytest.raises(UnreadableFileError) as refused:
        load_file(path)
    assert refused.value.problem.startswith("is damaged (") and "Error -3" not in refused.value.message
