"""The disclosure check: find small numbers before a table is published, and suppress them.

Rules (the same for the app and the command line; ``threshold`` defaults to 5):

Primary suppression
    A number shown in the table is a small number when it is
    - a count from 1 to ``threshold`` (0 is published: it identifies no one), or
    - a percentage or rate whose numerator is from 1 to ``threshold``, or whose denominator
      is from 1 to ``threshold`` (the count can be worked back from it), or
    - a percentage or rate whose numerator indicator (from the catalogue, e.g. repeat plans
      for the repeat-plan percentage) is a small count for the same area and period.
    Each published fact (area, indicator, period) is judged once, so a value shown again as
    another row's "Previous" is suppressed there too.

Secondary suppression (so that nothing suppressed can be worked out from what is shown)
    1. Ratio: a percentage or rate is suppressed when the count it is built on (its numerator
       or denominator indicator, same area and period) is suppressed: with the other count
       shown, the suppressed one could be recomputed.
    2. Totals: counts for periods that exactly make up a longer period shown in the table
       (four quarters and their year) form a group; if only one member of a group is
       suppressed, the total minus the others would reveal it, so the smallest other
       non-zero member (a part before the total) is suppressed too. Repeated until no group
       has exactly one suppressed member. Snapshot counts are not added up and form no group.
    3. Judgements: the direction of travel of a suppressed value is shown as [c] too ("no
       change" would give the value away); judgements against a comparator or target, which
       reveal only a band, are kept.

Suppressed cells show ``[c]``, explained under the table and on the Excel cover sheet.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from cpdesk.export.committee_table import CommitteeTable, Fact, render


@dataclass(frozen=True)
class Risk:
    """A number that would be suppressed, and why."""

    fact: tuple
    area: str
    indicator: str
    period: str
    shown: str           # the figure as it would be published
    reason: str
    secondary: bool = False


def _small(x, threshold: int) -> bool:
    return x is not None and 1 <= x <= threshold


def _shown(f: Fact) -> str:
    if f.value is None:
        return ""
    if f.unit == "count":
        return f"{f.value:,.0f}"
    return f"{f.value:.1f}%" if f.unit == "percent" else f"{f.value:.1f}"


def primary(table: CommitteeTable, threshold: int | None = None) -> list[Risk]:
    """Small numbers shown in the table (the primary suppression rule)."""
    t = int(threshold if threshold is not None else _threshold(table))
    risks: list[Risk] = []
    for f in table.facts.values():
        reason = None
        if f.unit == "count" and _small(f.value, t):
            reason = f"a count from 1 to {t}"
        elif f.unit != "count" and f.value is not None:
            if _small(f.numerator, t):
                reason = f"built on {f.numerator:,.0f} of {f.denominator:,.0f}" if f.denominator else \
                    f"built on a count of {f.numerator:,.0f}"
            elif _small(f.denominator, t):
                reason = f"built on a total of {f.denominator:,.0f}"
            elif f.numerator is None and f.numerator_id:
                count = table.facts.get((f.area, f.numerator_id, f.period))
                if count is not None and _small(count.value, t):
                    reason = f"built on a count of {count.value:,.0f} ({count.indicator})"
        if reason:
            risks.append(Risk(f.id, f.area, f.indicator, f.period, _shown(f), reason))
    return _sorted(table, risks)


def secondary(table: CommitteeTable, suppressed: set[tuple]) -> list[Risk]:
    """Further facts to suppress so that the ``suppressed`` ones cannot be worked out."""
    hidden = set(suppressed)
    added: list[Risk] = []
    facts = table.facts
    changed = True
    while changed:
        changed = False
        # 1. ratios built on a suppressed count
        for f in facts.values():
            if f.id in hidden or f.unit == "count" or f.value is None:
                continue
            for count_key in (f.numerator_id, f.denominator_id):
                count_id = (f.area, count_key, f.period)
                if count_key and count_id in hidden:
                    hidden.add(f.id)
                    added.append(Risk(f.id, f.area, f.indicator, f.period, _shown(f),
                                      f"would reveal the suppressed count ({facts[count_id].indicator})", True))
                    changed = True
                    break
        # 2. totals made up of parts
        for group in _sum_groups(facts):
            members = [g for g in group if g.id in hidden]
            if len(members) != 1:
                continue
            total, parts = group[0], group[1:]
            candidates = sorted((p for p in parts if p.id not in hidden and p.value), key=lambda p: p.value)
            if not candidates and total.id not in hidden and total.value:
                candidates = [total]
            if not candidates:
                continue
            pick = candidates[0]
            hidden.add(pick.id)
            added.append(Risk(pick.id, pick.area, pick.indicator, pick.period, _shown(pick),
                              f"would reveal the suppressed {members[0].period} figure through the "
                              f"{total.period} total", True))
            changed = True
    return _sorted(table, added)


def _threshold(table) -> int:
    """The table's small-number threshold (a Paper carries it; a CommitteeTable keeps it in its spec)."""
    return getattr(table, "threshold", None) or table.spec.threshold


def check(table: CommitteeTable, threshold: int | None = None) -> list[Risk]:
    """Everything the disclosure check would suppress: primary, then secondary."""
    first = primary(table, threshold)
    return first + secondary(table, {r.fact for r in first})


def suppress(table: CommitteeTable, risks: list[Risk] | None = None) -> CommitteeTable:
    """The same table with ``risks`` (default: the full check) shown as ``[c]``."""
    risks = check(table) if risks is None else risks
    facts = frozenset(r.fact for r in risks) | table.suppressed
    if hasattr(table, "rebuild"):
        return table.rebuild(facts)
    return render(table.spec, suppressed=facts)


def confirm(table: CommitteeTable) -> CommitteeTable:
    """The user has seen the small numbers and chosen to publish them as they are."""
    return replace(table, confirmed=True)


def _sum_groups(facts: dict[tuple, Fact]) -> list[list[Fact]]:
    """[total, part, part, ...] for count facts whose shown parts exactly make up a shown total."""
    by_series: dict[tuple, list[Fact]] = {}
    for f in facts.values():
        if f.unit == "count" and f.kind != "snapshot" and f.start is not None and f.end is not None \
                and not pd.isna(f.start) and not pd.isna(f.end):
            by_series.setdefault((f.area, f.indicator_key), []).append(f)
    groups = []
    for series in by_series.values():
        for total in series:
            parts = [p for p in series if p is not total and p.start >= total.start and p.end <= total.end
                     and (p.end - p.start) < (total.end - total.start)]
            for kind in dict.fromkeys(p.kind for p in parts):
                tiled = _tiling([p for p in parts if p.kind == kind], total)
                if tiled:
                    groups.append([total, *tiled])
    return groups


def _tiling(parts: list[Fact], total: Fact) -> list[Fact] | None:
    """The parts, if they cover the total's period end to end without overlapping (±1 day per seam)."""
    if len(parts) < 2:
        return None
    parts = sorted(parts, key=lambda p: p.start)
    one = pd.Timedelta(days=1)
    if abs(parts[0].start - total.start) > one or abs(parts[-1].end - total.end) > one:
        return None
    for a, b in zip(parts, parts[1:]):
        if b.start <= a.end or b.start - a.end > one + one:
            return None
    return parts


def _sorted(table: CommitteeTable, risks: list[Risk]) -> list[Risk]:
    if hasattr(table, "fact_order"):
        by_key = table.fact_order()
        return sorted(risks, key=lambda r: (by_key.get(r.fact[1], len(by_key)), r.fact[2], r.fact))
    order = {(r.indicator_key, r.period): i for i, r in enumerate(table.rows)}
    return sorted(risks, key=lambda r: (order.get((r.fact[1], r.period), len(order)), r.fact))
