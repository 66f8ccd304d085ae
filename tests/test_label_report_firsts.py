"""The label report takes each label's first sheet, cell and indicator as pandas' groupby does."""
from __future__ import annotations

import numpy as np
import pandas as pd

from cpdesk.recognition.report import _firsts, label_report


def _grouped(frame: pd.DataFrame) -> list:
    g = frame.groupby("label", sort=False).agg(sheet=("sheet", "first"), cell=("cell", "first"), n=("label", "size"),
                                               indicator=("indicator", "first"))
    return [(k, dict(r)) for k, r in g.iterrows()]


def _plain(entries: list) -> list:
    return [(k, {c: (None if not isinstance(v, str) and pd.isna(v) else v) for c, v in d.items()}) for k, d in entries]


def test_firsts_skip_missing_cells_and_missing_labels_like_groupby():
    frame = pd.DataFrame({
        "label": pd.Series(["Re-referrals", "CP plans", None, "Re-referrals", "".join(["CP ", "plans"]), "Visits"],
                           dtype="str"),
        "sheet": pd.Series([None, "Q4", "Q1", "Q3", "Q2", None], dtype="str"),
        "cell": pd.Series(["B7", None, "C1", "B9", "D4", None], dtype="str"),
        "indicator": pd.Series([None, None, "x", "re_referrals", "cp_plans", np.nan], dtype=object),
    })
    got = _firsts(frame)
    assert _plain(got) == _plain(_grouped(frame)) == [
        ("Re-referrals", {"sheet": "Q3", "cell": "B7", "indicator": "re_referrals", "n": 2}),
        ("CP plans", {"sheet": "Q4", "cell": "D4", "indicator": "cp_plans", "n": 2}),
        ("Visits", {"sheet": None, "cell": None, "indicator": None, "n": 1}),
    ]
    assert got[2][1]["indicator"] is None and got[2][1]["sheet"] != got[2][1]["sheet"]   # None / NaN as groupby


def test_the_report_of_an_imported_list_names_each_label_once_with_its_first_cell(tmp_path):
    from cpdesk.importing.importer import import_file

    path = tmp_path / "cin.csv"
    path.write_text("time_period,la_name,CPP_start,Our own measure\n2021,Leeds,10,3\n2022,Leeds,11,\n2023,Leeds,,5\n",
                    encoding="utf-8")
    result = import_file(path)
    report = label_report(result.observations, [])
    assert [(e["label"], e["cell"], e["count"]) for e in report] == [("CPP_start", "C2", 2), ("Our own measure", "D2", 2)]
