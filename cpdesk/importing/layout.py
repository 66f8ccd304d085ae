"""Decide what a block of cells means and turn it into observations.

Every value cell is placed by three things — indicator, area, period — each of which can
come from the row labels, from the column headers (one or more header rows, merged cells
filled across), or from the table's context (its title of any length, the sheet name).
Header words around them keep their meaning: "Target 2018-19" is the target for 2018-19,
"Statistical neighbours %" the neighbours' value of the percentage beside it, "Year End"
the whole year of the quarters beside it. This one rule covers the layouts councils use:

1. indicators down, periods across;
2. areas down, periods across, the indicator in the title or sheet name;
3. periods down, measures across, comparators as columns;
4. two header rows (a year over England / Family / Actual / Plan / Q1..Q4);
5. tidy lists (one row per value) — see :mod:`cpdesk.importing.tidy`;
6. districts down, snapshot dates across;
7. indicators down, comparators across, the period in the title only.

The work is done in steps, each a function below: :func:`read_structure` (header rows,
label, describing and value columns), :func:`column_meanings`, :func:`row_meanings`,
:func:`table_context`, then :mod:`cpdesk.importing.placement` places every value cell
and accounts for every cell of the block in a :class:`~cpdesk.importing.ledger.Ledger`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from cpdesk.areas import classify_area
from cpdesk.breakdowns import breakdown_of, header_dimension, is_strong_header, is_total, is_unknown, title_dimension
from cpdesk.catalogue import Catalogue, label_kind, normalise_label
from cpdesk.importing.blocks import Block
from cpdesk.importing.header_words import (comparator_in, description_kind, describes, measure_word, read_header)
from cpdesk.importing.ledger import Ledger
from cpdesk.importing.workbook import SheetData
from cpdesk.observations import Observation
from cpdesk.periods import Period, apply_shapes, day_of_year_in, on_day_of_year, parse_period, read_period_words, year_end
from cpdesk.values import is_blank, parse_value

#: Headers of a column that says which authority or row it is, not a figure.
_ID_HEADER = re.compile(r"^(?:(?:la|ons|dfe|gss|local authority|authority|area|geography|region|old|new)[ _]*)+"
                        r"(?:number|no\.?)$|"
                        r"^(?:(?:la|ons|dfe|gss|local authority|authority|area|geography|region|old|new)[ _]*)*"
                        r"(?:code|id|ref(?:erence)?|la[ _]?code)$", re.I)
_ID_CELL = re.compile(r"^(?:[A-Z]\d{8}|[A-Z]{1,4}\d{1,6}|\d{1,9})$")
_NUMBERING_CELL = re.compile(r"^\(?\d{1,2}(?:\.\d{1,2})*[a-z]?[\.\)]?$", re.I)
_AREA_HEADER = re.compile(r"\b(district|locality|localities|area|team|authority|borough|ward|office|hub|constituency|"
                          r"neighbourhood|patch)s?\b", re.I)
#: Row labels that describe the columns instead of naming an indicator ("Polarity", "RAG").
_INDICATOR_HEADER = re.compile(r"\b(?:indicators?|measures?|kpis?|performance|metrics?|description)\b", re.I)
_BY_AREA = re.compile(r"\b(?:by|per|for each|across)\s+(?:the\s+)?(?:district|locality|localities|area|team|ward|borough|"
                      r"hub|office|constituency|neighbourhood|patch|quadrant)s?\b", re.I)
#: Corner headers that only name the axis below them, not what the figures are.
_AXIS_HEADER = re.compile(r"^(?:indicators?|measures?|kpis?|pis?|performance indicators?|metrics?|description|ref\.?|"
                          r"no\.?|quarter|month|year|period|date|areas?|district|localit(?:y|ies)|team|authority|la|"
                          r"areas? name|data items?|item|category|title|name|outcome|priority|theme|service)[\s:]*$", re.I)
_GENERIC_SHEET = re.compile(r"^(?:sheet|tab|data|table|page|report|export|query|output|s|t)\s*\d*$", re.I)
_SUB_ROW = re.compile(r"^\s*(?:of which|of whom|-\s|–\s|•|·|o\s|\(of which|including\b|incl\.|i\.e\.|which\b|"
                      r"\+\s|>\s)", re.I)
_TITLE_LEAD = re.compile(r"^\s*(?:(?:table|figure|chart|graph|appendix|annex)\s*[\w\.]*\s*(?:[:\-–—\.]|shows?\b|below\b|"
                         r"above\b|illustrates\b|sets out\b)*\s*)+", re.I)
#: Words left dangling at the end of a title once its period is taken out ("... during" calendar year 2013).
_DANGLING = re.compile(r"(?:[\s,:;\-–]+(?:during|in|for|at|as at|on|of|by|to|from|over|ending|ended|the|year|"
                       r"calendar|financial|period))+[\s,:;\-–]*$", re.I)
_TITLE_SPLIT = re.compile(r"\s*(?::|\s[-–—]\s|;|\.\s|\(|\)|,\s|\bby\b|\bshows\b|\bfor\b(?= (?:q|quarter|the year|year)))\s*", re.I)


@dataclass
class Dims:
    """What a header cell, row label or the table's context says about the cells it governs."""

    period: Period | None = None
    shapes: tuple[str, ...] = ()
    area: str | None = None
    role: str | None = None
    indicator_label: str | None = None
    measure: str | None = None  # count / percent / rate
    note: str = ""
    beside: Period | None = None  # the period of the column to the right (for a target left of the periods)
    part: str | None = None       # "numerator" / "denominator": the column completes the row's percentage
    breakdown: str | None = None  # "Neglect", "10-15": a part of the indicator, not a place (cpdesk.breakdowns)

    def merged(self, other: "Dims") -> "Dims":
        """``other`` over ``self``: what ``other`` says wins, shape words add up."""
        return Dims(
            period=other.period or self.period,
            shapes=self.shapes + tuple(s for s in other.shapes if s not in self.shapes),
            area=other.area or self.area,
            role=other.role or self.role,
            indicator_label=other.indicator_label or self.indicator_label,
            measure=other.measure or self.measure,
            note=" ".join(x for x in (self.note, other.note) if x),
            beside=other.beside or self.beside,
            part=other.part or self.part,
            breakdown=other.breakdown or self.breakdown,
        )


@dataclass
class Context:
    file: str
    sheet: str
    table: str
    default_area: str
    titles: list[str]
    catalogue: Catalogue


@dataclass
class BlockResult:
    observations: list[Observation] = field(default_factory=list)
    layout: str = ""
    warnings: list[str] = field(default_factory=list)
    unrecognised: list[tuple[str, str]] = field(default_factory=list)  # (label, cell)
    indicator_from: str = ""
    ledger: Ledger = field(default_factory=Ledger)
    #: what describing columns and rows said: {"label", "indicator", "kind", "text", "cell"}
    descriptions: list[dict] = field(default_factory=list)
    #: a council's own polarity for a label ("Higher is better"): label -> higher / lower / none
    polarity: dict[str, str] = field(default_factory=dict)
    #: value cells that held a number (read or not): a block with none is text, not a table of figures
    numbers: int = 0
    #: any period at all in the headers, labels or title (a list of records has none)
    has_period: bool = False
    #: what each label was recognised as (cpdesk.recognition.Recognition), for the report
    recognitions: list = field(default_factory=list)


@dataclass
class Structure:
    """Where the parts of a block are: header rows, label, describing and value columns."""

    n_header: int
    body: range
    label_cols: list[int]
    numbering_cols: list[int]
    desc_cols: dict[int, str]
    data_cols: list[int]


@dataclass
class RowMeaning:
    dims: Dims
    kind: str = "data"          # data / section / description / blank
    description: str | None = None
    label: str = ""             # the row's label as written (for sub-rows and notes)
    parent: int | None = None   # the row a sub-row belongs to
    period_type: str | None = None
    #: the label names two figures that its cells hold ("X (of which Y)" over "61 (12)")
    split: object = None        # cpdesk.importing.two_figures.LabelSplit


@dataclass
class TableContext:
    dims: Dims
    indicator_from: str = ""
    unit: str | None = None


def _cell(rows, r: int, c: int):
    row = rows[r]
    return row[c] if c < len(row) else None


# --- recognition: the one place where layout asks the catalogue what a label is ---------

def recognise_label(catalogue: Catalogue, label: str, *, context: tuple[str, ...] = (), unit: str | None = None,
                    evidence=None, neighbours: tuple[str, ...] = (), header: str = "", sheet: str = ""):
    """What a label as written means: a :class:`cpdesk.recognition.Recognition` (recognised,
    suggested or local, ranked candidates with a score and an explanation each).

    ``context`` is the text around the label (table title, the lines above it), ``unit`` a
    header's measure word ("count" under "No.", "percent" under "%", "rate"), ``evidence``
    what its figures look like (:class:`cpdesk.recognition.UnitEvidence`), ``neighbours``
    the other labels of the table, ``header`` the corner header over the labels. A label
    naming a percentage never gives a count, nor the reverse.
    """
    from cpdesk.recognition import NO_EVIDENCE, LabelContext

    ctx = LabelContext(title=" ".join(t for t in context if t), header=header or "", sheet=sheet or "",
                       measure=unit, evidence=evidence or NO_EVIDENCE,
                       neighbours=tuple(n for n in neighbours if n and n != label))
    return catalogue.recognise(label or "", ctx)


def indicator_for(catalogue: Catalogue, label: str, measure: str | None, context: tuple[str, ...] = (), **more):
    """The catalogue indicator a label surely names (recognised, not merely suggested), or None."""
    if not label:
        return None
    ind_id = recognise_label(catalogue, label, context=context, unit=measure, **more).indicator_id
    return catalogue.get(ind_id) if ind_id else None


def is_known(catalogue: Catalogue, label: str) -> bool:
    return catalogue.match(label) is not None


# --- step 1: structure ------------------------------------------------------------------

def _value_like(v: object) -> bool:
    if is_blank(v):
        return False
    return parse_value(v).flag != "text"


def _header_like(v: object) -> bool:
    """A header cell: text that is not a value, or a period (a year like 2016 counts), or a
    part of a breakdown ("1-4", "Under 1": age bands, not figures)."""
    if is_blank(v):
        return False
    if isinstance(v, str):
        return not _value_like(v) or parse_period(v) is not None or breakdown_of(v) is not None
    return parse_period(v) is not None


def _count_header_rows(rows, r0: int, r1: int, c0: int, c1: int) -> int:
    """Leading rows whose cells right of the first column are all header-like (at most 4)."""
    n = 0
    for r in range(r0, min(r1, r0 + 4) + 1):
        cells = [_cell(rows, r, c) for c in range(c0 + 1, c1 + 1)]
        non_blank = [v for v in cells if not is_blank(v)]
        if not non_blank:
            if n == 0:
                break
            n += 1
            continue
        if all(_header_like(v) for v in non_blank):
            n += 1
        else:
            break
    if n > r1 - r0:
        n = 0  # a block with nothing but headers: no data
    return n


#: "3 months or less", "More than 3 months - 6 months", "2 years or more": a length of time
#: that names a row, not the figure 3 or 2 with words after it.
_DURATION_LABEL = re.compile(r"\d\s*\+?\s*(?:months?|mths?|years?|yrs?|weeks?|wks?)\b", re.I)


def _is_label_text(v: object, first: bool = False) -> bool:
    """Text that labels a row. ``first``: the column would be the table's first label column,
    where a length of time ("3 months or less") is a label rather than a figure in words."""
    if isinstance(v, str):
        return (not _value_like(v) or parse_period(v) is not None or breakdown_of(v) is not None
                or first and _DURATION_LABEL.search(v) is not None)
    return isinstance(v, (dt.date, dt.datetime))   # dates down the side are periods


def _is_id_column(rows, body: range, c: int, header: list[str]) -> bool:
    """A leading column headed as an identifier ("LA Number", "LA code", "new_la_code", "Ref")
    whose cells are all whole numbers or codes, with labels to its right."""
    if not header or not _ID_HEADER.match(" ".join(header).strip()):
        return False
    seen = False
    for r in body:
        v = _cell(rows, r, c)
        if is_blank(v):
            continue
        if isinstance(v, float) and v.is_integer() or isinstance(v, int) and not isinstance(v, bool):
            seen = True
        elif isinstance(v, str) and _ID_CELL.match(v.strip()):
            seen = True
        else:
            return False
    return seen and any(isinstance(_cell(rows, r, c + 1), str) for r in body)


def read_structure(sheet: SheetData, block: Block) -> Structure:
    """Header rows, then the label columns (leading columns of text), the describing columns
    (headed "Polarity", "RAG", "Commentary"... or holding only such words) and the value columns."""
    rows = sheet.rows
    r0, r1, c0, c1 = block.r0, block.r1, block.c0, block.c1
    n_header = _count_header_rows(rows, r0, r1, c0, c1)
    body = range(r0 + n_header, r1 + 1)
    header_text = {c: [str(_cell(rows, hr, c)).strip() for hr in range(r0, r0 + n_header)
                       if isinstance(_cell(rows, hr, c), str) and _cell(rows, hr, c).strip()]
                   for c in range(c0, c1 + 1)}
    desc_cols: dict[int, str] = {}
    for c in range(c0, c1 + 1):
        kinds = [(i, k) for i, k in enumerate(read_header(t).description for t in header_text[c]) if k]
        # a caption over periods ("Trend" over 2014/15, 2015/16) heads figures, not descriptions
        if kinds and not any(parse_period(t) is not None for t in header_text[c][kinds[-1][0] + 1:]):
            desc_cols[c] = kinds[-1][1]
    label_cols: list[int] = []
    numbering: list[int] = []
    for c in range(c0, c1 + 1):
        if c in desc_cols:
            continue
        if not label_cols and c < c1 and _is_id_column(rows, body, c, header_text[c]):
            numbering.append(c)   # "LA Number" 841, "new_la_code" E06000005: which authority, not a figure
            continue
        text = numeric = numbered = 0
        for r in body:
            v = _cell(rows, r, c)
            if is_blank(v):
                continue
            if _is_label_text(v, first=not label_cols):
                text += 1
            else:
                numeric += 1
            if isinstance(v, (int, float, str)) and _NUMBERING_CELL.match(
                    str(v).replace(".0", "") if isinstance(v, float) else str(v).strip()):
                numbered += 1
        if text > numeric:
            label_cols.append(c)
        elif numbered and numbered == text + numeric and c < c1 and not label_cols:
            numbering.append(c)   # a "1, 2, 3" numbering column in front of the labels
        else:
            break
    data_cols = [c for c in range(c0, c1 + 1) if c not in label_cols and c not in numbering and c not in desc_cols]
    # A column without a describing header whose cells are all ratings, arrows or polarity
    # words describes the rows; so does one of nothing but text (notes, sources, names).
    for c in list(data_cols):
        cells = [_cell(rows, r, c) for r in body if not is_blank(_cell(rows, r, c))]
        if cells and all(isinstance(v, str) for v in cells):
            kinds = {describes(v) for v in cells}
            if len(kinds) == 1 and None not in kinds:
                desc_cols[c] = kinds.pop()
                data_cols.remove(c)
            elif len(cells) > 1 and not any(_value_like(v) or parse_period(v) is not None for v in cells):
                desc_cols[c] = "text"
                data_cols.remove(c)
    # Describing columns among the leading text columns are not labels either.
    return Structure(n_header, body, label_cols, numbering, desc_cols, data_cols)


# --- step 2: what each value column's header says ---------------------------------------

def _filled_header(rows, sheet: SheetData, r0: int, n_header: int, cols: list[int]) -> dict[tuple[int, int], object]:
    """Header cells with merged and spanning captions filled across the columns they cover."""
    out: dict[tuple[int, int], object] = {}
    merged = [m for m in sheet.merged if r0 <= m[0] < r0 + n_header]
    for hr in range(r0, r0 + n_header):
        last = None
        fill_across = hr < r0 + n_header - 1  # upper header rows span the columns below them
        for c in cols:
            raw = _cell(rows, hr, c)
            if is_blank(raw):
                span = next((m for m in merged if m[0] <= hr <= m[2] and m[1] <= c <= m[3]), None)
                if span is not None:
                    raw = _cell(rows, span[0], span[1])
                elif fill_across and last is not None:
                    raw = last
            else:
                last = raw
            out[(hr, c)] = raw
    return out


def column_meanings(sheet: SheetData, block: Block, st: Structure, catalogue: Catalogue,
                    table_period: Period | None = None, day_of_year: tuple[int, int] | None = None) -> dict[int, Dims]:
    """Period, comparator or role, measure and indicator words of each value column.

    ``table_period`` (from the title) places a bare "Q1" or "Apr" in its year; ``day_of_year``
    (a title's "on 31 July") makes a bare year the count at that day of it."""
    rows = sheet.rows
    r0 = block.r0
    dims: dict[int, Dims] = {c: Dims() for c in st.data_cols}
    if not st.n_header:
        return dims
    filled = _filled_header(rows, sheet, r0, st.n_header, st.data_cols)
    last_row = r0 + st.n_header - 1
    year_context = year_end(table_period) if table_period is not None and table_period.kind != "snapshot" else None
    meanings = {}
    for hr in range(r0, r0 + st.n_header):
        for c in st.data_cols:
            meanings[(hr, c)] = read_header(filled[(hr, c)], dims[c].period or year_context)
            m = meanings[(hr, c)]
            if m.period is not None:
                d = dims[c]
                keep_upper = (d.period is not None and m.period.kind in ("year", "calendar_year")
                              and d.period.kind not in ("year", "calendar_year") and hr > r0)
                if not keep_upper:
                    d.period = m.period
            dims[c].shapes += tuple(s for s in m.shapes if s not in dims[c].shapes)
            if m.note:
                dims[c].note = " ".join(x for x in (dims[c].note, m.note) if x)
    for c in st.data_cols:
        d = dims[c]
        if day_of_year is not None and d.period is not None:
            d.period = on_day_of_year(d.period, day_of_year)
        for hr in range(r0, r0 + st.n_header):
            m = meanings[(hr, c)]
            if m.role:
                d.role, d.area = m.role, m.area
            if m.measure:
                d.measure = m.measure
            if m.part:
                d.part = m.part
            if m.indicator_text:
                lower = [meanings[(x, c)] for x in range(hr + 1, r0 + st.n_header)]
                if hr == last_row or is_known(catalogue, m.indicator_text) or (
                        lower and all(x.measure and not x.indicator_text for x in lower)):
                    d.indicator_label = m.indicator_text
    # Unknown words in the header row right above the values: areas when most of the row is
    # areas (districts), else indicators (local indicators are kept, never dropped).
    roles = [dims[c].role for c in st.data_cols if dims[c].role]
    _breakdown_columns(dims, filled, last_row, st.data_cols, catalogue)
    labels = [c for c in st.data_cols if dims[c].indicator_label and not is_known(catalogue, dims[c].indicator_label)]
    if labels and len(roles) > len(st.data_cols) / 2:
        for c in labels:
            dims[c].area, dims[c].role, dims[c].indicator_label = dims[c].indicator_label, "district", None
    for c in st.data_cols:
        d = dims[c]
        if d.indicator_label is None and d.role and d.role != "la" and d.measure is None and _all_percentages(sheet, st, c):
            d.measure = "percent"   # a "Target" of 1.9% is the target of the % beside it, not of the number
    _inherit_across(dims, st.data_cols)
    return dims


def _breakdown_columns(dims: dict[int, Dims], filled: dict, last_row: int, cols: list[int], catalogue: Catalogue) -> None:
    """Columns headed by the parts of one indicator ("Neglect", "Emotional abuse" ... "Total";
    "Under 1", "1-4" ... "16-17"): breakdowns, not indicators of their own nor periods."""
    heads = {c: filled[(last_row, c)] for c in cols}
    kinds = []
    for c in cols:
        text = heads[c]
        if not isinstance(text, str) or not text.strip():
            kinds.append(("blank", text))
        elif _breakdown(text.strip(), catalogue):
            kinds.append(("breakdown", text))
        elif dims[c].period is not None and not read_period_words(text).rest:
            kinds.append(("period", text))
        else:
            kinds.append(("other", text))
    parts = sum(1 for k, _ in kinds if k == "breakdown")
    if parts < 2 or not _breakdown_axis(kinds, "", ()):
        return
    for c, (kind, text) in zip(cols, kinds):
        d = dims[c]
        if kind == "breakdown" or kind == "period" and breakdown_of(text) or kind == "other" and is_unknown(text):
            d.breakdown, d.indicator_label = text.strip(), None
            if kind == "period":
                d.period = None
        elif is_total(text) and d.indicator_label == text.strip():
            d.indicator_label = None   # "Grand Total": the whole, named by the table


def _all_percentages(sheet: SheetData, st: Structure, c: int) -> bool:
    """Whether every figure in column ``c`` is shown as a percentage (and there is one)."""
    seen = False
    for r in st.body:
        raw = _cell(sheet.rows, r, c)
        if is_blank(raw):
            continue
        if type(raw) in (int, float):
            if (r, c) not in sheet.percent_cells:
                return False
        elif not parse_value(raw).percent:
            return False
        seen = True
    return seen


def _inherit_across(dims: dict[int, Dims], cols: list[int]) -> None:
    """Columns that only name a comparator, a role or a shape take the rest from beside them.

    "Statistical neighbours %" right of "% re-plans" is the neighbours' value of "% re-plans";
    a "Target" with no year of its own is the target for the period on its left (else the
    table's, else the one on its right); "Year End" right of Q1..Q4 is the whole year.
    """
    period_cols = [c for c in cols if dims[c].period is not None]
    for i, c in enumerate(cols):
        d = dims[c]
        if d.indicator_label is None and d.role and d.role != "la":
            # A comparator goes with the nearest column of the authority's own figures on its left
            # whose measure fits: "SN rate" and "National average" beside "Rate per 10,000".
            for left in reversed(cols[:i]):
                ld = dims[left]
                if ld.role not in (None, "la") or not (ld.indicator_label or ld.measure):
                    continue
                own = ld.measure or (label_kind(normalise_label(ld.indicator_label)) if ld.indicator_label else None)
                if d.measure is None or own in (None, d.measure):
                    d.indicator_label = ld.indicator_label
                    d.measure = d.measure or ld.measure
                    break
        if d.period is None and (d.role or d.shapes or d.part) and period_cols:
            left = [p for p in cols[:i] if dims[p].period is not None]   # as resolved so far, left to right
            right = [p for p in period_cols if p > c]
            source = dims[left[-1]].period if left else None
            if source is None and d.shapes and right:
                source = dims[right[0]].period
            if source is not None:
                d.period = apply_shapes(source, d.shapes) if d.shapes else source
                d.shapes = ()
            elif right and (d.role or d.part):
                # A "Target" left of the periods: the table's period if it has one, else the
                # year of the period on its right (resolved when the cells are placed).
                d.shapes += ("beside_right",)
                d.beside = dims[right[0]].period
        elif d.period is not None and d.shapes and "relative" in d.shapes:
            d.period = apply_shapes(d.period, ("relative",))
            d.shapes = tuple(s for s in d.shapes if s != "relative")


# --- step 3: what each row's labels say -------------------------------------------------

def _classify_text(text: object, catalogue: Catalogue) -> tuple[str, object]:
    """What a label cell is: ("period", Period), ("area", role), ("measure", kind),
    ("description", kind), ("indicator", label) or ("unknown", text)."""
    if is_blank(text):
        return ("blank", None)
    p = parse_period(text)
    if p is not None:
        return ("period", p)
    if not isinstance(text, str):
        return ("unknown", text)
    s = text.strip()
    measure = measure_word(s)
    if measure:
        return ("measure", measure)
    kind = description_kind(s)
    if kind:
        return ("description", kind)
    dim = _breakdown(s, catalogue)
    if dim:
        return ("breakdown", dim)
    role = classify_area(s)
    if role is not None:
        return ("area", role)
    if is_known(catalogue, s):
        return ("indicator", s)
    if len(s) <= 60:
        words = read_period_words(s)
        if words.period is not None and not words.rest:
            return ("period", words.period)
        comp = comparator_in(s)
        if comp is not None:
            return ("area", comp[0])
    return ("unknown", s)


def _breakdown(text: str, catalogue: Catalogue) -> str | None:
    """The breakdown a label is a value of ("Neglect", "10-15"), unless the vocabulary reads it as
    something an indicator is about ("1-2 years" is how long a plan has lasted, not an age)."""
    dim = breakdown_of(text)
    if dim is None:
        return None
    reader = catalogue.recogniser.reader
    if any(reader.vocabulary.facet(c) != "other" for c in reader.read(text).strong):
        return None
    return dim


def _breakdown_axis(labels: list[tuple[str, object]], header: str, titles) -> bool:
    """Whether a label column lists the parts of one indicator (categories of abuse, age bands,
    genders ...) rather than places, periods or indicators: most of its labels are such parts
    (a period that is also an age band, "16-17", counts as either), or a header ("Category of
    abuse", "Age group") or title ("by category") says so and a label bears it out."""
    parts = dual = unknown = others = 0
    for kind, text in labels:
        if kind == "breakdown":
            parts += 1
        elif kind == "period" and isinstance(text, str) and breakdown_of(text):
            dual += 1
        elif is_unknown(text):
            unknown += 1
        elif not is_total(text) and kind not in ("blank", "description"):
            others += 1
    if parts >= 2 and parts + dual + unknown > others:
        return True
    if parts + dual >= 1 and (is_strong_header(header) or (header_dimension(header) or
                                                               any(title_dimension(t) for t in titles))
                              and parts + dual + unknown >= others):
        return True
    return False


def _indent(raw: object) -> int:
    if not isinstance(raw, str):
        return 0
    return len(raw) - len(raw.lstrip(" \t\u00a0"))


def row_meanings(sheet: SheetData, st: Structure, ctx: Context, titles: list[str] = ()) -> tuple[dict[int, RowMeaning], str]:
    """Each body row's indicator, area, period or measure; section, describing and sub-rows.

    Each label column has a majority meaning; a label that is not recognised takes it
    (districts in an areas column, local indicators in an indicators column).
    """
    classified = {(r, c): _classify_text(_cell(sheet.rows, r, c), ctx.catalogue) for r in st.body for c in st.label_cols}
    col_axis_of, row_axis = _label_axes(sheet, st, classified, titles)
    labels = {r: _row_label(sheet, st, ctx, classified, col_axis_of, row_axis, r) for r in st.body}
    return _row_structure(sheet, st, labels), row_axis


def _label_axes(sheet: SheetData, st: Structure, classified: dict, titles) -> tuple[dict[int, str], str]:
    """What each label column holds (indicators, areas, periods) and what the rows run over."""
    rows = sheet.rows
    header_rows = range(st.body.start - st.n_header, st.body.start)
    header_words = " ".join(str(_cell(rows, hr, c)) for hr in header_rows for c in st.label_cols
                            if not is_blank(_cell(rows, hr, c)))
    row_kinds: dict[str, int] = {}
    col_axis_of: dict[int, str] = {}
    for c in st.label_cols:
        kinds: dict[str, int] = {}
        for r in st.body:
            kind = classified[(r, c)][0]
            if kind not in ("blank", "description"):
                kinds[kind] = kinds.get(kind, 0) + 1
                row_kinds[kind] = row_kinds.get(kind, 0) + 1
        axis = max(kinds, key=kinds.get) if kinds else "none"
        header = " ".join(str(_cell(rows, hr, c)) for hr in header_rows if not is_blank(_cell(rows, hr, c)))
        labels = [(classified[(r, c)][0], _cell(rows, r, c)) for r in st.body]
        if _AREA_HEADER.search(header) and not _INDICATOR_HEADER.search(header):
            axis = "area"
        elif _breakdown_axis(labels, header, titles):
            axis = "breakdown"
        elif axis == "unknown" and "indicator" not in kinds and _area_evidence(labels):
            axis = "area"
        col_axis_of[c] = axis
    if len(st.label_cols) > 1 and ("area" in col_axis_of.values() or "breakdown" in col_axis_of.values()) and any(
            a in ("indicator", "unknown") for a in col_axis_of.values()):
        return col_axis_of, "indicator"
    if "breakdown" in col_axis_of.values():
        return col_axis_of, "breakdown"
    row_axis = max(row_kinds, key=row_kinds.get) if row_kinds else "none"
    if (_AREA_HEADER.search(header_words) and not _INDICATOR_HEADER.search(header_words)
            or "area" in col_axis_of.values() and row_axis == "unknown"
            or row_axis == "unknown" and any(_BY_AREA.search(t) for t in titles)):
        row_axis = "area"
    return col_axis_of, row_axis


def _area_evidence(labels: list[tuple[str, object]]) -> bool:
    """A known authority, region or comparator among the labels ("Total" alone is no place)."""
    return any(kind == "area" and not is_total(text) for kind, text in labels)


def _row_label(sheet: SheetData, st: Structure, ctx: Context, classified: dict, col_axis_of: dict[int, str],
               row_axis: str, r: int) -> RowMeaning:
    """What one row's label cells say, before sections and sub-rows are taken into account."""
    rows = sheet.rows
    la_name = ctx.default_area.lower()
    d = Dims()
    label = ""
    description = None
    texts = []
    for c in st.label_cols:
        kind, what = classified[(r, c)]
        raw = _cell(rows, r, c)
        if kind == "description":
            description = what
            continue
        axis = col_axis_of[c] if len(st.label_cols) > 1 else row_axis
        if axis == "breakdown" and isinstance(raw, str) and kind in ("unknown", "period", "breakdown", "area"):
            if is_total(raw):   # "Grand Total": the whole, the authority's own figure
                kind, what, raw = "area", "la", ctx.default_area
            elif kind != "area":
                kind, what = "breakdown", raw.strip()   # "Other", and "16-17" among age bands
        if kind == "unknown" and isinstance(raw, str):
            text = raw.strip()
            if axis == "area":
                # "Warwickshire CP rate per 10,000" under districts is the authority's own row;
                # "N. Warwickshire" is a district.
                if la_name and re.match(rf"{re.escape(la_name)}\b", text.lower()):
                    kind, what, raw = "area", "la", ctx.default_area
                else:
                    kind, what = "area", "district"
            elif axis != "period":
                kind, what = "indicator", text
        if kind in ("indicator", "unknown") and isinstance(raw, str):
            texts.append(raw.strip())
        d = _apply(d, kind, what, raw)
    if texts:
        # The longest text is the label as written; a code column ("NI 65") only helps recognise it.
        known = [t for t in texts if is_known(ctx.catalogue, t)]
        longest = max(texts, key=len)
        d.indicator_label = longest if (longest in known or not known) else known[0]
        label = longest
        # "Plans in 2014/15 for children who had been subject to a previous plan": a financial year
        # written in the label is its figures' year, whatever date the title counts other rows at.
        fy = _FY_IN_LABEL.search(longest) if d.period is None else None
        if fy is not None and (p := parse_period(fy.group(0))) is not None and p.kind == "year":
            d.period = p
        # "% re-referrals within 12 months (year to date)": the row's figures are so far this year.
        words = read_period_words(longest) if "date" in longest.lower() or "ytd" in longest.lower() else None
        if words is not None and words.period is None and "ytd" in words.shapes:
            d.shapes = ("ytd",)
    has_values = any(not is_blank(_cell(rows, r, c)) for c in st.data_cols)
    if description:
        return RowMeaning(d, "description" if has_values else "blank", description, label)
    if not has_values:
        return RowMeaning(d, "section" if (texts or d.period or d.area) else "blank", label=label)
    split = _two_figures(sheet, st, ctx, r, d.indicator_label) if d.indicator_label else None
    if split is not None:
        d.indicator_label = split.first
    return RowMeaning(d, "data", label=label, split=split)


_FY_IN_LABEL = re.compile(r"(?<![\d/.-])(?:19|20)\d{2}\s*[/-]\s*\d{2}(?![\d/.-])")


def _two_figures(sheet: SheetData, st: Structure, ctx: Context, r: int, label: str):
    """The two figures a row's label names, when its cells hold them ("X (of which Y)" always;
    "X (Y)" when some cell holds a second figure that fits Y), else None."""
    from cpdesk.importing.two_figures import holds_two, split_label

    split = split_label(label, ctx.catalogue)
    if split is None or split.subset:
        return split
    for c in st.data_cols:
        raw = _cell(sheet.rows, r, c)
        if isinstance(raw, str) and holds_two(split, parse_value(raw)) is not None:
            return split
    return None


def _row_structure(sheet: SheetData, st: Structure, labels: dict[int, RowMeaning]) -> dict[int, RowMeaning]:
    """Sections and sub-rows: rows that only name a measure ("No.", "%") or sit under another
    ("of which ...", indented) belong to the row or section above them."""
    out: dict[int, RowMeaning] = {}
    parent: int | None = None
    parent_indent = 0
    section: RowMeaning | None = None
    for r in st.body:
        meaning = labels[r]
        out[r] = meaning
        raw_first = _cell(sheet.rows, r, st.label_cols[0]) if st.label_cols else None
        if meaning.kind == "section":
            section = meaning
            parent, parent_indent = r, _indent(raw_first)
        if meaning.kind != "data":
            continue
        d, label = meaning.dims, meaning.label
        if d.breakdown and not d.indicator_label:
            # "Neglect" under "Children on a CP plan" (a section, or a row of figures): a part of
            # it, named after it; a part is nobody's parent and nobody's numerator
            if section is not None and section.dims.indicator_label:
                meaning.dims = Dims(indicator_label=section.dims.indicator_label, period=section.dims.period,
                                    area=section.dims.area, role=section.dims.role).merged(d)
            elif parent is not None and out[parent].kind == "data" and out[parent].dims.indicator_label:
                above = out[parent].dims
                meaning.dims = Dims(indicator_label=above.indicator_label).merged(d)
            continue
        only_measure = d.measure and not d.indicator_label and not d.period and not d.area
        is_sub = bool(label) and parent is not None and (
            _SUB_ROW.match(str(raw_first or "")) or _indent(raw_first) > parent_indent)
        if only_measure and (section is not None or parent is not None):
            src = out[parent] if parent is not None else section
            meaning.dims = src.dims.merged(Dims(measure=d.measure, indicator_label=None))
            if meaning.dims.indicator_label is None:
                meaning.dims.indicator_label = src.label or None
            meaning.parent = parent
        elif is_sub:
            meaning.parent = parent
            inherited = out[parent].dims
            meaning.dims = Dims(period=inherited.period, area=inherited.area, role=inherited.role).merged(d)
        else:
            if section is not None and section.dims.indicator_label is None:
                meaning.dims = section.dims.merged(d)
            elif section is not None and (section.dims.period or section.dims.area) and not (d.period or d.area):
                meaning.dims = Dims(period=section.dims.period, area=section.dims.area, role=section.dims.role).merged(d)
            parent, parent_indent = r, _indent(raw_first)
    return out


def _apply(d: Dims, kind: str, what, raw) -> Dims:
    if kind == "breakdown":
        return d.merged(Dims(breakdown=str(raw).strip()))
    if kind == "period":
        return d.merged(Dims(period=what))
    if kind == "area":
        return d.merged(Dims(area=str(raw).strip(), role=what))
    if kind == "measure":
        return d.merged(Dims(measure=what))
    if kind == "indicator":
        return d.merged(Dims(indicator_label=what))
    return d


# --- step 4: the table's context --------------------------------------------------------

def _title_parts(title: str) -> list[str]:
    """A title and its clauses, longest first: "Table 2 shows Long Plans: The percentage of
    children who ..." gives the whole, "Long Plans", "The percentage of children who ..."."""
    t = _TITLE_LEAD.sub("", title).strip()
    parts = [t] if t else []
    for piece in _TITLE_SPLIT.split(t):
        piece = _TITLE_LEAD.sub("", piece).strip(" .,;:")
        if len(piece) > 3 and piece not in parts:
            parts.append(piece)
    return parts


def _unit_words(text: str) -> str | None:
    low = text.lower()
    if "%" in low or "percentage" in low or "proportion" in low or "percent" in low:
        return "percent"
    if "per 10,000" in low or "per 10000" in low or re.search(r"\brate\b", low):
        return "rate"
    if re.search(r"\b(?:number|no\.|count)\b", low):
        return "count"
    return None


def match_title(catalogue: Catalogue, title: str | None, unit: str | None = None) -> str | None:
    """The part of a title or sheet name that names an indicator, or None (titles of any length)."""
    if not title:
        return None
    words = read_period_words(title)
    text = _DANGLING.sub("", words.rest) if words.period is not None else title
    from cpdesk.recognition import UnitEvidence

    # the figures' evidence ("percent" when the table's cells are percentages), not a measure word
    evidence = UnitEvidence(n=1, percent_marks=1) if unit == "percent" else None
    measure = unit if unit in ("count", "rate") else None
    for part in _title_parts(text):
        rec = recognise_label(catalogue, part, unit=measure, evidence=evidence)
        # a title that names an indicator but not whether number or %: the "No." / "%" headers will
        if rec.indicator_id or rec.undecided_unit:
            return part
    return None


def corner_text(sheet: SheetData, block: Block, st: Structure) -> list[str]:
    """Header text above the label columns that says what the figures are
    ("Child Protection Rate per 10,000 at Year End"), not just "Indicator" or "District"."""
    out = []
    for hr in range(block.r0, block.r0 + st.n_header):
        for c in st.label_cols:
            v = _cell(sheet.rows, hr, c)
            if isinstance(v, str) and v.strip() and not _AXIS_HEADER.match(v.strip()) and len(v.strip()) > 3:
                out.append(v.strip())
    return out


def table_period(block: Block, ctx: Context, corner: list[str] = ()) -> Period | None:
    """The period the title lines, the corner header or the sheet name give the whole table, or None."""
    for text in list(dict.fromkeys(list(block.titles) + list(ctx.titles))) + list(corner) + [ctx.sheet]:
        if text:
            words = read_period_words(text)
            if words.period is not None:
                return words.period
    return None


def table_context(block: Block, ctx: Context, unit: str | None, corner: list[str] = ()) -> TableContext:
    """Indicator, period and measure the title lines, the corner header and the sheet name give
    the whole table."""
    titles = list(dict.fromkeys(t for t in list(block.titles) + list(ctx.titles) if t))
    sources = [(t, "title") for t in titles] + [(t, "corner header") for t in corner] + [(ctx.sheet, "sheet name")]
    dims = Dims()
    how = ""
    for text, where in sources:
        if dims.period is None:
            words = read_period_words(text)
            if words.period is not None:
                dims.period = words.period   # its own shape words ("Quarter 3 2020/21 year to date") applied
    for text, where in sources:
        hit = match_title(ctx.catalogue, text, unit)
        if hit:
            dims.indicator_label = hit
            dims.measure = unit or _unit_words(hit)
            how = where
            break
    if dims.indicator_label is None:
        # An unrecognised title still names what the table holds: keep it as the label; failing
        # that, a sheet named for what it holds ("Re-referrals", not "Sheet1").
        named_sheet = [] if _GENERIC_SHEET.match(ctx.sheet or "") else [ctx.sheet]
        for t in titles + list(corner) + named_sheet:
            words = read_period_words(t)
            text = _TITLE_LEAD.sub("", _DANGLING.sub("", words.rest) if words.period is not None else t).strip(" .:-–")
            if text:
                dims.indicator_label = text
                dims.measure = _unit_words(text)
                break
    return TableContext(dims, how, unit)


# --- the whole block --------------------------------------------------------------------

def interpret_block(sheet: SheetData, block: Block, ctx: Context) -> BlockResult:
    """Turn one block into observations (see the module docstring for the rule)."""
    from cpdesk.importing.placement import place_block

    res = BlockResult()
    st = read_structure(sheet, block)
    if not st.body:
        return res
    titles = list(dict.fromkeys(t for t in list(block.titles) + list(ctx.titles) if t))
    day_of_year = next((d for d in map(day_of_year_in, titles) if d is not None), None)
    col_dims = column_meanings(sheet, block, st, ctx.catalogue, table_period(block, ctx, corner_text(sheet, block, st)),
                               day_of_year)
    row_dims, row_axis = row_meanings(sheet, st, ctx, list(block.titles) + list(ctx.titles))
    place_block(sheet, block, ctx, st, col_dims, row_dims, row_axis, res)
    return res


_AXIS_WORDS = {"breakdown": "breakdowns", "indicator": "indicators", "unknown": "indicators", "period": "periods", "area": "areas", "measure": "measures",
               "none": "values"}


def axis_name(col_dims: dict[int, Dims]) -> str:
    kinds = []
    if any(d.period for d in col_dims.values()):
        kinds.append("periods")
    if any(d.area for d in col_dims.values()):
        kinds.append("areas")
    if any(d.indicator_label for d in col_dims.values()):
        kinds.append("indicators")
    if not kinds and any(d.measure for d in col_dims.values()):
        kinds.append("measures")
    return " and ".join(kinds) or "values"


__all__ = ["BlockResult", "Context", "Dims", "interpret_block", "recognise_label", "indicator_for", "match_title",
           "read_structure", "column_meanings", "row_meanings", "table_context", "axis_name"]
