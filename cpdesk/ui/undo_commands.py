"""Undoable changes to a workspace's per-indicator settings (target, tolerances, polarity) and commentary."""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

SETTING_KEYS = ("target", "tolerance_pct", "target_tolerance_pct", "polarity")


def indicator_settings(ws, indicator_id: str) -> dict:
    """The workspace's own settings for one indicator (absent keys mean 'use the catalogue')."""
    out = {}
    if indicator_id in ws.targets:
        out["target"] = ws.targets[indicator_id]
    for k in ("tolerance_pct", "target_tolerance_pct"):
        if k in ws.tolerances.get(indicator_id, {}):
            out[k] = ws.tolerances[indicator_id][k]
    if indicator_id in ws.polarity:
        out["polarity"] = ws.polarity[indicator_id]
    return out


def apply_settings(ws, indicator_id: str, settings: dict) -> None:
    ws.targets.pop(indicator_id, None)
    ws.tolerances.pop(indicator_id, None)
    ws.polarity.pop(indicator_id, None)
    if settings.get("target") is not None:
        ws.targets[indicator_id] = float(settings["target"])
    tol = {k: float(settings[k]) for k in ("tolerance_pct", "target_tolerance_pct") if settings.get(k) is not None}
    if tol:
        ws.tolerances[indicator_id] = tol
    if settings.get("polarity"):
        ws.polarity[indicator_id] = settings["polarity"]


class SetIndicatorSettings(QUndoCommand):
    """Replace one indicator's settings; ``changed`` is called after do and undo."""

    def __init__(self, ws, indicator_id: str, new: dict, changed, name: str = ""):
        super().__init__(f"Change settings of {name or indicator_id}")
        self.ws, self.indicator_id, self.changed = ws, indicator_id, changed
        self.old = indicator_settings(ws, indicator_id)
        self.new = dict(new)

    def redo(self):
        apply_settings(self.ws, self.indicator_id, self.new)
        self.changed()

    def undo(self):
        apply_settings(self.ws, self.indicator_id, self.old)
        self.changed()


class SetCommentary(QUndoCommand):
    """Replace one indicator's commentary (no text removes it); ``changed(indicator_id)`` after do and undo.

    Typing runs for the same indicator merge into one step, so Undo takes back a whole
    paragraph's edit rather than each pause in it.
    """

    ID = 1201

    def __init__(self, ws, indicator_id: str, text: str, changed, name: str = ""):
        super().__init__(f"Commentary on {name or indicator_id}")
        self.ws, self.indicator_id, self.changed = ws, indicator_id, changed
        self.old = ws.commentary.get(indicator_id, "")
        self.new = text

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other) -> bool:
        if other.id() != self.ID or other.indicator_id != self.indicator_id or other.ws is not self.ws:
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)   # typed back to what it was: nothing to undo
        return True

    def _set(self, text: str) -> None:
        if text:
            self.ws.commentary[self.indicator_id] = text
        else:
            self.ws.commentary.pop(self.indicator_id, None)
        self.changed(self.indicator_id)

    def redo(self):
        self._set(self.new)

    def undo(self):
        self._set(self.old)
