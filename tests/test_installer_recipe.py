"""The Windows build's recipe: version facts from pyproject.toml, the Inno Setup script, the pinned
packages, the bundle report, the smoke test and its Word-table comparison, and the check script."""
from __future__ import annotations

import re
import runpy
import subprocess
import sys
import tomllib
from pathlib import Path

from docx import Document
from packaging.requirements import Requirement

from cpdesk import __version__, selftest

REPO = Path(__file__).resolve().parent.parent
INSTALLER = REPO / "installer"
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
version_info = runpy.run_path(str(INSTALLER / "write_version_info.py"))


def test_package_version_is_the_one_in_pyproject():
    assert __version__ == PROJECT["version"]


def test_committed_version_files_match_pyproject():
    assert (REPO / "resources" / "installer" / "version_info.txt").read_text(encoding="utf-8") == \
        version_info["version_info_text"]()
    iss = (INSTALLER / "version.iss").read_text(encoding="utf-8")
    assert iss == version_info["iss_text"]()
    assert f'#define AppVersion "{PROJECT["version"]}"' in iss
    assert f'#define AppPublisher "{PROJECT["authors"][0]["name"]}"' in iss


def test_a_pre_release_gets_a_numeric_windows_version_and_keeps_its_text():
    meta = dict(PROJECT, version="0.2.0rc1")
    iss = version_info["iss_text"](meta)
    assert '#define AppVersion "0.2.0rc1"' in iss and '#define AppVersionNumeric "0.2.0.0"' in iss
    text = version_info["version_info_text"](meta)
    assert "filevers=(0, 2, 0, 0)" in text and "StringStruct('ProductVersion', '0.2.0rc1')" in text
    assert version_info["facts"](dict(PROJECT, version="1.4.2.7.9"))["dotted"] == "1.4.2.7"


def test_inno_script_takes_numbers_for_version_info_and_needs_windows_10_1703():
    iss = (INSTALLER / "cpdesk.iss").read_text(encoding="utf-8")
    assert '#include "version.iss"' in iss
    assert "VersionInfoVersion={#AppVersionNumeric}" in iss and "AppPublisher={#AppPublisher}" in iss
    assert "MinVersion=10.0.15063" in iss.splitlines()
    assert "PrivilegesRequired=lowest" in iss.splitlines()


def test_windows_requirements_pin_every_dependency_with_a_hash():
    text = (INSTALLER / "requirements-windows.txt").read_text(encoding="utf-8")
    entries = [e for e in text.replace("\\\n", " ").splitlines() if e.strip() and not e.startswith("#")]
    pins = {}
    for entry in entries:
        spec, *hashes = entry.split("--hash=")
        name, version = spec.strip().split("==")
        assert hashes and all(h.strip().startswith("sha256:") for h in hashes), entry
        pins[name.lower().replace("_", "-")] = version
    windows = {"python_version": "3.12", "sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"}
    for line in PROJECT["dependencies"] + ["pyinstaller", "setuptools>=68"]:
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate(windows):
            continue
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"{req.name} is not pinned for Windows"
        assert req.specifier.contains(pins[name], prereleases=True), (req.name, pins[name])


def test_bundle_report_sorts_files_into_named_parts(tmp_path):
    report = runpy.run_path(str(INSTALLER / "bundle_report.py"))
    part_of = report["part_of"]
    assert part_of("_internal/PySide6/Qt6Core.dll").startswith("Qt: Core")
    assert part_of("_internal/PySide6/plugins/platforms/qwindows.dll").startswith("Qt: platform")
    assert part_of("_internal/numpy.libs/libscipy_openblas64_-1.dll") == "numpy: OpenBLAS"
    assert part_of("_internal/pandas/_libs/tslib.cp312-win_amd64.pyd") == "pandas"
    assert part_of("_internal/resources/benchmarks/figures.parquet").startswith("cpdesk's resources")
    bundle = tmp_path / "cpdesk"
    (bundle / "_internal" / "pandas").mkdir(parents=True)
    (bundle / "_internal" / "pandas" / "a.pyd").write_bytes(b"x" * 2048)
    (bundle / "cpdesk.exe").write_bytes(b"x" * 1024)
    lines = report["report"](bundle, 5)
    assert lines[0] == "bundle: 0.0 MiB in 2 files (cpdesk)"
    assert any(line.endswith("1 files  pandas") for line in lines)
    (bundle / "_internal" / "pandas" / "b.pyd").write_bytes(b"x" * 4096)
    loaded = tmp_path / "loaded.txt"
    loaded.write_text("_internal/pandas/a.pyd\ncpdesk.exe\n", encoding="utf-8")   # what a frozen run noted
    unused = report["never_loaded"](bundle, [loaded], 5)
    assert unused[0].startswith("never loaded by 1 runs: 1 of 2 libraries")
    assert unused[1].endswith("_internal/pandas/b.pyd")


def _docx_with(path: Path, rows: list[list[str]]) -> Path:
    doc = Document()
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    doc.save(str(path))
    return path


def test_compare_docx_tables_finds_a_changed_cell(tmp_path):
    script = str(INSTALLER / "compare_docx_tables.py")
    a = _docx_with(tmp_path / "a.docx", [["Indicator", "2023-24"], ["Re-referrals (%)", "22.4"]])
    b = _docx_with(tmp_path / "b.docx", [["Indicator", "2023-24"], ["Re-referrals (%)", "22.4"]])
    c = _docx_with(tmp_path / "c.docx", [["Indicator", "2023-24"], ["Re-referrals (%)", "22.5"]])
    same = subprocess.run([sys.executable, script, str(a), str(b)], capture_output=True, text=True)
    assert same.returncode == 0 and same.stdout.strip() == "1 table, 2 rows, 4 cells identical"
    differ = subprocess.run([sys.executable, script, str(a), str(c)], capture_output=True, text=True)
    assert differ.returncode == 1 and "table 1 row 2" in differ.stdout and "22.5" in differ.stdout


def test_smoke_test_opens_a_workbook_in_the_window_and_exports_word(qtbot, tmp_path, capsys, settings_file):
    sample = REPO / "resources" / "samples" / "example_cp_performance.xlsx"
    out = tmp_path / "smoke"
    assert selftest.main(["--smoke", str(sample), "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines[1:4]] == ["Qt", "smoke:", "smoke:"]
    assert re.search(r"example_cp_performance.xlsx: 5 tables, \d+ grid rows", lines[2])
    assert lines[-1].startswith("All 3 checks passed")
    table = Document(str(out / "smoke.docx")).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert f"smoke.docx: {len(rows)} rows x {len(rows[0])} columns" in lines[3]
    assert rows[0][0] == "Indicator" and "Q4 2024-25*" in rows[0]
    subject = next(row for row in rows if row[0] == "6. No. children subject to a CPP")
    assert subject[1:5] == ["301", "288", "295", "290"]   # the workbook's own figures, quarter by quarter
    assert (out / "smoke-window.png").stat().st_size > 20_000


def test_smoke_test_fails_plainly_on_a_file_that_is_not_a_workbook(qtbot, tmp_path, capsys, settings_file):
    bad = tmp_path / "not a workbook.xlsx"
    bad.write_bytes(b"this is not a spreadsheet")
    assert selftest.main(["--smoke", str(bad), "--out", str(tmp_path / "out")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].startswith(f"{selftest.FAIL} smoke: open in the window") and "did not load" in lines[2]
    assert "an earlier check" in lines[3]


def test_check_script_is_valid_bash_and_refuses_a_work_folder_inside_the_checkout():
    script = INSTALLER / "check_windows.sh"
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    inside = subprocess.run(["bash", str(script), str(REPO / "build" / "wine")], capture_output=True, text=True)
    assert inside.returncode == 2 and "outside the checkout" in inside.stderr


def test_frozen_self_test_notes_the_bundle_files_it_loaded(tmp_path, monkeypatch):
    """What check_windows.sh uses to find libraries no run loads: loaded files, relative to the program's folder."""
    import PySide6
    from PySide6 import QtWidgets  # noqa: F401 - loaded, so it must be listed

    bundle = Path(PySide6.__file__).parent
    monkeypatch.setattr(sys, "executable", str(bundle / "cpdesk"))
    selftest.write_loaded(tmp_path / "loaded.txt")
    names = (tmp_path / "loaded.txt").read_text(encoding="utf-8").splitlines()
    assert "__init__.py" in names
    assert any(n.startswith("QtWidgets.") for n in names)            # a Python extension module
    assert any("Qt6Widgets" in n for n in names)                      # a library it links to
    assert not any(n.startswith("..") or n.startswith("/") for n in names)
