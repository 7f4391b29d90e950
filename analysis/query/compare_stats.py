"""How sure a Compare difference is: Newcombe's interval for a difference of two shares, and
which differences rest on too few statements to brief on."""

from __future__ import annotations

import math

import pandas as pd

Z95 = 1.959964  # the two-sided 95 % normal quantile
MIN_SUPPORT = 30  # a side with fewer statements gets a caution: its shares move a lot


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval of the share k/n (0..1); (0, 1) when n is 0."""
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def difference_interval(
    k_a: int, n_a: int, k_b: int, n_b: int, z: float = Z95
) -> tuple[float, float]:
    """Newcombe's hybrid score interval (method 10) of k_a/n_a − k_b/n_b, in 0..1 units."""
    p_a = k_a / n_a if n_a else 0.0
    p_b = k_b / n_b if n_b else 0.0
    low_a, high_a = wilson(k_a, n_a, z)
    low_b, high_b = wilson(k_b, n_b, z)
    d = p_a - p_b
    low = d - math.sqrt((p_a - low_a) ** 2 + (high_b - p_b) ** 2)
    high = d + math.sqrt((high_a - p_a) ** 2 + (p_b - low_b) ** 2)
    return low, high


def with_intervals(profile: pd.DataFrame, n_a: int, n_b: int) -> pd.DataFrame:
    """A compare profile (statements_a/_b, share_a/_b, gap) with the 95 % interval of each gap
    in percentage points (gap_low, gap_high) and whether it excludes no difference (clear)."""
    bounds = [
        difference_interval(int(a), n_a, int(b), n_b)
        for a, b in zip(profile["statements_a"], profile["statements_b"], strict=True)
    ]
    out = profile.copy()
    out["gap_low"] = [low * 100 for low, _ in bounds]
    out["gap_high"] = [high * 100 for _, high in bounds]
    out["clear"] = (out["gap_low"] > 0) | (out["gap_high"] < 0)
    return out


def support_caution(n_a: int, n_b: int, names: tuple[str, str]) -> str | None:
    """A caution naming the sides with fewer than MIN_SUPPORT statements, or None."""
    thin = [f"{name} ({n:,})" for name, n in zip(names, (n_a, n_b), strict=True) if n < MIN_SUPPORT]
    if not thin:
        return None
    return (
        f"Few statements on {' and '.join(thin)}: below {MIN_SUPPORT}, a share moves by several "
        "points with each statement. Read the intervals, not the gaps alone."
    )
