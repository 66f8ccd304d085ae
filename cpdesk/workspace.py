"""Workspace files (``.cpdesk``): what a user set up, to refresh it next quarter.

A workspace is plain JSON with a version number: the source files (relative to the
workspace where possible), label mappings, targets, tolerances, polarity overrides, the
chosen local authority, comparator and commentary. It is written atomically; an autosave
copy in a recovery folder survives a crash.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cpdesk.errors import CpdeskError
from cpdesk.fileio import atomic_write

if TYPE_CHECKING:   # neither is imported at start-up: the window shows its first grid without them
    import pandas as pd

    from cpdesk.catalogue import Catalogue, Indicator

FORMAT = "cpdesk-workspace"
VERSION = 1
SUFFIX = ".cpdesk"
RECOVERY_NAME = "recovery.cpdesk"


@dataclass
class Workspace:
    """Everything a user set up. Paths in ``sources`` are absolute while in memory."""

    sources: list[str] = field(default_factory=list)
    mappings: dict[str, dict] = field(default_factory=dict)     # label -> {"indicator": id} or {"local": {...}}
    targets: dict[str, float] = field(default_factory=dict)      # indicator id -> target value
    tolerances: dict[str, dict] = field(default_factory=dict)    # id -> {"tolerance_pct", "target_tolerance_pct"}
    polarity: dict[str, str] = field(default_factory=dict)       # id -> higher / lower / none
    la_code: str | None = None
    la_name: str | None = None
    area: str | None = None
    comparator: str = "england"
    granularity: str = "auto"
    latest_n: int | None = None
    up_to: str | None = None                                     # the latest period shown (None: the files' latest)
    period_targets: dict[str, dict[str, float]] = field(default_factory=dict)   # id -> {period label: target}
    groups: list[dict] = field(default_factory=list)             # comparison groups: {"name", "members": [LA codes]}
    commentary: dict[str, str] = field(default_factory=dict)     # indicator id -> text
    records: dict = field(default_factory=dict)                  # counting settings for lists of children

    def __setattr__(self, name, value):
        # The 0-17 population is kept with the records settings ("population"). Settings written
        # back without it (the counting-rules dialog knows nothing of it) must not drop it.
        if name == "records" and isinstance(value, dict) and "population" not in value:
            kept = (self.__dict__.get("records") or {}).get("population")
            if kept is not None:
                value = {**value, "population": kept}
        super().__setattr__(name, value)

    @property
    def population(self) -> float | None:
        """The authority's 0-17 population for rates per 10,000 computed from records (None: not given)."""
        from cpdesk.records.computed_source import valid_population
        return valid_population(self.records.get("population"))

    @population.setter
    def population(self, value: float | None) -> None:
        from cpdesk.records.computed_source import valid_population
        if value is not None and valid_population(value) is None:
            raise CpdeskError("The 0-17 population must be a positive number.")
        self.records.pop("population", None)
        if value is not None:
            self.records["population"] = float(value)

    # -- catalogue and observations as this workspace sees them ---------------------
    def local_indicators(self) -> list[Indicator]:
        from cpdesk.catalogue import local_indicator
        out = []
        for label, m in self.mappings.items():
            spec = m.get("local")
            if spec:
                out.append(local_indicator(label, polarity=spec.get("polarity", "none"), unit=spec.get("unit", "number"),
                                           name=spec.get("name") or label))
        return out

    def catalogue(self, base: Catalogue | None = None) -> Catalogue:
        """The catalogue with local indicators, polarity overrides and tolerances applied."""
        from cpdesk.catalogue import POLARITIES, default_catalogue
        cat = (base or default_catalogue()).with_local(self.local_indicators())
        overrides: dict[str, dict] = {}
        for ind_id, tol in self.tolerances.items():
            overrides.setdefault(ind_id, {}).update({k: float(v) for k, v in tol.items()
                                                     if k in ("tolerance_pct", "target_tolerance_pct")})
        for ind_id, pol in self.polarity.items():
            if pol in POLARITIES:
                overrides.setdefault(ind_id, {})["polarity"] = pol
        return cat.with_overrides(overrides) if overrides else cat

    def apply_mappings(self, obs: pd.DataFrame) -> pd.DataFrame:
        """Give rows whose label the user mapped the indicator they chose (or their local indicator)."""
        if not self.mappings or obs.empty:
            return obs
        from cpdesk.catalogue import local_indicator
        ids = {}
        for label, m in self.mappings.items():
            if m.get("indicator"):
                ids[label] = m["indicator"]
            elif m.get("local"):
                ids[label] = local_indicator(label).id
        hit = obs["indicator"].isna() & obs["label"].isin(list(ids))
        if not hit.any():
            return obs
        obs = obs.copy()
        obs.loc[hit, "indicator"] = obs.loc[hit, "label"].map(ids)
        return obs

    def map_label(self, label: str, indicator: str | None = None, *, name: str | None = None,
                  polarity: str = "none", unit: str = "number") -> None:
        """Remember a mapping: to a catalogue indicator, or (``indicator=None``) a new local one."""
        from cpdesk.catalogue import POLARITIES, UNITS
        if indicator:
            self.mappings[label] = {"indicator": indicator}
        else:
            if polarity not in POLARITIES:
                raise CpdeskError(f"polarity must be one of {', '.join(POLARITIES)}")
            if unit not in UNITS:
                raise CpdeskError(f"unit must be one of {', '.join(UNITS)}")
            self.mappings[label] = {"local": {"name": name or label, "polarity": polarity, "unit": unit}}

    # -- files --------------------------------------------------------------------------
    def to_dict(self, base_dir: Path | None = None) -> dict:
        data = asdict(self)
        data["sources"] = [_relative(p, base_dir) for p in self.sources]
        return {"format": FORMAT, "version": VERSION, "saved": time.strftime("%Y-%m-%dT%H:%M:%S"), **data}

    @classmethod
    def from_dict(cls, data: dict, base_dir: Path | None = None) -> "Workspace":
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise CpdeskError("this is not a cpdesk workspace file.")
        version = data.get("version")
        if not isinstance(version, int) or version > VERSION:
            raise CpdeskError(f"this workspace was saved by a newer cpdesk (format version {version}); "
                              "update cpdesk to open it.")
        ws = cls()
        for name in ("mappings", "targets", "tolerances", "polarity", "commentary", "records"):
            value = data.get(name) or {}
            if not isinstance(value, dict):
                raise CpdeskError(f"the workspace's '{name}' is damaged (expected a table of values).")
            setattr(ws, name, dict(value))
        ws.targets = {k: float(v) for k, v in ws.targets.items() if v is not None}
        period_targets = data.get("period_targets") or {}
        if not isinstance(period_targets, dict) or not all(isinstance(v, dict) for v in period_targets.values()):
            raise CpdeskError("the workspace's 'period_targets' is damaged (expected targets by period).")
        ws.period_targets = {k: {str(p): float(t) for p, t in v.items() if t is not None}
                             for k, v in period_targets.items()}
        groups = data.get("groups") or []
        if not isinstance(groups, list) or not all(isinstance(g, dict) and isinstance(g.get("name"), str)
                                                   and isinstance(g.get("members"), list) for g in groups):
            raise CpdeskError("the workspace's 'groups' is damaged (expected named lists of authorities).")
        ws.groups = [{"name": g["name"], "members": [str(m) for m in g["members"]]} for g in groups]
        ws.sources = [_absolute(p, base_dir) for p in data.get("sources") or [] if isinstance(p, str)]
        for name in ("la_code", "la_name", "area", "comparator", "granularity", "latest_n", "up_to"):
            if data.get(name) is not None:
                setattr(ws, name, data[name])
        return ws


def save_workspace(ws: Workspace, path) -> Path:
    """Write ``ws`` to ``path`` atomically, with source paths relative to its folder where possible."""
    path = Path(path)
    if path.suffix.lower() != SUFFIX:
        path = path.with_suffix(SUFFIX)
    with atomic_write(path, "w", encoding="utf-8") as fh:
        json.dump(ws.to_dict(path.parent.resolve()), fh, indent=2, ensure_ascii=False)
    return path


def load_workspace(path) -> Workspace:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CpdeskError(f"{path}: the workspace could not be opened ({exc.strerror or exc}).") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CpdeskError(f"{path}: the workspace file is damaged (not valid JSON at line {exc.lineno}).") from exc
    try:
        return Workspace.from_dict(data, path.parent.resolve())
    except CpdeskError as exc:
        raise CpdeskError(f"{path}: {exc}") from exc


def missing_sources(ws: Workspace) -> list[str]:
    """Sources that are no longer where the workspace says (moved or renamed)."""
    return [p for p in ws.sources if not Path(p).exists()]


def relocate(ws: Workspace, old: str, new: str) -> list[str]:
    """Point ``old`` at ``new``; other missing sources in the same old folder are looked for in the new one.

    Returns the sources that were relocated.
    """
    moved = []
    old_dir, new_dir = Path(old).parent, Path(new).parent
    for i, p in enumerate(ws.sources):
        if p == old:
            ws.sources[i] = str(Path(new))
            moved.append(ws.sources[i])
        elif not Path(p).exists() and Path(p).parent == old_dir and (new_dir / Path(p).name).exists():
            ws.sources[i] = str(new_dir / Path(p).name)
            moved.append(ws.sources[i])
    return moved


# -- crash recovery ---------------------------------------------------------------------

def recovery_path(folder) -> Path:
    return Path(folder) / RECOVERY_NAME


def write_recovery(ws: Workspace, folder, workspace_path: str | None = None) -> Path:
    """Autosave: the workspace as it is now, with where it was last saved (if anywhere)."""
    target = recovery_path(folder)
    data = ws.to_dict(None)
    data["recovery_of"] = workspace_path
    with atomic_write(target, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False)
    return target


def read_recovery(folder) -> tuple[Workspace, str | None] | None:
    """The autosaved workspace left by a session that did not close normally, or None."""
    target = recovery_path(folder)
    if not target.exists():
        return None
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        return Workspace.from_dict(data, None), data.get("recovery_of")
    except (OSError, json.JSONDecodeError, CpdeskError):
        return None


def clear_recovery(folder) -> None:
    try:
        recovery_path(folder).unlink()
    except FileNotFoundError:
        pass


def _relative(p: str, base: Path | None) -> str:
    if base is None:
        return str(Path(p))
    try:
        return Path(os.path.relpath(Path(p).resolve(), base)).as_posix()
    except ValueError:  # another drive on Windows
        return str(Path(p))


def _absolute(p: str, base: Path | None) -> str:
    path = Path(p)
    if not path.is_absolute() and base is not None:
        path = (base / path).resolve()
    return str(path)


__all__ = ["Workspace", "save_workspace", "load_workspace", "missing_sources", "relocate", "write_recovery",
           "read_recovery", "clear_recovery", "recovery_path", "VERSION", "SUFFIX"]
