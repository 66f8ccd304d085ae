"""File › Print: the grid, or the committee table, through Qt's print preview and print dialogs.

The grid prints as a table (:mod:`cpdesk.ui.print_grid`) laid out by Qt's text engine on
landscape A4; the committee table prints exactly as its PDF is drawn
(:func:`cpdesk.render.pdf.paint_paper`), so what goes on paper is what goes to the committee.
"""
from __future__ import annotations

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

#: Millimetres of margin round a printed grid.
MARGIN_MM = 12.0


def make_printer(landscape: bool = True) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                      QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                      QPageLayout.Unit.Millimeter))
    return printer


def html_document(html: str, printer: QPrinter) -> QTextDocument:
    """``html`` as a document laid out for the printer's page.

    The text engine lays a document out in the screen's pixels and the printer scales it to
    the paper, so the page is given in those pixels: text set in points prints at its size.
    """
    from PySide6.QtGui import QGuiApplication
    screen = QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    rect = printer.pageLayout().paintRect(QPageLayout.Unit.Point)
    doc.setPageSize(QSizeF(rect.width() * dpi / 72.0, rect.height() * dpi / 72.0))
    return doc


def render(printer: QPrinter, *, html: str | None = None, committee_table=None) -> None:
    """Draw the grid's HTML, or the committee table, on ``printer``."""
    if committee_table is not None:
        from cpdesk.render.pdf import paint_paper, paper_landscape
        paint_paper(printer, committee_table, paper_landscape(committee_table))
    elif html is not None:
        html_document(html, printer).print_(printer)


def print_document(parent, title: str, *, html: str | None = None, committee_table=None,
                   preview: bool = True) -> QPrinter | None:
    """Show the print preview (or the print dialog) for the grid's HTML or a committee table.

    Returns the printer that was used, or None if the user cancelled.
    """
    printer = make_printer(landscape=True)
    printer.setDocName(title)
    draw = lambda p: render(p, html=html, committee_table=committee_table)  # noqa: E731
    if preview:
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(f"Print preview — {title}")
        dialog.paintRequested.connect(draw)
        dialog.resize(1100, 760)
        return printer if run_dialog(dialog) else None
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print — {title}")
    if not run_dialog(dialog):
        return None
    draw(printer)
    return printer


def run_dialog(dialog) -> bool:
    """``dialog.exec()`` (tests replace this to look at the dialog instead of waiting for a user)."""
    return bool(dialog.exec())


__all__ = ["print_document", "make_printer", "render", "html_document", "run_dialog", "MARGIN_MM"]
