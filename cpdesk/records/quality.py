"""Data-quality checks on child-level records.

Each problem names the file, sheet and Excel row. A record with a problem is left out of
every figure it would have fed, and the report says so; nothing is corrected behind the
user's back. Checks:

``missing_id``            no child identifier
``unreadable_date``       a date cell that is not a date (read stage)
``unreadable_number``     number of previous plans that is not a number (read stage)
``missing_start``         a plan without a start date
``end_before_start``      a plan that ends before it starts
``missing_strategy``      an initial conference without the strategy discussion date
``icpc_before_strategy``  an initial conference before its strategy discussion
``future_date``           a date after today
``duplicate_row``         the same plan (child, start, end) or enquiry (child, strategy
                          discussion, conference) again; the first is kept, repeats left out
``overlapping_plans``     two plans for one child that overlap in time (a plan starting
                          on the day the previous one ended is not an overlap); both left out
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

ISSUE_COLUMNS = ["file", "sheet", "row", "child_id", "record", "check", "field", "detail", "excluded", "source"]

CHECK_NAMES = {
    "missing_id": "No child identifier",
    "unreadable_date": "Date cell that is not a date",
    "unreadable_number": "Number that is not a number",
    "missing_start": "Plan without a start date",
    "end_before_start": "Plan ends before it starts",
    "missing_strategy": "Conference without a strategy discussion date",
    "icpc_before_strategy": "Conference before the strategy discussion",
    "future_date": "Date in the future",
    "duplicate_row": "Duplicate record",
    "overlapping_plans": "Overlapping plans for one child",
}


def _fmt(days) -> np.ndarray:
    return np.datetime_as_string(np.asarray(days, dtype="datetime64[D]"), unit="D")


def check_records(plans: pd.DataFrame, s47: pd.DataFrame, reviews: np.ndarray, today: dt.date, *,
                  plan_child: np.ndarray | None = None, s47_child: np.ndarray | None = None):
    """Run the checks.

    ``plan_child`` and ``s47_child`` number the children (equal codes, same identifier); they
    are worked out from ``child_id`` when not given.

    Returns
    -------
    issues : DataFrame with source, row, check, field, detail, record
    plan_excluded, s47_excluded : boolean arrays aligned with ``plans`` and ``s47``
    """
    today64 = np.datetime64(today, "D")
    out: list[pd.DataFrame] = []

    def add(frame: pd.DataFrame, mask: np.ndarray, check: str, fld: str, detail, record: str) -> None:
        if not mask.any():
            return
        sub = frame[mask]
        det = detail(sub, mask) if callable(detail) else np.full(len(sub), detail, dtype=object)
        out.append(pd.DataFrame({"source": sub["source"].to_numpy(), "row": sub["row"].to_numpy(), "check": check,
                                 "field": fld, "detail": det, "record": record}))

    # --- plans
    start = plans["start"].to_numpy().astype("datetime64[D]")
    end = plans["end"].to_numpy().astype("datetime64[D]")
    pid = plans["child_id"].to_numpy(dtype=object)
    pcode = pd.factorize(pid)[0] if plan_child is None else plan_child
    p_bad = plans["read_error"].to_numpy(dtype=bool).copy()
    m = pid == ""
    add(plans, m, "missing_id", "child_id", "no child identifier", "plan")
    p_bad |= m
    m = np.isnat(start) & ~plans["read_error"].to_numpy(dtype=bool)
    add(plans, m, "missing_start", "plan_start", "no plan start date", "plan")
    p_bad |= m
    m = ~np.isnat(end) & ~np.isnat(start) & (end < start)
    add(plans, m, "end_before_start", "plan_end",
        lambda sub, mk: "ends " + _fmt(end[mk]).astype(object) + ", before it starts " + _fmt(start[mk]).astype(object), "plan")
    p_bad |= m
    for fld, arr, what in (("plan_start", start, "plan start"), ("plan_end", end, "plan end"),
                           ("latest_review", plans["latest_review"].to_numpy().astype("datetime64[D]"), "latest review")):
        m = ~np.isnat(arr) & (arr > today64)
        add(plans, m, "future_date", fld, lambda sub, mk, arr=arr, what=what: what + " " + _fmt(arr[mk]).astype(object)
            + " is after today", "plan")
        p_bad |= m
    if reviews.shape[1]:
        m = (~np.isnat(reviews) & (reviews > today64)).any(axis=1)
        add(plans, m, "future_date", "review_dates", "a review conference date is after today", "plan")
        p_bad |= m

    # duplicates among otherwise good plans: same child, start and end
    cand = ~p_bad
    key = _record_key(pcode, start, end)
    dup_mask = _repeats(key, cand)
    rows = plans["row"].to_numpy()
    add(plans, dup_mask, "duplicate_row", "", lambda sub, mk: "same plan as row "
        + _first_rows(key, rows, cand, mk).astype(str).astype(object) + " (same child, start and end)", "plan")
    p_bad |= dup_mask

    # overlaps among the remaining plans
    good = np.flatnonzero(~p_bad)
    over = np.zeros(len(plans), dtype=bool)
    partner = np.full(len(plans), -1, dtype="int64")
    if len(good) > 1:
        # by child, then start, then position
        days = start[good].astype("int64")
        lo = int(days.min())
        order = good[np.argsort(pcode[good].astype("int64") * (int(days.max()) - lo + 1) + (days - lo), kind="stable")]
        c, s, e = pcode[order], start[order], end[order]
        far = np.datetime64("9999-12-31", "D")
        e_open = np.where(np.isnat(e), far, e)
        # running latest end among earlier plans of the same child catches chains and nesting
        same = np.r_[False, c[1:] == c[:-1]]
        run_end = _running_max_by_group(e_open, same)
        prev_end = np.r_[far, run_end[:-1]]
        hit = same & (s < prev_end)
        over[order[hit]] = True
        over[order[np.r_[hit[1:], False]]] = True
        partner[order[hit]] = plans["row"].to_numpy()[order[np.flatnonzero(hit) - 1]]
        partner[order[np.r_[hit[1:], False]]] = plans["row"].to_numpy()[order[np.flatnonzero(hit)]] if hit.any() else []
    add(plans, over, "overlapping_plans", "plan_start",
        lambda sub, mk: "overlaps another plan for this child (row " + partner[mk].astype(str).astype(object) + ")", "plan")
    p_bad |= over

    # --- enquiries and conferences
    strat = s47["strategy"].to_numpy().astype("datetime64[D]")
    icpc = s47["icpc"].to_numpy().astype("datetime64[D]")
    sid = s47["child_id"].to_numpy(dtype=object)
    scode = pd.factorize(sid)[0] if s47_child is None else s47_child
    s_bad = s47["read_error"].to_numpy(dtype=bool).copy()
    m = sid == ""
    add(s47, m, "missing_id", "child_id", "no child identifier", "s47")
    s_bad |= m
    m = np.isnat(strat) & ~s47["read_error"].to_numpy(dtype=bool)
    add(s47, m, "missing_strategy", "strategy_date", "no strategy discussion date", "s47")
    s_bad |= m
    m = ~np.isnat(strat) & ~np.isnat(icpc) & (icpc < strat)
    add(s47, m, "icpc_before_strategy", "icpc_date",
        lambda sub, mk: "conference " + _fmt(icpc[mk]).astype(object) + " is before the strategy discussion "
        + _fmt(strat[mk]).astype(object), "s47")
    s_bad |= m
    for fld, arr, what in (("strategy_date", strat, "strategy discussion"), ("icpc_date", icpc, "conference")):
        m = ~np.isnat(arr) & (arr > today64)
        add(s47, m, "future_date", fld, lambda sub, mk, arr=arr, what=what: what + " " + _fmt(arr[mk]).astype(object)
            + " is after today", "s47")
        s_bad |= m
    cand = ~s_bad
    skey = _record_key(scode, strat, icpc)
    sdup_mask = _repeats(skey, cand)
    srows = s47["row"].to_numpy()
    add(s47, sdup_mask, "duplicate_row", "", lambda sub, mk: "same enquiry as row "
        + _first_rows(skey, srows, cand, mk).astype(str).astype(object)
        + " (same child, strategy discussion and conference)", "s47")
    s_bad |= sdup_mask

    issues = pd.concat(out, ignore_index=True) if out else pd.DataFrame(
        columns=["source", "row", "check", "field", "detail", "record"])
    return issues, p_bad, s_bad


def _record_key(child: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One integer per (child, date, date); NaT is a value of its own. Equal keys, same record."""
    n = len(child)
    if n == 0:
        return np.zeros(0, dtype="int64")
    child = np.asarray(child, dtype="int64")
    parts = [child - child.min()]
    for d in (first, second):
        num = d.astype("int64")
        nat = np.isnat(d)
        lo = int(num[~nat].min()) if (~nat).any() else 0
        parts.append(np.where(nat, 0, num - lo + 1))   # NaT is 0, days from 1
    widths = [int(x.max()) + 1 for x in parts]
    if float(widths[0]) * widths[1] * widths[2] >= 2.0 ** 62:   # too wide for one integer: number the triples
        return pd.MultiIndex.from_arrays(parts).factorize()[0].astype("int64")
    return (parts[0] * widths[1] + parts[1]) * widths[2] + parts[2]


def _repeats(key: np.ndarray, cand: np.ndarray) -> np.ndarray:
    """Records among ``cand`` whose key an earlier record among ``cand`` has (the first is kept)."""
    out = np.zeros(len(key), dtype=bool)
    out[np.flatnonzero(cand)[pd.Series(key[cand]).duplicated(keep="first").to_numpy()]] = True
    return out


def _first_rows(key: np.ndarray, rows: np.ndarray, cand: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """For the records in ``mask``: the Excel row of the first record among ``cand`` with the same key."""
    wanted = key[mask]
    pick = cand & np.isin(key, wanted)
    first = pd.Series(rows[pick]).groupby(key[pick]).min()
    return first.reindex(wanted).to_numpy()


def _running_max_by_group(values: np.ndarray, same_as_previous: np.ndarray) -> np.ndarray:
    """Running maximum of ``values`` that restarts wherever ``same_as_previous`` is False."""
    group = np.cumsum(~same_as_previous)
    ints = values.astype("int64")
    # offset each group so a plain running max cannot carry over from the group before
    span = int(ints.max() - ints.min()) + 1 if len(ints) else 1
    shifted = ints - ints.min() + group.astype("int64") * span
    run = np.maximum.accumulate(shifted)
    return (run - group.astype("int64") * span + ints.min()).astype("datetime64[D]")


def quality_report(records, *, include_child_ids: bool = True) -> pd.DataFrame:
    """The data-quality report of a RecordSet: one row per problem, with file, sheet and row.

    ``check_name`` is the check in words. Child identifiers are blanked when
    ``include_child_ids`` is False (for anything written to a file without the user asking).
    """
    rep = records.issues.drop(columns=["source"]).copy()
    rep.insert(5, "check_name", rep["check"].map(CHECK_NAMES).fillna(rep["check"]))
    if not include_child_ids:
        rep = rep.drop(columns=["child_id"])
    return rep.reset_index(drop=True)
