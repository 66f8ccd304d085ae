"""The grid in the window: the analyst's own periods at 1280 x 780, comparators frozen beside them,
one period choice shared with the export, targets per period, comparison groups, print and the guide."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


@pytest.fixture
def warwickshire(window, qtbot):
    """The window at its default size with Warwickshire's workbook dropped on it."""
    window.resize(1280, 780)
    window.show()
    qtbot.waitExposed(window)
    window.set_la("Warwickshire", dirty=None)
    window.load_paths_now([str(SEEDS / "warwickshire_cp_update.xlsx")])
    QApplication.processEvents()
    window.grid_view.show_latest()
    return window


def _row(grid, key):
    return next(i for i, r in enumerate(grid.rows) if r.key == key)


def test_the_files_years_and_the_comparators_are_in_view_at_1280(warwickshire):
    w = warwickshire
    gv, g = w.grid_view, w.session.grid()
    assert g.granularity == "years" and g.up_to == "2019-20"
    assert gv.visible_period_count() >= 5
    # comparators, target and rank: wholly in the frozen view, which needs no scrolling
    frozen = [i for i, c in enumerate(g.columns) if c.frozen]
    assert [g.columns[i].label for i in frozen][:3] == ["England", "Neighbours", "Region"]
    for i in frozen:
        x = gv.frozen.columnViewportPosition(i)
        assert gv.table.isColumnHidden(i) and not gv.frozen.isColumnHidden(i)
        assert 0 <= x and x + gv.frozen.columnWidth(i) <= gv.frozen.viewport().width()
    assert gv.frozen.geometry().right() <= gv.width()
    # scrolling the periods leaves the comparators where they are; both scroll down together
    gv.table.horizontalScrollBar().setValue(0)
    assert gv.frozen.columnViewportPosition(frozen[0]) == 0
    gv.frozen.verticalScrollBar().setValue(gv.frozen.verticalScrollBar().maximum())
    assert gv.table.verticalScrollBar().value() == gv.frozen.verticalScrollBar().value() > 0
    assert gv.note.isVisible() and "Figures continue to 2024-25" in gv.note.text()
    assert w.heading.text() == "Warwickshire, 2014-15 to 2019-20 — compared with England"


def test_one_selection_and_the_arrow_keys_across_both_views(warwickshire, qtbot):
    gv, g = warwickshire.grid_view, warwickshire.session.grid()
    r = _row(g, "cpp_repeat_ever_pct")
    last_period = max(i for i, c in enumerate(g.columns) if c.kind == "period")
    gv.table.setFocus()
    gv.table.setCurrentIndex(gv.model.index(r, last_period))
    qtbot.keyClick(gv.table, Qt.Key_Right)
    current = gv.table.selectionModel().currentIndex()
    assert gv.frozen.hasFocus() and current.row() == r and g.columns[current.column()].label == "England"
    assert warwickshire.details.toPlainText().startswith("Child protection plans that were a second")
    qtbot.keyClick(gv.frozen, Qt.Key_Left)
    assert gv.table.hasFocus() and gv.table.currentIndex().column() == last_period


def test_the_up_to_and_periods_controls_change_the_one_choice(warwickshire):
    w = warwickshire
    gv = w.grid_view
    assert gv.up_to.currentData() == "2019-20" and gv.up_to.itemData(0) == "2024-25"
    gv.up_to.setCurrentIndex(gv.up_to.findData("2024-25"))
    assert w.session.workspace.up_to == "2024-25" and w.session.grid().period_labels()[-1] == "2024-25"
    gv.granularity.setCurrentIndex(gv.granularity.findData("snapshots"))
    g = w.session.grid()
    assert g.granularity == "snapshots" and g.up_to == "31 Jul 2020"      # Table 7's last district date
    assert w.session.period_choice().periods[-1] == "31 Jul 2020"
    assert gv.granularity.itemText(gv.granularity.findData("months")) in ("Months", "Months (none)")


def test_the_export_dialog_opens_on_the_grids_periods(warwickshire, monkeypatch):
    from cpdesk.ui import export_dialog
    w = warwickshire
    w.session.set_groups([{"name": "Core cities", "members": ["Birmingham", "Leeds", "Bristol"]}])
    shown = []
    monkeypatch.setattr(export_dialog.ExportDialog, "show", lambda self: shown.append(self))
    w.open_export()
    dialog = shown[0]
    assert dialog.kind_combo.currentData() == "year" and dialog.latest_combo.currentData() == "2019-20"
    periods = [dialog.period_list.item(i).data(Qt.UserRole) for i in range(dialog.period_list.count())]
    assert "2019-20" in periods and not any("academic" in p or p.startswith("31 ") for p in periods)
    assert dialog.chosen_periods() == ["2019-20"]
    assert dialog.comparator_combo.findData("Core cities") >= 0
    dialog.close()


def test_targets_for_one_period_in_the_dialog_with_undo(window, monkeypatch):
    from cpdesk.ui.targets_dialog import TargetsDialog
    from tests.grid_fixtures import repeat_plans_frame, show_results
    show_results(window, repeat_plans_frame())
    seen = {}

    def answer(dialog):
        seen["periods"] = list(dialog.period_boxes)
        dialog.period_boxes["2022-23"].setText("15")
        dialog.target.setText("9")
        return True

    monkeypatch.setattr(TargetsDialog, "exec", answer)
    window.edit_targets("cpp_repeat_ever_pct")
    assert seen["periods"] == ["2023-24", "2022-23", "2021-22"]        # latest first
    key = "cpp_repeat_ever_pct"
    assert window.session.workspace.period_targets == {key: {"2022-23": 15.0}}
    g = window.session.grid()
    r = _row(g, key)
    col = {c.label: i for i, c in enumerate(g.columns)}
    assert g.cell(r, col["2022-23"]).target == 15.0 and g.cell(r, col["2023-24"]).target == 9.0
    window.undo_stack.undo()
    assert window.session.workspace.period_targets == {} and window.session.workspace.targets == {}


def test_comparison_groups_from_the_dialog_everywhere_a_comparator_is(window, monkeypatch):
    from cpdesk.ui.groups_dialog import GroupsDialog
    window.set_la("Leeds", dirty=None)

    def answer(dialog):
        dialog.name.setText("Core cities")
        dialog.start_from.setCurrentIndex(dialog.start_from.findText("The authorities of the region"))
        dialog.use_button.click()
        assert len(dialog.model.ticked) > 5 and "ticked" in dialog.count.text()
        dialog.name.setText("Yorkshire")
        dialog.new_group()
        dialog.name.setText("Core cities")
        codes = {c.name: c.code for c in dialog.choices}
        dialog.model.set_ticked([codes[n] for n in ("Birmingham", "Bristol, City of", "Manchester", "Leeds")])
        return True

    monkeypatch.setattr(GroupsDialog, "exec", answer)
    window.grid.edit_groups()
    groups = window.session.workspace.groups
    assert [g["name"] for g in groups] == ["Yorkshire", "Core cities"] and len(groups[1]["members"]) == 4
    combo = window.grid_view.comparator
    assert combo.findData("Core cities") >= 0 and combo.findData("Yorkshire") >= 0
    combo.setCurrentIndex(combo.findData("Core cities"))
    g = window.session.grid()
    assert g.comparator_name == "Core cities" and "Core cities" in [c.label for c in g.columns]
    cell = g.cell(_row(g, "cpp_repeat_ever_pct"), g.columns.index(next(c for c in g.columns if c.label == "Core cities")))
    assert "mean of" in cell.note and "Leeds ranks" in cell.note
    window.undo_stack.undo()
    assert window.session.workspace.groups == [] and window.session.workspace.comparator == "Core cities"
    assert window.session.grid().comparator_name == "Core cities"     # kept, shown empty, until chosen again


def test_a_group_dialog_refuses_a_nameless_or_lonely_group(qtbot, monkeypatch):
    from cpdesk.ui.groups_dialog import GroupsDialog
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    dialog = GroupsDialog([], "202")
    qtbot.addWidget(dialog)
    dialog.name.setText("Just Camden")
    dialog.model.set_ticked(["202"])
    dialog.accept()
    assert dialog.result() == 0 and "at least two authorities" in warned[0]


def test_print_preview_of_the_grid_and_the_committee_table(window, monkeypatch, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from cpdesk.ui import printing
    from tests.grid_fixtures import repeat_plans_frame, show_results
    show_results(window, repeat_plans_frame())
    previews = []

    def preview(dialog):
        previews.append(dialog)
        return True

    monkeypatch.setattr(printing, "run_dialog", preview)
    window.grid.print_grid()
    assert previews and previews[0].windowTitle().startswith("Print preview — Barsetshire")
    printer = printing.make_printer()
    assert printer.pageLayout().orientation().name == "Landscape"
    out = tmp_path / "grid.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    from cpdesk.grid_html import grid_html
    printing.render(printer, html=grid_html(window.session.grid(), window.grid.heading_text()))
    text = " ".join(PdfReader(str(out)).pages[0].extract_text().split())
    assert "Barsetshire" in text and "Child protection plans that were a second" in text and "similar" in text
    # the committee table prints as its PDF is drawn
    window.grid.print_committee_table()
    assert len(previews) == 2 and "Committee table" in previews[1].windowTitle()
    table_pdf = tmp_path / "table.pdf"
    printer = printing.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(table_pdf))
    printing.render(printer, committee_table=window.session.summary(periods=["2023-24"]))
    assert "Child protection plans that were a second" in " ".join(PdfReader(str(table_pdf)).pages[0].extract_text().split())


def test_the_user_guide_opens_offline(window, qtbot):
    from cpdesk.ui.help_dialogs import show_user_guide
    show_user_guide(window)
    guide = window._user_guide
    assert guide.isVisible() and guide.browser.source().isLocalFile()
    assert guide.browser.source().toLocalFile().endswith("guide.html")
    text = guide.browser.toPlainText()
    assert "Using cpdesk" in text and "Periods" in text and "Print" in text
    # every picture the guide shows is beside it, and nothing is fetched from elsewhere
    import re
    html = Path(guide.browser.source().toLocalFile()).read_text(encoding="utf-8")
    images = re.findall(r"<img[^>]+src=['\"]([^'\"]+)", html)
    assert images and all((Path(guide.browser.source().toLocalFile()).parent / src).exists() for src in images)
    assert not re.search(r"(src|href)=['\"]https?:", html)
    from PySide6.QtCore import QUrl
    guide.follow(QUrl("https://www.gov.uk/"))
    assert "does not open web pages" in guide.status.text() and guide.browser.source().isLocalFile()


def test_with_no_authority_chosen_the_frozen_comparator_header_says_england(window, qtbot):
    """No authority chosen: no national figures are loaded, yet the comparator column
    beside the periods is headed with England's name, not the role's id."""
    window.resize(1280, 780)
    window.show()
    qtbot.waitExposed(window)
    window.load_paths_now([str(SEEDS / "herefordshire_cp_numbers.xlsx")])     # figures with no England column
    QApplication.processEvents()
    gv, g = window.grid_view, window.session.grid()
    assert g.comparator == "england" and window.session.workspace.la_code is None
    col = next(i for i, c in enumerate(g.columns) if c.key == "england")
    assert not gv.frozen.isColumnHidden(col)
    assert gv.frozen.model().headerData(col, Qt.Horizontal, Qt.DisplayRole) == "England"
    assert "england" not in [gv.frozen.model().headerData(i, Qt.Horizontal, Qt.DisplayRole)
                             for i in range(gv.frozen.model().columnCount())]
