"""The sources panel: what each file gave, and remove / reload / map a label / confirm a suggestion."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QPushButton, QTreeView, QVBoxLayout, QWidget

from cpdesk.models.sources_model import KindRole, LabelRole, PathRole, SourcesModel, SuggestionRole

RECORDS_KINDS = ("records", "records_list", "quality")


class SourcesPanel(QWidget):
    removeRequested = Signal(str)
    reloadRequested = Signal(str)
    mapRequested = Signal(str, str)      # path, label
    confirmRequested = Signal(str, str)  # label, the suggested indicator id
    qualityRequested = Signal(str)       # path of a file with a list of children

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self.model = SourcesModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Sources")
        self.tree.setSelectionMode(QAbstractItemView.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.reload_button = QPushButton("&Reload", self)
        self.reload_button.setAccessibleName("Reload the selected source")
        self.remove_button = QPushButton("Re&move", self)
        self.remove_button.setAccessibleName("Remove the selected source")
        self.confirm_button = QPushButton("&Confirm", self)
        self.confirm_button.setAccessibleName("Confirm the indicator suggested for the selected label")
        self.confirm_button.setToolTip("Use the suggested indicator for this label (remembered in the workspace)")
        self.map_button = QPushButton("Ma&p label…", self)
        self.map_button.setAccessibleName("Map the selected unrecognised label, or correct a suggestion")
        self.quality_button = QPushButton("Data &quality…", self)
        self.quality_button.setAccessibleName("Data-quality report of the selected list of children")
        for b in (self.reload_button, self.remove_button, self.confirm_button, self.map_button, self.quality_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.reload_button.clicked.connect(lambda: self._emit_path(self.reloadRequested))
        self.remove_button.clicked.connect(lambda: self._emit_path(self.removeRequested))
        self.map_button.clicked.connect(self._map)
        self.confirm_button.clicked.connect(self._confirm)
        self.quality_button.clicked.connect(lambda: self._emit_path(self.qualityRequested))
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.selectionModel().currentChanged.connect(self._update_buttons)
        self._update_buttons()

    def set_sources(self, entries, mappings: dict | None = None, catalogue=None) -> None:
        self.model.set_sources(entries, mappings, catalogue)
        self.tree.expandToDepth(0)
        self.tree.resizeColumnToContents(0)
        self._update_buttons()

    def selected_path(self) -> str | None:
        idx = self.tree.currentIndex()
        return idx.data(PathRole) if idx.isValid() else None

    def _emit_path(self, signal):
        path = self.selected_path()
        if path:
            signal.emit(path)

    def _map(self):
        idx = self.tree.currentIndex()
        if idx.isValid() and idx.data(KindRole) in ("label", "suggestion"):
            self.mapRequested.emit(idx.data(PathRole), idx.data(LabelRole))

    def _confirm(self):
        idx = self.tree.currentIndex()
        if idx.isValid() and idx.data(KindRole) == "suggestion" and idx.data(SuggestionRole):
            self.confirmRequested.emit(idx.data(LabelRole), idx.data(SuggestionRole))

    def _double_clicked(self, idx) -> None:
        kind = idx.data(KindRole)
        if kind in ("label", "suggestion"):
            self._map()
        elif kind in RECORDS_KINDS:
            self.qualityRequested.emit(idx.data(PathRole))

    def _update_buttons(self, *_):
        idx = self.tree.currentIndex()
        path = idx.data(PathRole) if idx.isValid() else None
        real = bool(path) and not str(path).startswith("builtin:")
        self.reload_button.setEnabled(real)
        self.remove_button.setEnabled(real)
        kind = idx.data(KindRole) if idx.isValid() else None
        self.map_button.setEnabled(kind in ("label", "suggestion"))
        self.confirm_button.setEnabled(kind == "suggestion")
        self.quality_button.setEnabled(idx.isValid() and idx.data(KindRole) in RECORDS_KINDS)

    def follow(self, session) -> None:
        """Show ``session``'s sources (a :class:`~cpdesk.ui.session_signals.SessionSignals`) whenever they change."""
        self.session = session
        session.sourcesChanged.connect(self.show_session_sources)
        session.observationsChanged.connect(self._show_answers)

    def _show_answers(self) -> None:
        """A suggestion the user confirmed or corrected says so (mappings change the observations)."""
        s = self.session
        self.model.mark_answered(s.workspace.mappings, s.catalogue())

    def show_session_sources(self) -> None:
        """The built-in national figures, then each loaded file."""
        from pathlib import Path

        from cpdesk.models.sources_model import SourceEntry
        from cpdesk.session import NATIONAL_SOURCE
        s = self.session
        entries = []
        if s.national is not None:
            from cpdesk import builtin_figures
            entries.append(SourceEntry(NATIONAL_SOURCE, "Built-in national figures",
                                       note=f"{len(s.national.observations):,} values for {s.workspace.la_name}; "
                                            f"{builtin_figures.attribution()}"))
        entries += [SourceEntry(path, Path(path).name, r, changed=path in s.changed_on_disk)
                    for path, r in s.loaded.items()]
        self.set_sources(entries, s.workspace.mappings, s.catalogue())


def attach_sources_panel(window, dock) -> SourcesPanel:
    """Build the window's Sources panel into ``dock``, showing and acting on its session's sources.

    The window builds it after the first paint (it sits behind the Details tab), so it shows what
    the session already has.
    """
    panel = SourcesPanel(window)
    panel.setMinimumWidth(window.fontMetrics().averageCharWidth() * 28)
    dock.setWidget(panel)
    panel.removeRequested.connect(window.session.remove_source)
    panel.reloadRequested.connect(window.reload_source)
    panel.mapRequested.connect(window.map_label)
    panel.confirmRequested.connect(lambda label, ind: window.apply_mapping(label, {"indicator": ind}))
    panel.qualityRequested.connect(window.records.show_quality)
    panel.follow(window.session)
    if window.session.national is not None or window.session.loaded:
        panel.show_session_sources()
    return panel
