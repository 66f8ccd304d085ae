"""Copy the committee table so it pastes as a formatted table (Word, Outlook) or as cells (Excel)."""
from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from cpdesk.export.committee_table import CommitteeTable
from cpdesk.export.csv_writer import tsv_text
from cpdesk.export.html_writer import notes_html, table_html


def table_mime(table: CommitteeTable) -> QMimeData:
    """HTML (table, notes and source, styles inline) and tab-separated text for the same table."""
    mime = QMimeData()
    mime.setHtml(f'<html lang="en-GB"><body>{table_html(table)}{notes_html(table)}</body></html>')
    mime.setText(tsv_text(table))
    return mime


def copy_table(table: CommitteeTable) -> QMimeData:
    mime = table_mime(table)
    QGuiApplication.clipboard().setMimeData(mime)
    return mime
