"""``cpdesk benchmarks`` and built-in figures as observations beside imported ones."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from cpdesk import benchmarks as bm
from cpdesk.cli import main
from cpdesk.observations import COLUMNS, Observation, row_source, source_texts, to_frame
from cpdesk.periods import financial_year, quarter


def test_json_output_parses_and_matches_the_profile(capsys):
    assert main(["benchmarks", "--la", "302", "--indicator", "PrevRegCPR", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["la"]["name"] == "Barnet" and payload["la"]["new_la_code"] == "E09000003"
    assert payload["model"] == 2025 and len(payload["neighbours"]) == 10
    assert "Open Government Licence" in payload["attribution"]
    rows = {r["year"]: r for r in payload["rows"]}
    assert set(rows) == set(range(2013, 2026))
    want = bm.profile("302", indicators=["cpp_repeat_ever_pct"], years=[2025]).iloc[0]
    r = rows[2025]
    assert r["indicator"] == "cpp_repeat_ever_pct" and r["period"] == "2024-25"
    assert r["la_value"] == want["la_value"] and r["neighbours_mean"] == want["neighbours_mean"]
    assert r["neighbours_n"] == 10 and r["rank"] == want["rank"] and r["quartile"] == want["quartile"]
    assert r["vs_comparator"] == r["vs_neighbours"] and r["direction"] in ("improving", "worsening", "no_change")
    assert rows[2013]["direction"] is None and rows[2013]["previous_value"] is None


def test_table_output_names_neighbours_gaps_and_attribution(capsys):
    assert main(["benchmarks", "--la", "Cumberland", "--indicator", "cpp_rate_per_10k", "--model", "2021"]) == 0
    out = capsys.readouterr().out
    assert "Cumberland (942, E06000063), North West" in out
    assert "none for Cumberland; try --model 2025" in out
    assert "No figures for Cumberland in 2012-13 to 2022-23." in out
    assert "31 Mar 2025" in out
    assert out.rstrip().endswith(bm.attribution())


def test_vs_option_picks_the_comparator(capsys):
    assert main(["benchmarks", "--la", "Camden", "--indicator", "icpc_15wd_pct", "--vs", "england", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert rows and all(r["vs_comparator"] == r["vs_england"] for r in rows)


def test_unknown_la_exits_3_with_closest_names(capsys):
    assert main(["benchmarks", "--la", "Barnt"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Barnet" in err and "Traceback" not in err


def test_unknown_indicator_and_model_are_errors(capsys):
    assert main(["benchmarks", "--la", "Barnet", "--indicator", "no_such_thing"]) == 3
    assert "no_such_thing" in capsys.readouterr().err
    try:
        main(["benchmarks", "--la", "Barnet", "--model", "2019"])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("argparse should reject --model 2019")


def test_national_observations_use_the_canonical_columns():
    obs = bm.national_observations("Barnet", indicators=["cpp_repeat_ever_pct", "cpp_open_2yrs_pct"], years=[2020])
    assert list(obs.columns) == COLUMNS
    assert set(obs["area_role"]) == {"la", "neighbours", "region", "england"}
    la = obs[(obs["area_role"] == "la") & (obs["indicator"] == "cpp_repeat_ever_pct")].iloc[0]
    assert la["period"] == "2019-20" and la["period_kind"] == "year"
    assert la["period_start"] == pd.Timestamp(2019, 4, 1) and la["period_end"] == pd.Timestamp(2020, 3, 31)
    assert row_source(la["source_prefix"], la["cell"]) == "DfE open data › d3_cpps_subsequent_plan_2013_to_2025.csv › CPP_subsequent_percent › 2019-20"
    snap = obs[(obs["area_role"] == "england") & (obs["indicator"] == "cpp_open_2yrs_pct")].iloc[0]
    assert snap["period_kind"] == "snapshot" and snap["period_end"] == pd.Timestamp(2020, 3, 31)
    nb = obs[obs["area_role"] == "neighbours"].iloc[0]
    assert "mean of 10 of 10" in nb["note"] and "2025 model" in row_source(nb["source_prefix"], nb["cell"])
    lait = bm.national_observations("Barnet", indicators=["icpc_15wd_pct"], years=[2020]).iloc[0]
    assert row_source(lait["source_prefix"], lait["cell"]) == "LAIT › CP_conf_15days › 2019-20"


def test_combine_flags_differences_and_drops_nothing():
    national = bm.national_observations("Barnet", indicators=["cpp_repeat_ever_pct"], years=[2019, 2020])
    official_2020 = national[(national["area_role"] == "la") & (national["period"] == "2019-20")]["value"].iloc[0]
    official_2019 = national[(national["area_role"] == "la") & (national["period"] == "2018-19")]["value"].iloc[0]
    imported = to_frame([
        # Same as the national figure at one decimal: no flag.
        Observation("cpp_repeat_ever_pct", "% repeat plans", "Barnet", "la", financial_year(2019), official_2019 + 0.04,
                    file="paper.xlsx", sheet="CP", cell="C4"),
        # Different: both kept, both noted.
        Observation("cpp_repeat_ever_pct", "% repeat plans", "Barnet", "la", financial_year(2020), official_2020 + 1.0,
                    file="paper.xlsx", sheet="CP", cell="D4"),
        # A quarter never collides with a year.
        Observation("cpp_repeat_ever_pct", "% repeat plans", "Barnet", "la", quarter(2020, 4), 30.0,
                    file="paper.xlsx", sheet="CP", cell="E4"),
    ])
    both = bm.combine(imported, national)
    assert len(both) == len(imported) + len(national)
    diff = bm.differences(imported, national)
    assert len(diff) == 1 and diff.iloc[0]["period"] == "2019-20"
    mine = both[source_texts(both) == "paper.xlsx › CP › D4"].iloc[0]
    assert mine["note"].startswith(f"differs from national figure {official_2020:.1f} (DfE open data › d3_")
    theirs = both[(both["table"] == "national") & (both["area_role"] == "la") & (both["period"] == "2019-20")].iloc[0]
    assert theirs["note"] == f"differs from imported figure {official_2020 + 1.0:.1f} (paper.xlsx › CP › D4)"
    same = both[source_texts(both) == "paper.xlsx › CP › C4"].iloc[0]
    assert same["note"] == ""
    assert dt.date(2020, 3, 31) == both[source_texts(both) == "paper.xlsx › CP › E4"].iloc[0]["period_end"].date()
