"""The statements behind one point of a chart: a bar, a heatmap cell, a line point or a
network node, as the conditions it stands for (theme, a column's value, outlet kind, period,
actor mentioned), counted and listed over the view's Scope."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.query.aggregates import NO_COUNTRY, NO_SPEAKER
from analysis.query.scope import Scope
from analysis.query.sql_acts import UNLISTED_OUTLET
from analysis.query.sql_aggregates import count, in_period, page
from analysis.reference import OUTLET_KINDS, outlets_of_kinds

COLUMNS = ("speaker", "speaker_country", "outlet", "kind", "speech_act")
MISSING = {NO_COUNTRY, NO_SPEAKER, "unlabelled"}  # how charts show a missing value


def _theme(s: Scope, theme: str, n: int) -> Scope:
    return s.narrowed(f"list_contains(themes, $d_theme{n})", {f"d_theme{n}": theme})


def _column(s: Scope, column: str, value: object, n: int) -> Scope:
    """A column equal to a value; missing as charts show it; ("not", [values]) for "other"."""
    if column not in COLUMNS:
        raise ValueError(f"cannot drill by {column!r}")
    if isinstance(value, tuple) and value and value[0] == "not":
        text = f"coalesce(CAST({column} AS VARCHAR), '{NO_COUNTRY}')"
        return s.narrowed(f"NOT list_contains($d_not{n}, {text})", {f"d_not{n}": list(value[1])})
    if value in MISSING:
        return s.narrowed(f"{column} IS NULL", {})
    return s.narrowed(f"{column} = $d_value{n}", {f"d_value{n}": value})


def _outlet_kind(s: Scope, kind: str, n: int) -> Scope:
    """Outlets of a kind; "unlisted": outlets data/outlets.toml does not list."""
    if kind == UNLISTED_OUTLET:
        listed = list(outlets_of_kinds(OUTLET_KINDS))
        condition = f"(outlet IS NULL OR NOT list_contains($d_listed{n}, outlet))"
        return s.narrowed(condition, {f"d_listed{n}": listed})
    outlets = list(outlets_of_kinds((kind,)))
    return s.narrowed(f"list_contains($d_outlets{n}, outlet)", {f"d_outlets{n}": outlets})


AROUND_DAYS = 15  # a key event's statements: published this many days before or after it


def _around(s: Scope, day: pd.Timestamp, n: int) -> Scope:
    window = {
        f"d_start{n}": day - pd.Timedelta(days=AROUND_DAYS),
        f"d_end{n}": day + pd.Timedelta(days=AROUND_DAYS + 1),
    }
    return s.narrowed(f"published >= $d_start{n} AND published < $d_end{n}", window)


def _actor(s: Scope, actor: str, n: int) -> Scope:
    condition = f"statement_id IN (SELECT statement_id FROM mentions WHERE actor = $d_actor{n})"
    return s.narrowed(condition, {f"d_actor{n}": actor})


def narrowed(s: Scope, point: Mapping[str, object], freq: str = "month") -> Scope:
    """The scope narrowed to one point: keys theme, period, outlet_kind, actor, around (a key
    event's day) or a column."""
    for n, (key, value) in enumerate(point.items()):
        if key == "theme":
            s = _theme(s, str(value), n)
        elif key == "period":
            s = in_period(s, value, freq, f"d_period{n}")
        elif key == "outlet_kind":
            s = _outlet_kind(s, str(value), n)
        elif key == "actor":
            s = _actor(s, str(value), n)
        elif key == "around":
            s = _around(s, pd.Timestamp(value), n)  # type: ignore[arg-type]
        else:
            s = _column(s, key, value, n)
    return s


def statements_behind(
    s: Scope, point: Sequence[tuple[str, object]], *, freq: str = "month", limit: int = 50
) -> tuple[int, pd.DataFrame]:
    """How many statements are behind the point, and the newest `limit` of them."""
    behind = narrowed(s, dict(point), freq)
    return count(behind), page(behind, limit=limit)
