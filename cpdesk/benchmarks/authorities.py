"""Local authorities: finding one by name or code, its statistical neighbours, its gaps."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

from cpdesk.benchmarks.data import DEFAULT_MODEL, MODELS, BenchmarkData
from cpdesk.errors import CpdeskError


@dataclass(frozen=True)
class LocalAuthority:
    la_code: str          # 3-digit DfE code ("302")
    new_la_code: str      # ONS E-code ("E09000003")
    name: str
    region_code: str
    region_name: str
    first_year: int | None
    last_year: int | None
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()
    change: str = ""


def _norm(text: str) -> str:
    s = str(text).lower().strip()
    s = re.sub(r",\s*(city|county) of$", "", s)  # "Bristol, City of" -> "bristol"
    s = s.replace("&", " and ").replace("st.", "st ")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    s = re.sub(r"\b(council|borough|metropolitan)\b", " ", s)
    return " ".join(s.split())


def _lookup_table(data: BenchmarkData) -> dict[str, str]:
    def build():
        table: dict[str, str] = {}
        la = data.authorities
        # Current names first, so "Dorset" is Dorset Council (838), not the pre-2019 county.
        for code, name in zip(la.index, la["la_name"]):
            table.setdefault(_norm(name), code)
            table.setdefault(name.lower(), code)
        for code, others in zip(la.index, la["other_names"]):
            for other in filter(None, others.split(";")):
                table.setdefault(_norm(other), code)
                table.setdefault(other.lower(), code)
        return table
    return data._cached("la_lookup", build)


def to_authority(data: BenchmarkData, code: str) -> LocalAuthority:
    row = data.authorities.loc[code]
    def year(x):
        return None if pd.isna(x) else int(x)
    return LocalAuthority(code, row["new_la_code"], row["la_name"], row["region_code"], row["region_name"],
                          year(row["first_year"]), year(row["last_year"]),
                          tuple(filter(None, row["predecessors"].split(";"))),
                          tuple(filter(None, row["successors"].split(";"))), row["change"])


def find_la(data: BenchmarkData, name_or_code: str) -> LocalAuthority:
    """Find a local authority by name, 3-digit code (``302``) or ONS code (``E09000003``).

    Raises
    ------
    CpdeskError
        For an unknown authority, naming the closest matches.
    """
    text = str(name_or_code).strip()
    la = data.authorities
    if text.isdigit() and text in la.index:
        return to_authority(data, text)
    upper = text.upper()
    if re.fullmatch(r"E\d{8}", upper):
        hit = la.index[la["new_la_code"] == upper]
        if len(hit) == 0:
            hit = la.index[la["former_new_la_codes"].str.split(";").apply(lambda codes: upper in codes)]
        if len(hit):
            return to_authority(data, hit[0])
    table = _lookup_table(data)
    for key in (text.lower(), _norm(text)):
        if key in table:
            return to_authority(data, table[key])
    # A whole-word part of exactly one current name ("Telford", "Southend", "Hull").
    words = _word_matches(data, text)
    if len(words) == 1:
        return to_authority(data, words[0])
    raise CpdeskError(unknown_la_message(data, text))


def _word_matches(data: BenchmarkData, text: str) -> list[str]:
    want = _norm(text)
    if len(want) < 3:
        return []
    pattern = re.compile(rf"\b{re.escape(want)}\b")
    la = data.authorities
    current = la["last_year"] == la["last_year"].max()
    return [code for code, name in zip(la.index[current], la["la_name"][current]) if pattern.search(_norm(name))]


def suggestions(data: BenchmarkData, text: str, n: int = 3) -> list[str]:
    """The authority names closest to ``text``."""
    names = data.authorities["la_name"]
    # Names that contain the text as a word first ("Kingston" -> both Kingstons), then the closest spellings.
    out = [names[c] for c in _word_matches(data, text)][:n]
    by_norm = {_norm(x): x for x in names}
    for c in difflib.get_close_matches(_norm(text), list(by_norm), n=n, cutoff=0.5):
        if len(out) < n and by_norm[c] not in out:
            out.append(by_norm[c])
    return out


def unknown_la_message(data: BenchmarkData, text: str) -> str:
    close = [f'"{name}"' for name in suggestions(data, text)]
    hint = f" Did you mean {', '.join(close[:-1]) + ' or ' + close[-1] if len(close) > 1 else close[0]}?" if close else ""
    return (f"No English local authority called {text!r}.{hint} "
            "Give a name, a 3-digit code (302) or an E-code (E09000003).")


def check_model(model: int | str | None) -> int:
    model = DEFAULT_MODEL if model in (None, "") else int(model)
    if model not in MODELS:
        raise CpdeskError(f"There is no {model} statistical neighbour model; choose 2021 or 2025.")
    return model


def neighbours(data: BenchmarkData, la: LocalAuthority | str, model: int | str | None = DEFAULT_MODEL) -> pd.DataFrame:
    """An authority's statistical neighbours in rank order: rank, la_code, la_name, closeness.

    Empty when the model does not include the authority (Cumbria in the 2025 model, the new
    Cumbrian authorities in the 2021 model).
    """
    code = la.la_code if isinstance(la, LocalAuthority) else find_la(data, la).la_code
    links = data.neighbours[check_model(model)]
    mine = links[links["la_code"] == code].sort_values("rank")
    return pd.DataFrame({
        "rank": mine["rank"].to_numpy(),
        "la_code": mine["neighbour_code"].to_numpy(),
        "la_name": data.authorities["la_name"].reindex(mine["neighbour_code"]).to_numpy(),
        "closeness": mine["closeness"].to_numpy(),
    })


def missing_years(data: BenchmarkData, la: LocalAuthority | str) -> list[int]:
    """Years (ending March) in the official statistics for which the authority has no figure.

    For authorities that merged or split these are the years before they existed or after
    they were abolished (see :func:`history`); for others, years a return was not published.
    """
    auth = la if isinstance(la, LocalAuthority) else find_la(data, la)
    first, last = data.official_year_span()
    have = data.years_with_official_data(auth.la_code)
    return [y for y in range(first, last + 1) if y not in have]


def history(data: BenchmarkData, la: LocalAuthority | str) -> str:
    """A sentence on what happened to an authority that merged or split, or ''."""
    auth = la if isinstance(la, LocalAuthority) else find_la(data, la)
    if not auth.change:
        return ""
    names = data.authorities["la_name"]
    if auth.successors:
        return f"{auth.change}. Figures from then on are under {', '.join(names[c] for c in auth.successors)}."
    if auth.predecessors:
        return f"{auth.change}. Earlier figures are under {', '.join(names[c] for c in auth.predecessors)}."
    return auth.change + "."


def year_ranges(years: list[int]) -> str:
    """``[2013, 2014, 2015, 2019]`` -> ``"2012-13 to 2014-15, 2018-19"`` (years ending March)."""
    if not years:
        return ""
    runs, start, prev = [], years[0], years[0]
    for y in years[1:] + [None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        label = _fy(start) if start == prev else f"{_fy(start)} to {_fy(prev)}"
        runs.append(label)
        if y is not None:
            start = prev = y
    return ", ".join(runs)


def _fy(y: int) -> str:
    return f"{y - 1}-{str(y)[2:]}"
