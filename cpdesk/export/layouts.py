"""The committee table layouts (trend, areas, scorecard), laid out from ``resources/layouts.json``.

Qt-free. :func:`build_paper` takes the observations and a :class:`LayoutChoice` and returns a
:class:`~cpdesk.export.paper.Paper` of one or more tables with their notes, the charts to
place (when asked for), summary sentences and definitions (for a whole draft paper).

- **trend**: indicators down; the last N periods across (years, quarters, months …), a
  year-to-date column where the data has one; then each chosen comparator for the latest
  period it has a figure for, the target, and the judgements (comparator, target, direction).
  Commentary sits under its indicator's row.
- **areas**: one table per indicator; the authority, its comparators and other areas in the
  data (districts) down, the last N periods across.
- **scorecard**: indicators down; per recent year England, neighbours, plan and actual under a
  merged year header; the latest year's quarters; RAG against the plan, direction and
  commentary as columns.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from cpdesk.catalogue import Catalogue, default_catalogue
from cpdesk.errors import CpdeskError
from cpdesk.export.committee_table import (SHORTHAND, Fact, Note, _source_line, default_threshold, format_number,
                                           ogl_attribution)
from cpdesk.export.figures import COMPARATOR_ROLES, Figure, FigureBook, PeriodInfo, previous_figure
from cpdesk.export.palette import load_palette
from cpdesk.export.paper import ChartRef, Paper, PaperCell, PaperColumn, PaperRow, PaperTable
from cpdesk.judgements import direction, small_numbers, vs_comparator, vs_target
from cpdesk.observations import NATIONAL_TABLE
from cpdesk.resources import resource

LAYOUTS = ("trend", "areas", "scorecard")
_FLAG_TEXT = {"c": "[c]", "low": "[c]", "x": "[x]", "z": "[z]", "tbc": "TBC"}
_PROVISIONAL = re.compile(r"provisional|\(p\)|\bprov\b", re.I)


@lru_cache(maxsize=1)
def layout_specs() -> dict[str, dict]:
    """The layouts as data (``resources/layouts.json``)."""
    return json.loads(resource("layouts.json").read_text(encoding="utf-8"))["layouts"]


@dataclass
class LayoutChoice:
    """What the user chose. None means the layout's default (from ``resources/layouts.json``)."""

    layout: str = "trend"
    area: str | None = None
    periods: int | None = None               # how many periods across
    kind: str | None = None                  # year, quarter, month, snapshot … (default: the data's main kind)
    latest: str | None = None                # the last period to show (default: the latest in the data)
    comparators: list[str] | None = None     # roles or area names shown as columns
    compare: str | None = None               # the comparator judged against (default: the first shown)
    indicators: list[str] | None = None
    commentary: dict[str, str] = field(default_factory=dict)
    targets: dict[str, float] = field(default_factory=dict)
    threshold: int | None = None
    charts: bool = False
    whole_paper: bool = False
    title: str | None = None
    produced: dt.date | None = None
    labels: str = "as_written"               # row labels: as the user's files write them, or "catalogue"
    judgements: list[str] | None = None      # vs_comparator, vs_target, direction (default: the layout's)
    transpose: bool = False                  # trend: periods down, indicators across (Warwickshire table 5)


def build_paper(obs: pd.DataFrame, choice: LayoutChoice | None = None, *, catalogue: Catalogue | None = None) -> Paper:
    """Lay the observations out as a committee paper in the chosen layout."""
    choice = choice or LayoutChoice()
    if choice.layout not in LAYOUTS:
        raise CpdeskError(f"unknown layout '{choice.layout}': choose {', '.join(LAYOUTS)}.")
    catalogue = catalogue or default_catalogue()
    if obs is None or obs.empty:
        raise CpdeskError("there are no figures to lay out.")
    book = FigureBook(obs, catalogue, choice.area)
    keys = _keys(book, choice)
    if not keys:
        raise CpdeskError(f"no indicator has a value for {book.area}.")
    threshold = int(choice.threshold if choice.threshold is not None else default_threshold())
    spec = layout_specs()[choice.layout]

    def build(suppressed: frozenset) -> Paper:
        builder = _Builder(book, choice, spec, keys, suppressed, obs)
        return builder.paper(threshold, build)

    return build(frozenset())


def _keys(book: FigureBook, choice: LayoutChoice) -> list[str]:
    have = book.local_keys()
    if choice.indicators:
        return [k for k in choice.indicators if k in have]
    # a paper is about the user's own table: the built-in figures fill in beside it, they add no rows
    return book.own_keys() or have


class _Builder:
    def __init__(self, book: FigureBook, choice: LayoutChoice, spec: dict, keys: list[str], suppressed, obs):
        self.book, self.choice, self.spec, self.keys = book, choice, spec, keys
        self.suppressed = suppressed
        self.obs = obs
        self.palette = load_palette()
        self.facts: dict[tuple, Fact] = {}
        self.general: list[str] = []
        self.shown_sources: list[Figure] = []
        self.judged: list[tuple[str, str | None, str | None, str | None]] = []   # key, vs comp, vs target, direction
        self._own: dict | None = None

    # -- the paper ---------------------------------------------------------------------
    def paper(self, threshold: int, rebuild) -> Paper:
        layout = self.choice.layout
        tables = getattr(self, f"_{layout}")()
        if not any(t.rows for t in tables):
            raise CpdeskError(f"no figures for {self.book.area} in the chosen periods.")
        area = self.book.area
        shows_national = any(f.national for f in self.shown_sources)
        source = _source_line(pd.DataFrame({"source": [f.source for f in self.shown_sources if not f.national]}),
                              shows_national)
        periods = list(dict.fromkeys(p for t in tables for p in getattr(t, "_periods", [])))
        paper = Paper(title=self.choice.title or f"Child protection performance: {area}", layout=layout, area=area,
                      tables=tables, general_notes=[], source=source, produced=self.choice.produced or dt.date.today(),
                      facts=self.facts, threshold=threshold, suppressed=frozenset(self.suppressed),
                      periods=periods, comparator=self._compare_name(), whole_paper=self.choice.whole_paper,
                      rebuild_with=rebuild)
        paper.general_notes = self._general_notes(paper)
        if self.choice.charts or self.choice.whole_paper:
            paper.charts = self._charts()
        paper.summary_sentences = summary_sentences(self.judged, self.book, self._compare_name())
        paper.definitions = [(self.book.name(k), self.book.indicator(k).definition) for k in self.keys
                             if self.book.indicator(k) is not None and self.book.indicator(k).definition]
        return paper

    # -- shared pieces -----------------------------------------------------------------
    def _unit(self, key):
        ind = self.book.indicator(key)
        return ind.unit if ind else ""

    def _decimals(self, key, fig: Figure | None = None):
        ind = self.book.indicator(key)
        if ind:
            return ind.decimals
        if fig is not None and fig.value is not None and float(fig.value).is_integer():
            return 0
        return 1

    def _polarity(self, key):
        ind = self.book.indicator(key)
        return ind.polarity if ind else "none"

    def _row_label(self, key, periods=None):
        """The row's label as the user's files write it (for the table's own periods when they differ).

        A label written the same way for every period is used as it is; when tables word it
        differently ("… ever (national indicator)" in one, "… ever" in another), the wording
        used most for the periods this table shows; the catalogue's name when the files give none.
        """
        ind = self.book.indicator(key)
        if self.choice.labels == "as_written":
            own = self._own_labels(key)
            if own is not None and len(own):
                counts = own["label"].value_counts(sort=False)
                if len(counts) > 1 and periods:
                    in_table = own.loc[own["period"].isin(list(periods)), "label"].value_counts(sort=False)
                    counts = in_table if len(in_table) else counts
                if len(counts):
                    return str(counts.idxmax())
        return ind.name if ind else self.book.name(key)

    def _own_labels(self, key):
        """The user's own observations of ``key`` for the local area (label and period), or None."""
        if self._own is None:
            sel = self.obs[(self.obs["area"] == self.book.area) & (self.obs["table"] != NATIONAL_TABLE)]
            keys = sel["indicator"].where(sel["indicator"].notna(), "label:" + sel["label"].astype(str))
            self._own = {k: g[["label", "period"]] for k, g in sel.assign(_key=keys).groupby("_key", sort=False)}
        return self._own.get(key)

    def _fact(self, who_area: str, key: str, fig: Figure) -> tuple:
        ind = self.book.indicator(key)
        fact = Fact(who_area, key, self.book.name(key), fig.period, self._unit(key), fig.value, fig.numerator,
                    fig.denominator, fig.start, fig.end, fig.kind, ind.numerator if ind else None,
                    ind.denominator if ind else None)
        self.facts.setdefault(fact.id, fact)
        return fact.id

    def _cell(self, key: str, fig: Figure | None, *, fact_area: str | None = None, empty: str = "[x]") -> PaperCell:
        """A number cell for ``fig``; ``fact_area`` registers it for the disclosure check."""
        unit = self._unit(key)
        if fig is None:
            return PaperCell(empty, shorthand="x" if empty == "[x]" else None)
        fact = self._fact(fact_area, key, fig) if fact_area is not None and fig.value is not None else None
        if fact is not None and fact in self.suppressed:
            return PaperCell("[c]", shorthand="c", fact=fact)
        if fig.value is None:
            text = _FLAG_TEXT.get((fig.flag or "").lower(), "[x]")
            if text == "TBC":    # said in words, and a note says which figure is to be confirmed
                return PaperCell(text)
            return PaperCell(text, shorthand={"[c]": "c", "[z]": "z"}.get(text, "x"))
        self.shown_sources.append(fig)
        d = self._decimals(key, fig)
        return PaperCell(format_number(fig.value, unit or "number", d), value=fig.value,
                         decimals=0 if unit == "count" else d, fact=fact)

    def _state(self, state: str | None, hidden: bool = False) -> PaperCell:
        if hidden:
            return PaperCell("[c]", kind="state", shorthand="c")
        if not state:
            return PaperCell("", kind="state")
        style = self.palette.state(state)
        return PaperCell(style.label, kind="state", state=state)

    def _hidden(self, key, fig: Figure | None) -> bool:
        return fig is not None and (self.book.area, key, fig.period) in self.suppressed

    def _compare_role(self) -> str | None:
        if self.choice.compare:
            return self.choice.compare
        comps = self._comparators()
        return comps[0] if comps else None

    def _compare_name(self) -> str:
        role = self._compare_role()
        return self._who_name(role) if role else ""

    def _comparators(self) -> list[str]:
        """The comparators shown: the choice's, else the layout's, with the one judged against added when missing."""
        if self.choice.comparators is not None:
            return list(self.choice.comparators)
        comps = list(self.spec["comparators"])
        if self.choice.compare and self.choice.compare != "target" and self.choice.compare not in comps:
            comps.append(self.choice.compare)
        return comps

    def _who(self, comp: str):
        return comp if comp in COMPARATOR_ROLES or comp == "target" else ("area", comp)

    def _who_name(self, comp: str) -> str:
        return self.book.role_name(comp) if comp in COMPARATOR_ROLES or comp == "target" else comp

    def _target(self, key: str, period: str) -> Figure | None:
        fig = self.book.covering("target", key, period)
        if fig is None and key in self.choice.targets:
            info = self.book.periods.get(period)
            if info is not None:
                fig = Figure(float(self.choice.targets[key]), None, None, None, "", "target set in cpdesk", period,
                             info.label, info.kind, info.start, info.end, info.partial, "Target", False)
        return fig

    def _periods_across(self, keys, n_default: dict, kind: str | None = None
                        ) -> tuple[list[PeriodInfo], PeriodInfo | None]:
        """The last N full periods of the chosen kind, and a year-to-date period after them if the data has one."""
        kind = kind or self.choice.kind or self.book.main_kind(keys)
        full = self.book.local_periods(keys, kind=kind, partial=False) or self.book.local_periods(keys, kind=kind)
        last_end = self._last_end(keys)
        if last_end is not None:
            full = [p for p in full if p.end <= last_end]
        n = self.choice.periods or n_default.get(kind, 5)
        shown = full[-n:] if n > 0 else full
        ytd = None
        if self.spec.get("year_to_date") and shown:
            after = [p for p in self.book.local_periods(keys, partial=True)
                     if p.end > shown[-1].end and p.kind in ("ytd", kind)]
            if last_end is not None:
                after = [p for p in after if p.end <= last_end]
            ytd = after[-1] if after else None
        return shown, ytd

    def _last_end(self, keys) -> pd.Timestamp | None:
        """Where the periods across stop: the chosen latest period, else the user's own latest figure.

        None when neither applies (only built-in figures): the latest period in the data.
        """
        if self.choice.latest:
            last = self.book.periods.get(self.choice.latest) or next(
                (p for p in self.book.periods.values() if p.label == self.choice.latest), None)
            if last is None:
                raise CpdeskError(f"no values for period '{self.choice.latest}'.")
            return last.end
        return self.book.own_end(keys)

    def _notes_for(self, key: str, figs: list[Figure], notes: dict[str, int]) -> list[int]:
        refs = []
        name = self.book.name(key)
        for fig in figs:
            if fig is None:
                continue
            texts = []
            if (fig.flag or "").lower() == "tbc":
                texts.append(f"{name}: the figure for {fig.label} is to be confirmed.")
            note = fig.note.strip()
            if note and re.search(r"[A-Za-z]{3,}", note) and not note.startswith("Differs from"):
                texts.append(f"{name}, {fig.label}: {note}" if not _PROVISIONAL.fullmatch(note) else
                             f"Figures for {fig.label} are provisional and may be revised.")
            if fig.value is not None and self._unit(key) == "percent" and fig.denominator and small_numbers(
                    fig.denominator, 30) and (self.book.area == fig.area):
                texts.append(f"{name}, {fig.label}: based on {fig.denominator:,.0f} children, so one child more or "
                             f"fewer changes it by about {100 / fig.denominator:.1f} percentage points.")
            for t in texts:
                n = notes.setdefault(t, len(notes) + 1)
                if n not in refs:
                    refs.append(n)
        return refs

    # -- trend -------------------------------------------------------------------------
    def _trend(self) -> list[PaperTable]:
        """One table, or one per kind of period when indicators are reported by different kinds (years, quarters)."""
        if self.choice.transpose:
            return [self._transposed(t) for t in self._trend_by_kind()]
        return self._trend_by_kind()

    def _trend_by_kind(self) -> list[PaperTable]:
        if self.choice.kind:
            return [self._trend_table(self.keys, self.choice.kind)]
        # a table per kind of period the user's files give (Wokingham: the last four quarters, and the years)
        by_kind: dict[str, list[str]] = {}
        for key in self.keys:
            for kind in self.book.own_kinds(key) or [self.book.main_kind([key])]:
                by_kind.setdefault(kind, []).append(key)
        main = self.book.main_kind(self.keys)
        kinds = sorted(by_kind, key=lambda k: (k != main, -len(by_kind[k])))
        return [t for k in kinds for t in [self._trend_table(by_kind[k], k)] if t.rows]

    def _transposed(self, table: PaperTable) -> PaperTable:
        """Periods down, indicators across: only the period columns are kept."""
        period_cols = [i for i, c in enumerate(table.columns) if c.key.startswith("p:")]
        rows = [PaperRow(table.columns[i].key[2:], table.columns[i].header, [r.cells[i] for r in table.rows])
                for i in period_cols]
        columns = [PaperColumn(f"i:{r.key}", r.label_with_notes) for r in table.rows]
        out = PaperTable(table.caption, "Period", columns, rows, table.notes)
        out._periods = table._periods
        return out

    def _trend_table(self, keys: list[str], kind: str) -> PaperTable:
        shown, ytd = self._periods_across(keys, self.spec["periods"], kind)
        across = shown + ([ytd] if ytd else [])
        comps = self._comparators()
        compare = self._compare_role()
        judgements = self.choice.judgements if self.choice.judgements is not None else self.spec.get("judgements", [])
        notes: dict[str, int] = {}
        columns = [PaperColumn(f"p:{p.period}", p.label) for p in across]
        rows: list[PaperRow] = []
        comp_cells: dict[str, list[tuple[PaperCell, str | None]]] = {c: [] for c in comps}
        target_cells: list[tuple[PaperCell, str | None]] = []
        states: dict[str, list[PaperCell]] = {j: [] for j in judgements}
        last_full = shown[-1] if shown else None
        judged_from = len(self.judged)
        for key in keys:
            unit = self._unit(key)
            polarity = self._polarity(key)
            ind = self.book.indicator(key)
            figs = [self.book.get("la", key, p.period) for p in across]
            cells = [self._cell(key, f, fact_area=self.book.area) for f in figs]
            latest = next((f for f in reversed(figs[:len(shown)]) if f is not None and f.value is not None), None)
            row_notes = self._notes_for(key, figs, notes)
            # comparators for the latest shown period that has one (counts: only areas of one authority's scale)
            judged_comp = None
            for comp in comps:
                who = self._who(comp)
                if unit == "count" and comp in ("england", "region"):
                    comp_cells[comp].append((PaperCell("[z]", shorthand="z"), None))
                    continue
                fig, local = self._latest_pair(who, key, shown)
                cell = self._cell(key, fig, fact_area=comp if not isinstance(who, str) else None)
                comp_cells[comp].append((cell, fig.period if fig is not None else None))
                if comp == compare and fig is not None and local is not None:
                    judged_comp = vs_comparator(local.value, fig.value, polarity, numerator=local.numerator,
                                                denominator=local.denominator,
                                                tolerance_pct=ind.tolerance_pct if ind else 5.0)
            target = self._target(key, last_full.period) if last_full is not None else None
            if polarity in ("higher", "lower"):
                target_cells.append((self._cell(key, target), target.period if target is not None else None))
            else:
                target_cells.append((PaperCell("[z]", shorthand="z"), None))
            vt = vs_target(latest.value, target.value, polarity, tolerance_pct=ind.target_tolerance_pct if ind else 10.0
                           ) if latest is not None and target is not None else None
            prev = previous_figure(self.book.series("la", key), latest) if latest is not None else None
            dr = direction(latest.value, prev.value, polarity, decimals=self._decimals(key, latest)) if prev else None
            hidden = self._hidden(key, latest) or self._hidden(key, prev)
            for j, state in (("vs_comparator", judged_comp), ("vs_target", vt), ("direction", dr)):
                if j in states:
                    states[j].append(self._state(state, hidden=(j == "direction" and hidden)))
            self.judged.append((key, judged_comp, vt, dr))
            text = (self.choice.commentary.get(key) or "").strip()
            rows.append(PaperRow(key, self._row_label(key, [p.period for p in across]), cells, row_notes, text, unit))
        # rows with no figure in any period across say nothing here (an annual measure among quarters): a note
        # names them instead
        keep = [any(c.shorthand != "x" for c in r.cells[:len(across)]) for r in rows]
        if any(keep) and not all(keep):
            empty = [r.label for r, k in zip(rows, keep) if not k]
            dropped = {r.key for r, k in zip(rows, keep) if not k}
            rows = [r for r, k in zip(rows, keep) if k]
            comp_cells = {c: [x for x, k in zip(got, keep) if k] for c, got in comp_cells.items()}
            target_cells = [x for x, k in zip(target_cells, keep) if k]
            states = {j: [x for x, k in zip(cells, keep) if k] for j, cells in states.items()}
            self.judged[judged_from:] = [j for j in self.judged[judged_from:] if j[0] not in dropped]
            self.general.append(f"No figures for {_span(across)}, so not in the table of {_KIND_WORDS.get(kind, kind)}: "
                                f"{'; '.join(empty)}.")
        # comparator, target and judgement columns, only where they say something
        for comp in comps:
            got = comp_cells[comp]
            if not any(c.is_number or c.text == "TBC" for c, _ in got):
                continue
            periods = {p for c, p in got if p}
            name = self._who_name(comp)
            uniform = len(periods) == 1
            header = f"{name} {self.book.label(periods.pop())}" if uniform else f"{name} (latest)"
            columns.append(PaperColumn(f"c:{comp}", header))
            for row, (cell, p) in zip(rows, got):
                if not uniform and p and cell.is_number:
                    cell.detail = self.book.label(p)
                row.cells.append(cell)
        if any(c.is_number for c, _ in target_cells):
            periods = {p for c, p in target_cells if p and c.is_number}
            header = f"Target {self.book.label(periods.pop())}" if len(periods) == 1 else "Target"
            columns.append(PaperColumn("target", header))
            for row, (cell, _) in zip(rows, target_cells):
                row.cells.append(cell)
        words = {"vs_comparator": f"vs {_short(self._compare_name())}", "vs_target": "vs target",
                 "direction": "Direction of travel"}
        for j in judgements:
            cells = states[j]
            if not any(c.state and c.state not in ("not_compared", "no_target") for c in cells):
                continue
            columns.append(PaperColumn(j, words[j], kind="state"))
            for row, cell in zip(rows, cells):
                row.cells.append(cell)
        if ytd is not None:
            self.general.append(f"{ytd.label} covers part of the year only, so it is not compared with a full "
                                "year and is not judged.")
        if not self.choice.transpose and any(self._unit(k) == "count" for k in keys) and any(
                c.key in ("c:england", "c:region") for c in columns):
            self.general.append("Counts are not compared with England or the region: their totals cover many "
                                "authorities. Compare rates per 10,000 children instead; [z] marks these cells.")
        caption = self._caption(across, compared=any(c.key == f"c:{compare}" for c in columns))
        table = PaperTable(caption, "Indicator", columns, rows, [Note(n, t) for t, n in notes.items()])
        table._periods = [p.period for p in across]
        return table

    def _latest_pair(self, who, key, shown: list[PeriodInfo]) -> tuple[Figure | None, Figure | None]:
        """The comparator's figure for the latest shown period that has one, and the local figure then."""
        for p in reversed(shown):
            fig = self.book.get(who, key, p.period)
            if fig is not None and (fig.value is not None or fig.flag == "tbc"):
                local = self.book.get("la", key, p.period)
                if fig.value is not None:
                    return fig, local if local is not None and local.value is not None else None
                tbc = fig
                # a figure still to be confirmed: show it, and judge against the last confirmed one
                for q in reversed(shown[:-1]):
                    earlier = self.book.get(who, key, q.period)
                    if earlier is not None and earlier.value is not None:
                        return tbc, None
                return tbc, None
        if shown:
            # a comparator reported by longer or other periods: its latest figure within the table's span
            since = shown[0].start - pd.Timedelta(days=366)
            cands = [f for f in self.book.series(who, key).values()
                     if f.value is not None and not f.partial and since <= f.end <= shown[-1].end]
            if cands:
                fig = max(cands, key=lambda f: (f.end, -f.months))
                local = self.book.get("la", key, fig.period)
                return fig, local if local is not None and local.value is not None else None
            cover = self.book.covering(who, key, shown[-1].period)
            if cover is not None:
                local = self.book.get("la", key, cover.period)
                return cover, local if local is not None and local.value is not None else None
        return None, None

    def _caption(self, across: list[PeriodInfo], compared: bool = True) -> str:
        """"Title: area, first to last period (and a part period)", and the comparator when the table shows it."""
        base = self.choice.title or "Child protection indicators"
        compare = self._compare_name() if compared else ""
        return f"{base}: {self.book.area}, {_span(across)}" + (f", compared with {compare}" if compare else "")

    # -- areas -------------------------------------------------------------------------
    def _areas(self) -> list[PaperTable]:
        tables = []
        comps = self._comparators()
        for key in self.keys:
            shown, _ = self._periods_across([key], self.spec["periods"])
            if not shown:
                continue
            unit = self._unit(key)
            notes: dict[str, int] = {}
            columns = [PaperColumn(f"p:{p.period}", p.label) for p in shown]
            rows = []
            whos = [("la", self.book.area, self.book.area)]
            for comp in comps:
                if unit == "count" and comp in ("england", "region"):
                    continue
                whos.append((self._who(comp), self._who_name(comp), comp if comp not in COMPARATOR_ROLES else None))
            if self.spec.get("other_areas"):
                named = {c for c in comps if c not in COMPARATOR_ROLES}
                for area, role in self.book.other_areas.items():
                    if role in ("district", "other", "la") and area not in named and any(
                            self.book.get(("area", area), key, p.period) is not None for p in shown):
                        whos.append((("area", area), area, area))
            for who, name, fact_area in whos:
                figs = [self.book.get(who, key, p.period) for p in shown]
                if who != "la" and not any(f is not None for f in figs):
                    continue
                fact = self.book.area if who == "la" else fact_area
                cells = [self._cell(key, f, fact_area=fact) for f in figs]
                rows.append(PaperRow(name if who != "la" else self.book.area, name, cells,
                                     self._notes_for(key, figs, notes), unit=unit))
            caption = f"{self.book.name(key)}: {self.book.area}"
            others = [r.label for r in rows[1:]]
            if others:
                caption += " compared with " + _and(others)
            caption += f", {shown[0].label} to {shown[-1].label}" if len(shown) > 1 else f", {shown[0].label}"
            table = PaperTable(caption, self._areas_stub(key), columns, rows, [Note(n, t) for t, n in notes.items()],
                               key=key, commentary=(self.choice.commentary.get(key) or "").strip())
            table._periods = [p.period for p in shown]
            tables.append(table)
            latest = next((f for f in reversed([self.book.get("la", key, p.period) for p in shown])
                           if f is not None and f.value is not None), None)
            self.judged.append((key, None, None, None) if latest is None else (key, None, None, None))
        return tables

    def _areas_stub(self, key) -> str:
        return "Area"

    # -- scorecard ---------------------------------------------------------------------
    def _scorecard(self) -> list[PaperTable]:
        from cpdesk.periods import financial_year, quarter
        local = self.book.local_periods(self.keys)
        last_end = self._last_end(self.keys)
        if last_end is not None:
            local = [p for p in local if p.end <= last_end]
        if not local:
            return []
        latest_end = local[-1].end
        latest_fy = latest_end.year + (1 if latest_end.month >= 4 else 0)
        n = self.choice.periods or int(self.spec.get("years", 3))
        members = self.spec["year_columns"]
        comps = self._comparators()
        columns: list[PaperColumn] = []
        col_who: list[tuple] = []
        years = []
        for fy in range(latest_fy - n + 1, latest_fy + 1):
            p = financial_year(fy)
            from cpdesk.periods import canonical_label
            label = canonical_label(p)
            years.append(label)
            info = self.book.periods.get(label)
            group = info.label if info else label
            for m in members:
                if m in COMPARATOR_ROLES and m not in comps:
                    continue
                who = "la" if m == "la" else m
                if any(self.book.get(who, k, label) is not None for k in self.keys):
                    header = {"la": "Actual", "target": "Plan"}.get(m) or self._who_name(m)
                    columns.append(PaperColumn(f"{m}:{label}", header, group=group))
                    col_who.append((who, label))
            if fy == latest_fy and self.spec.get("quarters_of_latest_year"):
                qs = [canonical_label(quarter(fy, q)) for q in (1, 2, 3, 4)]
                if any(self.book.get("la", k, q) is not None for k in self.keys for q in qs):
                    for i, q in enumerate(qs, start=1):
                        columns.append(PaperColumn(f"q:{q}", f"Q{i}", group=group))
                        col_who.append(("la", q))
        notes: dict[str, int] = {}
        rows = []
        for key in self.keys:
            ind = self.book.indicator(key)
            polarity = self._polarity(key)
            cells, figs = [], []
            for who, period in col_who:
                fig = self.book.get(who, key, period)
                figs.append(fig)
                future = who == "la" and period.startswith("Q") and fig is None
                cells.append(self._cell(key, fig, fact_area=self.book.area if who == "la" else None,
                                        empty="" if future else "[x]"))
            local_figs = [f for (who, _), f in zip(col_who, figs) if who == "la" and f is not None and f.value is not None]
            latest = max(local_figs, key=lambda f: (f.end, -f.months)) if local_figs else None
            target = self._target(key, latest.period) if latest is not None else None
            vt = vs_target(latest.value, target.value, polarity,
                           tolerance_pct=ind.target_tolerance_pct if ind else 10.0) if latest and target else None
            if vt == "no_target" and target is not None and target.value is not None:
                vt = None    # a plan, but no better direction to judge it by: blank, and a note says why
                self.general.append("RAG is left blank for an indicator with no better direction (neither higher "
                                    "nor lower is better): set its polarity in cpdesk to judge it against the plan.")
            prev = previous_figure(self.book.series("la", key), latest) if latest is not None else None
            dr = direction(latest.value, prev.value, polarity, decimals=self._decimals(key, latest)) if prev else None
            compare = self._compare_role()
            comp_fig, comp_local = self._latest_pair(self._who(compare), key, [
                self.book.periods[y] for y in years if y in self.book.periods]) if compare else (None, None)
            vc = vs_comparator(comp_local.value, comp_fig.value, polarity, numerator=comp_local.numerator,
                               denominator=comp_local.denominator) if comp_fig is not None and comp_local is not None \
                and comp_fig.value is not None else None
            self.judged.append((key, vc, vt, dr))
            cells.append(self._state(vt))
            cells.append(self._state(dr, hidden=self._hidden(key, latest) or self._hidden(key, prev)))
            rows.append(PaperRow(key, self._row_label(key, [period for _, period in col_who]), cells,
                                 self._notes_for(key, figs, notes),
                                 (self.choice.commentary.get(key) or "").strip(), self._unit(key)))
        columns += [PaperColumn("vs_target", "RAG", kind="state"), PaperColumn("direction", "Direction of travel",
                                                                                kind="state")]
        has_commentary = any(r.commentary for r in rows)
        table = PaperTable(f"{self.choice.title or 'Child protection indicators'}: {self.book.area}, "
                           f"{years[0]} to {years[-1]}", "Indicator", columns, rows,
                           [Note(n, t) for t, n in notes.items()], commentary_column=has_commentary)
        table._periods = years
        self.general.append("RAG compares the latest figure with the plan (target) for its year: met (green), near "
                            "(amber: within tolerance) or missed (red); shown by symbol and word as well as colour.")
        return [table]

    # -- notes, charts -----------------------------------------------------------------
    def _general_notes(self, paper: Paper) -> list[str]:
        out = list(dict.fromkeys(self.general))
        if paper.comparator and any(c.key == "vs_comparator" for t in paper.tables for c in t.columns):
            out.insert(0, f"Compared with {paper.comparator}: better, similar or worse, taking account of whether "
                          "higher or lower is better; where the number of children is known, 'similar' means within "
                          "the 95% confidence interval. Judgements are shown by symbol and word as well as colour.")
        used = paper.shorthand_used()
        if used:
            out.append("Shorthand: " + "; ".join(f"[{k}] {SHORTHAND[k]}" for k in used) + ".")
        if paper.suppressed:
            out.append(f"Counts from 1 to {paper.threshold}, and figures that would reveal them, are shown as [c].")
        return out

    def _charts(self) -> list[ChartRef]:
        from cpdesk.export.chart_text import chart_refs
        return chart_refs(self.obs, self.book, self.keys, self.choice, self._comparators())


_KIND_WORDS = {"year": "years", "quarter": "quarters", "month": "months", "snapshot": "snapshot dates",
               "calendar_year": "calendar years", "rolling": "rolling periods"}


def _span(across: list[PeriodInfo]) -> str:
    """"2018-19 to 2019-20", with a part period after the full ones ("… and 2020-21 to Dec 2020")."""
    full = [p for p in across if not p.partial] or across
    span = f"{full[0].label} to {full[-1].label}" if len(full) > 1 else (full[0].label if full else "")
    if len(full) < len(across):
        span += " and " + across[-1].label
    return span


def _short(name: str) -> str:
    return {"Statistical neighbours": "neighbours"}.get(name, name)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def summary_sentences(judged, book: FigureBook, compare_name: str) -> list[str]:
    """The judgements in sentences, as a paper's summary says them."""
    out = []
    first: dict[str, tuple] = {}
    for j in judged:                       # an indicator in two tables (quarters and years) counts once
        if j[0] not in first or not any(first[j[0]][1:]):
            first[j[0]] = j
    judged = list(first.values())
    comp = [(k, c) for k, c, _, _ in judged if c in ("better", "similar", "worse")]
    if comp:
        n = {s: sum(1 for _, c in comp if c == s) for s in ("better", "similar", "worse")}
        who = "statistical neighbours" if compare_name == "Statistical neighbours" else compare_name
        parts = [f"{n['better']} of {len(comp)} indicators {'is' if n['better'] == 1 else 'are'} better than {who}"]
        if n["similar"]:
            parts.append(f"{n['similar']} similar")
        if n["worse"]:
            parts.append(f"{n['worse']} worse")
        out.append(", ".join(parts) + ".")
    tgt = [(k, t) for k, _, t, _ in judged if t in ("green", "amber", "red")]
    if tgt:
        met = sum(1 for _, t in tgt if t == "green")
        out.append(f"{met} of {len(tgt)} indicators with a target met it"
                   + (f"; {sum(1 for _, t in tgt if t == 'amber')} came near" if any(t == "amber" for _, t in tgt) else "")
                   + ".")
    for key, c, t, d in judged:
        bad = [w for w, hit in (("worse than " + ("statistical neighbours" if compare_name == "Statistical neighbours"
                                                  else compare_name), c == "worse"),
                                ("off target", t == "red"), ("worsening", d == "worsening")) if hit]
        if len(bad) >= 2:
            out.append(f"{book.name(key)}: {_and(bad)}.")
    return out
