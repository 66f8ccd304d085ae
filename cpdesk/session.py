"""What is loaded, chosen and shown: one Qt-free session that the window and the command line share.

A :class:`Session` owns the workspace (what the user set up), the sources read from files,
the built-in national figures of the chosen authority and the dirty flag. Operations
(:meth:`Session.set_la`, :meth:`Session.add_loaded`, :meth:`Session.map_labels`, …) change
it and return :class:`Changes`, a small record of what changed; queries
(:meth:`Session.observations`, :meth:`Session.grid`, :meth:`Session.summary`,
:meth:`Session.trend`) compute from it, once per change. The window re-emits the changes as
Qt signals (:mod:`cpdesk.ui.session_signals`); ``cpdesk summary`` and ``cpdesk inspect``
drive the same object, so the app and the command line combine files and national figures
the same way.

Files are read by :func:`read_source`, the one place a source file is read, on whatever
thread the caller chooses (the window's load worker, or the command line's own).
Nothing heavy is imported here at start-up: pandas comes with the first query.
"""
from __future__ import annotations

import dataclasses
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cpdesk.errors import CpdeskError
from cpdesk.workspace import Workspace

if TYPE_CHECKING:   # imported when first used, so the window paints before pandas is imported
    import pandas as pd

    from cpdesk.catalogue import Catalogue
    from cpdesk.grid_types import Grid
    from cpdesk.records.computed_source import RecordsSettings
    from cpdesk.records.file_loading import LoadedFile

log = logging.getLogger(__name__)

#: The key the built-in national figures have among the sources.
NATIONAL_SOURCE = "builtin:national"
#: Settings a user keeps per indicator (absent keys mean "use the catalogue").
INDICATOR_SETTING_KEYS = ("target", "period_targets", "tolerance_pct", "target_tolerance_pct", "polarity")


@dataclass(frozen=True)
class Changes:
    """What an operation changed, so each view re-draws only that (as Anki's ``OpChanges``).

    ``observations`` implies the grid changed too; ``messages`` are ``(text, level)`` pairs
    for the user, level one of info, warning, error.
    """

    sources: bool = False          # the list of sources, or their state (changed on disk)
    observations: bool = False     # the combined observations (raw data, trends, labels to map)
    grid: bool = False             # what the grid shows (options, targets, polarity, …)
    commentary: tuple[str, ...] = ()   # indicators whose commentary changed
    workspace: bool = False        # another workspace, or its file name
    dirty: bool = False            # the unsaved-changes flag changed
    messages: tuple[tuple[str, str], ...] = ()

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(*(a + tuple(x for x in b if x not in a) if isinstance(a, tuple) else a or b
                         for a, b in zip(dataclasses.astuple(self), dataclasses.astuple(other))))

    def __bool__(self) -> bool:
        return any(dataclasses.astuple(self))


NOTHING = Changes()


@dataclass
class ReadOptions:
    """How :func:`read_source` reads a file for this session (picklable, for a worker)."""

    default_area: str | None = None
    records_settings: object | None = None        # RecordsSettings: counting rules for lists of children
    records_store: str | None = None              # the user's remembered column mappings for such lists


def read_source(path, options: ReadOptions | None = None, *, progress=None, cancelled=None) -> "LoadedFile":
    """Read one source file: the figures in its tables and those computed from its lists of children.

    The one place the app (its load worker) and the command line read a file.

    Raises
    ------
    CpdeskError
        The file cannot be read (the message names it and says what to do).
    ImportCancelled
        ``cancelled()`` became true.
    """
    from cpdesk.importing.guarded import load_file  # in the guarded worker process: no file can take us down
    options = options or ReadOptions()
    return load_file(os.fspath(path), default_area=options.default_area, settings=options.records_settings,
                     store_path=options.records_store, progress=progress, cancelled=cancelled)


@dataclass
class NationalFigures:
    """One authority's built-in figures: observations (with neighbours, region, England) and ranks."""

    code: str
    name: str | None
    observations: "pd.DataFrame"
    ranks: "pd.DataFrame | None" = None


def read_national(code: str) -> NationalFigures:
    """The built-in national figures for authority ``code`` (may take a second: call it off the UI thread)."""
    from cpdesk import builtin_figures
    la = builtin_figures.find_authority(code)
    return NationalFigures(code, la.name if la else None, builtin_figures.figures_for(code),
                           builtin_figures.rank_table(code))


@dataclass(frozen=True)
class PeriodChoice:
    """The periods the grid shows, which trends and exports follow.

    ``granularity`` is years, quarters, months or snapshots; ``up_to`` the latest period
    (comparators, target and rank are for it); ``shown`` every period column (years beside
    quarters included), ``periods`` those of ``granularity``, ``choices`` every period of
    ``granularity`` there is, oldest first. Labels are the periods' canonical labels.
    """

    granularity: str
    up_to: str
    shown: tuple[str, ...]
    periods: tuple[str, ...]
    choices: tuple[str, ...]


@dataclass
class Session:
    """What is loaded, chosen and shown. No Qt: tests and the command line drive it directly.

    Parameters
    ----------
    workspace : Workspace, optional
        What the user set up (a fresh one by default).
    records_store : str, optional
        Where the user's column mappings for lists of children are remembered.
    """

    workspace: Workspace = field(default_factory=Workspace)
    records_store: str | None = None
    workspace_path: str | None = None
    loaded: dict = field(default_factory=dict)          # absolute path -> LoadedFile
    changed_on_disk: set = field(default_factory=set)
    national: NationalFigures | None = None
    national_pending: bool = False      # a grid saved earlier is shown while the national figures load
    dirty: bool = False
    area_names: dict = field(default_factory=dict)     # an area as the files write it -> the authority's name
    _obs: object = field(default=None, repr=False)
    _catalogue: object = field(default=None, repr=False)
    _grid: object = field(default=None, repr=False)
    _saved_grid: object = field(default=None, repr=False)   # shown while national_pending
    _groups: object = field(default=None, repr=False)       # the comparison groups' observations

    # -- queries ----------------------------------------------------------------------------
    def read_options(self) -> ReadOptions:
        """How files are read now: unnamed areas are the chosen authority's, lists follow the counting rules."""
        return ReadOptions(self.workspace.la_name or None, self.records_settings(), self.records_store)

    def catalogue(self) -> "Catalogue":
        """The indicator catalogue with the user's local indicators, polarity and tolerances."""
        if self._catalogue is None:
            self._catalogue = self.workspace.catalogue()
        return self._catalogue

    def observations(self) -> "pd.DataFrame":
        """Every observation: each source's, then the built-in national figures, with label mappings applied."""
        if self._obs is None:
            import pandas as pd

            from cpdesk.observations import empty_frame, normalise_frame
            # the user's own figures first: where a file and the national figures give the same
            # figure, the summary (like the grid) shows the file's and notes the national one
            frames = [r.observations for r in self.loaded.values() if len(r.observations)]
            if self.national is not None and len(self.national.observations):
                frames.append(self.national.observations)
            groups = self.group_observations()
            if groups is not None and len(groups):
                frames.append(groups)
            obs = (normalise_frame(pd.concat(frames, ignore_index=True)) if len(frames) > 1 else
                   frames[0] if frames else empty_frame())
            if self.area_names and len(obs):
                obs = obs.assign(area=obs["area"].replace(self.area_names))
            self._obs = self.workspace.apply_mappings(obs)
        return self._obs

    def grid(self) -> "Grid":
        """The indicator grid for the chosen area, comparator and periods (a saved one while figures load)."""
        if self.national_pending and self._saved_grid is not None:
            return self._saved_grid
        if self._grid is None:
            from cpdesk.grid import GridOptions, build_grid
            ws = self.workspace
            options = GridOptions(area=ws.area, comparator=ws.comparator, granularity=ws.granularity,
                                  latest_n=ws.latest_n, up_to=ws.up_to, targets=dict(ws.targets),
                                  period_targets={k: dict(v) for k, v in ws.period_targets.items()})
            self._grid = build_grid(self.observations(), self.catalogue(), options, rank_table=self._ranks())
        return self._grid

    def group_observations(self) -> "pd.DataFrame | None":
        """The user's comparison groups as observations (their means from the built-in figures), or None."""
        if not self.workspace.groups:
            return None
        if self._groups is None:
            from cpdesk.benchmarks.groups import groups_observations
            try:
                self._groups = groups_observations(self.workspace.groups, self.workspace.la_code)
            except (CpdeskError, OSError, ValueError) as exc:
                log.warning("comparison groups: %s", exc)
                self._groups = None
                return None
        return self._groups

    def period_choice(self) -> "PeriodChoice":
        """The one choice of periods the grid, trends and exports share (what the grid shows now)."""
        grid = self.grid()
        return PeriodChoice(grid.granularity, grid.up_to, tuple(grid.period_labels()),
                            tuple(c.label for c in grid.columns if c.kind == "period" and c.granularity == grid.granularity),
                            tuple(grid.up_to_choices))

    def has_grid(self) -> bool:
        """Whether a grid is there to show without building one (the window paints nothing else first)."""
        return self._grid is not None or (self.national_pending and self._saved_grid is not None)

    def latest_n(self) -> int:
        """How many periods of its granularity the grid shows (the user's choice, else as many as it shows)."""
        from cpdesk.presentation import defaults
        if self.workspace.latest_n:
            return self.workspace.latest_n
        grid = self.grid()
        shown = sum(1 for c in grid.columns if c.kind == "period" and c.granularity == grid.granularity)
        return shown or int(defaults()["latest_n"].get(grid.granularity, 6))

    def _ranks(self):
        ws = self.workspace
        if self.national is None or self.national.ranks is None or not ws.area or ws.area != ws.la_name:
            return None
        return self.national.ranks

    def indicators(self, area: str | None = None) -> list[str]:
        """Row keys (indicator ids, ``label:`` keys) ``area`` (default: the grid's) has a value for."""
        from cpdesk.vocabulary import indicators_of_area
        area = area or self.workspace.area or self.grid().area
        return indicators_of_area(self.observations(), area) if area else []

    def unrecognised_labels(self) -> list[dict]:
        """Labels no indicator matched: ``{"label", "where", "count"}`` (see :func:`cpdesk.mappings.unrecognised_labels`)."""
        from cpdesk.mappings import unrecognised_labels
        return unrecognised_labels(self.observations())

    def records_settings(self) -> "RecordsSettings":
        """The counting rules for lists of children (and the 0-17 population for rates)."""
        from cpdesk.records.computed_source import RecordsSettings
        return RecordsSettings.from_dict(self.workspace.records)

    def records_sources(self) -> list:
        """(path, RecordsSource) for every loaded file holding lists of children."""
        return [(p, r.records) for p, r in self.loaded.items() if getattr(r, "records", None) is not None]

    def indicator_settings(self, indicator_id: str) -> dict:
        """The user's own target, tolerances and polarity for one indicator (absent keys: the catalogue's)."""
        ws, out = self.workspace, {}
        if indicator_id in ws.targets:
            out["target"] = ws.targets[indicator_id]
        if ws.period_targets.get(indicator_id):
            out["period_targets"] = dict(ws.period_targets[indicator_id])
        for k in ("tolerance_pct", "target_tolerance_pct"):
            if k in ws.tolerances.get(indicator_id, {}):
                out[k] = ws.tolerances[indicator_id][k]
        if indicator_id in ws.polarity:
            out["polarity"] = ws.polarity[indicator_id]
        return out

    def indicator_name(self, indicator_id: str) -> str:
        ind = self.catalogue().get(indicator_id)
        return ind.name if ind else indicator_id

    def commentary(self, indicator_id: str | None) -> str:
        return self.workspace.commentary.get(indicator_id, "") if indicator_id else ""

    def commentary_after_mapping(self, mappings: dict[str, dict]) -> dict[str, str | None]:
        """How mapping labels moves commentary: ``{indicator key: new text or None}`` for each key that changes.

        Commentary typed on a label's row (kept under ``label:<label>``) moves to the indicator
        the label is mapped to; if that indicator has commentary already, the label's follows
        it after a blank line.
        """
        from cpdesk.mappings import mapped_ids
        before = self.workspace.commentary
        after = dict(before)
        for label, target in mapped_ids(mappings).items():
            text = after.pop(f"label:{label}", "")
            if not text.strip():
                continue
            there = after.get(target, "")
            after[target] = f"{there.rstrip()}\n\n{text}" if there.strip() and text not in there else (there or text)
        return {k: after.get(k) for k in set(after) | set(before) if after.get(k) != before.get(k)}

    def source_paths(self) -> list[str]:
        """Every source to read again: those loaded, then those the workspace names but that are not loaded."""
        return list(self.loaded) + [p for p in self.workspace.sources if p not in self.loaded]

    def summary(self, *, area: str | None = None, compare: str | None = None, periods=None, indicators=None,
                commentary: dict | None = None, threshold: int | None = None):
        """The committee table for ``area`` (default: the chosen one, else the one authority in the data).

        The built-in national figures are included exactly as the grid includes them.
        """
        from cpdesk.export.committee_table import build_committee_table
        ws = self.workspace
        return build_committee_table(self.observations(), catalogue=self.catalogue(), area=area or ws.area,
                                     compare=compare or ws.comparator, periods=periods, indicators=indicators,
                                     commentary=ws.commentary if commentary is None else commentary,
                                     threshold=threshold, targets=dict(ws.targets) or None)

    def trend(self, indicator_id: str, area: str | None = None):
        """One indicator over time against the comparators (:func:`cpdesk.trends.build_trend`)."""
        from cpdesk.trends import build_trend
        return build_trend(self.observations(), self.catalogue(), area or self.grid().area, indicator_id)

    def authority_in_data(self) -> tuple[str, str] | None:
        """(code, the area as the files write it) of the one known authority the files hold figures for, else None."""
        from cpdesk import builtin_figures
        from cpdesk.summary import local_areas
        found = {}
        for area in local_areas(self.observations()):
            la = builtin_figures.find_authority(area)
            if la is not None:
                found.setdefault(la.code, area)
        return next(iter(found.items())) if len(found) == 1 else None

    # -- operations -------------------------------------------------------------------------
    def _changed(self, *, observations: bool = False, dirty: bool | None = True, **more) -> Changes:
        """Forget what the change makes stale and say what changed."""
        if observations:
            self._obs = None
            self._groups = None     # a group's rank note names the chosen authority
        self._catalogue = None
        self._grid = None
        flag = False
        if dirty is not None and dirty != self.dirty:
            self.dirty, flag = dirty, True
        return Changes(observations=observations, grid=True, dirty=flag, **more)

    def set_la(self, code: str | None, *, dirty: bool | None = True) -> Changes:
        """Use local authority ``code`` (a code or name; None for no authority) and its built-in figures.

        Raises
        ------
        CpdeskError
            cpdesk knows no authority by that code or name.
        """
        from cpdesk import builtin_figures
        la = builtin_figures.find_authority(code) if code else None
        if code and la is None:
            raise CpdeskError(f"'{code}' is not a local authority cpdesk knows.")
        ws = self.workspace
        ws.la_code, ws.la_name, ws.area = (la.code, la.name, la.name) if la else (None, None, None)
        return self.load_national(dirty=dirty)

    def load_national(self, *, dirty: bool | None = None) -> Changes:
        """Read the chosen authority's built-in figures now (on this thread)."""
        code = self.workspace.la_code
        if not code:
            self.national = None
            return self._changed(observations=True, sources=True, dirty=dirty)
        try:
            figures = read_national(code)
        except CpdeskError as exc:
            self.national = None
            return self._changed(observations=True, sources=True, dirty=dirty, messages=((str(exc), "error"),))
        except (ImportError, OSError, KeyError, ValueError) as exc:
            log.exception("built-in figures")
            self.national = None
            return self._changed(observations=True, sources=True, dirty=dirty, messages=(
                (f"The built-in national figures could not be read ({exc}).", "error"),))
        return self.use_national(figures, dirty=dirty)

    def use_national(self, figures: NationalFigures | None, *, dirty: bool | None = None) -> Changes:
        """Take national figures read elsewhere (a background load).

        None (they could not be read), or figures of an authority no longer chosen, change
        nothing but end the wait: the grid is built from what is there.
        """
        self.national_pending, self._saved_grid = False, None
        ws = self.workspace
        if figures is None or figures.code != ws.la_code:
            return self._changed(observations=True, dirty=None)
        self.national = figures
        if figures is not None and figures.name:
            ws.la_name = figures.name
            ws.area = ws.area or figures.name
        return self._changed(observations=True, sources=True, dirty=dirty)

    def show_saved_grid(self, code: str, name: str, grid: "Grid", *, chosen: bool = False) -> Changes:
        """Show a grid saved earlier for authority ``code`` until :meth:`use_national` brings the real figures."""
        ws = self.workspace
        ws.la_code, ws.la_name = code, name
        ws.area = ws.area or name
        self.national_pending = True
        self._saved_grid = grid
        return self._changed(dirty=True if chosen else None)

    def add_loaded(self, path: str, loaded: "LoadedFile") -> Changes:
        """Add (or replace) the source read from ``path``; its first warnings are messages."""
        path = str(Path(path).resolve())
        self.loaded[path] = loaded
        self.changed_on_disk.discard(path)
        new = path not in self.workspace.sources
        if new:
            self.workspace.sources.append(path)
        # A council's own "Higher is better" beside a label cpdesk does not know makes it a local
        # indicator with that polarity (unless the user has already said what the label is).
        suggested = getattr(getattr(loaded, "imported", None), "suggested_mapping", None)
        for label, mapping in (suggested() if suggested else {}).items():
            self.workspace.mappings.setdefault(label, mapping)
        return self._changed(observations=True, sources=True, dirty=True if new else None,
                             messages=tuple((w, "warning") for w in loaded.warnings[:3]))

    def add_sources(self, paths, *, progress=None, cancelled=None) -> tuple[Changes, list[str]]:
        """Read files on this thread and add them: (what changed, a message per file that could not be read)."""
        changes, errors = NOTHING, []
        for path in paths:
            try:
                changes |= self.add_loaded(path, read_source(path, self.read_options(), progress=progress,
                                                             cancelled=cancelled))
            except CpdeskError as exc:
                errors.append(str(exc) if Path(path).name in str(exc) else f"{Path(path).name}: {exc}")
        return changes, errors

    def remove_source(self, path: str) -> Changes:
        self.loaded.pop(path, None)
        self.changed_on_disk.discard(path)
        if path in self.workspace.sources:
            self.workspace.sources.remove(path)
        return self._changed(observations=True, sources=True)

    def mark_changed_on_disk(self, path: str) -> Changes:
        """A loaded file changed on disk (it is shown so, with an offer to read it again)."""
        if path not in self.loaded:
            return NOTHING
        self.changed_on_disk.add(path)
        return Changes(sources=True)

    def set_options(self, *, area: str | None = None, comparator: str | None = None, granularity: str | None = None,
                    latest_n: int | None = None, up_to: str | None = None) -> Changes:
        """Choose the area, comparator (a role, a comparison group or an area name) and the periods the grid shows.

        The periods are one choice that the grid, trends and exports share: their kind
        (``granularity``), how many (``latest_n``) and the latest (``up_to``, a period label).
        A new granularity starts again from the span of the user's files. Choosing what is
        already chosen changes nothing.
        """
        ws = self.workspace
        before = (ws.area, ws.comparator, ws.granularity, ws.latest_n, ws.up_to)
        if area is not None:
            ws.area = area
        if comparator is not None:
            ws.comparator = comparator
        if granularity is not None and granularity != ws.granularity:
            ws.granularity, ws.latest_n, ws.up_to = granularity, None, None
        else:
            if latest_n is not None and (ws.latest_n or latest_n != self._shown_n()):
                ws.latest_n = latest_n
            if up_to is not None and up_to != (self._grid.up_to if self._grid is not None else ws.up_to):
                ws.up_to = up_to
        if (ws.area, ws.comparator, ws.granularity, ws.latest_n, ws.up_to) == before:
            return NOTHING
        return self._changed()

    def _shown_n(self) -> int | None:
        return self.latest_n() if self._grid is not None else None

    def set_groups(self, groups: list[dict]) -> Changes:
        """Keep the user's comparison groups (``[{"name", "members": [LA codes]}]``); each is offered as a comparator."""
        from cpdesk.benchmarks.groups import check_groups
        self.workspace.groups = check_groups(groups)
        self._groups = None
        return self._changed(observations=True)

    def set_indicator_settings(self, indicator_id: str, settings: dict) -> Changes:
        """Replace one indicator's targets, tolerances and polarity (missing keys: the catalogue's).

        ``target`` applies to every period; ``period_targets`` (``{period label: target}``) to
        one period each, before ``target``.
        """
        ws = self.workspace
        ws.targets.pop(indicator_id, None)
        ws.period_targets.pop(indicator_id, None)
        ws.tolerances.pop(indicator_id, None)
        ws.polarity.pop(indicator_id, None)
        if settings.get("target") is not None:
            ws.targets[indicator_id] = float(settings["target"])
        per_period = {str(k): float(v) for k, v in (settings.get("period_targets") or {}).items() if v is not None}
        if per_period:
            ws.period_targets[indicator_id] = per_period
        tol = {k: float(settings[k]) for k in ("tolerance_pct", "target_tolerance_pct") if settings.get(k) is not None}
        if tol:
            ws.tolerances[indicator_id] = tol
        if settings.get("polarity"):
            ws.polarity[indicator_id] = settings["polarity"]
        return self._changed()

    def set_commentary(self, texts: dict[str, str | None]) -> Changes:
        """Set commentary per indicator (no text removes it). The grid is not rebuilt."""
        for key, text in texts.items():
            if text:
                self.workspace.commentary[key] = text
            else:
                self.workspace.commentary.pop(key, None)
        flag = not self.dirty
        self.dirty = True
        return Changes(commentary=tuple(texts), dirty=flag)

    def set_mappings(self, mappings: dict[str, dict | None]) -> Changes:
        """Map labels (``{label: {"indicator": id} | {"local": {...}} | None}``; None forgets the mapping)."""
        ws = self.workspace
        for label, m in mappings.items():
            if m is None:
                ws.mappings.pop(label, None)
            elif m.get("indicator"):
                ws.map_label(label, m["indicator"])
            else:
                spec = m.get("local") or {}
                ws.map_label(label, None, name=spec.get("name"), polarity=spec.get("polarity", "none"),
                             unit=spec.get("unit", "number"))
        return self._changed(observations=True)

    def set_records_settings(self, settings) -> Changes:
        """Keep counting rules for lists of children (their figures are computed again separately)."""
        self.workspace.records = settings.to_dict()
        return self._flag_dirty()

    def set_population(self, population: float | None) -> Changes:
        """Keep the 0-17 population for rates per 10,000 (raises CpdeskError if it is not a positive number)."""
        if population == self.workspace.population:
            return NOTHING
        self.workspace.population = population
        return self._flag_dirty()

    def _flag_dirty(self) -> Changes:
        flag = not self.dirty
        self.dirty = True
        return Changes(dirty=flag)

    def use_recomputed(self, done: dict, jobs) -> Changes:
        """Swap in figures computed again from lists of children (``{path: Recomputed}`` for ``(path, source)`` jobs).

        A file read again meanwhile keeps its new figures.
        """
        for path, source in jobs:
            loaded = self.loaded.get(path)
            if path in done and loaded is not None and loaded.records is source:
                source.apply(done[path])
                loaded.invalidate()
        return self._changed(observations=True, dirty=None)

    def restore_shown_records_settings(self) -> None:
        """Put the settings of the figures shown back in the workspace (computing them again was cancelled)."""
        shown = self.records_sources()
        if shown:
            settings = shown[0][1].settings
            self.workspace.records = settings.to_dict()
            self.workspace.population = settings.population

    # -- the workspace file ---------------------------------------------------------------------
    def adopt(self, ws: Workspace, path: str | None, *, dirty: bool = False, left_out=()) -> Changes:
        """Use workspace ``ws`` (read from ``path``): the sources loaded so far are let go.

        ``left_out`` are sources of ``ws`` that could not be found: they are dropped from it.
        """
        ws.sources = [p for p in ws.sources if p not in set(left_out)]
        self.workspace = ws
        self.workspace_path = path
        self.loaded.clear()
        self.changed_on_disk.clear()
        self.national = None
        self.national_pending, self._saved_grid = False, None
        self.dirty = dirty
        return self._changed(observations=True, sources=True, workspace=True, dirty=None) | Changes(dirty=True)

    def save(self, path) -> Path:
        """Write the workspace to ``path`` atomically; raises CpdeskError or OSError."""
        from cpdesk.workspace import save_workspace
        written = save_workspace(self.workspace, path)
        self.workspace_path = str(written)
        self.dirty = False
        return written

    def mark_dirty(self, dirty: bool) -> Changes:
        if dirty == self.dirty:
            return NOTHING
        self.dirty = dirty
        return Changes(dirty=True)


def open_session(files=(), *, la: str | None = None, national: bool = True,
                 workspace: Workspace | None = None) -> tuple[Session, list[str]]:
    """A session with ``files`` read (the command line's way in): (session, messages for unreadable files).

    With ``national``, the built-in figures of authority ``la`` (or the workspace's, or the one
    authority the files hold figures for) are added, as the window adds them for the chosen
    authority. A ``workspace`` (read with :func:`cpdesk.workspace.load_workspace`) gives its
    mappings, groups, targets and choices; the session never writes it.
    """
    session = Session(workspace=workspace) if workspace is not None else Session()
    if workspace is not None and not la and workspace.la_code and national:
        session.load_national(dirty=None)
    if la:
        session.set_la(la)
        if not national:   # the authority names the files' unnamed areas; its built-in figures stay out
            session.national = None
            session._changed(observations=True, dirty=None)
    changes, errors = session.add_sources(files)
    if national and not la and not session.workspace.la_code and session.loaded:
        found = session.authority_in_data()
        if found:
            code, written = found
            session.set_la(code)
            if written != session.workspace.la_name:   # "camden" in the file is the authority the figures name "Camden"
                session.area_names[written] = session.workspace.la_name
                session._changed(observations=True, dirty=None)
    return session, errors


__all__ = ["Changes", "NOTHING", "ReadOptions", "NationalFigures", "PeriodChoice", "Session", "read_source", "read_national",
           "open_session", "NATIONAL_SOURCE", "INDICATOR_SETTING_KEYS"]
