"""The Sources panel shows, per file and per table, how many value cells were read, and each
cell left out with why (the same as ``cpdesk inspect``)."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from cpdesk.importing.importer import import_workbook
from cpdesk.importing.workbook import SheetData
from cpdesk.models.sources_model import KindRole, SourceEntry, SourcesModel
from tests.layout_fixtures import workbook


def _children(model, parent=QModelIndex()):
    return [model.index(i, 0, parent) for i in range(model.rowCount(parent))]


def _detail(model, idx):
    return model.index(idx.row(), 1, idx.parent()).data(Qt.DisplayRole)


def test_tables_say_how_many_value_cells_were_read_and_list_the_rest(qtbot):
    sheet = SheetData("KPIs", [
        ["", "2019/20", "2020/21"],
        ["% repeat plans", 20.1, "see note 3"],
        ["No. CPP started", 300, 320],
    ])
    result = import_workbook(workbook(sheet))
    model = SourcesModel()
    model.set_sources([SourceEntry("/tmp/kpis.xlsx", "kpis.xlsx", result)])
    (file_idx,) = _children(model)
    assert "3 of 4 value cells read" in _detail(model, file_idx)
    sheet_idx = next(i for i in _children(model, file_idx) if i.data(KindRole) == "sheet")
    (table_idx,) = _children(model, sheet_idx)
    assert "3 of 4 value cells read" in _detail(model, table_idx)
    (left_out,) = _children(model, table_idx)
    assert left_out.data(KindRole) == "left_out"
    assert left_out.data(Qt.DisplayRole) == "Not read: C2 'see note 3'"
    assert _detail(model, left_out) == "text where a figure was expected"
