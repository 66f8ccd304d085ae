"""Render each seed paper's own tables as cpdesk exports them, for docs/seeds/ (run by hand).

For each of the five committee papers in ``../shared/seeds``, the paper's table(s) are laid
out from the figures of its fixture (``tests/fixtures/seeds/expected_figures.csv``, the same
figures ``tests/test_export_layouts_seeds.py`` checks cell by cell) in the matching layout,
written to Word and to PDF, the Word file turned into PDF by LibreOffice, the first page of
each turned into PNG by pdftoppm and cropped to what is printed on it. The sample workbook's
whole draft paper (``cpdesk summary … --paper``) gives docs/export-docx-page1.png and
docs/export-docx-charts.png the same way.

    python3 tools/render_seed_pages.py [--out docs/seeds] [--dpi 100] [--keep DIR]

Needs LibreOffice (``soffice``) and poppler (``pdftoppm``):
``apt-get install -y libreoffice-writer-nogui poppler-utils fonts-liberation``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: name -> (seed, its tables in the fixture, layout choices, which renderer's page to keep)
PAGES = {
    "wokingham-trend": ("wokingham", None,
                        dict(title="Repeat child protection plans", comparators=["england", "region"]), "docx"),
    "warwickshire-areas": ("warwickshire", ["Table 1", "Table 4"],
                           dict(layout="areas", title="Child protection, Warwickshire"), "pdf"),
    "warwickshire-districts": ("warwickshire", ["Table 7"],
                               dict(layout="areas", periods=7, title="Child protection rates by district"), "docx"),
    "warwickshire-quarters": ("warwickshire", ["Table 5"],
                              dict(kind="quarter", periods=10, transpose=True, judgements=[],
                                   title="Repeat plans by quarter"), "pdf"),
    "herefordshire-trend": ("herefordshire", None, dict(title="Children subject to a child protection plan"), "pdf"),
    "trafford-trend": ("trafford", None, dict(kind="rolling", comparators=["neighbours", "england"],
                                              title="Child protection re-plans"), "docx"),
    "bathnes-scorecard": ("bathnes", None, dict(layout="scorecard", title="Child protection activity"), "docx"),
}


def build(seed: str, tables, choices: dict):
    from cpdesk.export.layouts import LayoutChoice, build_paper
    from tests.seed_papers import seed_observations
    return build_paper(seed_observations(seed, tables), LayoutChoice(produced=dt.date(2025, 1, 6), **choices))


def to_png(pdf: Path, png: Path, dpi: int, page: int = 1) -> None:
    """Page ``page`` at ``dpi``, cropped to what is printed on it (plus a small white border)."""
    import numpy as np
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage

    stem = png.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", "-png", str(pdf),
                    str(stem)],
                   check=True)
    image = QImage(str(png))
    white = QColor("white").rgb()
    w, h = image.width(), image.height()
    rows = [y for y in range(h) if any(image.pixel(x, y) != white for x in range(0, w, 2))]
    cols = [x for x in range(w) if any(image.pixel(x, y) != white for y in range(rows[0], rows[-1] + 1, 2))]
    pad = max(dpi // 8, 6)
    left, top = max(cols[0] - pad, 0), max(rows[0] - pad, 0)
    right, bottom = min(cols[-1] + pad, w - 1), min(rows[-1] + pad, h - 1)
    cropped = image.copy(left, top, right - left + 1, bottom - top + 1).convertToFormat(QImage.Format.Format_RGB32)
    # 256 colours, the page's own (Qt's default table would shift the judgement shading): a small file
    pixels = np.frombuffer(cropped.constBits(), dtype=np.uint32, count=cropped.sizeInBytes() // 4)
    colours, counts = np.unique(pixels, return_counts=True)
    table = [int(c) for c in colours[np.argsort(counts)[::-1][:256]]]
    flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
    cropped.convertToFormat(QImage.Format.Format_Indexed8, table, flags).save(str(png), "PNG", 9)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "seeds"))
    ap.add_argument("--dpi", type=int, default=100)
    ap.add_argument("--keep", help="also keep the .docx and .pdf files in this folder")
    args = ap.parse_args()
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"{tool} is needed: apt-get install -y libreoffice-writer-nogui poppler-utils", file=sys.stderr)
            return 2

    from cpdesk.export import write_export
    from cpdesk.render import install
    from cpdesk.render.app import gui_app
    gui_app()
    install()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for name, (seed, tables, choices, keep) in PAGES.items():
            paper = build(seed, tables, choices)
            docx = write_export(paper, work / f"{name}.docx")
            qt_pdf = write_export(paper, work / f"{name}-qt.pdf")
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            pdf = work / f"{name}.pdf" if keep == "docx" else qt_pdf
            png = out / f"{name}-{'word' if keep == 'docx' else 'pdf'}.png"
            to_png(pdf, png, args.dpi)
            print(f"{png} ({png.stat().st_size // 1024} KiB) from {'Word via LibreOffice' if keep == 'docx' else 'PDF'}")
        # the sample workbook as a whole draft paper, from the command line as a user would make it
        docx = work / "sample-paper.docx"
        subprocess.run([sys.executable, "-m", "cpdesk", "summary", str(ROOT / "resources" / "samples" /
                        "example_cp_performance.xlsx"), "--paper", "--compare", "neighbours", "--out", str(docx)],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for page, name in ((1, "export-docx-page1.png"), (3, "export-docx-charts.png")):
            png = out.parent / name if out.name == "seeds" else out / name
            to_png(work / "sample-paper.pdf", png, args.dpi, page)
            print(f"{png} ({png.stat().st_size // 1024} KiB): the sample's whole paper, page {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
