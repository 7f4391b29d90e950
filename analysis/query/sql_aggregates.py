"""The dashboard's counts as DuckDB SQL over a store version, the filters pushed down as
parameters: the same DataFrames as analysis.query.aggregates, without the rows in memory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from analysis.query.aggregates import (
    FREQS,
    GROUPINGS,
    NO_COUNTRY,
    NO_SPEAKER,
    SIDE_DIMENSIONS,
    DataQuality,
)
from analysis.query.filters import Filters
from analysis.query.sql import connection_of, where
from analysis.store import Store

# DuckDB's date_trunc parts for the dashboard's periods (weeks start on Monday in both).
_TRUNC = {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}


@dataclass(frozen=True)
class Scope:
    """The filtered statements of one store version: a connection and the pushed-down filter."""

    connection: duckdb.DuckDBPyConnection
    clause: str
    params: dict[str, object]

    def frame(self, select: str, tail: str = "", extra: Mapping[str, object] = {}) -> pd.DataFrame:
        """`SELECT <select> FROM statements WHERE <filters> <tail>` as a DataFrame."""
        sql = f"SELECT {select} FROM statements WHERE {self.clause} {tail}"
        return self.connection.execute(sql, self.params | dict(extra)).df()

    def scalar(self, select: str) -> object:
        """One value of `SELECT <select>` over the filtered statements."""
        sql = f"SELECT {select} FROM statements WHERE {self.clause}"
        return self.connection.execute(sql, self.params).fetchone()[0]


def scope(store: Store, filters: Filters, as_of: int | None = None) -> Scope | None:
    """The filtered statements of a store version, or None when the store has none."""
    connection = connection_of(store, as_of)
    if connection is None:
        return None
    clause, params = where(filters)
    return Scope(connection, clause, params)


def _period_sql(freq: str) -> str:
    if freq not in FREQS:
        raise ValueError(f"unknown period {freq!r}: use {', '.join(FREQS)}")
    return f"CAST(date_trunc('{_TRUNC[freq]}', published) AS TIMESTAMP)"


def _taxonomy_order(counts: pd.Series, labels: Mapping[str, str]) -> pd.Series:
    """Counts per theme id reindexed to the taxonomy's order (absent themes are 0)."""
    return counts.reindex(list(labels), fill_value=0).astype(int)


# -- overview ------------------------------------------------------------------------------------
def overview_counts(s: Scope) -> dict[str, object]:
    """Headline counts: statements, articles, speakers, countries, outlets, date span."""
    row = s.frame(
        "count(*) AS statements, count(DISTINCT article_id) AS articles, "
        "count(DISTINCT speaker) AS speakers, count(DISTINCT speaker_country) AS countries, "
        "count(DISTINCT outlet) AS outlets, min(published) AS first, max(published) AS last"
    ).iloc[0]
    counts: dict[str, object] = {k: int(row[k]) for k in ("statements", "articles", "speakers")}
    counts |= {k: int(row[k]) for k in ("countries", "outlets")}
    counts |= {k: (None if pd.isna(row[k]) else pd.Timestamp(row[k])) for k in ("first", "last")}
    return counts


def data_quality(s: Scope, duplicates_folded: int = 0) -> DataQuality:
    """Data-quality signals of the filtered statements (as aggregates.data_quality)."""
    row = s.frame(
        "count(*) AS n, count(*) - count(speaker) AS no_speaker, "
        "count(*) - count(speaker_country) AS no_country, count(DISTINCT article_id) AS articles, "
        "count(DISTINCT CASE WHEN published IS NULL THEN article_id END) AS undated, "
        "count(*) - count(DISTINCT (speaker, hash(text))) AS repeated"
    ).iloc[0]
    return DataQuality(
        statements=int(row["n"]),
        without_speaker=int(row["no_speaker"]),
        without_country=int(row["no_country"]),
        articles=int(row["articles"]),
        articles_without_date=int(row["undated"]),
        repeated_statements=int(row["repeated"]),
        duplicates_folded=duplicates_folded,
    )


# -- themes --------------------------------------------------------------------------------------
def _theme_rows(
    s: Scope, key: tuple[str, str] | None = None, extra: Mapping[str, object] = {}
) -> pd.DataFrame:
    """Statements per (key, theme), each statement counted once per distinct theme; `key` is
    (name, SQL expression) of an optional grouping."""
    names = f"{key[0]}, theme" if key else "theme"
    inner = f"{key[1]} AS {key[0]}, " if key else ""
    sql = (
        f"SELECT {names}, count(*) AS statements FROM (SELECT {inner}"
        f"unnest(list_distinct(themes)) AS theme FROM statements WHERE {s.clause}) GROUP BY ALL"
    )
    return s.connection.execute(sql, s.params | dict(extra)).df()


def theme_counts(s: Scope, labels: Mapping[str, str]) -> pd.DataFrame:
    """Statements per theme, in taxonomy order: columns theme, label, statements, share."""
    rows = _theme_rows(s)
    counts = _taxonomy_order(rows.set_index("theme")["statements"], labels)
    total = int(s.scalar("count(*)"))
    return pd.DataFrame(
        {
            "theme": counts.index,
            "label": [labels.get(t, t) for t in counts.index],
            "statements": counts.to_numpy(),
            "share": counts.to_numpy() / total if total else np.zeros(len(counts)),
        }
    )


def _leaders(s: Scope, column: str, missing: str, top: int, dated: bool = False) -> list[str]:
    """The `top` most frequent values of a column (missing ones as `missing`), ties by name."""
    value = f"coalesce(CAST({column} AS VARCHAR), $missing)"
    clause = "AND published IS NOT NULL" if dated else ""
    tail = f"{clause} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $top"
    frame = s.frame(f"{value} AS v, count(*)", tail, {"missing": missing, "top": int(top)})
    return frame["v"].tolist()


def theme_by_group(
    s: Scope, labels: Mapping[str, str], column: str = "speaker_country", top: int = 8
) -> pd.DataFrame:
    """Statements per (group, theme) for the `top` groups: group, theme, label, statements."""
    leaders = _leaders(s, column, NO_COUNTRY, top)
    key = ("grp", f"coalesce(CAST({column} AS VARCHAR), $missing)")
    rows = _theme_rows(s, key, {"missing": NO_COUNTRY}).set_index(["grp", "theme"])["statements"]
    index = pd.MultiIndex.from_product([leaders, list(labels)], names=["group", "theme"])
    counts = rows.reindex(index, fill_value=0).astype(int).rename("statements").reset_index()
    counts["label"] = counts["theme"].map(lambda t: labels.get(t, t))
    return counts[["group", "theme", "label", "statements"]]


def _period_sizes(s: Scope, freq: str) -> pd.Series:
    period = _period_sql(freq)
    tail = "AND published IS NOT NULL GROUP BY 1 ORDER BY 1"
    frame = s.frame(f"{period} AS period, count(*) AS n", tail)
    return frame.set_index("period")["n"]


def theme_share_over_time(s: Scope, labels: Mapping[str, str], freq: str = "month") -> pd.DataFrame:
    """Share of each period's statements that touch each theme: period, theme, label, share."""
    sizes = _period_sizes(s, freq)
    rows = _dated_theme_rows(s, freq)
    index = pd.MultiIndex.from_product([sizes.index, list(labels)], names=["period", "theme"])
    counts = rows.reindex(index, fill_value=0)
    share = (counts / sizes.reindex(counts.index.get_level_values(0)).to_numpy()).rename("share")
    long = share.reset_index()
    long["label"] = long["theme"].map(lambda t: labels.get(t, t))
    return long[["period", "theme", "label", "share"]]


def _dated_theme_rows(s: Scope, freq: str) -> pd.Series:
    """Statements per (period, theme) of the dated statements."""
    dated = Scope(s.connection, f"({s.clause}) AND published IS NOT NULL", s.params)
    rows = _theme_rows(dated, ("period", _period_sql(freq)))
    return rows.set_index(["period", "theme"])["statements"]


# -- timeline ------------------------------------------------------------------------------------
def timeline(
    s: Scope,
    *,
    freq: str = "month",
    by: str = "theme",
    labels: Mapping[str, str] | None = None,
    top: int = 8,
) -> pd.DataFrame:
    """Statements per period and group: period, group, statements (dated rows only); as
    aggregates.timeline (themes: once per theme; others: the `top` groups, the rest "other")."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}: use one of {', '.join(GROUPINGS)}")
    if by == "theme":
        return _theme_timeline(s, freq, labels or {})
    column = SIDE_DIMENSIONS[by]
    missing = NO_SPEAKER if by == "speaker" else NO_COUNTRY
    leaders = _leaders(s, column, missing, top, dated=True)
    value = f"coalesce(CAST({column} AS VARCHAR), $missing)"
    group = f"CASE WHEN list_contains($leaders, {value}) THEN {value} ELSE 'other' END"
    tail = "AND published IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"
    select = f'{_period_sql(freq)} AS period, {group} AS "group", count(*) AS statements'
    frame = s.frame(select, tail, {"missing": missing, "leaders": leaders})
    frame["statements"] = frame["statements"].astype(int)
    return frame


def _theme_timeline(s: Scope, freq: str, labels: Mapping[str, str]) -> pd.DataFrame:
    rows = _dated_theme_rows(s, freq).reset_index()
    known = list(labels) or sorted(rows["theme"].unique())
    rows = rows[rows["theme"].isin(known)]
    order = {t: i for i, t in enumerate(known)}
    rows = rows.assign(_order=rows["theme"].map(order)).sort_values(["period", "_order"])
    return pd.DataFrame(
        {
            "period": rows["period"].to_numpy(),
            "group": rows["theme"].map(lambda t: labels.get(t, t)).to_numpy(),
            "statements": rows["statements"].astype(int).to_numpy(),
        }
    )


# -- actors --------------------------------------------------------------------------------------
def top_speakers(s: Scope, n: int = 15) -> pd.DataFrame:
    """The n speakers with most statements: speaker, country (their most frequent), statements."""
    select = "speaker, mode(speaker_country) AS country, count(*) AS statements"
    tail = "AND speaker IS NOT NULL GROUP BY speaker ORDER BY statements DESC, speaker LIMIT $n"
    frame = s.frame(select, tail, {"n": int(n)})
    frame["statements"] = frame["statements"].astype(int)
    return frame


def top_values(s: Scope, column: str, n: int = 15, missing: str = NO_COUNTRY) -> pd.DataFrame:
    """The n most frequent values of a column (missing ones as `missing`): value, statements."""
    if column not in (*SIDE_DIMENSIONS.values(), "kind", "speaker_type"):
        raise ValueError(f"cannot count by {column!r}")
    value = f"coalesce(CAST({column} AS VARCHAR), $missing)"
    tail = "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $n"
    frame = s.frame(f"{value} AS value, count(*) AS statements", tail, {"missing": missing, "n": n})
    frame["statements"] = frame["statements"].astype(int)
    return frame


__all__: Sequence[str] = (
    "Scope",
    "data_quality",
    "overview_counts",
    "scope",
    "theme_by_group",
    "theme_counts",
    "theme_share_over_time",
    "timeline",
    "top_speakers",
    "top_values",
)
