"""Copy the committee table so it pastes as a formatted table (Word, Outlook) or as cells (Excel)."""
from __future__ import annotations

import atexit

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication


def table_mime(table) -> QMimeData:
    """HTML (table, notes and source, styles inline) and tab-separated text for the same table.

    ``table`` is a committee table or a paper (every table of it, one after another).
    """
    # imported here: the grid's own copy uses this module before pandas is loaded
    from cpdesk.export.paper import Paper

    mime = QMimeData()
    if isinstance(table, Paper):
        from cpdesk.export.paper_data import paper_tsv_text
        from cpdesk.export.paper_html import paper_fragment_html
        mime.setHtml(f'<html lang="en-GB"><body>{paper_fragment_html(table)}</body></html>')
        mime.setText(paper_tsv_text(table))
        return mime
    from cpdesk.export.csv_writer import tsv_text
    from cpdesk.export.html_writer import notes_html, table_html

    mime.setHtml(f'<html lang="en-GB"><body>{table_html(table)}{notes_html(table)}</body></html>')
    mime.setText(tsv_text(table))
    return mime


def put_on_clipboard(mime: QMimeData) -> None:
    """Hand ``mime`` to the system clipboard (which takes ownership of it).

    Qt's offscreen platform (tests, ``--screenshot``, ``--self-test``) crashes at exit when
    its clipboard still holds mime data, so there the clipboard is emptied before Python
    shuts down. Real desktops (Windows, X11) keep the copied table after cpdesk closes.
    """
    QGuiApplication.clipboard().setMimeData(mime)
    global _clear_registered
    if QGuiApplication.platformName() == "offscreen" and not _clear_registered:
        atexit.register(_clear_clipboard)
        _clear_registered = True


_clear_registered = False


def _clear_clipboard() -> None:
    app = QGuiApplication.instance()
    if app is not None:
        app.clipboard().clear()


def copy_table(table) -> None:
    put_on_clipboard(table_mime(table))
