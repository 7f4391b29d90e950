"""The SQL that fills a snapshot's tables (analysis.query.snapshot builds and updates the file):
the statements newest first with dense article and repeat numbers, mentions carrying their
statement's filter columns, the article texts by hash, and the small summary tables a page
reads when it opens."""

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
# A whole build sorts one publication year at a time (years after each other, newest first).
_YEAR = "_part"
_YEAR_SQL = f"coalesce(CAST(year(published) AS INTEGER), -1) AS {_YEAR}"


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
    """The statements of the registered `all_statements`, newest first: numbered and written
    out by publication year (in the `parts` folder, removed after), then sorted into the
    snapshot one year after the other, so no sort holds more than a year of rows."""
    select = _statements_select("all_statements", theme_ids)
    params = theme_params(theme_ids)
    connection.execute(
        f"CREATE TABLE snap.statements AS SELECT *, CAST(NULL AS INTEGER) AS {ARTICLE_NUMBER}, "
        f"CAST(NULL AS INTEGER) AS {REPEAT_NUMBER} FROM ({select}) LIMIT 0",
        params,
    )
    hashes = f"hash(article_id) AS {ARTICLE_HASH}, hash(speaker, text) AS {SAID_HASH}"
    _number(connection, f"(SELECT {hashes} FROM all_statements)")
    folder = str(parts).replace("'", "''")
    connection.execute("SET partitioned_write_flush_threshold = 65536")  # within the memory
    try:
        connection.execute(
            f"COPY (SELECT *, {_YEAR_SQL} FROM ({_numbered(f'({select})')})) TO '{folder}' "
            f"(FORMAT parquet, PARTITION_BY ({_YEAR}))",
            params,
        )
        _sort_years(connection, folder)
    finally:
        shutil.rmtree(parts, ignore_errors=True)


def _sort_years(connection: duckdb.DuckDBPyConnection, folder: str) -> None:
    """The statements written out by year into the snapshot, newest year first, sorted."""
    rows = f"read_parquet('{folder}/**/*.parquet', hive_partitioning = true)"
    years = connection.execute(f"SELECT DISTINCT {_YEAR} FROM {rows} ORDER BY 1 DESC").fetchall()
    for (year,) in years:
        connection.execute(
            f"INSERT INTO snap.statements BY NAME SELECT * EXCLUDE ({_YEAR}) FROM {rows} "
            f"WHERE {_YEAR} = {int(year)} ORDER BY {NEWEST_FIRST}"
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


def _statement_columns(prefix: str) -> str:
    return ", ".join(f"{prefix}.{c}" for c in FILTER_COLUMNS)


def create_mentions(connection: duckdb.DuckDBPyConnection) -> None:
    """The snapshot's (empty) mentions table: each mention with its statement's columns."""
    connection.execute(
        "CREATE TABLE snap.mentions AS SELECT s.statement_id, CAST(NULL AS VARCHAR) AS actor, "
        f"CAST(NULL AS VARCHAR) AS actor_country, {_statement_columns('s')} "
        "FROM snap.statements s LIMIT 0"
    )


def insert_mentions(connection: duckdb.DuckDBPyConnection, source: str) -> None:
    """The mentions of a registered source into the snapshot, one per statement and actor
    (with one of its countries, as the pandas path keeps one), beside its statement's filter
    columns (mentions of statements the snapshot lacks are left out)."""
    once = (
        "SELECT statement_id, actor, min(actor_country) AS actor_country "
        f"FROM {source} GROUP BY statement_id, actor"
    )
    connection.execute(
        "INSERT INTO snap.mentions SELECT m.statement_id, m.actor, m.actor_country, "
        f"{_statement_columns('s')} FROM ({once}) m JOIN snap.statements s "
        f"ON m.statement_id = s.statement_id ORDER BY {NEWEST_FIRST}"
    )


def restate_mentions(connection: duckdb.DuckDBPyConnection, changed: str) -> None:
    """After statements were removed or added (ids in the registered `changed`): the kept
    mentions of those statements take their columns again, or go with them."""
    ids = f"SELECT statement_id FROM {changed}"
    connection.execute(
        f"DELETE FROM snap.mentions WHERE statement_id IN ({ids}) "
        "AND statement_id NOT IN (SELECT statement_id FROM snap.statements)"
    )
    assignments = ", ".join(f"{c} = s.{c}" for c in FILTER_COLUMNS)
    connection.execute(
        f"UPDATE snap.mentions SET {assignments} FROM snap.statements s "
        f"WHERE snap.mentions.statement_id = s.statement_id AND s.statement_id IN ({ids})"
    )


ARTICLES_SELECT = f"SELECT hash(article_id) AS {ARTICLE_HASH}, article_id, text FROM {{source}}"


def insert_article_texts(connection: duckdb.DuckDBPyConnection, source: str) -> None:
    """The texts of a registered source of articles, by article hash (a lookup reads one row
    group)."""
    select = f"{ARTICLES_SELECT.format(source=source)} ORDER BY {ARTICLE_HASH}"
    exists = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'snap' "
        "AND table_name = 'article_texts'"
    ).fetchone()[0]
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
        "ORDER BY count(*) DESC, actor_country) AS r FROM snap.mentions "
        "WHERE actor_country IS NOT NULL GROUP BY actor, actor_country) WHERE r = 1"
    )
