"""The fit's per-theme rules: what cross-validated probabilities make it add or remove."""

from __future__ import annotations

import numpy as np

from analysis.extract.theme_fit import Example, Rule, _best_rule, _Columns


def _examples(rows: list[tuple[set, set, set]]) -> list[Example]:
    """(gold, pattern themes, of those the content's own) per example."""
    return [
        Example(
            features=(),
            themes=frozenset(g),
            patterns=frozenset(p),
            own=frozenset(o),
            group=str(n),
        )
        for n, (g, p, o) in enumerate(rows)
    ]


def test_unlikely_context_themes_are_removed_and_own_ones_kept() -> None:
    t = "ceasefire_security"
    rows = [({t}, {t}, {t})] * 4 + [(set(), {t}, set())] * 4 + [({t}, {t}, set())] * 2
    probability = np.array([0.01] * 4 + [0.1] * 4 + [0.8] * 2)
    rule, score, patterns = _best_rule(_Columns.of(_examples(rows), t, probability))
    assert rule.add_at is None and rule.add_any_at is None
    assert rule.remove_below is not None and 0.1 < rule.remove_below <= 0.8
    assert score == 1.0 and patterns < 1.0  # own themes stay even at p = 0.01


def test_adds_go_only_to_statements_whose_words_name_no_theme() -> None:
    t, other = "humanitarian", "counterterrorism"
    rows = [({t}, set(), set())] * 3 + [({other}, {other}, {other})] * 3
    probability = np.array([0.9] * 3 + [0.95] * 3)
    columns = _Columns.of(_examples(rows), t, probability)
    rule, score, _ = _best_rule(columns)
    assert rule.add_at is not None and rule.add_at >= 0.7 and rule.remove_below is None
    assert rule.add_any_at is None
    assert score == 1.0  # the confident p = 0.95 beside "counterterrorism" added nothing
    assert columns.predicted(rule).tolist() == [True] * 3 + [False] * 3


def test_a_likely_theme_is_added_beside_the_contents_own_when_that_helps() -> None:
    t, other = "bilateral_consultation", "transition"
    rows = [({t, other}, {other}, {other})] * 3 + [({other}, {other}, {other})] * 3
    probability = np.array([0.9] * 3 + [0.3] * 3)
    columns = _Columns.of(_examples(rows), t, probability)
    rule, score, patterns = _best_rule(columns)
    assert rule.add_any_at is not None and 0.3 < rule.add_any_at <= 0.9
    assert score == 1.0 and patterns == 0.0
    assert columns.predicted(rule).tolist() == [True] * 3 + [False] * 3


def test_a_very_unlikely_own_theme_is_vetoed_when_that_helps() -> None:
    t = "humanitarian"
    rows = [({t}, {t}, {t})] * 3 + [(set(), {t}, {t})] * 3  # "civilian aircraft" matches too
    probability = np.array([0.8] * 3 + [0.02] * 3)
    columns = _Columns.of(_examples(rows), t, probability)
    rule, score, patterns = _best_rule(columns)
    assert rule.veto_below is not None and 0.02 < rule.veto_below <= 0.2
    assert score == 1.0 and patterns < 1.0
    assert columns.predicted(rule).tolist() == [True] * 3 + [False] * 3


def test_no_rule_when_the_patterns_are_already_right() -> None:
    t = "chemical_weapons"
    rows = [({t}, {t}, {t})] * 3 + [(set(), set(), set())] * 3
    probability = np.array([0.2] * 3 + [0.99] * 3)
    assert _best_rule(_Columns.of(_examples(rows), t, probability))[0] == Rule()
