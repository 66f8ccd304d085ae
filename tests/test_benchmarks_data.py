"""Built-in national figures checked against the published files in ../shared/benchmarks."""
from __future__ import annotations

import csv
import importlib.util
import json
import math
import statistics
import sys

import numpy as np
import pytest

from cpdesk import benchmarks as bm
from cpdesk import judgements
from cpdesk.benchmarks.data import read_values_csv, read_values_npz
from cpdesk.catalogue import default_catalogue
from cpdesk.errors import CpdeskError
from cpdesk.resources import resource
from tests.conftest import REPO


def _build_script():
    spec = importlib.util.spec_from_file_location("build_benchmarks", REPO / "tools" / "build_benchmarks.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script runs
    spec.loader.exec_module(module)
    return module


def _raw_open_data(shared_dir, filename):
    with (shared_dir / "benchmarks" / filename).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _raw_neighbours(shared_dir, model):
    """Neighbour codes per LA, read straight from the wide file (BOM, repeated headers, trailing spaces)."""
    path = shared_dir / "benchmarks" / f"statistical_neighbours_{model}.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    first = 5 if model == 2021 else 4
    out = {}
    for r in rows[1:]:
        if r and r[0].strip().isdigit():
            out[r[0].strip()] = [r[first + 2 * k].strip() for k in range(10) if r[first + 2 * k].strip()]
    return out


def _number(text):
    try:
        return float(text)
    except ValueError:
        return None


def test_neighbours_mean_recomputed_from_the_published_files(shared_dir):
    rows = _raw_open_data(shared_dir, "d3_cpps_subsequent_plan_2013_to_2025.csv")
    pct = {(r["old_la_code"], int(r["time_period"])): _number(r["CPP_subsequent_percent"])
           for r in rows if r["geographic_level"] == "Local authority"}
    nbrs = _raw_neighbours(shared_dir, 2025)["302"]  # Barnet
    prof = bm.profile("Barnet", 2025, indicators=["cpp_repeat_ever_pct"]).set_index("year")
    assert list(prof.index) == list(range(2013, 2026))
    for year, row in prof.iterrows():
        got = [pct.get((c, year)) for c in nbrs]
        got = [v for v in got if v is not None]
        assert row["neighbours_n"] == len(got)
        assert row["neighbours_mean"] == pytest.approx(sum(got) / len(got))
        assert row["neighbours_median"] == pytest.approx(statistics.median(got))
        assert row["la_value"] == pct[("302", year)]
    # 2024-25: Barnet 11.8%, 27 of 228 plans (read from the file, not copied here).
    raw = next(r for r in rows if r["old_la_code"] == "302" and r["time_period"] == "2025")
    assert prof.loc[2025, "la_numerator"] == float(raw["CPP_subsequent"])
    assert prof.loc[2025, "la_denominator"] == float(raw["CPP_start"])


def test_lait_measure_and_2021_model_recomputed_from_the_published_files(shared_dir):
    with (shared_dir / "benchmarks" / "lait_csc_long.csv").open(encoding="utf-8-sig", newline="") as fh:
        values = {(str(int(float(r["LA Number"]))), int(r["Years"])): _number(r["Values"])
                  for r in csv.DictReader(fh) if r["Short Desc"] == "CP_conf_15days" and r["Years"] != "0"}
    nbrs = _raw_neighbours(shared_dir, 2021)["202"]  # Camden
    prof = bm.profile("Camden", 2021, indicators=["CP_conf_15days"]).set_index("year")
    assert len(prof) >= 8
    for year, row in prof.iterrows():
        got = [values.get((c, year)) for c in nbrs]
        got = [v for v in got if v is not None]
        assert row["neighbours_n"] == len(got)
        assert row["neighbours_mean"] == pytest.approx(sum(got) / len(got))
        assert row["la_value"] == pytest.approx(values[("202", year)])
        assert row["england_value"] == pytest.approx(values[("970", year)])


def test_rank_and_quartile_match_judgements_on_the_published_values(shared_dir):
    rows = _raw_open_data(shared_dir, "d3_cpps_subsequent_plan_2013_to_2025.csv")
    la_rows = [r for r in rows if r["geographic_level"] == "Local authority" and r["time_period"] == "2025"]
    codes = [r["old_la_code"] for r in la_rows]
    vals = [_number(r["CPP_subsequent_percent"]) for r in la_rows]
    vals = [math.nan if v is None else v for v in vals]
    ranks = judgements.ranks(vals, "lower")
    bands = judgements.quartile_bands(vals, "lower")
    for code in ("302", "202", "886", "941"):
        row = bm.profile(code, indicators=["cpp_repeat_ever_pct"], years=[2025]).iloc[0]
        i = codes.index(code)
        assert row["rank"] == ranks[i]
        assert row["quartile"] == bands[i]
        assert row["rank_of"] == int((~np.isnan(np.asarray(vals))).sum())


def test_region_and_england_come_from_the_regional_and_national_rows(shared_dir):
    rows = _raw_open_data(shared_dir, "d5_cpps_at31march_by_duration_2013_to_2025.csv")
    eng = next(r for r in rows if r["geographic_level"] == "National" and r["time_period"] == "2020")
    london = next(r for r in rows if r["geographic_level"] == "Regional" and r["region_code"] == "E12000007"
                  and r["time_period"] == "2020")
    row = bm.profile("E09000003", indicators=["cpp_open_2yrs_pct"], years=[2020]).iloc[0]
    assert row["england_value"] == float(eng["2_years_or_more_percent"])
    assert row["region_value"] == float(london["2_years_or_more_percent"])
    assert row["period_kind"] == "snapshot" and row["period"] == "31 Mar 2020"


def test_symbols_are_kept_as_flags(shared_dir):
    rows = _raw_open_data(shared_dir, "d3_cpps_subsequent_plan_2013_to_2025.csv")
    raw = next(r for r in rows if r["geographic_level"] == "Local authority" and r["CPP_subsequent_percent"] == "c")
    prof = bm.profile(raw["old_la_code"], indicators=["cpp_repeat_ever_pct"], years=[int(raw["time_period"])])
    assert prof.iloc[0]["la_flag"] == "c"
    assert math.isnan(prof.iloc[0]["la_value"]) and math.isnan(prof.iloc[0]["rank"])
    assert prof.iloc[0]["quartile"] is None


def test_resource_is_compact_and_both_value_files_agree():
    folder = resource("benchmarks")
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size < 4_000_000
    a = read_values_csv(folder / "values.csv.gz")
    b = read_values_npz(folder / "values.npz")
    assert len(a) == len(b) > 100_000
    for col in ("indicator", "area", "flag", "source"):
        assert list(a[col].astype(object).fillna("")) == list(b[col].astype(object).fillna(""))
    for col in ("year", "value", "numerator", "denominator"):
        assert np.array_equal(a[col].to_numpy(dtype=float), b[col].to_numpy(dtype=float), equal_nan=True)
    assert "Open Government Licence v3.0" in bm.attribution()
    assert bm.attribution() in (folder / "SOURCES.md").read_text(encoding="utf-8")


def test_every_measure_is_in_the_catalogue_with_the_dictionary_polarity(shared_dir):
    catalogue = default_catalogue()
    data = bm.load_benchmarks()
    assert set(data.measures["indicator"]) <= {i.id for i in catalogue}
    with (shared_dir / "benchmarks" / "lait_data_dictionary_csc.csv").open(encoding="utf-8-sig", newline="") as fh:
        dictionary = {r["Measure_short"]: r for r in csv.DictReader(fh)}
    lait = data.measures[data.measures["source"].str.startswith("lait:")]
    polarity = {"High": "higher", "Low": "lower", "-": "none"}
    with (shared_dir / "benchmarks" / "lait_csc_long.csv").open(encoding="utf-8-sig", newline="") as fh:
        codes = {r["Short Desc"] for r in csv.DictReader(fh)}
    LAIT = _build_script().LAIT
    assert set(LAIT) == codes  # all 68 LAIT measures mapped
    for code, ind_id in LAIT.items():
        assert catalogue[ind_id].polarity == polarity[dictionary[code]["Polarity"].strip()], code
    assert len(lait) > 30


def test_lookup_by_name_and_both_codes():
    assert bm.find_la("302").name == "Barnet"
    assert bm.find_la("E09000003").la_code == "302"
    assert bm.find_la("e10000023").name == "North Yorkshire"  # former E-code of 815
    assert bm.find_la("north yorkshire").new_la_code == "E06000065"
    assert bm.find_la("Dorset").la_code == "838"
    assert bm.find_la("Dorset (Pre LG)").la_code == "835"
    assert bm.find_la("Bristol").la_code == "801"
    assert bm.find_la("Durham").la_code == "840"
    assert bm.find_la("St Helens").la_code == "342"
    assert bm.find_la("Bournemouth, Christchurch & Poole").la_code == "839"


def test_unknown_la_names_the_closest():
    with pytest.raises(CpdeskError) as err:
        bm.find_la("Barnt")
    assert '"Barnet"' in str(err.value)
    assert bm.find_la("Telford").name == "Telford and Wrekin"  # the only name with that word
    with pytest.raises(CpdeskError, match='"Kingston upon Thames"'):
        bm.find_la("Kingston")  # two names have it: ask
    with pytest.raises(CpdeskError):
        bm.find_la("E09999999")


def test_the_two_models_give_different_neighbours():
    n21 = list(bm.neighbours("Barnet", 2021)["la_code"])
    n25 = list(bm.neighbours("Barnet", 2025)["la_code"])
    assert len(n21) == len(n25) == 10 and n21 != n25
    p21 = bm.profile("Barnet", 2021, indicators=["cpp_repeat_ever_pct"], years=[2025]).iloc[0]
    p25 = bm.profile("Barnet", 2025, indicators=["cpp_repeat_ever_pct"], years=[2025]).iloc[0]
    assert p21["la_value"] == p25["la_value"]
    assert p21["neighbours_mean"] != p25["neighbours_mean"]
    assert len(bm.neighbours("Cumbria", 2025)) == 0 and len(bm.neighbours("Cumbria", 2021)) == 10
    with pytest.raises(CpdeskError):
        bm.neighbours("Barnet", 2019)


def test_merged_and_split_authorities_report_their_missing_years():
    assert bm.missing_years("Cumberland") == list(range(2013, 2024))
    assert bm.missing_years("Cumbria") == [2024, 2025]
    assert bm.missing_years("Northamptonshire") == [2022, 2023, 2024, 2025]
    assert bm.missing_years("West Northamptonshire") == list(range(2013, 2022))
    assert bm.missing_years("Poole") == list(range(2020, 2026))
    assert bm.missing_years("Bournemouth, Christchurch and Poole") == list(range(2013, 2020))
    assert bm.missing_years("Barnet") == []
    assert "Cumbria" in bm.history("Westmorland and Furness")
    assert bm.year_ranges([2013, 2014, 2015, 2019]) == "2012-13 to 2014-15, 2018-19"


def test_local_authority_list_has_names_codes_and_regions():
    la = bm.local_authorities()
    assert la["la_code"].is_unique and la["new_la_code"].str.match(r"^E(06|08|09|10)\d{6}$").all()
    current = la[la["last_year"] == 2025]
    assert len(current) == 153
    assert set(current["region_name"]) >= {"London", "North East", "South West"}
    assert la.loc["302", "subregion_name"] == "Outer London"


def test_sources_file_says_how_to_rebuild():
    text = (resource("benchmarks") / "SOURCES.md").read_text(encoding="utf-8")
    assert "tools/build_benchmarks.py" in text and "disagreeing: 0" in text
    assert json.loads(json.dumps(bm.attribution()))


def test_committed_resource_is_what_the_build_script_makes(shared_dir, tmp_path):
    _build_script().build(shared_dir / "benchmarks", tmp_path)
    committed = resource("benchmarks")
    names = sorted(p.name for p in committed.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name


def test_periods_follow_the_year_convention():
    assert bm.period_for("year", 2020).label == "2019-20"
    snap = bm.period_for("snapshot", 2020)
    assert snap.kind == "snapshot" and snap.end.isoformat() == "2020-03-31"
    ay = bm.period_for("academic_year", 2019)
    assert ay.label == "2018/19 academic year" and ay.start.isoformat() == "2018-09-01"
    ks2 = bm.profile("Leeds", indicators=["CIN_KS2_ExpStd_RWM"])
    assert set(ks2["period_kind"]) == {"academic_year"}
    assert 2020 not in set(ks2["year"]) and 2021 not in set(ks2["year"])  # no KS2 tests in 2019/20, 2020/21
