"""Seeded mutants of the corpus spreadsheets, for the reader fuzz test and bench/fuzz_readers.py.

Each mutant is made from one corpus file by one of a few kinds of damage a hostile or
broken file shows: bytes flipped, the file cut short, and, inside zip-based workbooks,
the XML of one part edited so that it lies (huge cell references, huge declared counts
and dimensions, huge repeat counts, far-away cells of any column width), then zipped
again so the zip itself is sound and the parser has to meet the lie.
"""
from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "spreadsheets"

_HUGE = [b"1048576", b"99999999", b"4294967295", b"99999999999", b"0", b"-1"]
_COLUMNS = [b"XFD", b"AAAA", b"ZZZZZ", b"A", b"IV"]


def corpus_files(max_bytes: int = 1 << 40) -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.stat().st_size <= max_bytes) if CORPUS.is_dir() else []


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(max(len(data), 1))]


def _lie_in_xml(xml: bytes, rng: random.Random) -> bytes:
    """Replace some numbers in attributes (references, counts, dimensions, repeats) with huge ones."""
    kind = rng.randrange(4)
    if kind == 0:   # a cell reference somewhere far away, any column width
        return re.sub(rb'\br="([A-Z]+)([0-9]+)"',
                      lambda m: (b'r="%s%s"' % (rng.choice(_COLUMNS), rng.choice(_HUGE[:3]))) if rng.random() < 0.05
                      else m.group(0), xml)
    if kind == 1:   # counts and repeats
        return re.sub(rb'(Count|count|repeated|spans)="[0-9:]+"',
                      lambda m: m.group(1) + b'="' + rng.choice(_HUGE) + b'"', xml)
    if kind == 2:   # declared dimension
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:' + rng.choice(_COLUMNS) +
                      rng.choice(_HUGE[:3]) + b'"', xml)
    # a stray cell with a value at the end of the sheet data
    return xml.replace(b"</sheetData>", b'<row r="%s"><c r="%s%s"><v>1</v></c></row></sheetData>' % (
        rng.choice(_HUGE[:3]), rng.choice(_COLUMNS), rng.choice(_HUGE[:3])), 1)


def _mutate_zip(data: bytes, rng: random.Random) -> bytes | None:
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        infos = zin.infolist()
        xml_parts = [i.filename for i in infos if i.filename.endswith((".xml", ".rels", ".bin"))]
        if not xml_parts:
            return None
        target = rng.choice(xml_parts)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for info in infos:
                part = zin.read(info.filename)
                if info.filename == target:
                    part = _lie_in_xml(part, rng) if not target.endswith(".bin") else _flip(part, rng)
                z.writestr(info.filename, part)
        return out.getvalue()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return None


def mutant(data: bytes, rng: random.Random) -> bytes:
    """One damaged copy of ``data``."""
    if data.startswith(b"PK") and rng.random() < 0.6:
        mutated = _mutate_zip(data, rng)
        if mutated is not None:
            return mutated
    return _truncate(data, rng) if rng.random() < 0.25 else _flip(data, rng)


def write_mutants(folder: Path, count: int, seed: int, max_bytes: int = 1 << 40) -> list[Path]:
    """``count`` mutants of the corpus files in ``folder``, the same ones for the same seed."""
    rng = random.Random(seed)
    files = corpus_files(max_bytes)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(count):
        source = files[rng.randrange(len(files))]
        path = folder / f"m{k:05d}_{source.name}"
        path.write_bytes(mutant(source.read_bytes(), rng))
        out.append(path)
    return out
