"""The window a council analyst lives in: the grid, its sources, details and raw data."""
from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar,
                               QPushButton, QVBoxLayout, QWidget)

from cpdesk.errors import CpdeskError
from cpdesk.ui.commentary_editor import CommentaryEditor, details_with_commentary
from cpdesk.ui.details_pane import DetailsPane
from cpdesk.ui.grid_view import GridView
from cpdesk.ui.load_worker import LoadWorker, expand_paths
from cpdesk.ui.message_panel import MessagePanel
from cpdesk.ui.raw_data_view import RawDataView
from cpdesk.ui.settings import data_folder, make_settings, read_list
from cpdesk.ui.sources_panel import SourcesPanel
from cpdesk.ui.undo_commands import SetCommentary, SetIndicatorSettings, indicator_settings

log = logging.getLogger(__name__)

BUILTIN_PATH = "builtin:national"
FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt);;All files (*)"
WORKSPACE_FILTER = "cpdesk workspace (*.cpdesk)"


class MainWindow(QMainWindow):
    gridUpdated = Signal()
    loadingFinished = Signal()

    def __init__(self, parent=None, *, ask_la: bool = True):
        super().__init__(parent)
        from cpdesk.workspace import Workspace
        self.settings = make_settings()
        self.workspace = Workspace()
        self.workspace_path: str | None = None
        self.results: dict[str, object] = {}
        self.changed_paths: set[str] = set()
        self.builtin_obs = None
        self.rank_table = None
        self.obs = None
        self.catalogue = None
        self.builtin_pending = False   # True while a grid from the cache waits for the real figures (fast_start)
        self.dirty = False
        self.ask_la = ask_la
        self.worker: LoadWorker | None = None
        self._pending: list[str] = []
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(lambda clean: self._set_dirty(not clean) if not clean else None)
        self.setWindowTitle("cpdesk")
        self.setAcceptDrops(True)
        self.setAccessibleName("cpdesk main window")
        self._build_widgets()
        self._build_menus()
        from cpdesk.ui.records_controller import RecordsController
        self.records = RecordsController(self)   # lists of children: drill-down, data quality, counting rules
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._source_changed)
        self.autosave_timer = QTimer(self)
        from cpdesk.presentation import defaults
        self.autosave_timer.setInterval(int(defaults()["autosave_seconds"]) * 1000)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 780)

    # -- construction -------------------------------------------------------------------
    def _build_widgets(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        self.messages = MessagePanel(central)
        layout.addWidget(self.messages)
        self.heading = QLabel(central)
        self.heading.setAccessibleName("Area and comparator")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.grid_view = GridView(central)
        layout.addWidget(self.grid_view, 1)
        self.key_label = QLabel(central)
        self.key_label.setWordWrap(True)
        self.key_label.setAccessibleName("Key to symbols")
        layout.addWidget(self.key_label)
        self.setCentralWidget(central)
        self.grid_view.optionsChanged.connect(self._options_changed)
        self.grid_view.cellSelected.connect(self._cell_selected)
        self.grid_view.editRequested.connect(self.edit_targets)

        self.sources_panel = SourcesPanel(self)
        self.sources_dock = self._dock("Sources", self.sources_panel, Qt.LeftDockWidgetArea)
        self.sources_panel.removeRequested.connect(self.remove_source)
        self.sources_panel.reloadRequested.connect(self.reload_source)
        self.sources_panel.mapRequested.connect(self.map_label)
        self.details = DetailsPane(self)
        self.commentary = CommentaryEditor(self)
        self.commentary.edited.connect(self.set_commentary)
        self.details_dock = self._dock("Details", details_with_commentary(self.details, self.commentary, self),
                                       Qt.RightDockWidgetArea)
        self.raw_view = RawDataView(self)
        self.raw_dock = self._dock("Raw data", self.raw_view, Qt.BottomDockWidgetArea)
        self.raw_dock.hide()
        em = self.fontMetrics().averageCharWidth()
        self.details.setMinimumWidth(em * 30)
        self.sources_panel.setMinimumWidth(em * 30)
        self.trends_dock = None

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(240)
        self.progress.setAccessibleName("Loading progress")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel loading")
        self.cancel_button.clicked.connect(self.cancel_loading)
        self.status_text = QLabel(self)
        self.statusBar().addWidget(self.status_text, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()
        self._update_key()

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_").lower())
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, menu, text, slot, shortcut=None, tip="") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        f = bar.addMenu("&File")
        self.open_action = self._action(f, "&Open files…", self.open_files, QKeySequence.Open, "Open spreadsheets (Ctrl+O)")
        self.open_folder_action = self._action(f, "Open &folder…", self.open_folder)
        self.recent_menu = f.addMenu("&Recent files")
        self._action(f, "&Reload all", self.reload_all, "F5", "Read every source again (F5)")
        f.addSeparator()
        self._action(f, "Open &workspace…", self.open_workspace_dialog, "Ctrl+Shift+O")
        self.save_action = self._action(f, "&Save workspace", self.save_workspace, QKeySequence.Save)
        self._action(f, "Save workspace &as…", self.save_workspace_as, "Ctrl+Shift+S")
        f.addSeparator()
        self._action(f, "Choose local &authority…", self.choose_la)
        self.export_action = self._action(f, "&Export…", self.open_export, "Ctrl+E")
        f.addSeparator()
        self._action(f, "&Quit", self.close, QKeySequence.Quit)
        e = bar.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence.Redo])
        e.addAction(undo)
        e.addAction(redo)
        e.addSeparator()
        self._action(e, "&Copy cells", self.copy_cells, None, "Copy the selected cells as a table (Ctrl+C)")
        self._action(e, "&Targets and tolerances…", lambda: self.edit_targets(self.grid_view.current_indicator()), "Ctrl+T")
        self._action(e, "&Population for rates…", self.edit_population, None,
                     "The 0-17 population, for rates per 10,000 computed from lists of children")
        v = bar.addMenu("&View")
        for dock in (self.sources_dock, self.details_dock, self.raw_dock):
            v.addAction(dock.toggleViewAction())
        self.trends_action = self._action(v, "&Trends", self.open_trends, "Ctrl+R", "Each indicator over time")
        h = bar.addMenu("&Help")
        self._action(h, "&Keyboard shortcuts", self.show_shortcuts, QKeySequence.HelpContents)
        self._action(h, "&About cpdesk", self.show_about)
        self._rebuild_recent()

    # -- start-up -----------------------------------------------------------------------
    def start(self, files=(), workspace: str | None = None, la: str | None = None, use_cache: bool = False) -> None:
        """Called once the window is shown: the built-in figures, a workspace, files, a recovery offer.

        With ``use_cache`` and nothing to open, the grid saved last time is painted first and the
        real figures replace it from the background (:mod:`cpdesk.ui.fast_start`).
        """
        if workspace:
            self.open_workspace(workspace, load_sources=False)
        self._offer_recovery()
        if use_cache and not files and not workspace:
            from cpdesk.ui import fast_start
            if fast_start.show_cached(self, la):
                return
        if la:
            self.set_la(la)   # refreshes
        elif self.settings.value("la/chosen") is None and self.ask_la and not self.workspace.la_code:
            self.choose_la(first_run=True)
            if self.obs is None:
                self.refresh(observations_changed=True)
        else:
            code = self.settings.value("la/code")
            if code and not self.workspace.la_code:
                self.workspace.la_code = str(code)
                self.workspace.la_name = str(self.settings.value("la/name") or "")
            self._load_builtin()
            self.refresh(observations_changed=True)
        sources = list(self.workspace.sources) + list(files)
        if sources:
            self.load_paths(sources)

    def _load_builtin(self) -> None:
        code = self.workspace.la_code
        self.builtin_obs = None
        self.rank_table = None
        if not code:
            return
        try:
            from cpdesk import builtin_figures
            self.builtin_obs = builtin_figures.figures_for(code)
            self.rank_table = builtin_figures.rank_table(code)
            la = builtin_figures.find_authority(code)
            if la is not None:
                self.workspace.la_name = la.name
                if not self.workspace.area:
                    self.workspace.area = la.name
        except CpdeskError as exc:
            self.messages.show_message(str(exc), "error")
        except (ImportError, OSError, KeyError, ValueError) as exc:
            log.exception("built-in figures")
            self.messages.show_message(f"The built-in national figures could not be read ({exc}).", "error")

    def choose_la(self, first_run: bool = False) -> None:
        from cpdesk import builtin_figures
        from cpdesk.ui.la_chooser import LaChooser
        try:
            choices = builtin_figures.authorities()
        except (ImportError, OSError, CpdeskError) as exc:
            self.messages.show_message(f"The list of local authorities is not available ({exc}).", "error")
            return
        dialog = LaChooser(choices, self.workspace.la_code, self)
        if not dialog.exec():
            if first_run:
                self.settings.setValue("la/chosen", "none")
            return
        self.set_la(dialog.chosen.code if dialog.chosen else None)

    def set_la(self, code: str | None) -> None:
        """Use local authority ``code`` (or None for no LA) and show its built-in figures."""
        from cpdesk import builtin_figures
        la = builtin_figures.find_authority(code) if code else None
        if code and la is None:
            self.messages.show_message(f"'{code}' is not a local authority cpdesk knows.", "error")
            return
        self.workspace.la_code = la.code if la else None
        self.workspace.la_name = la.name if la else None
        self.workspace.area = la.name if la else None
        self.settings.setValue("la/chosen", "yes" if la else "none")
        self.settings.setValue("la/code", la.code if la else "")
        self.settings.setValue("la/name", la.name if la else "")
        self._load_builtin()
        self._set_dirty(True)
        self.refresh(observations_changed=True)

    # -- loading files ------------------------------------------------------------------
    def load_paths(self, paths) -> None:
        """Load files (and folders) in the background; a workspace file is opened instead."""
        paths = [str(p) for p in paths]
        workspaces = [p for p in paths if p.lower().endswith(".cpdesk")]
        if workspaces:
            self.open_workspace(workspaces[0])
            paths = [p for p in paths if p not in workspaces]
        files = expand_paths(paths)
        if not files:
            return
        if self.worker is not None and self.worker.isRunning():
            self._pending.extend(files)
            return
        self._start_worker(files)

    def _start_worker(self, files: list[str]) -> None:
        self.worker = LoadWorker(files, catalogue=None, default_area=self.workspace.la_name or None, parent=self,
                                 records_options=self.records.load_options())
        self.worker.progress.connect(self._on_progress)
        self.worker.loaded.connect(self._on_loaded)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled_batch.connect(lambda: self.messages.show_message("Loading was cancelled; "
                                                                               "what was already loaded stays.", "info"))
        self.worker.finished.connect(self._on_worker_finished)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.worker.start()

    def load_paths_now(self, paths) -> None:
        """Load files on this thread (the --screenshot option and tests use it)."""
        from cpdesk.importing.guarded import load_file
        for path in expand_paths([str(p) for p in paths]):
            try:
                result = load_file(path, default_area=self.workspace.la_name or None, **self.records.load_options())
            except CpdeskError as exc:
                self._on_failed(path, str(exc))
                continue
            self._on_loaded(path, result, refresh=False)
        self.refresh(observations_changed=True)

    def cancel_loading(self) -> None:
        self._pending.clear()
        if self.worker is not None:
            self.worker.cancel()

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.status_text.setText(message)

    def _on_loaded(self, path: str, result, refresh: bool = True) -> None:
        path = str(Path(path).resolve())
        self.results[path] = result
        self.changed_paths.discard(path)
        if path not in self.workspace.sources:
            self.workspace.sources.append(path)
            self._set_dirty(True)
        if path not in self.watcher.files():
            self.watcher.addPath(path)
        self._add_recent(path)
        for w in result.warnings[:3]:
            self.messages.show_message(w, "warning")
        if refresh:
            self.refresh(observations_changed=True)

    def _on_failed(self, path: str, message: str) -> None:
        self.messages.show_message(message if Path(path).name in message else f"{Path(path).name}: {message}", "error")

    def _on_worker_finished(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        n = len(self.results)
        self.status_text.setText(f"{n} source file(s) loaded" if n else "")
        self.worker = None
        if self._pending:
            files, self._pending = self._pending, []
            self._start_worker(files)
            return
        self.loadingFinished.emit()

    def open_files(self) -> None:
        start = str(self.settings.value("dirs/open") or Path.home())
        paths, _ = QFileDialog.getOpenFileNames(self, "Open spreadsheets", start, FILE_FILTER)
        if paths:
            self.settings.setValue("dirs/open", str(Path(paths[0]).parent))
            self.load_paths(paths)

    def open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open every spreadsheet in a folder",
                                                  str(self.settings.value("dirs/open") or Path.home()))
        if folder:
            self.load_paths([folder])

    def reload_all(self) -> None:
        paths = list(self.results) + [p for p in self.workspace.sources if p not in self.results]
        if paths:
            self.load_paths(paths)

    def reload_source(self, path: str) -> None:
        self.load_paths([path])

    def remove_source(self, path: str) -> None:
        self.results.pop(path, None)
        self.changed_paths.discard(path)
        if path in self.workspace.sources:
            self.workspace.sources.remove(path)
        if path in self.watcher.files():
            self.watcher.removePath(path)
        self._set_dirty(True)
        self.refresh(observations_changed=True)

    def _source_changed(self, path: str) -> None:
        if path in self.results:
            self.changed_paths.add(path)
            self.messages.show_message(f"{Path(path).name} changed on disk.", "info", "Reload",
                                       lambda _=False, p=path: self.reload_source(p))
            self._update_sources_panel()
            if os.path.exists(path) and path not in self.watcher.files():
                self.watcher.addPath(path)  # editors replace files; keep watching the new one

    # -- drag and drop ------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.load_paths(paths)

    # -- building what is shown -----------------------------------------------------------
    def refresh(self, observations_changed: bool = False) -> None:
        if self.builtin_pending and self.builtin_obs is None:
            return   # the grid from the cache stays until the background load refreshes
        import pandas as pd

        from cpdesk.grid import GridOptions, build_grid
        from cpdesk.observations import empty_frame, normalise_frame
        if observations_changed or self.obs is None:
            frames = ([self.builtin_obs] if self.builtin_obs is not None and len(self.builtin_obs) else [])
            frames += [r.observations for r in self.results.values() if len(r.observations)]
            obs = normalise_frame(pd.concat(frames, ignore_index=True)) if len(frames) > 1 else (
                frames[0] if frames else empty_frame())
            self.obs = self.workspace.apply_mappings(obs)
            self.raw_view.set_frame(self.obs)
            self._update_sources_panel()
        self.catalogue = self.workspace.catalogue()
        ws = self.workspace
        options = GridOptions(area=ws.area, comparator=ws.comparator, granularity=ws.granularity,
                              latest_n=ws.latest_n, targets=dict(ws.targets))
        ranks = self.rank_table if (self.rank_table is not None and ws.area and ws.area == ws.la_name) else None
        grid = build_grid(self.obs, self.catalogue, options, rank_table=ranks)
        self.grid = grid
        self.grid_view.set_grid(grid)
        from cpdesk.presentation import defaults
        latest = ws.latest_n or int(defaults()["latest_n"].get(grid.granularity, 6))
        self.grid_view.set_options(grid.areas, grid.area, grid.comparator_areas, grid.comparator,
                                   ws.granularity or "auto", latest)
        self._update_heading()
        self.gridUpdated.emit()
        from cpdesk.ui.fast_start import remember
        remember(self)

    def _update_sources_panel(self) -> None:
        from cpdesk.models.sources_model import SourceEntry
        entries = []
        if self.builtin_obs is not None:
            from cpdesk import builtin_figures
            entries.append(SourceEntry(BUILTIN_PATH, "Built-in national figures",
                                       note=f"{len(self.builtin_obs):,} values for {self.workspace.la_name}; "
                                            f"{builtin_figures.attribution()}"))
        for path, r in self.results.items():
            entries.append(SourceEntry(path, Path(path).name, r, changed=path in self.changed_paths))
        self.sources_panel.set_sources(entries)

    def _update_heading(self) -> None:
        g = self.grid
        if g.area is None:
            self.heading.setText("No data yet: drop spreadsheets here, or choose your local authority (File menu)")
        else:
            self.heading.setText(f"{g.area} — compared with {g.comparator_name}, {g.granularity}")
        title = "cpdesk"
        if self.workspace_path:
            title += f" — {Path(self.workspace_path).stem}"
        if g.area:
            title += f" — {g.area}"
        self.setWindowTitle(title + (" *" if self.dirty else ""))

    def _update_key(self) -> None:
        from cpdesk.presentation import palette
        pal = palette()
        s = pal["states"]
        parts = [f"{s[k]['symbol']} {s[k]['word']}" for k in ("better", "similar", "worse", "green", "amber", "red")]
        d = pal["directions"]
        parts += [f"{d[k]['symbol']} {d[k]['word']}" for k in ("improving", "no_change", "worsening")]
        parts.append(f"{pal['small_numbers']['symbol']} {pal['small_numbers']['word']}")
        parts.append(f"{pal['differs']['symbol']} {pal['differs']['word']}")
        self.key_label.setText("Key: " + "   ".join(parts) + "   (no polarity: no judgement)")

    def _options_changed(self, opts: dict) -> None:
        ws = self.workspace
        ws.area = opts["area"]
        ws.comparator = opts["comparator"]
        if opts["granularity"] != ws.granularity:
            ws.granularity = opts["granularity"]
            ws.latest_n = None
        else:
            ws.latest_n = opts["latest_n"]
        self._set_dirty(True)
        self.refresh()

    def set_comparator(self, comparator: str) -> None:
        self.workspace.comparator = comparator
        self.refresh()

    def _cell_selected(self, row, cell, label: str) -> None:
        self.details.show_cell(row, cell, label)
        key = row.key if row is not None and row.kind == "indicator" else None
        self.commentary.show_indicator(key, row.name if key else "", self.workspace.commentary.get(key, "") if key else "")

    # -- commentary -----------------------------------------------------------------------
    def set_commentary(self, indicator_id: str, text: str) -> None:
        """Keep ``text`` as the indicator's commentary in the workspace (undoable)."""
        if self.workspace.commentary.get(indicator_id, "") == text:
            return
        ind = (self.catalogue or self.workspace.catalogue()).get(indicator_id)
        self.undo_stack.push(SetCommentary(self.workspace, indicator_id, text, self._commentary_changed,
                                           ind.name if ind else indicator_id))

    def _commentary_changed(self, indicator_id: str) -> None:
        self._set_dirty(True)
        if self.commentary.indicator_id == indicator_id:
            self.commentary.set_text(self.workspace.commentary.get(indicator_id, ""))

    def copy_cells(self) -> None:
        self.grid_view.table.copy_selection()

    # -- targets, tolerances, polarity ----------------------------------------------------
    def edit_targets(self, indicator_id: str | None = None) -> None:
        from cpdesk.ui.targets_dialog import TargetsDialog
        dialog = TargetsDialog(self.catalogue or self.workspace.catalogue(), indicator_id,
                               lambda i: indicator_settings(self.workspace, i), self)
        if dialog.exec():
            self.change_indicator_settings(dialog.indicator_id(), dialog.settings())

    def change_indicator_settings(self, indicator_id: str, settings: dict) -> None:
        ind = (self.catalogue or self.workspace.catalogue()).get(indicator_id)
        self.undo_stack.push(SetIndicatorSettings(self.workspace, indicator_id, settings, self._settings_changed,
                                                  ind.name if ind else indicator_id))

    def _settings_changed(self) -> None:
        self._set_dirty(True)
        self.refresh()

    def edit_population(self) -> None:
        from cpdesk.ui.population_dialog import edit_population
        edit_population(self)

    # -- label mapping --------------------------------------------------------------------
    def map_label(self, path: str, label: str) -> None:
        """Ask what ``label`` means; with several unrecognised labels, offer them all in one dialog."""
        from cpdesk.mappings import unrecognised_labels
        from cpdesk.ui.mapping_dialog import MappingDialog, ask_mapping
        catalogue = self.catalogue or self.workspace.catalogue()
        labels = unrecognised_labels(self.obs) if self.obs is not None else []
        if len(labels) > 1:
            labels.sort(key=lambda info: info["label"] != label)   # the one asked about first (it gets the focus)
            dialog = MappingDialog(labels, catalogue, existing=self.workspace.mappings, parent=self)
            if dialog.exec():
                self.apply_mappings(dialog.mapping())
            return
        info = next((i for i in labels if i["label"] == label), {})
        mapping = ask_mapping(self, label, catalogue, existing=self.workspace.mappings.get(label),
                              where=info.get("where", ""), count=info.get("count", 0))
        if mapping:
            self.apply_mapping(label, mapping)

    def apply_mapping(self, label: str, mapping: dict) -> None:
        """Remember ``mapping`` ({"indicator": id} or {"local": {name, polarity, unit}}) and re-apply it."""
        self.apply_mappings({label: mapping})

    def apply_mappings(self, mappings: dict) -> None:
        """Remember several label mappings (``{label: mapping}``) and re-apply them with one refresh (undoable).

        Commentary typed on a label's row moves to the indicator the label is mapped to (``MapLabels``).
        """
        if not mappings:
            return
        from cpdesk.ui.undo_commands import MapLabels
        self.commentary.commit()   # typing on the label's row is kept before it moves
        self.undo_stack.push(MapLabels(self.workspace, mappings, self._mappings_changed))

    def _mappings_changed(self) -> None:
        self._set_dirty(True)
        self.refresh(observations_changed=True)
        self.grid_view.emit_current()   # rows changed: details and commentary follow the selected cell

    # -- trends and export (built by other modules; hooks here) -----------------------------
    def open_trends(self) -> None:
        """Show the trend view (``cpdesk.ui.trends_view.TrendsView`` with ``set_data``; else one TrendChart)."""
        if self.trends_dock is None:
            try:
                view = importlib.import_module("cpdesk.ui.trends_view").TrendsView(self)
            except (ImportError, AttributeError):
                try:
                    importlib.import_module("cpdesk.ui.trend_chart")
                except ImportError:
                    self.messages.show_message("Trends are not part of this build yet.", "info")
                    return
                view = QWidget(self)
                QVBoxLayout(view).setContentsMargins(0, 0, 0, 0)
            view.setAccessibleName("Trends")
            self.trends_dock = self._dock("Trends", view, Qt.BottomDockWidgetArea)
            self.gridUpdated.connect(self._update_trends)
            self.grid_view.cellSelected.connect(lambda *_: self._update_trends())
        self._update_trends()
        self.trends_dock.show()
        self.trends_dock.raise_()

    def _update_trends(self) -> None:
        if self.trends_dock is None or self.obs is None:
            return
        view = self.trends_dock.widget()
        indicator = self.grid_view.current_indicator() or next(
            (r.key for r in self.grid.rows if r.kind == "indicator" and r.polarity != "none"), None)
        setter = getattr(view, "set_data", None)
        if setter is not None:
            setter(self.obs, self.catalogue, self.grid.area, indicator=indicator, targets=dict(self.workspace.targets))
            return
        if indicator is None or indicator.startswith("label:"):
            return
        from cpdesk.trends import build_trend
        from cpdesk.ui.trend_chart import TrendChart
        layout = view.layout()
        while layout.count():
            old = layout.takeAt(0).widget()
            if old is not None:
                old.setParent(None)
                old.deleteLater()
        try:
            trend = build_trend(self.obs, self.catalogue, self.grid.area, indicator)
        except CpdeskError as exc:
            self.messages.show_message(str(exc), "info")
            return
        layout.addWidget(TrendChart(trend, view))

    def open_export(self) -> None:
        try:
            module = importlib.import_module("cpdesk.ui.export_dialog")
        except ImportError:
            self.messages.show_message("Export is not part of this build yet; copy cells with Ctrl+C meanwhile.", "info")
            return
        opener = getattr(module, "open_export", None)
        if opener is not None:
            opener(self, self.obs, self.catalogue, self.grid, self.workspace)

    # -- workspace ----------------------------------------------------------------------
    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        if hasattr(self, "grid"):
            self._update_heading()

    def save_workspace(self) -> bool:
        if not self.workspace_path:
            return self.save_workspace_as()
        return self._write_workspace(self.workspace_path)

    def save_workspace_as(self) -> bool:
        start = self.workspace_path or str(Path(self.settings.value("dirs/workspace") or Path.home()) / "cpdesk.cpdesk")
        path, _ = QFileDialog.getSaveFileName(self, "Save workspace", start, WORKSPACE_FILTER)
        if not path:
            return False
        return self._write_workspace(path)

    def _write_workspace(self, path: str) -> bool:
        from cpdesk.workspace import clear_recovery, save_workspace
        try:
            written = save_workspace(self.workspace, path)
        except CpdeskError as exc:
            self.messages.show_message(str(exc), "error")
            return False
        except OSError as exc:
            self.messages.show_message(f"{path}: the workspace could not be saved ({exc.strerror or exc}).", "error")
            return False
        self.workspace_path = str(written)
        self.settings.setValue("dirs/workspace", str(written.parent))
        self._add_recent(str(written))
        self.undo_stack.setClean()
        self._set_dirty(False)
        clear_recovery(data_folder())
        self.status_text.setText(f"Saved {written.name}")
        return True

    def open_workspace_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open workspace", str(self.settings.value("dirs/workspace") or Path.home()),
                                              WORKSPACE_FILTER)
        if path:
            self.open_workspace(path)

    def open_workspace(self, path: str, load_sources: bool = True) -> bool:
        from cpdesk.workspace import load_workspace
        try:
            ws = load_workspace(path)
        except CpdeskError as exc:
            self.messages.show_message(str(exc), "error")
            return False
        self.workspace_path = str(Path(path).resolve())
        self._adopt(ws)
        self._add_recent(self.workspace_path)
        if load_sources:
            self._load_builtin()
            self.refresh(observations_changed=True)
            if ws.sources:
                self.load_paths(list(ws.sources))
        return True

    def _adopt(self, ws) -> None:
        from cpdesk.workspace import missing_sources, relocate
        for old in missing_sources(ws):
            if old not in ws.sources or Path(old).exists():
                continue  # found already when an earlier one was relocated
            answer = QMessageBox.question(
                self, "A source file has moved",
                f"The workspace uses {Path(old).name}, which is no longer at\n{old}.\n\nFind it now?",
                QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
            new = ""
            if answer == QMessageBox.Yes:
                new, _ = QFileDialog.getOpenFileName(self, f"Where is {Path(old).name}?", str(Path(old).parent), FILE_FILTER)
            if new:
                relocate(ws, old, new)
            else:
                ws.sources.remove(old)
                self.messages.show_message(f"{Path(old).name} was not found and is left out of this session.", "warning")
        self.workspace = ws
        self.results.clear()
        self.undo_stack.clear()
        self._set_dirty(False)

    def autosave(self) -> None:
        """Write the crash-recovery copy when there are unsaved changes."""
        if not self.dirty:
            return
        from cpdesk.workspace import write_recovery
        try:
            write_recovery(self.workspace, data_folder(), self.workspace_path)
        except (OSError, CpdeskError):
            log.exception("autosave failed")

    def _offer_recovery(self) -> None:
        from cpdesk.workspace import clear_recovery, read_recovery
        found = read_recovery(data_folder())
        if found is None:
            return
        ws, original = found

        def recover(_=False):
            self.workspace_path = original
            self._adopt(ws)
            self._set_dirty(True)
            self._load_builtin()
            self.refresh(observations_changed=True)
            if ws.sources:
                self.load_paths(list(ws.sources))
            clear_recovery(data_folder())

        self.recovery_available = ws
        self.recover = recover
        self.messages.show_message("cpdesk did not close normally last time. Your unsaved workspace can be recovered.",
                                   "info", "Recover", recover)

    # -- recent files ---------------------------------------------------------------------
    def _add_recent(self, path: str) -> None:
        from cpdesk.presentation import defaults
        recent = [p for p in read_list(self.settings, "recent") if p != path]
        recent.insert(0, path)
        self.settings.setValue("recent", recent[: int(defaults()["recent_files"])])
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        recent = read_list(self.settings, "recent")
        for p in recent:
            act = self.recent_menu.addAction(Path(p).name)
            act.setToolTip(p)
            act.triggered.connect(lambda _=False, p=p: self.load_paths([p]))
        self.recent_menu.setEnabled(bool(recent))

    # -- help ---------------------------------------------------------------------------
    def show_about(self) -> None:
        from cpdesk import __version__, builtin_figures
        QMessageBox.about(self, "About cpdesk",
                          f"<h3>cpdesk {__version__}</h3><p>Child protection performance papers, offline.</p>"
                          f"<p>{builtin_figures.attribution()}</p>")

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", SHORTCUTS_TEXT)

    # -- closing ------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        if self.dirty and self.workspace.sources or self.dirty and self.workspace_path:
            answer = QMessageBox.question(self, "Unsaved changes", "Save the workspace before closing?",
                                          QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
            if answer == QMessageBox.Cancel or (answer == QMessageBox.Save and not self.save_workspace()):
                event.ignore()
                return
        self.cancel_loading()
        if self.worker is not None:
            self.worker.wait(3000)
        self.records.shutdown()
        from cpdesk.workspace import clear_recovery
        clear_recovery(data_folder())
        self.settings.setValue("window/geometry", self.saveGeometry())
        event.accept()


SHORTCUTS_TEXT = """Ctrl+O  Open spreadsheets
Ctrl+Shift+O  Open a workspace
Ctrl+S  Save the workspace
F5  Reload every source
Ctrl+Z / Ctrl+Y  Undo / redo a target, tolerance, polarity, commentary or label-mapping change
Ctrl+C  Copy the selected cells as a table
Ctrl+T  Targets and tolerances of the selected indicator
Ctrl+R  Trends
Ctrl+E  Export
Alt+A, Alt+C, Alt+P, Alt+L  Area, comparator, periods, latest-N controls
Alt+M  Commentary on the selected indicator (Tab leaves it)
Tab / Shift+Tab  Move between controls; arrow keys move in the grid

Lists of children (records):
Right-click a computed figure  Show the records behind it (also the button under Details, and the View menu)
View › Records data quality…  Problems in the lists (also Data quality… under Sources)
Edit › Counting rules for records…  How figures are counted from the lists
Edit › Population for rates…  The 0-17 population, for rates per 10,000"""
