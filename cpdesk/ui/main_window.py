"""The window a council analyst lives in: a view of the session (the grid, its sources, details and raw data).

What is loaded, chosen and shown lives in :class:`cpdesk.session.Session`. The window calls
its operations (through :class:`~cpdesk.ui.session_signals.SessionSignals`) and redraws
from its signals; reading files, the workspace file, lists of children and the fast first
paint each have their own module, which the window only puts in place.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from cpdesk.errors import CpdeskError
from cpdesk.session import Session
from cpdesk.ui.commentary_editor import CommentaryEditor, details_with_commentary
from cpdesk.ui.details_pane import DetailsPane
from cpdesk.ui.grid_controller import GridController
from cpdesk.ui.grid_view import GridView
from cpdesk.ui.help_dialogs import key_text, show_about, show_shortcuts, show_user_guide
from cpdesk.ui.loading import Loader
from cpdesk.ui.message_panel import MessagePanel
from cpdesk.ui.records_controller import RecordsController, mappings_store
from cpdesk.ui.session_signals import SessionSignals
from cpdesk.ui.settings import make_settings
from cpdesk.ui.status_area import StatusArea
from cpdesk.ui.workspace_files import FILE_FILTER, WorkspaceFiles


class MainWindow(QMainWindow):
    def __init__(self, parent=None, *, ask_la: bool = True):
        super().__init__(parent)
        from cpdesk.ui.fast_start import AfterFirstPaint, GridMemory
        self.settings = make_settings()
        self.ask_la = ask_la
        self.session = SessionSignals(Session(records_store=str(mappings_store())), self)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(lambda clean: clean or self.session.mark_dirty(True))
        self.setWindowTitle("cpdesk")
        self.setAcceptDrops(True)
        self.setAccessibleName("cpdesk main window")
        self.cached_start = None
        self._build_widgets()
        self.status = StatusArea(self.statusBar())
        self.loader = Loader(self.session, self.status, self)
        self.files = WorkspaceFiles(self.session, self.loader, self.settings, self.messages, self.status,
                                    self.undo_stack, self)
        self.records = RecordsController(self.session, self.status, self.loader, self.grid_view, self)
        self.grid = GridController(self.session, self.grid_view, self.heading, self.undo_stack, self)
        self.details_box.addWidget(self.records.details_button)
        self._build_menus()
        self._connect()
        self.grid_memory = GridMemory(self.session, self.grid_view, self)   # after the view: it saves what is shown
        # the hidden raw-data table and the Sources panel (and their modules) are built once the grid is on screen
        AfterFirstPaint(self.grid_view.table.viewport(), lambda: (self.raw_view, self.sources_panel), self)
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
        self.heading = QLabel(central)
        self.heading.setAccessibleName("Area and comparator")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.grid_view = GridView(central)
        self.key_label = QLabel(central)
        self.key_label.setWordWrap(True)
        self.key_label.setAccessibleName("Key to symbols")
        self.key_label.setText(key_text())
        for widget, stretch in ((self.messages, 0), (self.heading, 0), (self.grid_view, 1), (self.key_label, 0)):
            layout.addWidget(widget, stretch)
        self.setCentralWidget(central)
        self._sources_panel = None     # built after the first paint (:attr:`sources_panel`)
        self.sources_dock = self._dock("Sources", None, Qt.RightDockWidgetArea)
        self.details = DetailsPane(self)
        self.commentary = CommentaryEditor(self)
        details_area = QWidget(self)
        self.details_box = QVBoxLayout(details_area)
        self.details_box.setContentsMargins(0, 0, 0, 0)
        self.details_box.addWidget(self.details, 1)
        self.details_dock = self._dock("Details", details_with_commentary(details_area, self.commentary, self),
                                       Qt.RightDockWidgetArea)
        self.tabifyDockWidget(self.details_dock, self.sources_dock)   # one column: the grid keeps the width
        self.details_dock.raise_()
        self.resizeDocks([self.details_dock], [self.fontMetrics().averageCharWidth() * 40], Qt.Horizontal)
        self._raw_view = None          # built after the first paint (:attr:`raw_view`)
        self._raw_stale = False        # the observations changed before it was built
        self.raw_dock = self._dock("Raw data", None, Qt.BottomDockWidgetArea)
        self.raw_dock.hide()
        self.trends_dock = None
        em = self.fontMetrics().averageCharWidth()
        self.details.setMinimumWidth(em * 28)

    @property
    def raw_view(self):
        """The raw-data table (every observation), built on first use."""
        if self._raw_view is None:
            from cpdesk.ui.raw_data_view import RawDataView
            self._raw_view = RawDataView(self)
            self.raw_dock.setWidget(self._raw_view)
            if self._raw_stale:
                self._show_observations()
        return self._raw_view

    @property
    def sources_panel(self):
        """The Sources panel (behind its tab), built on first use."""
        if self._sources_panel is None:
            from cpdesk.ui.sources_panel import attach_sources_panel
            self._sources_panel = attach_sources_panel(self, self.sources_dock)
        return self._sources_panel

    def _show_observations(self) -> None:
        if self._raw_view is None:
            self._raw_stale = True
        else:
            self._raw_view.set_frame(self.session.observations())

    def _dock(self, title: str, widget: QWidget | None, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_").lower())
        if widget is not None:
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
        bar, files, records = self.menuBar(), self.files, self.records
        f = bar.addMenu("&File")
        self.open_action = self._action(f, "&Open files…", self.open_files, QKeySequence.Open, "Open spreadsheets (Ctrl+O)")
        self._action(f, "Open &folder…", self.open_folder)
        f.addMenu(files.recent_menu)
        self._action(f, "&Reload all", self.reload_all, "F5", "Read every source again (F5)")
        f.addSeparator()
        self._action(f, "Open &workspace…", files.open_dialog, "Ctrl+Shift+O")
        self.save_action = self._action(f, "&Save workspace", files.save, QKeySequence.Save)
        self._action(f, "Save workspace &as…", files.save_as, "Ctrl+Shift+S")
        f.addSeparator()
        self._action(f, "Choose local &authority…", self.choose_la)
        self.export_action = self._action(f, "&Export…", self.open_export, "Ctrl+E")
        p = f.addMenu("&Print")
        self._action(p, "Print preview of the &grid…", self.grid.print_grid)
        self._action(p, "&Print the grid…", lambda: self.grid.print_grid(preview=False), QKeySequence.Print)
        self._action(p, "Print preview of the &committee table…", self.grid.print_committee_table)
        self._action(p, "Print the c&ommittee table…", lambda: self.grid.print_committee_table(preview=False))
        f.addSeparator()
        self._action(f, "&Quit", self.close, QKeySequence.Quit)
        e = bar.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence.Redo])
        e.addActions([undo, redo])
        e.addSeparator()
        self._action(e, "&Copy cells", self.copy_cells, None, "Copy the selected cells as a table (Ctrl+C)")
        self._action(e, "&Targets and tolerances…", lambda: self.edit_targets(self.grid_view.current_indicator()), "Ctrl+T")
        self._action(e, "Comparison &groups…", self.grid.edit_groups, None,
                     "Your own groups of authorities to compare with (core cities, an older neighbour model…)")
        self._action(e, "&Population for rates…", self.edit_population, None,
                     "The 0-17 population, for rates per 10,000 computed from lists of children")
        e.addSeparator()
        e.addAction(records.rules_action)
        v = bar.addMenu("&View")
        for dock in (self.sources_dock, self.details_dock, self.raw_dock):
            v.addAction(dock.toggleViewAction())
        self.trends_action = self._action(v, "&Trends", self.open_trends, "Ctrl+R", "Each indicator over time")
        v.addSeparator()
        v.addActions([records.drill_action, records.quality_action])
        h = bar.addMenu("&Help")
        self._action(h, "&User guide", lambda: show_user_guide(self), QKeySequence.HelpContents)
        self._action(h, "&Keyboard shortcuts", lambda: show_shortcuts(self))
        self._action(h, "&About cpdesk", lambda: show_about(self))

    def _connect(self) -> None:
        s, gv = self.session, self.grid_view
        s.observationsChanged.connect(self._show_observations)
        s.commentaryChanged.connect(self._commentary_changed)
        s.message.connect(self.messages.show_message)
        gv.cellSelected.connect(self._cell_selected)
        self.commentary.edited.connect(self.set_commentary)
        self.loader.changedOnDisk.connect(lambda path: self.messages.show_message(
            f"{Path(path).name} changed on disk.", "info", "Reload", lambda _=False, p=path: self.reload_source(p)))

    def needing_figures(self) -> list:
        """The controls and actions that need the real figures (held while a saved grid is shown)."""
        gv = self.grid_view
        return [gv.area, gv.comparator, gv.granularity, gv.latest, gv.up_to, self.export_action, self.trends_action]

    # -- start-up -----------------------------------------------------------------------
    def start(self, files=(), workspace: str | None = None, la: str | None = None, use_cache: bool = False) -> None:
        """Called once the window is shown: a workspace, a recovery offer, the built-in figures, files.

        With ``use_cache`` and nothing to open, the grid saved last time is painted first and the
        real figures replace it from the background (:mod:`cpdesk.ui.fast_start`).
        """
        from cpdesk.ui import fast_start
        if workspace:
            self.files.open(workspace, load_sources=False)
        self.files.offer_recovery()
        if use_cache and not files and not workspace and fast_start.show_cached(self, la):
            return
        code = self.settings.value("la/code")
        if la:
            self.set_la(la, dirty=None)   # a start, not a change to save
        elif self.settings.value("la/chosen") is None and self.ask_la and not self.session.workspace.la_code:
            self.choose_la(first_run=True)
        elif code and not self.session.workspace.la_code:
            self.set_la(str(code), dirty=None)
        else:
            self.session.load_national()
        if not self.session.has_grid():
            self.grid.show_grid()   # no authority chosen: the empty grid says what to do
        sources = list(self.session.workspace.sources) + list(files)
        if sources:
            self.load_paths(sources)

    def choose_la(self, first_run: bool = False) -> None:
        from cpdesk.ui.fast_start import authority_choices, remember_authority, show_for_authority
        from cpdesk.ui.la_chooser import LaChooser
        try:
            choices = authority_choices()
        except (ImportError, OSError, CpdeskError) as exc:
            self.messages.show_message(f"The list of local authorities is not available ({exc}).", "error")
            return
        dialog = LaChooser(choices, self.session.workspace.la_code, self)
        if dialog.exec():
            code = dialog.chosen.code if dialog.chosen else None
            if not (first_run and code and show_for_authority(self, code)):   # the shipped grid at once
                self.set_la(code)
        elif first_run:
            remember_authority(self.settings, None, None)

    def set_la(self, code: str | None, dirty: bool | None = True) -> None:
        """Use local authority ``code`` (or None for no LA), show its built-in figures and remember the choice."""
        from cpdesk.ui.fast_start import remember_authority
        try:
            self.session.set_la(code, dirty=dirty)
        except CpdeskError as exc:
            self.messages.show_message(str(exc), "error")
            return
        ws = self.session.workspace
        remember_authority(self.settings, ws.la_code, ws.la_name)

    # -- files ----------------------------------------------------------------------------
    def load_paths(self, paths) -> None:
        """Load files (and folders) in the background; a workspace file is opened instead."""
        paths = [str(p) for p in paths]
        workspaces = [p for p in paths if p.lower().endswith(".cpdesk")]
        if workspaces:
            self.files.open(workspaces[0])
        self.loader.load([p for p in paths if p not in workspaces])

    def load_paths_now(self, paths) -> None:
        """Load files on this thread (the --screenshot option, the self-test and tests use it)."""
        self.loader.load_now(paths)

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
        self.loader.load(self.session.source_paths())

    def reload_source(self, path: str) -> None:
        self.loader.load([path])

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

    # -- what the grid shows -------------------------------------------------------------------
    def set_comparator(self, comparator: str) -> None:
        self.session.set_options(comparator=comparator)

    def _cell_selected(self, row, cell, label: str) -> None:
        self.details.show_cell(row, cell, label)
        key = row.key if row is not None and row.kind == "indicator" else None
        self.commentary.show_indicator(key, row.name if key else "", self.session.commentary(key))

    def copy_cells(self) -> None:
        self.grid_view.table.copy_selection()

    # -- changes the user makes (undoable) -------------------------------------------------------
    def set_commentary(self, indicator_id: str, text: str) -> None:
        """Keep ``text`` as the indicator's commentary in the workspace (undoable)."""
        if self.session.commentary(indicator_id) != text:
            from cpdesk.ui.undo_commands import SetCommentary
            self.undo_stack.push(SetCommentary(self.session, indicator_id, text))

    def _commentary_changed(self, indicator_id: str) -> None:
        if self.commentary.indicator_id == indicator_id:
            self.commentary.set_text(self.session.commentary(indicator_id))

    def edit_targets(self, indicator_id: str | None = None) -> None:
        self.grid.edit_targets(indicator_id)

    def change_indicator_settings(self, indicator_id: str, settings: dict) -> None:
        self.grid.change_indicator_settings(indicator_id, settings)

    def edit_population(self) -> None:
        from cpdesk.ui.population_dialog import edit_population
        edit_population(self, self.records)

    def map_label(self, path: str, label: str) -> None:
        """Ask what ``label`` means; with several unrecognised labels, offer them all in one dialog."""
        from cpdesk.ui.mapping_dialog import ask_label_mappings
        s = self.session
        suggested = {e["label"]: e for r in s.loaded.values() for e in getattr(r, "labels", []) if e["status"] == "suggested"}
        self.apply_mappings(ask_label_mappings(self, label, s.unrecognised_labels(), s.catalogue(), s.workspace.mappings,
                                               suggested))

    def apply_mapping(self, label: str, mapping: dict) -> None:
        """Remember ``mapping`` ({"indicator": id} or {"local": {name, polarity, unit}}) and re-apply it."""
        self.apply_mappings({label: mapping})

    def apply_mappings(self, mappings: dict) -> None:
        """Map labels (``{label: mapping}``) in one undoable step; commentary on their rows moves with them."""
        if mappings:
            self.commentary.commit()   # typing on the label's row is kept before it moves
            from cpdesk.ui.undo_commands import MapLabels
            self.undo_stack.push(MapLabels(self.session, mappings))
            self.grid_view.emit_current()   # rows changed: details and commentary follow the selected cell

    # -- trends and export ---------------------------------------------------------------------
    def open_trends(self) -> None:
        """Show each indicator over time in a dock below the grid."""
        if self.trends_dock is None:
            from cpdesk.ui.trends_dock import TrendsDock
            self.trends_dock = TrendsDock(self.session, self.grid_view, self)
            self.addDockWidget(Qt.BottomDockWidgetArea, self.trends_dock)
        self.trends_dock.show()
        self.trends_dock.raise_()
        self.trends_dock.update_view()

    def open_export(self) -> None:
        from cpdesk.ui.export_dialog import open_export
        s = self.session
        open_export(self, s.observations(), s.catalogue(), s.grid(), s.workspace)

    # -- closing ------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        s = self.session
        if s.dirty and (s.workspace.sources or s.workspace_path):
            answer = QMessageBox.question(self, "Unsaved changes", "Save the workspace before closing?",
                                          QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
            if answer == QMessageBox.Cancel or (answer == QMessageBox.Save and not self.files.save()):
                event.ignore()
                return
        self.loader.cancel()
        self.loader.wait(3000)
        self.records.shutdown()
        self.files.closed()
        self.settings.setValue("window/geometry", self.saveGeometry())
        event.accept()

