"""Every judgement colour pair is readable (WCAG contrast >= 4.5:1) and carries a symbol and word."""
from __future__ import annotations

from cpdesk.presentation import palette


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_function_matches_known_values():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast("#777777", "#ffffff") < 4.5  # a pair the test must reject


def test_every_background_text_pair_has_contrast_of_at_least_4_5():
    pal = palette()
    pairs = [(k, v["background"], v["text"]) for k, v in pal["states"].items() if v["background"]]
    pairs += [(k, pal[k]["background"], pal[k]["text"]) for k in ("group_header", "comparator_column")]
    assert len(pairs) == 8
    for name, bg, fg in pairs:
        assert contrast(bg, fg) >= 4.5, name


def test_judged_states_have_symbol_and_word_and_distinct_colours():
    states = palette()["states"]
    judged = ["better", "similar", "worse", "green", "amber", "red"]
    for s in judged:
        assert states[s]["symbol"] and states[s]["word"], s
    assert len({states[s]["background"] for s in judged}) == len(judged)
    assert len({states[s]["symbol"] for s in judged}) == len(judged)
    assert states["not_compared"]["background"] is None and states["no_target"]["word"] == ""
