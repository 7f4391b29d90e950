"""Theme timelines that count each statement once: under its one theme, as "several themes"
or as "no theme" (the other measure, theme tags, counts a statement once per theme)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.query.scope import Scope
from analysis.query.sql_aggregates import _period_sql, count, in_period, page

SEVERAL = "several themes"
NONE = "no theme"
MEASURES = ("theme tags", "statements")


def _group_sql() -> str:
    return (
        "CASE WHEN len(themes) = 0 OR themes IS NULL THEN $none "
        "WHEN len(themes) > 1 THEN $several ELSE themes[1] END"
    )


def theme_timeline_once(
    s: Scope, freq: str = "month", labels: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Dated statements per period and theme, each statement once: period, group (the theme's
    label, "several themes" or "no theme"), statements."""
    labels = labels or {}
    dated = s.narrowed("published IS NOT NULL", {})
    frame = dated.frame(
        f"{_period_sql(s, freq)} AS period, {_group_sql()} AS grp, count(*) AS statements",
        "GROUP BY 1, 2 ORDER BY 1, 2",
        {"none": NONE, "several": SEVERAL},
    )
    order = {t: i for i, t in enumerate([*labels, SEVERAL, NONE])}
    frame = frame.assign(_o=frame["grp"].map(order).fillna(len(order))).sort_values(
        ["period", "_o"]
    )
    return pd.DataFrame(
        {
            "period": frame["period"].to_numpy(),
            "group": frame["grp"].map(lambda t: labels.get(t, t)).to_numpy(),
            "statements": frame["statements"].astype(int).to_numpy(),
        }
    )


def statements_at_once(
    s: Scope,
    period: pd.Timestamp | str,
    *,
    freq: str = "month",
    group: str | None = None,
    labels: Mapping[str, str] | None = None,
    limit: int = 1000,
) -> tuple[int, pd.DataFrame]:
    """How many statements are behind one bar segment of theme_timeline_once, and the newest."""
    at = in_period(s, period, freq)
    if group is not None:
        theme = {v: k for k, v in (labels or {}).items()}.get(group, group)
        at = at.narrowed(
            f"{_group_sql()} = $at_group", {"none": NONE, "several": SEVERAL, "at_group": theme}
        )
    return count(at), page(at, limit=limit)
