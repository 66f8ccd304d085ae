"""Write resources/installer/version_info.txt: the Windows version resource of cpdesk.exe.

PyInstaller reads this file (``version=`` in installer/cpdesk.spec) in its VSVersionInfo
format. The version comes from cpdesk/__init__.py; the spec rewrites the file before every
build so it cannot fall behind, and tests/test_selftest.py checks the committed copy.
Run: python installer/write_version_info.py
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "installer" / "version_info.txt"
LANGUAGE_UK, CODEPAGE_UNICODE = 0x0809, 1200   # English (United Kingdom), UTF-16

TEMPLATE = """# Windows version information for cpdesk.exe (PyInstaller VSVersionInfo format).
# Written by installer/write_version_info.py from cpdesk/__init__.py; do not edit by hand.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={four},
    prodvers={four},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable('{lang:04X}{codepage:04X}', [
        StringStruct('CompanyName', 'cpdesk'),
        StringStruct('FileDescription', 'cpdesk: child protection performance papers'),
        StringStruct('FileVersion', '{dotted}'),
        StringStruct('InternalName', 'cpdesk'),
        StringStruct('LegalCopyright', 'cpdesk contributors, MIT licence'),
        StringStruct('OriginalFilename', 'cpdesk.exe'),
        StringStruct('ProductName', 'cpdesk'),
        StringStruct('ProductVersion', '{version}')])
    ]),
    VarFileInfo([VarStruct('Translation', [{lang}, {codepage}])])
  ]
)
"""


def package_version() -> str:
    text = (ROOT / "cpdesk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
    if not match:
        raise SystemExit("cpdesk/__init__.py has no __version__")
    return match.group(1)


def version_info_text(version: str) -> str:
    numbers = [int(n) for n in re.findall(r"\d+", version)[:4]]
    four = tuple(numbers + [0] * (4 - len(numbers)))
    return TEMPLATE.format(four=four, dotted=".".join(map(str, four)), version=version,
                           lang=LANGUAGE_UK, codepage=CODEPAGE_UNICODE)


def write(target: Path = TARGET) -> Path:
    text = version_info_text(package_version())
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write())
