"""Write what Windows shows about cpdesk, from pyproject.toml: version, publisher, description.

* resources/installer/version_info.txt: the version resource of cpdesk.exe, which PyInstaller
  reads (``version=`` in installer/cpdesk.spec) in its VSVersionInfo format;
* installer/version.iss: the same facts as Inno Setup defines, included by installer/cpdesk.iss
  (the installer's version info, its name, and the publisher in Settings › Apps).

Windows wants a version of four numbers: the release part of the version is padded with
zeros, so 0.2.0rc1 is 0.2.0.0 there (the text versions keep "0.2.0rc1"). The spec rewrites
both files before every build, the Windows build runs this script before ISCC, and
tests/test_installer_recipe.py checks the committed copies. Run: python installer/write_version_info.py
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "installer" / "version_info.txt"
ISS_TARGET = ROOT / "installer" / "version.iss"
LANGUAGE_UK, CODEPAGE_UNICODE = 0x0809, 1200   # English (United Kingdom), UTF-16

TEMPLATE = """# Windows version information for cpdesk.exe (PyInstaller VSVersionInfo format).
# Written by installer/write_version_info.py from pyproject.toml; do not edit by hand.
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
        StringStruct('CompanyName', '{publisher}'),
        StringStruct('FileDescription', '{name}'),
        StringStruct('Comments', '{description}'),
        StringStruct('FileVersion', '{dotted}'),
        StringStruct('InternalName', 'cpdesk'),
        StringStruct('LegalCopyright', '{publisher}, {licence} licence'),
        StringStruct('OriginalFilename', 'cpdesk.exe'),
        StringStruct('ProductName', 'cpdesk'),
        StringStruct('ProductVersion', '{version}')])
    ]),
    VarFileInfo([VarStruct('Translation', [{lang}, {codepage}])])
  ]
)
"""


ISS_TEMPLATE = """; Written by installer/write_version_info.py from pyproject.toml; do not edit by hand.
#define AppVersion "{version}"
#define AppVersionNumeric "{dotted}"
#define AppName "{name}"
#define AppPublisher "{publisher}"
#define AppDescription "{description}"
"""


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def package_version() -> str:
    return str(project()["version"])


def facts(meta: dict | None = None) -> dict[str, str]:
    """Version (text and four numbers), publisher (the first author), description and licence."""
    meta = meta or project()
    version = str(meta["version"])
    release = re.match(r"\d+(?:\.\d+)*", version)
    if not release:
        raise SystemExit(f"pyproject.toml: version {version!r} does not start with a number")
    numbers = [int(n) for n in release.group(0).split(".")][:4]
    four = tuple(numbers + [0] * (4 - len(numbers)))
    authors = meta.get("authors") or [{"name": meta["name"]}]
    licence = meta.get("license", {})
    return {"name": meta["name"], "version": version, "four": str(four), "dotted": ".".join(map(str, four)),
            "publisher": authors[0]["name"], "description": meta["description"],
            "licence": licence.get("text", "") if isinstance(licence, dict) else str(licence)}


def version_info_text(meta: dict | None = None) -> str:
    f = facts(meta)
    return TEMPLATE.format(**f, lang=LANGUAGE_UK, codepage=CODEPAGE_UNICODE)


def iss_text(meta: dict | None = None) -> str:
    return ISS_TEMPLATE.format(**facts(meta))


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def write(target: Path = TARGET, iss_target: Path = ISS_TARGET) -> Path:
    """Write both files (only when they change); returns the version resource's path."""
    meta = project()
    _write(target, version_info_text(meta))
    _write(iss_target, iss_text(meta))
    return target


if __name__ == "__main__":
    print(write())
