import csv
import json

from cpdesk.cli import main
from cpdesk.observations import OUTPUT_COLUMNS

EXTRACT = """Child ID,Plan start date,Plan end date,Number of previous child protection plans,Strategy discussion date,ICPC date
C1,15/03/2020,20/04/2020,0,02/03/2020,15/03/2020
C2,10/01/2020,,1,20/12/2019,10/01/2020
C1,01/06/2020,,0,20/05/2020,01/06/2020
C3,05/05/2020,01/05/2020,0,,
"""


def _write(tmp_path, text=EXTRACT, name="extract.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_records_writes_observations_in_the_inspect_columns(tmp_path, capsys):
    src = _write(tmp_path)
    out = tmp_path / "out.json"
    rc = main(["records", str(src), "--by", "year", "--population", "20000", "--out", str(out), "--as-of", "30/09/2020"])
    assert rc == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    rows = {(r["indicator"], r["period"]): r for r in payload["rows"]}
    assert list(payload["rows"][0]) == OUTPUT_COLUMNS
    assert rows[("cpp_started_count", "2019-20")]["value"] == 2
    assert rows[("cpp_open_count", "2019-20")]["value"] == 2          # C1 (to 20 Apr) and C2 at 31 Mar 2020
    assert rows[("cpp_repeat_ever_pct", "2020-21")]["value"] == 100.0  # C1's second plan
    assert rows[("cpp_rate_per_10k", "2019-20")]["value"] == 1.0       # 2 / 20,000 * 10,000
    assert rows[("icpc_15wd_pct", "2019-20")]["numerator"] == 2
    assert rows[("icpc_15wd_pct", "2019-20")]["denominator"] == 2
    assert payload["rules"]["long_plan_days_more_than"] == 729
    err = capsys.readouterr().err
    assert "1 record(s) left out" in err and "ends before it starts" in err


def test_explain_hides_child_ids_unless_asked(tmp_path, capsys):
    src = _write(tmp_path)
    rc = main(["records", str(src), "--by", "year", "--explain", "cpp_started_count", "--period", "2019-20"])
    assert rc == 0
    out = capsys.readouterr()
    assert "cpp_started_count 2019-20: 2 record(s)" in out.out
    assert "child 1" in out.out and "C1" not in out.out and "C2" not in out.out
    ex = tmp_path / "ex.csv"
    rc = main(["records", str(src), "--by", "year", "--explain", "cpp_started_count", "--period", "2019-20",
               "--explain-out", str(ex), "--include-child-ids"])
    assert rc == 0
    with open(ex, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["child_id"] for r in rows) == ["C1", "C2"]
    assert sorted(r["row"] for r in rows) == ["2", "3"]
    assert "personal data" in capsys.readouterr().err


def test_quality_report_file_and_mapping_file(tmp_path, capsys):
    src = _write(tmp_path, "Ref,Began,Finished\nX1,01/04/2020,\nX2,02/04/2020,01/04/2020\n", "odd.csv")
    out = tmp_path / "o.csv"
    assert main(["records", str(src), "--out", str(out)]) == 3
    assert "no list of child protection plans" in capsys.readouterr().err
    mp = tmp_path / "map.json"
    mp.write_text(json.dumps({"columns": {"child_id": "Ref", "plan_start": "Began", "plan_end": "Finished"}}))
    q = tmp_path / "q.csv"
    assert main(["records", str(src), "--mapping", str(mp), "--out", str(out), "--quality", str(q)]) == 0
    with open(q, encoding="utf-8-sig", newline="") as fh:
        rep = list(csv.DictReader(fh))
    assert [(r["row"], r["check"]) for r in rep] == [("3", "end_before_start")]
    assert "child_id" not in rep[0]
    assert main(["records", str(src), "--mapping", str(mp), "--explain", "no_such_indicator"]) == 3
