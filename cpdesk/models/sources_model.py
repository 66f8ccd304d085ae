"""The sources panel's model: each file › sheet › table, with counts, warnings, the indicators
cpdesk suggests for labels it was not sure of, and unrecognised labels."""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

PathRole = Qt.UserRole + 1    # the source file path of any node
KindRole = Qt.UserRole + 2    # file / sheet / table / left_out / warnings / warning / unrecognised / label / suggestions /
                              # suggestion / records / quality
LabelRole = Qt.UserRole + 3   # for an unrecognised label or a suggestion node: the label text
SuggestionRole = Qt.UserRole + 4   # for a suggestion node: the suggested indicator id


@dataclass
class SourceEntry:
    """One loaded source as the panel shows it (``result`` is an ImportResult, or None for built-in data)."""

    path: str
    name: str
    result: object | None = None
    changed: bool = False
    note: str = ""


@dataclass
class _Node:
    kind: str
    text: str
    detail: str = ""
    path: str = ""
    label: str = ""
    indicator: str = ""
    info: dict = field(default_factory=dict)   # for a suggestion: the importer's entry for its label
    parent: "_Node | None" = None
    children: list["_Node"] = field(default_factory=list)
    row: int = 0

    def add(self, node: "_Node") -> "_Node":
        node.parent = self
        node.row = len(self.children)
        self.children.append(node)
        return node


HEADERS = ("Source", "Details")


class SourcesModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._root = _Node("root", "")
        self._entries: list[SourceEntry] = []

    def set_sources(self, entries: list[SourceEntry], mappings: dict | None = None, catalogue=None) -> None:
        """Show ``entries``; ``mappings`` (label -> mapping) marks suggestions the user has answered,
        ``catalogue`` names the suggested indicators."""
        self.beginResetModel()
        self._entries = list(entries)
        self._root = _Node("root", "")
        for e in entries:
            self._root.add(_file_node(e, mappings or {}, catalogue))
        self.endResetModel()

    def mark_answered(self, mappings: dict, catalogue=None) -> None:
        """Show on each suggestion what the user has said since (confirmed, corrected), in place."""
        def walk(node: _Node):
            for child in node.children:
                if child.kind == "suggestion":
                    detail = _suggestion_node(child.info, mappings.get(child.label), catalogue, child.path).detail
                    if detail != child.detail:
                        child.detail = detail
                        idx = self.createIndex(child.row, 1, child)
                        self.dataChanged.emit(idx, idx)
                walk(child)
        walk(self._root)

    def entries(self) -> list[SourceEntry]:
        return list(self._entries)

    # -- Qt interface -------------------------------------------------------------------
    def _node(self, index: QModelIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row, column, parent=QModelIndex()):
        node = self._node(parent)
        if 0 <= row < len(node.children) and 0 <= column < 2:
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        node = index.internalPointer()
        p = node.parent
        if p is None or p is self._root:
            return QModelIndex()
        return self.createIndex(p.row, 0, p)

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 2

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        node: _Node = index.internalPointer()
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            return node.text if index.column() == 0 else node.detail
        if role == Qt.ToolTipRole:
            return f"{node.text}\n{node.detail}".strip()
        if role == PathRole:
            return node.path
        if role == KindRole:
            return node.kind
        if role == LabelRole:
            return node.label
        if role == SuggestionRole:
            return node.indicator or None
        return None

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return HEADERS[section]
        return None


def _file_node(e: SourceEntry, mappings: dict, catalogue) -> _Node:
    r = e.result
    if r is None:
        return _Node("file", e.name, e.note, path=e.path)
    n_obs = len(r.observations)
    detail = f"{n_obs:,} values, {len(r.tables)} table(s)"
    accounts = [t.accounting for t in r.tables if getattr(t, "accounting", None) is not None]
    if accounts:
        detail += (f"; {sum(a.read_cells for a in accounts):,} of {sum(a.value_cells for a in accounts):,} "
                   "value cells read")
    if r.unrecognised:
        detail += f", {len(r.unrecognised)} unrecognised label(s)"
    rec = getattr(r, "records", None)
    if rec is not None:
        detail += f"; {rec.n_records:,} records, {rec.n_problems:,} data-quality problem(s)"
    if e.changed:
        detail = "Changed on disk: reload to update. " + detail
    node = _Node("file", ("⟳ " if e.changed else "") + e.name, detail, path=e.path)
    if rec is not None:
        _records_nodes(node, rec, e.path)
    sheets: dict[str, _Node] = {}
    for t in r.tables:
        sheet = sheets.get(t.sheet)
        if sheet is None:
            sheet = sheets[t.sheet] = node.add(_Node("sheet", t.sheet, "", path=e.path))
        title = f" — {t.title}" if t.title else ""
        acc = getattr(t, "accounting", None)
        counted = acc.line() if acc is not None else f"{t.observations:,} values"
        table = sheet.add(_Node("table", f"{t.range}{title}",
                                f"{t.layout}; {counted}, {t.indicators} indicator(s)"
                                + (f", {t.unrecognised} unrecognised" if t.unrecognised else ""), path=e.path))
        if acc is not None:
            # the value cells left out, each with why, so nothing is lost without a word
            for x in acc.left_out:
                table.add(_Node("left_out", f"Not read: {x.cell} '{x.text}'", x.reason, path=e.path))
            if acc.n_left_out > len(acc.left_out):
                table.add(_Node("left_out", f"Not read: {acc.n_left_out - len(acc.left_out):,} more cells", "",
                                path=e.path))
    for s, sheet in sheets.items():
        sheet.detail = f"{len(sheet.children)} table(s)"
    suggestions = [x for x in (getattr(r, "labels", None) or []) if x["status"] == "suggested"]
    suggested = {x["label"] for x in suggestions}
    if suggestions:
        sn = node.add(_Node("suggestions", "Suggested indicators",
                            f"{len(suggestions)} — not sure enough to use: Confirm one, or Map label… to correct it",
                            path=e.path))
        for x in suggestions:
            sn.add(_suggestion_node(x, mappings.get(x["label"]), catalogue, e.path))
    unrecognised = [u for u in r.unrecognised if u["label"] not in suggested]
    if unrecognised:
        un = node.add(_Node("unrecognised", "Unrecognised labels", f"{len(unrecognised)} — double-click one to map it",
                            path=e.path))
        for u in unrecognised:
            un.add(_Node("label", str(u["label"]), f"{u['sheet']} › {u['cell']}, {u['count']} value(s)", path=e.path,
                         label=str(u["label"])))
    if r.warnings:
        w = node.add(_Node("warnings", "Warnings", f"{len(r.warnings)}", path=e.path))
        for text in r.warnings:
            w.add(_Node("warning", text, "", path=e.path))
    if getattr(r, "hidden_sheets", None):
        node.add(_Node("warning", "Hidden sheets were read", ", ".join(r.hidden_sheets), path=e.path))
    return node


def _suggestion_node(x: dict, answered: dict | None, catalogue, path: str) -> _Node:
    """One suggestion: the label, what cpdesk thinks it is and why, or what the user said."""
    def name(ind_id):
        ind = catalogue.get(ind_id) if catalogue is not None and ind_id else None
        return ind.name if ind else ind_id
    if answered and answered.get("indicator"):
        detail = f"✔ confirmed: {name(answered['indicator'])}"
    elif answered:
        detail = "✔ answered: a local indicator"
    else:
        detail = f"? {name(x['indicator'])} — {x['explanation']} ({x['sheet']} › {x['cell']}, {x['count']} value(s))"
    return _Node("suggestion", str(x["label"]), detail, path=path, label=str(x["label"]), indicator=x["indicator"] or "",
                 info=x)


def _records_nodes(node: _Node, rec, path: str) -> None:
    """A list of children: what was read, and the data-quality report (double-click opens it)."""
    rn = node.add(_Node("records", "Computed from records", rec.summary(), path=path))
    for line in rec.lists():
        rn.add(_Node("records_list", line, "", path=path))
    rn.add(_Node("quality", f"Data quality ({rec.n_problems:,})",
                 f"{rec.n_excluded:,} record(s) left out of the figures — double-click to see each problem and its row",
                 path=path))


__all__ = ["SourcesModel", "SourceEntry", "PathRole", "KindRole", "LabelRole", "SuggestionRole"]
