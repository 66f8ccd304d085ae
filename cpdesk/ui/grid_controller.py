"""The grid as a view of the session: the grid, its controls and note, the heading and the window title.

Also what the user changes from the grid (targets per indicator and period, comparison
groups: undoable) and printing it. The window only puts this in place.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject


NO_DATA = "No data yet: drop spreadsheets here, or choose your local authority (File menu)"


class GridController(QObject):
    """Draws ``session``'s grid in ``grid_view`` and says what it shows in ``heading`` and ``window``'s title."""

    def __init__(self, session, grid_view, heading, undo_stack, window):
        super().__init__(window)
        self.session, self.grid_view, self.heading = session, grid_view, heading
        self.undo_stack, self.window = undo_stack, window
        session.gridChanged.connect(self.show_grid)
        session.workspaceChanged.connect(self.update_heading)
        session.dirtyChanged.connect(self.update_heading)
        grid_view.optionsChanged.connect(lambda opts: session.set_options(**opts))
        grid_view.editRequested.connect(self.edit_targets)

    # -- drawing --------------------------------------------------------------------------
    def show_grid(self) -> None:
        s = self.session
        grid = s.grid()
        if self.grid_view.model.grid is not grid:   # a saved grid is put in place with its column widths
            self.grid_view.set_grid(grid)
        groups = [g["name"] for g in s.workspace.groups]
        self.grid_view.set_options(grid.areas, grid.area, grid.comparator_areas, grid.comparator,
                                   s.workspace.granularity or "auto", s.latest_n(), groups=groups, up_to=grid.up_to,
                                   up_to_choices=grid.up_to_choices, granularities=grid.granularities)
        self.grid_view.set_note(grid.note)
        self.update_heading()

    def heading_text(self) -> str:
        s = self.session
        grid = s.grid() if s.has_grid() else None
        if grid is None or grid.area is None:
            return NO_DATA
        periods = grid.period_labels()
        if not periods:
            return f"{grid.area}: no figures of this kind of period (choose another under Periods)"
        span = periods[0] if len(periods) == 1 else f"{periods[0]} to {grid.up_to}"
        return f"{grid.area}, {span} — compared with {grid.comparator_name}"

    def update_heading(self) -> None:
        s = self.session
        self.heading.setText(self.heading_text())
        parts = []
        if s.workspace_path:
            parts.append(Path(s.workspace_path).stem)
        area = s.grid().area if s.has_grid() else None
        if area:
            parts.append(area)
        # Qt adds the application's name ("— cpdesk"); a fresh start with nothing to save is not "unsaved"
        self.window.setWindowTitle(" — ".join(parts) + "[*]" if parts else "cpdesk[*]")
        self.window.setWindowModified(bool(s.dirty and (s.workspace.sources or s.workspace_path)))

    # -- changes the user makes (undoable) ----------------------------------------------------
    def edit_targets(self, indicator_id: str | None = None) -> None:
        """Targets (for every period and per period), tolerances and polarity of one indicator."""
        from cpdesk.ui.targets_dialog import TargetsDialog
        s = self.session
        dialog = TargetsDialog(s.catalogue(), indicator_id or self.grid_view.current_indicator(), s.indicator_settings,
                               self.window, periods=s.period_choice().choices if s.has_grid() else ())
        if dialog.exec():
            self.change_indicator_settings(dialog.indicator_id(), dialog.settings())

    def change_indicator_settings(self, indicator_id: str, settings: dict) -> None:
        from cpdesk.ui.undo_commands import SetIndicatorSettings
        self.undo_stack.push(SetIndicatorSettings(self.session, indicator_id, settings))

    def edit_groups(self) -> None:
        """The user's own comparison groups (named lists of authorities)."""
        from cpdesk.ui.groups_dialog import GroupsDialog
        s = self.session
        dialog = GroupsDialog(s.workspace.groups, s.workspace.la_code, self.window)
        if dialog.exec():
            self.set_groups(dialog.groups())

    def set_groups(self, groups: list[dict]) -> None:
        if groups != self.session.workspace.groups:
            from cpdesk.ui.undo_commands import SetGroups
            self.undo_stack.push(SetGroups(self.session, groups))

    # -- printing -------------------------------------------------------------------------
    def print_grid(self, preview: bool = True) -> None:
        from cpdesk.ui.printing import print_document
        from cpdesk.grid_html import grid_html
        s = self.session
        if not s.has_grid() or s.grid().area is None:
            self.window.messages.show_message("There is no grid to print yet.", "info")
            return
        print_document(self.window, f"{s.grid().area} — cpdesk", html=grid_html(s.grid(), self.heading_text()),
                       preview=preview)

    def print_committee_table(self, preview: bool = True) -> None:
        from cpdesk.errors import CpdeskError
        from cpdesk.ui.printing import print_document
        s = self.session
        try:
            choice = s.period_choice()
            table = s.summary(periods=[choice.up_to] if choice.up_to else None)
        except CpdeskError as exc:
            self.window.messages.show_message(str(exc), "error")
            return
        print_document(self.window, "Committee table — cpdesk", committee_table=table, preview=preview)


__all__ = ["GridController", "NO_DATA"]
