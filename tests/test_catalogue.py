import pytest

from cpdesk.catalogue import default_catalogue, load_catalogue, local_indicator


@pytest.mark.parametrize("label, expected", [
    ("No. CPP started", "cpp_started_count"),
    ("% of children starting a CPP who had previous one in the last 2 years", "cpp_repeat_2yrs_pct"),
    ("2. % of child protection plans lasting 2 years or more as at 31 March*", "cpp_open_2yrs_pct"),
    ("% ICPCs held within 15 working days", "icpc_15wd_pct"),
    ("Initial Child Protection Conferences within 15 days (%)", "icpc_15wd_pct"),
    ("% Repeat CP plans", "cpp_repeat_ever_pct"),
    ("NI 65", "cpp_repeat_ever_pct"),
    ("CPP_subsequent_percent", "cpp_repeat_ever_pct"),
    ("Number of S47 enquiries", "s47_count"),
    ("Re-referrals within 12 months (%)", "rereferral_12m_pct"),
    ("CPP rate per 10,000", "cpp_rate_per_10k"),
    ("% of CP plans reviewed within timescale", "cpp_reviews_on_time_pct"),
])
def test_labels_match(label, expected):
    m = default_catalogue().match(label)
    assert m is not None and m.indicator_id == expected


@pytest.mark.parametrize("label, count, percent", [
    ("Previous CPP within 2 years", "cpp_repeat_2yrs_count", "cpp_repeat_2yrs_pct"),
    ("Child protection plans lasting 2 years or more as at 31 March", "cpp_open_2yrs_count", "cpp_open_2yrs_pct"),
])
def test_a_label_that_does_not_say_number_or_percent_is_only_a_suggestion(label, count, percent):
    rec = default_catalogue().recognise(label)
    assert default_catalogue().match(label) is None
    assert rec.status == "suggested"
    assert {c.indicator_id for c in rec.candidates[:2]} == {count, percent}
    assert "does not say whether it is a number or a %" in rec.explanation


@pytest.mark.parametrize("label", ["Total", "Q4 2019-20", "Children seen by a nurse", "", "Comments"])
def test_non_indicators_do_not_match(label):
    assert default_catalogue().match(label) is None


def test_percentage_label_never_matches_a_count():
    m = default_catalogue().match("% ICPC within 15 working days")
    assert default_catalogue()[m.indicator_id].unit == "percent"


def test_polarities_from_design():
    c = default_catalogue()
    assert c["cpp_repeat_ever_pct"].polarity == "lower"
    assert c["cpp_ceased_2yrs_pct"].polarity == "lower"
    assert c["icpc_15wd_pct"].polarity == "higher"
    assert c["cpp_open_count"].polarity == "none"
    assert c["cpp_rate_per_10k"].polarity == "none"


def test_overrides_and_local_indicators():
    c = default_catalogue().with_overrides({"cpp_rate_per_10k": {"polarity": "lower", "tolerance_pct": 3}})
    assert c["cpp_rate_per_10k"].polarity == "lower" and c["cpp_rate_per_10k"].tolerance_pct == 3
    assert default_catalogue()["cpp_rate_per_10k"].polarity == "none"
    ind = local_indicator("Children seen by a nurse", polarity="higher", unit="count")
    c2 = c.with_local([ind])
    assert c2[ind.id].local and c2[ind.id].polarity == "higher"


def test_duplicate_ids_are_refused(tmp_path):
    (tmp_path / "core.json").write_text('{"indicators": [{"id": "a", "name": "A"}]}')
    (tmp_path / "more.json").write_text('{"indicators": [{"id": "a", "name": "A again"}]}')
    with pytest.raises(ValueError, match="defined twice"):
        load_catalogue(tmp_path)
