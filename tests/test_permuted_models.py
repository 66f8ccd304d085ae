"""Sorted models keep their promises: a persistent index stays on its row when the rows move."""
from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QPersistentModelIndex, Qt

from cpdesk.models.observations_model import SHOWN, ObservationsModel
from cpdesk.models.records_model import RecordsModel
from cpdesk.observations import empty_frame


def _frame():
    rows = [("icpc_15wd_pct", "Camden", 80.0), ("cpp_repeat_ever_pct", "Barnet", 22.5), ("s47_count", "Brent", 310.0),
            ("cpp_open_count", "Ealing", 150.0)]
    base = empty_frame()
    df = pd.DataFrame({c: [None] * len(rows) for c in base.columns})
    df["indicator"] = [r[0] for r in rows]
    df["area"] = [r[1] for r in rows]
    df["value"] = [r[2] for r in rows]
    return df


def test_observations_model_sort_moves_persistent_indexes_with_their_rows(qtbot):
    model = ObservationsModel()
    model.set_frame(_frame())
    names = [n for n, _ in SHOWN]
    area, value = names.index("area"), names.index("value")
    held = QPersistentModelIndex(model.index(0, area))        # Camden's row, first before sorting
    assert held.data() == "Camden"
    with qtbot.waitSignal(model.layoutChanged):
        model.sort(area, Qt.AscendingOrder)
    assert [model.index(r, area).data() for r in range(4)] == ["Barnet", "Brent", "Camden", "Ealing"]
    assert held.row() == 2 and held.data() == "Camden"         # it followed its row
    model.sort(value, Qt.DescendingOrder)
    assert [model.index(r, value).data() for r in range(4)] == ["310", "150", "80", "22.5"]
    assert held.row() == 2 and held.data() == "Camden"
    # the inverse permutation says where each source row is shown
    assert [model.row_of(s) for s in range(4)] == [2, 3, 0, 1]
    assert all(model.source_row(model.row_of(s)) == s for s in range(4))


def test_filtered_out_rows_have_no_place_and_sorting_keeps_the_filter(qtbot):
    model = ObservationsModel()
    model.set_frame(_frame())
    model.set_filter("cpp")
    assert model.rowCount() == 2
    assert model.row_of(0) == -1 and model.row_of(2) == -1
    held = QPersistentModelIndex(model.index(1, 0))
    name = held.data()
    model.sort(0, Qt.DescendingOrder)
    assert model.rowCount() == 2 and held.data() == name
    assert [model.index(r, 0).data() for r in range(2)] == ["cpp_repeat_ever_pct", "cpp_open_count"]


def test_records_model_sort_keeps_the_selection_on_its_record(qtbot):
    from PySide6.QtCore import QItemSelectionModel
    model = RecordsModel()
    model.set_frame(pd.DataFrame({"child_id": ["C3", "A1", "B2"], "row": [7, 3, 5]}))
    selection = QItemSelectionModel(model)
    selection.setCurrentIndex(model.index(0, 0), QItemSelectionModel.ClearAndSelect)   # C3
    model.sort(1, Qt.AscendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["A1", "B2", "C3"]
    assert selection.currentIndex().data() == "C3" and selection.currentIndex().row() == 2
    assert selection.selectedIndexes()[0].data() == "C3"
    model.sort(0, Qt.DescendingOrder)
    assert selection.currentIndex().data() == "C3" and selection.currentIndex().row() == 0
    assert list(model.frame()["child_id"]) == ["C3", "B2", "A1"]
    assert np.array_equal(model.inverse(), [0, 2, 1])
