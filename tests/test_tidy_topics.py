"""A tidy list's topic column ("category": the same text in every row) is context for its measures."""
from __future__ import annotations

from cpdesk.catalogue import default_catalogue
from cpdesk.importing.tidy import _Columns, _topics, recognise_tidy

HEADER = ["time_period", "geographic_level", "la_name", "category", "CPP_start"]


def _topics_of(categories: list[str]) -> tuple[str, ...]:
    cols = recognise_tidy(HEADER, default_catalogue())
    body = [["2023", "Local authority", f"Authority {k}", c, float(k)] for k, c in enumerate(categories)]
    return _topics(_Columns(body, len(HEADER)), HEADER, cols)


def test_the_same_text_in_every_row_is_the_topic_blank_cells_and_spaces_aside():
    topic = "Section 47s and Initial Child Protection Conferences"
    assert _topics_of([topic] * 300 + ["", f" {topic} "]) == (topic,)


def test_a_column_that_changes_early_or_only_after_its_first_rows_is_no_topic():
    assert _topics_of(["Category 0", "Category 1"] * 150) == ()
    assert _topics_of(["Category 0"] * 250 + ["Category 1"]) == ()
