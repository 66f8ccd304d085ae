"""The committee table model: columns, cell texts with symbol and word, notes, source line."""
from __future__ import annotations

import pytest

from cpdesk.export.committee_table import format_number
from cpdesk.export.palette import load_palette
from tests.export_fixtures import COMMENTARY, HOSTILE_LABEL, year_table


def _row(table, key):
    return next(r for r in table.rows if r.indicator_key == key)


def test_columns_follow_the_committee_layout():
    t = year_table()
    assert [c.header for c in t.shown_columns()] == [
        "Indicator", "Period", "Value", "Previous", "Direction", "Neighbours", "England",
        "vs England", "Target", "vs target", "Commentary"]
    assert [c.header for c in t.shown_columns(data=True)][-1] == "Notes"
    assert "Unit" in [c.header for c in t.shown_columns(data=True)]


def test_values_and_judgements_carry_symbol_and_word():
    t = year_table()
    words = load_palette()
    rep = _row(t, "cpp_repeat_ever_pct").cells
    assert (rep["value"].text, rep["value"].value) == ("35.7%", 35.7)
    assert rep["previous"].full_text == "38.0% (2022-23)"
    assert rep["direction"].text == f"{words.directions['improving'].symbol} improving"
    assert rep["vs_comparator"].state == "worse" and rep["vs_comparator"].text.endswith("worse")
    assert rep["target"].text == "[x]" and rep["vs_target"].text == "no target"
    icpc = _row(t, "icpc_15wd_pct").cells
    assert icpc["vs_comparator"].text == "● similar"        # 78.1 inside the interval of 20/25
    assert icpc["vs_target"].state == "amber" and icpc["vs_target"].text == "◆ near"
    rr = _row(t, "rereferral_12m_pct").cells
    assert rr["vs_target"].text == "✖ missed" and rr["direction"].text.endswith("worsening")
    started = _row(t, "cpp_started_count").cells
    assert started["value"].text == "70" and started["target"].text == "[z]"   # no polarity: not applicable


def test_commentary_on_the_indicator_row():
    t = year_table()
    assert _row(t, "cpp_repeat_ever_pct").cells["commentary"].text == COMMENTARY["cpp_repeat_ever_pct"]
    assert _row(t, "cpp_started_count").cells["commentary"].text == ""


def test_notes_source_and_date():
    t = year_table()
    texts = [n.text for n in t.notes]
    assert any("provisional" in x and "2023-24" in x for x in texts)
    assert any("based on 25 children" in x and "4.0 percentage points" in x for x in texts)
    icpc = _row(t, "icpc_15wd_pct")
    assert icpc.notes and icpc.cells["notes"].text == ", ".join(f"note {n}" for n in icpc.notes)
    assert "Open Government Licence v3.0" in t.source and "perf.xlsx" in t.source
    assert t.produced_text.startswith("Produced on 3 June 2024")
    assert any(x.startswith("Shorthand: [x] not available; [z] not applicable") for x in t.general_notes)


def test_indicator_choice_and_order():
    t = year_table(indicators=["rereferral_12m_pct", "label:" + HOSTILE_LABEL, "icpc_15wd_pct"])
    assert [r.indicator_key for r in t.rows] == ["rereferral_12m_pct", "label:" + HOSTILE_LABEL, "icpc_15wd_pct"]
    assert t.rows[1].indicator == HOSTILE_LABEL      # kept as written in the model; writers escape


def test_workspace_targets_fill_gaps():
    t = year_table(targets={"cpp_repeat_ever_pct": 30.0})
    rep = _row(t, "cpp_repeat_ever_pct").cells
    assert rep["target"].text == "30.0%" and rep["vs_target"].state == "red"   # 35.7 vs 30, beyond 10%


@pytest.mark.parametrize("value, unit, decimals, text", [
    (1234.0, "count", 0, "1,234"), (9.14, "percent", 1, "9.1%"), (45.25, "rate", 1, "45.2"), (6.0, "months", 1, "6.0")])
def test_number_formats(value, unit, decimals, text):
    assert format_number(value, unit, decimals) == text


def test_no_comparator_figures_means_no_comparison_column():
    from cpdesk.export.committee_table import build_committee_table
    from tests.export_fixtures import AREA, observations
    t = build_committee_table(observations(), area=AREA, periods=["Q1 2023-24", "Q2 2023-24"])
    assert "vs_comparator" not in [c.key for c in t.columns]
    assert "There are no England figures for these periods, so no comparison is shown." in t.general_notes
