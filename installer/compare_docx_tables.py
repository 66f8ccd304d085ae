"""Compare the tables of two Word files cell by cell; exit 0 when they hold the same text.

    python3 installer/compare_docx_tables.py A.docx B.docx

installer/check_windows.sh uses it for the frozen smoke test: the table the frozen Windows
app exported against the one this checkout writes from source on Linux from the same file.
Prints "N tables, R rows, C cells" when equal, or the first differences.
"""
from __future__ import annotations

import sys

from docx import Document


def tables(path: str) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in Document(path).tables]


def differences(a: list, b: list, limit: int = 10) -> list[str]:
    out = []
    if len(a) != len(b):
        out.append(f"{len(a)} tables against {len(b)}")
    for t, (ta, tb) in enumerate(zip(a, b), 1):
        if len(ta) != len(tb):
            out.append(f"table {t}: {len(ta)} rows against {len(tb)}")
        for r, (ra, rb) in enumerate(zip(ta, tb), 1):
            if ra != rb:
                out.append(f"table {t} row {r}: {ra} against {rb}")
            if len(out) >= limit:
                return out
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    a, b = tables(argv[0]), tables(argv[1])
    diff = differences(a, b)
    if diff:
        print("\n".join(diff))
        return 1
    rows = sum(len(t) for t in a)
    cells = sum(len(r) for t in a for r in t)
    print(f"{len(a)} table{'s' if len(a) != 1 else ''}, {rows} rows, {cells} cells identical")
    return 0 if a else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
