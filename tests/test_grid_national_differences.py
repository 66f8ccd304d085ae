"""The user's own figure and the built-in national one for the same cell: both kept, the difference shown."""
from __future__ import annotations

from cpdesk.grid import GridOptions, build_grid
from cpdesk.observations import Observation, to_frame
from cpdesk.periods import financial_year


def _obs(value, table, source, indicator="cpp_repeat_ever_pct", area="Camden", role="la"):
    return Observation(indicator=indicator, label=indicator, area=area, area_role=role, period=financial_year(2020),
                       value=value, table=table, file=source)


def _cell(grid, indicator):
    r = next(i for i, row in enumerate(grid.rows) if row.key == indicator)
    return grid.cells[r][0]


def test_differing_national_figure_is_flagged_not_hidden():
    obs = to_frame([
        _obs(22.4, "Scorecard#1", "q4_report.xlsx"),
        _obs(21.0, "national", "DfE open data"),
        _obs(23.0, "national", "DfE open data", area="England", role="england"),
    ])
    grid = build_grid(obs, options=GridOptions(area="Camden", granularity="years"))
    cell = _cell(grid, "cpp_repeat_ever_pct")
    assert cell.value == 22.4                  # the user's own figure is shown ...
    assert cell.differs and "≠" in cell.text   # ... marked ...
    assert "Differs from the national figure 21 (DfE open data)" in cell.note   # ... and the other named
    assert "Differs from the national figure 21" in cell.tooltip
    assert len(obs) == 3                       # nothing was dropped from the data


def test_agreeing_national_figure_is_not_flagged():
    obs = to_frame([_obs(21.04, "Scorecard#1", "q4_report.xlsx"), _obs(21.0, "national", "DfE open data")])
    cell = _cell(build_grid(obs, options=GridOptions(area="Camden", granularity="years")), "cpp_repeat_ever_pct")
    assert not cell.differs and "≠" not in cell.text and "Differs" not in cell.note
