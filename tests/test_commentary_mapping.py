"""Commentary typed on an unrecognised label's row follows the label when it is mapped, undoably."""
from __future__ import annotations


import pandas as pd
import pytest
from PySide6.QtWidgets import QDialog

from cpdesk.catalogue import local_indicator
from cpdesk.observations import to_frame
from cpdesk.periods import financial_year
from cpdesk.ui.mapping_dialog import MappingDialog
from tests.grid_fixtures import obs, repeat_plans_frame, show_results

SEEN = "Children seen alone"
VISITS = "Visits on time (%)"
TEXT = "Nine in ten children were seen alone; the rest were babies."


@pytest.fixture
def window(window):
    extra = to_frame([obs(None, "Barsetshire", "la", financial_year(2024), 64.0, cell="D10", label=VISITS)])
    show_results(window, pd.concat([repeat_plans_frame(), extra], ignore_index=True))
    return window


def _select(window, key):
    row = next(i for i, r in enumerate(window.session.grid().rows) if r.key == key)
    window.grid_view.table.setCurrentIndex(window.grid_view.model.index(row, 0))


def _type(window, key, text):
    _select(window, key)
    window.commentary.box.setPlainText(text)
    window.commentary.commit()


def _map_with_dialog(window, monkeypatch, choose):
    def accept(dialog: MappingDialog):
        choose(dialog)
        dialog.accept()
        return QDialog.Accepted
    monkeypatch.setattr(MappingDialog, "exec", accept)
    window.map_label("/data/scorecard.xlsx", SEEN)


def test_commentary_moves_to_the_indicator_and_back_with_undo(window, monkeypatch):
    ws = window.session.workspace
    _type(window, f"label:{SEEN}", TEXT)
    assert ws.commentary == {f"label:{SEEN}": TEXT}
    _map_with_dialog(window, monkeypatch, lambda d: d.row(SEEN).choose_indicator("cpp_reviews_on_time_pct"))
    assert ws.mappings[SEEN] == {"indicator": "cpp_reviews_on_time_pct"}
    assert ws.commentary == {"cpp_reviews_on_time_pct": TEXT}
    assert f"label:{SEEN}" not in {r.key for r in window.session.grid().rows}
    _select(window, "cpp_reviews_on_time_pct")
    assert window.commentary.indicator_id == "cpp_reviews_on_time_pct" and window.commentary.text() == TEXT

    window.undo_stack.undo()                                    # the mapping and the move together
    assert SEEN not in ws.mappings and ws.commentary == {f"label:{SEEN}": TEXT}
    assert f"label:{SEEN}" in {r.key for r in window.session.grid().rows}
    _select(window, f"label:{SEEN}")
    assert window.commentary.text() == TEXT
    window.undo_stack.redo()
    assert ws.commentary == {"cpp_reviews_on_time_pct": TEXT} and ws.mappings[SEEN]["indicator"]


def test_a_local_indicator_gets_the_commentary_and_existing_text_is_kept(window, monkeypatch, tmp_path):
    ws = window.session.workspace
    _type(window, "cpp_repeat_ever_pct", "Repeat plans are down.")
    _type(window, f"label:{SEEN}", TEXT)
    _type(window, f"label:{VISITS}", "Visits slipped in the summer.")

    def choose(dialog):
        dialog.row(SEEN).choose_indicator("cpp_repeat_ever_pct")            # already has commentary
        dialog.row(VISITS).make_local("Visits on time", "higher", "percent")
    _map_with_dialog(window, monkeypatch, choose)
    assert ws.commentary == {"cpp_repeat_ever_pct": f"Repeat plans are down.\n\n{TEXT}",
                             local_indicator(VISITS).id: "Visits slipped in the summer."}
    assert window.session.dirty
    from cpdesk.workspace import load_workspace
    assert window.files.write(str(tmp_path / "paper.cpdesk"))
    assert load_workspace(tmp_path / "paper.cpdesk").commentary == ws.commentary
    window.undo_stack.undo()
    assert ws.commentary == {"cpp_repeat_ever_pct": "Repeat plans are down.", f"label:{SEEN}": TEXT,
                             f"label:{VISITS}": "Visits slipped in the summer."}
    assert ws.mappings == {}


def test_text_still_being_typed_on_the_label_row_moves_too(window, monkeypatch):
    _select(window, f"label:{SEEN}")
    window.commentary.box.setPlainText(TEXT)                    # no pause yet: not committed
    _map_with_dialog(window, monkeypatch, lambda d: d.row(SEEN).choose_indicator("cpp_reviews_on_time_pct"))
    assert window.session.workspace.commentary == {"cpp_reviews_on_time_pct": TEXT}
