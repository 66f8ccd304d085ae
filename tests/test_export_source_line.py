"""The committee table's source line: the Open Government Licence attribution exactly when national figures are shown."""
from __future__ import annotations

import pandas as pd

from cpdesk.export.committee_table import build_committee_table, national_figures, ogl_attribution
from cpdesk.observations import Observation, to_frame
from cpdesk.periods import financial_year
from tests.export_fixtures import AREA, PRODUCED, observations

FY24 = financial_year(2024)
OGL = "Open Government Licence"


def _own_file_only() -> pd.DataFrame:
    """The export fixture with every figure (England too) from the council's own workbook."""
    obs = observations().copy()
    national = obs["table"] == "national"
    obs.loc[national, ["file", "sheet", "cell", "table"]] = ["perf.xlsx", "Scorecard", "H4", ""]
    obs.loc[national, "source_prefix"] = "perf.xlsx › Scorecard › "     # before the cell, H4
    return obs


def _table(obs, **kw):
    return build_committee_table(obs, area=AREA, compare="england", periods=["2023-24"], produced=PRODUCED, **kw)


def test_every_figure_from_the_users_file_gives_no_licence_line():
    t = _table(_own_file_only())
    assert "england" in {c.key for c in t.columns}                  # England figures are shown, but they are the user's
    assert t.source == "Source: local figures from perf.xlsx."
    assert OGL not in t.source


def test_national_comparators_in_the_table_bring_the_licence_line():
    t = _table(observations())
    assert t.source == f"Source: local figures from perf.xlsx. {ogl_attribution()}"
    assert OGL in t.source and "DfE open data" not in t.source


def test_national_figures_only_for_indicators_left_out_give_no_licence_line():
    obs = observations()
    # only re-referrals exported: its England figure comes from the user's file, repeat plans' from the national data
    own = (obs["indicator"] == "rereferral_12m_pct") & (obs["table"] == "national")
    obs.loc[own, ["source_prefix", "cell", "table"]] = ["perf.xlsx › Scorecard › ", "H9", ""]
    assert OGL not in _table(obs, indicators=["rereferral_12m_pct"]).source
    assert OGL in _table(obs, indicators=["rereferral_12m_pct", "cpp_repeat_ever_pct"]).source


def test_a_table_of_built_in_figures_alone_names_no_local_file():
    rows = [Observation("cpp_repeat_ever_pct", "Repeat plans", "Camden", "la", FY24, 21.0, file="DfE open data",
                        sheet="cla_cp.csv › CPP_subsequent_percent", table="national"),
            Observation("cpp_repeat_ever_pct", "Repeat plans", "England", "england", FY24, 23.8, file="LAIT",
                        sheet="PrevRegCPR", table="national")]
    t = build_committee_table(to_frame(rows), area="Camden", compare="england", produced=PRODUCED)
    assert t.source == ogl_attribution() and "local figures" not in t.source


def test_national_figures_are_found_by_role_and_by_area():
    figures = national_figures(observations())
    assert figures[(("role", "england"), "cpp_repeat_ever_pct", "2023-24")] == {23.8}
    assert figures[(("area", "England"), "icpc_15wd_pct", "2023-24")] == {78.1}
    assert not any(who == ("area", AREA) for who, _, _ in figures)   # the council's own figures are not national
