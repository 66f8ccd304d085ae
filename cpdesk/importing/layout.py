"""Decide what a block of cells means and turn it into observations.

Every value cell is placed by three things — indicator, area, period — each of which can
come from the row labels, from the column headers (one or more header rows, merged cells
filled across), or from the table's context (its title, the sheet name, the file). This
one rule covers the layouts councils use:

1. indicators down, periods across;
2. areas down, periods across, the indicator in the title or sheet name;
3. periods down, measures across;
4. two header rows (a year over England / Family / Actual / Plan / Q1..Q4);
5. tidy lists (one row per value) — see :mod:`cpdesk.importing.tidy`;
6. districts down, snapshot dates across.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from cpdesk.areas import classify_area
from cpdesk.catalogue import Catalogue, label_kind, normalise_label
from cpdesk.importing.blocks import Block
from cpdesk.importing.workbook import SheetData
from cpdesk.observations import Observation, cell_ref
from cpdesk.periods import Period, parse_period
from cpdesk.recognition.tables import TableLabel, recognise_in_table
from cpdesk.values import is_blank, parse_value

#: Words in a sub-header that say what kind of figure a column holds ("No.", "%").
MEASURE_WORDS = {
    "no": "count", "no.": "count", "number": "count", "n": "count", "count": "count", "num": "count", "#": "count",
    "%": "percent", "percent": "percent", "percentage": "percent", "pct": "percent", "rate": "rate",
    "rate per 10,000": "rate", "per 10,000": "rate", "rate per 10k": "rate",
}
_NUMBERING_CELL = re.compile(r"^\(?\d{1,2}(?:\.\d{1,2})?[a-z]?[\.\)]?$", re.I)
_AREA_HEADER = re.compile(r"\b(district|locality|localities|area|team|authority|borough|ward|office|hub)s?\b", re.I)
_SKIP_ROW_LABELS = re.compile(r"^(?:polarity|good is|good performance|higher or lower|direction|unit|units|notes?|comments?|commentary|"
                              r"rag|rag rating|trend|source|definition|lead|owner|frequency)\b", re.I)


@dataclass
class Dims:
    """What one header cell or row label says about the cells it governs."""

    period: Period | None = None
    area: str | None = None
    role: str | None = None
    indicator_label: str | None = None
    measure: str | None = None  # count / percent / rate

    def merged(self, other: "Dims") -> "Dims":
        return Dims(
            period=other.period or self.period,
            area=other.area or self.area,
            role=other.role or self.role,
            indicator_label=other.indicator_label or self.indicator_label,
            measure=other.measure or self.measure,
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
    recognitions: list = field(default_factory=list)  # one cpdesk.recognition.Recognition per label of the table


def _cell(rows, r: int, c: int):
    row = rows[r]
    return row[c] if c < len(row) else None


def _classify_text(text: object, catalogue: Catalogue, context: Period | None) -> tuple[str, object]:
    """What a label cell is: ("period", Period), ("area", role), ("measure", kind),
    ("indicator", label) or ("unknown", text)."""
    if is_blank(text):
        return ("blank", None)
    p = parse_period(text, context=context)
    if p is not None:
        return ("period", p)
    if not isinstance(text, str):
        return ("unknown", text)
    s = text.strip()
    low = s.lower().rstrip(":")
    if low in MEASURE_WORDS:
        return ("measure", MEASURE_WORDS[low])
    role = classify_area(s)
    if role is not None:
        return ("area", role)
    if catalogue.match(s) is not None:
        return ("indicator", s)
    return ("unknown", s)


def _value_like(v: object) -> bool:
    if is_blank(v):
        return False
    pv = parse_value(v)
    return pv.flag != "text"


def _header_like(v: object) -> bool:
    """A header cell: text that is not a value, or a period (a year like 2016 counts)."""
    if is_blank(v):
        return False
    if isinstance(v, str):
        return not _value_like(v) or parse_period(v) is not None
    return parse_period(v) is not None


def interpret_block(sheet: SheetData, block: Block, ctx: Context) -> BlockResult:
    """Turn one block into observations (see the module docstring for the rule)."""
    rows = sheet.rows
    res = BlockResult()
    r0, r1, c0, c1 = block.r0, block.r1, block.c0, block.c1

    # 1. Label columns: leading columns whose body cells are mostly text.
    n_header = _count_header_rows(rows, r0, r1, c0, c1)
    body = range(r0 + n_header, r1 + 1)
    if not body:
        return res
    label_cols = _label_columns(rows, body, c0, c1)
    if not label_cols:
        label_cols = []
    # Columns headed "Polarity", "Good is", "Comments", "RAG"... describe the rows: not values.
    data_cols = [c for c in range(c0, c1 + 1) if c not in label_cols
                 and not any(isinstance(_cell(rows, hr, c), str) and _SKIP_ROW_LABELS.match(_cell(rows, hr, c).strip())
                             for hr in range(r0, r0 + n_header))]
    if not data_cols:
        return res

    # 2. Column dims from header rows (upper rows filled across merged/blank cells).
    col_dims = _column_dims(rows, sheet, r0, n_header, data_cols, ctx.catalogue)

    # 3. Row dims from label columns. Each label column has a majority meaning; a label
    # that is not recognised takes it (districts in an areas column, local indicators in
    # an indicators column), so an indicator column beside an area column both count.
    label_header = " ".join(str(_cell(rows, hr, c)) for hr in range(r0, r0 + n_header) for c in label_cols
                            if not is_blank(_cell(rows, hr, c)))
    classified = {(r, c): _classify_text(_cell(rows, r, c), ctx.catalogue, None) for r in body for c in label_cols}
    row_kinds: dict[str, int] = {}
    col_axis_of: dict[int, str] = {}
    for c in label_cols:
        kinds: dict[str, int] = {}
        for r in body:
            kind = classified[(r, c)][0]
            if kind != "blank":
                kinds[kind] = kinds.get(kind, 0) + 1
                row_kinds[kind] = row_kinds.get(kind, 0) + 1
        axis = max(kinds, key=kinds.get) if kinds else "none"
        header = " ".join(str(_cell(rows, hr, c)) for hr in range(r0, r0 + n_header) if not is_blank(_cell(rows, hr, c)))
        if _AREA_HEADER.search(header) or (axis == "unknown" and "indicator" not in kinds and kinds.get("area")):
            axis = "area"
        col_axis_of[c] = axis
    if len(label_cols) > 1 and "area" in col_axis_of.values() and any(a in ("indicator", "unknown") for a in col_axis_of.values()):
        row_axis = "indicator"
    else:
        row_axis = max(row_kinds, key=row_kinds.get) if row_kinds else "none"
        if _AREA_HEADER.search(label_header) or "area" in col_axis_of.values() and row_axis == "unknown":
            row_axis = "area"
    row_dims: dict[int, Dims] = {}
    for r in body:
        d = Dims()
        for c in label_cols:
            kind, what = classified[(r, c)]
            raw = _cell(rows, r, c)
            if kind == "unknown" and isinstance(raw, str):
                text = raw.strip()
                if _SKIP_ROW_LABELS.match(text):
                    d = Dims(indicator_label=None)
                    break
                axis = col_axis_of[c] if len(label_cols) > 1 else row_axis
                if axis == "area":
                    kind, what = "area", "district"
                elif axis != "period":
                    kind, what = "indicator", text
            d = _apply(d, kind, what, raw)
        row_dims[r] = d

    # 4. Table context: indicator from title or sheet name; the LA as default area.
    context_indicator = None
    for t in list(block.titles) + list(ctx.titles) + [ctx.sheet]:
        hit = match_title(ctx.catalogue, t)
        if hit:
            context_indicator = hit
            res.indicator_from = "title" if t != ctx.sheet else "sheet name"
            break
    if context_indicator is None:
        fallback = next((t for t in block.titles if t and len(t) < 150), None)
        context_indicator = fallback
    base = Dims(area=ctx.default_area, role="la")

    col_axis = _axis_name(col_dims)
    res.layout = f"{_AXIS_WORDS.get(row_axis, row_axis)} down, {col_axis} across"

    # 5. Every value cell.
    series: dict[tuple, list[tuple[Observation, bool]]] = {}
    labels: dict[tuple, TableLabel] = {}            # (label, measure) -> its values, for recognition
    placed: dict[tuple, list[Observation]] = {}
    skipped_no_period = 0
    for r in body:
        rd = row_dims[r]
        if rd.indicator_label is None and rd.period is None and rd.area is None and rd.measure is None and label_cols:
            continue
        for c in data_cols:
            raw = _cell(rows, r, c)
            if is_blank(raw):
                continue
            cd = col_dims.get(c, Dims())
            d = base.merged(Dims(indicator_label=context_indicator)).merged(cd).merged(rd)
            if rd.period is not None and cd.period is not None:
                # A sub-period in the column under a year in the row label is rare; the
                # more specific (shorter) one wins.
                d.period = min((rd.period, cd.period), key=lambda p: (p.end - p.start))
            pv = parse_value(raw, percent_format=(r, c) in sheet.percent_cells)
            if pv.flag == "text":
                continue  # commentary, RAG words and the like: not values
            if d.period is None:
                skipped_no_period += 1
                continue
            label = d.indicator_label or context_indicator or ""
            measure = d.measure
            if not label:
                continue
            item = labels.setdefault((label, measure), TableLabel(label, measure))
            item.add(pv.value, pv.percent or (r, c) in sheet.percent_cells)
            area = d.area or ctx.default_area
            role = d.role or "la"
            if role == "la" and (d.area is None or classify_area(d.area) == "la" and d.area.lower() in _GENERIC_LA):
                area = ctx.default_area
            elif role in ("england",):
                area = "England"
            elif role == "neighbours":
                area = "Statistical neighbours"
            elif role == "target":
                area = "Target"
            note = " ".join(x for x in (pv.note, d.period.note) if x)
            obs = Observation(
                indicator=None,  # set below, once every value of the label has been seen
                label=label if measure is None else f"{label} ({measure})",
                area=area, area_role=role, period=d.period, value=pv.value, flag=pv.flag, note=note,
                file=ctx.file, sheet=ctx.sheet, cell=cell_ref(r, c), table=ctx.table,
            )
            key = (obs.label, area, role, r if row_axis != "period" else None, c if row_axis == "period" else None)
            series.setdefault(key, []).append((obs, pv.percent or (r, c) in sheet.percent_cells))
            res.observations.append(obs)
            placed.setdefault((label, measure), []).append(obs)

    # 6. What each label means, from its words, the table around it and its values.
    neighbours = tuple(dict.fromkeys(lab for lab, _ in labels))
    for key, item in labels.items():
        rec = recognise_in_table(ctx.catalogue, item, titles=list(block.titles) + list(ctx.titles),
                                 header=label_header, sheet=ctx.sheet, neighbours=neighbours)
        res.recognitions.append(rec)
        for obs in placed.get(key, ()):
            obs.indicator = rec.indicator_id
            if rec.indicator_id is None:
                res.unrecognised.append((obs.label, obs.cell))
        if rec.warning:
            res.warnings.append(f"'{item.label}' in {ctx.sheet}: {rec.warning}.")

    if skipped_no_period:
        res.warnings.append(f"{skipped_no_period} value(s) in {ctx.sheet} {cell_ref(r0, c0)}:{cell_ref(r1, c1)} "
                            "have no period that could be read; they were left out.")
    _fractions_to_percent(series, ctx, res)
    _link_counts(res.observations, ctx.catalogue)
    return res


_GENERIC_LA = {"our authority", "local authority", "la", "actual", "council", "this authority", "our la", "local",
               "total", "la total", "authority total", "whole authority"}
_AXIS_WORDS = {"indicator": "indicators", "unknown": "indicators", "period": "periods", "area": "areas", "measure": "measures",
               "none": "values"}


def match_title(catalogue: Catalogue, title: str | None) -> str | None:
    """The part of a title or sheet name that names an indicator, or None.

    Titles carry qualifiers ("Repeat plans: comparators", "Children on a plan, by
    district"), so the text before a colon, dash, comma or bracket is tried too.
    """
    if not title or len(title) > 200:
        return None
    parts = [title.strip()]
    for sep in (":", " - ", " – ", ",", "(", " by "):
        head = title.split(sep)[0].strip()
        if head and head not in parts:
            parts.append(head)
    for part in parts:
        if len(part) > 3 and catalogue.match(part):
            return part
    return None


def _apply(d: Dims, kind: str, what, raw) -> Dims:
    if kind == "period":
        return d.merged(Dims(period=what))
    if kind == "area":
        return d.merged(Dims(area=str(raw).strip(), role=what))
    if kind == "measure":
        return d.merged(Dims(measure=what))
    if kind == "indicator":
        return d.merged(Dims(indicator_label=what))
    return d


def _count_header_rows(rows, r0: int, r1: int, c0: int, c1: int) -> int:
    """Leading rows whose cells right of the first column are all header-like (at most 3)."""
    n = 0
    for r in range(r0, min(r1, r0 + 3) + 1):
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


def _label_columns(rows, body, c0: int, c1: int) -> list[int]:
    cols = []
    for c in range(c0, c1 + 1):
        text = numeric = 0
        numbering = 0
        for r in body:
            v = _cell(rows, r, c)
            if is_blank(v):
                continue
            if isinstance(v, str) and not _value_like(v) or parse_period(v) is not None and not isinstance(v, (int, float)):
                text += 1
            elif isinstance(v, str) and parse_period(v) is not None:
                text += 1
            else:
                numeric += 1
            if isinstance(v, (int, float, str)) and _NUMBERING_CELL.match(str(v).replace(".0", "") if isinstance(v, float) else str(v)):
                numbering += 1
        if text > numeric:
            cols.append(c)
        elif c == c0 and numbering and numbering == text + numeric and c < c1 and not cols:
            # a "1, 2, 3" numbering column in front of the labels
            cols.append(c)
        else:
            break
    # A numbering column is a label column that says nothing: drop it from the labels.
    return cols


def _column_dims(rows, sheet: SheetData, r0: int, n_header: int, data_cols: list[int], catalogue: Catalogue) -> dict[int, Dims]:
    dims: dict[int, Dims] = {c: Dims() for c in data_cols}
    for hr in range(r0, r0 + n_header):
        last = None
        fill_across = hr < r0 + n_header - 1  # upper header rows span the columns below them
        row_kinds: dict[str, int] = {}
        classified: dict[int, tuple[str, object, object]] = {}
        for c in data_cols:
            raw = _cell(rows, hr, c)
            if is_blank(raw) and fill_across and last is not None:
                raw = last
            elif not is_blank(raw):
                last = raw
            ctx_period = dims[c].period
            kind, what = _classify_text(raw, catalogue, ctx_period)
            classified[c] = (kind, what, raw)
            if kind != "blank":
                row_kinds[kind] = row_kinds.get(kind, 0) + 1
        majority = max(row_kinds, key=row_kinds.get) if row_kinds else None
        for c, (kind, what, raw) in classified.items():
            if kind == "unknown":
                if majority == "area":
                    kind, what = "area", "district"
                elif majority in ("indicator", "unknown", "measure"):
                    kind, what = "indicator", str(raw).strip()
            d = dims[c]
            if kind == "period" and d.period is not None and what.kind not in ("quarter", "month"):
                continue
            dims[c] = _apply(d, kind, what, raw)
    # A "Target" or "England" column with no period of its own belongs to the period
    # column on its left (the latest period of the table, usually).
    last_period = None
    for c in data_cols:
        d = dims[c]
        if d.period is not None:
            last_period = d.period
        elif d.area is not None and last_period is not None:
            d.period = last_period
    return dims


def _axis_name(col_dims: dict[int, Dims]) -> str:
    kinds = []
    if any(d.period for d in col_dims.values()):
        kinds.append("periods")
    if any(d.area for d in col_dims.values()):
        kinds.append("areas")
    if any(d.indicator_label for d in col_dims.values()):
        kinds.append("indicators")
    return " and ".join(kinds) or "values"


def _fractions_to_percent(series, ctx: Context, res: BlockResult) -> None:
    """A percentage indicator whose whole series is fractions (0.091) is read as 9.1%.

    Only when nothing says otherwise: cells formatted as percentages were already scaled,
    and a series with any value above 1 is in points already.
    """
    for (label, area, role, *_), items in series.items():
        obs0 = items[0][0]
        ind = ctx.catalogue.get(obs0.indicator) if obs0.indicator else None
        kind = ind.unit if ind else label_kind(normalise_label(label))
        if kind != "percent" or any(flagged for _, flagged in items):
            continue
        vals = [o.value for o, _ in items if o.value is not None]
        if not vals or max(vals) > 1 or min(vals) < 0:
            continue
        if not any(len(repr(v).split(".")[-1]) > 2 for v in vals if v != int(v)):
            continue
        for o, _ in items:
            if o.value is not None:
                o.value = round(o.value * 100, 10)
        res.warnings.append(f"'{label}' in {ctx.sheet} was written as fractions (e.g. {vals[0]:g}); read as percentages.")


def _link_counts(observations: list[Observation], catalogue: Catalogue) -> None:
    """Give each percentage the count and total beside it in the same table as numerator/denominator."""
    index = {(o.indicator, o.area, o.area_role, o.period): o for o in observations if o.indicator and o.value is not None}
    for o in observations:
        ind = catalogue.get(o.indicator) if o.indicator else None
        if not ind or ind.unit != "percent":
            continue
        key_tail = (o.area, o.area_role, o.period)
        if ind.numerator:
            num = index.get((ind.numerator, *key_tail))
            if num is not None:
                o.numerator = num.value
        if ind.denominator:
            den = index.get((ind.denominator, *key_tail))
            if den is not None:
                o.denominator = den.value
