"""Place every value cell of a block and account for every other cell.

The last steps of :func:`cpdesk.importing.layout.interpret_block`: each value cell gets its
indicator, area and period from its row, its column and the table (in that order of
precedence); describing columns and rows are read (a council's polarity, its RAG rating and
direction of travel, "YTD" / "R12M" data periods, commentary); a second figure written in a
cell ("1,580 (381.5 per 10,000)") is placed where it belongs; sub-rows become the numerator of
the percentage above them; counts beside percentages become their numerator and denominator.
Every non-blank cell ends in the block's ledger, and cells left out are named in a warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cpdesk.areas import classify_area
from cpdesk.breakdowns import breakdown_label, breakdown_of, dimension_name
from cpdesk.catalogue import label_kind, normalise_label
from cpdesk.importing.blocks import Block
from cpdesk.importing.header_words import (read_direction, read_period_type, read_polarity, read_rag)
from cpdesk.importing.two_figures import holds_two
from cpdesk.importing.layout import (BlockResult, Context, Dims, RowMeaning, Structure, axis_name, corner_text,
                                     indicator_for, recognise_label, table_context, _AXIS_WORDS, _cell)
from cpdesk.importing.workbook import SheetData
from cpdesk.observations import Observation, cell_ref
from cpdesk.periods import Period, apply_shapes, at_end, months_to, year_end, year_to_date
from cpdesk.recognition import Recognition, UnitEvidence
from cpdesk.values import is_blank, parse_value

_GENERIC_LA = {"our authority", "local authority", "la", "actual", "council", "this authority", "our la", "local",
               "total", "la total", "authority total", "whole authority"}
_DENOMINATOR_WORDS = re.compile(r"\b(?:total|out of|cohort|denominator|all children|of all|base|eligible)\b", re.I)
_RATE_WORDS = re.compile(r"10,?000|10k|\brate\b|per\s+\d", re.I)


def _unit_evidence(sheet: SheetData, st: Structure) -> str | None:
    """"percent" when most figures of the table are written or formatted as percentages."""
    pct = total = 0
    for r in st.body:
        for c in st.data_cols:
            raw = _cell(sheet.rows, r, c)
            if is_blank(raw):
                continue
            total += 1
            if (r, c) in sheet.percent_cells or isinstance(raw, str) and raw.strip().endswith(("%", "%*", "%**")):
                pct += 1
            if total >= 60:
                break
        if total >= 60:
            break
    return "percent" if total and pct * 2 > total else None


def _area_of(written: str | None, role: str | None, default_area: str) -> tuple[str, str]:
    area = written or default_area
    role = role or "la"
    if role == "la" and (written is None or classify_area(written) == "la" and written.lower() in _GENERIC_LA):
        area = default_area
    elif role == "england":
        area = "England"
    elif role == "neighbours":
        area = "Statistical neighbours"
    elif role == "target":
        area = "Target"
    return area, role


def _typed(p: Period, period_type: str | None) -> Period:
    """A period as a "Data period" column says it is counted (YTD, rolling 12 months, snapshot)."""
    if period_type == "ytd" and p.kind not in ("year", "ytd"):
        return year_to_date(p)
    if period_type == "rolling12" and p.kind in ("month", "quarter", "ytd", "snapshot"):
        return months_to(p, 12)
    if period_type == "snapshot" and p.kind in ("month", "quarter", "year"):
        return at_end(p)
    return p


def place_block(sheet: SheetData, block: Block, ctx: Context, st: Structure, col_dims: dict[int, Dims],
                row_dims: dict[int, RowMeaning], row_axis: str, res: BlockResult) -> None:
    """Place every value cell of a block into ``res`` and account for every other cell."""
    placer = _Placer(sheet, block, ctx, st, col_dims, row_dims, row_axis, res)
    placer.account_structure()
    for r in st.body:
        placer.place_row(r)
    placer.finish()


class _Placer:
    """The state of placing one block: the table's context, caches, and what was placed where."""

    def __init__(self, sheet: SheetData, block: Block, ctx: Context, st: Structure, col_dims: dict[int, Dims],
                 row_dims: dict[int, RowMeaning], row_axis: str, res: BlockResult):
        self.sheet, self.block, self.ctx, self.st = sheet, block, ctx, st
        self.col_dims, self.row_dims, self.row_axis, self.res = col_dims, row_dims, row_axis, res
        self.rows = sheet.rows
        self.ledger = res.ledger
        self.catalogue = ctx.catalogue
        self.tctx = tctx = table_context(block, ctx, _unit_evidence(sheet, st), corner_text(sheet, block, st))
        res.indicator_from = tctx.indicator_from
        res.layout = f"{_AXIS_WORDS.get(row_axis, row_axis)} down, {axis_name(col_dims)} across"
        # The title's measure words ("The average number of months...") only go with the title's
        # own indicator, not with columns and rows that name theirs.
        base = Dims(area=ctx.default_area, role="la").merged(Dims(period=tctx.dims.period, area=tctx.dims.area,
                                                                  role=tctx.dims.role, note=tctx.dims.note))
        self.col_base = {c: base.merged(col_dims[c]) for c in st.data_cols}
        self.period_type = self._period_types()
        self.evidence: dict[int, UnitEvidence] = {}   # per series (a row, or a column when periods run down), once
        # what recognition sees around each label: the titles, the corner header, the other labels
        self.around = _RecognitionContext(
            titles=tuple(dict.fromkeys(t for t in list(block.titles) + list(ctx.titles) if t)),
            header=" ".join(corner_text(sheet, block, st)), sheet=ctx.sheet,
            neighbours=tuple(dict.fromkeys(x for x in [m.dims.indicator_label for m in row_dims.values()]
                                           + [d.indicator_label for d in col_dims.values()]
                                           + [tctx.dims.indicator_label] if x)))
        self.kinds: dict[str, str | None] = {}
        self.indicators: dict[tuple, object] = {}
        self.cell_cache: dict[tuple, tuple] = {}
        self.at: dict[tuple[int, int], Observation] = {}
        self.series: dict[tuple, list[tuple[Observation, bool]]] = {}
        self.seconds: list[tuple[Observation, tuple[float, str], bool]] = []
        self.parts: list[tuple[int, int, str, Period | None, object]] = []   # numerator/denominator cells
        self._marked: bool | None = None
        self.pairs: list[tuple[Observation, Observation, str]] = []   # the two figures of one cell
        self.parts_said: set[str] = set()

    def table_marked(self) -> bool:
        """Whether any figure of the table is written with "%" or formatted as a percentage."""
        if self._marked is None:
            body, cols = self.st.body, self.st.data_cols
            marked = any(r in body and c in cols for r, c in self.sheet.percent_cells)
            for r in body if not marked else ():
                row = self.rows[r]
                width = len(row)
                if any(type(row[c]) is str and "%" in row[c] for c in cols if c < width):
                    marked = True
                    break
            self._marked = marked
        return self._marked

    # -- the cells that are not values ---------------------------------------------------
    def account_structure(self) -> None:
        """Header cells and label cells."""
        st, b = self.st, self.block
        for hr in range(b.r0, b.r0 + st.n_header):
            for c in range(b.c0, b.c1 + 1):
                if not is_blank(_cell(self.rows, hr, c)):
                    self.ledger.mark(hr, c, "header")
        for r in st.body:
            for c in st.label_cols + st.numbering_cols:
                if not is_blank(_cell(self.rows, r, c)):
                    self.ledger.mark(r, c, "label")

    def _period_types(self) -> dict[int, str]:
        """What a "Data period" column says about each row (read first: it changes periods)."""
        out: dict[int, str] = {}
        for r in self.st.body:
            for c, kind in self.st.desc_cols.items():
                if kind == "period_type":
                    t = read_period_type(_cell(self.rows, r, c))
                    if t:
                        out[r] = t
        return out

    # -- the rows ----------------------------------------------------------------------------
    def place_row(self, r: int) -> None:
        rm = self.row_dims[r]
        if rm.kind == "description":   # a "Polarity" or "RAG" row describes the columns' indicators
            for c in self.st.data_cols:
                raw = _cell(self.rows, r, c)
                if not is_blank(raw):
                    self.ledger.mark(r, c, "description")
                    _describe(self.res, rm.description, raw,
                              self.col_dims[c].indicator_label or self.tctx.dims.indicator_label or "", r, c,
                              self.catalogue)
            return
        for c in self.st.data_cols:
            raw = _cell(self.rows, r, c)
            if is_blank(raw):
                continue
            if rm.kind != "data":
                self.ledger.leave_out(r, c, raw, "a row with no label")
                continue
            self.place_cell(r, c, raw, rm)

    def cell_period(self, r: int, rd: Dims, cd: Dims, cb: Dims) -> Period | None:
        """Row over column over the table's; a shorter sub-period wins; shape words applied."""
        if rd.period is not None and cd.period is not None:
            period = min((rd.period, cd.period), key=lambda p: (p.end - p.start))
        else:
            period = rd.period or cd.period or self.tctx.dims.period
            if period is None and cb.beside is not None:
                period = year_end(cb.beside)
        shapes = cb.shapes + rd.shapes if rd.shapes else cb.shapes
        if period is not None and shapes:
            period = apply_shapes(period, [s for s in shapes if s != "beside_right"])
        if period is not None and r in self.period_type:
            period = _typed(period, self.period_type[r])
        return period

    def cell_indicator(self, r: int, c: int, rm: RowMeaning, label: str, measure: str | None):
        """The catalogue indicator (or None) for a cell's label, with its series' evidence."""
        series_key = c if self.row_axis == "period" else r
        fast = (series_key, label, measure)
        if fast in self.cell_cache:   # the same label and measure along one series: decided once
            return self.cell_cache[fast]
        seen = self.evidence.get(series_key)
        if seen is None:
            seen = self.evidence[series_key] = _series_evidence(self.sheet, self.st, self.row_axis == "period",
                                                                series_key, self.table_marked)
        key = (label, measure, seen)
        if key not in self.indicators:
            self.indicators[key] = _indicator_with_evidence(self.catalogue, label, measure, seen, self.around, self.res)
        ind = self.indicators[key]
        own_label = rm.dims.indicator_label
        if rm.parent is not None and own_label and own_label == label:
            parent = self.row_dims[rm.parent]
            ind, label = _sub_row_indicator(self.catalogue, self.indicators, ind, label, measure,
                                            parent.dims.indicator_label or parent.label)
        self.cell_cache[fast] = (ind, label)
        return ind, label

    def place_cell(self, r: int, c: int, raw, rm: RowMeaning) -> None:
        rd, cd, cb = rm.dims, self.col_dims[c], self.col_base[c]
        ledger = self.ledger
        period = self.cell_period(r, rd, cd, cb)
        pv = parse_value(raw, percent_format=(r, c) in self.sheet.percent_cells)
        if pv.value is not None:
            self.res.numbers += 1
        if cd.part is not None and pv.value is not None and rd.indicator_label:
            self.parts.append((r, c, cd.part, period, pv.value))
            return
        if pv.flag == "text":
            ledger.leave_out(r, c, raw, "text where a figure was expected")
            return
        if period is None:
            ledger.leave_out(r, c, raw, "no period in its column, its row or the table's title")
            return
        label = rd.indicator_label or cb.indicator_label
        measure = rd.measure or cb.measure
        if pv.note and pv.extra is None and _RATE_WORDS.search(pv.note):
            measure = "rate"   # "308.8 per 10,000" in a row named by its count
        if not label:
            label = self.tctx.dims.indicator_label or ""
            measure = measure or self.tctx.dims.measure
        breakdown = rd.breakdown or cd.breakdown
        if rd.breakdown and cd.breakdown:
            breakdown = f"{rd.breakdown} — {cd.breakdown}"   # "Neglect — Female"
        if not label and not breakdown:
            ledger.leave_out(r, c, raw, "no indicator in its row, its column or the table's title")
            return
        if rm.parent is not None and rd.indicator_label and measure is None:
            measure = "count" if pv.value is not None and float(pv.value).is_integer() and not pv.percent else None
        if breakdown:
            # a part of the indicator ("Neglect"), never the indicator itself nor a place
            ind, label = None, self.breakdown(label, breakdown)
        else:
            ind, label = self.cell_indicator(r, c, rm, label, measure)
        area, role = _area_of(rd.area or cb.area, rd.role or cb.role, self.ctx.default_area)
        note = pv.note
        if period.note or rd.note or cb.note:
            note = " ".join(x for x in (pv.note, period.note, cb.note, rd.note) if x)
        header_measure = rd.measure or cd.measure
        if header_measure is not None:
            if label not in self.kinds:
                self.kinds[label] = label_kind(normalise_label(label))
            if self.kinds[label] != header_measure:
                label = f"{label} ({header_measure})"   # "Repeat plans" over "No." and "%" are two series
        ctx = self.ctx
        obs = Observation(indicator=ind.id if ind else None, label=label, area=area, area_role=role, period=period,
                          value=pv.value, flag=pv.flag, note=note, file=ctx.file, sheet=ctx.sheet,
                          cell=cell_ref(r, c), table=ctx.table)
        ledger.mark(r, c, "value" if pv.value is not None else "flag")
        self.at[(r, c)] = obs
        down = self.row_axis == "period"
        skey = (obs.label, area, role, None if down else r, c if down else None)
        self.series.setdefault(skey, []).append((obs, pv.percent or (r, c) in self.sheet.percent_cells))
        self.res.observations.append(obs)
        second = holds_two(rm.split, pv) if rm.split is not None else None
        if second is not None:
            # the cell as written, not "(9)" as if it were a footnote mark
            obs.note = " ".join(x for x in (" ".join(str(raw).split()), period.note, cb.note, rd.note) if x)
            self.place_second(r, obs, rm, second)
        elif pv.extra is not None:
            self.seconds.append((obs, pv.extra, pv.percent))

    def breakdown(self, whole: str, part: str) -> str:
        """The label of a part of the indicator ("Children on a CP plan — Neglect"), said once why
        it is kept local."""
        label = breakdown_label(whole, part)
        if label not in self.parts_said:
            self.parts_said.add(label)
            what = f"'{breakdown_label(whole, '').rstrip(' —')}'" if whole else "the table's figures"
            dims = [dimension_name(d) for d in dict.fromkeys(breakdown_of(x) for x in part.split(" — ")) if d]
            by = f" by {' and '.join(dims)}" if dims else ""
            self.res.recognitions.append(Recognition(label, "local", note=(
                f"a breakdown: one part of {what}{by}, never the indicator itself nor an area")))
        return label

    def place_second(self, r: int, first: Observation, rm: RowMeaning, second: tuple[float, bool]) -> None:
        """The second figure of a cell whose label names two ("61 (12)" under "X (of which Y)"):
        the bracket's figure, recognised on its own words and figures."""
        split = rm.split
        seen = self.evidence.get(("second", r))
        if seen is None:
            seen = self.evidence[("second", r)] = _second_evidence(self.rows, self.st, r, split)
        key = (split.second, split.second_measure, seen)
        if key not in self.indicators:
            self.indicators[key] = _indicator_with_evidence(self.catalogue, split.second, split.second_measure, seen,
                                                            self.around, self.res)
        ind = self.indicators[key]
        obs = Observation(indicator=ind.id if ind else None, label=split.second, area=first.area,
                          area_role=first.area_role, period=first.period, value=second[0], note=first.note,
                          file=first.file, sheet=first.sheet, cell=first.cell, table=first.table)
        self.res.observations.append(obs)
        self.pairs.append((first, obs, rm.label))

    # -- after every cell --------------------------------------------------------------------
    def finish(self) -> None:
        res, catalogue = self.res, self.catalogue
        _link_parts(self.parts, self.at, self.ctx, catalogue, self.ledger, res)
        _check_pairs(self.pairs, self.ctx, res)
        res.has_period = bool(self.tctx.dims.period or any(d.period for d in self.col_dims.values())
                              or any(m.dims.period for m in self.row_dims.values()))
        _read_describing_columns(self.sheet, self.st, self.row_dims, self.at, res, catalogue)
        _fractions_to_percent(self.series, self.ctx, res)
        _second_figures(self.seconds, self.ctx, res)
        _sub_rows(self.st, self.row_dims, self.at, catalogue)
        _link_counts(res.observations, catalogue)
        for obs in res.observations:
            if obs.indicator is None:
                res.unrecognised.append((obs.label, obs.cell))


def _second_evidence(rows, st: Structure, r: int, split) -> UnitEvidence:
    """What the second figures of one row look like ("12", "15" of "61 (12)", "58 (15)")."""
    values, shown = [], []
    for c in st.data_cols:
        raw = _cell(rows, r, c)
        if isinstance(raw, str):
            second = holds_two(split, parse_value(raw))
            if second is not None:
                values.append(second[0])
                shown.append(second[1])
    return UnitEvidence.from_values(values, shown)


def _check_pairs(pairs, ctx: Context, res: BlockResult) -> None:
    """Two figures of one cell can never be the same indicator: when both read as one, neither
    is placed (both stay local) and a warning says so."""
    said: set[str] = set()
    for first, second, label in pairs:
        if first.indicator is None or first.indicator != second.indicator:
            continue
        if label not in said:
            said.add(label)
            res.warnings.append(f"'{label.strip()}' in {ctx.sheet}: its cells hold two figures (e.g. {first.cell} "
                                f"'{first.note}') that both read as {first.indicator}; both are kept as local "
                                "indicators until you say what they are.")
        first.indicator = second.indicator = None


def _link_parts(parts, at: dict, ctx: Context, catalogue, ledger, res: BlockResult) -> None:
    """"Numerator" and "Denominator" columns complete the percentage in their row (same period,
    or the row's only one); with no percentage to complete, they stay figures of their own."""
    for r, c, part, period, value in parts:
        row = [o for (rr, _), o in at.items() if rr == r]
        pcts = [o for o in row if (catalogue.get(o.indicator).unit if o.indicator and catalogue.get(o.indicator)
                                   else label_kind(normalise_label(o.label))) == "percent"]
        same = [o for o in pcts if period is None or o.period == period] or (pcts if len({o.period for o in pcts}) == 1
                                                                            else [])
        if same:
            for o in same:
                setattr(o, part, value)
            ledger.mark(r, c, "value")
            continue
        label = (row[0].label if row else "") or f"row {r + 1}"
        if period is None:
            ledger.leave_out(r, c, value, f"a {part} with no percentage beside it and no period")
            continue
        obs = Observation(indicator=None, label=f"{label} ({part})", area=ctx.default_area, area_role="la",
                          period=period, value=float(value), file=ctx.file, sheet=ctx.sheet, cell=cell_ref(r, c),
                          table=ctx.table)
        res.observations.append(obs)
        ledger.mark(r, c, "value")


def _sub_row_indicator(catalogue, cache: dict, ind, label: str, measure: str | None, parent_label: str | None):
    """What a sub-row ("   number of children", "of which ...") counts: unless its own words
    name an indicator exactly, the numerator of the percentage above it; an unrecognised one is
    named after the row above ("% re-plans: number of children")."""
    if not parent_label or parent_label == label:
        return ind, label
    own = recognise_label(catalogue, label, unit=measure)
    if own.indicator_id and own.top.score >= 0.95:   # its own words name an indicator outright
        return ind, label
    pkey = (parent_label, None, None)
    if pkey not in cache:
        cache[pkey] = indicator_for(catalogue, parent_label, None)
    parent_ind = cache[pkey]
    if parent_ind is not None and parent_ind.unit == "percent" and measure == "count" \
            and not _DENOMINATOR_WORDS.search(label):
        numerator = catalogue.get(parent_ind.numerator) if parent_ind.numerator else None
        numerator = numerator or indicator_for(catalogue, parent_label, "count")
        if numerator is not None:
            return numerator, label
    if ind is None:
        return None, f"{parent_label}: {label.strip()}"
    return ind, label


@dataclass(frozen=True)
class _RecognitionContext:
    titles: tuple[str, ...]
    header: str
    sheet: str
    neighbours: tuple[str, ...]


def _series_evidence(sheet: SheetData, st: Structure, down: bool, key: int, table_marked=None) -> UnitEvidence:
    """What one series' figures look like (shown as percentages, fractions, decimals, whole
    numbers above 100; whole numbers where the rest of the table writes percentages with
    "%"). A series is a row, or a column when periods run down. ``table_marked()`` says
    whether the table has percentage marks (asked only for a series of unmarked whole numbers)."""
    cells = ((r, key) for r in st.body) if down else ((key, c) for c in st.data_cols)
    values, shown = [], []
    for r, c in cells:
        raw = _cell(sheet.rows, r, c)
        if type(raw) is float or type(raw) is int:
            pct = (r, c) in sheet.percent_cells
            values.append(raw * 100 if pct else raw)
            shown.append(pct)
            continue
        if is_blank(raw):
            continue
        pv = parse_value(raw)
        if pv.value is None:
            continue
        if isinstance(raw, str) and pv.extra is None and _RATE_WORDS.search(raw):
            continue   # "308.8 per 10,000" says itself what it is; it is no evidence about the label
        values.append(pv.value)
        shown.append(pv.percent)
    marked = (table_marked is not None and len(values) >= 2 and not any(shown)
              and all(float(v).is_integer() for v in values) and table_marked())
    return UnitEvidence.from_values(values, shown, marked_table=marked)


def _indicator_with_evidence(catalogue, label: str, measure: str | None, seen: UnitEvidence | None,
                             around: _RecognitionContext, res: BlockResult):
    """The indicator a label means, from its words, the table around it and what its figures
    look like (:mod:`cpdesk.recognition`); None unless recognised. The answer is kept in
    ``res.recognitions`` (suggestions and warnings are reported per file)."""
    rec = recognise_label(catalogue, label, context=around.titles, unit=measure, evidence=seen,
                          neighbours=around.neighbours, header=around.header, sheet=around.sheet)
    res.recognitions.append(rec)
    if rec.warning:
        res.warnings.append(f"'{label}' in {around.sheet}: {rec.warning}.")
    return catalogue.get(rec.indicator_id) if rec.indicator_id else None


def _describe(res: BlockResult, kind: str | None, raw, label: str, r: int, c: int, catalogue, indicator=None) -> None:
    text = " ".join(str(raw).split())
    res.descriptions.append({"label": label, "indicator": indicator, "kind": kind or "description", "text": text,
                             "cell": cell_ref(r, c)})
    if kind == "polarity" and label:
        pol = read_polarity(text)
        ind = catalogue.get(indicator) if indicator and catalogue is not None else None
        if pol and ind is None:
            res.polarity.setdefault(label, pol)
        elif pol and ind is not None and pol != ind.polarity and pol != "none":
            res.warnings.append(f"{cell_ref(r, c)}: the table says '{text}' for '{label}'; cpdesk judges "
                                f"{ind.name} as {ind.polarity} is better (change it under Targets and polarity).")


def _read_describing_columns(sheet: SheetData, st: Structure, row_dims: dict[int, RowMeaning],
                             at: dict[tuple[int, int], Observation], res: BlockResult, catalogue) -> None:
    """Polarity, RAG, direction of travel and the rest, row by row.

    A council's RAG word and direction go in the note of the row's latest figure of the
    authority's own, so they show beside cpdesk's own judgement.
    """
    rows = sheet.rows
    if not st.desc_cols:
        return
    for r in st.body:
        row_obs = [at[(r, c)] for c in st.data_cols if (r, c) in at]
        own = [o for o in row_obs if o.area_role == "la"]
        latest = max(own, key=lambda o: (o.period.end, o.period.end - o.period.start)) if own else None
        label = (row_obs[0].label if row_obs else row_dims[r].dims.indicator_label) or row_dims[r].label
        indicator = row_obs[0].indicator if row_obs else None
        for c, kind in st.desc_cols.items():
            raw = _cell(rows, r, c)
            if is_blank(raw):
                continue
            res.ledger.mark(r, c, "description")
            _describe(res, kind, raw, label or "", r, c, catalogue, indicator)
            text = " ".join(str(raw).split())
            if kind == "rag" and latest is not None:
                word = read_rag(text) or text
                latest.note = " ".join(x for x in (latest.note, f"council RAG: {word}") if x)
            elif kind == "direction" and latest is not None:
                word = read_direction(text) or text
                latest.note = " ".join(x for x in (latest.note, f"council direction: {word}") if x)


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


def _second_figures(seconds, ctx: Context, res: BlockResult) -> None:
    """A second figure in a cell: "1,580 (381.5 per 10,000)" gives the rate where the catalogue
    has one; "20% (950)" the numerator; "32 = 20.4%" of a percentage its value and numerator.
    Whatever has no place stays in the note, which keeps the cell as written."""
    catalogue = ctx.catalogue
    for obs, (num, words), first_is_pct in seconds:
        ind = catalogue.get(obs.indicator) if obs.indicator else None
        unit = ind.unit if ind else label_kind(normalise_label(obs.label))
        if _RATE_WORDS.search(words):
            base = obs.label
            rate = None
            for text in (f"{base} rate per 10,000", f"rate of {base} per 10,000", f"{base} per 10,000"):
                rate = indicator_for(catalogue, text, "rate")
                if rate is not None:
                    break
            if rate is not None and rate.id != obs.indicator:
                res.observations.append(Observation(
                    indicator=rate.id, label=f"{obs.label} (rate per 10,000)", area=obs.area, area_role=obs.area_role,
                    period=obs.period, value=num, note=obs.note, file=obs.file, sheet=obs.sheet, cell=obs.cell,
                    table=obs.table))
        elif words.startswith("%"):
            if unit == "percent" and not first_is_pct:
                obs.numerator, obs.value = obs.value, num
        elif unit == "percent" and first_is_pct and words.lower() in ("", "children", "cases", "plans", "of"):
            obs.numerator = num
        elif words.startswith("/") and words[1:].strip().replace(",", "").replace(".", "", 1).isdigit():
            # "6.5% (19/291)": the numerator and denominator behind a percentage
            den = float(words[1:].strip().replace(",", ""))
            if unit == "percent" or first_is_pct:
                obs.numerator, obs.denominator = num, den
        elif words.lower().startswith(("of", "out of")):
            if unit == "percent" and num:
                obs.numerator, obs.denominator = obs.value, num
                obs.value = round(100 * obs.value / num, 10) if obs.value is not None else None
            else:
                obs.denominator = num


def _sub_rows(st: Structure, row_dims: dict[int, RowMeaning], at: dict[tuple[int, int], Observation], catalogue) -> None:
    """A count under a percentage ("of which", indented, or a bare "No." row) is its numerator."""
    for r in st.body:
        parent = row_dims[r].parent
        if parent is None:
            continue
        for c in st.data_cols:
            child, above = at.get((r, c)), at.get((parent, c))
            if child is None or above is None or child.value is None:
                continue
            above_ind = catalogue.get(above.indicator) if above.indicator else None
            above_unit = above_ind.unit if above_ind else label_kind(normalise_label(above.label))
            child_ind = catalogue.get(child.indicator) if child.indicator else None
            child_unit = child_ind.unit if child_ind else ("count" if float(child.value).is_integer() else None)
            if above_unit != "percent" or child_unit != "count":
                continue
            if _DENOMINATOR_WORDS.search(row_dims[r].label or ""):
                if above.denominator is None:
                    above.denominator = child.value
            elif above.numerator is None:
                above.numerator = child.value


def _link_counts(observations: list[Observation], catalogue) -> None:
    """Give each percentage the count and total beside it in the same table as numerator/denominator."""
    index = {(o.indicator, o.area, o.area_role, o.period): o for o in observations if o.indicator and o.value is not None}
    for o in observations:
        ind = catalogue.get(o.indicator) if o.indicator else None
        if not ind or ind.unit != "percent":
            continue
        key_tail = (o.area, o.area_role, o.period)
        if ind.numerator and o.numerator is None:
            num = index.get((ind.numerator, *key_tail))
            if num is not None:
                o.numerator = num.value
        if ind.denominator and o.denominator is None:
            den = index.get((ind.denominator, *key_tail))
            if den is not None:
                o.denominator = den.value


__all__ = ["place_block"]
