"""The dashboard's counts as DuckDB SQL over a Scope (analysis.query.scope): the same
DataFrames as analysis.query.aggregates, without the rows in memory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
from analysis.query.scope import Scope, scope
from analysis.query.snapshot_tables import (
    ARTICLE_NUMBER,
    CHOICE_COLUMNS,
    NEWEST_FIRST,
    REPEAT_NUMBER,
    THEME_BITS,
    bit_count,
    period_column,
)
from analysis.query.snapshot_tables import TRUNC as _TRUNC
from analysis.query.sql import order_by, quoted
from analysis.schema import STATEMENT_COLUMNS, StatementsTable, empty_table


def _period_sql(s: Scope, freq: str) -> str:
    """The start of each statement's period: a snapshot's stored column, else computed."""
    if freq not in FREQS:
        raise ValueError(f"unknown period {freq!r}: use {', '.join(FREQS)}")
    if s.theme_bits is not None:
        return period_column(freq)
    return f"CAST(date_trunc('{_TRUNC[freq]}', published) AS TIMESTAMP)"


def _taxonomy_order(counts: pd.Series, labels: Mapping[str, str]) -> pd.Series:
    """Counts per theme id reindexed to the taxonomy's order (absent themes are 0)."""
    return counts.reindex(list(labels), fill_value=0).astype(int)


# -- overview ------------------------------------------------------------------------------------
def _articles(s: Scope, where: str = "") -> tuple[str, dict[str, object]]:
    """SQL counting the distinct articles of the scope's statements (optionally only those
    `where`), and its parameters."""
    if s.theme_bits is None:
        only = f" FILTER (WHERE {where})" if where else ""
        return f"count(DISTINCT article_id){only}", {}
    bound = {"article_bound": max(1, s.bounds[0])}  # the names totals_sql reads
    return bit_count(ARTICLE_NUMBER, "article_bound", where), bound


def _repeated(s: Scope) -> tuple[str, dict[str, object]]:
    """SQL counting the statements whose speaker said the same words in an earlier one: on a
    snapshot, among those whose words are found more than once (numbered), the numbered
    rows less their distinct numbers."""
    if s.theme_bits is None:
        return "count(*) - count(DISTINCT (speaker, hash(text)))", {}
    repeats = bit_count(REPEAT_NUMBER, "repeat_bound")
    return f"count({REPEAT_NUMBER}) - {repeats}", {"repeat_bound": max(1, s.bounds[1])}


def overview_counts(s: Scope) -> dict[str, object]:
    """Headline counts: statements, articles, speakers, countries, outlets, date span (of a
    whole snapshot stored; else all but the articles from rollups where they answer)."""
    articles, params = _articles(s)
    if s.whole:
        row = s.connection.execute("SELECT * FROM totals").df().iloc[0]
    elif s.cube is None:
        row = s.frame(
            f"count(*) AS statements, {articles} AS articles, count(DISTINCT speaker) AS "
            "speakers, count(DISTINCT speaker_country) AS countries, count(DISTINCT outlet) "
            "AS outlets, min(published) AS first, max(published) AS last",
            extra=params,
        ).iloc[0]
    else:
        distinct = {k: _distinct(s, c) for k, c in (("speakers", "speaker"), *_PLACES)}
        first, last = date_span(s)
        row = pd.Series(
            {"statements": count(s), "articles": s.frame(articles, extra=params).iloc[0, 0]}
            | distinct
            | {"first": first, "last": last}
        )
    counts: dict[str, object] = {k: int(row[k]) for k in ("statements", "articles", "speakers")}
    counts |= {k: int(row[k]) for k in ("countries", "outlets")}
    counts |= {k: (None if pd.isna(row[k]) else pd.Timestamp(row[k])) for k in ("first", "last")}
    return counts


_PLACES = (("countries", "speaker_country"), ("outlets", "outlet"))


def _distinct(s: Scope, column: str) -> int:
    """How many distinct values a column has among the statements (from a rollup holding it
    where one answers the filters: its every row counts some)."""
    return int(s.counted(column).scalar(f"count(DISTINCT {column})") or 0)


def data_quality(s: Scope, duplicates_folded: int = 0) -> DataQuality:
    """Data-quality signals of the filtered statements (as aggregates.data_quality)."""
    articles, params = _articles(s)
    undated, _ = _articles(s, "published IS NULL")
    repeated, repeat_params = _repeated(s)
    if s.whole:
        row = s.connection.execute("SELECT * FROM totals").df().iloc[0]
    else:
        row = s.frame(
            "count(*) AS statements, count(*) - count(speaker) AS no_speaker, "
            f"count(*) - count(speaker_country) AS no_country, {articles} AS articles, "
            f"{undated} AS undated, {repeated} AS repeated",
            extra=params | repeat_params,
        ).iloc[0]
    return DataQuality(
        statements=int(row["statements"]),
        without_speaker=int(row["no_speaker"]),
        without_country=int(row["no_country"]),
        articles=int(row["articles"]),
        articles_without_date=int(row["undated"]),
        repeated_statements=int(row["repeated"]),
        duplicates_folded=duplicates_folded,
    )


# -- themes --------------------------------------------------------------------------------------
def _theme_rows(
    s: Scope,
    key: tuple[str, str] | None = None,
    extra: Mapping[str, object] = {},
    reads: Sequence[str] = (),
) -> pd.DataFrame:
    """Statements per (key, theme), each statement counted once per distinct theme; `key` is
    (name, SQL expression) of an optional grouping, reading the columns `reads`."""
    if s.theme_bits is not None:
        return _theme_rows_from_bits(s.counted(THEME_BITS, *reads), s.theme_bits, key, extra)
    names = f"{key[0]}, theme" if key else "theme"
    inner = f"{key[1]} AS {key[0]}, " if key else ""
    sql = (
        f"SELECT {names}, count(*) AS statements FROM (SELECT {inner}"
        f"unnest(list_distinct(themes)) AS theme FROM statements WHERE {s.clause}) GROUP BY ALL"
    )
    return s.connection.execute(sql, s.params | dict(extra)).df()


def _theme_rows_from_bits(
    s: Scope, theme_ids: Sequence[str], key: tuple[str, str] | None, extra: Mapping[str, object]
) -> pd.DataFrame:
    """As _theme_rows: DuckDB counts the statements per (key, bit pattern), a few thousand
    groups; the patterns are spread over their themes here."""
    select = f"{key[1]} AS {key[0]}, " if key else ""
    combos = s.frame(f"{select}{THEME_BITS} AS bits, {s.measures.n} AS n", "GROUP BY ALL", extra)
    return spread_bits(combos, theme_ids, [key[0]] if key else [])


def spread_bits(combos: pd.DataFrame, theme_ids: Sequence[str], names: list[str]) -> pd.DataFrame:
    """Counts `n` per (names, bit pattern `bits`) → statements per (names, theme) for each
    theme with some: a statement counts once for every theme whose bit it has."""
    bits = combos["bits"].to_numpy(dtype=np.uint64)
    shifts = np.arange(len(theme_ids), dtype=np.uint64)
    has = ((bits[:, None] >> shifts) & np.uint64(1)).astype(np.int64)
    wide = pd.DataFrame(has * combos["n"].to_numpy(np.int64)[:, None], columns=list(theme_ids))
    if names:
        summed = wide.groupby([combos[n].to_numpy() for n in names], dropna=False).sum()
        summed.index.names = names
        long = summed.stack()
    else:
        long = wide.sum(axis=0)
    long = long[long > 0].rename("statements")
    long.index.names = [*names, "theme"]
    return long.reset_index().astype({"statements": int})


def theme_counts(s: Scope, labels: Mapping[str, str]) -> pd.DataFrame:
    """Statements per theme, in taxonomy order: columns theme, label, statements, share."""
    rows = _theme_rows(s)
    counts = _taxonomy_order(rows.set_index("theme")["statements"], labels)
    total = count(s)
    return pd.DataFrame(
        {
            "theme": counts.index,
            "label": [labels.get(t, t) for t in counts.index],
            "statements": counts.to_numpy(),
            "share": counts.to_numpy() / total if total else np.zeros(len(counts)),
        }
    )


def _leaders(s: Scope, column: str, missing: str, top: int, dated: bool = False) -> list[str]:
    """The `top` most frequent values of a column (missing ones as `missing`), ties by name;
    `dated`: of the dated statements only."""
    c = s.counted(column)
    value = f"coalesce(CAST({column} AS VARCHAR), $missing)"
    tail = "GROUP BY 1 HAVING k > 0 ORDER BY 2 DESC, 1 LIMIT $top"
    counted = c.measures.dated if dated else c.measures.n
    frame = c.frame(f"{value} AS v, {counted} AS k", tail, {"missing": missing, "top": int(top)})
    return frame["v"].tolist()


def theme_by_group(
    s: Scope, labels: Mapping[str, str], column: str = "speaker_country", top: int = 8
) -> pd.DataFrame:
    """Statements per (group, theme) for the `top` groups: group, theme, label, statements."""
    leaders = _leaders(s, column, NO_COUNTRY, top)
    key = ("grp", f"coalesce(CAST({column} AS VARCHAR), $missing)")
    rows = _theme_rows(s, key, {"missing": NO_COUNTRY}, (column,))
    rows = rows.set_index(["grp", "theme"])["statements"]
    index = pd.MultiIndex.from_product([leaders, list(labels)], names=["group", "theme"])
    counts = rows.reindex(index, fill_value=0).astype(int).rename("statements").reset_index()
    counts["label"] = counts["theme"].map(lambda t: labels.get(t, t))
    return counts[["group", "theme", "label", "statements"]]


def _period_sizes(s: Scope, freq: str) -> pd.Series:
    """Statements per period (dated ones)."""
    period = _period_sql(s, freq)
    c = s.counted(period)
    frame = c.frame(f"{period} AS period, {c.measures.n} AS n", _DATED_GROUPS.format(period))
    return frame.set_index("period")["n"]


_DATED_GROUPS = "AND {0} IS NOT NULL GROUP BY ALL ORDER BY ALL"  # a period is null without a date


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
    period = _period_sql(s, freq)
    dated = s.narrowed(f"{period} IS NOT NULL", {}, (period,))
    rows = _theme_rows(dated, ("period", period), reads=(period,))
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
    period = _period_sql(s, freq)
    c = s.counted(period, column)
    select = f'{period} AS period, {group} AS "group", {c.measures.n} AS statements'
    frame = c.frame(select, _DATED_GROUPS.format(period), {"missing": missing, "leaders": leaders})
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
    """The n speakers with most statements: speaker, country (their most frequent, ties by
    name), statements."""
    c = s.counted("speaker", "speaker_country")
    pairs = (
        f"SELECT speaker, speaker_country, {c.measures.n} AS k FROM {c.table} "
        f"WHERE ({c.clause}) AND speaker IS NOT NULL GROUP BY 1, 2"
    )
    most = "first(speaker_country ORDER BY k DESC, speaker_country)"
    country = f"{most} FILTER (WHERE speaker_country IS NOT NULL)"
    frame = c.connection.execute(
        f"SELECT speaker, {country} AS country, sum(k) AS statements FROM ({pairs}) "
        "GROUP BY speaker ORDER BY statements DESC, speaker LIMIT $n",
        c.params | {"n": int(n)},
    ).df()
    frame["statements"] = frame["statements"].astype(int)
    return frame


def top_values(s: Scope, column: str, n: int = 15, missing: str = NO_COUNTRY) -> pd.DataFrame:
    """The n most frequent values of a column (missing ones as `missing`): value, statements."""
    if column not in (*SIDE_DIMENSIONS.values(), "kind", "speaker_type"):
        raise ValueError(f"cannot count by {column!r}")
    value = f"coalesce(CAST({column} AS VARCHAR), $missing)"
    tail = "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $n"
    c = s.counted(column)
    select = f"{value} AS value, {c.measures.n} AS statements"
    frame = c.frame(select, tail, {"missing": missing, "n": n})
    frame["statements"] = frame["statements"].astype(int)
    return frame


# -- counts, choices ------------------------------------------------------------------------------
def count(s: Scope) -> int:
    """How many statements pass the filters."""
    c = s.counted()
    return int(c.scalar(c.measures.n) or 0)


def sample_count(s: Scope) -> int:
    """How many of them come from the bundled sample corpus."""
    c = s.counted()
    return int(c.scalar(c.measures.sampled) or 0)


def distinct_values(s: Scope, column: str) -> list[str]:
    """The sorted distinct values of a low-cardinality column in the whole store version
    (what a filter offers): a snapshot's stored list, else scanned."""
    if column not in CHOICE_COLUMNS:
        raise ValueError(f"cannot list the values of {column!r}")
    if s.theme_bits is not None:
        sql = "SELECT value FROM choices WHERE column_name = $column"
        found = s.connection.execute(sql, {"column": column}).df()["value"]
    else:
        found = s.frame(
            f"DISTINCT CAST({column} AS VARCHAR) AS value", f"AND {column} IS NOT NULL"
        )["value"]
    return sorted(found.tolist())


def date_span(s: Scope) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The first and last publication dates of the filtered statements."""
    c = s.counted()
    row = c.frame(f"{c.measures.first} AS first, {c.measures.last} AS last").iloc[0]
    return tuple(None if pd.isna(v) else pd.Timestamp(v) for v in row)  # type: ignore[return-value]


# -- compare and profiles ------------------------------------------------------------------------
def _side(s: Scope, side: tuple[str, str], name: str) -> Scope:
    """The statements of one side: a speaker country, a speaker or an outlet."""
    dimension, value = side
    if dimension not in SIDE_DIMENSIONS:
        raise ValueError(f"unknown side {dimension!r}: use country, speaker or outlet")
    column = SIDE_DIMENSIONS[dimension]
    return s.narrowed(f"{column} = ${name}", {name: value}, (column,))


def side_totals(s: Scope, side_a: tuple[str, str], side_b: tuple[str, str]) -> tuple[int, int]:
    """Number of statements on each side."""
    return count(_side(s, side_a, "side_a")), count(_side(s, side_b, "side_b"))


def compare_profiles(
    s: Scope, side_a: tuple[str, str], side_b: tuple[str, str], labels: Mapping[str, str]
) -> pd.DataFrame:
    """As aggregates.compare_profiles: theme, label, statements_a/_b, share_a/_b, gap (pp)."""
    a, b = (
        theme_counts(_side(s, side, f"side_{n}"), labels)
        for n, side in (("a", side_a), ("b", side_b))
    )
    out = pd.DataFrame(
        {
            "theme": a["theme"],
            "label": a["label"],
            "statements_a": a["statements"],
            "statements_b": b["statements"].to_numpy(),
            "share_a": a["share"].astype(float),
            "share_b": b["share"].to_numpy(dtype=float),
        }
    )
    out["gap"] = (out["share_a"] - out["share_b"]) * 100
    return out.reindex(out["gap"].abs().sort_values(ascending=False).index).reset_index(drop=True)


def speaker_profile(
    s: Scope, speaker: str, labels: Mapping[str, str], freq: str = "month"
) -> dict[str, pd.DataFrame]:
    """One speaker's themes, statements over time and the outlets quoting them."""
    own = s.narrowed("speaker = $profile_speaker", {"profile_speaker": speaker}, ("speaker",))
    sizes = _period_sizes(own, freq)
    return {
        "themes": theme_counts(own, labels),
        "over_time": pd.DataFrame({"period": sizes.index, "statements": sizes.to_numpy()}),
        "outlets": top_values(own, "outlet", n=15),
    }


# -- the statements behind a point ---------------------------------------------------------------
def in_period(s: Scope, period: object, freq: str, name: str = "at_period") -> Scope:
    """The statements of one period (its start), as a timeline bar holds them."""
    return s.narrowed(f"{_period_sql(s, freq)} = ${name}", {name: pd.Timestamp(period)})


def statements_at(
    s: Scope,
    period: pd.Timestamp | str,
    *,
    freq: str = "month",
    by: str = "theme",
    group: str | None = None,
    labels: Mapping[str, str] | None = None,
    limit: int = 1000,
) -> tuple[int, pd.DataFrame]:
    """How many statements are behind one timeline point, and the newest `limit` of them."""
    at = in_period(s, period, freq)
    if group is not None:
        at = _in_group(s, at, by, group, labels or {})
    rows = page(at, limit=limit)
    return count(at), rows


def _in_group(whole: Scope, s: Scope, by: str, group: str, labels: Mapping[str, str]) -> Scope:
    """The statements of `s` in one timeline group: a theme (by label), "other" (outside the
    leaders of the `whole` timeline), an unknown value, or a value."""
    if by == "theme":
        theme = {v: k for k, v in labels.items()}.get(group, group)
        if s.theme_bits is not None and theme in s.theme_bits:
            bit = 1 << s.theme_bits.index(theme)
            return s.narrowed(f"({THEME_BITS} & $group_bit) != 0", {"group_bit": bit})
        return s.narrowed("list_contains(themes, $group_theme)", {"group_theme": theme})
    column = SIDE_DIMENSIONS[by]
    if group == "other":
        missing = NO_SPEAKER if by == "speaker" else NO_COUNTRY
        leaders = _leaders(whole, column, missing, 8, dated=True)
        value = f"coalesce(CAST({column} AS VARCHAR), $group_missing)"
        condition = f"NOT list_contains($group_leaders, {value})"
        return s.narrowed(condition, {"group_leaders": leaders, "group_missing": missing})
    if group in (NO_SPEAKER, NO_COUNTRY):
        return s.narrowed(f"{column} IS NULL", {})
    return s.narrowed(f"{column} = $group_value", {"group_value": group})


# -- actors mentioned together -------------------------------------------------------------------
NETWORK_STATEMENTS = 100_000  # a network of more statements is drawn from the newest ones


def network_base(s: Scope) -> int:
    """How many statements the network is drawn from: all of them, or the newest
    NETWORK_STATEMENTS of a larger selection."""
    return min(count(s), NETWORK_STATEMENTS)


def _newest(s: Scope) -> tuple[str, dict[str, object]]:
    """A condition on published and statement_id keeping the scope's NETWORK_STATEMENTS
    newest statements (as a page orders them): the last one kept is found first."""
    last = _last_drawn(s)
    if not len(last):
        return "TRUE", {}
    published, statement_id = last["published"].iloc[0], str(last["statement_id"].iloc[0])
    if pd.isna(published):
        return "(published IS NOT NULL OR statement_id <= $cut_id)", {"cut_id": statement_id}
    condition = "published >= $cut_at AND (published > $cut_at OR statement_id <= $cut_id)"
    return condition, {"cut_at": pd.Timestamp(published).to_pydatetime(), "cut_id": statement_id}


def _last_drawn(s: Scope) -> pd.DataFrame:
    """The published and statement_id of the NETWORK_STATEMENTS-th newest statement (no row
    when there are fewer): the month it is in from a rollup's counts where one answers the
    filters, then its place among that month's statements (a few row groups); else one
    ordering of every statement."""
    c = s.counted("_month")
    if c is s:
        tail = f"ORDER BY {NEWEST_FIRST} LIMIT 1 OFFSET $network_last"
        return s.frame("published, statement_id", tail, {"network_last": NETWORK_STATEMENTS - 1})
    months = c.frame(f"_month, {c.measures.n} AS n", "GROUP BY 1 ORDER BY 1 DESC NULLS LAST")
    before = months["n"].cumsum() - months["n"]
    inside = months[(before < NETWORK_STATEMENTS) & (before + months["n"] >= NETWORK_STATEMENTS)]
    if not len(inside):
        return inside
    month, offset = inside["_month"].iloc[0], NETWORK_STATEMENTS - 1 - int(before[inside.index[0]])
    known = not pd.isna(month)
    tail = f"AND _month {'= $cut_month' if known else 'IS NULL'} ORDER BY {NEWEST_FIRST} "
    params: dict[str, object] = {"network_last": offset}
    if known:
        params["cut_month"] = pd.Timestamp(month).to_pydatetime()
    return s.frame("published, statement_id", tail + "LIMIT 1 OFFSET $network_last", params)


def _chosen_mentions(s: Scope) -> tuple[str, dict[str, object]]:
    """The (statement, actor) pairs of the network's statements (a snapshot holds each pair
    once): read off the mentions alone (they carry their statement's filter columns), or
    through the statements for a clause on rows (a text query)."""
    newest, params = _newest(s)
    if s.mentions_clause is not None:
        where = f"({s.mentions_clause}) AND {newest}"
        return f"SELECT statement_id, actor FROM mentions WHERE {where}", s.params | params
    statements = f"SELECT statement_id FROM statements WHERE ({s.clause}) AND {newest}"
    sql = (
        "SELECT m.statement_id, m.actor FROM mentions m "
        f"SEMI JOIN ({statements}) f ON m.statement_id = f.statement_id"
    )
    return sql, s.params | params


def cooccurrence(s: Scope, top: int = 40) -> tuple[pd.DataFrame, pd.DataFrame]:
    """As aggregates.cooccurrence over a snapshot's mentions: (nodes: actor, country,
    statements; edges: source, target, weight), the `top` most mentioned actors, of at most
    the newest NETWORK_STATEMENTS statements (network_base says how many); one query."""
    chosen, params = _chosen_mentions(s)
    ranked = (
        "SELECT actor, count(*) AS n, row_number() OVER (ORDER BY count(*) DESC, actor) AS r "
        "FROM chosen GROUP BY actor ORDER BY r LIMIT $top"
    )
    kept = "SELECT c.statement_id, k.actor, k.r FROM chosen c JOIN ranked k USING (actor)"
    both = s.connection.execute(
        f"WITH chosen AS MATERIALIZED ({chosen}), ranked AS ({ranked}), kept AS ({kept}) "
        "SELECT 'node' AS part, k.actor AS source, c.country AS target, k.n AS weight, "
        "k.r AS ra, 0 AS rb FROM ranked k LEFT JOIN actor_countries c USING (actor) UNION ALL "
        "SELECT 'edge', a.actor, b.actor, count(*), min(a.r), min(b.r) FROM kept a JOIN kept b "
        "ON a.statement_id = b.statement_id AND a.r < b.r GROUP BY a.actor, b.actor",
        params | {"top": int(top)},
    ).df()
    nodes = both[both["part"] == "node"].sort_values("ra")
    nodes = pd.DataFrame(
        {
            "actor": nodes["source"].to_numpy(),
            "country": nodes["target"].to_numpy(),
            "statements": nodes["weight"].astype(int).to_numpy(),
        }
    )
    edges = both[both["part"] == "edge"].sort_values(
        ["weight", "ra", "rb"], ascending=[False, True, True]
    )
    edges = edges[["source", "target", "weight"]].astype({"weight": int}).reset_index(drop=True)
    return nodes, edges


# -- pages ---------------------------------------------------------------------------------------
def _rows(s: Scope, tail: str, extra: Mapping[str, object]) -> pd.DataFrame:
    """Whole statement rows (text included) of the scope, in the contract's columns."""
    frame = s.frame(", ".join(map(quoted, STATEMENT_COLUMNS)), tail, extra)
    return frame if len(frame) else empty_table(StatementsTable)


def page(
    s: Scope,
    *,
    sort: str = "published",
    descending: bool = True,
    offset: int = 0,
    limit: int = 50,
) -> pd.DataFrame:
    """One sorted page of the filtered statements, every column (ties broken by id): on a
    snapshot the page's row ids first (light columns), then just those rows."""
    order = order_by(sort, descending)
    extra = {"limit": max(0, int(limit)), "offset": max(0, int(offset))}
    if s.theme_bits is None:  # a Delta table has no row ids: one query
        return _rows(s, f"ORDER BY {order} LIMIT $limit OFFSET $offset", extra)
    ids = s.frame("rowid AS r", f"ORDER BY {order} LIMIT $limit OFFSET $offset", extra)["r"]
    chosen = Scope(s.connection, "rowid IN (SELECT unnest($rows))", {"rows": ids.tolist()})
    return _rows(chosen, f"ORDER BY {order}", {})


def article_text(s: Scope, article_id: str) -> str | None:
    """One article's text (the context around a statement) from a snapshot, None when the
    snapshot does not hold it; its rows are sorted by the article hash, so one row group is
    read."""
    sql = "SELECT text FROM article_texts WHERE _article = hash($id) AND article_id = $id"
    row = s.connection.execute(sql, {"id": article_id}).fetchone()
    return None if row is None else row[0]


from analysis.query.sql_acts import (  # noqa: E402 - they build on this module's helpers
    acts_by_country,
    acts_over_time,
    outlet_kinds_by_country,
)
from analysis.query.sql_measures import (  # noqa: E402
    statements_at_once,
    theme_timeline_once,
)

__all__: Sequence[str] = (
    "Scope",
    "acts_by_country",
    "acts_over_time",
    "outlet_kinds_by_country",
    "statements_at_once",
    "theme_timeline_once",
    "compare_profiles",
    "cooccurrence",
    "count",
    "data_quality",
    "date_span",
    "distinct_values",
    "network_base",
    "overview_counts",
    "page",
    "sample_count",
    "scope",
    "side_totals",
    "speaker_profile",
    "statements_at",
    "theme_by_group",
    "theme_counts",
    "theme_share_over_time",
    "timeline",
    "top_speakers",
    "top_values",
)
