"""Indicators computed from the child-level lists of one file, as the app holds them.

A :class:`RecordsSource` keeps the checked records of a file and the figures computed
from them for each kind of period the user wants (financial quarter, financial year,
rolling 12 months, month), so the app can add the figures to the grid, list the records
behind any of them, show the data-quality report and recompute when a rule changes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from cpdesk.errors import CpdeskError, ImportCancelled
from cpdesk.observations import empty_frame, normalise_frame, source_texts
from cpdesk.records.compute import BY, RecordsResult, compute, explain, explain_summary
from cpdesk.records.loading import RecordSet
from cpdesk.records.quality import quality_report
from cpdesk.records.rules import REPEAT_FROM, Rules
from cpdesk.resources import resource


PERIOD_WORDS = {"quarter": "financial quarters", "year": "financial years", "rolling12": "rolling 12 months",
                "month": "months"}


@lru_cache(maxsize=1)
def default_periods() -> tuple[str, ...]:
    data = json.loads(resource("records", "rules.json").read_text(encoding="utf-8"))
    return tuple(p for p in data.get("app_periods", ["quarter", "year"]) if p in BY)


@dataclass(frozen=True)
class RecordsSettings:
    """What the user chose for computing from records (kept in the workspace).

    ``repeat_within_from`` is the repeat-plan rule (previous plan's ``end`` or ``start``);
    ``periods`` the kinds of period computed (month, quarter, year, rolling12); ``population``
    the authority's 0-17 population, for rates per 10,000 (None: no rates). The population is
    not a counting rule, so two settings with the same rules compare equal whatever it is.
    """

    repeat_within_from: str = ""
    periods: tuple[str, ...] = ()
    population: float | None = field(default=None, compare=False)

    def __post_init__(self):
        if not self.repeat_within_from:
            object.__setattr__(self, "repeat_within_from", Rules.defaults().repeat_within_from)
        if not self.periods:
            object.__setattr__(self, "periods", default_periods())

    def rules(self) -> Rules:
        return Rules.defaults().with_changes(repeat_within_from=self.repeat_within_from)

    def to_dict(self) -> dict:
        out = {"repeat_within_from": self.repeat_within_from, "periods": list(self.periods)}
        if self.population is not None:
            out["population"] = self.population
        return out

    @classmethod
    def from_dict(cls, data: dict | None) -> "RecordsSettings":
        """Settings from a workspace; anything unknown or damaged falls back to the default."""
        data = data if isinstance(data, dict) else {}
        frm = data.get("repeat_within_from")
        periods = data.get("periods")
        periods = tuple(p for p in periods if p in BY) if isinstance(periods, list) else ()
        return cls(frm if frm in REPEAT_FROM else "", tuple(dict.fromkeys(periods)),
                   valid_population(data.get("population")))


def valid_population(value) -> float | None:
    """A 0-17 population as a positive number, or None (missing, not a number, not above zero)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < float("inf") else None


def pseudonymise(frame: pd.DataFrame, column: str = "child_id") -> pd.DataFrame:
    """A copy with each distinct child identifier replaced by "child 1", "child 2"... in order of appearance."""
    out = frame.copy()
    if column in out.columns and len(out):
        codes = pd.factorize(out[column].astype(object))[0] + 1
        out[column] = [f"child {c}" if c > 0 else "" for c in codes]
    return out


@dataclass
class Recomputed:
    """Figures computed for new settings, not yet shown (see :meth:`RecordsSource.computed`)."""

    settings: RecordsSettings
    results: dict[str, RecordsResult]
    problem: str
    observations: pd.DataFrame


@dataclass
class RecordsSource:
    """The records of one file and the figures computed from them."""

    records: RecordSet
    area: str
    settings: RecordsSettings
    results: dict[str, RecordsResult] = field(default_factory=dict)
    problem: str = ""      # why nothing could be computed, in words
    observations: pd.DataFrame = field(default_factory=empty_frame)

    @classmethod
    def build(cls, records: RecordSet, area: str, settings: RecordsSettings | None = None,
              cancelled=None, progress=None) -> "RecordsSource":
        src = cls(records, area, settings or RecordsSettings())
        src.recompute(src.settings, cancelled=cancelled, progress=progress)
        return src

    def recompute(self, settings: RecordsSettings, cancelled=None, progress=None) -> None:
        """Compute every chosen kind of period again (after a rule or period change).

        ``progress(fraction, message)`` is told before each kind of period.
        """
        self.apply(self.computed(settings, cancelled=cancelled, progress=progress))

    def computed(self, settings: RecordsSettings, cancelled=None, progress=None) -> Recomputed:
        """The figures for ``settings``, without changing this source (a worker thread computes them
        while the window goes on showing the current ones; :meth:`apply` then swaps them in).

        Raises
        ------
        ImportCancelled
            When ``cancelled()`` turns true between kinds of period.
        """
        rules = settings.rules()
        results: dict[str, RecordsResult] = {}
        problem = ""
        for i, by in enumerate(settings.periods):
            if cancelled and cancelled():
                raise ImportCancelled("Computing from the records was cancelled.")
            if progress:
                progress(i / len(settings.periods), f"Computing indicators from the records ({PERIOD_WORDS.get(by, by)})")
            try:
                results[by] = compute(self.records, by=by, rules=rules, area=self.area, population=settings.population)
            except CpdeskError as exc:
                problem = str(exc)
                break
        results = results if not problem else {}
        frames = [r.observations for r in results.values() if len(r.observations)]
        observations = normalise_frame(pd.concat(frames, ignore_index=True)) if frames else empty_frame()
        return Recomputed(settings, results, problem, observations)

    def apply(self, done: Recomputed) -> None:
        """Show the figures of :meth:`computed` from now on."""
        self.settings = done.settings
        self.results = done.results
        self.problem = done.problem
        self.observations = done.observations

    # -- what the sources panel says ---------------------------------------------------
    @property
    def n_records(self) -> int:
        return int(len(self.records.plans) + len(self.records.s47))

    @property
    def n_excluded(self) -> int:
        return int(self.records.plans["excluded"].sum() + self.records.s47["excluded"].sum())

    @property
    def n_problems(self) -> int:
        return int(len(self.records.issues))

    def summary(self) -> str:
        """E.g. "computed from 12 records (List 7: 7 plans; List 5: 5 enquiries); 1 left out"."""
        parts = []
        for i, s in enumerate(self.records.sources):
            n_p = int((self.records.plans["source"] == i).sum())
            n_s = int((self.records.s47["source"] == i).sum())
            what = ", ".join(x for x in (f"{n_p:,} plan(s)" if n_p else "", f"{n_s:,} enquiry(ies)" if n_s else "") if x)
            parts.append(f"{s.sheet}: {what or 'no records'}")
        text = f"computed from {self.n_records:,} records ({'; '.join(parts)})"
        if self.n_excluded:
            text += f"; {self.n_excluded:,} left out (see Data quality)"
        if self.problem:
            text += f". {self.problem}"
        return text

    def lists(self) -> list[str]:
        """Each list read, as "sheet: list type (recognised|mapped)"."""
        return [f"{s.sheet}: {s.mapping.list_name} ({'recognised' if s.mapping.recognised else 'your mapping'})"
                for s in self.records.sources]

    # -- drill-down ---------------------------------------------------------------------
    def result_for(self, indicator: str, period: str, source: str | None = None) -> RecordsResult | None:
        """The computation that produced the figure for ``indicator`` in ``period`` (None if not from here)."""
        for res in self.results.values():
            obs = res.observations
            hit = (obs["indicator"] == indicator) & (obs["period"] == period)
            if source:
                hit &= source_texts(obs) == source
            if bool(hit.any()):
                return res
        return None

    def explain(self, indicator: str, period: str, source: str | None = None) -> tuple[pd.DataFrame, str]:
        """The records behind a figure and a line saying how it is made up."""
        res = self.result_for(indicator, period, source)
        if res is None:
            raise CpdeskError(f"The figure for {indicator} in {period} was not computed from these records.")
        return explain(res, indicator, period), explain_summary(res, indicator, period)

    def quality(self) -> pd.DataFrame:
        """The data-quality report (with child identifiers: the app hides them until asked)."""
        return quality_report(self.records, include_child_ids=True)


__all__ = ["Recomputed", "RecordsSettings", "RecordsSource", "pseudonymise", "default_periods", "valid_population"]
