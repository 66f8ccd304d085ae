"""Undoable changes to a workspace: per-indicator settings (target, tolerances, polarity), commentary, label mappings."""
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


def mapped_indicator_id(label: str, mapping: dict) -> str:
    """The indicator a label mapping gives the label's rows: the catalogue id, or the local indicator's id."""
    if mapping.get("indicator"):
        return mapping["indicator"]
    from cpdesk.catalogue import local_indicator
    return local_indicator(label).id


def _set_mapping(ws, label: str, mapping: dict | None) -> None:
    if mapping is None:
        ws.mappings.pop(label, None)
    elif mapping.get("indicator"):
        ws.map_label(label, mapping["indicator"])
    else:
        spec = mapping.get("local") or {}
        ws.map_label(label, None, name=spec.get("name"), polarity=spec.get("polarity", "none"),
                     unit=spec.get("unit", "number"))


class MapLabels(QUndoCommand):
    """Map unrecognised labels (``{label: mapping}``); ``changed()`` after do and undo.

    Commentary typed on a label's row (kept under ``label:<label>``) moves to the indicator the
    label now belongs to; if that indicator has commentary already, the label's follows it
    after a blank line. Undo restores the mappings and the commentary as they were.
    """

    def __init__(self, ws, mappings: dict, changed):
        labels = list(mappings)
        super().__init__(f"Map label {labels[0]}" if len(labels) == 1 else f"Map {len(labels)} labels")
        self.ws, self.changed = ws, changed
        self.new = {label: dict(m) for label, m in mappings.items()}
        self.old = {label: (dict(ws.mappings[label]) if label in ws.mappings else None) for label in labels}
        after = dict(ws.commentary)
        for label, mapping in self.new.items():
            text = after.pop(f"label:{label}", "")
            if not text.strip():
                continue
            target = mapped_indicator_id(label, mapping)
            there = after.get(target, "")
            after[target] = f"{there.rstrip()}\n\n{text}" if there.strip() and text not in there else (there or text)
        touched = {k for k in set(after) | set(ws.commentary) if after.get(k) != ws.commentary.get(k)}
        self.commentary_before = {k: ws.commentary.get(k) for k in touched}
        self.commentary_after = {k: after.get(k) for k in touched}

    def _apply(self, mappings: dict, commentary: dict) -> None:
        for label, mapping in mappings.items():
            _set_mapping(self.ws, label, mapping)
        for key, text in commentary.items():
            if text:
                self.ws.commentary[key] = text
            else:
                self.ws.commentary.pop(key, None)
        self.changed()

    def redo(self):
        self._apply(self.new, self.commentary_after)

    def undo(self):
        self._apply(self.old, self.commentary_before)
