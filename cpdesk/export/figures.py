"""The figures behind a paper's tables: one look-up over the observations, by area, indicator and period.

Qt-free. Layouts ask ``FigureBook`` for a figure (the local authority's, a comparator
role's, another area's) and for the periods the data has, and never filter the frame
themselves, so a table of 30 indicators and 8 periods costs one pass over the data.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from cpdesk.catalogue import Catalogue, Indicator
from cpdesk.observations import NATIONAL_TABLE, row_source
from cpdesk.summary import choose_area
from cpdesk.values import as_number
from cpdesk.vocabulary import COMPARATOR_NAMES, NATIONAL_ROLES

#: Comparator roles in the order a paper shows them, with the words used when the data names none.
COMPARATOR_ROLES = NATIONAL_ROLES
ROLE_WORDS = {**COMPARATOR_NAMES, "la": "Actual"}


@dataclass(frozen=True)
class Figure:
    """One value as the data gives it, with what a table needs to show and judge it."""

    value: float | None
    numerator: float | None
    denominator: float | None
    flag: str | None
    note: str
    source: str
    period: str            # canonical label
    label: str             # the period as written
    kind: str
    start: pd.Timestamp
    end: pd.Timestamp
    partial: bool
    area: str
    national: bool

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


@dataclass(frozen=True)
class PeriodInfo:
    period: str
    label: str
    kind: str
    start: pd.Timestamp
    end: pd.Timestamp
    partial: bool


def _num(v):
    v = as_number(v)
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def indicator_key(indicator, label) -> str:
    return indicator if isinstance(indicator, str) else f"label:{label}"


class FigureBook:
    """Look-ups over an observations frame for one local area.

    ``who`` in :meth:`get` is ``"la"`` (the local area), a role (``england``, ``neighbours``,
    ``region``, ``target``) or ``("area", name)`` for any other named area.
    """

    def __init__(self, obs: pd.DataFrame, catalogue: Catalogue, area: str | None = None):
        self.catalogue = catalogue
        self.area = choose_area(obs, area)
        self._by: dict[tuple, dict[str, Figure]] = {}
        self._labels: dict[tuple, str] = {}       # (indicator key) -> label as written
        self.role_names: dict[str, str] = {}       # role -> the area name the data gives it, if one
        self.other_areas: dict[str, str] = {}      # area -> role, for areas other than the local one
        self.periods: dict[str, PeriodInfo] = {}
        names: dict[str, set] = {}
        for rec in obs.to_dict("records"):
            key = indicator_key(rec["indicator"], rec["label"])
            area_name = str(rec["area"])
            role = rec["area_role"]
            local = area_name == self.area
            source = row_source(rec["source_prefix"], rec["cell"])
            national = rec["table"] == NATIONAL_TABLE or str(source).startswith(("DfE open data", "LAIT"))
            value = _num(rec["value"])
            fig = Figure(value, _num(rec["numerator"]), _num(rec["denominator"]), rec["flag"] or None,
                         str(rec["note"] or ""), str(source or ""), str(rec["period"]),
                         str(rec["period_label"] or rec["period"]), rec["period_kind"], rec["period_start"],
                         rec["period_end"], bool(rec["partial"]), area_name, national)
            whos = [("area", area_name)] + (["la"] if local else [role])
            if not local:
                self.other_areas.setdefault(area_name, role)
                if role in COMPARATOR_ROLES or role == "target":
                    names.setdefault(role, set()).add(area_name)
            for who in whos:
                slot = self._by.setdefault((who, key), {})
                old = slot.get(fig.period)
                # the first figure with a value wins (as the summary does), the user's own before the built-in
                if old is None or (old.value is None and value is not None) or (
                        old.national and not national and value is not None):
                    slot[fig.period] = fig
            if local:
                self._labels.setdefault(key, str(rec["label"]))
                info = self.periods.get(fig.period)
                if info is None or (info.label == info.period and fig.label != fig.period and not national):
                    self.periods[fig.period] = PeriodInfo(fig.period, fig.label if not national else fig.period,
                                                          fig.kind, fig.start, fig.end, fig.partial)
        for role, got in names.items():
            if len(got) == 1:
                self.role_names[role] = next(iter(got))

    # -- look-ups ------------------------------------------------------------------------
    def series(self, who, key: str) -> dict[str, Figure]:
        return self._by.get((who, key), {})

    def get(self, who, key: str, period: str) -> Figure | None:
        return self._by.get((who, key), {}).get(period)

    def value(self, who, key: str, period: str) -> float | None:
        f = self.get(who, key, period)
        return f.value if f else None

    def covering(self, who, key: str, period: str) -> Figure | None:
        """The figure for ``period``, or for a longer period that contains it (a year's target for a quarter)."""
        own = self.get(who, key, period)
        if own is not None and own.value is not None:
            return own
        info = self.periods.get(period) or self._info_any(key, period)
        if info is None:
            return None
        best = None
        for f in self.series(who, key).values():
            if f.value is not None and f.start <= info.start and f.end >= info.end and f.months > (
                    (info.end.year - info.start.year) * 12 + info.end.month - info.start.month + 1):
                if best is None or f.months < best.months:
                    best = f
        return best

    def _info_any(self, key, period):
        for slot in self._by.values():
            f = slot.get(period)
            if f is not None:
                return PeriodInfo(f.period, f.label, f.kind, f.start, f.end, f.partial)
        return None

    def indicator(self, key: str) -> Indicator | None:
        return self.catalogue.get(key) if not key.startswith("label:") else None

    def name(self, key: str) -> str:
        ind = self.indicator(key)
        return ind.name if ind else self._labels.get(key, key[len("label:"):] if key.startswith("label:") else key)

    def local_keys(self) -> list[str]:
        """Indicator keys with a local value, in catalogue order (unrecognised labels after, as found)."""
        order = {ind.id: i for i, ind in enumerate(self.catalogue)}
        keys = [k for (who, k), slot in self._by.items() if who == "la"
                and any(f.value is not None or f.flag for f in slot.values())]
        # the user's own figures in the order their files give them; built-in ones after, in catalogue order
        own = [k for k in keys if any(not f.national for f in self._by[("la", k)].values())]
        rest = sorted((k for k in keys if k not in own), key=lambda k: order.get(k, len(order)))
        return own + rest

    def own_keys(self) -> list[str]:
        """Indicator keys the user's own files give a local value or flag for, in the files' order."""
        return [k for k in self.local_keys()
                if any(not f.national and (f.value is not None or f.flag) for f in self._by[("la", k)].values())]

    def own_end(self, keys) -> pd.Timestamp | None:
        """The end of the latest period the user's own files give a local figure for (None: no own figures)."""
        ends = [f.end for k in keys for f in self.series("la", k).values()
                if not f.national and (f.value is not None or f.flag)]
        return max(ends) if ends else None

    def label(self, period: str) -> str:
        info = self.periods.get(period)
        return info.label if info else period

    def local_periods(self, keys, kind: str | None = None, partial: bool | None = None) -> list[PeriodInfo]:
        """Periods with a local value for any of ``keys``, oldest first."""
        have = set()
        for k in keys:
            for p, f in self.series("la", k).items():
                if f.value is not None or f.flag:
                    have.add(p)
        out = [self.periods[p] for p in have if p in self.periods]
        if kind is not None:
            out = [p for p in out if p.kind == kind]
        if partial is not None:
            out = [p for p in out if p.partial == partial]
        return sorted(out, key=lambda p: (p.end, p.start))

    def main_kind(self, keys) -> str:
        """The kind of period most indicators are reported by in the user's own figures (else any)."""
        counts: dict[str, set] = {}
        own: dict[str, set] = {}
        for k in keys:
            for f in self.series("la", k).values():
                if f.value is None or f.partial:
                    continue
                counts.setdefault(f.kind, set()).add(k)
                if not f.national:
                    own.setdefault(f.kind, set()).add(k)
        pick = own or counts
        if not pick:   # only part periods (a year to date, 10 months to January)
            for k in keys:
                for f in self.series("la", k).values():
                    if f.value is not None:
                        pick.setdefault(f.kind, set()).add(k)
        if not pick:
            return "year"
        rank = {"year": 0, "quarter": 1, "month": 2, "snapshot": 3}
        return max(pick, key=lambda kd: (len(pick[kd]), -rank.get(kd, 9)))

    def own_kinds(self, key: str, at_least: int = 2) -> list[str]:
        """Kinds of full period the user's own files give ``key`` in, at least ``at_least`` periods each."""
        counts: dict[str, int] = {}
        for f in self.series("la", key).values():
            if not f.national and not f.partial and (f.value is not None or f.flag):
                counts[f.kind] = counts.get(f.kind, 0) + 1
        return [k for k, n in counts.items() if n >= at_least]

    def role_name(self, role: str) -> str:
        return self.role_names.get(role) or ROLE_WORDS.get(role, role)


def previous_figure(series: dict[str, Figure], current: Figure) -> Figure | None:
    """The latest figure of the same kind and length ending before ``current`` starts."""
    best = None
    tol = pd.Timedelta(days=3)
    length = current.end - current.start
    for f in series.values():
        if (f.kind == current.kind and f.partial == current.partial and f.value is not None
                and f.end < current.start and abs((f.end - f.start) - length) <= tol
                and (best is None or f.end > best.end)):
            best = f
    return best


def today() -> dt.date:
    return dt.date.today()
