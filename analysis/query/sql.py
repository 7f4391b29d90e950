"""Filters as parameterised DuckDB SQL over the store's Delta tables: counts, pages, text."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import pandas as pd
import pyarrow.dataset as pads

from analysis.query.filters import Filters, field_named, fold_query
from analysis.schema import (
    STATEMENT_COLUMNS,
)
from analysis.store import SEARCH_COLUMN, Store
from analysis.text import SEARCH_SQL

# Sort keys a link may name → SQL; anything else is refused before it reaches SQL.
SORTABLE = {c: c for c in ("published", "speaker", "speaker_country", "outlet", "kind", "cue")}
# Filters field → statements column, for the multi-value filters.
IN_COLUMNS = (
    ("countries", "speaker_country"),
    ("speakers", "speaker"),
    ("outlets", "outlet"),
    ("kinds", "kind"),
    ("acts", "speech_act"),
    ("outlet_kinds", "outlet"),
)


def quoted(column: str) -> str:
    """A column name as a SQL identifier (`end` is a keyword)."""
    return '"' + column.replace('"', '""') + '"'


def where(filters: Filters) -> tuple[str, dict[str, object]]:
    """The WHERE clause of the filters and its parameters (values never enter the SQL text)."""
    clauses: list[str] = []
    params: dict[str, object] = {}
    if filters.themes:
        clauses.append("list_has_any(themes, $themes)")
        params["themes"] = list(filters.themes)
    for attr, column in IN_COLUMNS:
        chosen = getattr(filters, attr)
        if chosen:
            clauses.append(f"list_contains(${attr}, {column})")
            params[attr] = list(field_named(attr).column_values(chosen))
    if filters.date_from:
        clauses.append("published >= $date_from")
        params["date_from"] = pd.Timestamp(filters.date_from).to_pydatetime()
    if filters.date_to:
        clauses.append("published < $date_to")
        params["date_to"] = pd.Timestamp(filters.date_to + timedelta(days=1)).to_pydatetime()
    if filters.query:
        # the folded text stored beside each statement; folded here for rows written before it
        clauses.append(f"contains(coalesce({SEARCH_COLUMN}, {SEARCH_SQL}), $needle)")
        params["needle"] = fold_query(filters.query)
    return (" AND ".join(clauses) or "TRUE"), params


def columns_read(filters: Filters) -> frozenset[str]:
    """The columns the WHERE clause of the filters reads, the text query's aside."""
    read = {column for attr, column in IN_COLUMNS if getattr(filters, attr)}
    if filters.themes:
        read.add("themes")
    if filters.date_from or filters.date_to:
        read.add("published")
    return frozenset(read)


def order_by(sort: str, descending: bool) -> str:
    """The ORDER BY of a page sorted by a key a link may name (ties broken by id); any other
    key is refused before it reaches SQL."""
    if sort not in SORTABLE:
        raise ValueError(f"cannot sort by {sort!r}; choose one of {', '.join(SORTABLE)}")
    return f"{SORTABLE[sort]} {'DESC' if descending else 'ASC'} NULLS LAST, statement_id"


def connection_of(store: Store, as_of: int | None) -> duckdb.DuckDBPyConnection | None:
    """A DuckDB connection with the statements table of a store version registered."""
    dataset: pads.Dataset | None = store.dataset("statements", as_of)
    if dataset is None:
        return None
    connection = duckdb.connect()
    connection.register("statements", dataset)
    return connection


def count_statements(store: Store, filters: Filters, as_of: int | None = None) -> int:
    """How many statements pass the filters at a store version."""
    connection = connection_of(store, as_of)
    if connection is None:
        return 0
    clause, params = where(filters)
    sql = f"SELECT count(*) FROM statements WHERE {clause}"
    return int(connection.execute(sql, params).fetchone()[0])


def statements_page(
    store: Store,
    filters: Filters,
    *,
    as_of: int | None = None,
    sort: str = "published",
    descending: bool = True,
    offset: int = 0,
    limit: int = 50,
) -> pd.DataFrame:
    """One page of the filtered statements, sorted, with every column (text included)."""
    order = order_by(sort, descending)
    connection = connection_of(store, as_of)
    if connection is None:
        return pd.DataFrame(columns=STATEMENT_COLUMNS)
    clause, params = where(filters)
    sql = (
        f"SELECT {', '.join(map(quoted, STATEMENT_COLUMNS))} FROM statements WHERE {clause} "
        f"ORDER BY {order} LIMIT $limit OFFSET $offset"
    )
    params |= {"limit": max(0, int(limit)), "offset": max(0, int(offset))}
    return connection.execute(sql, params).df()
