"""View › Trends: the trend view in a dock below the grid, following the session and the selected indicator.

The charts show the kind of period the grid shows, and choosing another kind in the trend
view changes the grid's too: one choice of periods for the grid, the trends and the export.
"""
from __future__ import annotations

from PySide6.QtWidgets import QDockWidget

from cpdesk.ui.trends_view import TrendsView
from cpdesk.vocabulary import GRANULARITY_KINDS

#: The trend view's kind of period for each of the grid's granularities, and back.
TREND_KIND = dict(GRANULARITY_KINDS)
GRID_GRANULARITY = {kind: g for g, kind in GRANULARITY_KINDS.items()}


class TrendsDock(QDockWidget):
    """Shows ``session``'s observations over time for the indicator selected in ``grid_view``."""

    def __init__(self, session, grid_view, parent=None):
        super().__init__("Trends", parent)
        self.session, self.grid_view = session, grid_view
        self.setObjectName("trends")
        self.setAccessibleName("Trends")
        view = TrendsView(self)
        view.setAccessibleName("Trends")
        self.setWidget(view)
        session.gridChanged.connect(self.update_view)
        grid_view.cellSelected.connect(self._cell_selected)
        view.granularityChosen.connect(self.choose_granularity)

    def _cell_selected(self, *_) -> None:
        self.update_view()

    def update_view(self) -> None:
        s = self.session
        if s.national_pending or self.isHidden():
            return
        grid = s.grid()
        indicator = self.grid_view.current_indicator() or next(
            (r.key for r in grid.rows if r.kind == "indicator" and r.polarity != "none"), None)
        self.widget().set_data(s.observations(), s.catalogue(), grid.area, indicator=indicator,
                               targets=dict(s.workspace.targets), period_targets=dict(s.workspace.period_targets),
                               granularity=TREND_KIND.get(grid.granularity))

    def choose_granularity(self, kind) -> None:
        """The user chose a kind of period in the trend view: the grid (and the export) follow if they can show it."""
        if kind is None:
            self.session.set_options(granularity="auto")
        elif kind in GRID_GRANULARITY:
            self.session.set_options(granularity=GRID_GRANULARITY[kind])


__all__ = ["TrendsDock", "TREND_KIND", "GRID_GRANULARITY"]
