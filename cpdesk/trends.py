"""Trend series for one indicator: the local line against neighbours, region, England and target.

Pure data, no Qt: the trend charts draw what :func:`build_trend` returns. Periods are
placed at ordinal x positions (0, 1, 2 ...) in order of their end date; for years, quarters
and months every period between the first and the last gets a slot, so a missing value
shows as a gap rather than being skipped. Missing values are NaN, never zero.

A comparator or target that has no value of the chart's own period kind may still have
one for a longer period that contains it (an annual England figure or an annual target on
a quarterly chart). That value is used for each period it covers and marked as
``covering``, and the chart draws it as a step.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cpdesk.catalogue import Catalogue, Indicator
from cpdesk.observations import source_texts
from cpdesk.periods import Period, canonical_label, financial_year, fy_end_year_of, month, quarter_of, snapshot
from cpdesk.vocabulary import COMPARATOR_NAMES, GROUP_ROLE

#: Series roles in drawing and legend order; comparison groups follow, as ``group:<name>``.
SERIES_ROLES = ("la", "neighbours", "region", "england", "target")
GROUP_PREFIX = "group:"
#: Comparators that are totals for many authorities: not drawn beside one authority's count.
TOTAL_ROLES = ("england", "region")
NOT_SAME_SCALE = "a total for many authorities is not comparable with one authority's count"
#: Granularities a chart can show; ``year`` also takes year-to-date values as part years.
#: (Kinds of period, singular: the grid's granularities are cpdesk.vocabulary.GRANULARITIES.)
PERIOD_KINDS = ("year", "quarter", "month", "snapshot", "calendar_year", "rolling", "multi_year")
GRANULARITY_NAMES = {
    "year": "Financial years", "quarter": "Quarters", "month": "Months", "snapshot": "Snapshots (at a date)",
    "calendar_year": "Calendar years", "rolling": "Rolling periods", "multi_year": "Multi-year periods",
}
ROLE_NAMES = {role: COMPARATOR_NAMES[role] for role in SERIES_ROLES if role in COMPARATOR_NAMES}
POLARITY_TEXT = {"higher": "higher is better", "lower": "lower is better", "none": "no better or worse direction"}
UNIT_TEXT = {"percent": "%", "rate": "rate per 10,000", "count": "number", "months": "months", "number": "number",
             "score": "score"}
WORKSPACE_TARGET_SOURCE = "target set in cpdesk"
#: Longer periods whose value may stand for each shorter period they contain.
_COVERING_KINDS = ("year", "quarter", "calendar_year")
_REGULAR = ("year", "quarter", "month")
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class TrendPoint:
    """Where one plotted value came from.

    ``covering`` is the label of the longer period whose value stands for this one
    ("2023-24" on a quarterly chart), or "" when the value is the period's own.
    """

    period: str
    value: float | None
    partial: bool = False
    covering: str = ""
    period_as_written: str = ""
    source: str = ""
    flag: str | None = None
    note: str = ""
    covering_kind: str = ""


_COVERING_WORDS = {"year": "annual", "calendar_year": "annual", "quarter": "quarterly"}


@dataclass
class TrendSeries:
    role: str
    name: str
    values: np.ndarray            # float, NaN where there is no value
    partial: np.ndarray           # bool, part periods (year to date ...)
    points: list[TrendPoint | None]

    @property
    def stepped(self) -> bool:
        """True when every value stands for a longer period: draw it as a step, not a line."""
        got = [p for p in self.points if p is not None and p.value is not None]
        return bool(got) and all(p.covering for p in got)

    @property
    def legend_name(self) -> str:
        """The name in the legend; a step drawn from longer periods says so ("England (annual)")."""
        if not self.stepped:
            return self.name
        kinds = {p.covering_kind for p in self.points if p is not None and p.covering}
        word = _COVERING_WORDS.get(kinds.pop()) if len(kinds) == 1 else None
        return f"{self.name} ({word or 'longer periods'})"

    @property
    def n_values(self) -> int:
        return int(np.isfinite(self.values).sum())


@dataclass
class TrendData:
    """Everything a trend chart shows for one indicator, area and granularity."""

    indicator_id: str
    indicator: Indicator | None
    area: str
    granularity: str
    periods: list[str]
    ends: list[dt.date]
    series: dict[str, TrendSeries] = field(default_factory=dict)
    asked_for: str = ""      # the kind of period asked for, when the authority had none of it (see ``fallback``)

    # -- description ---------------------------------------------------------
    @property
    def fell_back(self) -> bool:
        """True when the chart shows another kind of period than the one asked for."""
        return bool(self.asked_for) and self.asked_for != self.granularity

    @property
    def name(self) -> str:
        return self.indicator.name if self.indicator else self.indicator_id

    @property
    def polarity(self) -> str:
        return self.indicator.polarity if self.indicator else "none"

    @property
    def polarity_text(self) -> str:
        return POLARITY_TEXT.get(self.polarity, POLARITY_TEXT["none"])

    @property
    def unit(self) -> str:
        return self.indicator.unit if self.indicator else "number"

    @property
    def unit_label(self) -> str:
        return UNIT_TEXT.get(self.unit, self.unit)

    @property
    def title(self) -> str:
        return f"{self.name} ({self.polarity_text})"

    @property
    def start_at_zero_default(self) -> bool:
        """Counts and rates start at zero; percentages and scores fit the data."""
        return self.unit in ("count", "rate", "number", "months")

    @property
    def x(self) -> np.ndarray:
        return np.arange(len(self.periods), dtype=float)

    @property
    def has_values(self) -> bool:
        return any(s.n_values for s in self.series.values())

    def get(self, role: str) -> TrendSeries | None:
        return self.series.get(role)

    # -- text ----------------------------------------------------------------
    def format_value(self, value: float | None) -> str:
        return format_value(value, self.indicator)

    def readout(self, index: int, roles=None) -> str:
        """One line describing period ``index``: each series' value, part periods and flags.

        Example: ``Q4 2023-24 — Barnet: 9.1% · Statistical neighbours: 10.2% (2023-24 value)``.
        """
        if not 0 <= index < len(self.periods):
            return ""
        parts = []
        for role, s in self.series.items():
            if roles is not None and role not in roles:
                continue
            p = s.points[index]
            if p is None:
                continue
            if p.value is None:
                text = f"{s.name}: no value" + (f" ({p.flag})" if p.flag else "")
            else:
                text = f"{s.name}: {self.format_value(p.value)}"
            extras = []
            if p.covering:
                extras.append(f"{p.covering} value")
            if p.partial:
                extras.append(f"part period: {p.period_as_written or p.period}")
            if extras:
                text += f" ({'; '.join(extras)})"
            parts.append(text)
        body = " · ".join(parts) if parts else "no values"
        return f"{self.periods[index]} — {body}"

    def y_range(self, start_at_zero: bool | None = None, roles=None) -> tuple[float, float] | None:
        """The y range to show: padded around the values, from zero when asked."""
        zero = self.start_at_zero_default if start_at_zero is None else start_at_zero
        vals = [s.values[np.isfinite(s.values)] for r, s in self.series.items() if roles is None or r in roles]
        vals = np.concatenate(vals) if vals else np.array([])
        if not len(vals):
            return None
        lo, hi = float(vals.min()), float(vals.max())
        if zero and lo > 0:
            lo = 0.0
        span = hi - lo
        pad = span * 0.08 if span > 0 else max(abs(hi) * 0.1, 1.0)
        lo_out = lo if (zero and lo == 0.0) else lo - pad
        return (lo_out, hi + pad)

    def ticks(self, max_labels: int = 8) -> list[tuple[float, str]]:
        """Labelled x ticks, thinned to at most ``max_labels`` and always ending at the latest period."""
        n = len(self.periods)
        if n == 0:
            return []
        max_labels = max(1, int(max_labels))
        step = max(1, math.ceil(n / max_labels))
        if self.granularity == "quarter" and step > 1:
            step = 2 if step == 2 else 4 * math.ceil(step / 4)
        elif self.granularity == "month" and step > 1:
            step = next((s for s in (2, 3, 6, 12) if s >= step), 12 * math.ceil(step / 12))
        return [(float(i), self.periods[i]) for i in range(n - 1, -1, -step)][::-1]


def format_value(value: float | None, indicator: Indicator | None) -> str:
    """A value as a reader expects it: "9.1%", "45.2 per 10,000", "1,234"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no value"
    decimals = indicator.decimals if indicator else 1
    unit = indicator.unit if indicator else "number"
    text = f"{value:,.{decimals}f}"
    if unit == "percent":
        return text + "%"
    if unit == "rate":
        return text + " per 10,000"
    if unit == "months":
        return text + " months"
    return text


# -- periods -------------------------------------------------------------------------

def _date(x) -> dt.date:
    return x.date() if hasattr(x, "date") else x


def _slot(granularity: str, kind: str, start: dt.date, end: dt.date, label: str) -> Period:
    """The chart period a row belongs to."""
    if granularity == "year":
        return financial_year(fy_end_year_of(start) if kind == "ytd" else end.year)
    if granularity == "quarter":
        return quarter_of(start)
    if granularity == "month":
        return month(start.year, start.month)
    if granularity == "snapshot":
        return snapshot(end)
    return Period(end, start, kind, label)


def _next_slot(granularity: str, p: Period) -> Period:
    nxt = p.end + _ONE_DAY
    if granularity == "year":
        return financial_year(fy_end_year_of(nxt))
    if granularity == "quarter":
        return quarter_of(nxt)
    return month(nxt.year, nxt.month)


def _kinds_for(granularity: str) -> tuple[str, ...]:
    return ("year", "ytd") if granularity == "year" else (granularity,)


#: Months a snapshot ends in to stand for a period of each kind (as in the grid: 31 March for a year).
_SNAPSHOT_MONTHS = {"year": (3,), "quarter": (3, 6, 9, 12), "month": tuple(range(1, 13))}


def _fits(r: "_Row", granularity: str) -> bool:
    """Whether a row belongs on a chart of ``granularity``: its own kind, or a snapshot at the period's end."""
    if r.kind in _kinds_for(granularity):
        return True
    months = _SNAPSHOT_MONTHS.get(granularity)
    return bool(months) and r.kind == "snapshot" and r.end.month in months and (r.end + _ONE_DAY).day == 1


def comparable_roles(trend: "TrendData", roles) -> tuple[tuple[str, ...], str]:
    """The ``roles`` to draw beside this indicator, and a note on those left out.

    A count for one authority is compared with its neighbours' average and its target,
    never with the England or regional total.
    """
    roles = tuple(roles)
    if trend.unit != "count":
        return roles, ""
    dropped = [r for r in roles if r in TOTAL_ROLES and trend.get(r) is not None and trend.get(r).n_values]
    kept = tuple(r for r in roles if r not in TOTAL_ROLES)
    if not dropped:
        return kept, ""
    names = [trend.get(r).name for r in dropped]
    return kept, f"{' and '.join(names)} not drawn: {NOT_SAME_SCALE}."


def available_granularities(obs: pd.DataFrame, indicator_id: str, area: str | None = None) -> list[str]:
    """Granularities with values for ``indicator_id``, the one with most local values first."""
    rows = _records(obs[obs["indicator"] == indicator_id])
    if not area:
        area = _most_common([r.area for r in rows if r.role == "la" and r.value is not None]) or ""
    return _granularities(rows, area)


# -- building ------------------------------------------------------------------------

def build_trend(obs: pd.DataFrame, catalogue: Catalogue, area: str | None, indicator_id: str, *,
                granularity: str | None = None, region: str | None = None, last_n: int | None = None,
                target: float | None = None, period_targets: dict[str, float] | None = None,
                fallback: bool = False) -> TrendData:
    """Build the series of one indicator's trend chart.

    Parameters
    ----------
    obs : DataFrame
        An observations frame (:data:`cpdesk.observations.COLUMNS`).
    catalogue : Catalogue
        For the indicator's name, polarity, unit and decimals.
    area : str or None
        The local authority (rows with ``area_role == "la"`` and this ``area``); None takes
        the authority with most values.
    indicator_id : str
        The catalogue id.
    granularity : str, optional
        ``year``, ``quarter``, ``month``, ``snapshot`` (or another period kind); by default
        the one with most local values.
    region : str, optional
        Which region's values to use when the data holds several; by default the one with most values.
    last_n : int, optional
        Keep only the latest ``last_n`` periods.
    target : float, optional
        A target set in cpdesk (the workspace's), drawn for every period the data gives no target for.
    period_targets : dict, optional
        Targets set in cpdesk for one period each (``{period label: target}``), before ``target``.
    fallback : bool
        If the authority has no values of ``granularity``, chart the kind it has most of
        (:attr:`TrendData.asked_for` keeps the kind asked for).
    """
    rows = _records(obs[obs["indicator"] == indicator_id])
    return _build(rows, catalogue, area, indicator_id, granularity, region, last_n, target, period_targets, fallback)


def build_trends(obs: pd.DataFrame, catalogue: Catalogue, area: str | None, indicator_ids, *,
                 targets: dict[str, float] | None = None, period_targets: dict[str, dict[str, float]] | None = None,
                 **kwargs) -> list[TrendData]:
    """:func:`build_trend` for several indicators, filtering the frame once.

    ``targets`` maps indicator ids to targets set in cpdesk (see ``target`` of :func:`build_trend`),
    ``period_targets`` to targets for one period each.
    """
    targets = targets or {}
    period_targets = period_targets or {}
    ids = list(indicator_ids)
    subset = obs[obs["indicator"].isin(ids)]
    by_id: dict[str, list[_Row]] = {}
    for row in _records(subset):
        by_id.setdefault(row.indicator, []).append(row)
    return [_build(by_id.get(i, []), catalogue, area, i, kwargs.get("granularity"), kwargs.get("region"),
                   kwargs.get("last_n"), targets.get(i), period_targets.get(i), kwargs.get("fallback", False))
            for i in ids]


@dataclass(frozen=True)
class _Row:
    indicator: str
    area: str
    role: str
    kind: str
    start: dt.date
    end: dt.date
    period: str
    label: str
    partial: bool
    value: float | None
    source: str
    flag: str | None
    note: str


def _records(df: pd.DataFrame) -> list[_Row]:
    """Plain rows: a chart needs a few dozen, and pandas per-row overhead would dominate."""
    out = []
    cols = zip(df["indicator"], df["area"], df["area_role"], df["period_kind"], df["period_start"], df["period_end"],
               df["period"], df["period_label"], df["partial"], df["value"], source_texts(df), df["flag"], df["note"])
    for ind, area, role, kind, start, end, period, label, partial, value, source, flag, note in cols:
        if pd.isna(start) or pd.isna(end):
            continue
        out.append(_Row(ind, area, role, kind, _date(start), _date(end), period, label, bool(partial),
                        None if pd.isna(value) else float(value), source, flag, note))
    return out


def _most_common(names: list[str]) -> str | None:
    if not names:
        return None
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    return max(counts, key=lambda n: counts[n])  # first seen wins a tie


def _build(rows: list[_Row], catalogue: Catalogue, area, indicator_id, granularity, region, last_n,
           target: float | None = None, period_targets: dict[str, float] | None = None,
           fallback: bool = False) -> TrendData:
    if not area:
        area = _most_common([r.area for r in rows if r.role == "la" and r.value is not None]) or ""
    asked_for = granularity
    if granularity is None or (fallback and not any(_fits(r, granularity) for r in rows
                                                    if r.role == "la" and r.area == area and r.value is not None)):
        granularity = next(iter(_granularities(rows, area)), granularity or "year")
    if region is None:
        region = _most_common([r.area for r in rows if r.role == "region" and r.value is not None])

    by_role: dict[str, list[_Row]] = {role: [] for role in SERIES_ROLES}
    for r in rows:
        if r.role == "la":
            if r.area == area:
                by_role["la"].append(r)
        elif r.role == "region":
            if region is None or r.area == region:
                by_role["region"].append(r)
        elif r.role == GROUP_ROLE:
            by_role.setdefault(GROUP_PREFIX + r.area, []).append(r)
        elif r.role in by_role:
            by_role[r.role].append(r)

    native: dict[str, dict[Period, list[TrendPoint]]] = {}
    slots: set[Period] = set()
    for role, role_rows in by_role.items():
        native[role] = _points_by_slot([r for r in role_rows if _fits(r, granularity)], granularity)
        slots.update(p for p, cands in native[role].items() if any(c.value is not None or c.flag for c in cands))
    periods = _fill(sorted(slots), granularity)
    if last_n:
        periods = periods[-last_n:]

    indicator = catalogue.get(indicator_id)
    data = TrendData(indicator_id, indicator, area, granularity, [canonical_label(p) for p in periods],
                     [p.end for p in periods], asked_for=asked_for or granularity)
    period_targets = period_targets or {}
    for role in by_role:
        covering = _covering_rows(by_role[role]) if role != "la" else []
        points: list[TrendPoint | None] = []
        for slot in periods:
            label = canonical_label(slot)
            point = _best(native[role].get(slot, []))
            if role == "target" and period_targets.get(label) is not None:
                point = TrendPoint(label, float(period_targets[label]), source=WORKSPACE_TARGET_SOURCE)
            if (point is None or point.value is None) and covering:
                point = _covering_point(covering, slot) or point
            if role == "target" and (point is None or point.value is None) and target is not None:
                point = TrendPoint(label, float(target), source=WORKSPACE_TARGET_SOURCE)
            points.append(point)
        if not any(p is not None for p in points):
            continue
        values = np.array([np.nan if p is None or p.value is None else p.value for p in points], dtype=float)
        partial = np.array([bool(p and p.partial) for p in points], dtype=bool)
        name = (area if role == "la" else region if role == "region" and region else
                role[len(GROUP_PREFIX):] if role.startswith(GROUP_PREFIX) else ROLE_NAMES[role])
        data.series[role] = TrendSeries(role, name or "Local authority", values, partial, points)
    return data


def _granularities(rows: list[_Row], area: str) -> list[str]:
    counts: dict[str, tuple[int, int]] = {}
    for g in PERIOD_KINDS:
        n_local = sum(1 for r in rows if _fits(r, g) and r.value is not None and r.role == "la" and r.area == area)
        n_all = sum(1 for r in rows if _fits(r, g) and r.value is not None)
        if n_all:
            counts[g] = (n_local, n_all)
    return sorted(counts, key=lambda g: (-counts[g][0], -counts[g][1], PERIOD_KINDS.index(g)))


def _points_by_slot(rows: list[_Row], granularity: str) -> dict[Period, list[TrendPoint]]:
    out: dict[Period, list[TrendPoint]] = {}
    for r in rows:
        slot = _slot(granularity, r.kind, r.start, r.end, r.period)
        point = TrendPoint(canonical_label(slot), r.value, r.partial or r.kind == "ytd", "",
                           r.label or r.period, r.source, r.flag, r.note)
        out.setdefault(slot, []).append(point)
    return out


def _best(cands: list[TrendPoint]) -> TrendPoint | None:
    """First full-period value, else first part-period value, else the first row (a flag)."""
    if not cands:
        return None
    for want_partial in (False, True):
        for c in cands:
            if c.value is not None and c.partial == want_partial:
                return c
    return cands[0]


def _fill(periods: list[Period], granularity: str) -> list[Period]:
    """Every period from the first to the last, for kinds that come at regular steps."""
    if granularity not in _REGULAR or len(periods) < 2:
        return periods
    out = [periods[0]]
    last = periods[-1]
    while out[-1].end < last.end and len(out) < 10_000:
        out.append(_next_slot(granularity, out[-1]))
    return out


def _covering_rows(rows: list[_Row]) -> list[_Row]:
    got = [r for r in rows if r.kind in _COVERING_KINDS and not r.partial and r.value is not None]
    return sorted(got, key=lambda r: r.end - r.start)  # shortest covering period first


def _covering_point(rows: list[_Row], slot: Period) -> TrendPoint | None:
    for r in rows:
        if r.start <= slot.start and r.end >= slot.end and (r.start < slot.start or r.end > slot.end):
            return TrendPoint(canonical_label(slot), r.value, False, r.period, r.label or r.period, r.source,
                              r.flag, r.note, r.kind)
    return None


__all__ = ["SERIES_ROLES", "GROUP_PREFIX", "TOTAL_ROLES", "comparable_roles", "PERIOD_KINDS", "GRANULARITY_NAMES", "ROLE_NAMES", "POLARITY_TEXT", "UNIT_TEXT",
           "TrendPoint", "TrendSeries", "TrendData", "available_granularities", "build_trend", "build_trends",
           "format_value"]
