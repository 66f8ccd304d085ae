"""A national open-data list names each row's area by its geographic level: England, a region, an authority."""
from __future__ import annotations

from cpdesk.importing.importer import import_file


def test_national_regional_and_authority_rows_are_named_by_their_level(tmp_path):
    lines = ["time_period,geographic_level,country_name,region_name,la_name,CPP_start"]
    lines.append("202324,National,England,,,500")
    lines.append("202324,Regional,England, London ,,120")
    lines += [f"202324,Local authority,England,London,Authority {k},{k}" for k in range(6)]
    lines.append("202324,Local authority,England,North East,Authority 6,6")
    lines.append("202324,Regional,England,North East,,80")
    path = tmp_path / "national.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    obs = import_file(path).observations
    assert list(obs["area"]) == ["England", "London"] + [f"Authority {k}" for k in range(7)] + ["North East"]
    assert list(obs["area_role"]) == ["england", "region"] + ["la"] * 7 + ["region"]
    assert list(obs["value"]) == [500, 120, 0, 1, 2, 3, 4, 5, 6, 80]
