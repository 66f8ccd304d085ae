"""Child-level records in the window: drill-down, data quality, counting rules, column mapping.

The main window creates one :class:`RecordsController` and places what it offers: its menu
actions (``rules_action``, ``drill_action``, ``quality_action``), the button for the details
pane (``details_button``) and the grid's context menu (:meth:`context_menu`). The figures
reach the grid through the session: a file holding a list of plans or enquiries is a loaded
source whose observations include the computed figures and whose ``records`` keeps the records.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton

from cpdesk.errors import CpdeskError

log = logging.getLogger(__name__)

DRILL_TEXT = "Show the &records behind this figure…"


def mappings_store() -> Path:
    """Where the user's column mappings for lists of children are remembered (beside the settings)."""
    from cpdesk.ui.settings import data_folder
    return data_folder() / "records_column_mappings.json"


class RecordsController(QObject):
    """Lists of children in the window.

    Parameters
    ----------
    session : SessionSignals
        The session (operations and signals).
    status : StatusArea
        Where progress and Cancel are shown while the lists are computed again.
    loader : Loader
        The window's file loader (a list is read again after its columns are mapped).
    grid_view : GridView
        The grid, for the selected cell and its context menu.
    parent : QWidget
        The window (dialogs' parent).
    """

    #: every list of children was computed again after a settings change (or that was cancelled)
    recomputed = Signal()

    def __init__(self, session, status, loader, grid_view, parent):
        super().__init__(parent)
        self.session, self.status, self.loader, self.grid_view = session, status, loader, grid_view
        self.parent_widget = parent
        self.recompute_worker = None
        self._pending = None                    # (settings, message) waiting to be computed
        self._message: str | None = None        # shown when the running recompute is done
        self._asked: set[tuple[str, str, tuple[str, ...]]] = set()
        self.open_dialogs: list = []
        self._build_actions()
        table = grid_view.table
        table.setContextMenuPolicy(Qt.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        grid_view.cellSelected.connect(self._cell_selected)
        loader.finished.connect(self.ask_pending_mappings)
        loader.finished.connect(self._after_loading)
        status.cancelRequested.connect(self.cancel_recompute)

    # -- settings -------------------------------------------------------------------------
    def settings(self):
        return self.session.records_settings()

    def loaded_files(self):
        """(path, RecordsSource) for every loaded file with records."""
        return self.session.records_sources()

    # -- construction ---------------------------------------------------------------------
    def _build_actions(self) -> None:
        w = self.parent_widget
        self.drill_action = QAction(DRILL_TEXT, w)
        self.drill_action.setStatusTip("List the child-level records a computed figure was counted from")
        self.drill_action.triggered.connect(self.show_records_for_current)
        self.drill_action.setEnabled(False)
        self.rules_action = QAction("Counting &rules for records…", w)
        self.rules_action.setStatusTip("How figures are computed from lists of children; the repeat-plan setting")
        self.rules_action.triggered.connect(self.edit_rules)
        self.quality_action = QAction("Records &data quality…", w)
        self.quality_action.triggered.connect(lambda: self.show_quality(None))
        self.details_button = QPushButton("Show the records behind this figure…", w)
        self.details_button.setAccessibleName("Show the records behind the selected figure")
        self.details_button.clicked.connect(self.show_records_for_current)
        self.details_button.setVisible(False)

    # -- the selected cell -------------------------------------------------------------------
    def figure_at(self, row_index: int, col_index: int):
        """(records source, indicator, period, source text, name) for a grid cell computed from records, else None."""
        g = self.session.grid()
        if not (0 <= row_index < len(g.rows)) or not (0 <= col_index < len(g.columns)):
            return None
        row = g.rows[row_index]
        cell = g.cells[row_index][col_index]
        return self._figure(row, cell)

    def _figure(self, row, cell):
        if row is None or cell is None or row.kind != "indicator" or not cell.period or not cell.source:
            return None
        for _, records in self.loaded_files():
            if records.result_for(row.key, cell.period, cell.source) is not None:
                return records, row.key, cell.period, cell.source, row.name
        return None

    def current_figure(self):
        idx = self.grid_view.table.currentIndex()
        return self.figure_at(idx.row(), idx.column()) if idx.isValid() else None

    def _cell_selected(self, row, cell, label: str) -> None:
        found = self._figure(row, cell) if row is not None else None
        self.drill_action.setEnabled(found is not None)
        self.details_button.setVisible(found is not None)

    def _context_menu(self, pos) -> None:
        table = self.grid_view.table
        self.context_menu(table.indexAt(pos)).exec(table.viewport().mapToGlobal(pos))

    def context_menu(self, index) -> QMenu:
        """The grid's context menu for ``index`` (built here so tests can trigger its actions)."""
        menu = QMenu(self.parent_widget)
        found = self.figure_at(index.row(), index.column()) if index.isValid() else None
        act = menu.addAction(DRILL_TEXT.replace("&", ""))
        act.setEnabled(found is not None)
        act.triggered.connect(lambda _=False, f=found: self.show_records(f) if f else None)
        menu.addAction("Copy cells", self.grid_view.table.copy_selection)
        return menu

    # -- drill-down, quality, rules -------------------------------------------------------------
    def show_records_for_current(self):
        found = self.current_figure()
        if found is None:
            self.session.say("Select a figure computed from records (a list of children) first.", "info")
            return None
        return self.show_records(found)

    def show_records(self, found):
        from cpdesk.ui.records_drilldown import open_drilldown
        records, indicator, period, source, name = found
        try:
            dialog = open_drilldown(self.parent_widget, records, indicator, period, source, name)
        except CpdeskError as exc:
            self.session.say(str(exc), "error")
            return None
        self._keep(dialog)
        return dialog

    def show_quality(self, path: str | None = None):
        from cpdesk.ui.records_quality_view import open_quality_view
        files = self.loaded_files()
        if path:
            files = [(p, r) for p, r in files if p == path]
        if not files:
            self.session.say("No list of children is loaded, so there is no data-quality report.", "info")
            return None
        p, records = files[0]
        dialog = open_quality_view(self.parent_widget, records, Path(p).name)
        self._keep(dialog)
        return dialog

    def _keep(self, dialog) -> None:
        self.open_dialogs = [d for d in self.open_dialogs if d.isVisible()] + [dialog]

    def edit_rules(self) -> None:
        from cpdesk.ui.records_rules_dialog import ask_settings
        current = self.settings()
        chosen = ask_settings(self.parent_widget, current, self.session.catalogue())
        if chosen is not None and chosen != current:
            self.apply_settings(chosen)

    def apply_settings(self, settings, message: str | None = None) -> None:
        """Keep ``settings`` in the workspace and compute every list again, off the UI thread.

        The grid goes on showing the current figures, with progress and Cancel in the status
        bar, until every list is computed; then they are swapped in at once and ``recomputed``
        is emitted. ``message`` is shown in the status bar when done. Cancelling keeps the
        previous figures and puts their settings back in the workspace.
        """
        self.session.set_records_settings(settings)
        self._pending = (settings, message)
        if self.recompute_worker is not None:   # cleared when its ``finished`` has been handled
            self.recompute_worker.cancel()      # the new settings start when it stops
        elif not self._loading():           # lists still loading: computed once they are in
            self._start_pending()

    def _loading(self) -> bool:
        return self.loader.is_loading()

    def _start_pending(self) -> None:
        from cpdesk.ui.recompute_worker import RecomputeWorker
        if self._pending is None:
            return
        settings, message = self._pending
        self._pending = None
        jobs = self.loaded_files()
        if not jobs:
            self._finish_message(message)
            self.recomputed.emit()
            return
        worker = RecomputeWorker(jobs, settings, self)
        worker.progress.connect(self._on_progress)
        worker.computed.connect(self._on_computed)
        worker.failed.connect(self._on_failed)
        worker.cancelled_batch.connect(self._on_cancelled)
        worker.finished.connect(self._on_recompute_finished)
        self.recompute_worker = worker
        self._message = message
        self.status.show_progress(0.0, "Computing the figures from records again with the new rules…")
        worker.start()

    def _on_progress(self, fraction: float, message: str) -> None:
        if not self._loading():
            self.status.show_progress(fraction, message)

    def _on_computed(self, done: dict) -> None:
        if self._pending is not None or self.recompute_worker is None:
            return                              # newer settings are on their way
        self.session.use_recomputed(done, self.recompute_worker.jobs)
        self._finish_message(self._message)

    def _on_failed(self, path: str, message: str) -> None:
        self.session.say(message, "error")

    def _finish_message(self, message: str | None) -> None:
        self.status.set_text(message or "Figures from records computed with the new rules.")

    def _on_cancelled(self) -> None:
        if self._pending is not None:
            return
        self._restore_shown_settings()
        self.session.say("Computing the figures again was cancelled; they still follow the "
                                          "previous counting rules.", "info")

    def _on_recompute_finished(self) -> None:
        worker, self.recompute_worker = self.recompute_worker, None
        if worker is not None:
            worker.jobs = []                    # let go of the records at once
            worker.deleteLater()
        if self._pending is not None:
            self._start_pending()
            return
        if not self._loading():
            self.status.hide_progress()
        self.recomputed.emit()

    def cancel_recompute(self) -> None:
        waiting, self._pending = self._pending, None
        if self.recompute_worker is not None:
            self.recompute_worker.cancel()
        elif waiting is not None:                # never started (files were loading): nothing changed
            self._restore_shown_settings()

    def _restore_shown_settings(self) -> None:
        """Put the settings of the figures shown back in the workspace (a recompute was cancelled)."""
        self.session.restore_shown_records_settings()

    def _after_loading(self) -> None:
        """Settings changed while files were loading: compute the loaded lists with them now."""
        if self._pending is not None and self.recompute_worker is None:
            self._start_pending()

    def set_population(self, population: float | None) -> None:
        """Keep the 0-17 population for rates per 10,000 and compute every loaded list of children again."""
        if population == self.session.workspace.population:
            return
        self.session.set_population(population)
        if self.loaded_files():
            what = f"Rates per 10,000 use a 0-17 population of {population:,.0f}." if population else \
                "No 0-17 population: rates per 10,000 are not computed from the records."
            # the settings now carry the population; computed off the UI thread, ``what`` shown when done
            self.apply_settings(self.settings(), what)
        else:
            self.status.set_text("The 0-17 population is kept in the workspace; rates per 10,000 are computed "
                                 "when a list of children is loaded.")

    def shutdown(self) -> None:
        """Stop computing (the window is closing)."""
        self.cancel_recompute()
        if self.recompute_worker is not None:
            self.recompute_worker.wait(5000)

    # -- column mapping -----------------------------------------------------------------------
    def ask_pending_mappings(self) -> None:
        """Offer the mapping dialog for lists whose columns were not recognised (once per sheet and session)."""
        from cpdesk.ui.records_mapping_dialog import ask_mapping
        for path, loaded in list(self.session.loaded.items()):
            candidates = [c for c in getattr(loaded, "candidates", []) or []
                          if (path, c.sheet, tuple(c.headings)) not in self._asked]
            if not candidates:
                continue
            for c in candidates:
                self._asked.add((path, c.sheet, tuple(c.headings)))
            answer = ask_mapping(self.parent_widget, candidates)
            if answer is None:
                continue
            _, mapping = answer
            self.remember_and_reload(path, mapping)

    def remember_and_reload(self, path: str, mapping) -> None:
        from cpdesk.records import remember
        try:
            remember(mappings_store(), mapping)
        except (OSError, CpdeskError) as exc:
            self.session.say(f"The column mapping could not be remembered ({exc}).", "warning")
        self.session.say(f"{Path(path).name} › {mapping.sheet}: reading the list with your columns.", "info")
        self.loader.load([path])

