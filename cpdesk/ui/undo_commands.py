"""Undo and redo for session operations: per-indicator settings (target, tolerances, polarity),
commentary and label mappings. Each command runs an operation of the session (through
:class:`cpdesk.ui.session_signals.SessionSignals`, so the views follow) and keeps what it needs
to run the opposite one.
"""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class SetIndicatorSettings(QUndoCommand):
    """Replace one indicator's target, tolerances and polarity."""

    def __init__(self, session, indicator_id: str, new: dict):
        super().__init__(f"Change settings of {session.indicator_name(indicator_id)}")
        self.session, self.indicator_id = session, indicator_id
        self.old = session.indicator_settings(indicator_id)
        self.new = dict(new)

    def redo(self):
        self.session.set_indicator_settings(self.indicator_id, self.new)

    def undo(self):
        self.session.set_indicator_settings(self.indicator_id, self.old)


class SetGroups(QUndoCommand):
    """Replace the user's comparison groups."""

    def __init__(self, session, groups: list[dict]):
        super().__init__("Change comparison groups")
        self.session = session
        self.old = [dict(g, members=list(g["members"])) for g in session.workspace.groups]
        self.new = [dict(g, members=list(g["members"])) for g in groups]

    def redo(self):
        self.session.set_groups(self.new)

    def undo(self):
        self.session.set_groups(self.old)


class SetCommentary(QUndoCommand):
    """Replace one indicator's commentary (no text removes it).

    Typing runs for the same indicator merge into one step, so Undo takes back a whole
    paragraph's edit rather than each pause in it.
    """

    ID = 1201

    def __init__(self, session, indicator_id: str, text: str):
        super().__init__(f"Commentary on {session.indicator_name(indicator_id)}")
        self.session, self.indicator_id = session, indicator_id
        self.old = session.commentary(indicator_id)
        self.new = text

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other) -> bool:
        if other.id() != self.ID or other.indicator_id != self.indicator_id or other.session is not self.session:
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)   # typed back to what it was: nothing to undo
        return True

    def redo(self):
        self.session.set_commentary({self.indicator_id: self.new})

    def undo(self):
        self.session.set_commentary({self.indicator_id: self.old})


class MapLabels(QUndoCommand):
    """Map unrecognised labels (``{label: mapping}``); commentary on their rows moves with them.

    Undo restores the mappings and the commentary as they were
    (:meth:`cpdesk.session.Session.commentary_after_mapping`).
    """

    def __init__(self, session, mappings: dict):
        labels = list(mappings)
        super().__init__(f"Map label {labels[0]}" if len(labels) == 1 else f"Map {len(labels)} labels")
        self.session = session
        ws = session.workspace
        self.new = {label: dict(m) for label, m in mappings.items()}
        self.old = {label: (dict(ws.mappings[label]) if label in ws.mappings else None) for label in labels}
        self.commentary_after = session.commentary_after_mapping(self.new)
        self.commentary_before = {k: ws.commentary.get(k) for k in self.commentary_after}

    def redo(self):
        self.session.set_mappings(self.new)
        if self.commentary_after:
            self.session.set_commentary(self.commentary_after)

    def undo(self):
        self.session.set_mappings(self.old)
        if self.commentary_before:
            self.session.set_commentary(self.commentary_before)
