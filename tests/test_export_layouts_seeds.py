"""Each layout reproduces the seed papers' own tables, cell by cell, from that seed's figures.

The figures are the seed fixtures' expected reading (tests/fixtures/seeds/expected_figures.csv),
so these tests check the layouts, not the reading of the spreadsheets.
"""
from __future__ import annotations

import datetime as dt

from cpdesk.export.layouts import LayoutChoice, build_paper
from tests.seed_papers import grid, seed_observations


def _tables(seed, tables=None, **kw):
    paper = build_paper(seed_observations(seed, tables), LayoutChoice(produced=dt.date(2021, 2, 2), **kw))
    return [grid(t) for t in paper.tables]


def test_wokingham_last_four_quarters():
    [t] = _tables("wokingham", ["Previous 12 months"], kind="quarter", comparators=[], judgements=[])
    assert t == [
        ["Indicator", "Q4 2019-20", "Q1 2020-21", "Q2 2020-21", "Q3 2020-21"],
        ["No. CPP started", "44", "26", "35", "55"],
        ["Previous CPP within 2 years", "4", "1", "0", "14"],
        ["% of children starting a CPP who had previous one in the last 2 years", "9.1%", "3.8%", "0.0%", "25.5%"],
        ["Previous CPP ever", "10", "5", "3", "15"],
        ["% of children starting a CPP who had previous one ever (national indicator)", "22.7%", "19.2%", "8.6%",
         "27.3%"]]


def test_wokingham_two_years_year_to_date_and_the_benchmark_beside_them():
    [t] = _tables("wokingham", ["Comparison with previous 2 years", "Benchmarking 2019-20"], kind="year",
                  comparators=["england", "region"], judgements=[])
    assert t == [
        ["Indicator", "2018-19", "2019-20", "2020-21 to Dec 2020", "England 2019-20", "SE 2019-20"],
        ["No. CPP started", "197", "178", "116", "[z]", "[z]"],          # counts: never beside England's total
        ["Previous CPP within 2 years", "17", "21", "14", "[z]", "[z]"],
        ["% of children starting a CPP who had previous one in the last 2 years", "8.6%", "11.8%", "12.9%", "[x]",
         "[x]"],
        ["Previous CPP ever", "29", "36", "23", "[z]", "[z]"],
        ["% of children starting a CPP who had previous one ever", "14.7%", "20.2%", "19.8%", "21.9%", "23.4%"]]


def test_wokingham_judgement_against_england_is_below_as_the_paper_says():
    paper = build_paper(seed_observations("wokingham", ["Comparison with previous 2 years", "Benchmarking 2019-20"]),
                        LayoutChoice(kind="year", comparators=["england", "region"]))
    t = paper.tables[0]
    row = t.rows[-1]
    assert [c.header for c in t.columns][-2:] == ["vs England", "Direction of travel"]
    assert row.cells[-2].text == "▲ better"           # 20.2% against England's 21.9%: lower is better
    assert any("part of the year" in n for n in paper.general_notes)


def test_warwickshire_tables_1_to_4_areas_down_years_across_with_tbc():
    tables = _tables("warwickshire", ["Table 1", "Table 2", "Table 3", "Table 4"], layout="areas")
    assert len(tables) == 4
    rate = next(t for t in tables if t[1][1] == "42.0")
    assert rate == [
        ["Area", "2015-16", "2016-17", "2017-18", "2018-19", "2019-20"],
        ["Warwickshire", "42.0", "38.8", "49.0", "29.8", "25.1"],
        ["Statistical neighbours [note 1]", "39.4", "35.7", "34.4", "34.7", "TBC"],
        ["England [note 1]", "43.1", "43.3", "45.3", "43.7", "TBC"]]
    icpc = next(t for t in tables if t[1][1] == "100.0%")
    assert icpc[1:] == [["Warwickshire", "100.0%", "76.8%", "72.6%", "83.1%", "67.8%"],
                        ["Statistical neighbours [note 1]", "79.1%", "80.4%", "84.9%", "84.7%", "TBC"],
                        ["England [note 1]", "76.7%", "77.2%", "76.9%", "78.7%", "TBC"]]


def test_warwickshire_table_5_quarters_down_measures_across():
    [t] = _tables("warwickshire", ["Table 5"], kind="quarter", periods=10, transpose=True, judgements=[])
    assert t[0][0] == "Period" and len(t[0]) == 7 and len(t) == 11
    assert t[1] == ["Q4 2017-18"] + [c for c in t[1][1:]]
    assert dict(zip(t[0], t[1]))["No. within 2 years"] == "17"
    assert dict(zip(t[0], t[-1])) == {
        "Period": "Q1 2020-21", "No. within 2 years": "12", "% within 2 years": "10.0%",
        "Total No. repeat plans": "38", "% regardless of time": "31.7%", "Total No. CP Starts": "120",
        "Average no. of months between prev and current CP": "42.0"}


def test_warwickshire_table_6_activity_counts():
    [t] = _tables("warwickshire", ["Table 6"], judgements=[])
    assert t[0] == ["Indicator", "2015-16", "2016-17", "2017-18", "2018-19", "2019-20"]
    assert t[1:] == [
        ["Number of S47 Child Protection\nInvestigations initiated", "1,084", "1,290", "1,426", "1,205", "1,306"],
        ["Number of Children subject to an\nInitial Child Protection Conferences during the year", "618", "544", "727",
         "623", "482"],
        ["Number of Child Protection Plans initiated during the year", "579", "496", "674", "516", "425"],
        ["Number of Child Protection Plans closed during the year", "639", "532", "544", "734", "473"],
        ["Number of Children subject to Plans at 31 March", "473", "439", "563", "345", "295"]]


def test_warwickshire_table_7_districts_down_snapshots_across():
    [t] = _tables("warwickshire", ["Table 7"], layout="areas", periods=7)
    assert t == [
        ["Area", "31 Mar 2015", "31 Mar 2016", "31 Mar 2017", "31 Mar 2018", "31 Mar 2019", "31 Mar 2020",
         "31 Jul 2020"],
        ["Warwickshire", "47.7", "42.0", "38.8", "49.0", "29.8", "25.1", "28.0"],
        ["N. Warwickshire", "51.0", "35.0", "39.0", "47.0", "22.0", "17.0", "22.0"],
        ["Nuneaton & Bedworth", "77.0", "60.0", "54.0", "67.0", "36.0", "36.0", "32.0"],
        ["Rugby", "42.0", "39.0", "37.0", "36.0", "23.0", "24.0", "33.0"],
        ["Stratford", "22.0", "23.0", "24.0", "43.0", "26.0", "19.0", "24.0"],
        ["Warwick", "45.0", "45.0", "39.0", "51.0", "23.0", "20.0", "16.0"]]


def test_herefordshire_figures_from_the_prose():
    assert _tables("herefordshire") == [
        [["Indicator", "25 Jun 2018"], ["Number of children subject to a child protection plan", "172"]],
        [["Indicator", "3 months to Jan 2018"], ["Increase in the number of children subject to a plan", "53"]]]


def test_trafford_replans_with_neighbours_and_national_beside():
    assert _tables("trafford", kind="rolling", comparators=["neighbours", "england"]) == [[
        ["Indicator", "12 months to Mar 2018", "10 months to Jan 2019", "Statistical neighbours 2017-18",
         "England 2017-18", "vs neighbours"],
        ["% re-plans", "29.0%", "20.4%", "21.0%", "20.0%",   # the label the re-plans sheet gives these periods
         "▼ worse"],                                  # "higher than ... statistical neighbours"
        ["Re-plans", "[x]", "32", "[x]", "[z]", ""]]]


def test_bath_and_north_east_somerset_scorecard_with_merged_years():
    [t] = _tables("bathnes", layout="scorecard")
    assert t[:2] == [
        ["Indicator", "2009-10", "2009-10", "2009-10", "2010-11", "2010-11", "2011-12", "2011-12", "2011-12",
         "2011-12", "2011-12", "RAG", "Direction of travel"],
        ["Indicator", "England", "Statistical neighbours", "Actual", "Plan", "Actual", "Plan", "Q1", "Q2", "Q3", "Q4",
         "RAG", "Direction of travel"]]
    assert t[2:] == [
        ["1. Number of children subject to child protection plan", "[x]", "[x]", "71", "[x]", "106", "[x]", "104",
         "88", "", "", "", "↓ down"],
        ["2. Child protection plans lasting 2 years or more (NI 64)", "6.0%", "8.3%", "18.9%", "8.0%", "10.4%", "8.0%",
         "8.8%", "6.3%", "", "", "✔ met", "↗ improving"],                     # "on target for 2011/12"
        ["3. Children becoming subject to a child protection plan for a second or subsequent time (NI 65)", "13.0%",
         "13.1%", "11.4%", "10.0%", "23.5%", "12.0%", "18.2%", "17.4%", "", "", "✖ missed", "↗ improving"],
        ["4. Child protection cases which were reviewed within required timescales (NI 67)", "99.0%", "98.9%",
         "100.0%", "100.0%", "100.0%", "100.0%", "100.0%", "100.0%", "", "", "✔ met", "→ no change"],
        ["5. Referrals to Children's Social Care going on to initial assessments (NI 68)", "64.0%", "75.0%", "51.2%",
         "50.0%", "73.9%", "53.0%", "79.3%", "73.0%", "", "", "✔ met", "↘ worsening"],
        ["6. Initial assessments by Children's Social Care carried out within ten working days of referral (NI 59) *",
         "75.5%", "68.5%", "67.6%", "77.0%", "67.5%", "78.0%", "83.7%", "67.6%", "", "", "✖ missed", "↘ worsening"],
        ["7. Core assessments by Children's Social Care that were carried out within 35 working days of their "
         "commencement", "78.1%", "66.3%", "78.5%", "80.0%", "59.3%", "80.0%", "65.2%", "75.5%", "", "", "◆ near",
         "↗ improving"]]                                                      # "close to target"


def test_each_table_keeps_the_label_its_own_periods_are_written_with():
    paper = build_paper(seed_observations("wokingham"), LayoutChoice(kind="quarter", comparators=[], judgements=[]))
    assert paper.tables[0].rows[-1].label == ("% of children starting a CPP who had previous one ever "
                                              "(national indicator)")
    paper = build_paper(seed_observations("wokingham"), LayoutChoice(kind="year", comparators=[], judgements=[]))
    assert paper.tables[0].rows[-1].label == "% of children starting a CPP who had previous one ever"


def test_the_users_own_figures_decide_the_rows_and_the_last_period():
    """Built-in figures for later years and other indicators fill in beside the file's table, never past or over it."""
    import pandas as pd

    from cpdesk.observations import Observation, to_frame
    from cpdesk.periods import financial_year
    own = seed_observations("wokingham", ["Comparison with previous 2 years"])
    national = [Observation(ind, ind, "Wokingham", "la", financial_year(fy), 20.0 + fy % 7, file="DfE open data",
                            table="national")
                for ind in ("cpp_repeat_ever_pct", "cpp_ceased_2yrs_pct") for fy in range(2016, 2025)]
    obs = pd.concat([own, to_frame(national)], ignore_index=True)
    [t] = build_paper(obs, LayoutChoice(kind="year", comparators=[], judgements=[])).tables
    assert [c.header for c in t.columns] == ["2015-16", "2016-17", "2017-18", "2018-19", "2019-20",
                                             "2020-21 to Dec 2020"]
    assert [r.key for r in t.rows][-1] == "cpp_repeat_ever_pct" and len(t.rows) == 5   # no built-in-only row
    assert [c.text for c in t.rows[-1].cells][:3] == ["20.0%", "21.0%", "22.0%"]    # built-in years before the file's
    assert [c.text for c in t.rows[-1].cells][3:] == ["14.7%", "20.2%", "19.8%"]


def test_a_plan_without_a_better_direction_is_not_judged_and_a_note_says_why():
    obs = seed_observations("bathnes")
    obs.loc[obs["indicator"] == "cpp_ceased_2yrs_pct", "indicator"] = None       # read as a local measure
    paper = build_paper(obs, LayoutChoice(layout="scorecard"))
    row = next(r for r in paper.tables[0].rows if r.label.startswith("2. "))
    assert row.cells[-2].text == "" and row.cells[-1].text == "↓ down"
    assert any("no better direction" in n for n in paper.general_notes)


def test_wokingham_whole_paper_a_table_per_kind_of_period_as_the_paper_has():
    paper = build_paper(seed_observations("wokingham"), LayoutChoice(comparators=["england", "region"]))
    years, quarters = paper.tables
    assert [c.header for c in years.columns][:3] == ["2018-19", "2019-20", "2020-21 to Dec 2020"]
    assert years.caption.endswith("2018-19 to 2019-20 and 2020-21 to Dec 2020, compared with England")
    assert [c.header for c in quarters.columns][:4] == ["Q4 2019-20", "Q1 2020-21", "Q2 2020-21", "Q3 2020-21"]
    assert [c.header for c in quarters.columns][4:6] == ["England 2019-20", "SE 2019-20"]   # the year beside quarters
    assert [r.key for r in years.rows] == [r.key for r in quarters.rows]


def test_notes_only_for_what_the_table_shows():
    paper = build_paper(seed_observations("warwickshire", ["Table 1", "Table 4"]), LayoutChoice(layout="areas"))
    notes = " ".join(paper.general_notes)
    assert "better, similar or worse" not in notes          # no judgement column
    assert "Shorthand" not in notes                           # TBC is said in words, with a note per figure
    assert paper.tables[0].notes[0].text.endswith("the figure for 2019-20 is to be confirmed.")
    paper = build_paper(seed_observations("warwickshire", ["Table 5"]),
                        LayoutChoice(kind="quarter", periods=10, transpose=True, judgements=[]))
    assert not any("Counts are not compared" in n for n in paper.general_notes)   # no comparator column


def test_a_row_with_no_figure_in_the_periods_across_becomes_a_note():
    from tests.export_fixtures import AREA, observations
    paper = build_paper(observations(), LayoutChoice(area=AREA, kind="quarter",
                                                     indicators=["cpp_started_count", "rereferral_12m_pct"]))
    assert [r.key for r in paper.tables[0].rows] == ["cpp_started_count"]    # re-referrals are yearly only
    assert any(n.startswith("No figures for Q1 2023-24 to Q4 2023-24, so not in the table of quarters: Re-referrals")
               for n in paper.general_notes)
    assert "Re-referrals" not in " ".join(paper.summary_sentences)
