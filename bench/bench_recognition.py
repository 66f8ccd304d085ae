"""Speed of recognising labels (run by hand: python bench/bench_recognition.py).

A 100-label workbook — 100 distinct real labels from the labelled corpus
(tests/recognition_corpus/), indicators down, 8 quarters across — and the time to recognise
all its labels with their context (title, header, neighbours, each row's unit evidence):

- cold: a fresh catalogue and reader each run (no cached answers), the vocabulary loaded;
- first use in a process: loading the vocabulary and building the recogniser, once.

Goal: recognising a 100-label workbook under 50 ms. For a side-by-side whole-process
comparison, ``--import FILE`` imports the workbook and ``--import FILE --stub`` does the same
with recognition replaced by "local" for every label (the baseline):

    python bench/bench_recognition.py --write /tmp/labels100.xlsx
    python bench/bench_recognition.py --import /tmp/labels100.xlsx          # A
    python bench/bench_recognition.py --import /tmp/labels100.xlsx --stub   # B
"""
from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "recognition_corpus"
QUARTERS = ["Q1 2023-24", "Q2 2023-24", "Q3 2023-24", "Q4 2023-24", "Q1 2024-25", "Q2 2024-25", "Q3 2024-25", "Q4 2024-25"]
TITLE = "Children's social care: child protection performance scorecard"


def labels(n: int = 100) -> list[str]:
    """``n`` distinct labels and titles of the corpus (codes left out), in corpus order."""
    out: list[str] = []
    for name in ("tune.csv", "holdout.csv"):
        with open(CORPUS / name, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                text = " ".join(row["text"].split())
                if row["kind"] != "code" and text not in out and len(text) < 160:
                    out.append(text)
    step = max(1, len(out) // n)
    return out[::step][:n]


def write_workbook(path: Path, n: int = 100) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Scorecard"
    ws.append([TITLE])
    ws.append([])
    ws.append(["Indicator"] + QUARTERS)
    for i, label in enumerate(labels(n)):
        pct = "%" in label or "percent" in label.lower() or "proportion" in label.lower()
        ws.append([label] + [round(5 + (i * 7 + q) % 60 + 0.1 * (q % 3), 1) if pct else 40 + (i * 13 + q * 5) % 300
                             for q in range(len(QUARTERS))])
    wb.save(path)
    return path


def recognise_all(catalogue, items) -> int:
    """Recognise every label of the table as table reading does; returns how many were recognised."""
    from cpdesk.recognition import LabelContext, UnitEvidence

    names = tuple(label for label, _ in items)
    n = 0
    for label, values in items:
        ctx = LabelContext(title=TITLE, header="Indicator", sheet="Scorecard",
                           evidence=UnitEvidence.from_values(values), neighbours=names)
        n += catalogue.recognise(label, ctx).indicator_id is not None
    return n


def bench(runs: int = 15) -> None:
    from cpdesk.catalogue import load_catalogue
    from cpdesk.recognition.reading import Reader
    from cpdesk.recognition.recogniser import Recogniser
    from cpdesk.recognition.vocabulary import load_vocabulary

    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(Path(tmp) / "labels100.xlsx")
        from cpdesk.importing.readers import read_workbook
        sheet = read_workbook(path).sheets[0]
    items = [(row[0], [v for v in row[1:] if isinstance(v, (int, float))]) for row in sheet.rows[3:]]

    t0 = time.perf_counter()
    vocabulary = load_vocabulary()
    catalogue = load_catalogue()
    first = time.perf_counter() - t0
    times = []
    recognised = 0
    for _ in range(runs):
        fresh = load_catalogue()
        fresh._recogniser = Recogniser([i for i in fresh if not i.local], Reader(vocabulary))
        t0 = time.perf_counter()
        recognised = recognise_all(fresh, items)
        times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    recognise_all(catalogue, items)   # builds the default recogniser: what the first file of a session pays
    first += time.perf_counter() - t0
    print(f"{len(items)} labels, {recognised} recognised")
    print(f"recognise a 100-label workbook, cold caches: median {1000 * statistics.median(times):.1f} ms "
          f"(min {1000 * min(times):.1f}, max {1000 * max(times):.1f}) over {runs} runs; goal < 50 ms")
    print(f"first use in a process (load the vocabulary and catalogue, build the recogniser, recognise): "
          f"{1000 * first:.1f} ms")


def import_once(path: str, stub: bool) -> None:
    from cpdesk.catalogue import Catalogue
    from cpdesk.importing.importer import import_file

    if stub:
        from cpdesk.recognition.recogniser import Recognition
        Catalogue.recognise = lambda self, label, context=None: Recognition(str(label), "local")
    result = import_file(path)
    print(len(result.observations), result.recognition_counts())


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", metavar="FILE", help="write the 100-label workbook and stop")
    ap.add_argument("--import", dest="import_", metavar="FILE", help="import FILE once (for whole-process timing)")
    ap.add_argument("--stub", action="store_true", help="with --import: every label local, no recognition (baseline)")
    args = ap.parse_args()
    if args.write:
        write_workbook(Path(args.write))
    elif args.import_:
        import_once(args.import_, args.stub)
    else:
        bench()
