"""Each observation of a tidy list names its cell ("K7") and its source ("file › sheet › K7")."""
from __future__ import annotations

from cpdesk.catalogue import default_catalogue
from cpdesk.importing.importer import import_file
from cpdesk.importing.tidy import read_tidy, recognise_tidy
from cpdesk.observations import source_text, source_texts


def test_each_measure_column_names_its_own_cells_and_a_blank_cell_is_skipped(tmp_path):
    path = tmp_path / "cin.csv"
    path.write_text("time_period,geographic_level,la_name,region_name,CPP_start,CPP_subsequent_percent\n"
                    "2021,Local authority,Leeds,Yorkshire,10,12.5\n"
                    "2022,Local authority,Leeds,Yorkshire,11,\n"
                    "2023,Local authority,Leeds,Yorkshire,12,14\n", encoding="utf-8")
    obs = import_file(path).observations
    assert list(obs["cell"]) == ["E2", "E3", "E4", "F2", "F4"]
    assert list(source_texts(obs)) == ["cin.csv › E2", "cin.csv › E3", "cin.csv › E4", "cin.csv › F2", "cin.csv › F4"]
    assert list(obs["value"]) == [10, 11, 12, 12.5, 14]
    assert obs["cell"].dtype == obs["source_prefix"].dtype == source_texts(obs).dtype == "str"
    # the rows hold one prefix text, not a source each
    assert obs["source_prefix"].iloc[0] == "cin.csv › "
    assert len({id(p) for p in obs["source_prefix"].to_numpy(dtype=object)}) == 1


def test_a_list_below_a_title_in_a_named_sheet_has_the_sheet_in_its_source():
    cat = default_catalogue()
    header = ["Year", "Area", "Measure", "Value"]
    rows = [["Child protection figures"], [], header] + [
        [2020 + r, "Leeds", "Number of children subject to a child protection plan", r] for r in range(30)]
    cols = recognise_tidy(header, cat)
    frame, _ = read_tidy(rows, 2, cols, cat, file="book.xlsx", sheet="CP data", table="CP data#1",
                         default_area="Leeds")
    assert frame["cell"].iloc[0] == "D4" and frame["cell"].iloc[-1] == "D33"
    assert list(source_texts(frame)) == [source_text("book.xlsx", "CP data", c) for c in frame["cell"]]
    assert source_texts(frame).iloc[0] == "book.xlsx › CP data › D4"


def test_columns_past_z_have_two_letters():
    cat = default_catalogue()
    header = ["time_period", "la_name"] + [f"filler_{i}" for i in range(26)] + ["CPP_start"]
    cols = recognise_tidy(header, cat)
    rows = [header] + [["2021", "Leeds"] + [""] * 26 + [5], ["2022", "Leeds"] + [""] * 26 + [6]]
    frame, _ = read_tidy(rows, 0, cols, cat, file="x.csv", sheet="x", table="x#1", default_area="Leeds")
    ac = frame[frame["label"] == "CPP_start"]
    assert list(ac["cell"]) == ["AC2", "AC3"] and list(source_texts(ac)) == ["x.csv › AC2", "x.csv › AC3"]
