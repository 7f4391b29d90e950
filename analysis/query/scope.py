"""The filtered statements of a store version as DuckDB sees them: a connection, the filters
pushed down as a parameterised WHERE clause, over the version's snapshot or its Delta table."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from analysis.query.filters import Filters, fold_query
from analysis.query.rollups import ROLLED, ROWS, Cube, Measures, Rollup, read_rollups, rollup_clause
from analysis.query.snapshot import build_snapshot, open_snapshot
from analysis.query.snapshot_tables import FILTER_COLUMNS, THEME_BITS
from analysis.query.sql import columns_read, connection_of, where
from analysis.store import SEARCH_COLUMN, Store


@dataclass(frozen=True)
class Scope:
    """The filtered statements of one store version: a connection and the pushed-down filter,
    over the statements or (counted()) a rollup of them."""

    connection: duckdb.DuckDBPyConnection
    clause: str
    params: dict[str, object]
    theme_bits: tuple[str, ...] | None = None  # a snapshot's themes, in bit order
    bounds: tuple[int, int] = (0, 0)  # a snapshot's largest article and said numbers
    mentions_clause: str | None = None  # the clause over a snapshot's mentions, where it reads
    cube: Cube | None = None  # a snapshot's rollups, where they answer the filters
    table: str = "statements"
    measures: Measures = ROWS  # the SQL of the counts over the table
    whole: bool = False  # every statement of a snapshot (no filter): its stored totals hold

    def frame(self, select: str, tail: str = "", extra: Mapping[str, object] = {}) -> pd.DataFrame:
        """`SELECT <select> FROM <table> WHERE <filters> <tail>` as a DataFrame."""
        sql = f"SELECT {select} FROM {self.table} WHERE {self.clause} {tail}"
        return self.connection.execute(sql, self.params | dict(extra)).df()

    def narrowed(
        self, condition: str, params: Mapping[str, object], reads: Iterable[str] | None = None
    ) -> Scope:
        """The same statements with one more condition (its values as parameters); `reads`
        names the columns it reads when a rollup may answer it."""
        cube = None if self.cube is None or reads is None else self.cube
        if cube is not None:
            cube = cube.narrowed(condition, frozenset(reads or ()))
        clause = f"({self.clause}) AND {condition}"
        params = self.params | dict(params)
        changed = {"clause": clause, "params": params, "cube": cube, "whole": False}
        return replace(self, mentions_clause=None, **changed)

    def scalar(self, select: str) -> object:
        """One value of `SELECT <select>` over the filtered statements."""
        sql = f"SELECT {select} FROM {self.table} WHERE {self.clause}"
        return self.connection.execute(sql, self.params).fetchone()[0]

    def counted(self, *columns: str) -> Scope:
        """The same statements for counting by these columns: over the smallest rollup that
        holds them and the columns the filters read (its counts summed), else as they are."""
        table = None if self.cube is None else self.cube.table(columns)
        if table is None or self.cube is None:
            return self
        rolled = {"clause": self.cube.clause, "table": table, "measures": ROLLED}
        return replace(self, cube=None, whole=False, **rolled)


def scope(
    store: Store,
    filters: Filters,
    as_of: int | None = None,
    theme_ids: Sequence[str] | None = None,
) -> Scope | None:
    """The filtered statements of a store version, or None when the store has none: over the
    version's snapshot when the taxonomy (`theme_ids`) is given, else over the Delta table."""
    if theme_ids is None:
        connection = connection_of(store, as_of)
        if connection is None:
            return None
        clause, params = where(filters)
        return Scope(connection, clause, params)
    version = store.latest() if as_of is None else as_of
    path = None if version is None else build_snapshot(store, version, theme_ids)
    if path is None:
        return None
    return _snapshot_scope(path, filters, tuple(theme_ids))


def _snapshot_scope(path: Path, filters: Filters, theme_ids: tuple[str, ...]) -> Scope:
    """Themes filtered on the bits; the text query's matching rows found once per snapshot
    and query (kept for the next counts of the same view)."""
    connection = open_snapshot(path)
    clause, params = where(replace(filters, themes=(), query=""))
    clauses = [clause]
    if filters.themes:
        mask = sum(1 << theme_ids.index(t) for t in filters.themes if t in theme_ids)
        clauses.append(f"({THEME_BITS} & $theme_mask) != 0")
        params["theme_mask"] = mask
    held = {"themes": THEME_BITS}  # as the snapshot's mentions hold the statement columns
    on_mentions = " AND ".join(clauses)
    carried = {held.get(c, c) for c in columns_read(filters)} <= set(FILTER_COLUMNS)
    if filters.query:
        connection.register("hits", _search_hits(path, fold_query(filters.query)))
        clauses.append("rowid IN (SELECT r FROM hits)")
    bounds, rollups = _summary(path)
    rolled = rollup_clause(filters, f"({THEME_BITS} & $theme_mask) != 0")
    clause = " AND ".join(clauses)
    return Scope(
        connection,
        clause,
        params,
        theme_ids,
        bounds,
        on_mentions if carried and not filters.query else None,
        None if rolled is None else Cube(rollups, *rolled),
        whole=clause == "TRUE",
    )


@functools.lru_cache(maxsize=8)
def _summary(path: Path) -> tuple[tuple[int, int], tuple[Rollup, ...]]:
    """The largest article and repeat numbers of a snapshot (bit-string sizes), its rollups."""
    connection = open_snapshot(path)
    row = connection.execute("SELECT articles, said FROM bounds").fetchone()
    return (int(row[0]), int(row[1])), read_rollups(connection)


def forget_searches() -> None:
    """Drop the remembered rows of earlier text queries (benchmarks time them afresh)."""
    _search_hits.cache_clear()


@functools.lru_cache(maxsize=16)
def _search_hits(path: Path, needle: str) -> pa.Table:
    """Row ids of a snapshot's statements whose folded search text contains the needle."""
    sql = f"SELECT rowid AS r FROM statements WHERE contains({SEARCH_COLUMN}, $needle)"
    return open_snapshot(path).sql(sql, params={"needle": needle}).to_arrow_table()
