"""Build cpdesk's built-in national benchmarks from the published DfE files.

Reads the open-data files (d3, d5, b1, c1), the Local Authority Interactive Tool (LAIT)
extract, its data dictionary and the two statistical-neighbour models, and writes a
compact, tidy resource to ``resources/benchmarks/``:

- ``values.csv.gz``: indicator, area, year, value, numerator, denominator, flag, source
- ``values.npz``: the same values as numpy arrays (what cpdesk loads: about 4x faster)
- ``measures.csv``: for each (indicator, source) the source file and column, and the period kind
- ``local_authorities.csv``, ``regions.csv``
- ``neighbours_2021.csv``, ``neighbours_2025.csv``
- ``SOURCES.md`` (what, where from, licence, how to rebuild, disagreements), ``ATTRIBUTION.txt``

Usage::

    python tools/build_benchmarks.py [SOURCE_FOLDER] [--out resources/benchmarks]

``SOURCE_FOLDER`` defaults to ``../shared/benchmarks`` beside the checkout. The output is
deterministic: the same inputs give byte-identical files (gzip written with mtime 0).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "benchmarks"
DEFAULT_OUT = REPO / "resources" / "benchmarks"

ENGLAND = "E92000001"
ATTRIBUTION = ("Contains public sector information licensed under the Open Government Licence v3.0. "
               "Source: Department for Education.")

#: Open-data files: column -> (indicator id, numerator column, denominator column).
OPEN_DATA = {
    "d3": ("d3_cpps_subsequent_plan_2013_to_2025.csv", {
        "CPP_start": ("cpp_started_count", None, None),
        "CPP_subsequent": ("cpp_repeat_ever_count", None, None),
        "CPP_subsequent_percent": ("cpp_repeat_ever_pct", "CPP_subsequent", "CPP_start"),
    }),
    "d5": ("d5_cpps_at31march_by_duration_2013_to_2025.csv", {
        "CPP_At31": ("cpp_open_count", None, None),
        "3_months_or_less": ("cpp_open_under_3m_count", None, None),
        "3_months_or_less_percent": ("cpp_open_under_3m_pct", "3_months_or_less", "CPP_At31"),
        "more_than_3_months_6_months": ("cpp_open_3_6m_count", None, None),
        "more_than_3_months_6_months_percent": ("cpp_open_3_6m_pct", "more_than_3_months_6_months", "CPP_At31"),
        "more_than_6_months_less_than_1_year": ("cpp_open_6_12m_count", None, None),
        "more_than_6_months_less_than_1_year_percent": ("cpp_open_6_12m_pct", "more_than_6_months_less_than_1_year", "CPP_At31"),
        "1_year_less_than_2_years": ("cpp_open_1_2yrs_count", None, None),
        "1_year_less_than_2_years_percent": ("cpp_open_1_2yrs_pct", "1_year_less_than_2_years", "CPP_At31"),
        "2_years_or_more": ("cpp_open_2yrs_count", None, None),
        "2_years_or_more_percent": ("cpp_open_2yrs_pct", "2_years_or_more", "CPP_At31"),
    }),
    "b1": ("b1_children_in_need_2013_to_2025.csv", {
        "Anypoint_episodes": ("cin_episodes_in_year_count", None, None),
        "Anypoint_child": ("cin_children_in_year_count", None, None),
        "Started_episodes": ("cin_episodes_started_count", None, None),
        "Started_child": ("cin_children_started_count", None, None),
        "Ended_episodes": ("cin_episodes_ended_count", None, None),
        "Ended_child": ("cin_children_ended_count", None, None),
        "At31_episodes": ("cin_open_count", None, None),
        "awaiting_assessment": ("cin_awaiting_assessment_count", None, None),
    }),
    "c1": ("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", {
        "referral_count": ("referral_count", None, None),
        "rereferral_count": ("rereferral_12m_count", None, None),
        "rereferral_percent": ("rereferral_12m_pct", "rereferral_count", "referral_count"),
        "no_further_action_count": ("referral_nfa_count", None, None),
        "no_further_action_percent": ("referral_nfa_pct", "no_further_action_count", "referral_count"),
        "not_in_need_count": ("referral_not_in_need_count", None, None),
        "not_in_need_percent": ("referral_not_in_need_pct", "not_in_need_count", "referral_count"),
        "referral_child_count": ("referral_children_count", None, None),
        "rereferral_child_count": ("rereferral_children_12m_count", None, None),
        "rereferral_child_percent": ("rereferral_children_12m_pct", "rereferral_child_count", "referral_child_count"),
    }),
}

#: LAIT measure (``Short Desc``) -> indicator id. All 68 measures of the two topics.
LAIT = {
    "CPP_Total_NumRef": "referral_count", "CPP_Total_Rateper10,000": "referral_rate_per_10k",
    "CIN_Refferals_NFA": "referral_nfa_pct", "Referrals_AssessedNotNeed": "referral_not_in_need_pct",
    "RefBySource_Schl_%": "referral_source_school_pct", "RefBySource_HealthServ_%": "referral_source_health_pct",
    "RefBySource_Police_%": "referral_source_police_pct", "ReReferral": "rereferral_12m_pct",
    "Continue_Assess_Comp": "assessment_45wd_pct", "Section_47": "s47_rate_per_10k",
    "CP_conf_15days": "icpc_15wd_pct", "ISCP_Conf": "icpc_rate_per_10k",
    "10_ICPC": "icpc_0_10wd_count", "15_ICPC": "icpc_11_15wd_count", "20_ICPC": "icpc_16_20wd_count",
    "21_ICPC": "icpc_21wd_plus_count",
    "CPP_rate": "cpp_rate_per_10k", "CPP_Num": "cpp_open_count", "CPP_Abuse": "cpp_started_count",
    "CPP_Abuse_Rate": "cpp_start_rate_per_10k", "CPP_31March_3MnthorMore": "cpp_open_3m_plus_count",
    "RevCP": "cpp_reviews_on_time_pct", "CPP_Reviewed_InReqTimeScl": "cpp_reviews_on_time_count",
    "ReRegCPR": "cpp_repeat_ever_count", "PrevRegCPR": "cpp_repeat_ever_pct",
    "CPPlans2yrsActive": "cpp_open_2yrs_pct", "CPPlans2yrs": "cpp_ceased_2yrs_pct",
    "DeRegCPR": "cpp_ceased_rate_per_10k", "CPRDuration": "cpp_ceased_2yrs_count",
    "CareApplications": "care_applications_rate_per_10k",
    "CIN": "cin_rate_per_10k",
    "CINTime3months": "cin_open_under_3m_pct", "CINTime3-6": "cin_open_3_6m_pct", "CINTime6-1": "cin_open_6_12m_pct",
    "CINTime1-2": "cin_open_1_2yrs_pct", "CINTime2more": "cin_open_2yrs_plus_pct",
    "CINCease3months": "cin_ceased_under_3m_pct", "CINCease3-6": "cin_ceased_3_6m_pct",
    "CINCease6-1": "cin_ceased_6_12m_pct", "CINCease1-2": "cin_ceased_1_2yrs_pct",
    "CINCease2more": "cin_ceased_2yrs_plus_pct",
    "CINSEN_SUP": "cin_sen_support_pct", "CINNoSEN": "cin_no_sen_pct", "CINStatement": "cin_ehcp_pct",
    "CINFSM": "cin_fsm_pct", "CIN_Good _Develop": "cin_eyfs_gld_pct", "CPP_Good_Develop": "cpp_eyfs_gld_pct",
    "CIN_KS2_ExpStd_M": "cin_ks2_maths_pct", "CIN_KS2_ExpStd_R": "cin_ks2_reading_pct",
    "CIN_KS2_ExpStd_W": "cin_ks2_writing_pct", "CIN_KS2_ExpStd_GPS": "cin_ks2_gps_pct",
    "CIN_KS2_ExpStd_RWM": "cin_ks2_rwm_pct", "CPPO_KS2_RWM": "cpp_ks2_rwm_pct",
    "CIN_Avg_Attain8_KS4": "cin_ks4_attainment8_avg", "CPPO_KS4_A8": "cpp_ks4_attainment8_avg",
    "CINProgKS2-4_Avg_Prog8": "cin_ks4_progress8_avg", "CIN_EngMaths9-5": "cin_ks4_engmaths_9_5_pct",
    "CIN_EngMaths9-4": "cin_ks4_engmaths_9_4_pct", "CIN_EngBacEntries": "cin_ks4_ebacc_entry_pct",
    "CIN_EngBacAPS": "cin_ks4_ebacc_aps",
    "CINAuthAb_3Term": "cin_absence_authorised_pct", "CINUnauthAb_3Term": "cin_absence_unauthorised_pct",
    "CINTotalAb_3Term": "cin_absence_overall_pct", "CPPTotalAb_3Term": "cpp_absence_overall_pct",
    "CINPermAbsent_3Term": "cin_persistent_absence_pct", "CPPPerAbs_3Term": "cpp_persistent_absence_pct",
    "CINFixedExclusion": "cin_suspension_pct", "CINPermExclusion": "cin_permanent_exclusion_pct",
}

#: LAIT percentages whose numerator and denominator LAIT also publishes as measures
#: (checked: RevCP = CPP_Reviewed_InReqTimeScl / CPP_31March_3MnthorMore, PrevRegCPR = ReRegCPR / CPP_Abuse).
LAIT_PAIRS = {
    "RevCP": ("CPP_Reviewed_InReqTimeScl", "CPP_31March_3MnthorMore"),
    "PrevRegCPR": ("ReRegCPR", "CPP_Abuse"),
    "CPPlans2yrs": ("CPRDuration", None),
}
#: ICPC timeliness = conferences in 0-10 and 11-15 working days over all four bands.
ICPC_BANDS = ("10_ICPC", "15_ICPC", "20_ICPC", "21_ICPC")

#: Measures counted at 31 March (a snapshot, not a flow over the year).
SNAPSHOT = {
    "cpp_open_count", "cpp_rate_per_10k", "cpp_open_3m_plus_count", "cpp_open_2yrs_pct", "cpp_open_2yrs_count",
    "cpp_open_under_3m_count", "cpp_open_under_3m_pct", "cpp_open_3_6m_count", "cpp_open_3_6m_pct",
    "cpp_open_6_12m_count", "cpp_open_6_12m_pct", "cpp_open_1_2yrs_count", "cpp_open_1_2yrs_pct",
    "cin_rate_per_10k", "cin_open_count", "cin_awaiting_assessment_count",
    "cin_open_under_3m_pct", "cin_open_3_6m_pct", "cin_open_6_12m_pct", "cin_open_1_2yrs_pct", "cin_open_2yrs_plus_pct",
}

#: LAIT's comparator rows (LA Number 970-990) -> ONS codes.
LAIT_AREAS = {
    "970": ENGLAND, "980": "E12000001", "981": "E12000002", "982": "E12000003", "983": "E12000004",
    "984": "E12000005", "985": "E12000006", "986": "E12000007", "987": "E13000001", "988": "E13000002",
    "989": "E12000008", "990": "E12000009",
}
REGION_OF_SUBREGION = {"E13000001": "E12000007", "E13000002": "E12000007"}

#: Reorganisations in the years covered. Codes that only changed their E-code (Buckinghamshire
#: 2020, North Yorkshire and Somerset 2023) keep their 3-digit code and are one authority here.
CHANGES = [
    # (predecessors, successors, first year of successor data (year ending March), what happened)
    (("835", "836", "837"), ("838", "839"), 2020,
     "April 2019: Bournemouth, Poole and Christchurch became Bournemouth, Christchurch and Poole; the rest of Dorset became Dorset Council"),
    (("928",), ("940", "941"), 2022,
     "April 2021: Northamptonshire was split into North Northamptonshire and West Northamptonshire"),
    (("909",), ("942", "943"), 2024,
     "April 2023: Cumbria was split into Cumberland and Westmorland and Furness"),
]
#: Names that clash with a successor's name.
RENAME = {"835": "Dorset (pre-2019)"}

SYMBOLS = {"c", "x", "z", "u", "k", "low"}
NO_DATA = {"", "-", "..", ".", "na", "n/a"}


@dataclass
class Row:
    indicator: str
    area: str
    year: int
    value: float | None
    numerator: float | None
    denominator: float | None
    flag: str | None
    source: str


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows; strips a UTF-8 BOM and surrounding spaces from every cell."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [[c.strip() for c in r] for r in csv.reader(fh)]
    return rows[0], rows[1:]


def parse_cell(text: str) -> tuple[float | None, str | None]:
    """Number, symbol flag, or (None, None) for no data at all."""
    t = text.strip()
    if t.lower() in NO_DATA:
        return None, None
    low = t.lower().strip("[]")
    if low in SYMBOLS:
        return None, low
    try:
        v = float(t.replace(",", ""))
    except ValueError:
        return None, "x"
    if math.isnan(v):
        return None, None
    # LAIT stores 17.899999999999999 for 17.9 and 27.500000000000004 for 27.5: 12 significant
    # figures drops the artefact, so the CSV and the npz hold exactly the same numbers.
    return float(f"{v:.12g}"), None


def number_text(v: float | None) -> str:
    if v is None:
        return ""
    return repr(v) if not float(v).is_integer() else str(int(v))


# --- open data -----------------------------------------------------------------------

def read_open_data(src: Path, las: dict, regions: dict) -> list[Row]:
    out: list[Row] = []
    for key, (filename, columns) in OPEN_DATA.items():
        header, rows = read_csv(src / filename)
        col = {name: i for i, name in enumerate(header)}
        missing = [c for c in columns if c not in col]
        if missing:
            raise SystemExit(f"{filename}: expected columns missing: {missing}")
        for r in rows:
            if not any(r):
                continue
            level = r[col["geographic_level"]]
            year = int(r[col["time_period"]])
            if level == "National":
                area = ENGLAND
            elif level == "Regional":
                area = r[col["region_code"]]
                regions.setdefault(area, r[col["region_name"]])
            elif level == "Local authority":
                area = r[col["old_la_code"]]
                la = las.setdefault(area, {"la_code": area, "names": {}, "new_codes": {}, "years": set(),
                                           "region_code": "", "subregion_code": ""})
                la["names"][r[col["la_name"]]] = max(year, la["names"].get(r[col["la_name"]], 0))
                la["new_codes"][r[col["new_la_code"]]] = max(year, la["new_codes"].get(r[col["new_la_code"]], 0))
                reg = r[col["region_code"]]
                if reg in REGION_OF_SUBREGION:
                    la["subregion_code"] = reg
                    reg = REGION_OF_SUBREGION[reg]
                la["region_code"] = reg
                regions.setdefault(r[col["region_code"]], r[col["region_name"]])
            else:
                continue
            for column, (ind, num_col, den_col) in columns.items():
                value, flag = parse_cell(r[col[column]])
                if value is None and flag is None:
                    continue
                num = parse_cell(r[col[num_col]])[0] if num_col else None
                den = parse_cell(r[col[den_col]])[0] if den_col else None
                out.append(Row(ind, area, year, value, num, den, flag, key))
    return out


# --- LAIT ----------------------------------------------------------------------------

def read_lait(src: Path, las: dict) -> tuple[list[Row], dict[str, str]]:
    header, rows = read_csv(src / "lait_csc_long.csv")
    col = {name: i for i, name in enumerate(header)}
    raw: dict[tuple[str, str, int], tuple[float | None, str | None]] = {}
    lait_names: dict[str, str] = {}
    unknown = set()
    for r in rows:
        code = r[col["Short Desc"]]
        year_text = r[col["Years"]]
        if not year_text or year_text == "0":  # a handful of rows carry no year at all
            continue
        num_text = r[col["LA Number"]]
        if not num_text:
            continue
        la_num = str(int(float(num_text)))
        area = LAIT_AREAS.get(la_num, la_num)
        if area == la_num:
            lait_names[la_num] = r[col["LA and Regions"]]
        if code not in LAIT:
            unknown.add(code)
            continue
        value, flag = parse_cell(r[col["Values"]])
        if value is None and flag is None:
            continue
        raw[(code, area, int(year_text))] = (value, flag)
    if unknown:
        raise SystemExit(f"lait_csc_long.csv: measures with no mapping: {sorted(unknown)}")
    out: list[Row] = []
    for (code, area, year), (value, flag) in raw.items():
        num = den = None
        if code in LAIT_PAIRS and value is not None:
            n_code, d_code = LAIT_PAIRS[code]
            num = raw.get((n_code, area, year), (None, None))[0]
            den = raw.get((d_code, area, year), (None, None))[0] if d_code else None
        if code == "CP_conf_15days" and value is not None:
            bands = [raw.get((b, area, year), (None, None))[0] for b in ICPC_BANDS]
            if all(b is not None for b in bands) and sum(bands) > 0:
                num, den = bands[0] + bands[1], sum(bands)
                # Only keep the pair when it reproduces the published percentage.
                if abs(100 * num / den - value) > 0.051:
                    num = den = None
        out.append(Row(LAIT[code], area, year, value, num, den, flag, f"lait:{code}"))
    # LAIT-only LA codes (none expected) still need an entry.
    for la_num, name in lait_names.items():
        if la_num not in las:
            las[la_num] = {"la_code": la_num, "names": {name: 0}, "new_codes": {}, "years": set(),
                           "region_code": "", "subregion_code": ""}
    return out, lait_names


# --- merging -------------------------------------------------------------------------

def merge(open_rows: list[Row], lait_rows: list[Row]) -> tuple[list[Row], list[dict], dict]:
    """Open data wins where it has a number; LAIT fills the rest. Returns rows, disagreements, counts."""
    by_key: dict[tuple[str, str, int], Row] = {}
    for r in open_rows:
        by_key[(r.indicator, r.area, r.year)] = r
    disagreements = []
    counts = defaultdict(int)
    for r in lait_rows:
        k = (r.indicator, r.area, r.year)
        o = by_key.get(k)
        if o is None:
            by_key[k] = r
            counts["lait_only"] += 1
            continue
        counts["both"] += 1
        if o.value is not None and r.value is not None:
            tol = 0.051 if not r.indicator.endswith("_count") else 0.5
            if abs(o.value - r.value) > tol:
                disagreements.append({"indicator": r.indicator, "area": r.area, "year": r.year,
                                      "open_data": o.value, "lait": r.value, "lait_code": r.source.split(":", 1)[1],
                                      "open_data_file": o.source})
            else:
                counts["agree"] += 1
        elif o.value is None and r.value is not None:
            by_key[k] = r
            counts["lait_fills_symbol"] += 1
        elif o.value is not None:
            counts["open_has_value_lait_symbol"] += 1
        else:
            counts["both_symbols"] += 1
    rows = sorted(by_key.values(), key=lambda r: (r.indicator, r.area, r.year))
    return rows, disagreements, dict(counts)


# --- neighbours ----------------------------------------------------------------------

def read_neighbours(path: Path, code_col: int, first_sn_col: int) -> list[tuple[str, int, str, str]]:
    """(la_code, rank, neighbour_code, closeness) from a wide SN file.

    Both files list SN1, SN1P, SN2, SN2P ...; the 2021 file repeats the header ``SNP``,
    ends rows with a stray comma and has an "Old SNs" section after a blank line, which
    holds the pre-2019 Dorset authorities and Northamptonshire.
    """
    _, rows = read_csv(path)
    out = []
    for r in rows:
        if not r or not r[code_col].strip().isdigit():
            continue
        la = r[code_col].strip()
        for k in range(10):
            code = r[first_sn_col + 2 * k].strip()
            closeness = r[first_sn_col + 2 * k + 1].strip()
            if not code:
                continue
            out.append((la, k + 1, str(int(float(code))), closeness.capitalize()))
    return out


# --- writing -------------------------------------------------------------------------

def write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(path)


def csv_text(header: list[str], rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_gzip(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0) as gz:
            gz.write(text.encode("utf-8"))
    tmp.replace(path)


def write_npz(path: Path, rows: list[Row]) -> None:
    """The same values as ``values.csv.gz`` as numpy arrays, for a fast load (about 4x).

    Text columns are stored as int16 codes into a ``<column>_names`` array (code -1 = blank).
    Written with a fixed timestamp so that a rebuild gives the same bytes.
    """
    import numpy as np
    import zipfile

    arrays = {}
    for column in ("indicator", "area", "flag", "source"):
        texts = [getattr(r, column) or "" for r in rows]
        names = sorted({t for t in texts if t})
        code = {n: i for i, n in enumerate(names)}
        arrays[column] = np.array([code.get(t, -1) for t in texts], dtype=np.int16)
        arrays[f"{column}_names"] = np.array(names, dtype=str)
    arrays["year"] = np.array([r.year for r in rows], dtype=np.int16)
    for column in ("value", "numerator", "denominator"):
        arrays[column] = np.array([np.nan if getattr(r, column) is None else getattr(r, column) for r in rows],
                                  dtype=np.float64)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, allow_pickle=False)
            zf.writestr(info, buf.getvalue())
    tmp.replace(path)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(src: Path, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    las: dict[str, dict] = {}
    regions: dict[str, str] = {ENGLAND: "England"}
    open_rows = read_open_data(src, las, regions)
    lait_rows, lait_names = read_lait(src, las)
    rows, disagreements, counts = merge(open_rows, lait_rows)

    dictionary = {r["Measure_short"]: r for r in csv.DictReader((src / "lait_data_dictionary_csc.csv").open(encoding="utf-8-sig"))}
    missing_dict = sorted(set(LAIT) - set(dictionary))
    if missing_dict:
        raise SystemExit(f"LAIT codes not in the data dictionary: {missing_dict}")

    # values
    source_keys = sorted({r.source for r in rows})
    write_gzip(out / "values.csv.gz", csv_text(
        ["indicator", "area", "year", "value", "numerator", "denominator", "flag", "source"],
        ([r.indicator, r.area, r.year, number_text(r.value), number_text(r.numerator), number_text(r.denominator),
          r.flag or "", r.source] for r in rows)))
    write_npz(out / "values.npz", rows)

    # measures: one row per (indicator, source) actually used
    used = defaultdict(lambda: [9999, 0, 0])
    for r in rows:
        u = used[(r.indicator, r.source)]
        u[0] = min(u[0], r.year)
        u[1] = max(u[1], r.year)
        u[2] += 1
    measure_rows = []
    for (ind, source), (y0, y1, n) in sorted(used.items()):
        if source.startswith("lait:"):
            code = source.split(":", 1)[1]
            d = dictionary[code]
            filename, column = "lait_csc_long.csv", code
            year_type = d.get("Year_Type", "").strip()
            label = d.get("Measure", "").strip()
        else:
            filename = OPEN_DATA[source][0]
            column = next(c for c, spec in OPEN_DATA[source][1].items() if spec[0] == ind)
            year_type = "Financial Year"
            label = column
        kind = "snapshot" if ind in SNAPSHOT else ("academic_year" if year_type == "Academic Year" else "year")
        measure_rows.append([ind, source, filename, column, kind, label, y0, y1, n])
    kinds = defaultdict(set)
    for m in measure_rows:
        kinds[m[0]].add(m[4])
    clash = {k: v for k, v in kinds.items() if len(v) > 1}
    if clash:
        raise SystemExit(f"indicators with more than one period kind: {clash}")
    write_text(out / "measures.csv", csv_text(
        ["indicator", "source", "file", "column", "period_kind", "source_label", "first_year", "last_year", "rows"], measure_rows))

    # local authorities
    # An authority's years are those with a number in the official statistics (the children in
    # need census files). LAIT's Cafcass measure goes on reporting former areas (Dorset 835,
    # Northamptonshire 928) after they were abolished, so it does not count here.
    years_with_data = defaultdict(set)
    for r in rows:
        if r.value is not None and r.area in las and r.source in OPEN_DATA:
            years_with_data[r.area].add(r.year)
    pred_of, succ_of, change_note = {}, {}, {}
    for preds, succs, _first, note in CHANGES:
        for p in preds:
            succ_of[p] = succs
            change_note[p] = note
        for s in succs:
            pred_of[s] = preds
            change_note[s] = note
    la_rows = []
    for code in sorted(las, key=int):
        la = las[code]
        name = RENAME.get(code) or max(la["names"], key=lambda n: la["names"][n])
        new_codes = sorted(la["new_codes"], key=lambda c: la["new_codes"][c])
        current = new_codes[-1] if new_codes else ""
        former = [c for c in new_codes[:-1] if c]
        other_names = sorted({n for n in la["names"] if n != name} | ({lait_names[code]} if code in lait_names and lait_names[code] != name else set()))
        yrs = sorted(years_with_data.get(code, ()))
        region = la["region_code"]
        la_rows.append([code, current, name, region, regions.get(region, ""), la["subregion_code"],
                        regions.get(la["subregion_code"], ""), ";".join(former), ";".join(other_names),
                        yrs[0] if yrs else "", yrs[-1] if yrs else "", ";".join(pred_of.get(code, ())),
                        ";".join(succ_of.get(code, ())), change_note.get(code, "")])
    write_text(out / "local_authorities.csv", csv_text(
        ["la_code", "new_la_code", "la_name", "region_code", "region_name", "subregion_code", "subregion_name",
         "former_new_la_codes", "other_names", "first_year", "last_year", "predecessors", "successors", "change"], la_rows))

    region_rows = sorted([[c, n, "england" if c == ENGLAND else ("subregion" if c.startswith("E13") else "region")]
                          for c, n in regions.items() if c])
    write_text(out / "regions.csv", csv_text(["area_code", "area_name", "level"], region_rows))

    # neighbours
    sn = {}
    sn[2021] = read_neighbours(src / "statistical_neighbours_2021.csv", 0, 5)
    sn[2025] = read_neighbours(src / "statistical_neighbours_2025.csv", 0, 4)
    for model, links in sn.items():
        bad = sorted({n for _, _, n, _ in links if n not in las} | {a for a, _, _, _ in links if a not in las})
        if bad:
            raise SystemExit(f"{model} neighbour model names codes with no local authority: {bad}")
        write_text(out / f"neighbours_{model}.csv", csv_text(["la_code", "rank", "neighbour_code", "closeness"], links))

    write_text(out / "ATTRIBUTION.txt", ATTRIBUTION + "\n")
    stats = {"rows": len(rows), "open_rows": len(open_rows), "lait_rows": len(lait_rows), "counts": counts,
             "disagreements": disagreements, "las": len(las), "sn2021": len({a for a, *_ in sn[2021]}),
             "sn2025": len({a for a, *_ in sn[2025]}), "source_keys": source_keys}
    write_text(out / "SOURCES.md", sources_md(src, out, stats, las))
    return stats


def sources_md(src: Path, out: Path, stats: dict, las: dict) -> str:
    files = ["lait_csc_long.csv", "lait_data_dictionary_csc.csv", *(f for f, _ in OPEN_DATA.values()),
             "statistical_neighbours_2021.csv", "statistical_neighbours_2025.csv"]
    lines = [
        "# Built-in national benchmarks: sources",
        "",
        ATTRIBUTION,
        "",
        "Published figures for every English local authority, its region and England, from the",
        "Department for Education, used under the [Open Government Licence v3.0]"
        "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/).",
        "cpdesk shows this attribution in About and in every export that uses national figures.",
        "",
        "## Input files",
        "",
        "| file | from | sha256 |",
        "|---|---|---|",
    ]
    origin = {
        "lait_csc_long.csv": "dfe-analytical-services/local-authority-interactive-tool `01_data/02_prod/bds_long_0.parquet`, topics Child Protection and Children in Need",
        "lait_data_dictionary_csc.csv": "same repository, `01_data/02_prod/lait_data_dictionary.csv`",
        "statistical_neighbours_2025.csv": "dfe-analytical-services/CSC_outcomes_and_enablers `data-raw/sn_model_2025_wide.csv`",
        "statistical_neighbours_2021.csv": "same, `data-raw/New_Statistical_Neighbour_Groupings_April_2021.csv`",
    }
    for f in files:
        lines.append(f"| `{f}` | {origin.get(f, 'dfe-analytical-services/CSC_outcomes_and_enablers `data-raw/` (official statistics, children in need census)')} | `{sha256(src / f)[:16]}` |")
    c = stats["counts"]
    lines += [
        "",
        "## What is built",
        "",
        f"- `values.csv.gz`: {stats['rows']:,} rows, one per indicator, area and year: `indicator` (catalogue id),",
        "  `area` (3-digit LA code, or the ONS code of a region, Inner/Outer London or England `E92000001`),",
        "  `year` (`time_period` / LAIT `Years`: the year ending 31 March for financial-year and 31 March",
        "  measures; the academic year ending that summer for education measures), `value` (percentages in",
        "  points), `numerator`, `denominator` (for percentages where the source gives the counts), `flag`",
        "  (`c` suppressed, `x` not available, `z` not applicable, `u` low reliability, `k` rounds to zero) and",
        "  `source` (`d3`, `d5`, `b1`, `c1` or `lait:<Short Desc>`). Cells with no data (`-`, `..`, blank) are left out.",
        "- `values.npz`: the same rows as numpy arrays, which is what cpdesk loads (a quarter of the time of",
        "  parsing the CSV; `bench/bench_benchmarks.py` measures both). The CSV is the readable record.",
        "- `measures.csv`: for each indicator and source, the file and column and the period kind",
        "  (`year` = financial year, `snapshot` = at 31 March, `academic_year`).",
        f"- `local_authorities.csv`: {len(las)} authorities (3-digit code, current E-code, former E-codes, name, region,",
        "  Inner/Outer London, other spellings, first and last year with a number in the official statistics,",
        "  predecessors/successors). Ranks only include an authority between its first and last year.",
        "  London boroughs' region is London (E12000007); Inner/Outer London is kept as `subregion`.",
        f"- `neighbours_2021.csv` ({stats['sn2021']} authorities) and `neighbours_2025.csv` ({stats['sn2025']}): each",
        "  authority's 10 statistical neighbours in rank order with the closeness label (trailing spaces removed,",
        "  capitalisation unified: \"Very Close\" and \"Very close \" are both \"Very close\").",
        "- `regions.csv`, `ATTRIBUTION.txt`, this file.",
        "",
        "## Which source wins",
        "",
        "The official open-data files (d3, d5, b1, c1) are used wherever they hold an indicator: they go back to",
        "2012-13, and give the counts behind each percentage. LAIT supplies every other measure, and",
        "fills in a year only where the open data has no number for it. Where both give a number for the",
        "same indicator, authority and year they are compared (percentages within 0.05 points, counts exactly):",
        "",
        f"- rows in both: {c.get('both', 0):,}; agreeing: {c.get('agree', 0):,}; disagreeing: {len(stats['disagreements'])}",
        f"- open data has a symbol (`c`, `x` ...) and LAIT a number, LAIT used: {c.get('lait_fills_symbol', 0)}",
        f"- open data has a number and LAIT a symbol, open data used: {c.get('open_has_value_lait_symbol', 0)}",
        f"- rows only in LAIT: {c.get('lait_only', 0):,}",
        "",
    ]
    if stats["disagreements"]:
        lines += ["Disagreements (open data kept):", "", "| indicator | area | year | open data | LAIT | LAIT code |", "|---|---|---|---|---|---|"]
        for d in stats["disagreements"][:200]:
            lines.append(f"| {d['indicator']} | {d['area']} | {d['year']} | {d['open_data']:g} | {d['lait']:g} | {d['lait_code']} |")
        if len(stats["disagreements"]) > 200:
            lines.append(f"| ... | {len(stats['disagreements']) - 200} more | | | | |")
        lines.append("")
    lines += [
        "Numerators and denominators from LAIT: `RevCP` = `CPP_Reviewed_InReqTimeScl` / `CPP_31March_3MnthorMore`,",
        "`PrevRegCPR` = `ReRegCPR` / `CPP_Abuse`, `CPPlans2yrs` numerator `CPRDuration` (plans ceasing after 2",
        "years or more; LAIT gives no denominator), `CP_conf_15days` = (`10_ICPC` + `15_ICPC`) / all four ICPC",
        "timing bands, kept only where that reproduces the published percentage.",
        "",
        "## Authorities that merged or split",
        "",
    ]
    for preds, succs, first, note in CHANGES:
        codes = f"Codes {', '.join(preds)} have" if len(preds) > 1 else f"Code {preds[0]} has"
        lines.append(f"- {note}. {codes} figures up to {first - 1}; {', '.join(succs)} from {first} (years ending March).")
    lines += [
        "- Buckinghamshire (825, 2020), North Yorkshire (815) and Somerset (933, both 2023) became unitary with the",
        "  same area: one authority each, with the former E-code kept in `former_new_la_codes`.",
        "- The 2021 neighbour model lists the pre-2019 Dorset authorities and Northamptonshire in an \"Old SNs\"",
        "  section, and Cumbria (not Cumberland or Westmorland and Furness); the 2025 model lists the current 153.",
        "",
        "## Rebuild",
        "",
        "```",
        "python tools/build_benchmarks.py ../shared/benchmarks",
        "```",
        "",
        "The output is deterministic. The catalogue entries (polarity, unit, decimal places from the LAIT data",
        "dictionary) are in `resources/catalogue/core.json` and `resources/catalogue/national.json`.",
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", nargs="?", default=str(DEFAULT_SOURCE), help="folder with the published files")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (resources/benchmarks)")
    args = ap.parse_args(argv)
    src, out = Path(args.source), Path(args.out)
    if not src.is_dir():
        print(f"build_benchmarks: no such folder: {src}", file=sys.stderr)
        return 2
    stats = build(src, out)
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(f"{stats['rows']:,} values, {stats['las']} local authorities, "
          f"{len(stats['disagreements'])} disagreements, {size / 1e6:.2f} MB in {out}")
    print(f"merge: {stats['counts']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
