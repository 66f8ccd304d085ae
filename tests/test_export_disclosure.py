"""The disclosure check: primary and secondary suppression, worked out by hand (see export_fixtures)."""
from __future__ import annotations

from cpdesk.export.disclosure import check, confirm, primary, secondary, suppress
from tests.export_fixtures import AREA, quarters_table, year_table


def _ids(risks):
    return {(r.fact[1], r.period) for r in risks}


def test_primary_finds_counts_1_to_5_and_percentages_built_on_them():
    t = quarters_table()
    assert _ids(primary(t)) == {
        ("cpp_started_count", "Q2 2023-24"),          # 3 plans started
        ("cpp_repeat_ever_count", "Q2 2023-24"),      # 2 repeat plans
        ("cpp_repeat_ever_pct", "Q2 2023-24"),        # 66.7% = 2 of 3
    }
    reasons = {(r.fact[1], r.period): r.reason for r in primary(t)}
    assert reasons[("cpp_repeat_ever_pct", "Q2 2023-24")] == "built on 2 of 3"


def test_secondary_protects_against_the_year_total_and_the_ratio():
    t = quarters_table()
    first = {r.fact for r in primary(t)}
    extra = secondary(t, first)
    # 70 - (25 + 22) would give Q1 + Q2, so with Q2 hidden Q1 (the smallest other quarter, 20) goes too;
    # likewise 6 of the repeat counts; and Q1's percentage, since 6 of 20 is now hidden.
    assert _ids(extra) == {("cpp_started_count", "Q1 2023-24"), ("cpp_repeat_ever_count", "Q1 2023-24"),
                           ("cpp_repeat_ever_pct", "Q1 2023-24")}
    assert all(r.secondary for r in extra)


def test_threshold_is_a_setting():
    t = quarters_table(threshold=2)
    assert _ids(primary(t)) == {("cpp_repeat_ever_count", "Q2 2023-24"), ("cpp_repeat_ever_pct", "Q2 2023-24")}
    t = quarters_table(threshold=6)   # 6 repeat plans in Q1 is now small as well
    assert ("cpp_repeat_ever_count", "Q1 2023-24") in _ids(primary(t))


def test_zero_is_published():
    from cpdesk.export.committee_table import render
    t = quarters_table()
    facts = dict(t.facts)
    key = (AREA, "cpp_started_count", "Q2 2023-24")
    from dataclasses import replace
    t.facts = {**facts, key: replace(facts[key], value=0.0)}
    assert ("cpp_started_count", "Q2 2023-24") not in _ids(primary(t))
    assert render(t.spec).rows  # the spec still renders


def test_suppressed_cells_show_c_everywhere_the_fact_appears():
    t = suppress(quarters_table())
    cells = {(r.indicator_key, r.period): r.cells for r in t.rows}
    assert cells[("cpp_started_count", "Q2 2023-24")]["value"].text == "[c]"
    assert cells[("cpp_started_count", "Q1 2023-24")]["value"].text == "[c]"
    assert cells[("cpp_started_count", "Q3 2023-24")]["previous"].text == "[c]"   # Q2 shown as Q3's previous
    assert cells[("cpp_started_count", "Q3 2023-24")]["direction"].text == "[c]"  # "no change" would tell
    assert cells[("cpp_started_count", "Q3 2023-24")]["value"].text == "25"
    assert cells[("cpp_started_count", "2023-24")]["value"].text == "70"
    assert cells[("cpp_repeat_ever_pct", "Q2 2023-24")]["value"].shorthand == "c"
    assert cells[("cpp_repeat_ever_pct", "Q4 2023-24")]["value"].text == "40.9%"
    assert len(t.suppressed) == 6
    assert any("[c]" in n and "1 to 5" in n for n in t.general_notes)


def test_no_small_numbers_means_nothing_to_do():
    t = year_table(indicators=["rereferral_12m_pct", "icpc_15wd_pct"])
    assert check(t) == []
    assert not suppress(t).suppressed


def test_confirm_keeps_the_figures():
    t = confirm(quarters_table())
    assert t.confirmed
    cells = {(r.indicator_key, r.period): r.cells for r in t.rows}
    assert cells[("cpp_started_count", "Q2 2023-24")]["value"].text == "3"


def test_year_table_small_count_is_found_through_the_linked_percentage():
    # In the year table, 25 repeat plans of 70 is not small: nothing to suppress for that indicator.
    t = year_table()
    assert not any(k == "cpp_repeat_ever_pct" for k, _ in _ids(check(t)))
