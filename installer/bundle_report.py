"""What a one-folder cpdesk bundle holds: its size, then the size of each part, largest first.

    python3 installer/bundle_report.py dist/cpdesk [--files N] [--loaded LIST...]

Works on a Windows or a Linux bundle. Each file is put in the first part whose pattern its
path (inside the bundle, with forward slashes, lower case) matches; the parts name what
cpdesk needs each for (installer/check_windows.sh and docs/installer.md quote this report).

``--loaded`` takes the lists a frozen ``--self-test`` writes (self-test-loaded.txt: the bundle's
files that run loaded) and adds the libraries (.dll, .pyd, .so) that none of those runs loaded:
the candidates to leave out of the build, to be confirmed by building without them.
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


LIBRARY = re.compile(r"\.(dll|pyd|so)(\.[0-9.]+)?$", re.I)


def never_loaded(bundle: Path, lists: list[Path], top: int) -> list[str]:
    loaded = set()
    for path in lists:
        loaded |= {line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    libraries = [(p.stat().st_size, p.relative_to(bundle).as_posix()) for p in bundle.rglob("*")
                 if p.is_file() and LIBRARY.search(p.name)]
    unused = sorted(((size, rel) for size, rel in libraries if rel.lower() not in loaded), reverse=True)
    mib = 1048576
    lines = [f"never loaded by {len(lists)} runs: {len(unused)} of {len(libraries)} libraries, "
             f"{sum(size for size, _ in unused) / mib:.1f} MiB"]
    lines += [f"  {size / mib:6.2f} MiB  {rel}" for size, rel in unused[:top]]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--files", type=int, default=15, help="how many of the largest files to list")
    parser.add_argument("--loaded", type=Path, nargs="*", default=[],
                        help="self-test-loaded.txt files of frozen runs: also list the libraries none loaded")
    args = parser.parse_args()
    lines = report(args.bundle, args.files)
    lists = [p for p in args.loaded if p.is_file()]
    if lists:
        lines += never_loaded(args.bundle, lists, 25)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
