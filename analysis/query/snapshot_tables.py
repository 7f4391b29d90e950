"""The SQL that fills a snapshot's tables (analysis.query.snapshot builds and updates the file):
the statements newest first with dense article and repeat numbers, their mentions carrying
their filter columns, the article texts by hash, and the small summary tables a page reads
when it opens."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import duckdb

from analysis.query.sql import quoted
from analysis.schema import STATEMENT_COLUMNS
from analysis.store import SEARCH_COLUMN
from analysis.text import SEARCH_SQL

THEME_BITS = "_theme_bits"
SAID_HASH = "_said"  # hash of (speaker, what was said): repeated words by one speaker
ARTICLE_HASH = "_article"  # hash of the article id
ARTICLE_NUMBER = "_a"  # a dense number per article: distinct articles counted as bits
REPEAT_NUMBER = "_sn"  # a dense number per said hash found more than once (else null)
MAX_THEMES = 64
# The dashboard's periods → DuckDB's date_trunc parts (weeks start on Monday, as in pandas).
TRUNC = {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}
# The physical order of statements and mentions: a page's newest rows are read from the
# first row groups (DuckDB skips the others on their min/max), a date range from a few.
NEWEST_FIRST = "published DESC NULLS LAST, statement_id"
# The statement columns a filter reads, copied into each of its mentions.
FILTER_COLUMNS = ("published", "speaker", "speaker_country", "outlet", "kind", THEME_BITS)
# Columns whose distinct values the filters offer, kept in the snapshot's `choices` table.
CHOICE_COLUMNS = ("speaker_country", "speaker", "outlet", "kind", "speaker_type", "speech_act")
# A whole build sorts one quarter of publication dates at a time (newest first, the undated
# last), each small enough for DuckDB's memory.
_PART = "_part"
_PART_SQL = f"coalesce(CAST(year(published) * 4 + quarter(published) AS INTEGER), -1) AS {_PART}"


def period_column(freq: str) -> str:
    """The snapshot column holding the start of each statement's period."""
    return f"_{TRUNC[freq]}"


def _periods_sql() -> str:
    return ", ".join(
        f"CAST(date_trunc('{part}', published) AS TIMESTAMP) AS {period_column(freq)}"
        for freq, part in TRUNC.items()
    )


def _bits_sql(theme_ids: Sequence[str]) -> str:
    """One UBIGINT per statement: bit i set when it touches theme_ids[i]."""
    if len(theme_ids) > MAX_THEMES:
        raise ValueError(f"a snapshot holds at most {MAX_THEMES} themes, not {len(theme_ids)}")
    parts = [
        f"(CAST(list_contains(themes, $t{i}) AS UBIGINT) << {i})" for i in range(len(theme_ids))
    ]
    return " | ".join(parts) or "CAST(0 AS UBIGINT)"


def theme_params(theme_ids: Sequence[str]) -> dict[str, str]:
    return {f"t{i}": t for i, t in enumerate(theme_ids)}


def _statements_select(source: str, theme_ids: Sequence[str], extra: str = "") -> str:
    """Every column of the statement rows of a source, with the folded search text, hashes
    of the article and of what was said, theme bits and period starts."""
    columns = ", ".join(map(quoted, STATEMENT_COLUMNS))
    search = f"coalesce({SEARCH_COLUMN}, {SEARCH_SQL}) AS {SEARCH_COLUMN}"
    return (
        f"SELECT {columns}, {search}, hash(speaker, text) AS {SAID_HASH}, "
        f"hash(article_id) AS {ARTICLE_HASH}, {_bits_sql(theme_ids)} AS {THEME_BITS}, "
        f"{_periods_sql()}{extra} FROM {source}"
    )


def fill_statements(
    connection: duckdb.DuckDBPyConnection, theme_ids: Sequence[str], parts: Path
) -> None:
    """The statements of the registered `all_statements`, newest first: written out by
    quarter (in the `parts` folder, removed after), then sorted into the snapshot one quarter
    after the other, so no sort holds more than a quarter of rows."""
    select = _statements_select("all_statements", theme_ids)
    params = theme_params(theme_ids)
    connection.execute(
        f"CREATE TABLE snap.statements AS SELECT *, CAST(NULL AS INTEGER) AS {ARTICLE_NUMBER}, "
        f"CAST(NULL AS INTEGER) AS {REPEAT_NUMBER} FROM ({select}) LIMIT 0",
        params,
    )
    _create_mentions(connection)
    said = f"(SELECT hash(speaker, text) AS {SAID_HASH} FROM all_statements)"
    connection.execute(f"CREATE OR REPLACE TEMP TABLE repeat_numbers AS {_repeat_numbers(said)}")
    folder = str(parts).replace("'", "''")
    try:
        connection.execute(
            f"COPY (SELECT *, {_PART_SQL} FROM ({select})) TO '{folder}' "
            f"(FORMAT parquet, PARTITION_BY ({_PART}), ROW_GROUP_SIZE 16384)",
            params,
        )
        _sort_parts(connection, f"read_parquet('{folder}/**/*.parquet', hive_partitioning = true)")
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    _one_number_per_article(connection)


def _sort_parts(connection: duckdb.DuckDBPyConnection, rows: str) -> None:
    """The statements written out by quarter into the snapshot, newest first, each quarter's
    articles numbered after the previous ones' (an article's statements share its date)."""
    parts = connection.execute(f"SELECT DISTINCT {_PART} FROM {rows} ORDER BY 1 DESC").fetchall()
    number = f"dense_rank() OVER (ORDER BY {ARTICLE_HASH})"
    for (part,) in parts:
        first = connection.execute(
            f"SELECT coalesce(max({ARTICLE_NUMBER}), 0) FROM snap.statements"
        ).fetchone()[0]
        chosen = f"(SELECT * EXCLUDE ({_PART}) FROM {rows} WHERE {_PART} = {int(part)})"
        connection.execute(
            f"INSERT INTO snap.statements BY NAME SELECT s.*, CAST({int(first)} + {number} AS "
            f"INTEGER) AS {ARTICLE_NUMBER}, r.{REPEAT_NUMBER} FROM {chosen} s "
            f"LEFT JOIN repeat_numbers r USING ({SAID_HASH}) ORDER BY {NEWEST_FIRST}"
        )
        _insert_mentions_of(connection, chosen)


def _one_number_per_article(connection: duckdb.DuckDBPyConnection) -> None:
    """An article whose statements were dated apart (in two quarters) takes one number."""
    split = (
        f"SELECT {ARTICLE_HASH}, min({ARTICLE_NUMBER}) AS n FROM snap.statements GROUP BY 1 "
        f"HAVING count(DISTINCT {ARTICLE_NUMBER}) > 1"
    )
    connection.execute(
        f"UPDATE snap.statements SET {ARTICLE_NUMBER} = split.n FROM ({split}) split "
        f"WHERE snap.statements.{ARTICLE_HASH} = split.{ARTICLE_HASH}"
    )


def insert_statements(
    connection: duckdb.DuckDBPyConnection, source: str, theme_ids: Sequence[str]
) -> None:
    """The statement rows of a registered source into the snapshot (a few new files): after
    the others, newest first, numbered as the snapshot's statements are."""
    select = _statements_select(source, theme_ids)
    connection.execute(
        f"CREATE OR REPLACE TEMP TABLE fresh_rows AS {select}", theme_params(theme_ids)
    )
    _number(connection, "fresh_rows")
    _insert_numbered(connection, "fresh_rows")
    _insert_mentions_of(connection, "fresh_rows")
    connection.execute(
        f"UPDATE snap.statements SET {REPEAT_NUMBER} = r.{REPEAT_NUMBER} FROM repeat_numbers r "
        f"WHERE snap.statements.{SAID_HASH} = r.{SAID_HASH} AND snap.statements.{REPEAT_NUMBER} "
        "IS NULL"
    )  # words said once before and now again: the earlier statement is numbered too


def _number(connection: duckdb.DuckDBPyConnection, new: str) -> None:
    """The article and repeat numbers of new statement rows, in two temporary tables."""
    connection.execute(f"CREATE OR REPLACE TEMP TABLE article_numbers AS {_article_numbers(new)}")
    connection.execute(f"CREATE OR REPLACE TEMP TABLE repeat_numbers AS {_repeat_numbers(new)}")


def _numbered(new: str) -> str:
    """New statement rows with their numbers (from the temporary tables of _number)."""
    return (
        f"SELECT s.*, a.{ARTICLE_NUMBER}, r.{REPEAT_NUMBER} FROM {new} s "
        f"LEFT JOIN article_numbers a USING ({ARTICLE_HASH}) "
        f"LEFT JOIN repeat_numbers r USING ({SAID_HASH})"
    )


def _insert_numbered(connection: duckdb.DuckDBPyConnection, new: str) -> None:
    """New statement rows into the snapshot with their numbers, newest first."""
    connection.execute(
        f"INSERT INTO snap.statements BY NAME {_numbered(new)} ORDER BY {NEWEST_FIRST}"
    )


def _next(number: str) -> str:
    """The numbers past the largest in use, in the order of the hashes they number."""
    return (
        f"CAST((SELECT coalesce(max({number}), 0) FROM snap.statements) "
        "+ row_number() OVER (ORDER BY h) AS INTEGER)"
    )


def _article_numbers(new: str) -> str:
    """The number of each article of the new rows: the one its earlier statements have,
    else a new one."""
    return (
        f"WITH wanted AS (SELECT DISTINCT {ARTICLE_HASH} AS h FROM {new}), "
        f"known AS (SELECT DISTINCT {ARTICLE_HASH} AS h, {ARTICLE_NUMBER} AS n "
        f"FROM snap.statements WHERE {ARTICLE_HASH} IN (SELECT h FROM wanted)) "
        f"SELECT h AS {ARTICLE_HASH}, n AS {ARTICLE_NUMBER} FROM known UNION ALL "
        f"SELECT h, {_next(ARTICLE_NUMBER)} FROM wanted ANTI JOIN known USING (h)"
    )


def _repeat_numbers(new: str) -> str:
    """The number of each said hash of the new rows that is now found more than once: the
    one its earlier statements have, else a new one (a hash found once has none)."""
    return (
        f"WITH fresh AS (SELECT {SAID_HASH} AS h, count(*) AS n FROM {new} GROUP BY 1), "
        f"earlier AS (SELECT {SAID_HASH} AS h, count(*) AS n, max({REPEAT_NUMBER}) AS number "
        f"FROM snap.statements WHERE {SAID_HASH} IN (SELECT h FROM fresh) GROUP BY 1), "
        "repeated AS (SELECT f.h, e.number FROM fresh f LEFT JOIN earlier e USING (h) "
        "WHERE f.n + coalesce(e.n, 0) > 1) "
        f"SELECT h AS {SAID_HASH}, number AS {REPEAT_NUMBER} FROM repeated "
        f"WHERE number IS NOT NULL UNION ALL SELECT h, {_next(REPEAT_NUMBER)} FROM repeated "
        "WHERE number IS NULL"
    )


def _create_mentions(connection: duckdb.DuckDBPyConnection) -> None:
    """The snapshot's (empty) mentions table: each actor a statement names (its `actors`, of
    which the store's mentions table is the long form), with the statement's filter columns."""
    connection.execute(
        "CREATE TABLE snap.mentions AS SELECT statement_id, CAST(NULL AS VARCHAR) AS actor, "
        f"{', '.join(FILTER_COLUMNS)} FROM snap.statements LIMIT 0"
    )


def _insert_mentions_of(connection: duckdb.DuckDBPyConnection, rows: str) -> None:
    """The mentions of some statement rows (each actor once per statement), newest first."""
    columns = ", ".join(FILTER_COLUMNS)
    each = f"SELECT statement_id, unnest(list_distinct(actors)) AS actor, {columns} FROM {rows}"
    connection.execute(f"INSERT INTO snap.mentions SELECT * FROM ({each}) ORDER BY {NEWEST_FIRST}")


def delete_statements(connection: duckdb.DuckDBPyConnection, gone: str) -> None:
    """The statements of a registered source, and their mentions, out of the snapshot."""
    for table in ("statements", "mentions"):
        connection.execute(
            f"DELETE FROM snap.{table} WHERE statement_id IN (SELECT statement_id FROM {gone})"
        )


def count_actor_countries(connection: duckdb.DuckDBPyConnection, source: str, sign: int) -> None:
    """Add (sign 1) or take away (-1) the (actor, country) counts of a registered source of
    the store's mention rows: each actor's country is its most frequent one."""
    counted = (
        f"SELECT actor, actor_country, {int(sign)} * count(*) AS n FROM {source} "
        "WHERE actor_country IS NOT NULL GROUP BY ALL"
    )
    exists = _exists(connection, "actor_country_counts")
    earlier = " UNION ALL SELECT * FROM snap.actor_country_counts" if exists else ""
    connection.execute(
        "CREATE OR REPLACE TABLE snap.actor_country_counts AS SELECT actor, actor_country, "
        f"CAST(sum(n) AS BIGINT) AS n FROM ({counted}{earlier}) GROUP BY ALL HAVING sum(n) > 0"
    )


def _exists(connection: duckdb.DuckDBPyConnection, table: str) -> bool:
    found = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'snap' AND table_name = $t",
        {"t": table},
    ).fetchone()[0]
    return bool(found)


ARTICLES_SELECT = f"SELECT hash(article_id) AS {ARTICLE_HASH}, article_id, text FROM {{source}}"


def insert_article_texts(connection: duckdb.DuckDBPyConnection, source: str) -> None:
    """The texts of a registered source of articles, by article hash (a lookup reads one row
    group)."""
    select = f"{ARTICLES_SELECT.format(source=source)} ORDER BY {ARTICLE_HASH}"
    exists = _exists(connection, "article_texts")
    verb = "INSERT INTO snap.article_texts" if exists else "CREATE TABLE snap.article_texts AS"
    connection.execute(f"{verb} {select}")


def bit_count(number: str, bound: str, where: str = "") -> str:
    """SQL counting the distinct dense numbers (no nulls) of the rows, optionally of those
    `where`: bits set in a bit string as long as the parameter `bound` says, exact and far
    cheaper than hashing millions of values."""
    only = f" FILTER (WHERE {where})" if where else ""
    return f"coalesce(bit_count(bitstring_agg({number}, 1, ${bound}){only}), 0)"


def totals_sql() -> str:
    """The headline and data-quality counts of every statement of a snapshot, stored as its
    `totals` (the view without filters, every visitor's first, reads them instead of passing
    over every statement); the counts over filtered statements use the same SQL."""
    articles, undated = (
        bit_count(ARTICLE_NUMBER, "article_bound", where) for where in ("", "published IS NULL")
    )
    return (
        f"count(*) AS statements, {articles} AS articles, count(DISTINCT speaker) AS speakers, "
        "count(DISTINCT speaker_country) AS countries, count(DISTINCT outlet) AS outlets, "
        "min(published) AS first, max(published) AS last, "
        "count(*) - count(speaker) AS no_speaker, count(*) - count(speaker_country) AS "
        f"no_country, {undated} AS undated, "
        f"count({REPEAT_NUMBER}) - {bit_count(REPEAT_NUMBER, 'repeat_bound')} AS repeated"
    )


def write_summaries(connection: duckdb.DuckDBPyConnection) -> None:
    """The tables a page reads before any count: filter choices, the largest numbers in use,
    the counts of every statement, each actor's most frequent country."""
    parts = [
        f"SELECT DISTINCT '{c}' AS column_name, CAST({c} AS VARCHAR) AS value "
        f"FROM snap.statements WHERE {c} IS NOT NULL"
        for c in CHOICE_COLUMNS
    ]
    connection.execute(f"CREATE OR REPLACE TABLE snap.choices AS {' UNION ALL '.join(parts)}")
    connection.execute(
        f"CREATE OR REPLACE TABLE snap.bounds AS SELECT coalesce(max({ARTICLE_NUMBER}), 0) "
        f"AS articles, coalesce(max({REPEAT_NUMBER}), 0) AS said FROM snap.statements"
    )
    articles, said = connection.execute("SELECT articles, said FROM snap.bounds").fetchone()
    connection.execute(
        f"CREATE OR REPLACE TABLE snap.totals AS SELECT {totals_sql()} FROM snap.statements",
        {"article_bound": max(1, articles), "repeat_bound": max(1, said)},
    )
    connection.execute(
        "CREATE OR REPLACE TABLE snap.actor_countries AS SELECT actor, actor_country AS country "
        "FROM (SELECT actor, actor_country, row_number() OVER (PARTITION BY actor "
        "ORDER BY n DESC, actor_country) AS r FROM snap.actor_country_counts) WHERE r = 1"
    )
