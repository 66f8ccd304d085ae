"""Hand-worked cases: each expected answer is worked out in the comments beside it."""
import datetime as dt

import numpy as np
import pytest

from cpdesk.errors import CpdeskError
from cpdesk.observations import source_texts
from cpdesk.records import Rules, compute, explain, make_periods
from records_helpers import PLAN_HEAD, S47_HEAD, plans_result, recordset, value


def d(text):
    return dt.date.fromisoformat(text)


# --- plans lasting 2 years or more -------------------------------------------------------

def test_ceased_two_year_boundary_days():
    # days counted = end - start + 1 (the start day and the day of cessation both count); > 729 is 2 years
    rows = [
        ["A", d("2020-04-01"), d("2022-03-31"), 0],  # 729 + 1 = 730 > 729: counts
        ["B", d("2020-04-01"), d("2022-03-30"), 0],  # 728 + 1 = 729: does not
        ["C", d("2020-03-31"), d("2022-03-29"), 0],  # 2020-03-31..2022-03-29 = 728 + 1 = 729: does not
        ["D", d("2023-03-01"), d("2025-02-27"), 0],  # leap year 2024: 729 + 1 = 730: counts, a day short of 2 calendar years
        ["E", d("2024-02-29"), d("2026-02-27"), 0],  # from a leap day: 729 + 1 = 730: counts (ends 2025-26)
    ]
    r = plans_result(rows, by="year", as_of=d("2025-03-31"))
    assert value(r, "cpp_ceased_count", "2021-22") == 3
    assert value(r, "cpp_ceased_2yrs_count", "2021-22") == 1
    assert value(r, "cpp_ceased_2yrs_pct", "2021-22") == pytest.approx(100 / 3)
    assert value(r, "cpp_ceased_2yrs_pct", "2021-22", "numerator") == 1
    assert value(r, "cpp_ceased_2yrs_pct", "2021-22", "denominator") == 3
    assert value(r, "cpp_ceased_2yrs_pct", "2024-25") == 100.0  # D
    rows_ex = explain(r, "cpp_ceased_2yrs_pct", "2021-22")
    assert rows_ex.set_index("child_id")["days_on_plan"].to_dict() == {"A": 730, "B": 729, "C": 729}
    assert rows_ex.set_index("child_id")["in_numerator"].to_dict() == {"A": True, "B": False, "C": False}


def test_open_two_years_at_31_march_across_a_leap_year():
    # at 31 Mar 2020 (2020 is a leap year): days = 31 Mar 2020 - start + 1
    rows = [
        ["A", d("2018-04-01"), None, 0],  # 730 + 1 = 731: counts
        ["B", d("2018-04-02"), None, 0],  # 729 + 1 = 730: counts
        ["C", d("2018-04-03"), None, 0],  # 728 + 1 = 729: does not
        ["D", d("2019-06-01"), d("2020-03-31"), 0],  # ends on 31 March: not open at 31 March
    ]
    r = plans_result(rows, by="year", as_of=d("2020-12-31"))
    assert value(r, "cpp_open_count", "2019-20") == 3
    assert value(r, "cpp_open_2yrs_count", "2019-20") == 2
    assert value(r, "cpp_open_2yrs_pct", "2019-20") == pytest.approx(200 / 3)
    assert value(r, "cpp_ceased_count", "2019-20") == 1
    ex = explain(r, "cpp_open_2yrs_pct", "2019-20").set_index("child_id")
    assert ex["days_on_plan_at_snapshot"].to_dict() == {"A": 731, "B": 730, "C": 729}


# --- repeat plans ---------------------------------------------------------------------------

THREE_PLANS = [
    ["K917", d("2019-01-01"), d("2019-06-30"), 0],
    ["K917", d("2020-03-01"), d("2020-12-31"), 1],
    ["K917", d("2023-02-01"), None, 2],
]


def test_a_child_with_three_plans():
    r = plans_result(THREE_PLANS, by="quarter", as_of=d("2023-03-31"))
    # plan 1 (Q4 2018-19): first plan
    assert value(r, "cpp_repeat_ever_pct", "Q4 2018-19") == 0
    # plan 2 (Q4 2019-20): earlier plan ended 30 Jun 2019, on/after 1 Mar 2018 (2 years before): repeat within 2 years
    assert value(r, "cpp_repeat_ever_pct", "Q4 2019-20") == 100
    assert value(r, "cpp_repeat_2yrs_pct", "Q4 2019-20") == 100
    # 1 Jan 2019 -> 1 Mar 2020 = 425 days = 425 / 30.4375 = 13.963 months
    assert value(r, "months_between_plans_avg", "Q4 2019-20") == pytest.approx(425 / 30.4375)
    # plan 3 (Q4 2022-23): previous ended 31 Dec 2020, before 1 Feb 2021: a repeat, not within 2 years
    assert value(r, "cpp_repeat_ever_pct", "Q4 2022-23") == 100
    assert value(r, "cpp_repeat_2yrs_pct", "Q4 2022-23") == 0
    assert value(r, "months_between_plans_avg", "Q4 2022-23") == pytest.approx(1067 / 30.4375)  # 35.06
    ex = explain(r, "cpp_repeat_ever_pct", "Q4 2022-23")
    assert ex["previous_plan_start"].tolist() == [d("2020-03-01")]
    assert ex["previous_plan_row"].tolist() == [3]  # the heading is row 1, so plan 2 is Excel row 3


def test_repeat_within_two_years_rule_end_or_start():
    rows = [
        ["B", d("2018-01-01"), d("2019-12-01"), 0],
        ["B", d("2021-06-01"), None, 1],   # 2 years before: 1 Jun 2019. Previous end 1 Dec 2019: yes; start 1 Jan 2018: no
        ["C", d("2018-01-10"), d("2020-01-15"), 0],
        ["C", d("2022-01-15"), None, 1],   # previous ended exactly on 15 Jan 2020: within (on or after)
        ["E", d("2018-01-10"), d("2020-01-14"), 0],
        ["E", d("2022-01-15"), None, 1],   # previous ended 14 Jan 2020: one day too early
    ]
    by_end = plans_result(rows, by="year", as_of=d("2022-03-31"))
    assert value(by_end, "cpp_repeat_2yrs_count", "2021-22") == 2   # B and C
    assert value(by_end, "cpp_repeat_2yrs_pct", "2021-22") == pytest.approx(200 / 3)
    by_start = plans_result(rows, by="year", as_of=d("2022-03-31"),
                            rules=Rules.defaults().with_changes(repeat_within_from="start"))
    assert value(by_start, "cpp_repeat_2yrs_count", "2021-22") == 0
    assert value(by_start, "cpp_repeat_ever_count", "2021-22") == 3


def test_previous_plans_column_counts_as_ever_but_not_within_two_years():
    rows = [["P", d("2021-05-01"), None, 2], ["Q", d("2021-05-02"), None, 0], ["R", d("2021-05-03"), None, None]]
    r = plans_result(rows, by="year", as_of=d("2021-12-31"))
    assert value(r, "cpp_repeat_ever_pct", "2021-22", "numerator") == 1
    assert value(r, "cpp_repeat_ever_pct", "2021-22", "denominator") == 3
    assert value(r, "cpp_repeat_2yrs_count", "2021-22") == 0


# --- flows and snapshots across the financial year; open plans ---------------------------------

def test_plan_crossing_the_financial_year_and_open_plans():
    rows = [
        ["F", d("2020-03-15"), d("2020-04-20"), 0],  # starts 2019-20, open at 31 Mar 2020, ceases 2020-21
        ["G", d("2020-01-10"), None, 0],              # still open: in every later snapshot, never ceased
        ["H", d("2020-03-31"), d("2020-03-31"), 0],   # starts and ends on 31 Mar: not open at 31 Mar
    ]
    r = plans_result(rows, by="quarter", as_of=d("2020-09-30"))
    assert value(r, "cpp_started_count", "Q4 2019-20") == 3
    assert value(r, "cpp_open_count", "Q4 2019-20") == 2    # F and G
    assert value(r, "cpp_ceased_count", "Q4 2019-20") == 1  # H
    assert value(r, "cpp_ceased_count", "Q1 2020-21") == 1  # F
    assert value(r, "cpp_open_count", "Q1 2020-21") == 1    # G
    assert value(r, "cpp_open_count", "Q2 2020-21") == 1
    y = plans_result(rows, by="year", as_of=d("2020-09-30"))
    assert value(y, "cpp_started_count", "2019-20") == 3
    assert value(y, "cpp_ceased_count", "2020-21") == 1
    assert bool(value(y, "cpp_ceased_count", "2020-21", "partial")) is True   # records end 30 Sep 2020
    assert bool(value(y, "cpp_ceased_count", "2019-20", "partial")) is False


def test_rates_need_the_population_and_keep_the_count():
    rows = [["A", d("2020-01-10"), None, 0], ["B", d("2020-02-10"), None, 0]]
    r = plans_result(rows, by="year", population=25_000, as_of=d("2020-03-31"))
    assert value(r, "cpp_rate_per_10k", "2019-20") == pytest.approx(0.8)   # 2 / 25,000 * 10,000
    assert value(r, "cpp_rate_per_10k", "2019-20", "numerator") == 2
    no_pop = plans_result(rows, by="year", as_of=d("2020-03-31"))
    assert not (no_pop.observations["indicator"] == "cpp_rate_per_10k").any()
    with pytest.raises(CpdeskError):
        plans_result(rows, population=0)


def test_observation_columns_and_source():
    r = plans_result(THREE_PLANS, by="year", area="Northshire", as_of=d("2023-03-31"))
    obs = r.observations
    assert set(obs["area"]) == {"Northshire"} and set(obs["area_role"]) == {"la"}
    assert source_texts(obs).iloc[0] == "test.xlsx › Plans › computed from 3 plan records"
    assert "K917" not in obs.to_csv()  # no child id anywhere in the figures


# --- initial conferences within 15 working days -----------------------------------------------

def test_icpc_fifteen_working_days_over_christmas():
    rows = [S47_HEAD,
            ["A", d("2023-12-22"), d("2024-01-17")],   # 15th working day: within
            ["B", d("2023-12-22"), d("2024-01-18")],   # 16th: not
            ["C", d("2024-01-02"), None],               # enquiry with no conference
            ["D", d("2023-11-01"), d("2023-11-01")]]    # same day: 0 working days
    r = compute(recordset(("S47", rows)), by="quarter", as_of=d("2024-03-31"))
    assert value(r, "icpc_count", "Q4 2023-24") == 2
    assert value(r, "icpc_15wd_pct", "Q4 2023-24") == 50.0
    assert value(r, "icpc_15wd_pct", "Q3 2023-24") == 100.0
    assert value(r, "s47_count", "Q4 2023-24") == 1
    assert value(r, "s47_count", "Q3 2023-24") == 3
    ex = explain(r, "icpc_15wd_pct", "Q4 2023-24").set_index("child_id")
    assert ex["working_days"].to_dict() == {"A": 15, "B": 16}


# --- reviews on time -----------------------------------------------------------------------------

def test_reviews_on_time_at_31_march():
    head = PLAN_HEAD + ["Review conference dates"]
    rows = [head,
            ["R1", d("2021-01-01"), None, 0, "01/04/2021; 01/10/2021"],  # due 1 Apr, then 1 Oct; next due 1 Apr 2022: on time
            ["R2", d("2021-01-01"), None, 0, "02/04/2021; 01/10/2021"],  # first review a day late
            ["R3", d("2021-01-01"), None, 0, "01/04/2021"],              # second review due 1 Oct 2021, never held
            ["R4", d("2022-02-01"), None, 0, ""]]                        # under 3 months at 31 Mar 2022: not counted
    r = compute(recordset(("Plans", rows)), by="year", as_of=d("2022-03-31"))
    assert value(r, "cpp_reviews_on_time_pct", "2021-22", "denominator") == 3
    assert value(r, "cpp_reviews_on_time_pct", "2021-22", "numerator") == 1
    ex = explain(r, "cpp_reviews_on_time_pct", "2021-22").set_index("child_id")
    assert ex["in_numerator"].to_dict() == {"R1": True, "R2": False, "R3": False}
    assert ex.loc["R3", "first_missed_or_late_due"] == d("2021-10-01")


# --- periods -------------------------------------------------------------------------------------

def test_periods_of_each_kind():
    q = make_periods("quarter", d("2019-05-10"), d("2020-01-02"))
    assert [p.label for p in q] == ["Q1 2019-20", "Q2 2019-20", "Q3 2019-20", "Q4 2019-20"]
    y = make_periods("year", d("2019-03-31"), d("2019-04-01"))
    assert [p.label for p in y] == ["2018-19", "2019-20"]
    r = make_periods("rolling12", d("2019-01-15"), d("2020-02-01"))
    assert [(p.start, p.end) for p in r] == [(d("2019-01-01"), d("2019-12-31")), (d("2019-02-01"), d("2020-01-31")),
                                            (d("2019-03-01"), d("2020-02-29"))]
    assert len(make_periods("month", d("2019-01-15"), d("2020-02-01"))) == 14


def test_explain_adds_up_to_every_figure():
    rng = np.random.default_rng(7)
    rows = [PLAN_HEAD + ["Strategy discussion date", "ICPC date", "Review conference dates"]]
    base = np.datetime64("2016-01-01")
    for i in range(300):
        child = f"C{rng.integers(0, 120)}"
        start = base + int(rng.integers(0, 1100))
        end = None if rng.random() < 0.3 else (start + int(rng.integers(0, 900))).astype(object)
        strat = start - int(rng.integers(0, 30))
        reviews = "; ".join(str(start + k * 120 + int(rng.integers(0, 60))) for k in range(int(rng.integers(0, 4))))
        rows.append([child, start.astype(object), end, int(rng.integers(0, 3)), strat.astype(object),
                     start.astype(object), reviews])
    rs = recordset(("Plans", rows), today=dt.date(2030, 1, 1))
    for by in ("quarter", "rolling12"):
        r = compute(rs, by=by, population=10_000)
        obs = r.observations
        for _, o in obs[obs["period"].isin(obs["period"].unique()[::3])].iterrows():
            if o["indicator"] == "months_between_plans_avg":
                continue
            ex = explain(r, o["indicator"], o["period"])
            if np.isnan(o["denominator"]):
                assert len(ex) == o["numerator"], (by, o["indicator"], o["period"])
            else:
                assert len(ex) == o["denominator"], (by, o["indicator"], o["period"])
                assert ex["in_numerator"].sum() == o["numerator"], (by, o["indicator"], o["period"])


def test_reviews_on_time_counts_match_the_records_for_every_month():
    # the figures count each plan's on-time window at once; explain checks each plan at one day
    rng = np.random.default_rng(11)
    rows = [PLAN_HEAD + ["Review conference dates"]]
    base = np.datetime64("2018-01-01")
    for i in range(250):
        start = base + int(rng.integers(0, 700))
        end = None if rng.random() < 0.4 else (start + int(rng.integers(0, 800))).astype(object)
        day, reviews = start, []
        for k in range(int(rng.integers(0, 5))):
            day = day + int(rng.integers(60, 100) if k == 0 else rng.integers(150, 200))  # some late
            reviews.append(str(day))
        rows.append([f"C{i}", start.astype(object), end, 0, "; ".join(reviews)])
    r = compute(recordset(("Plans", rows), today=dt.date(2030, 1, 1)), by="month", as_of=d("2021-06-30"))
    obs = r.observations[r.observations["indicator"] == "cpp_reviews_on_time_pct"]
    assert len(obs) > 30 and obs["numerator"].sum() > 0 and (obs["numerator"] < obs["denominator"]).any()
    for _, o in obs.iterrows():
        ex = explain(r, "cpp_reviews_on_time_pct", o["period"])
        assert (len(ex), int(ex["in_numerator"].sum())) == (o["denominator"], o["numerator"]), o["period"]
