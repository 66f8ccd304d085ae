"""Draw the cpdesk icon: resources/icons/cpdesk.svg, .png at 256 and 48 px, and a Windows .ico.

The icon is drawn here by hand as SVG (a calm blue tile holding a small white table whose
three judgement cells are blue, grey and orange, the grid's colour-blind-safe scheme) and
rendered with QtSvg. The .ico holds 16-256 px images: uncompressed 32-bit bitmaps up to
48 px (what every Windows shell and Inno Setup read) and PNG for 64 px and up.
Run: python tools/make_icon.py
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
BITMAP_MAX = 48  # larger sizes are stored as PNG inside the .ico

SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>cpdesk</title>
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2b6e9b"/>
      <stop offset="1" stop-color="#1b4d72"/>
    </linearGradient>
  </defs>
  <rect x="8" y="8" width="240" height="240" rx="52" fill="url(#tile)"/>
  <rect x="44" y="50" width="168" height="156" rx="16" fill="#ffffff"/>
  <rect x="44" y="50" width="168" height="30" rx="16" fill="#dbe7f0"/>
  <rect x="44" y="66" width="168" height="14" fill="#dbe7f0"/>
  <rect x="62" y="97" width="70" height="16" rx="8" fill="#8a9199"/>
  <rect x="146" y="92" width="48" height="26" rx="6" fill="#4f8fc9"/>
  <rect x="62" y="133" width="56" height="16" rx="8" fill="#8a9199"/>
  <rect x="146" y="128" width="48" height="26" rx="6" fill="#b9bab6"/>
  <rect x="62" y="169" width="64" height="16" rx="8" fill="#8a9199"/>
  <rect x="146" y="164" width="48" height="26" rx="6" fill="#ec9a4f"/>
</svg>
"""


def render(svg_bytes: bytes, size: int):
    from PySide6.QtCore import QByteArray, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg_bytes))
    if not renderer.isValid():
        raise SystemExit("the icon SVG is not valid")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def bitmap_bytes(image) -> bytes:
    """A 32-bit BGRA DIB as .ico stores it: header with doubled height, rows bottom-up, then the AND mask."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in range(size - 1, -1, -1):
        row = bytearray()
        for x in range(size):
            argb = image.pixel(x, y)  # Format_ARGB32 is not premultiplied, as .ico wants
            row += struct.pack("<I", argb)  # little-endian ARGB32 is B, G, R, A in memory
        rows.append(bytes(row))
    mask_row = b"\x00" * (((size + 31) // 32) * 4)  # alpha carries transparency; the mask is all "opaque"
    return header + b"".join(rows) + mask_row * size


def ico_bytes(images: dict[int, object]) -> bytes:
    entries, blobs = [], []
    offset = 6 + 16 * len(images)
    for size, image in sorted(images.items()):
        blob = bitmap_bytes(image) if size <= BITMAP_MAX else png_bytes(image)
        dim = 0 if size >= 256 else size  # 0 means 256 in an icon directory
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return struct.pack("<HHH", 0, 1, len(images)) + b"".join(entries) + b"".join(blobs)


def main() -> int:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["make_icon"])  # noqa: F841 - painting needs it
    OUT.mkdir(parents=True, exist_ok=True)
    svg = SVG.encode("utf-8")
    (OUT / "cpdesk.svg").write_bytes(svg)
    for size in (256, 48):
        (OUT / f"cpdesk-{size}.png").write_bytes(png_bytes(render(svg, size)))
    (OUT / "cpdesk.ico").write_bytes(ico_bytes({s: render(svg, s) for s in ICO_SIZES}))
    print(f"wrote {', '.join(sorted(p.name for p in OUT.iterdir()))} in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
