"""What a document's trend chart shows, in words: the series to draw and its alt text.

Qt-free. A chart compares like with like: a count for one authority is drawn beside its
target and its statistical neighbours' average (one authority's scale), never beside the
England or regional total; the chart's note says so.
"""
from __future__ import annotations

import math

import numpy as np

from cpdesk.export.paper import ChartRef
from cpdesk.trends import ROLE_NAMES, TrendData, build_trends

_POLARITY_WORDS = {"higher": "higher is better", "lower": "lower is better"}


def chart_refs(obs, book, keys, choice, comparators) -> list[ChartRef]:
    """One chart per indicator with values: the local line, the chosen comparators of the same scale, the target."""
    ids = [k for k in keys if not k.startswith("label:")]
    kind = choice.kind or book.main_kind(keys)
    trends = build_trends(obs, book.catalogue, book.area, ids, targets=choice.targets or None, granularity=kind,
                          last_n=max(choice.periods or 0, 8))
    out = []
    for key, trend in zip(ids, trends):
        if not trend.has_values or trend.get("la") is None or trend.get("la").n_values == 0:
            continue
        roles = ["la"] + [r for r in ("neighbours", "region", "england") if r in comparators] + ["target"]
        note = ""
        if trend.unit == "count":
            dropped = [r for r in roles if r in ("england", "region") and trend.get(r) is not None]
            roles = [r for r in roles if r not in ("england", "region")]
            if dropped:
                note = (f"{_and([ROLE_NAMES[r] for r in dropped])} {'is' if len(dropped) == 1 else 'are'} not drawn: "
                        "a total for many authorities is not comparable with one authority's count.")
        roles = [r for r in roles if trend.get(r) is not None and trend.get(r).n_values]
        out.append(ChartRef(key, trend.title, trend_sentence(trend, roles) + (f" {note}" if note else ""), trend,
                            tuple(roles), note))
    return out


def trend_sentence(trend: TrendData, roles) -> str:
    """The trend in a sentence or two, for alt text: where it went, and against what.

    Example: "Repeat plans (%) rose from 14.7% in 2018-19 to 19.8% in 2020-21 (lower is better, so
    this is worsening). England was 21.9% in 2019-20."
    """
    la = trend.get("la")
    name = trend.name
    idx = [i for i, v in enumerate(la.values) if not math.isnan(v)]
    if not idx:
        return f"{name}: no values to chart for {trend.area}."
    first, last = idx[0], idx[-1]
    v0, v1 = float(la.values[first]), float(la.values[last])
    p0, p1 = trend.periods[first], trend.periods[last]
    fmt = trend.format_value
    if first == last:
        text = f"{name} for {trend.area} was {fmt(v1)} in {p1}."
    else:
        decimals = trend.indicator.decimals if trend.indicator else 1
        if round(v0, decimals) == round(v1, decimals):
            move = f"was {fmt(v1)} in {p1}, the same as in {p0}"
        else:
            move = f"{'rose' if v1 > v0 else 'fell'} from {fmt(v0)} in {p0} to {fmt(v1)} in {p1}"
        text = f"{name} for {trend.area} {move}"
        pol = trend.polarity
        if pol in _POLARITY_WORDS and round(v0, decimals) != round(v1, decimals):
            good = (v1 > v0) == (pol == "higher")
            text += f" ({_POLARITY_WORDS[pol]}, so this is {'an improvement' if good else 'a worsening'})"
        vals = la.values[idx]
        if len(idx) >= 3:
            hi, lo = int(np.nanargmax(la.values)), int(np.nanargmin(la.values))
            if hi not in (first, last):
                text += f", peaking at {fmt(float(la.values[hi]))} in {trend.periods[hi]}"
            elif lo not in (first, last):
                text += f", with a low of {fmt(float(la.values[lo]))} in {trend.periods[lo]}"
        del vals
        text += "."
    others = []
    for role in roles:
        if role == "la":
            continue
        s = trend.get(role)
        if s is None:
            continue
        j = [i for i, v in enumerate(s.values) if not math.isnan(v)]
        if not j:
            continue
        k = j[-1]
        label = "the target" if role == "target" else s.name
        others.append(f"{label} was {fmt(float(s.values[k]))} in {trend.periods[k]}")
    if others:
        sentence = "; ".join(others)
        text += " " + sentence[0].upper() + sentence[1:] + "."
    return text


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
