"""A committee paper as PDF, painted page by page with QPainter onto Qt's PDF writer.

Coordinates are points (1/72 inch) and fonts are sized in points on the page, so 12 pt body
text prints at 12 pt (the first version laid the page out in 300-dpi pixels with fonts in
points: 3.5 pt text). Tables use the same page design as Word (:mod:`cpdesk.export.page`)
measured with Qt's own font metrics: names wrap at word boundaries, the header row(s) repeat
at the top of every page, a row and the commentary under it are never split across pages.
Charts are drawn as vectors. Qt's PDF is not tagged for screen readers: publish the Word
document, use the PDF to print and circulate.
"""
from __future__ import annotations

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from cpdesk.export.page import BODY_PT, MARGIN_PT, design_table, wrap_lines
from cpdesk.export.palette import load_palette
from cpdesk.export.paper import Paper, PaperTable, paper_from_committee
from cpdesk.fileio import atomic_path
from cpdesk.render.app import gui_app
from cpdesk.render.chart import draw_chart, font_pt

RESOLUTION = 720          # device units per inch: painter coordinates are scaled to points
CELL_PAD = 5.5            # points left and right (page.CELL_PAD_PT in all)
CELL_VPAD = 3.0
BORDER = "#505a5f"
HEADER_FILL = "#f3f2f1"
TEXT = "#0b0c0c"
CHART_ASPECT = 0.42
CHART_ASPECT_SIDE_BY_SIDE = 0.36


class _Page:
    """A cursor over the pages of one PDF: text, paragraphs, tables and charts flow down and over."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, landscape: bool):
        self.writer, self.p = writer, painter
        self.width = (841.9 if landscape else 595.3)
        self.height = (595.3 if landscape else 841.9)
        self.left, self.right = MARGIN_PT, self.width - MARGIN_PT
        self.top, self.bottom = MARGIN_PT, self.height - MARGIN_PT
        self.y = self.top
        self.pages = 1
        self._metrics: dict = {}

    # -- text -------------------------------------------------------------------------
    def metrics(self, size: float, bold: bool = False):
        key = (size, bold)
        if key not in self._metrics:
            font = font_pt(size, self.writer, bold)
            self._metrics[key] = (font, QFontMetricsF(font, self.writer))
        return self._metrics[key]

    def measure(self, text: str, size: float, bold: bool = False) -> float:
        return self.metrics(size, bold)[1].horizontalAdvance(text)

    def new_page(self) -> None:
        self.writer.newPage()
        self.pages += 1
        self.y = self.top

    def need(self, height: float) -> None:
        if self.y + height > self.bottom and self.y > self.top:
            self.new_page()

    def paragraph(self, text: str, size: float = BODY_PT, bold: bool = False, space: float = 6.0,
                  keep: float = 0.0) -> None:
        font, fm = self.metrics(size, bold)
        lines = wrap_lines(text, self.right - self.left, size, bold, self.measure)
        self.need(min(len(lines), 2) * fm.lineSpacing() + keep)
        self.p.setFont(font)
        self.p.setPen(QColor(TEXT))
        for line in lines:
            self.need(fm.lineSpacing())
            self.p.drawText(QPointF(self.left, self.y + fm.ascent()), line)
            self.y += fm.lineSpacing()
        self.y += space

    def heading(self, text: str, level: int) -> None:
        size = {1: 18.0, 2: 15.0, 3: 13.0}[level]
        self.y += 4 if self.y > self.top else 0
        self.paragraph(text, size, True, space=4.0, keep=60.0)

    # -- tables -----------------------------------------------------------------------
    def table(self, table: PaperTable, number: int, landscape: bool) -> None:
        design = design_table(table, measure=self.measure, landscape=landscape)
        size = design.size
        font, fm = self.metrics(size)
        bold, fmb = self.metrics(size, True)
        line = fm.lineSpacing()
        xs = [self.left]
        for w in design.widths:
            xs.append(xs[-1] + w)
        cols = table.all_columns
        palette = load_palette()
        heads = table.header_row_count
        header_cells = table.header_cells()
        # header row heights: the tallest wrapped text of the cells that start in that row
        head_h = [0.0] * heads
        for r, c, text, cspan, rspan in header_cells:
            width = xs[c + cspan] - xs[c] - 2 * CELL_PAD
            h = len(wrap_lines(text, width, size, True, self.measure)) * line + 2 * CELL_VPAD
            if rspan == 1:
                head_h[r] = max(head_h[r], h)
        for r, c, text, cspan, rspan in header_cells:
            if rspan > 1:
                width = xs[c + cspan] - xs[c] - 2 * CELL_PAD
                h = len(wrap_lines(text, width, size, True, self.measure)) * line + 2 * CELL_VPAD
                extra = h - sum(head_h[r:r + rspan])
                if extra > 0:
                    head_h[r + rspan - 1] += extra

        def draw_header():
            top = self.y
            for r, c, text, cspan, rspan in header_cells:
                y0 = top + sum(head_h[:r])
                rect = QRectF(xs[c], y0, xs[c + cspan] - xs[c], sum(head_h[r:r + rspan]))
                kind = cols[c - 1].kind if c > 0 else "text"
                self._cell(rect, text, bold, fmb, size, True, HEADER_FILL, None,
                           right=(kind == "number" and cspan == 1), bottom=True)
            self.y = top + sum(head_h)

        self.paragraph(f"Table {number}: {table.caption}", BODY_PT, True, space=3.0, keep=sum(head_h) + 2 * line)
        commentary_rows = not table.commentary_column and not table.key
        draw_header()
        for row in table.rows:
            values = [(row.label_with_notes, None, "text")]
            for col, cell in zip(cols, row.cells + ([None] if table.commentary_column else [])):
                if col.key == "commentary":
                    values.append((row.commentary, None, "text"))
                else:
                    values.append((cell.text + (f"\n({cell.detail})" if cell.detail else ""), cell, col.kind))
            wrapped = [wrap_lines(t, xs[k + 1] - xs[k] - 2 * CELL_PAD, size, False, self.measure)
                       for k, (t, _, _) in enumerate(values)]
            h = max(len(w) for w in wrapped) * line + 2 * CELL_VPAD
            ch = 0.0
            if commentary_rows and row.commentary:
                lines = wrap_lines("Commentary: " + row.commentary, xs[-1] - xs[0] - 2 * CELL_PAD, size, False,
                                   self.measure)
                ch = len(lines) * line + 2 * CELL_VPAD
            if self.y + h + ch > self.bottom:
                self.new_page()
                draw_header()
            for k, (text, cell, kind) in enumerate(values):
                rect = QRectF(xs[k], self.y, xs[k + 1] - xs[k], h)
                fill = None
                colour = None
                if cell is not None and cell.state:
                    st = palette.state(cell.state)
                    fill, colour = st.background, st.text
                self._cell(rect, text, font, fm, size, False, fill, colour, right=(kind == "number"),
                           lines=wrapped[k])
            self.y += h
            if ch:
                rect = QRectF(xs[0], self.y, xs[-1] - xs[0], ch)
                self._cell(rect, "Commentary: " + row.commentary, font, fm, size, False, None, None, right=False)
                self.y += ch
        self.y += 6
        for note in table.notes:
            self.paragraph(f"Note {note.number}: {note.text}", BODY_PT, space=2.0)
        if table.commentary:
            self.paragraph(table.commentary)
        self.y += 6

    def _cell(self, rect: QRectF, text: str, font, fm, size: float, bold: bool, fill, colour, *, right: bool,
              bottom: bool = False, lines=None) -> None:
        p = self.p
        if fill:
            p.fillRect(rect, QColor(fill))
        p.setPen(QPen(QColor(BORDER), 0.6))
        p.drawRect(rect)
        p.setFont(font)
        p.setPen(QColor(colour or TEXT))
        width = rect.width() - 2 * CELL_PAD
        lines = lines if lines is not None else wrap_lines(text, width, size, bold, self.measure)
        y = rect.top() + CELL_VPAD
        if bottom:
            y = rect.bottom() - CELL_VPAD - len(lines) * fm.lineSpacing()
        for line in lines:
            x = rect.left() + CELL_PAD
            if right:
                x = rect.right() - CELL_PAD - fm.horizontalAdvance(line)
            p.drawText(QPointF(x, y + fm.ascent()), line)
            y += fm.lineSpacing()

    # -- charts -----------------------------------------------------------------------
    def charts(self, charts, landscape: bool) -> None:
        """A chart per indicator: one across a portrait page, two side by side on a landscape page."""
        per_row = 2 if landscape else 1
        gap = 18.0
        width = (self.right - self.left - gap * (per_row - 1)) / per_row
        height = width * (CHART_ASPECT_SIDE_BY_SIDE if per_row > 1 else CHART_ASPECT)
        title_font, title_fm = self.metrics(13.0, True)
        body_font, body_fm = self.metrics(BODY_PT)
        for start in range(0, len(charts), per_row):
            row = list(enumerate(charts[start:start + per_row], start=start + 1))
            blocks = []
            for n, chart in row:
                title = wrap_lines(chart.title, width, 13.0, True, self.measure)
                text = wrap_lines(f"Figure {n}: {chart.alt}", width, BODY_PT, False, self.measure)
                blocks.append((n, chart, title, text))
            title_h = max(len(b[2]) for b in blocks) * title_fm.lineSpacing() + 4
            text_h = max(len(b[3]) for b in blocks) * body_fm.lineSpacing()
            self.need(title_h + height + 4 + text_h)
            top = self.y
            for k, (n, chart, title, text) in enumerate(blocks):
                x = self.left + k * (width + gap)
                y = top
                self.p.setFont(title_font)
                self.p.setPen(QColor(TEXT))
                for line in title:
                    self.p.drawText(QPointF(x, y + title_fm.ascent()), line)
                    y += title_fm.lineSpacing()
                draw_chart(self.p, QRectF(x, top + title_h, width, height), chart)
                y = top + title_h + height + 4
                self.p.setFont(body_font)
                self.p.setPen(QColor(TEXT))
                for line in text:
                    self.p.drawText(QPointF(x, y + body_fm.ascent()), line)
                    y += body_fm.lineSpacing()
            self.y = top + title_h + height + 4 + text_h + 12


def write_pdf(table, path, *, landscape: bool | None = None) -> None:
    """Write a :class:`Paper` (or a committee table) to ``path`` as an A4 PDF, atomically."""
    paper = table if isinstance(table, Paper) else paper_from_committee(table)
    gui_app()
    if landscape is None:
        landscape = any(design_table(t).landscape for t in paper.tables) if paper.landscape is None else paper.landscape
    with atomic_path(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(paper.title)
        writer.setCreator("cpdesk")
        writer.setResolution(RESOLUTION)
        paint_paper(writer, paper, bool(landscape))
        del writer  # closes the file


def paper_landscape(table) -> bool:
    """Whether a paper (or committee table) is laid out on landscape pages."""
    paper = table if isinstance(table, Paper) else paper_from_committee(table)
    if paper.landscape is not None:
        return bool(paper.landscape)
    return any(design_table(t).landscape for t in paper.tables)


def paint_paper(device, table, landscape: bool) -> None:
    """Paint a paper (or committee table) on A4 pages of any paged device: the PDF writer, or a printer."""
    paper = table if isinstance(table, Paper) else paper_from_committee(table)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0),
                                     QPageLayout.Unit.Point))
    painter = QPainter(device)
    try:
        scale = device.resolution() / 72.0
        painter.scale(scale, scale)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        page = _Page(device, painter, landscape)
        _paint(page, paper, landscape)
    finally:
        painter.end()


def _paint(page: _Page, paper: Paper, landscape: bool) -> None:
    page.heading(paper.title, 1)
    if paper.whole_paper:
        page.paragraph(f"{paper.produced.day} {paper.produced:%B %Y}")
        page.heading("Summary", 2)
        for s in paper.summary_sentences:
            page.paragraph(f"• {s}", space=3.0)
        page.heading("The figures", 2)
    for n, table in enumerate(paper.tables, start=1):
        page.table(table, n, landscape)
    if paper.charts:
        page.heading("Trends", 2)
        page.charts(paper.charts, landscape)
    if paper.whole_paper and paper.definitions:
        page.heading("Definitions", 2)
        for name, text in paper.definitions:
            page.paragraph(f"{name}: {text}")
    if paper.general_notes:
        page.heading("Notes on small numbers and sources" if paper.whole_paper else "Notes", 2)
        for t in paper.general_notes:
            page.paragraph(t, space=3.0)
    page.paragraph(paper.source)
    page.paragraph(paper.produced_text)


__all__ = ["write_pdf", "paint_paper", "paper_landscape"]
