"""The spreadsheet readers on real files: CSV encodings and delimiters, xlsx written here,
ods/xls from the corpus, and the files a reader must refuse with a plain message."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile

import openpyxl
import pytest

from cpdesk.errors import ImportCancelled, UnreadableFileError
from cpdesk.importing import file_safety, percent_formats, readers
from cpdesk.importing.readers import read_workbook

@pytest.fixture
def corpus(shared_dir):
    return shared_dir / "corpus" / "spreadsheets"


def write(path, data: bytes):
    path.write_bytes(data)
    return path


# --- CSV --------------------------------------------------------------------------------

CSV_TEXT = 'Indicator,2023-24,2024-25\nRe-referrals (%),9.1%,21.5\nCount,"1,084",12\nTBC row,TBC,\n'
CSV_ROWS = [["Indicator", "2023-24", "2024-25"], ["Re-referrals (%)", "9.1%", 21.5],
            ["Count", "1,084", 12.0], ["TBC row", "TBC", ""]]


def test_csv_utf8_keeps_text_and_converts_clean_numbers(tmp_path):
    wb = read_workbook(write(tmp_path / "rates.csv", CSV_TEXT.encode("utf-8")))
    assert wb.format == "csv"
    assert wb.name == "rates.csv"
    assert [s.name for s in wb.sheets] == ["rates"]
    assert wb.sheets[0].rows == CSV_ROWS
    assert wb.warnings == []


def test_csv_utf8_with_bom_drops_the_bom(tmp_path):
    wb = read_workbook(write(tmp_path / "bom.csv", CSV_TEXT.encode("utf-8-sig")))
    assert wb.sheets[0].rows[0][0] == "Indicator"
    assert wb.sheets[0].rows == CSV_ROWS


def test_csv_windows_1252_pound_and_accent(tmp_path):
    text = "Service,Coût\nCafé fund,£5\nTotal,-12.5\n"
    data = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    wb = read_workbook(write(tmp_path / "costs.csv", data))
    assert wb.sheets[0].rows == [["Service", "Coût"], ["Café fund", "£5"], ["Total", -12.5]]


def test_csv_semicolon_with_decimal_commas(tmp_path):
    wb = read_workbook(write(tmp_path / "semi.csv", "Area;Rate;Count\nLeeds;9,1;12\nYork;10,5;7\n".encode()))
    assert wb.sheets[0].rows == [["Area", "Rate", "Count"], ["Leeds", "9,1", 12.0], ["York", "10,5", 7.0]]


def test_tab_separated_text(tmp_path):
    wb = read_workbook(write(tmp_path / "tabs.tsv", b"Area\tRate\nLeeds\t9.1\nYork\t.5\n"))
    assert wb.format == "csv"
    assert wb.sheets[0].rows == [["Area", "Rate"], ["Leeds", 9.1], ["York", 0.5]]


def test_utf16_unicode_text_from_excel(tmp_path):
    wb = read_workbook(write(tmp_path / "unicode.txt", "Area\tRate\r\nLeeds\t9.1\r\n".encode("utf-16")))
    assert wb.sheets[0].rows == [["Area", "Rate"], ["Leeds", 9.1]]


def test_tab_separated_text_named_xls_is_read_with_a_warning(tmp_path):
    wb = read_workbook(write(tmp_path / "export.xls", b"Area\tRate\nLeeds\t9.1\nYork\t8\n"))
    assert wb.format == "csv"
    assert wb.sheets[0].rows == [["Area", "Rate"], ["Leeds", 9.1], ["York", 8.0]]
    assert wb.warnings == ["export.xls is named .xls but is really a CSV text file; it was read as that."]


# --- xlsx written here ------------------------------------------------------------------

@pytest.fixture
def workbook_file(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws["A1"], ws["B1"], ws["C1"] = "Indicator", "Rate", "Count"
    ws["A2"], ws["B2"], ws["C2"] = "Re-referrals", 0.091, 12
    ws["B2"].number_format = "0.0%"
    ws["A3"], ws["B3"] = "Points", 9.1
    ws["B3"].number_format = '0.0"%"'  # a literal percent sign: 9.1 shown as 9.1%, not scaled
    ws["A5"] = "Source: case management system"
    ws.merge_cells("A5:C5")
    lookup = wb.create_sheet("Lookup")
    lookup["A1"] = "hidden stuff"
    lookup.sheet_state = "hidden"
    offset = wb.create_sheet("Offset")
    offset["D5"], offset["E6"] = "Area", 3
    offset["D8"] = "Merged note"
    offset.merge_cells("D8:E9")
    path = tmp_path / "paper.xlsx"
    wb.save(path)
    return path


def test_xlsx_values_percent_cells_hidden_and_merged(workbook_file):
    wb = read_workbook(workbook_file)
    assert wb.format == "xlsx"
    assert [s.name for s in wb.sheets] == ["Data", "Lookup", "Offset"]
    data, lookup, offset = wb.sheets
    assert data.rows[0] == ["Indicator", "Rate", "Count"]
    assert data.rows[1] == ["Re-referrals", 0.091, 12.0]
    assert data.rows[2][:2] == ["Points", 9.1]
    assert data.rows[4][0] == "Source: case management system"
    assert data.percent_cells == frozenset({(1, 1)})
    assert data.merged == [(4, 0, 4, 2)]
    assert not data.hidden
    assert lookup.hidden and lookup.rows == [["hidden stuff"]]
    assert wb.warnings == ["paper.xlsx has 1 hidden sheet ('Lookup'); it was read as well."]


def test_rows_are_counted_from_a1_even_when_data_starts_lower(workbook_file):
    offset = read_workbook(workbook_file).sheets[2]
    assert offset.rows[:4] == [[], [], [], []]
    assert offset.rows[4] == ["", "", "", "Area", ""]
    assert offset.rows[5][4] == 3.0
    assert offset.rows[7][3] == "Merged note"
    assert offset.merged == [(7, 3, 8, 4)]


def test_percent_scan_is_skipped_for_big_workbooks(workbook_file, monkeypatch):
    monkeypatch.setattr(readers, "PERCENT_SCAN_MAX_CELLS", 5)
    wb = read_workbook(workbook_file)
    assert wb.sheets[0].percent_cells == frozenset()
    assert ("paper.xlsx is large, so its number formats were not checked: cells shown as percentages "
            "(such as 4.9%) may appear as fractions (0.049).") in wb.warnings


def test_percent_format_rules():
    assert percent_formats.is_percent_format("0.0%")
    assert percent_formats.is_percent_format("0%;[Red]-0%")
    assert not percent_formats.is_percent_format('0.0"%"')
    assert not percent_formats.is_percent_format("0.0\\%")
    assert not percent_formats.is_percent_format("General")
    assert not percent_formats.is_percent_format(None)


def test_xlsx_named_xls_is_read_by_content_with_a_warning(workbook_file, tmp_path):
    renamed = tmp_path / "old-name.xls"
    shutil.copy(workbook_file, renamed)
    wb = read_workbook(renamed)
    assert wb.format == "xlsx"
    assert wb.sheets[0].rows[1] == ["Re-referrals", 0.091, 12.0]
    assert wb.warnings[0] == ("old-name.xls is named .xls but is really an Excel workbook (.xlsx); "
                              "it was read as that.")


def test_reading_never_changes_the_file(workbook_file):
    before = (workbook_file.read_bytes(), os.stat(workbook_file).st_mtime_ns)
    read_workbook(workbook_file)
    assert (workbook_file.read_bytes(), os.stat(workbook_file).st_mtime_ns) == before


def test_too_many_cells_is_refused(workbook_file, monkeypatch):
    monkeypatch.setattr(readers, "MAX_CELLS", 10)
    with pytest.raises(UnreadableFileError) as err:
        read_workbook(workbook_file)
    assert err.value.problem == "is too large to read safely (a sheet's entries span 5 rows by 3 columns)."


def test_too_many_cells_in_a_csv_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_CELLS", 10)
    err = refused(write(tmp_path / "long.csv", b"a,b\n" + b"1,2\n" * 20))
    assert err.problem == "is too large to read safely (it holds more than 10 cells)."


def test_stray_entry_far_from_the_data_is_refused_before_calamine_allocates(tmp_path):
    # calamine would ask for 17 billion cells here and abort the whole process.
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Indicator"
    wb.active["XFD1048576"] = 1
    path = tmp_path / "stray.xlsx"
    wb.save(path)
    err = refused(path)
    assert err.problem == "is too large to read safely (a sheet's entries span 1,048,576 rows by 16,384 columns)."
    assert err.advice.startswith("In Excel press Ctrl+End")


def test_formatting_only_cells_do_not_count_towards_the_extent(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Indicator"
    wb.active["XFD1048576"].number_format = "0.0%"  # styled but empty: written as <c .../>
    path = tmp_path / "styled.xlsx"
    wb.save(path)
    assert read_workbook(path).sheets[0].rows == [["Indicator"]]


def test_progress_and_cancel(workbook_file):
    seen = []
    read_workbook(workbook_file, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert "Reading sheet 'Lookup' (2 of 3)" in [m for _, m in seen]
    assert seen[-1][1] == "Read 3 sheets from paper.xlsx"

    with pytest.raises(ImportCancelled):
        read_workbook(workbook_file, cancelled=lambda: True)

    polls = []

    def cancel_on_second_sheet():
        polls.append(1)
        return len(polls) >= 3  # the first poll is before opening, the second before sheet 1

    reached = []
    with pytest.raises(ImportCancelled):
        read_workbook(workbook_file, progress=lambda f, m: reached.append(m), cancelled=cancel_on_second_sheet)
    assert "Reading sheet 'Data' (1 of 3)" in reached
    assert not any("Lookup" in m for m in reached)


def test_csv_cancel(tmp_path):
    path = write(tmp_path / "long.csv", b"a,b\n" + b"1,2\n" * 20_000)
    with pytest.raises(ImportCancelled):
        read_workbook(path, cancelled=iter([False, True, True, True]).__next__)


# --- other formats from the corpus -------------------------------------------------------

def test_ods_dates_and_times(corpus):
    wb = read_workbook(corpus / "date.ods")
    assert wb.format == "ods"
    assert wb.sheets[0].rows == [
        [dt.date(2021, 1, 1), 15.0],
        [dt.datetime(2021, 1, 1, 10, 10, 10), 16.0],
        ["10:10:10", 17.0],
        ["10:10:10.123456", 18.0],
    ]


def test_xls_hidden_sheets_and_chart_sheet_left_out(corpus):
    wb = read_workbook(corpus / "any_sheets.xls")
    assert wb.format == "xls"
    assert [(s.name, s.hidden) for s in wb.sheets] == [("Visible", False), ("Hidden", True), ("VeryHidden", True)]
    assert wb.sheets[0].rows[:3] == [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    assert wb.warnings == ["any_sheets.xls has 2 hidden sheets ('Hidden', 'VeryHidden'); they were read as well."]


def test_xls_merged_ranges(corpus):
    sheet = read_workbook(corpus / "merge_cells.xls").sheets[0]
    assert sheet.merged == [(0, 0, 0, 1), (1, 0, 3, 0), (1, 1, 3, 3)]
    assert sheet.rows[0] == ["Row Merge", "", "Not Merged"]


@pytest.mark.parametrize("name", ["pass_protected.xlsx", "pass_protected.xlsb", "pass_protected.ods",
                                  "issue_385.xls"])
def test_password_protected(corpus, name):
    with pytest.raises(UnreadableFileError) as err:
        read_workbook(corpus / name)
    assert err.value.problem == "is password-protected, so cpdesk cannot read it."
    assert "File › Info › Protect Workbook" in err.value.advice
    assert str(err.value).startswith(f"{corpus / name}: is password-protected")


def test_encrypted_xlsx_is_recognised_before_parsing(corpus):
    names = file_safety.ole_stream_names(str(corpus / "pass_protected.xlsx"))
    assert {"EncryptionInfo", "EncryptedPackage"} <= set(names)
    assert "Workbook" in file_safety.ole_stream_names(str(corpus / "any_sheets.xls"))
    with pytest.raises(UnreadableFileError, match="is password-protected"):
        file_safety.detect_format(str(corpus / "pass_protected.xlsx"))


# --- files to refuse ---------------------------------------------------------------------

def refused(path) -> UnreadableFileError:
    with pytest.raises(UnreadableFileError) as err:
        read_workbook(path)
    assert str(err.value).startswith(f"{path}: ")
    return err.value


def test_text_file_renamed_xlsx(tmp_path):
    err = refused(write(tmp_path / "minutes.xlsx", b"Minutes of the meeting\nNothing was decided.\n"))
    assert err.problem == "is not a spreadsheet cpdesk can read (it looks like a text file)."
    assert err.advice == file_safety.ADVICE_FORMATS


def test_empty_file(tmp_path):
    err = refused(write(tmp_path / "empty.xlsx", b""))
    assert err.problem == "is empty (0 bytes)."


def test_missing_file_and_folder(tmp_path):
    assert refused(tmp_path / "nope.xlsx").problem == "does not exist."
    assert refused(tmp_path).problem == "is a folder, not a file."


def test_permission_denied_message(tmp_path, monkeypatch):
    path = write(tmp_path / "locked.csv", b"a,b\n")

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(file_safety, "open", deny, raising=False)
    err = refused(path)
    assert err.problem == "cannot be opened: permission denied."
    assert "close it in Excel" in err.advice


def test_pdf_and_word_documents_renamed(tmp_path):
    assert refused(write(tmp_path / "a.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(200))).problem == (
        "is not a spreadsheet cpdesk can read (it looks like a PDF document).")
    docx = tmp_path / "report.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    assert refused(docx).problem == "is not a spreadsheet cpdesk can read (it looks like a Word document)."


def test_html_saved_as_xls(tmp_path):
    err = refused(write(tmp_path / "report.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>"))
    assert err.problem.startswith("is not a spreadsheet cpdesk can read (it is a web page")
    assert err.advice == "Open it in Excel and save a copy as .xlsx to import."


def test_truncated_xlsx_is_damaged(workbook_file, tmp_path):
    data = workbook_file.read_bytes()
    err = refused(write(tmp_path / "torn.xlsx", data[: len(data) // 2]))
    assert err.problem == "is damaged (its zip container is broken or incomplete)."
    assert err.advice == file_safety.ADVICE_DAMAGED


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (32 << 20))
    err = refused(bomb)
    assert err.problem.startswith("looks like a zip bomb (a part packed ")
    assert err.problem.endswith(" times smaller than it unpacks), so cpdesk will not open it.")


def test_zip_unpacking_past_the_limit_is_refused(workbook_file, monkeypatch):
    monkeypatch.setattr(file_safety, "MAX_UNCOMPRESSED_BYTES", 1000)
    err = refused(workbook_file)
    assert err.problem == "is too large to read safely (its parts unpack to more than 1,000 bytes)."


def test_parser_panic_becomes_a_plain_message(workbook_file, monkeypatch):
    class PanicException(BaseException):  # what pyo3 raises when Rust code panics
        pass

    def panic(*args, **kwargs):
        raise PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(readers, "_read_with_calamine", panic)
    err = refused(workbook_file)
    assert err.problem.startswith("is damaged or unusual in a way the spreadsheet reader could not handle")
    assert "unwrap" not in str(err)


def test_keyboard_interrupt_is_not_swallowed(workbook_file, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(readers, "_read_with_calamine", interrupt)
    with pytest.raises(KeyboardInterrupt):
        read_workbook(workbook_file)


def test_dos_ods_and_broken_ole_from_corpus(corpus):
    assert refused(corpus / "issue_594_dos.ods").problem == (
        "is too large to read safely (a sheet claims more cells than any real sheet has).")
    assert refused(corpus / "OOM_alloc3.xls").problem == (
        "is damaged (its Excel 97-2003 file structure is broken).")


@pytest.mark.parametrize("raised, problem", [
    # calamine's complaint about a damaged xlsb part comes as an OSError with no error number
    (OSError("corrupt deflate stream"), "is damaged (its zip container is broken or incomplete)."),
    (OSError(5, "Input/output error"), "could not be read from the disk."),
])
def test_parser_complaints_raised_as_oserror_are_not_blamed_on_the_disk(tmp_path, monkeypatch, raised, problem):
    path = tmp_path / "book.xlsb"
    path.write_bytes(b"x")

    def fail(*_args):
        raise raised

    monkeypatch.setattr(readers, "_read", fail)
    with pytest.raises(UnreadableFileError) as info:
        read_workbook(path)
    assert info.value.problem == problem


def _times_workbook(path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Waits")
    clock, hours = wb.add_format({"num_format": "hh:mm:ss"}), wb.add_format({"num_format": "[h]:mm:ss"})
    ws.write_row(2, 1, ["Measure", "Time", "Duration"])
    ws.write(3, 1, "Average wait")
    ws.write_datetime(3, 2, dt.time(10, 30, 5), clock)
    ws.write_number(3, 3, 1.25, hours)
    ws.write_row(4, 1, ["Other", 3.5, "x"])
    wb.close()
    return path


def test_times_and_durations_become_text_in_place_and_other_rows_are_kept_as_read(tmp_path):
    rows = read_workbook(_times_workbook(tmp_path / "waits.xlsx")).sheets[0].rows
    assert rows == [[], [], ["", "Measure", "Time", "Duration"], ["", "Average wait", "10:30:05", "30:00:00"],
                    ["", "Other", 3.5, "x"]]


def test_a_grid_without_times_is_placed_at_its_offset_or_kept_as_it_is():
    grid = [["a", 1.0], ["b", dt.datetime(2024, 3, 31)]]
    assert readers._place_grid(grid, 0, 0) is grid
    assert readers._place_grid(grid, 2, 1) == [[], [], ["", "a", 1.0], ["", "b", dt.datetime(2024, 3, 31)]]
    assert readers._place_grid([["t", dt.timedelta(minutes=-90)]], 1, 0) == [[], ["t", "-1:30:00"]]
