"""View › Trends: the trend view in a dock below the grid, following the session and the selected indicator."""
from __future__ import annotations

from PySide6.QtWidgets import QDockWidget

from cpdesk.ui.trends_view import TrendsView


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
        grid_view.cellSelected.connect(lambda *_: self.update_view())

    def update_view(self) -> None:
        s = self.session
        if s.national_pending or self.isHidden():
            return
        grid = s.grid()
        indicator = self.grid_view.current_indicator() or next(
            (r.key for r in grid.rows if r.kind == "indicator" and r.polarity != "none"), None)
        self.widget().set_data(s.observations(), s.catalogue(), grid.area, indicator=indicator,
                               targets=dict(s.workspace.targets))


__all__ = ["TrendsDock"]
