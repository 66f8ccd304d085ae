"""The committee table: what goes into the paper, independent of the file format.

Built from the summary (one row per indicator and period), it holds the columns, each
cell's text (numbers with their unit, judgements as symbol and word), the number behind
each cell (for Excel), the judgement state (for shading), numbered notes, the source line
and the date produced. Writers only lay it out.

Small numbers: every number cell names the *fact* it shows (area, indicator, period), so
that :mod:`cpdesk.export.disclosure` can find small counts and suppress every cell that
shows or would reveal one; the table is then rebuilt with those facts shown as ``[c]``.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from cpdesk import __version__
from cpdesk.catalogue import Catalogue, default_catalogue
from cpdesk.export.palette import Palette, load_palette
from cpdesk.judgements import small_numbers, vs_target
from cpdesk.observations import source_texts
from cpdesk.resources import resource
from cpdesk.summary import SUMMARY_COLUMNS, SummaryChoice, build_summaries
from cpdesk.vocabulary import NATIONAL_ROLES

#: Government Analysis Function shorthand used in cells, with its meaning (shown on the
#: Excel cover sheet and under the Word/HTML table when used).
SHORTHAND = {
    "c": "confidential: suppressed so that a small number of children cannot be identified",
    "x": "not available",
    "z": "not applicable",
}
DEFAULT_DISCLOSURE_THRESHOLD = 5
_DEFAULT_ATTRIBUTION = ("Contains public sector information licensed under the Open Government Licence v3.0. "
                        "Source: Department for Education.")
_UNIT_WORDS = {"percent": "%", "rate": "per 10,000 children aged 0-17", "count": "number", "months": "months"}
_PROVISIONAL = re.compile(r"provisional|\(p\)|\bprov\b", re.I)
_NATIONAL_ROLES = NATIONAL_ROLES


@dataclass(frozen=True)
class Column:
    """One column. ``kind`` is ``text``, ``number`` or ``state`` (a judgement or direction).

    ``data_only`` columns (unit, notes, previous period) appear in Excel, CSV and JSON,
    where each cell holds one thing; Word, HTML and PDF fold them into the other cells.
    """

    key: str
    header: str
    kind: str = "text"
    width: float = 1.0
    data_only: bool = False


@dataclass
class Cell:
    text: str = ""
    value: float | None = None        # the number behind a number cell
    state: str | None = None          # judgement/direction key (palette), for shading
    shorthand: str | None = None      # "c", "x" or "z" when the cell holds no number
    decimals: int = 1
    fact: tuple | None = None         # (area, indicator_key, period) for disclosure
    detail: str = ""                  # shown after the text in Word/HTML/PDF (the previous period)

    @property
    def full_text(self) -> str:
        return f"{self.text} ({self.detail})" if self.detail else self.text

    @property
    def is_number(self) -> bool:
        return self.value is not None and self.shorthand is None


@dataclass
class Row:
    indicator_key: str
    indicator: str
    period: str
    group: str
    cells: dict[str, Cell]
    notes: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Note:
    number: int
    text: str


@dataclass(frozen=True)
class Fact:
    """One published number: the disclosure check works on these, not on cells."""

    area: str
    indicator_key: str
    indicator: str
    period: str
    unit: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    kind: str = ""
    numerator_id: str | None = None
    denominator_id: str | None = None

    @property
    def id(self) -> tuple:
        return (self.area, self.indicator_key, self.period)


@dataclass
class TableSpec:
    """What the user chose; kept so that the table can be rebuilt with suppression applied."""

    summary: pd.DataFrame
    choice: SummaryChoice
    catalogue: Catalogue
    commentary: dict[str, str]
    indicators: list[str] | None
    grouped: bool
    threshold: int
    national: bool
    produced: dt.date
    title: str | None
    #: the built-in national figures in the data (:func:`national_figures`); when given, the licence line
    #: is decided by the figures the table shows rather than by ``national``
    national_figures: dict | None = None


@dataclass
class CommitteeTable:
    title: str
    caption: str
    area: str
    periods: list[str]
    comparator: str
    columns: list[Column]
    rows: list[Row]
    notes: list[Note]
    general_notes: list[str]
    source: str
    produced: dt.date
    facts: dict[tuple, Fact]
    suppressed: frozenset = frozenset()    # fact ids shown as [c] by the disclosure check
    confirmed: bool = False                # the user chose to publish small numbers as they are
    spec: TableSpec | None = None

    # -- views the writers share -------------------------------------------------------
    def shown_columns(self, data: bool = False) -> list[Column]:
        """Columns for a presentational format (Word, HTML, PDF) or, with ``data``, a data format."""
        return [c for c in self.columns if data or not c.data_only]

    @property
    def produced_text(self) -> str:
        return f"Produced on {self.produced.day} {self.produced:%B %Y} with cpdesk {__version__}."

    def shorthand_used(self) -> list[str]:
        used = {c.shorthand for r in self.rows for c in r.cells.values() if c.shorthand}
        return [k for k in SHORTHAND if k in used]

    def row_notes_text(self, row: Row) -> str:
        return ", ".join(f"note {n}" for n in row.notes)


# --------------------------------------------------------------------------------------
# building

def build_committee_table(obs: pd.DataFrame, *, catalogue: Catalogue | None = None, area: str | None = None,
                          compare: str = "england", periods=None, indicators: list[str] | None = None,
                          commentary: dict[str, str] | None = None, grouped: bool = False,
                          threshold: int | None = None, produced: dt.date | None = None,
                          title: str | None = None, targets: dict[str, float] | None = None) -> CommitteeTable:
    """Build the committee table from an observations frame.

    Parameters
    ----------
    periods : str or list of str, optional
        One period, several (rows for each indicator in this order), or None for the latest full one.
    indicators : list of str, optional
        Indicator keys (catalogue ids, or ``label:<label>`` for unrecognised labels) in the
        order wanted; None keeps every indicator in catalogue order.
    commentary : dict
        Free text per indicator key, shown on the indicator's first row.
    threshold : int
        Counts from 1 to this are small numbers for the disclosure check (default 5).
    targets : dict
        Targets kept in the workspace (indicator id -> value), used where the data holds none.
    """
    catalogue = catalogue or default_catalogue()
    summary, choice = build_summaries(obs, catalogue=catalogue, area=area, compare=compare, periods=periods)
    if targets:
        summary = _fill_targets(summary, targets, catalogue)
    national = _uses_national(obs, summary)
    return table_from_summary(summary, choice, catalogue=catalogue, indicators=indicators, commentary=commentary,
                              grouped=grouped, threshold=threshold, produced=produced, title=title, national=national,
                              national_figures=national_figures(obs))


def _fill_targets(summary: pd.DataFrame, targets: dict[str, float], catalogue: Catalogue) -> pd.DataFrame:
    summary = summary.copy()
    for i, rec in summary.iterrows():
        target = targets.get(rec["indicator_id"]) if rec["indicator_id"] else None
        if target is None or not _missing(rec["target"]):
            continue
        ind = catalogue.get(rec["indicator_id"])
        summary.at[i, "target"] = float(target)
        summary.at[i, "vs_target"] = vs_target(_f(rec["value"]), float(target), rec["polarity"],
                                               tolerance_pct=ind.target_tolerance_pct if ind else 10.0)
    return summary


def table_from_summary(summary: pd.DataFrame, choice: SummaryChoice, *, catalogue: Catalogue | None = None,
                       indicators: list[str] | None = None, commentary: dict[str, str] | None = None,
                       grouped: bool = False, threshold: int | None = None, produced: dt.date | None = None,
                       title: str | None = None, national: bool | None = None,
                       national_figures: dict | None = None) -> CommitteeTable:
    """Build the table from a summary frame (``build_summary``/``build_summaries`` output).

    ``national_figures`` (:func:`national_figures` of the observations) lets the source line
    carry the Open Government Licence attribution exactly when a built-in national figure is
    shown; without it, ``national`` (or any comparator figure) decides.
    """
    spec = TableSpec(summary=summary, choice=choice, catalogue=catalogue or default_catalogue(),
                     commentary=dict(commentary or {}), indicators=list(indicators) if indicators else None,
                     grouped=grouped, threshold=int(threshold if threshold is not None else default_threshold()),
                     national=bool(national) if national is not None else _comparators_shown(summary),
                     produced=produced or dt.date.today(), title=title, national_figures=national_figures)
    return render(spec)


def render(spec: TableSpec, suppressed: frozenset = frozenset(), confirmed: bool = False,
           palette: Palette | None = None) -> CommitteeTable:
    """Lay the chosen summary out as a table, showing the ``suppressed`` facts as ``[c]``."""
    palette = palette or load_palette()
    summary = _select(spec.summary, spec.indicators, spec.catalogue)
    choice = spec.choice
    area = choice.area
    role_compare = choice.compare in ("England", "Statistical neighbours", "Region", "Target")
    columns = _columns(summary, spec, choice)
    keys = {c.key for c in columns}
    notes: dict[str, int] = {}
    facts: dict[tuple, Fact] = {}
    rows: list[Row] = []
    seen_indicators: set[str] = set()
    small_threshold = _defaults().get("small_numbers_threshold", 30)

    for rec in summary.to_dict("records"):
        key = rec["indicator_key"]
        ind = spec.catalogue.get(rec["indicator_id"]) if rec["indicator_id"] else None
        unit = rec["unit"] or ""
        d = int(rec["decimals"]) if not _missing(rec["decimals"]) else 1
        period = rec["period"]
        den_id = ind.denominator if ind else None
        fact = Fact(area, key, rec["indicator"], period, unit, _f(rec["value"]), _f(rec["numerator"]),
                    _f(rec["denominator"]), rec["period_start"], rec["period_end"], rec["period_kind"],
                    rec["numerator_id"], den_id)
        facts[fact.id] = fact
        prev_fact = None
        if not _missing(rec["previous_period"]) and rec["previous_period"]:
            prev_fact = Fact(area, key, rec["indicator"], rec["previous_period"], unit, _f(rec["previous_value"]),
                             _f(rec["previous_numerator"]), _f(rec["previous_denominator"]),
                             numerator_id=rec["numerator_id"], denominator_id=den_id)
            facts.setdefault(prev_fact.id, prev_fact)
        value_hidden = fact.id in suppressed
        cells: dict[str, Cell] = {}
        cells["group"] = Cell(spec.catalogue.group_name(rec["group"]) if rec["group"] else "Other indicators")
        cells["indicator"] = Cell(rec["indicator"])
        cells["period"] = Cell(period)
        cells["value"] = _number_cell(rec["value"], unit, d, rec["flag"], fact.id, suppressed)
        cells["unit"] = Cell(_UNIT_WORDS.get(unit, unit))
        if prev_fact is not None:
            cells["previous"] = _number_cell(rec["previous_value"], unit, d, None, prev_fact.id, suppressed)
            if cells["previous"].is_number:
                cells["previous"].detail = rec["previous_period"]
            cells["previous_period"] = Cell(rec["previous_period"])
        else:
            cells["previous"] = _shorthand("x")
            cells["previous_period"] = _shorthand("x")
        cells["direction"] = _state_cell(rec["direction"], palette, hidden=value_hidden or (
            prev_fact is not None and prev_fact.id in suppressed))
        for col, role in (("neighbours", "neighbours_value"), ("england", "england_value"), ("region", "region_value")):
            cells[col] = _number_cell(rec[role], unit, d, None, None, suppressed)
        comp_fact = None if role_compare else (choice.compare, key, period)
        if comp_fact and unit == "count":
            facts[comp_fact] = Fact(choice.compare, key, rec["indicator"], period, unit, _f(rec["comparator_value"]))
        cells["comparator"] = _number_cell(rec["comparator_value"], unit, d, None, comp_fact, suppressed)
        cells["vs_comparator"] = _state_cell(rec["vs_comparator"], palette)
        judged = rec["polarity"] in ("higher", "lower")
        cells["target"] = (_number_cell(rec["target"], unit, d, None, None, suppressed) if judged
                           else _shorthand("z"))
        cells["vs_target"] = _state_cell(rec["vs_target"], palette)
        first = key not in seen_indicators
        seen_indicators.add(key)
        text = spec.commentary.get(key) or (spec.commentary.get(rec["indicator_id"]) if rec["indicator_id"] else "")
        cells["commentary"] = Cell((text or "").strip() if first else "")
        row = Row(key, rec["indicator"], period, cells["group"].text, {k: v for k, v in cells.items()})
        for text in _row_notes(rec, ind, fact, spec, suppressed, small_threshold, role_compare):
            row.notes.append(notes.setdefault(text, len(notes) + 1))
        row.cells["notes"] = Cell(", ".join(f"note {n}" for n in row.notes))
        row.cells = {k: v for k, v in row.cells.items() if k in keys}
        rows.append(row)

    table_notes = [Note(n, t) for t, n in notes.items()]
    table = CommitteeTable(
        title=spec.title or f"Child protection performance: {area}",
        caption=_caption(choice, spec.title),
        area=area, periods=_period_list(summary, choice), comparator=choice.compare,
        columns=columns, rows=rows, notes=table_notes, general_notes=[],
        source=_source_line(summary, _shows_national(summary, keys, choice, spec)), produced=spec.produced, facts=facts,
        suppressed=frozenset(suppressed), confirmed=confirmed, spec=spec)
    table.general_notes = _general_notes(table, spec)
    return table


def _select(summary: pd.DataFrame, indicators: list[str] | None, catalogue: Catalogue) -> pd.DataFrame:
    """The chosen indicators in the chosen order (default: catalogue order), each with its periods together."""
    if indicators:
        order = {k: i for i, k in enumerate(indicators)}
        summary = summary[summary["indicator_key"].isin(order)]
    else:
        known = {ind.id: i for i, ind in enumerate(catalogue)}
        order = {}
        for k in summary["indicator_key"]:
            order.setdefault(k, known.get(k, len(known) + len(order)))
    periods = {p: i for i, p in enumerate(dict.fromkeys(summary["period"]))}
    return (summary.assign(_o=summary["indicator_key"].map(order), _p=summary["period"].map(periods))
            .sort_values(["_o", "_p"], kind="stable").drop(columns=["_o", "_p"]))


def _columns(summary: pd.DataFrame, spec: TableSpec, choice: SummaryChoice) -> list[Column]:
    def has(col):
        return col in summary and summary[col].notna().any()

    compare = choice.compare
    cols = []
    if spec.grouped:
        cols.append(Column("group", "Group", "text", 1.2))
    cols += [Column("indicator", "Indicator", "text", 2.6), Column("period", "Period", "text", 1.0),
             Column("value", "Value", "number", 0.9), Column("unit", "Unit", "text", data_only=True),
             Column("previous", "Previous", "number", 1.2),
             Column("previous_period", "Previous period", "text", data_only=True),
             Column("direction", "Direction", "state", 1.1)]
    if has("neighbours_value"):
        cols.append(Column("neighbours", "Neighbours", "number", 1.0))
    if has("england_value"):
        cols.append(Column("england", "England", "number", 0.9))
    if compare == "Region":
        cols.append(Column("region", "Region", "number", 0.9))
    if compare not in ("England", "Statistical neighbours", "Region", "Target"):
        cols.append(Column("comparator", compare, "number", 0.9))
    if compare != "Target" and _compared(summary):
        cols.append(Column("vs_comparator", f"vs {_short(compare)}", "state", 1.1))
    if has("target"):
        cols += [Column("target", "Target", "number", 0.9), Column("vs_target", "vs target", "state", 1.0)]
    if any((t or "").strip() for t in spec.commentary.values()):
        cols.append(Column("commentary", "Commentary", "text", 3.0))
    cols.append(Column("notes", "Notes", "text", data_only=True))
    return cols


def _compared(summary: pd.DataFrame) -> bool:
    """Any comparator figure at all (otherwise a column of "not compared" says nothing)."""
    return "comparator_value" in summary and summary["comparator_value"].notna().any()


def _short(compare: str) -> str:
    return {"Statistical neighbours": "neighbours"}.get(compare, compare)


def _caption(choice: SummaryChoice, title: str | None) -> str:
    base = title or "Child protection indicators"
    if choice.compare == "Target":
        against = "against target"
    else:
        against = f"compared with {choice.compare.lower() if choice.compare == 'Statistical neighbours' else choice.compare}"
    return f"{base}: {choice.area}, {choice.period}, {against}"


def _period_list(summary: pd.DataFrame, choice: SummaryChoice) -> list[str]:
    return list(dict.fromkeys(summary["period"])) if len(summary) else [p for p in choice.period.split(", ") if p]


def _f(v):
    return None if _missing(v) else float(v)


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT


def format_number(value: float, unit: str, decimals: int) -> str:
    """A number as a committee paper writes it: ``21.4%``, ``45.2``, ``1,234``."""
    if unit == "count":
        return f"{value:,.0f}"
    text = f"{value:,.{decimals}f}"
    return text + "%" if unit == "percent" else text


def _shorthand(code: str) -> Cell:
    return Cell(f"[{code}]", shorthand=code)


_FLAG_SHORTHAND = {"c": "c", "low": "c", "z": "z"}


def _number_cell(value, unit: str, decimals: int, flag, fact, suppressed) -> Cell:
    if fact is not None and fact in suppressed:
        return Cell("[c]", shorthand="c", decimals=decimals, fact=fact)
    if _missing(value):
        return replace(_shorthand(_FLAG_SHORTHAND.get(flag or "", "x")), fact=fact)
    v = float(value)
    return Cell(format_number(v, unit, decimals), v, decimals=0 if unit == "count" else decimals, fact=fact)


def _state_cell(state, palette: Palette, hidden: bool = False) -> Cell:
    if hidden:
        return _shorthand("c")
    if _missing(state) or not state:
        return _shorthand("x")
    style = palette.state(state)
    return Cell(style.label, state=state)


def _row_notes(rec, ind, fact: Fact, spec: TableSpec, suppressed, small_threshold: int, role_compare: bool) -> list[str]:
    out = []
    name, period = rec["indicator"], rec["period"]
    if rec["partial"]:
        out.append(f"{period} covers part of the period only ({rec['period_label']}), "
                   "so it is not comparable with a full period.")
    if rec["flag"] == "tbc":
        out.append(f"{name}: the figure for {period} is to be confirmed.")
    elif _PROVISIONAL.search(f"{rec['period_label']} {rec['note']}"):
        out.append(f"Figures for {period} are provisional and may be revised.")
    if rec["flag"] == "u":
        out.append(f"{name}, {period}: the value is of low reliability.")
    denom = _f(rec["denominator"])
    if denom and small_numbers(denom, small_threshold) and rec["unit"] == "percent":
        if fact.id in suppressed or denom <= spec.threshold:
            out.append(f"{name}, {period}: based on a small number of children.")
        else:
            out.append(f"{name}, {period}: based on {denom:,.0f} children, so one child more or fewer "
                       f"changes it by about {100 / denom:.1f} percentage points.")
    note = (rec["note"] or "").strip()
    for part in re.split(r"(?<=\.)\s+(?=Differs from)", note):
        part = part.strip()
        if part.startswith("Differs from"):
            out.append(f"{name}, {period}: sources give different values ({part[len('Differs from '):].rstrip('.')}); "
                       "the value shown is from the first source. Check the definitions used.")
        elif re.search(r"[A-Za-z]{3,}", part) and not _PROVISIONAL.search(part):
            out.append(f"{name}, {period}: {part}")
    shows_national = any(not _missing(rec[c]) for c in ("england_value", "neighbours_value", "region_value"))
    if ind is not None and not ind.codes and shows_national:
        out.append(f"{name} is a local measure; national and neighbour figures may be defined differently.")
    return out


def _general_notes(table: CommitteeTable, spec: TableSpec) -> list[str]:
    out = []
    out.append("Judgements are shown by symbol and word as well as colour. Compared with "
               f"{table.comparator if table.comparator != 'Statistical neighbours' else 'statistical neighbours'}: "
               "better, similar or worse, taking account of whether higher or lower is better; where the "
               "number of children is known, 'similar' means within the 95% confidence interval. Against "
               "target: met, near (within tolerance) or missed.")
    if table.comparator != "Target" and not any(c.key == "vs_comparator" for c in table.columns):
        out.append(f"There are no {table.comparator if table.comparator != 'Statistical neighbours' else 'statistical neighbour'} "
                   "figures for these periods, so no comparison is shown.")
    used = table.shorthand_used()
    if used:
        out.append("Shorthand: " + "; ".join(f"[{k}] {SHORTHAND[k]}" for k in used) + ".")
    if table.suppressed:
        out.append(f"Counts from 1 to {spec.threshold}, and figures that would reveal them, are shown as [c].")
    return out


_NATIONAL_SOURCE = re.compile(r"Department for Education|\bDfE\b|\bLAIT\b|explore-education-statistics|open data", re.I)


def _uses_national(obs: pd.DataFrame, summary: pd.DataFrame) -> bool:
    """National figures are shown: comparator columns, or local values taken from the built-in DfE data."""
    return _comparators_shown(summary) or bool(summary["source"].astype(str).str.contains(_NATIONAL_SOURCE).any())


def _comparators_shown(summary: pd.DataFrame) -> bool:
    return any(c in summary and summary[c].notna().any() for c in ("england_value", "neighbours_value", "region_value"))


#: How the built-in national figures name their source (``cpdesk.benchmarks``); their ``table`` is "national".
NATIONAL_SOURCE_PREFIXES = ("DfE open data", "LAIT", "Built-in national data")
_COMPARATOR_ROLES = {"England": "england", "Statistical neighbours": "neighbours", "Region": "region"}


def is_national_source(source) -> bool:
    """Whether a figure's source text is the built-in national data (not a file of the user's)."""
    return isinstance(source, str) and source.strip().startswith(NATIONAL_SOURCE_PREFIXES)


def national_figures(obs: pd.DataFrame) -> dict:
    """The built-in national figures in ``obs``: ``{(who, indicator key, period): {values}}``.

    ``who`` is ``("role", area_role)`` and ``("area", area)``, so a figure can be looked up by the
    comparator column it is shown in or by the area it is for.
    """
    if obs is None or obs.empty:
        return {}
    hit = (obs["table"].astype(object) == "national") | source_texts(obs).map(is_national_source)
    sel = obs[hit & obs["value"].notna()]
    keys = sel["indicator"].where(sel["indicator"].notna(), "label:" + sel["label"].astype(str))
    out: dict[tuple, set] = {}
    for key, period, role, area, value in zip(keys, sel["period"], sel["area_role"], sel["area"], sel["value"]):
        v = round(float(value), 6)
        out.setdefault((("role", role), key, period), set()).add(v)
        out.setdefault((("area", area), key, period), set()).add(v)
    return out


def _shows_national(summary: pd.DataFrame, keys: set[str], choice: SummaryChoice, spec: TableSpec) -> bool:
    """Whether any figure the table shows (or judges against) is a built-in national one."""
    figures = spec.national_figures
    if figures is None:
        return spec.national
    comparator = ("role", _COMPARATOR_ROLES[choice.compare]) if choice.compare in _COMPARATOR_ROLES else (
        "area", choice.compare)
    for rec in summary.to_dict("records"):
        if is_national_source(rec["source"]):
            return True
        key, period = rec["indicator_key"], rec["period"]
        shown = [(("role", "neighbours"), period, rec["neighbours_value"], "neighbours"),
                 (("role", "england"), period, rec["england_value"], "england"),
                 (("role", "region"), period, rec["region_value"], "region"),
                 (comparator, period, rec["comparator_value"], "comparator"),
                 (comparator, period, rec["comparator_value"], "vs_comparator"),
                 (("area", choice.area), rec["previous_period"], rec["previous_value"], "previous")]
        for who, when, value, column in shown:
            if column in keys and not _missing(value) and round(float(value), 6) in figures.get((who, key, when), ()):
                return True
    return False


def _source_line(summary: pd.DataFrame, national: bool) -> str:
    """The user's files the figures came from, and the licence line when national figures are shown."""
    files = []
    for src in summary["source"].dropna():
        name = str(src).split(" › ")[0].strip()
        if name and name not in files and not is_national_source(src):
            files.append(name)
    if national:
        line = ogl_attribution()
        return f"Source: local figures from {', '.join(files)}. {line}" if files else line
    return f"Source: local figures from {', '.join(files)}." if files else "Source: local figures."


def ogl_attribution() -> str:
    """The Open Government Licence attribution for national figures."""
    try:
        from cpdesk import benchmarks  # built by the benchmarks work; optional here
        text = getattr(benchmarks, "ATTRIBUTION", None) or getattr(benchmarks, "attribution", None)
        text = text() if callable(text) else text
        if text:
            return str(text).strip()
    except ImportError:
        pass
    path = resource("benchmarks", "ATTRIBUTION.txt")
    if path.is_file():
        text = path.read_text(encoding="utf-8").strip()
        if text:
            return text
    return _DEFAULT_ATTRIBUTION


def _defaults() -> dict:
    path = resource("defaults.json")
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def default_threshold() -> int:
    """Counts from 1 to this are small numbers (``disclosure_threshold`` in resources/defaults.json, else 5)."""
    return int(_defaults().get("disclosure_threshold", DEFAULT_DISCLOSURE_THRESHOLD))


__all__ = ["CommitteeTable", "Column", "Cell", "Row", "Note", "Fact", "TableSpec", "SHORTHAND", "SUMMARY_COLUMNS",
           "build_committee_table", "table_from_summary", "render", "format_number", "ogl_attribution",
           "national_figures", "is_national_source", "NATIONAL_SOURCE_PREFIXES",
           "default_threshold"]
