"""Committee exports: the paper as data, checked for small numbers, written to files.

Qt-free. ``layouts`` builds a :class:`~cpdesk.export.paper.Paper` in the trend, areas or
scorecard layout; ``committee_table`` builds the one-row-per-indicator-and-period table
(the ``committee`` layout, and the ``summary`` data layout); ``disclosure`` finds and
suppresses small numbers; one module per format writes them. ``write_export`` picks by
extension. Writers that need Qt (PDF, charts in documents) live in :mod:`cpdesk.render`,
which registers them here with :func:`register_writer` and :func:`register_chart_renderer`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

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
#: Formats that hold text in XML: characters XML cannot hold are replaced before writing.
_XML_FORMATS = (".docx", ".xlsx", ".pdf", ".html", ".htm")

_writers: dict[str, Callable] = {}
_chart_renderer: Callable | None = None


def register_writer(suffix: str, writer: Callable) -> None:
    """Let a package outside the domain write ``suffix`` files: ``writer(table, path, landscape=...)``."""
    _writers[suffix.lower()] = writer


def register_chart_renderer(renderer: Callable) -> None:
    """Set the function that draws a document chart: ``renderer(chart_ref, width_cm, height_cm, dpi) -> PNG bytes``."""
    global _chart_renderer
    _chart_renderer = renderer


def chart_renderer() -> Callable | None:
    return _chart_renderer


def render_charts(charts, width_cm: float, height_cm: float, dpi: int) -> list[bytes]:
    """Every chart as PNG bytes, several at once (painting and encoding release Python's lock).

    Raises
    ------
    CpdeskError
        No chart renderer is registered (the program did not load :mod:`cpdesk.render`).
    """
    if _chart_renderer is None:
        raise CpdeskError("charts need cpdesk's rendering package, which this program did not load.")
    if not charts:
        return []
    # the first on this thread: the Qt bindings set up the types a chart uses on first use, not thread-safely
    first = _chart_renderer(charts[0], width_cm, height_cm, dpi)
    if len(charts) == 1:
        return [first]
    import os
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=min(len(charts) - 1, os.cpu_count() or 2, 4)) as pool:
        return [first] + list(pool.map(lambda c: _chart_renderer(c, width_cm, height_cm, dpi), charts[1:]))


def write_export(table, path, *, landscape: bool | None = None) -> Path:
    """Write ``table`` (a Paper or a CommitteeTable) to ``path`` in the format its extension names, atomically.

    Export libraries are imported here, only when exporting (they cost start-up time).
    ``landscape`` None lets the page design choose (a CommitteeTable takes portrait).
    """
    from cpdesk.export.paper import Paper
    from cpdesk.export.text import safe_copy

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _XML_FORMATS:
        table = safe_copy(table)
    paper = isinstance(table, Paper)
    if suffix in _writers:
        _writers[suffix](table, path, landscape=landscape)
    elif suffix == ".pdf":
        raise CpdeskError(f"{path}: PDF needs cpdesk's rendering package, which this program did not load.")
    elif suffix == ".docx":
        # one Word writer: the row-per-period committee table gets the same page design and 12 pt text
        from cpdesk.export.paper import paper_from_committee
        from cpdesk.export.paper_docx import write_paper_docx
        write_paper_docx(table if paper else paper_from_committee(table), path, landscape=landscape)
    elif suffix == ".xlsx":
        if paper:
            from cpdesk.export.paper_data import write_paper_xlsx
            write_paper_xlsx(table, path)
        else:
            from cpdesk.export.xlsx_writer import write_xlsx
            write_xlsx(table, path)
    elif suffix in (".html", ".htm"):
        if paper:
            from cpdesk.export.paper_html import write_paper_html
            write_paper_html(table, path)
        else:
            from cpdesk.export.html_writer import write_html
            write_html(table, path)
    elif suffix == ".csv":
        if paper:
            from cpdesk.export.paper_data import write_paper_csv
            write_paper_csv(table, path)
        else:
            from cpdesk.export.csv_writer import write_csv
            write_csv(table, path)
    elif suffix == ".json":
        if paper:
            from cpdesk.export.paper_data import write_paper_json
            write_paper_json(table, path)
        else:
            from cpdesk.export.json_writer import write_json
            write_json(table, path)
    else:
        known = ", ".join(FORMATS)
        raise CpdeskError(f"{path}: cpdesk can write {known} (not '{suffix or 'no extension'}').")
    return path
