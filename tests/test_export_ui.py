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


def test_defaults_come_from_the_data(dialog):
    assert dialog.chosen_periods() == ["2023-24"]                    # the latest full period
    assert dialog.chosen_indicators()[:3] == ["cpp_repeat_ever_pct", "cpp_repeat_ever_count", "icpc_15wd_pct"]
    assert dialog.comparator_combo.currentData() == "england"


def test_order_and_choice_reach_the_table(dialog):
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
