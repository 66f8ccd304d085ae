"""The committee table as PDF, drawn by Qt's own PDF writer from the same HTML as the web page.

The header row repeats on every page (``<thead>`` becomes the table's header rows). Qt's
PDF is not tagged for screen readers; the Word document is the accessible version to
publish, and the PDF is for printing and sending round.
"""
from __future__ import annotations

from cpdesk.export.committee_table import CommitteeTable
from cpdesk.export.html_writer import document_html
from cpdesk.fileio import atomic_path
from cpdesk.ui.qt_app import ensure_app


def write_pdf(table: CommitteeTable, path, *, landscape: bool = False) -> None:
    """Write ``table`` to ``path`` as an A4 PDF, atomically."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    ensure_app(widgets=False)
    with atomic_path(path) as tmp:
        writer = QPdfWriter(tmp)
        writer.setTitle(table.title)
        writer.setCreator("cpdesk")
        writer.setResolution(300)
        orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                         QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
        doc = QTextDocument()
        font = QFont("Arial")
        font.setStyleHint(QFont.StyleHint.SansSerif)
        font.setPointSizeF(8.5)
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setHtml(document_html(table, qt=True))
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        doc.setPageSize(QSizeF(rect.width(), rect.height()))
        doc.print_(writer)
        del writer  # closes the file
