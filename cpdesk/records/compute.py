"""Indicators computed exactly from child-level records, and the records behind each figure.

:func:`compute` turns a checked :class:`~cpdesk.records.loading.RecordSet` into rows of the
canonical observations frame (same columns as ``cpdesk inspect``), by month, financial
quarter, financial year or rolling 12 months. Work is column-wise with numpy: each
record's facts (is it a repeat plan, how long did it last, how many working days to the
conference) are derived once; flows are then counted per period with binary searches on
sorted dates, snapshots with one vectorised comparison per period.

:func:`explain` lists the records behind one figure (numerator and denominator) with their
file, sheet and row, using the same derived facts, so the list always adds up to the figure.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cpdesk.catalogue import Catalogue, default_catalogue
from cpdesk.errors import CpdeskError
from cpdesk.observations import COLUMNS, SEP, normalise_frame
from cpdesk.periods import Period, canonical_label, financial_year, fy_end_year_of, month, quarter_of
from cpdesk.records.dates import NAT, add_months
from cpdesk.records.loading import RecordSet
from cpdesk.records.rules import Rules
from cpdesk.records.workdays import working_days_after

BY = ("month", "quarter", "year", "rolling12")
DAYS_PER_MONTH = 365.25 / 12
_FAR = np.iinfo("int64").max // 4  # "no end date" as a day number after any real date

#: What each computed indicator counts: its table, and for flows the event it is dated by.
PLAN_FLOW = {"cpp_started_count": "start", "cpp_repeat_ever_count": "start", "cpp_repeat_2yrs_count": "start",
             "cpp_repeat_ever_pct": "start", "cpp_repeat_2yrs_pct": "start", "months_between_plans_avg": "start",
             "cpp_start_rate_per_10k": "start",
             "cpp_ceased_count": "end", "cpp_ceased_2yrs_count": "end", "cpp_ceased_2yrs_pct": "end",
             "cpp_ceased_rate_per_10k": "end"}
PLAN_SNAPSHOT = ("cpp_open_count", "cpp_rate_per_10k", "cpp_open_2yrs_count", "cpp_open_2yrs_pct",
                 "cpp_reviews_on_time_pct")
S47_FLOW = {"s47_count": "strategy", "s47_rate_per_10k": "strategy", "icpc_count": "icpc",
            "icpc_rate_per_10k": "icpc", "icpc_15wd_count": "icpc", "icpc_15wd_pct": "icpc"}
RATES = {"cpp_rate_per_10k": "cpp_open_count", "cpp_start_rate_per_10k": "cpp_started_count",
         "cpp_ceased_rate_per_10k": "cpp_ceased_count", "s47_rate_per_10k": "s47_count",
         "icpc_rate_per_10k": "icpc_count"}
PERCENTS = {"cpp_repeat_ever_pct": ("cpp_repeat_ever_count", "cpp_started_count"),
            "cpp_repeat_2yrs_pct": ("cpp_repeat_2yrs_count", "cpp_started_count"),
            "cpp_ceased_2yrs_pct": ("cpp_ceased_2yrs_count", "cpp_ceased_count"),
            "cpp_open_2yrs_pct": ("cpp_open_2yrs_count", "cpp_open_count"),
            "icpc_15wd_pct": ("icpc_15wd_count", "icpc_count"),
            "cpp_reviews_on_time_pct": ("_reviews_ok", "_reviews_due")}
COMPUTED = tuple(PLAN_FLOW) + PLAN_SNAPSHOT + tuple(S47_FLOW)


def _days(values) -> np.ndarray:
    """datetime64 values as int64 day numbers (NaT as _FAR)."""
    d = np.asarray(values).astype("datetime64[D]")
    out = d.astype("int64")
    out[np.isnat(d)] = _FAR
    return out


def _day(date: dt.date) -> int:
    return int(np.datetime64(date, "D").astype("int64"))


@dataclass
class _Plans:
    """Facts derived once per valid plan (arrays aligned with ``idx``)."""

    idx: np.ndarray          # positions in RecordSet.plans
    start: np.ndarray        # day numbers
    end: np.ndarray          # day numbers, _FAR when open
    prev_pos: np.ndarray     # position (in these arrays) of the child's previous plan, -1 if none
    repeat_ever: np.ndarray
    repeat_2y: np.ndarray
    gap_months: np.ndarray   # NaN without a previous plan
    long_ceased: np.ndarray  # ended, and lasted more than N days counting start and end day
    reviews: np.ndarray      # datetime64[D] (n, k), sorted, NaT padded
    _schedule: dict | None = None
    by_start: _Sorted | None = None
    by_end: _Sorted | None = None

    def schedule(self, rules: Rules) -> dict:
        if self._schedule is None:
            self._schedule = _review_schedule(self.start, self.reviews, rules)
        return self._schedule


@dataclass
class _S47:
    idx: np.ndarray
    strategy: np.ndarray
    icpc: np.ndarray         # _FAR when no conference
    working_days: np.ndarray  # -1 when no conference
    within: np.ndarray
    by_strategy: _Sorted | None = None
    by_icpc: _Sorted | None = None


@dataclass
class RecordsResult:
    """What :func:`compute` returns: the observations and everything needed to explain them."""

    observations: pd.DataFrame
    records: RecordSet
    rules: Rules
    periods: list[Period]
    as_of: dt.date
    snapshot_days: dict[str, dt.date]
    population: float | None
    area: str
    plans: _Plans = field(repr=False)
    s47: _S47 = field(repr=False)

    def period(self, label: str | Period) -> Period:
        if isinstance(label, Period):
            return label
        want = " ".join(str(label).split()).lower()
        for p in self.periods:
            if canonical_label(p).lower() == want or p.label.lower() == want:
                return p
        raise CpdeskError(f"No period '{label}' among the computed periods "
                          f"({canonical_label(self.periods[0])} to {canonical_label(self.periods[-1])}).")


# --- deriving the facts ---------------------------------------------------------------------

def _stable_order(days: np.ndarray) -> np.ndarray:
    """Positions that sort ``days`` (int64 day numbers), ties in their original order.

    Day numbers of real data span far fewer than 65,536 days, so the common case is a radix
    sort on 16-bit offsets (a few ms for 500,000 values instead of tens); ``_FAR`` sorts last.
    """
    real = days < _FAR
    if real.any():
        lo = int(days[real].min())
        span = int(days[real].max()) - lo
        if span < np.iinfo("uint16").max:
            small = np.where(real, days - lo, span + 1).astype("uint16")
            return np.argsort(small, kind="stable")
    return np.argsort(days, kind="stable")


@dataclass
class _Sorted:
    """Day numbers with their stable sort order, for counting events per period with binary searches."""

    days: np.ndarray
    order: np.ndarray
    sorted_days: np.ndarray

    @classmethod
    def of(cls, days: np.ndarray) -> _Sorted:
        order = _stable_order(days)
        return cls(days, order, days[order])

    def count(self, p_start: np.ndarray, p_end: np.ndarray, mask: np.ndarray | None = None,
              weights: np.ndarray | None = None) -> np.ndarray:
        """Events (or the sum of ``weights``) dated within each period, both ends included."""
        lo = np.searchsorted(self.sorted_days, p_start, "left")
        hi = np.searchsorted(self.sorted_days, p_end, "right")
        if mask is None and weights is None:
            return (hi - lo).astype("float64")
        if weights is None:
            cum = np.r_[0, np.cumsum(mask[self.order], dtype="int64")]
            return (cum[hi] - cum[lo]).astype("float64")
        # zeros for the records left out add nothing, so the running sums equal those over the kept records alone
        w = weights if mask is None else np.where(mask, weights, 0.0)
        cum = np.r_[0.0, np.cumsum(w[self.order])]
        return cum[hi] - cum[lo]


@dataclass
class _Intervals:
    """Intervals first <= D < stop, sorted once, for counting how many hold each snapshot day."""

    firsts: np.ndarray
    stops: np.ndarray

    @classmethod
    def of(cls, first: np.ndarray, stop: np.ndarray) -> _Intervals:
        keep = first < stop
        return cls(np.sort(first[keep]), np.sort(stop[keep]))

    def holding(self, days: np.ndarray) -> np.ndarray:
        # stop <= D implies first <= D, so the intervals holding D are those begun by D less those stopped by D
        return (np.searchsorted(self.firsts, days, "right") - np.searchsorted(self.stops, days, "right")).astype("float64")


def _memo(records: RecordSet, key, make):
    """Facts derived from a RecordSet are kept on it: the app computes several kinds of period from one set."""
    memo = records.derived
    if key not in memo:
        memo[key] = make()
    return memo[key]


def _plan_base(records: RecordSet) -> dict:
    """The facts of each valid plan that no rule setting changes."""
    plans = records.plans
    idx = np.flatnonzero(~plans["excluded"].to_numpy(dtype=bool))
    start = _days(plans["start"].to_numpy()[idx])
    end = _days(plans["end"].to_numpy()[idx])
    child = records.plan_children()[idx]
    n = len(idx)
    # previous plan of the same child: order by child, then start, then position (idx is increasing)
    if n:
        lo = int(start.min())
        order = np.argsort(child.astype("int64") * (int(start.max()) - lo + 1) + (start - lo), kind="stable")
    else:
        order = np.zeros(0, dtype="int64")
    same = np.zeros(n, dtype=bool)
    same[1:] = child[order][1:] == child[order][:-1]
    prev_pos = np.full(n, -1, dtype="int64")
    prev_pos[order[1:][same[1:]]] = order[:-1][same[1:]]
    has_prev = prev_pos >= 0
    prev_count = plans["previous_plans"].to_numpy(dtype="float64")[idx]
    repeat_ever = has_prev | (np.nan_to_num(prev_count, nan=0.0) > 0)
    gap = np.full(n, np.nan)
    gap[has_prev] = (start[has_prev] - start[prev_pos[has_prev]]) / DAYS_PER_MONTH
    reviews = records.reviews[idx] if records.reviews.shape[1] else np.full((n, 0), NAT)
    return {"idx": idx, "start": start, "end": end, "prev_pos": prev_pos, "repeat_ever": repeat_ever, "gap": gap,
            "reviews": reviews, "by_start": _Sorted.of(start), "by_end": _Sorted.of(end)}


def _derive_plans(records: RecordSet, rules: Rules) -> _Plans:
    b = _memo(records, "plans", lambda: _plan_base(records))
    start, end, prev_pos = b["start"], b["end"], b["prev_pos"]
    n = len(start)
    has_prev = prev_pos >= 0
    threshold = _days(add_months(start.astype("datetime64[D]"), -12 * rules.repeat_within_years))
    ref = np.full(n, -_FAR, dtype="int64")
    ref_source = end if rules.repeat_within_from == "end" else start
    ref[has_prev] = ref_source[prev_pos[has_prev]]
    repeat_2y = has_prev & (ref >= threshold) & (ref < _FAR)
    ended = end < _FAR
    long_ceased = ended & ((end - start + 1) > rules.long_plan_days_more_than)
    p = _Plans(b["idx"], start, end, prev_pos, b["repeat_ever"], repeat_2y, b["gap"], long_ceased, b["reviews"])
    key = ("schedule", rules.first_review_months, rules.review_interval_months, rules.review_min_plan_months)
    p._schedule = _memo(records, key, lambda: _review_schedule(start, b["reviews"], rules))
    p.by_start, p.by_end = b["by_start"], b["by_end"]
    return p


def _derive_s47(records: RecordSet, rules: Rules) -> _S47:
    def base():
        s47 = records.s47
        idx = np.flatnonzero(~s47["excluded"].to_numpy(dtype=bool))
        strat = s47["strategy"].to_numpy().astype("datetime64[D]")[idx]
        icpc = s47["icpc"].to_numpy().astype("datetime64[D]")[idx]
        wd = working_days_after(strat, icpc)
        strategy, icpc_days = _days(strat), _days(icpc)
        return {"idx": idx, "strategy": strategy, "icpc": icpc_days, "wd": wd,
                "by_strategy": _Sorted.of(strategy), "by_icpc": _Sorted.of(icpc_days)}

    b = _memo(records, "s47", base)
    within = (b["wd"] >= 0) & (b["wd"] <= rules.icpc_working_days)
    s = _S47(b["idx"], b["strategy"], b["icpc"], b["wd"], within)
    s.by_strategy, s.by_icpc = b["by_strategy"], b["by_icpc"]
    return s


def _review_schedule(start: np.ndarray, reviews: np.ndarray, rules: Rules) -> dict:
    """Per plan, worked out once: when each review fell due and whether it was held late.

    ``due[:, 0]`` is the first review's due date (start + 3 months); ``due[:, j + 1]`` is
    review j's date + 6 months. Review j was late when it was held after ``due[:, j]``.
    """
    n, k = reviews.shape
    start64 = start.astype("datetime64[D]")
    r = _days(reviews) if k else np.zeros((n, 0), dtype="int64")
    due = np.empty((n, k + 1), dtype="int64")
    due[:, 0] = _days(add_months(start64, rules.first_review_months))
    for j in range(k):
        due[:, j + 1] = _days(add_months(reviews[:, j], rules.review_interval_months))
    late = (r < _FAR) & (r > due[:, :k])
    first_late = np.where(late.any(axis=1), late.argmax(axis=1), k) if k else np.zeros(n, dtype="int64")
    # Once a review is late or missed the plan stays off time (a late review stays held; a missed
    # one can only be held late), so each plan is on time up to one last day: the due date of its
    # first review that was missed or held late.
    missed_or_late = late | (r >= _FAR)
    first_off = np.where(missed_or_late.any(axis=1), missed_or_late.argmax(axis=1), k) if k else np.zeros(n, dtype="int64")
    return {"r": r, "due": due, "first_late": first_late,
            "last_on_time": due[np.arange(n), first_off],
            "eligible_from": _days(add_months(start64, rules.review_min_plan_months))}


def _reviews_status(p: _Plans, day: int, rules: Rules) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Plans due a review check at ``day`` and whether all their reviews were on time.

    A plan is checked when it is open at ``day`` and has lasted at least 3 months. It is on
    time when none of the reviews held by ``day`` was late and the next review is not overdue
    (its due date is not before ``day``). Returns (checked mask, on-time mask, due date of
    the first late or missed review as a day number, or -1).
    """
    sched = p.schedule(rules)
    eligible = (p.start <= day) & (p.end > day) & (sched["eligible_from"] <= day)
    ok = np.zeros(len(p.start), dtype=bool)
    failed_at = np.full(len(p.start), -1, dtype="int64")
    sub = np.flatnonzero(eligible)
    if len(sub) == 0:
        return eligible, ok, failed_at
    held = (sched["r"][sub] <= day).sum(axis=1)
    first_late = sched["first_late"][sub]
    due = sched["due"][sub]
    next_due = due[np.arange(len(sub)), held]
    late = first_late < held
    overdue = ~late & (next_due < day)
    ok[sub] = ~(late | overdue)
    failed_at[sub] = np.where(late, due[np.arange(len(sub)), np.minimum(first_late, due.shape[1] - 1)],
                              np.where(overdue, next_due, -1))
    return eligible, ok, failed_at


# --- periods -------------------------------------------------------------------------------

def make_periods(by: str, first: dt.date, last: dt.date) -> list[Period]:
    """The periods of kind ``by`` from the one holding ``first`` to the one holding ``last``."""
    if by not in BY:
        raise CpdeskError(f"--by must be one of {', '.join(BY)}, not '{by}'.")
    out: list[Period] = []
    if by == "year":
        for y in range(fy_end_year_of(first), fy_end_year_of(last) + 1):
            out.append(financial_year(y))
        return out
    if by == "quarter":
        p = quarter_of(first)
        while p.start <= last:
            out.append(p)
            p = quarter_of(p.end + dt.timedelta(days=1))
        return out
    months = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        months.append(month(y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if by == "month":
        return months
    ends = months[11:] or months[-1:]
    for mp in ends:
        sy, sm = mp.end.year, mp.end.month - 11
        if sm <= 0:
            sy, sm = sy - 1, sm + 12
        out.append(Period(mp.end, dt.date(sy, sm, 1), "rolling", f"12 months to {mp.end.strftime('%b %Y')}"))
    return out


def _data_span(records: RecordSet) -> tuple[dt.date | None, dt.date | None]:
    plans, s47 = records.valid_plans, records.valid_s47
    firsts = [plans["start"].min(), s47["strategy"].min()]
    lasts = [plans["start"].max(), plans["end"].max(), s47["strategy"].max(), s47["icpc"].max()]
    if records.reviews.shape[1] and len(plans):
        r = records.reviews[~records.plans["excluded"].to_numpy(dtype=bool)]
        r = r[~np.isnat(r)]
        if len(r):
            lasts.append(pd.Timestamp(r.max()))
    firsts = [x for x in firsts if not pd.isna(x)]
    lasts = [x for x in lasts if not pd.isna(x)]
    if not firsts:
        return None, None
    return min(firsts).date(), max(lasts).date()


# --- computing ------------------------------------------------------------------------------

def compute(records: RecordSet, *, by: str = "quarter", population: float | None = None, rules: Rules | None = None,
            area: str = "Local authority", start: dt.date | None = None, end: dt.date | None = None,
            as_of: dt.date | None = None, catalogue: Catalogue | None = None) -> RecordsResult:
    """Compute every indicator the records allow, for each period.

    Parameters
    ----------
    records : RecordSet
        From :func:`cpdesk.records.load_records` (or ``build_recordset`` in the app).
    by : {"month", "quarter", "year", "rolling12"}
        Financial quarters and years (April to March); rolling windows of 12 months.
    population : float, optional
        Children aged 0-17; rates per 10,000 are computed only when given.
    rules : Rules, optional
        Counting rules (default: ``resources/records/rules.json``).
    start, end : date, optional
        Limit the periods to those holding ``start`` .. ``end`` (default: the span of the data).
    as_of : date, optional
        The date the extract was taken (default: the latest date in the records). Periods ending
        after it are marked partial and their snapshots are taken on this date.
    """
    rules = rules or Rules.defaults()
    catalogue = catalogue or default_catalogue()
    if population is not None and not population > 0:
        raise CpdeskError("The 0-17 population must be a positive number.")
    first, last = _memo(records, "span", lambda: _data_span(records))
    if first is None:
        raise CpdeskError("None of the records can be used (see the data-quality report): nothing to compute.")
    as_of = as_of or min(last, records.today)
    periods = make_periods(by, start or first, end or as_of)
    p = _derive_plans(records, rules)
    s = _derive_s47(records, rules)

    p_start = np.array([_day(x.start) for x in periods], dtype="int64")
    p_end = np.array([_day(x.end) for x in periods], dtype="int64")
    snap = np.minimum(p_end, _day(as_of))
    values: dict[str, np.ndarray] = {}

    has_plans = len(p.idx) > 0
    has_s47 = len(s.idx) > 0
    mapped = {f for src in records.sources for f in src.mapping.columns}
    if has_plans:
        by_start, by_end = p.by_start, p.by_end
        values["cpp_started_count"] = by_start.count(p_start, p_end)
        values["cpp_repeat_ever_count"] = by_start.count(p_start, p_end, p.repeat_ever)
        values["cpp_repeat_2yrs_count"] = by_start.count(p_start, p_end, p.repeat_2y)
        with_prev = p.prev_pos >= 0
        values["_gap_n"] = by_start.count(p_start, p_end, with_prev)
        values["_gap_sum"] = by_start.count(p_start, p_end, with_prev, p.gap_months)
        if "plan_end" in mapped:
            ended = p.end < _FAR
            values["cpp_ceased_count"] = by_end.count(p_start, p_end, ended)
            values["cpp_ceased_2yrs_count"] = by_end.count(p_start, p_end, p.long_ceased)
        # snapshots: a plan is open at D when start <= D < end; it has lasted 2 years at D from start + N days
        long_days = rules.long_plan_days_more_than
        values["cpp_open_count"] = _memo(records, "open", lambda: _Intervals.of(p.start, p.end)).holding(snap)
        values["cpp_open_2yrs_count"] = _memo(records, ("open_long", long_days),
                                              lambda: _Intervals.of(p.start + long_days, p.end)).holding(snap)
        if records.has_reviews:
            sched = p.schedule(rules)
            first = sched["eligible_from"]
            key = ("reviews", rules.first_review_months, rules.review_interval_months, rules.review_min_plan_months)
            due, ok = _memo(records, key, lambda: (
                _Intervals.of(first, p.end), _Intervals.of(first, np.minimum(p.end, sched["last_on_time"] + 1))))
            values["_reviews_due"], values["_reviews_ok"] = due.holding(snap), ok.holding(snap)
    if has_s47:
        values["s47_count"] = s.by_strategy.count(p_start, p_end)
        if "icpc_date" in mapped:
            held = s.icpc < _FAR
            values["icpc_count"] = s.by_icpc.count(p_start, p_end, held)
            values["icpc_15wd_count"] = s.by_icpc.count(p_start, p_end, held & s.within)

    frame = _observations(values, periods, snap, as_of, records, rules, population, area, catalogue, len(p.idx), len(s.idx))
    snapshot_days = {canonical_label(per): dt.date(1970, 1, 1) + dt.timedelta(days=int(d)) for per, d in zip(periods, snap)}
    return RecordsResult(frame, records, rules, periods, as_of, snapshot_days, population, area, p, s)


def _observations(values, periods, snap, as_of, records, rules, population, area, catalogue, n_plans, n_s47) -> pd.DataFrame:
    rows: dict[str, list] = {c: [] for c in COLUMNS}
    plan_sources = [src for src in records.sources if src.mapping.has_plans]
    s47_sources = [src for src in records.sources if src.mapping.has_s47]

    def source_bits(kind: str) -> tuple[str, str, str]:
        srcs = plan_sources if kind == "plan" else s47_sources
        n = n_plans if kind == "plan" else n_s47
        what = "plan records" if kind == "plan" else "enquiry records"
        label = " + ".join(s.label for s in srcs)
        return (f"{label}{SEP}computed from {n:,} {what}", " + ".join(dict.fromkeys(s.file for s in srcs)),
                " + ".join(s.sheet for s in srcs))

    plan_src, s47_src = source_bits("plan"), source_bits("s47")
    snap_dates = [dt.date(1970, 1, 1) + dt.timedelta(days=int(d)) for d in snap]

    def add(ind_id: str, vals, nums, dens, notes, kind: str):
        ind = catalogue.get(ind_id)
        label = ind.name if ind else ind_id
        src = plan_src if kind == "plan" else s47_src
        for i, per in enumerate(periods):
            rows["indicator"].append(ind_id)
            rows["label"].append(label)
            rows["area"].append(area)
            rows["area_role"].append("la")
            rows["period"].append(canonical_label(per))
            rows["period_label"].append(canonical_label(per))
            rows["period_start"].append(per.start)
            rows["period_end"].append(per.end)
            rows["period_kind"].append(per.kind)
            rows["partial"].append(per.end > as_of)
            rows["value"].append(vals[i])
            rows["numerator"].append(nums[i] if nums is not None else None)
            rows["denominator"].append(dens[i] if dens is not None else None)
            rows["flag"].append(None)
            rows["note"].append(notes[i])
            rows["source_prefix"].append(src[0])   # the whole source: no cell part
            rows["file"].append(src[1])
            rows["sheet"].append(src[2])
            rows["cell"].append("")
            rows["table"].append("records")

    def snap_note(i, extra=""):
        note = f"at {snap_dates[i].day} {snap_dates[i].strftime('%b %Y')}"
        if periods[i].end > as_of:
            note += " (the records end here; period not complete)"
        return note + extra

    def flow_note(i, extra=""):
        note = "period not complete: the records end " + as_of.isoformat() if periods[i].end > as_of else ""
        return "; ".join(x for x in (note, extra) if x)

    n = len(periods)
    described = rules.describe()
    for ind_id in ("cpp_started_count", "cpp_repeat_ever_count", "cpp_repeat_2yrs_count", "cpp_ceased_count",
                   "cpp_ceased_2yrs_count", "s47_count", "icpc_count", "icpc_15wd_count"):
        if ind_id in values:
            v = values[ind_id]
            kind = "s47" if ind_id in S47_FLOW else "plan"
            add(ind_id, v, v, None, [flow_note(i) for i in range(n)], kind)
    for ind_id in ("cpp_open_count", "cpp_open_2yrs_count"):
        if ind_id in values:
            v = values[ind_id]
            add(ind_id, v, v, None, [snap_note(i) for i in range(n)], "plan")
    for ind_id, (num_id, den_id) in PERCENTS.items():
        if num_id in values and den_id in values:
            num, den = values[num_id], values[den_id]
            with np.errstate(invalid="ignore", divide="ignore"):
                pct = np.where(den > 0, 100.0 * num / np.where(den > 0, den, 1), np.nan)
            is_snap = ind_id in PLAN_SNAPSHOT
            kind = "s47" if ind_id in S47_FLOW else "plan"
            notes = [(snap_note(i) if is_snap else flow_note(i)) for i in range(n)]
            notes = [x + ("; " if x else "") + "rule: " + described.get(ind_id, "") if ind_id in described else x
                     for x in notes]
            add(ind_id, pct, num, den, notes, kind)
    if "_gap_n" in values:
        gn, gs = values["_gap_n"], values["_gap_sum"]
        with np.errstate(invalid="ignore", divide="ignore"):
            avg = np.where(gn > 0, gs / np.where(gn > 0, gn, 1), np.nan)
        add("months_between_plans_avg", avg, None, None,
            [flow_note(i, f"mean of {int(gn[i])} plan(s) with a previous plan in the records") for i in range(n)], "plan")
    if population:
        for rate_id, count_id in RATES.items():
            if count_id in values:
                c = values[count_id]
                is_snap = count_id == "cpp_open_count"
                kind = "s47" if count_id in S47_FLOW else "plan"
                notes = [(snap_note(i) if is_snap else flow_note(i)) + ("; " if (is_snap or periods[i].end > as_of) else "")
                         + f"{int(c[i]):,} per population 0-17 of {population:,.0f}" for i in range(n)]
                add(rate_id, c / population * 10000.0, c, None, notes, kind)
    return normalise_frame(pd.DataFrame(rows, columns=COLUMNS))


# --- explaining ------------------------------------------------------------------------------

def explain(result: RecordsResult, indicator: str, period) -> pd.DataFrame:
    """The records behind one computed figure, with file, sheet and Excel row.

    Columns: ``file``, ``sheet``, ``row``, ``child_id``, ``in_numerator`` (for percentages and
    averages: whether the record is counted above the line; for counts always True), and the
    facts the rule used (dates, days, working days, previous plan). The number of rows is the
    denominator (or the count); the rows with ``in_numerator`` True add up to the numerator.
    Child identifiers are included for the user's own checking; exporters leave them out
    unless asked.
    """
    if indicator not in COMPUTED:
        raise CpdeskError(f"'{indicator}' is not computed from records; computed indicators are "
                          f"{', '.join(sorted(COMPUTED))}.")
    per = result.period(period)
    p_start, p_end = _day(per.start), _day(per.end)
    snap = _day(result.snapshot_days[canonical_label(per)])
    rules = result.rules
    if indicator in S47_FLOW:
        s = result.s47
        day = s.strategy if S47_FLOW[indicator] == "strategy" else s.icpc
        member = (day >= p_start) & (day <= p_end)
        in_num = s.within if indicator.startswith("icpc_15wd") else np.ones(len(s.idx), dtype=bool)
        if indicator == "icpc_15wd_count":
            member &= s.within
        pos = np.flatnonzero(member)
        frame = result.records.s47.iloc[s.idx[pos]]
        out = _base(result, frame)
        out["strategy_discussion"] = frame["strategy"].dt.date.to_numpy()
        out["icpc"] = frame["icpc"].dt.date.to_numpy()
        if "icpc" in S47_FLOW[indicator]:
            out["working_days"] = s.working_days[pos]
        out["in_numerator"] = in_num[pos]
        return _finish(out)

    p = result.plans
    if indicator in PLAN_FLOW:
        day = p.start if PLAN_FLOW[indicator] == "start" else p.end
        member = (day >= p_start) & (day <= p_end) & (day < _FAR)
        numerator = {"cpp_repeat_ever_count": p.repeat_ever, "cpp_repeat_ever_pct": p.repeat_ever,
                     "cpp_repeat_2yrs_count": p.repeat_2y, "cpp_repeat_2yrs_pct": p.repeat_2y,
                     "cpp_ceased_2yrs_count": p.long_ceased, "cpp_ceased_2yrs_pct": p.long_ceased,
                     "months_between_plans_avg": p.prev_pos >= 0}.get(indicator)
        if indicator in ("cpp_repeat_ever_count", "cpp_repeat_2yrs_count", "cpp_ceased_2yrs_count",
                         "months_between_plans_avg"):
            member &= numerator
    else:
        member = (p.start <= snap) & (p.end > snap)
        long_open = (snap - p.start + 1) > rules.long_plan_days_more_than
        numerator = long_open if indicator in ("cpp_open_2yrs_count", "cpp_open_2yrs_pct") else None
        if indicator == "cpp_open_2yrs_count":
            member &= long_open
        failed_at = None
        if indicator == "cpp_reviews_on_time_pct":
            eligible, numerator, failed_at = _reviews_status(p, snap, rules)
            member = eligible
    pos = np.flatnonzero(member)
    frame = result.records.plans.iloc[p.idx[pos]]
    out = _base(result, frame)
    out["plan_start"] = frame["start"].dt.date.to_numpy()
    out["plan_end"] = frame["end"].dt.date.to_numpy()
    if indicator in ("cpp_ceased_2yrs_count", "cpp_ceased_2yrs_pct", "cpp_ceased_count"):
        out["days_on_plan"] = (p.end[pos] - p.start[pos] + 1)
    if indicator in PLAN_SNAPSHOT:
        out["days_on_plan_at_snapshot"] = snap - p.start[pos] + 1
    if indicator.startswith(("cpp_repeat", "months_between", "cpp_started")):
        prev = p.prev_pos[pos]
        has = prev >= 0
        prev_rows = result.records.plans.iloc[p.idx[np.where(has, prev, 0)]]
        out["previous_plans_recorded"] = frame["previous_plans"].to_numpy()
        out["previous_plan_row"] = np.where(has, prev_rows["row"].to_numpy(), -1)
        out["previous_plan_start"] = np.where(has, prev_rows["start"].dt.date.to_numpy(), None)
        out["previous_plan_end"] = np.where(has, prev_rows["end"].dt.date.to_numpy(), None)
        out["months_since_previous_start"] = np.round(p.gap_months[pos], 2)
        out["previous_plan_row"] = out["previous_plan_row"].astype(object).where(has, None)
    if indicator == "cpp_reviews_on_time_pct":
        out["review_dates"] = ["; ".join(np.datetime_as_string(r[~np.isnat(r)], unit="D")) for r in p.reviews[pos]]
        out["first_missed_or_late_due"] = [None if d < 0 else dt.date(1970, 1, 1) + dt.timedelta(days=int(d))
                                           for d in failed_at[pos]]
    out["in_numerator"] = numerator[pos] if numerator is not None else True
    return _finish(out)


def _base(result: RecordsResult, frame: pd.DataFrame) -> pd.DataFrame:
    srcs = result.records.sources
    src = frame["source"].to_numpy()
    return pd.DataFrame({
        "file": [srcs[i].file for i in src],
        "sheet": [srcs[i].sheet for i in src],
        "row": frame["row"].to_numpy(),
        "child_id": frame["child_id"].to_numpy(),
    })


def _finish(out: pd.DataFrame) -> pd.DataFrame:
    out["in_numerator"] = out["in_numerator"].astype(bool)
    return out.sort_values(["file", "sheet", "row"], kind="stable").reset_index(drop=True)


def explain_summary(result: RecordsResult, indicator: str, period) -> str:
    """One line: how the figure is made up ("4 of 44 plans starting in Q4 2019-20 ...")."""
    rows = explain(result, indicator, period)
    per = result.period(period)
    num = int(rows["in_numerator"].sum())
    text = f"{indicator} {canonical_label(per)}: {len(rows):,} record(s)"
    if indicator in PERCENTS or indicator == "months_between_plans_avg":
        text += f", {num:,} counted in the numerator"
    rule = result.rules.describe().get(indicator)
    return text + (f". Rule: {rule}" if rule else ".")
