"""A workbook whose zip directory is sound but one part's compressed bytes are damaged.

Found by bench/fuzz_readers.py: all 38 of 2,000 mutants that stopped with "the reader met an
error it did not expect" were this case (zlib.error while the format was being detected),
so the app loading such a file named a Python error instead of saying the file is damaged.
"""
from __future__ import annotations

import zipfile

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


def test_a_damaged_part_is_told_as_a_damaged_file(damaged):
    with pytest.raises(UnreadableFileError) as caught:
        detect_format(str(damaged))
    assert caught.value.problem == "is damaged (its zip container is broken or incomplete)."


@pytest.mark.parametrize("read", [load_file, import_file], ids=["load_file", "import_file"])
def test_loading_a_damaged_part_gives_the_sentence_not_a_python_error(damaged, read):
    with pytest.raises(UnreadableFileError) as caught:
        read(damaged)
    assert caught.value.problem == "is damaged (its zip container is broken or incomplete)."
    assert "zlib" not in str(caught.value) and "repair" in caught.value.advice
