"""Committee exports: the summary table as a model, checked for small numbers, written to files.

Qt-free. ``committee_table`` builds the table, ``disclosure`` finds and suppresses small
numbers, and one module per format writes it (``docx_writer``, ``xlsx_writer``,
``html_writer``, ``csv_writer``, ``json_writer``); ``write_export`` picks by extension.
PDF needs Qt and lives in ``cpdesk.ui.pdf_export``.
"""
from __future__ import annotations

from pathlib import Path

from cpdesk.errors import CpdeskError

#: Extension -> what the user calls it.
FORMATS = {
    ".docx": "Word document",
    ".xlsx": "Excel workbook",
    ".pdf": "PDF",
    ".html": "Web page (HTML)",
    ".csv": "CSV (comma-separated values)",
    ".json": "JSON",
}


def write_export(table, path, *, landscape: bool = False) -> Path:
    """Write ``table`` to ``path`` in the format its extension names, atomically.

    Export libraries are imported here, only when exporting (they cost start-up time).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from cpdesk.export.docx_writer import write_docx
        write_docx(table, path, landscape=landscape)
    elif suffix == ".xlsx":
        from cpdesk.export.xlsx_writer import write_xlsx
        write_xlsx(table, path)
    elif suffix in (".html", ".htm"):
        from cpdesk.export.html_writer import write_html
        write_html(table, path)
    elif suffix == ".csv":
        from cpdesk.export.csv_writer import write_csv
        write_csv(table, path)
    elif suffix == ".json":
        from cpdesk.export.json_writer import write_json
        write_json(table, path)
    elif suffix == ".pdf":
        from cpdesk.ui.pdf_export import write_pdf  # Qt's PDF writer: the ui layer
        write_pdf(table, path, landscape=landscape)
    else:
        known = ", ".join(FORMATS)
        raise CpdeskError(f"{path}: cpdesk can write {known} (not '{suffix or 'no extension'}').")
    return path
