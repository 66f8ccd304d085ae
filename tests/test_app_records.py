"""Child-level records in the window (pytest-qt, offscreen): figures in the grid, drill-down,
data quality, counting rules, column mapping. Dialogs are driven directly or monkeypatched."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from cpdesk.models.sources_model import KindRole

FLAT = ("Child ID,Plan start date,Plan end date,Number of previous child protection plans\n"
        "A1,01/01/2017,01/06/2018,0\n"
        "A1,01/03/2020,,1\n"
        "B2,15/02/2020,,0\n"
        "C3,10/05/2020,,0\n"
        "D4,31/02/2020,,0\n")


@pytest.fixture
def flat_csv(tmp_path):
    path = tmp_path / "cp_extract.csv"
    path.write_text(FLAT, encoding="utf-8")
    return path


def _index(window, key, column_label):
    g = window.session.grid()
    r = next(i for i, row in enumerate(g.rows) if row.key == key)
    c = next(i for i, col in enumerate(g.columns) if col.label == column_label)
    return window.grid_view.model.index(r, c)


def _text(window, key, column_label):
    return _index(window, key, column_label).data(Qt.DisplayRole)


def _figure(window, key, column_label):
    idx = _index(window, key, column_label)
    cell = window.session.grid().cells[idx.row()][idx.column()]
    return cell.value, cell.numerator, cell.denominator


def _drill(window, key, column_label):
    menu = window.records.context_menu(_index(window, key, column_label))
    action = menu.actions()[0]
    assert action.text() == "Show the records behind this figure…" and action.isEnabled()
    action.trigger()
    return window.records.open_dialogs[-1]


def _column(model, name):
    c = model.column_names().index(name)
    return [model.index(r, c).data() for r in range(model.rowCount())]


def test_dropped_annex_a_workbook_gives_computed_rows_in_the_grid(window, qtbot, shared_dir, tmp_path):
    src = tmp_path / "annex_a.xlsx"
    shutil.copy(shared_dir / "samples" / "annex_a_synthetic.xlsx", src)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(src))])
    event = QDropEvent(QPoint(40, 40), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    with qtbot.waitSignal(window.loader.finished, timeout=30000):
        window.dropEvent(event)
    assert window.session.grid().granularity == "quarters"
    assert _text(window, "cpp_open_count", "Q1 2020-21") == "4 ↑"
    assert _text(window, "s47_count", "Q2 2020-21") == "5 ↑"
    assert _text(window, "icpc_15wd_pct", "Q3 2020-21") == "100.0% †"
    idx = _index(window, "icpc_15wd_pct", "Q3 2020-21")
    cell = window.session.grid().cells[idx.row()][idx.column()]
    assert (cell.numerator, cell.denominator) == (3, 3)
    assert cell.source == "annex_a.xlsx › List 5 › computed from 5 enquiry records"
    # the other Annex A lists are not offered for mapping, and no "no values found" warning is shown
    loaded = window.session.loaded[str(src.resolve())]
    assert loaded.candidates == [] and loaded.warnings == []
    # sources panel: computed from N records, with the data-quality count
    m = window.sources_panel.model
    file_idx = m.index(0, 0)
    assert "12 records, 0 data-quality problem(s)" in m.index(0, 1).data()
    kinds = {m.index(i, 0, file_idx).data(KindRole): m.index(i, 0, file_idx) for i in range(m.rowCount(file_idx))}
    rec = kinds["records"]
    assert m.index(rec.row(), 1, file_idx).data().startswith("computed from 12 records")
    children = [m.index(i, 0, rec).data() for i in range(m.rowCount(rec))]
    assert children[-1] == "Data quality (0)"
    assert any(c.startswith("List 7: Ofsted Annex A List 7") for c in children)


def test_drilldown_lists_the_records_behind_a_figure_ids_hidden_by_default(window, shared_dir, qtbot, tmp_path,
                                                                          monkeypatch):
    window.load_paths_now([shared_dir / "samples" / "annex_a_synthetic.xlsx"])
    dialog = _drill(window, "s47_count", "Q2 2020-21")
    model = dialog.table.model
    assert model.rowCount() == 5
    assert _column(model, "child_id") == ["child 1", "child 2", "child 3", "child 4", "child 5"]
    assert _column(model, "row") == ["2", "3", "4", "5", "6"]
    assert _column(model, "sheet") == ["List 5"] * 5
    assert dialog.table.warning.isHidden()
    text = dialog.table.copy()
    assert QApplication.clipboard().text() == text
    assert len(text.splitlines()) == 6 and "11641472" not in text
    dialog.table.show_ids.setChecked(True)
    assert not dialog.table.warning.isHidden() and "personal data" in dialog.table.warning.text()
    assert _column(model, "child_id")[0] == "11641472"
    # saving with identifiers asks first; Cancel writes nothing, Save writes the table atomically
    out = tmp_path / "behind.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "CSV (*.csv)"))
    asked = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: asked.append(a[2]) or QMessageBox.Cancel)
    assert dialog.table.save_csv() is None and not out.exists()
    assert "personal data" in asked[0]
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.Save)
    assert dialog.table.save_csv() == str(out)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 6 and lines[0].startswith("File,Sheet,Row,Child") and "11641472" in lines[1]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".behind")] == []


def test_drilldown_marks_the_numerator_and_sorts(window, shared_dir):
    window.load_paths_now([shared_dir / "samples" / "annex_a_synthetic.xlsx"])
    dialog = _drill(window, "icpc_15wd_pct", "Q3 2020-21")
    model = dialog.table.model
    assert model.rowCount() == 3
    assert _column(model, "in_numerator") == ["yes", "yes", "yes"]
    assert _column(model, "working_days") == ["13", "13", "11"]   # 16 Sep 2020 to 5 Oct / 1 Oct
    assert dialog.counts.text() == "3 record(s)."
    assert _column(model, "row") == ["2", "3", "6"]
    model.sort(model.column_names().index("row"), Qt.DescendingOrder)
    assert _column(model, "row") == ["6", "3", "2"]


def test_flat_extract_quality_rule_change_and_details_button(window, qtbot, flat_csv, monkeypatch):
    window.session.workspace.la_name = "Northshire"
    window.load_paths_now([flat_csv])
    assert set(window.session.observations()["area"]) == {"Northshire"}
    window.session.set_options(area="Northshire")
    assert _figure(window, "cpp_repeat_2yrs_pct", "Q4 2019-20") == (50.0, 1, 2)
    assert _figure(window, "cpp_repeat_ever_pct", "Q4 2019-20") == (50.0, 1, 2)
    # the details pane offers the drill-down for a computed figure only
    idx = _index(window, "cpp_repeat_2yrs_pct", "Q4 2019-20")
    window.grid_view.table.setCurrentIndex(idx)
    assert not window.records.details_button.isHidden() and window.records.drill_action.isEnabled()
    window.records.details_button.click()
    dialog = window.records.open_dialogs[-1]
    assert _column(dialog.table.model, "in_numerator") == ["yes", "no"]
    assert _column(dialog.table.model, "row") == ["3", "4"]
    # data quality: the impossible date is reported with its row and left out
    loaded = window.session.loaded[str(flat_csv.resolve())]
    assert loaded.records.n_problems == 1
    view = window.records.show_quality(str(flat_csv.resolve()))
    assert view.table.model.rowCount() == 1
    assert _column(view.table.model, "row") == ["6"]
    assert _column(view.table.model, "check_name") == ["Date cell that is not a date"]
    assert _column(view.table.model, "child_id") == ["child 1"]
    # the repeat rule measured from the previous plan's start: the 2017 plan started too long ago
    from cpdesk.records.computed_source import RecordsSettings
    import cpdesk.ui.records_rules_dialog as rules_dialog
    monkeypatch.setattr(rules_dialog, "ask_settings",
                        lambda parent, settings, catalogue=None: RecordsSettings("start", settings.periods))
    with qtbot.waitSignal(window.records.recomputed, timeout=20000):   # computed off the UI thread
        window.records.rules_action.trigger()
    assert window.session.workspace.records["repeat_within_from"] == "start"
    assert window.session.dirty
    assert _figure(window, "cpp_repeat_2yrs_pct", "Q4 2019-20") == (0.0, 0, 2)
    assert _figure(window, "cpp_repeat_ever_pct", "Q4 2019-20") == (50.0, 1, 2)


def test_rule_setting_is_kept_in_the_workspace_and_used_when_loading(window, flat_csv, tmp_path):
    from cpdesk.workspace import load_workspace, save_workspace
    window.session.workspace.records = {"repeat_within_from": "start", "periods": ["year"]}
    window.load_paths_now([flat_csv])
    kinds = set(window.session.observations()["period_kind"])
    assert kinds == {"year"}
    ws_path = save_workspace(window.session.workspace, tmp_path / "w.cpdesk")
    again = load_workspace(ws_path)
    assert again.records == {"repeat_within_from": "start", "periods": ["year"]}
    assert again.sources == [str(flat_csv.resolve())]


def test_unrecognised_headings_open_the_mapping_dialog_and_the_mapping_is_remembered(window, qtbot, tmp_path,
                                                                                     monkeypatch):
    from cpdesk.ui import records_mapping_dialog as mdlg
    odd = tmp_path / "odd.csv"
    odd.write_text(FLAT.replace("Child ID,Plan start date,Plan end date,Number of previous child protection plans",
                                "Person Ref,Began,Finished,Prev CPPs"), encoding="utf-8")
    window.load_paths_now([odd])
    loaded = window.session.loaded[str(odd.resolve())]
    assert loaded.records is None and [c.sheet for c in loaded.candidates] == ["odd"]
    assert loaded.candidates[0].guessed == {"child_id": 0}
    seen = {}

    def fake_exec(dialog):
        seen["previews"] = dialog.previews["child_id"].text()
        seen["ok_before"] = dialog.ok.isEnabled()
        dialog.choose("plan_start", "Began")
        dialog.choose("plan_end", "Finished")
        dialog.choose("previous_plans", "Prev CPPs")
        seen["ok_after"] = dialog.ok.isEnabled()
        return 1

    monkeypatch.setattr(mdlg.RecordsMappingDialog, "exec", fake_exec)
    with qtbot.waitSignal(window.loader.finished, timeout=30000):
        window.records.ask_pending_mappings()
    assert seen == {"previews": "A1, A1, B2…", "ok_before": False, "ok_after": True}
    loaded = window.session.loaded[str(odd.resolve())]
    assert loaded.records is not None and loaded.records.n_records == 5
    window.session.set_options(area="Local authority")
    assert _figure(window, "cpp_repeat_ever_pct", "Q4 2019-20") == (50.0, 1, 2)
    from cpdesk.ui.records_controller import mappings_store
    store = mappings_store()
    assert store.exists() and str(tmp_path / "settings") in str(store)
    # another file with the same headings is read with the remembered mapping, without asking
    monkeypatch.setattr(mdlg.RecordsMappingDialog, "exec", lambda dialog: pytest.fail("asked again"))
    other = tmp_path / "odd_next_quarter.csv"
    shutil.copy(odd, other)
    window.load_paths_now([other])
    assert window.session.loaded[str(other.resolve())].records.n_records == 5
    window.records.ask_pending_mappings()


def test_skipping_the_mapping_dialog_asks_only_once(window, tmp_path, monkeypatch):
    from cpdesk.ui import records_mapping_dialog as mdlg
    odd = tmp_path / "odd.csv"
    odd.write_text(FLAT.replace("Plan start date,Plan end date", "Began,Finished"), encoding="utf-8")
    window.load_paths_now([odd])
    calls = []
    monkeypatch.setattr(mdlg.RecordsMappingDialog, "exec", lambda dialog: calls.append(dialog.candidate.sheet) or 0)
    window.records.ask_pending_mappings()
    window.records.ask_pending_mappings()
    assert calls == ["odd"]
    assert window.session.loaded[str(odd.resolve())].records is None


def test_context_menu_is_disabled_for_figures_not_computed_from_records(window, flat_csv):
    from types import SimpleNamespace

    from tests.grid_fixtures import repeat_plans_frame
    window.session.add_loaded("/data/scorecard.xlsx", SimpleNamespace(observations=repeat_plans_frame(), tables=[],
                                                                      warnings=[], unrecognised=[], hidden_sheets=[]))
    window.session.set_options(area="Barsetshire")
    idx = _index(window, "cpp_repeat_ever_pct", "2023-24")
    assert not window.records.context_menu(idx).actions()[0].isEnabled()
    window.grid_view.table.setCurrentIndex(idx)
    assert window.records.details_button.isHidden()
    assert window.records.show_records_for_current() is None
    assert any("Select a figure computed from records" in t for _, t in window.messages.messages())


def _blocking_compute(monkeypatch):
    """Make the records computation wait for the test, and note the thread it runs on."""
    import threading

    import cpdesk.records.computed_source as computed_source
    real = computed_source.compute
    seen = {"threads": set(), "release": threading.Event()}

    def compute(*args, **kwargs):
        seen["threads"].add(threading.current_thread())
        assert seen["release"].wait(20), "the test never let the computation go on"
        return real(*args, **kwargs)
    monkeypatch.setattr(computed_source, "compute", compute)
    return seen


def test_rule_change_recomputes_on_a_worker_thread_while_the_window_stays_responsive(window, qtbot, flat_csv,
                                                                                      monkeypatch):
    import threading

    from PySide6.QtCore import QTimer

    from cpdesk.records.computed_source import RecordsSettings
    window.load_paths_now([flat_csv])
    assert _figure(window, "cpp_repeat_2yrs_pct", "Q4 2019-20") == (50.0, 1, 2)
    seen = _blocking_compute(monkeypatch)
    ticks = []
    with qtbot.waitSignal(window.records.recomputed, timeout=20000):
        window.records.apply_settings(RecordsSettings("start", window.records.settings().periods))
        # back at once, with the computation held on the worker: the UI thread still runs its event loop
        assert window.records.recompute_worker.isRunning()
        assert not window.status.progress.isHidden() and not window.status.cancel_button.isHidden()
        QTimer.singleShot(0, lambda: ticks.append("event handled"))
        qtbot.waitUntil(lambda: ticks == ["event handled"], timeout=5000)
        qtbot.waitUntil(lambda: bool(seen["threads"]), timeout=5000)
        # the grid still shows the figures of the rules in force until the new ones are all in
        assert _figure(window, "cpp_repeat_2yrs_pct", "Q4 2019-20") == (50.0, 1, 2)
        seen["release"].set()
    assert seen["threads"] and threading.main_thread() not in seen["threads"]
    assert _figure(window, "cpp_repeat_2yrs_pct", "Q4 2019-20") == (0.0, 0, 2)   # the 2017 plan started too long ago
    assert window.records.recompute_worker is None and window.status.progress.isHidden()
    assert window.status.text() == "Figures from records computed with the new rules."


def test_cancelling_a_recompute_keeps_the_figures_and_their_rules(window, qtbot, flat_csv, monkeypatch):
    from cpdesk.records.computed_source import RecordsSettings
    window.load_paths_now([flat_csv])
    before = dict(window.session.workspace.records)
    seen = _blocking_compute(monkeypatch)
    with qtbot.waitSignal(window.records.recomputed, timeout=20000):
        window.records.apply_settings(RecordsSettings("start", window.records.settings().periods))
        assert window.session.workspace.records["repeat_within_from"] == "start"
        qtbot.waitUntil(lambda: bool(seen["threads"]), timeout=5000)
        window.status.cancel_button.click()
        seen["release"].set()
    assert _figure(window, "cpp_repeat_2yrs_pct", "Q4 2019-20") == (50.0, 1, 2)
    assert window.session.workspace.records.get("repeat_within_from", "end") == before.get("repeat_within_from", "end") == "end"
    assert any("cancelled" in t for _, t in window.messages.messages())


def test_a_second_rule_change_while_computing_wins(window, qtbot, flat_csv, monkeypatch):
    from cpdesk.records.computed_source import RecordsSettings
    window.load_paths_now([flat_csv])
    periods = window.records.settings().periods
    seen = _blocking_compute(monkeypatch)
    with qtbot.waitSignal(window.records.recomputed, timeout=20000):
        window.records.apply_settings(RecordsSettings("start", periods))
        qtbot.waitUntil(lambda: bool(seen["threads"]), timeout=5000)
        window.records.apply_settings(RecordsSettings("end", ("year",)))
        seen["release"].set()
    assert set(window.session.observations().loc[window.session.observations()["table"] == "records", "period_kind"]) == {"year"}
    assert window.session.workspace.records["periods"] == ["year"]

