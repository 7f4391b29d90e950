"""Compare's difference intervals: Newcombe's published example, coverage of no difference,
and the caution below the minimum support."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.query.compare_stats import (
    MIN_SUPPORT,
    difference_interval,
    support_caution,
    wilson,
    with_intervals,
)


def test_wilson_matches_the_textbook_value() -> None:
    # Newcombe (1998), Table I: 81/263 → 0.2553 to 0.3662
    low, high = wilson(81, 263)
    assert low == pytest.approx(0.2553, abs=5e-4) and high == pytest.approx(0.3662, abs=5e-4)


def test_newcombe_difference_matches_the_published_example() -> None:
    # Newcombe (1998), Table II example (a): 56/70 − 48/80 → 0.0524 to 0.3339 (method 10)
    low, high = difference_interval(56, 70, 48, 80)
    assert low == pytest.approx(0.0524, abs=5e-4) and high == pytest.approx(0.3339, abs=5e-4)


def test_the_issue_example_is_not_a_clear_difference() -> None:
    # 3 of 15 against 2 of 50: "16 pp more" but the interval reaches below zero
    profile = pd.DataFrame(
        {"statements_a": [3], "statements_b": [2], "share_a": [0.2], "share_b": [0.04]}
    )
    profile["gap"] = (profile["share_a"] - profile["share_b"]) * 100
    row = with_intervals(profile, 15, 50).iloc[0]
    assert row["gap_low"] < 0 < row["gap_high"] and not row["clear"]
    big = with_intervals(profile.assign(statements_a=[300], statements_b=[20]), 1500, 5000)
    assert bool(big.iloc[0]["clear"])


def test_a_caution_names_the_thin_side() -> None:
    assert support_caution(MIN_SUPPORT, 500, ("Russia", "Turkey")) is None
    text = support_caution(15, 500, ("Hakan Fidan", "Turkey"))
    assert "Hakan Fidan (15)" in text and "Turkey" not in text
