"""Label mappings: the dialog (driven with qtbot) and applying a mapping to observations."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from cpdesk.catalogue import default_catalogue
from cpdesk.errors import CpdeskError
from cpdesk.mappings import apply_mapping, check_mapping, describe, local_indicators, unrecognised_labels
from cpdesk.observations import Observation, to_frame
from cpdesk.periods import quarter
from cpdesk.ui.mapping_dialog import CATALOGUE, LEAVE, LOCAL, MappingDialog

CAT = default_catalogue()
SEEN = "7. Children seen alone at every visit"
REVIEWS = "CP reviews in time (local definition)"
OTHER = "Pets at home"


@pytest.fixture
def obs():
    rows = []
    for q, (a, b) in enumerate(((61.0, 95.0), (64.0, 96.0)), start=1):
        rows.append(Observation(None, SEEN, "Barnet", "la", quarter(2024, q), a, file="pack.xlsx", sheet="Scorecard",
                                cell=f"B{10 + q}"))
        rows.append(Observation(None, REVIEWS, "Barnet", "la", quarter(2024, q), b, file="pack.xlsx", sheet="Scorecard",
                                cell=f"C{10 + q}"))
    rows.append(Observation(None, OTHER, "Barnet", "la", quarter(2024, 1), 3.0, file="pack.xlsx", sheet="Misc", cell="A1"))
    rows.append(Observation("icpc_15wd_pct", "% ICPC in 15 days", "Barnet", "la", quarter(2024, 1), 80.0,
                            file="pack.xlsx", sheet="Scorecard", cell="B3"))
    return to_frame(rows)


def test_unrecognised_labels_say_where_and_how_many(obs):
    assert unrecognised_labels(obs) == [
        {"label": SEEN, "where": "pack.xlsx › Scorecard › B11", "count": 2},
        {"label": REVIEWS, "where": "pack.xlsx › Scorecard › C11", "count": 2},
        {"label": OTHER, "where": "pack.xlsx › Misc › A1", "count": 1},
    ]


def test_dialog_maps_one_label_to_the_catalogue_and_one_to_a_local_indicator(qtbot, obs):
    dialog = MappingDialog(unrecognised_labels(obs), CAT)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [r.label for r in dialog.rows] == [SEEN, REVIEWS, OTHER]
    assert all(r.action.currentIndex() == LEAVE for r in dialog.rows)
    assert dialog.rows[0].action.hasFocus() or dialog.focusWidget() is dialog.rows[0].action

    # Catalogue indicator: choose "It is" with the keyboard, then search by typing part of a name.
    reviews = dialog.row(REVIEWS)
    reviews.action.setCurrentIndex(CATALOGUE)
    assert reviews.stack.currentWidget() is reviews.indicator
    reviews.indicator.lineEdit().clear()
    qtbot.keyClicks(reviews.indicator.lineEdit(), "Plans reviewed within required timescales (%)")
    assert reviews.chosen_indicator() == "cpp_reviews_on_time_pct"

    # Local indicator: name (numbering and footnotes dropped by default), polarity and unit.
    seen = dialog.row(SEEN)
    seen.action.setCurrentIndex(LOCAL)
    assert seen.name.text() == "Children seen alone at every visit"
    seen.name.clear()
    qtbot.keyClicks(seen.name, "Children seen alone")
    seen.polarity.setCurrentIndex(seen.polarity.findData("higher"))
    seen.unit.setCurrentIndex(seen.unit.findData("percent"))

    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    mapping = dialog.mapping()
    assert mapping == {
        SEEN: {"local": {"name": "Children seen alone", "polarity": "higher", "unit": "percent"}},
        REVIEWS: {"indicator": "cpp_reviews_on_time_pct"},
    }
    assert json.loads(json.dumps(mapping)) == mapping  # kept in the workspace as JSON


def test_dialog_refuses_an_incomplete_choice(qtbot, obs):
    dialog = MappingDialog(unrecognised_labels(obs), CAT)
    qtbot.addWidget(dialog)
    dialog.show()
    row = dialog.row(OTHER)
    row.action.setCurrentIndex(CATALOGUE)
    row.indicator.setEditText("no such indicator")
    dialog.accept()
    assert dialog.result() == 0 and dialog.isVisible()
    assert dialog.error.text() == f"Choose an indicator from the list for '{OTHER}'."
    row.action.setCurrentIndex(LOCAL)
    row.name.clear()
    dialog.accept()
    assert dialog.error.text() == f"Give the local indicator for '{OTHER}' a name."
    row.action.setCurrentIndex(LEAVE)
    dialog.accept()
    assert dialog.result() == 1 and dialog.mapping() == {}


def test_dialog_shows_a_remembered_mapping(qtbot, obs):
    existing = {SEEN: {"local": {"name": "Seen alone", "polarity": "higher", "unit": "percent"}},
                REVIEWS: {"indicator": "cpp_reviews_on_time_pct"}}
    dialog = MappingDialog(unrecognised_labels(obs), CAT, existing=existing)
    qtbot.addWidget(dialog)
    assert dialog.row(SEEN).action.currentIndex() == LOCAL
    assert dialog.row(SEEN).name.text() == "Seen alone"
    assert dialog.row(REVIEWS).indicator.currentText() == "Plans reviewed within required timescales (%)"
    assert dialog.mapping() == existing


def test_apply_mapping_sets_indicators_and_returns_local_ones(obs):
    mapping = {SEEN: {"local": {"name": "Children seen alone", "polarity": "higher", "unit": "percent"}},
               REVIEWS: {"indicator": "cpp_reviews_on_time_pct"}}
    out, extra = apply_mapping(obs, mapping, CAT)
    assert [i.id for i in extra] == ["local_children_seen_alone_at_every_visit"]
    local = extra[0]
    assert (local.name, local.polarity, local.unit, local.local) == ("Children seen alone", "higher", "percent", True)
    assert list(out.loc[out["label"] == SEEN, "indicator"]) == [local.id, local.id]
    assert list(out.loc[out["label"] == REVIEWS, "indicator"]) == ["cpp_reviews_on_time_pct"] * 2
    assert out.loc[out["label"] == OTHER, "indicator"].isna().all()
    assert list(out.loc[out["label"] == "% ICPC in 15 days", "indicator"]) == ["icpc_15wd_pct"]
    assert obs["indicator"].isna().sum() == 5  # the input frame is unchanged
    catalogue = CAT.with_local(extra)
    assert catalogue[local.id].name == "Children seen alone"
    assert describe(mapping[SEEN], catalogue).startswith("→ local indicator 'Children seen alone' (higher is better")


def test_a_remembered_label_still_matches_with_new_numbering_or_footnotes(obs):
    mapping = {"3. Children seen alone at every visit*": {"indicator": "cpp_reviews_on_time_pct"}}
    out, extra = apply_mapping(obs, mapping)
    assert extra == []
    assert list(out.loc[out["label"] == SEEN, "indicator"]) == ["cpp_reviews_on_time_pct"] * 2


def test_bad_mappings_are_refused_with_a_sentence():
    with pytest.raises(CpdeskError, match="not in the catalogue"):
        check_mapping({"x": {"indicator": "nope"}}, CAT)
    with pytest.raises(CpdeskError, match="needs a name"):
        check_mapping({"x": {"local": {"name": " ", "polarity": "none", "unit": "count"}}}, CAT)
    with pytest.raises(CpdeskError, match="polarity must be one of"):
        check_mapping({"x": {"local": {"name": "X", "polarity": "up", "unit": "count"}}}, CAT)
    with pytest.raises(CpdeskError, match="either a catalogue indicator or a local one"):
        check_mapping({"x": {"indicator": "s47_count", "local": {}}}, CAT)


def test_local_ids_agree_with_the_workspace_rule():
    from cpdesk.workspace import Workspace
    ws = Workspace()
    ws.map_label(SEEN, None, name="Seen alone", polarity="higher", unit="percent")
    assert [i.id for i in ws.local_indicators()] == [i.id for i in local_indicators(ws.mappings)]
