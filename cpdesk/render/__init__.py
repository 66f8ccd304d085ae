"""Rendering that needs QtGui but no window: PDF pages and the charts placed in documents.

The domain (``cpdesk.export`` and the rest) never imports this package. The entry points
(the command line, the window, the self-test) call :func:`install`, which registers the PDF
writer and the chart renderer with :mod:`cpdesk.export`; an export asked for without them
gets a plain message instead.
"""
from __future__ import annotations

_installed = False


def install() -> None:
    """Register this package's writers with :mod:`cpdesk.export` (once; cheap to call again)."""
    global _installed
    if _installed:
        return
    from cpdesk.export import register_chart_renderer, register_writer
    from cpdesk.render.chart import chart_png
    from cpdesk.render.pdf import write_pdf

    register_writer(".pdf", write_pdf)
    register_chart_renderer(chart_png)
    _installed = True


__all__ = ["install"]
