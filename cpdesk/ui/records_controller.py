"""Child-level records in the window: drill-down, data quality, counting rules, column mapping.

The main window creates one :class:`RecordsController`; it adds its menu actions, a context
menu on the grid, a button under the details pane, and reacts to loaded files. The figures
themselves reach the grid through the load worker (``cpdesk.records.file_loading``): a file
holding a list of plans or enquiries gives an entry in ``window.results`` whose
``observations`` include the computed figures and whose ``records`` keeps the records.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QMenu, QPushButton, QSplitter, QVBoxLayout, QWidget

from cpdesk.errors import CpdeskError

log = logging.getLogger(__name__)

DRILL_TEXT = "Show the &records behind this figure…"


def mappings_store() -> Path:
    """Where the user's column mappings for lists of children are remembered (beside the settings)."""
    from cpdesk.ui.settings import data_folder
    return data_folder() / "records_column_mappings.json"


class RecordsController(QObject):
    #: every list of children was computed again after a settings change (or that was cancelled)
    recomputed = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.recompute_worker = None
        self._pending = None                    # (settings, message) waiting to be computed
        self._message: str | None = None        # shown when the running recompute is done
        self._asked: set[tuple[str, str, tuple[str, ...]]] = set()
        self.open_dialogs: list = []
        self._build_actions()
        self._hook_grid()
        self._hook_details()
        self._hook_sources()
        window.loadingFinished.connect(self.ask_pending_mappings)
        window.loadingFinished.connect(self._after_loading)
        window.cancel_button.clicked.connect(self.cancel_recompute)

    # -- settings -------------------------------------------------------------------------
    def settings(self):
        from cpdesk.records.computed_source import RecordsSettings
        return RecordsSettings.from_dict(getattr(self.window.workspace, "records", None))

    def load_options(self) -> dict:
        """Keyword arguments for ``load_file`` (the load worker passes them on)."""
        return {"settings": self.settings(), "store_path": str(mappings_store())}

    def loaded_files(self):
        """(path, LoadedFile) for every loaded file with records."""
        return [(p, r) for p, r in self.window.results.items() if getattr(r, "records", None) is not None]

    # -- construction ---------------------------------------------------------------------
    def _build_actions(self) -> None:
        w = self.window
        menus = {a.text().replace("&", ""): a.menu() for a in w.menuBar().actions() if a.menu() is not None}
        self.drill_action = QAction(DRILL_TEXT, w)
        self.drill_action.setStatusTip("List the child-level records a computed figure was counted from")
        self.drill_action.triggered.connect(self.show_records_for_current)
        self.drill_action.setEnabled(False)
        self.rules_action = QAction("Counting &rules for records…", w)
        self.rules_action.setStatusTip("How figures are computed from lists of children; the repeat-plan setting")
        self.rules_action.triggered.connect(self.edit_rules)
        self.quality_action = QAction("Records &data quality…", w)
        self.quality_action.triggered.connect(lambda: self.show_quality(None))
        edit = menus.get("Edit")
        view = menus.get("View")
        if edit is not None:
            edit.addSeparator()
            edit.addAction(self.rules_action)
        if view is not None:
            view.addSeparator()
            view.addAction(self.drill_action)
            view.addAction(self.quality_action)

    def _hook_grid(self) -> None:
        table = self.window.grid_view.table
        table.setContextMenuPolicy(Qt.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        self.window.grid_view.cellSelected.connect(self._cell_selected)

    def _hook_details(self) -> None:
        """A button under the details text; the dock may hold the details alone or a container with them."""
        w = self.window
        top = w.details_dock.widget()
        self.details_button = QPushButton("Show the records behind this figure…", top)
        self.details_button.setAccessibleName("Show the records behind the selected figure")
        self.details_button.clicked.connect(self.show_records_for_current)
        self.details_button.setVisible(False)
        if isinstance(top, QSplitter) and top.indexOf(w.details) >= 0:
            at = top.indexOf(w.details)
            sizes = top.sizes()
            holder = QWidget(top)
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(w.details, 1)
            box.addWidget(self.details_button)
            top.insertWidget(at, holder)
            top.setSizes(sizes)
            return
        layout = top.layout() if top is not w.details else None
        if isinstance(layout, QBoxLayout):
            at = layout.indexOf(w.details)
            layout.insertWidget(at + 1 if at >= 0 else layout.count(), self.details_button)
            return
        holder = QWidget(w)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(top, 1)
        box.addWidget(self.details_button)
        w.details_dock.setWidget(holder)

    def _hook_sources(self) -> None:
        panel = self.window.sources_panel
        signal = getattr(panel, "qualityRequested", None)
        if signal is not None:
            signal.connect(self.show_quality)

    # -- the selected cell -------------------------------------------------------------------
    def figure_at(self, row_index: int, col_index: int):
        """(records source, indicator, period, source text, name) for a grid cell computed from records, else None."""
        g = getattr(self.window, "grid", None)
        if g is None or not (0 <= row_index < len(g.rows)) or not (0 <= col_index < len(g.columns)):
            return None
        row = g.rows[row_index]
        cell = g.cells[row_index][col_index]
        return self._figure(row, cell)

    def _figure(self, row, cell):
        if row is None or cell is None or row.kind != "indicator" or not cell.period or not cell.source:
            return None
        for _, loaded in self.loaded_files():
            if loaded.records.result_for(row.key, cell.period, cell.source) is not None:
                return loaded.records, row.key, cell.period, cell.source, row.name
        return None

    def current_figure(self):
        idx = self.window.grid_view.table.currentIndex()
        return self.figure_at(idx.row(), idx.column()) if idx.isValid() else None

    def _cell_selected(self, row, cell, label: str) -> None:
        found = self._figure(row, cell) if row is not None else None
        self.drill_action.setEnabled(found is not None)
        self.details_button.setVisible(found is not None)

    def _context_menu(self, pos) -> None:
        menu = self.context_menu(self.window.grid_view.table.indexAt(pos))
        menu.exec(self.window.grid_view.table.viewport().mapToGlobal(pos))

    def context_menu(self, index) -> QMenu:
        """The grid's context menu for ``index`` (built here so tests can trigger its actions)."""
        menu = QMenu(self.window)
        found = self.figure_at(index.row(), index.column()) if index.isValid() else None
        act = menu.addAction(DRILL_TEXT.replace("&", ""))
        act.setEnabled(found is not None)
        act.triggered.connect(lambda _=False, f=found: self.show_records(f) if f else None)
        menu.addAction("Copy cells", self.window.copy_cells)
        return menu

    # -- drill-down, quality, rules -------------------------------------------------------------
    def show_records_for_current(self):
        found = self.current_figure()
        if found is None:
            self.window.messages.show_message("Select a figure computed from records (a list of children) first.", "info")
            return None
        return self.show_records(found)

    def show_records(self, found):
        from cpdesk.ui.records_drilldown import open_drilldown
        records, indicator, period, source, name = found
        try:
            dialog = open_drilldown(self.window, records, indicator, period, source, name)
        except CpdeskError as exc:
            self.window.messages.show_message(str(exc), "error")
            return None
        self._keep(dialog)
        return dialog

    def show_quality(self, path: str | None = None):
        from cpdesk.ui.records_quality_view import open_quality_view
        files = self.loaded_files()
        if path:
            files = [(p, r) for p, r in files if p == path]
        if not files:
            self.window.messages.show_message("No list of children is loaded, so there is no data-quality report.", "info")
            return None
        p, loaded = files[0]
        dialog = open_quality_view(self.window, loaded.records, Path(p).name)
        self._keep(dialog)
        return dialog

    def _keep(self, dialog) -> None:
        self.open_dialogs = [d for d in self.open_dialogs if d.isVisible()] + [dialog]

    def edit_rules(self) -> None:
        from cpdesk.ui.records_rules_dialog import ask_settings
        current = self.settings()
        chosen = ask_settings(self.window, current, self.window.catalogue or self.window.workspace.catalogue())
        if chosen is not None and chosen != current:
            self.apply_settings(chosen)

    def apply_settings(self, settings, message: str | None = None) -> None:
        """Keep ``settings`` in the workspace and compute every list again, off the UI thread.

        The grid goes on showing the current figures, with progress and Cancel in the status
        bar, until every list is computed; then they are swapped in at once and ``recomputed``
        is emitted. ``message`` is shown in the status bar when done. Cancelling keeps the
        previous figures and puts their settings back in the workspace.
        """
        self.window.workspace.records = settings.to_dict()
        self.window._set_dirty(True)
        self._pending = (settings, message)
        if self.recompute_worker is not None:   # cleared when its ``finished`` has been handled
            self.recompute_worker.cancel()      # the new settings start when it stops
        elif not self._loading():           # lists still loading: computed once they are in
            self._start_pending()

    def _loading(self) -> bool:
        worker = getattr(self.window, "worker", None)
        return worker is not None and worker.isRunning()

    def _start_pending(self) -> None:
        from cpdesk.ui.recompute_worker import RecomputeWorker
        if self._pending is None:
            return
        settings, message = self._pending
        self._pending = None
        jobs = [(path, loaded.records) for path, loaded in self.loaded_files()]
        if not jobs:
            self._finish_message(message)
            self.recomputed.emit()
            return
        w = self.window
        worker = RecomputeWorker(jobs, settings, self)
        worker.progress.connect(self._on_progress)
        worker.computed.connect(self._on_computed)
        worker.failed.connect(self._on_failed)
        worker.cancelled_batch.connect(self._on_cancelled)
        worker.finished.connect(self._on_recompute_finished)
        self.recompute_worker = worker
        self._message = message
        w.status_text.setText("Computing the figures from records again with the new rules…")
        w.progress.setValue(0)
        w.progress.show()
        w.cancel_button.show()
        worker.start()

    def _on_progress(self, fraction: float, message: str) -> None:
        if not self._loading():
            self.window.progress.setValue(int(fraction * 1000))
            self.window.status_text.setText(message)

    def _on_computed(self, done: dict) -> None:
        if self._pending is not None or self.recompute_worker is None:
            return                              # newer settings are on their way
        for path, source in self.recompute_worker.jobs:
            loaded = self.window.results.get(path)
            if path in done and loaded is not None and loaded.records is source:   # not reloaded meanwhile
                source.apply(done[path])
                loaded.invalidate()
        self.window.refresh(observations_changed=True)
        self._finish_message(self._message)

    def _on_failed(self, path: str, message: str) -> None:
        self.window.messages.show_message(message, "error")

    def _finish_message(self, message: str | None) -> None:
        self.window.status_text.setText(message or "Figures from records computed with the new rules.")

    def _on_cancelled(self) -> None:
        if self._pending is not None:
            return
        self._restore_shown_settings()
        self.window.messages.show_message("Computing the figures again was cancelled; they still follow the "
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
            self.window.progress.hide()
            self.window.cancel_button.hide()
        self.recomputed.emit()

    def cancel_recompute(self) -> None:
        waiting, self._pending = self._pending, None
        if self.recompute_worker is not None:
            self.recompute_worker.cancel()
        elif waiting is not None:                # never started (files were loading): nothing changed
            self._restore_shown_settings()

    def _restore_shown_settings(self) -> None:
        """Put the settings of the figures shown back in the workspace (a recompute was cancelled)."""
        files = self.loaded_files()
        if files:
            shown = files[0][1].records.settings
            self.window.workspace.records = shown.to_dict()
            self.window.workspace.population = shown.population

    def _after_loading(self) -> None:
        """Settings changed while files were loading: compute the loaded lists with them now."""
        if self._pending is not None and self.recompute_worker is None:
            self._start_pending()

    def shutdown(self) -> None:
        """Stop computing (the window is closing)."""
        self.cancel_recompute()
        if self.recompute_worker is not None:
            self.recompute_worker.wait(5000)

    # -- column mapping -----------------------------------------------------------------------
    def ask_pending_mappings(self) -> None:
        """Offer the mapping dialog for lists whose columns were not recognised (once per sheet and session)."""
        from cpdesk.ui.records_mapping_dialog import ask_mapping
        for path, loaded in list(self.window.results.items()):
            candidates = [c for c in getattr(loaded, "candidates", []) or []
                          if (path, c.sheet, tuple(c.headings)) not in self._asked]
            if not candidates:
                continue
            for c in candidates:
                self._asked.add((path, c.sheet, tuple(c.headings)))
            answer = ask_mapping(self.window, candidates)
            if answer is None:
                continue
            _, mapping = answer
            self.remember_and_reload(path, mapping)

    def remember_and_reload(self, path: str, mapping) -> None:
        from cpdesk.records import remember
        try:
            remember(mappings_store(), mapping)
        except (OSError, CpdeskError) as exc:
            self.window.messages.show_message(f"The column mapping could not be remembered ({exc}).", "warning")
        self.window.messages.show_message(f"{Path(path).name} › {mapping.sheet}: reading the list with your columns.", "info")
        self.window.reload_source(path)

