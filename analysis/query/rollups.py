"""Rollups: a snapshot's statements counted per combination of a few columns (written with the
snapshot), and the smallest one that answers a count under a scope's filters: sums of its
counts, exact, over a few hundred thousand rows instead of every statement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

import duckdb

from analysis.query.filters import Filters
from analysis.query.snapshot_tables import THEME_BITS
from analysis.query.sql import columns_read, where

# The columns of each rollup, smallest first where it matters (a month brings its quarter
# and year; there are no weeks: a weekly count reads the statements). Each is stored sorted by
# its columns in this order, so a rollup led by `speaker` reads a few row groups for one.
ROLLUPS: tuple[tuple[str, ...], ...] = (
    ("_month", THEME_BITS),
    ("_month", "kind", THEME_BITS),
    ("_month", "speaker_country", THEME_BITS),
    ("_month", "outlet", THEME_BITS),
    ("_month", "speaker", "speaker_country"),
    ("speaker", "speaker_country", THEME_BITS),
    # the Speech acts page: acts by country and over time, outlet kinds by country
    ("speech_act", "speaker_country", THEME_BITS),
    ("outlet", "speaker_country", THEME_BITS),
    ("_month", "speech_act", THEME_BITS),
    ("_month", "speech_act", "speaker_country", THEME_BITS),
    ("_month", "outlet", "speaker_country", THEME_BITS),
    # the Actors page's speaker profile: one speaker's months and outlets under any themes
    ("speaker", "_month", THEME_BITS),
    ("speaker", "outlet", THEME_BITS),
)
_MEASURES = (
    "count(*) AS n, count(*) FILTER (WHERE sample) AS sampled, count(published) AS dated, "
    "min(published) AS first, max(published) AS last"
)


@dataclass(frozen=True)
class Measures:
    """The SQL of a scope's counts: over statement rows, or sums over a rollup's rows."""

    n: str = "count(*)"
    sampled: str = "count(*) FILTER (WHERE sample)"
    dated: str = "count(published)"
    first: str = "min(published)"
    last: str = "max(published)"


ROWS = Measures()
ROLLED = Measures(
    "CAST(sum(n) AS BIGINT)",
    "CAST(sum(sampled) AS BIGINT)",
    "CAST(sum(dated) AS BIGINT)",
    "min(first)",
    "max(last)",
)


def _columns(keys: Sequence[str]) -> list[str]:
    return [*keys, "_quarter", "_year"] if "_month" in keys else list(keys)


def write_rollups(connection: duckdb.DuckDBPyConnection) -> None:
    """Every rollup of the snapshot's statements (rebuilt whole: a few grouped scans), and
    the `rollups` table naming each one's columns and size."""
    made = []
    for i, keys in enumerate(ROLLUPS):
        columns = ", ".join(_columns(keys))
        connection.execute(
            f"CREATE OR REPLACE TABLE snap.rollup{i} AS SELECT {columns}, {_MEASURES} "
            f"FROM snap.statements GROUP BY ALL ORDER BY {', '.join(keys)}"
        )
        size = connection.execute(f"SELECT count(*) FROM snap.rollup{i}").fetchone()[0]
        made.append((f"rollup{i}", columns, int(size)))
    connection.execute(
        "CREATE OR REPLACE TABLE snap.rollups (name VARCHAR, columns VARCHAR, size BIGINT)"
    )
    connection.executemany("INSERT INTO snap.rollups VALUES (?, ?, ?)", made)


Rollup = tuple[str, frozenset[str]]  # table name, its columns


def read_rollups(connection: duckdb.DuckDBPyConnection) -> tuple[Rollup, ...]:
    """A snapshot's rollups, smallest first."""
    rows = connection.execute("SELECT name, columns FROM rollups ORDER BY size, name").fetchall()
    return tuple((name, frozenset(columns.split(", "))) for name, columns in rows)


@dataclass(frozen=True)
class Cube:
    """A snapshot's rollups and a scope's filters over their columns."""

    rollups: tuple[Rollup, ...]
    clause: str
    reads: frozenset[str]  # the columns the clause reads

    def narrowed(self, condition: str, columns: frozenset[str]) -> Cube:
        return replace(self, clause=f"({self.clause}) AND {condition}", reads=self.reads | columns)

    def table(self, columns: Sequence[str]) -> str | None:
        """The smallest rollup holding these columns and those the filters read."""
        needed = self.reads | set(columns)
        return next((name for name, held in self.rollups if needed <= held), None)


def rollup_clause(filters: Filters, mask_clause: str) -> tuple[str, frozenset[str]] | None:
    """The filters over a rollup's columns (the parameters of analysis.query.sql.where), and
    the columns they read; None when no rollup answers them: a text query reads rows, a date
    range that does not start and end with a month cuts months."""
    if filters.query:
        return None
    starts = filters.date_from is None or filters.date_from.day == 1
    ends = filters.date_to is None or (filters.date_to + timedelta(days=1)).day == 1
    if not (starts and ends):
        return None
    clause, _ = where(replace(filters, themes=(), query="", date_from=None, date_to=None))
    clauses = [clause]
    if filters.themes:
        clauses.append(mask_clause)
    if filters.date_from:
        clauses.append("_month >= $date_from")
    if filters.date_to:
        clauses.append("_month < $date_to")
    held = {"themes": THEME_BITS, "published": "_month"}  # as a rollup holds them
    return " AND ".join(clauses), frozenset(held.get(c, c) for c in columns_read(filters))
