"""Sheets laid out the way council performance workbooks are (the six layouts of issue 2)."""
from __future__ import annotations

import datetime as dt

from cpdesk.importing.workbook import SheetData, Workbook


def indicators_by_quarter() -> SheetData:
    """Layout 1: indicators down, quarters across, a title above, footnotes below, numbered labels."""
    return SheetData("CP performance", [
        ["Barnet Children's Services: child protection performance report"],
        [],
        ["Indicator", "Q4 2019-20", "Q1 2020-21", "Q2 2020-21", "Q3 2020-21*"],
        ["1. No. CPP started", 44, 50, 38, 41],
        ["2. Previous CPP within 2 years", 4, 7, "c", 5],
        ["3. % of children starting a CPP who had previous one in the last 2 years", "9.1%", "14.0%", "TBC", "12.2%"],
        ["4. % ICPCs within 15 working days", "73**", "75.5%*", 80, "N/A"],
        ["5. Children seen by a nurse", 12, 13, 14, 15],
        [],
        ["* provisional figures"],
        ["** includes late notifications"],
        [],
        ["Repeat plans: comparators"],
        ["", "2017/18", "2018/19", "2019/20"],
        ["Our authority", 18.2, 20.1, 19.5],
        ["Statistical Neighbours", 17.0, 17.5, 18.0],
        ["England", 20.2, 20.8, 21.9],
        ["SE", 19.0, 19.1, 19.3],
    ])


def areas_by_year() -> SheetData:
    """Layout 2: areas down, years across, the indicator named only by the sheet name."""
    return SheetData("% open plans 2 years or more", [
        ["", "2015/16", "2016/17", "2017/18"],
        ["Our authority", 3.1, 2.4, 4.0],
        ["Family", 2.9, 3.0, 3.3],
        ["England", 3.8, 3.9, 3.4],
        ["Target", 3.0, 3.0, 3.0],
    ])


def periods_down() -> SheetData:
    """Layout 3: periods down, counts and percentages across."""
    return SheetData("Quarterly", [
        ["Quarter", "No. CPP started", "Previous CPP within 2 years", "% repeat plans within 2 years"],
        ["Q1 2020-21", 50, 7, 14.0],
        ["Q2 2020-21", 38, 3, 7.9],
        ["Q3 2020-21", 41, 5, 12.2],
    ])


def merged_years() -> SheetData:
    """Layout 4: a year merged over England / Family / Actual / Plan / Q1..Q4."""
    return SheetData("Scorecard", [
        ["Indicator", "2019-20", None, None, None, None, None, None, None],
        [None, "England", "Family", "Actual", "Plan", "Q1", "Q2", "Q3", "Q4"],
        ["% ICPC within 15 working days", 77.7, 80.1, 79.0, 85, 70.2, 75.0, 81.3, 88.0],
        ["% re-referrals within 12 months", 22.6, 21.0, 24.4, 20, 25.0, 23.1, 24.8, 24.6],
    ], merged=[(0, 1, 0, 8)])


def districts_by_date() -> SheetData:
    """Layout 6: districts down, snapshot dates across, the indicator in a title row."""
    return SheetData("Districts", [
        ["Children subject to a child protection plan, by district"],
        ["District", "31 March 2015", "31 March 2016", dt.datetime(2020, 7, 31)],
        ["Ashford", 40, 45, 50],
        ["Canterbury", 30, 35, 32],
        ["Total", 70, 80, 82],
    ])


def workbook(*sheets: SheetData, name: str = "barnet_cp_performance.xlsx") -> Workbook:
    return Workbook(path=name, name=name, format="xlsx", sheets=list(sheets))
