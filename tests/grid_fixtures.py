"""Small observation frames with known values for the grid and window tests."""
from __future__ import annotations

from types import SimpleNamespace

from cpdesk.observations import Observation, to_frame
from cpdesk.periods import financial_year, quarter


def obs(indicator, area, role, period, value, num=None, den=None, source="f.xlsx", sheet="S", cell="B2", label=None):
    return Observation(indicator, label or indicator or "x", area, role, period, value, num, den,
                       file=source, sheet=sheet, cell=cell, table=f"{sheet}#1")


def repeat_plans_frame():
    """Barsetshire's repeat-plan percentage for three years against England, neighbours and a target."""
    rows = [
        obs("cpp_repeat_ever_pct", "Barsetshire", "la", financial_year(2022), 20.0, 40, 200, cell="B2"),
        obs("cpp_repeat_ever_pct", "Barsetshire", "la", financial_year(2023), 18.0, 36, 200, cell="C2"),
        obs("cpp_repeat_ever_pct", "Barsetshire", "la", financial_year(2024), 10.0, 2, 20, cell="D2"),
        obs("cpp_repeat_ever_pct", "England", "england", financial_year(2022), 23.0, cell="B3"),
        obs("cpp_repeat_ever_pct", "England", "england", financial_year(2023), 23.0, cell="C3"),
        obs("cpp_repeat_ever_pct", "England", "england", financial_year(2024), 23.0, cell="D3"),
        obs("cpp_repeat_ever_pct", "Statistical neighbours", "neighbours", financial_year(2024), 10.5, cell="D4"),
        obs("cpp_repeat_ever_pct", "Target", "target", financial_year(2024), 9.5, cell="D5"),
        obs("icpc_15wd_pct", "Barsetshire", "la", financial_year(2024), 80.0, cell="D6"),
        obs("icpc_15wd_pct", "England", "england", financial_year(2024), 78.0, cell="D7"),
        obs("cpp_open_count", "Barsetshire", "la", financial_year(2024), 300.0, cell="D8"),
        obs("cpp_open_count", "Barsetshire", "la", financial_year(2023), 280.0, cell="C8"),
        obs(None, "Barsetshire", "la", financial_year(2024), 7.0, cell="D9", label="Children seen alone"),
        obs("cpp_repeat_ever_pct", "Barsetshire", "la", quarter(2024, 1), 12.0, cell="F2"),
    ]
    return to_frame(rows)


def show_results(window, frame, name="scorecard.xlsx", area="Barsetshire"):
    """Put ``frame`` into the window as if a file had been loaded, and show ``area``."""
    window.session.add_loaded(f"/data/{name}", SimpleNamespace(observations=frame, tables=[], warnings=[], unrecognised=[],
                                                               hidden_sheets=[]))
    window.session.set_options(area=area)
