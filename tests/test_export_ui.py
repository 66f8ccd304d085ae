"""The export dialog, the disclosure dialog and the clipboard (offscreen Qt)."""
from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from cpdesk.ui.disclosure_dialog import DisclosureDialog
from cpdesk.ui.export_dialog import ExportDialog
from tests.export_fixtures import AREA, COMMENTARY, observations, quarters_table


@pytest.fixture
def dialog(qtbot):
    d = ExportDialog(None, observations(), None, AREA, "england", COMMENTARY)
    qtbot.addWidget(d)
    return d


def _tick_periods(d, wanted):
    for i in range(d.period_list.count()):
        item = d.period_list.item(i)
        item.setCheckState(Qt.Checked if item.text() in wanted else Qt.Unchecked)


def _choose_format(d, ext):
    d.format_combo.setCurrentIndex(d.format_combo.findData(ext))


def _choose_layout(d, layout):
    """As a user picks it (``activated``), so a later change of format keeps it."""
    d.layout_combo.setCurrentIndex(d.layout_combo.findData(layout))
    d.layout_combo.activated.emit(d.layout_combo.currentIndex())


def test_defaults_come_from_the_data(dialog):
    assert dialog.chosen_periods() == ["2023-24"]                    # the latest full period
    assert dialog.chosen_indicators()[:3] == ["cpp_repeat_ever_pct", "cpp_repeat_ever_count", "icpc_15wd_pct"]
    assert dialog.comparator_combo.currentData() == "england"


def test_order_and_choice_reach_the_table(dialog):
    _choose_layout(dialog, "committee")
    dialog.indicator_list.setCurrentRow(2)                            # icpc to the top
    dialog._move(-1)
    dialog._move(-1)
    for i in range(dialog.indicator_list.count()):
        item = dialog.indicator_list.item(i)
        if item.data(Qt.UserRole) not in ("icpc_15wd_pct", "rereferral_12m_pct"):
            item.setCheckState(Qt.Unchecked)
    table = dialog.build_table()
    assert [r.indicator_key for r in table.rows] == ["icpc_15wd_pct", "rereferral_12m_pct"]
    assert table.rows[0].cells["commentary"].text == COMMENTARY["icpc_15wd_pct"]


def test_export_suppresses_after_asking_and_writes_off_the_ui_thread(dialog, qtbot, tmp_path, monkeypatch):
    import docx
    _choose_layout(dialog, "committee")
    _tick_periods(dialog, {"Q1 2023-24", "Q2 2023-24", "Q3 2023-24", "Q4 2023-24", "2023-24"})
    _choose_format(dialog, ".docx")
    asked = []
    monkeypatch.setattr(dialog, "ask_disclosure", lambda risks, t: asked.append(len(risks)) or "suppress")
    out = tmp_path / "paper.docx"
    with qtbot.waitSignal(dialog.exported, timeout=10000) as sig:
        assert dialog.start_export(str(out))
    assert sig.args == [str(out)] and asked == [6]
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled())
    cells = [[c.text for c in r.cells] for r in docx.Document(str(out)).tables[0].rows]
    started = {r[1]: r[2] for r in cells if r[0] == "Plans starting (number)"}
    assert started["Q2 2023-24"] == "[c]" and started["Q3 2023-24"] == "25"


def test_cancelling_the_disclosure_question_writes_nothing(dialog, tmp_path, monkeypatch):
    _choose_layout(dialog, "committee")
    _tick_periods(dialog, {"Q2 2023-24"})
    monkeypatch.setattr(dialog, "ask_disclosure", lambda risks, t: None)
    assert not dialog.start_export(str(tmp_path / "x.docx"))
    assert not (tmp_path / "x.docx").exists()


def test_existing_file_is_not_replaced_without_confirmation(dialog, tmp_path, monkeypatch):
    out = tmp_path / "paper.xlsx"
    out.write_bytes(b"old")
    _choose_format(dialog, ".xlsx")
    monkeypatch.setattr(dialog, "confirm_overwrite", lambda path: False)
    assert not dialog.start_export(str(out))
    assert out.read_bytes() == b"old"


def test_file_in_use_gives_a_clear_message_and_keeps_the_old_file(dialog, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "paper.xlsx"
    out.write_bytes(b"old")
    _choose_format(dialog, ".xlsx")
    monkeypatch.setattr(dialog, "confirm_overwrite", lambda path: True)
    shown = []
    monkeypatch.setattr(dialog, "show_error", shown.append)

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))
    monkeypatch.setattr(os, "replace", locked)
    with qtbot.waitSignal(dialog.failed, timeout=10000):
        assert dialog.start_export(str(out))
    assert shown and "Close it" in shown[0] and "paper.xlsx" in shown[0]
    assert out.read_bytes() == b"old"
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled())
    assert dialog.chosen_periods() == ["2023-24"]                          # choices kept for the retry


def test_clipboard_holds_html_and_tab_separated_cells(dialog, monkeypatch):
    from PySide6.QtGui import QGuiApplication
    _choose_layout(dialog, "committee")
    monkeypatch.setattr(dialog, "ask_disclosure", lambda risks, t: "suppress")
    assert dialog.copy_to_clipboard()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasHtml() and "<th scope=\"col\"" in mime.html() and "◆ near" in mime.html()
    lines = mime.text().split("\r\n")
    header = lines[0].split("\t")
    assert header[:3] == ["Indicator", "Period", "Value"]
    rr = next(line.split("\t") for line in lines if line.startswith("Re-referrals"))
    assert rr[header.index("Value")] == "24.4" and rr[header.index("vs target")] == "✖ missed"
    assert rr[header.index("Commentary")] == "'-Still above target."
    assert any(line.startswith("'=HYPERLINK") for line in lines)


def test_disclosure_dialog_lists_and_decides(qtbot):
    from cpdesk.export.disclosure import check
    risks = check(quarters_table())
    d = DisclosureDialog(risks, 5)
    qtbot.addWidget(d)
    assert d.table.rowCount() == 6
    texts = [d.table.item(r, 3).text() for r in range(6)]
    assert sum("secondary" in t for t in texts) == 3
    d.publish_button.click()
    assert d.decision == "publish"
    d2 = DisclosureDialog(risks, 5)
    qtbot.addWidget(d2)
    d2.suppress_button.click()
    assert d2.decision == "suppress"


# -- layouts, periods, charts and the whole paper ----------------------------------------------

def test_the_layout_follows_the_format_until_the_user_picks_one(dialog):
    assert dialog.chosen_format() == ".docx" and dialog.chosen_layout() == "trend"
    assert [dialog.layout_combo.itemData(i) for i in range(dialog.layout_combo.count())] == [
        "trend", "areas", "scorecard", "committee"]
    _choose_format(dialog, ".xlsx")
    assert dialog.chosen_layout() == "committee"             # as `cpdesk summary` does for Excel
    _choose_layout(dialog, "scorecard")
    _choose_format(dialog, ".pdf")
    _choose_format(dialog, ".csv")
    assert dialog.chosen_layout() == "scorecard"             # the user's pick is kept


def test_each_layout_shows_only_the_options_it_uses(dialog):
    dialog.show()
    assert dialog.periods_spin.isVisible() and dialog.latest_combo.isVisible()
    assert not dialog.period_list.isVisible() and not dialog.grouped_check.isVisible()
    assert dialog.charts_check.isEnabled() and dialog.paper_check.isEnabled()
    assert "5 years" in dialog.periods_spin.toolTip() and "4 quarters" in dialog.periods_spin.toolTip()
    _choose_layout(dialog, "scorecard")
    assert dialog.periods_label.text() == "&Years:" and not dialog.kind_combo.isEnabled()
    _choose_format(dialog, ".xlsx")
    assert not dialog.charts_check.isEnabled() and not dialog.paper_check.isEnabled()   # no charts in a workbook
    _choose_layout(dialog, "committee")
    assert dialog.period_list.isVisible() and dialog.grouped_check.isVisible()
    assert not dialog.periods_spin.isVisible()
    _choose_format(dialog, ".docx")
    dialog.paper_check.setEnabled(True)
    _choose_layout(dialog, "trend")
    dialog.paper_check.setChecked(True)
    assert dialog.charts_check.isChecked() and not dialog.charts_check.isEnabled()   # a whole paper has its charts


def test_choices_reach_the_trend_table(dialog):
    assert [dialog.kind_combo.itemData(i) for i in range(dialog.kind_combo.count())] == [None, "year", "quarter"]
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("quarter"))
    dialog.periods_spin.setValue(3)
    dialog.latest_combo.setCurrentIndex(dialog.latest_combo.findData("Q3 2023-24"))
    dialog.comparator_combo.setCurrentIndex(dialog.comparator_combo.findData("neighbours"))
    paper = dialog.build_table()
    [t] = paper.tables
    assert [c.header for c in t.columns][:3] == ["Q1 2023-24", "Q2 2023-24", "Q3 2023-24"]
    assert "vs neighbours" in [c.header for c in t.columns]
    assert paper.charts == [] and not paper.whole_paper


def test_areas_layout_from_the_dialog(dialog):
    _choose_layout(dialog, "areas")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("year"))
    paper = dialog.build_table()
    rr = next(t for t in paper.tables if t.key == "rereferral_12m_pct")
    assert [r.label for r in rr.rows] == [AREA, "Statistical neighbours", "England"]
    assert [c.text for c in rr.rows[0].cells] == ["23.0%", "24.4%"]


def test_whole_paper_with_charts_written_off_the_ui_thread(dialog, qtbot, tmp_path, monkeypatch):
    import threading
    import zipfile

    import docx

    import cpdesk.ui.export_worker as worker
    threads = []
    real = worker.ExportWorker.run
    monkeypatch.setattr(worker.ExportWorker, "run", lambda self: threads.append(threading.current_thread()) or real(self))
    monkeypatch.setattr(dialog, "ask_disclosure", lambda risks, t: "suppress")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("year"))
    dialog.paper_check.setChecked(True)
    out = tmp_path / "paper.docx"
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        assert dialog.start_export(str(out))
    assert "chart(s)" in dialog.status.text() or dialog.status.text().startswith("Exported")
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled())
    assert threads and threads[0] is not threading.main_thread()
    doc = docx.Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings[:3] == ["Summary", "The figures", "Trends"]
    catalogued = [k for k in dialog.chosen_indicators() if not k.startswith("label:")]   # local measures: no chart
    assert [c.key for c in dialog.last_table.charts] == catalogued and dialog.last_table.whole_paper
    with zipfile.ZipFile(out) as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) == len(catalogued) == 5


def test_built_in_indicators_are_offered_but_the_users_own_are_ticked(qtbot):
    import pandas as pd

    from cpdesk.observations import Observation, to_frame
    from cpdesk.periods import financial_year
    national = to_frame([Observation("cpp_ceased_2yrs_pct", "x", AREA, "la", financial_year(2024), 4.0,
                                     file="DfE open data", table="national")])
    d = ExportDialog(None, pd.concat([observations(), national], ignore_index=True), None, AREA, "england")
    qtbot.addWidget(d)
    items = {d.indicator_list.item(i).data(Qt.UserRole): d.indicator_list.item(i).checkState()
             for i in range(d.indicator_list.count())}
    assert items["cpp_ceased_2yrs_pct"] == Qt.Unchecked and items["rereferral_12m_pct"] == Qt.Checked


def test_the_grids_kind_of_period_opens_the_dialog(qtbot, monkeypatch):
    from types import SimpleNamespace

    from cpdesk.ui import export_dialog
    monkeypatch.setattr(export_dialog.ExportDialog, "show", lambda self: None)
    ws = SimpleNamespace(area=AREA, comparator="england", commentary={}, targets={}, granularity="quarters")
    d = export_dialog.open_export(None, observations(), None, None, ws)
    qtbot.addWidget(d)
    assert d.kind_combo.currentData() == "quarter"


def test_paper_on_the_clipboard_as_html_and_cells(dialog, monkeypatch):
    from PySide6.QtGui import QGuiApplication
    monkeypatch.setattr(dialog, "ask_disclosure", lambda risks, t: "suppress")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("year"))
    assert dialog.copy_to_clipboard()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasHtml() and '<th scope="row"' in mime.html() and "Open Government Licence" in mime.html()
    lines = mime.text().split("\r\n")
    header = lines[0].split("\t")
    assert header[:3] == ["Indicator", "2022-23", "2023-24"]
    rr = next(line.split("\t") for line in lines if line.startswith("Re-referrals"))
    assert rr[1:3] == ["23.0", "24.4"] and "▼ worse" in rr
    assert any(line.startswith("'=HYPERLINK") for line in lines)
