"""Suggestions where they are used: ``cpdesk inspect`` lists them with why, the Sources panel
offers them for one-click confirmation or correction (remembered in the workspace), and a
figure the user has not confirmed is never judged under the indicator guessed for it."""
from __future__ import annotations

import json

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from cpdesk.cli import main
from cpdesk.importing.importer import import_file
from cpdesk.models.sources_model import KindRole, LabelRole, SuggestionRole
from cpdesk.observations import to_frame
from cpdesk.periods import financial_year
from cpdesk.summary import build_summary
from cpdesk.ui.mapping_dialog import CATALOGUE, MappingDialog
from tests.grid_fixtures import obs

CSV = ("Period,Re-plans,% re-referrals,No. of visits\r\n"
       "2019-20,32,21.0,400\r\n"
       "2020-21,28,19.5,380\r\n")


def _file(tmp_path):
    path = tmp_path / "barsetshire_kpis.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_the_importer_reports_each_label_recognised_suggested_or_local(tmp_path):
    r = import_file(_file(tmp_path))
    assert r.recognition_counts() == {"recognised": 1, "suggested": 1, "local": 1}
    (s,) = r.suggestions
    assert s["label"] == "Re-plans" and s["indicator"] == "cpp_repeat_ever_pct"
    assert s["alternatives"] == ["cpp_repeat_ever_count"]
    assert "does not say whether it is a number or a %" in s["explanation"]
    # the figures stay a local indicator: nothing placed under the guess
    replans = r.observations[r.observations["label"] == "Re-plans"]
    assert replans["indicator"].isna().all() and list(replans["value"]) == [32, 28]


def test_inspect_lists_counts_and_suggestions_with_why(tmp_path, capsys):
    path = _file(tmp_path)
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "labels: 1 recognised, 1 suggested, 1 local" in out
    assert "suggestion: 'Re-plans' (barsetshire_kpis B2, 2 value(s)) may be cpp_repeat_ever_pct " \
           "(or cpp_repeat_ever_count)" in out
    assert "Kept as a local indicator until you confirm it" in out
    assert "unrecognised label: 'No. of visits'" in out and "unrecognised label: 'Re-plans'" not in out

    assert main(["inspect", str(path), "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)["files"][0]["recognition"]
    assert (rec["recognised"], rec["suggested"], rec["local"]) == (1, 1, 1)
    by_label = {e["label"]: e for e in rec["labels"]}
    assert by_label["% re-referrals"]["status"] == "recognised"
    assert by_label["% re-referrals"]["explanation"] == "referrals + second or subsequent + %: rereferral_12m_pct"
    assert by_label["Re-plans"]["status"] == "suggested" and by_label["No. of visits"]["status"] == "local"


def test_an_unconfirmed_suggestion_is_never_judged_against_the_national_figure(tmp_path):
    r = import_file(_file(tmp_path))
    england = to_frame([obs("cpp_repeat_ever_pct", "England", "england", financial_year(2021), 22.1)])
    both = pd.concat([r.observations, england], ignore_index=True)
    summary, _ = build_summary(both, area=r.default_area, compare="england", period="2020-21")
    row = summary[summary["indicator"] == "Re-plans"].iloc[0]
    assert pd.isna(row["indicator_id"]) and row["vs_comparator"] == "not_compared"
    assert pd.isna(row["comparator_value"])


def _suggestion_index(window):
    model = window.sources_panel.model
    stack = [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        idx = stack.pop()
        if idx.data(KindRole) == "suggestion":
            return idx
        stack.extend(model.index(r, 0, idx) for r in range(model.rowCount(idx)))
    raise AssertionError("no suggestion shown")


def test_sources_panel_confirms_a_suggestion_in_one_click(window, tmp_path, qtbot):
    window.session.add_sources([str(_file(tmp_path))])
    panel = window.sources_panel
    idx = _suggestion_index(window)
    assert (idx.data(LabelRole), idx.data(SuggestionRole)) == ("Re-plans", "cpp_repeat_ever_pct")
    detail = idx.siblingAtColumn(1).data(Qt.DisplayRole)
    assert detail.startswith("? Child protection plans that were a second or subsequent plan (%) — ")
    panel.tree.setCurrentIndex(idx)
    assert panel.confirm_button.isEnabled() and panel.map_button.isEnabled()
    qtbot.mouseClick(panel.confirm_button, Qt.LeftButton)
    assert window.session.workspace.mappings["Re-plans"] == {"indicator": "cpp_repeat_ever_pct"}
    placed = window.session.observations()
    assert set(placed.loc[placed["label"] == "Re-plans", "indicator"]) == {"cpp_repeat_ever_pct"}
    assert idx.siblingAtColumn(1).data(Qt.DisplayRole) == \
        "✔ confirmed: Child protection plans that were a second or subsequent plan (%)"
    window.undo_stack.undo()
    assert "Re-plans" not in window.session.workspace.mappings


def test_correcting_a_suggestion_opens_the_mapping_dialog_with_it_chosen(window, tmp_path, monkeypatch):
    window.session.add_sources([str(_file(tmp_path))])
    seen = {}

    def answer(dialog: MappingDialog):
        row = dialog.row("Re-plans")
        seen["chosen"] = (row.action.currentIndex(), row.chosen_indicator())
        seen["says"] = row.title.text()
        row.choose_indicator("cpp_repeat_ever_count")   # the user corrects it: it is the number
        dialog.accept()
        return QDialog.Accepted

    monkeypatch.setattr(MappingDialog, "exec", answer)
    window.sources_panel.tree.setCurrentIndex(_suggestion_index(window))
    window.sources_panel.map_button.click()
    assert seen["chosen"] == (CATALOGUE, "cpp_repeat_ever_pct")
    assert "cpdesk suggests: Child protection plans that were a second or subsequent plan (%)" in seen["says"]
    assert window.session.workspace.mappings["Re-plans"] == {"indicator": "cpp_repeat_ever_count"}
