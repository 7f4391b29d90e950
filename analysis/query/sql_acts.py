"""Who warns, who denies: speech acts by speaker country and over time, and which kinds of
outlet quote which countries (DuckDB SQL over a Scope, as sql_aggregates)."""

from __future__ import annotations

import pandas as pd

from analysis.query.scope import Scope
from analysis.query.sql_aggregates import _DATED_GROUPS, NO_COUNTRY, _leaders, _period_sql
from analysis.reference import load_outlets

NO_ACT = "unlabelled"
UNLISTED_OUTLET = "unlisted"  # an outlet data/outlets.toml does not list: no kind known
_ACT = f"coalesce(speech_act, '{NO_ACT}')"
_COUNTRY = "coalesce(CAST(speaker_country AS VARCHAR), $missing)"


def _grouped(
    s: Scope, select: str, extra: dict[str, object], tail: str = "GROUP BY 1, 2 ORDER BY 1, 2"
) -> pd.DataFrame:
    """Counts per the two selected columns, over the scope (a rollup where one holds them)."""
    frame = s.frame(f"{select}, {s.measures.n} AS statements", tail, extra)
    frame["statements"] = frame["statements"].astype(int)
    return frame


def acts_by_country(s: Scope, top: int = 8) -> pd.DataFrame:
    """Statements per (speaker country, speech act) for the `top` countries, the rest as
    "other": country, act, statements."""
    leaders = _leaders(s, "speaker_country", NO_COUNTRY, top)
    country = f"CASE WHEN list_contains($leaders, {_COUNTRY}) THEN {_COUNTRY} ELSE 'other' END"
    extra = {"missing": NO_COUNTRY, "leaders": leaders}
    counted = s.counted("speaker_country", "speech_act")
    return _grouped(counted, f"{country} AS country, {_ACT} AS act", extra)


def acts_over_time(s: Scope, freq: str = "month") -> pd.DataFrame:
    """Dated statements per (period, speech act): period, act, statements."""
    period = _period_sql(s, freq)
    counted = s.counted(period, "speech_act")
    return _grouped(counted, f"{period} AS period, {_ACT} AS act", {}, _DATED_GROUPS.format(period))


def outlet_kinds_by_country(s: Scope, top: int = 10) -> pd.DataFrame:
    """Who quotes whom: statements per (outlet kind, speaker country) for the `top` countries
    (outlets data/outlets.toml does not list as "unlisted"): outlet_kind, country, statements."""
    outlets = load_outlets()
    leaders = _leaders(s, "speaker_country", NO_COUNTRY, top)
    kind = "coalesce(list_extract($kinds, list_position($outlets, outlet)), $unlisted)"
    country = f"CASE WHEN list_contains($leaders, {_COUNTRY}) THEN {_COUNTRY} ELSE 'other' END"
    extra = {
        "outlets": [o.name for o in outlets],
        "kinds": [o.kind for o in outlets],
        "unlisted": UNLISTED_OUTLET,
        "missing": NO_COUNTRY,
        "leaders": leaders,
    }
    counted = s.counted("outlet", "speaker_country")
    return _grouped(counted, f"{kind} AS outlet_kind, {country} AS country", extra)
