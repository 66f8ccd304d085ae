"""What a one-folder cpdesk bundle holds: its size, then the size of each part, largest first.

    python3 installer/bundle_report.py dist/cpdesk [--files N]

Works on a Windows or a Linux bundle. Each file is put in the first part whose pattern its
path (inside the bundle, with forward slashes, lower case) matches; the parts name what
cpdesk needs each for (installer/check_windows.sh and docs/installer.md quote this report).
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

#: (part, pattern). The order matters: the first match wins.
PARTS = [
    ("Qt: ICU data and libraries (Linux only)", r"libicu|icudt|icuuc|icuin"),
    ("Qt: platform, image, style and other plugins", r"pyside6/(qt/)?plugins/"),
    ("Qt: OpenGL (pyqtgraph imports it)", r"qt6opengl|qtopengl"),
    ("Qt: Core, Gui, Widgets, Svg", r"qt6(core|gui|widgets|svg)|libqt6(core|gui|widgets|svg|dbus|xcb|wayland)"),
    ("Qt: other libraries", r"qt6|libqt6"),
    ("PySide6 and shiboken6 bindings", r"pyside6|shiboken6"),
    ("numpy: OpenBLAS", r"openblas|numpy\.libs|msvcp140-.*numpy"),
    ("numpy", r"(^|/)numpy/"),
    ("pandas", r"(^|/)pandas/"),
    ("lxml (python-docx)", r"(^|/)lxml/"),
    ("python-calamine", r"calamine"),
    ("pyqtgraph", r"pyqtgraph"),
    ("openpyxl, xlsxwriter, python-docx", r"openpyxl|xlsxwriter|(^|/)docx/"),
    ("holidays", r"holidays"),
    ("cpdesk's resources (national figures, catalogue, samples)", r"^_internal/resources/"),
    ("Python: interpreter, standard library, compiled cpdesk and its pure-Python packages",
     r"python3|libpython|base_library|lib-dynload|\.pyd$|\.so(\.|$)|^cpdesk(\.exe)?$|pyz"),
    ("Windows C/C++ runtime", r"vcruntime|msvcp|ucrtbase|api-ms-win|concrt"),
]


def part_of(rel: str) -> str:
    low = rel.lower()
    for name, pattern in PARTS:
        if re.search(pattern, low):
            return name
    return "other"


def report(bundle: Path, top: int) -> list[str]:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    sizes: dict[str, list[int]] = {}
    biggest = []
    for path in files:
        rel = path.relative_to(bundle).as_posix()
        size = path.stat().st_size
        entry = sizes.setdefault(part_of(rel), [0, 0])
        entry[0] += size
        entry[1] += 1
        biggest.append((size, rel))
    total = sum(size for size, _ in biggest)
    mib = 1048576
    lines = [f"bundle: {total / mib:.1f} MiB in {len(files)} files ({bundle.name})"]
    for name, (size, count) in sorted(sizes.items(), key=lambda kv: -kv[1][0]):
        lines.append(f"  {size / mib:6.1f} MiB {count:5d} files  {name}")
    lines.append(f"  largest files:")
    for size, rel in sorted(biggest, reverse=True)[:top]:
        lines.append(f"  {size / mib:6.1f} MiB  {rel}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--files", type=int, default=15, help="how many of the largest files to list")
    args = parser.parse_args()
    print("\n".join(report(args.bundle, args.files)))


if __name__ == "__main__":
    main()
