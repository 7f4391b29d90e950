"""What the pages draw, counted by DuckDB over the store version on screen (pandas over the
synthetic benchmark tables), cached per version and filters."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from analysis.query import aggregates as agg
from analysis.query import sql
from analysis.query import sql_aggregates as sqla
from analysis.query.filters import Filters
from analysis.store import Store
from dashboard.data import Data, _load, filtered, is_synthetic

# name → (DuckDB function over a Scope, pandas function over the filtered frame)
_COUNTS: dict[str, tuple[Any, Any]] = {
    "overview_counts": (sqla.overview_counts, agg.overview_counts),
    "data_quality": (sqla.data_quality, agg.data_quality),
    "theme_counts": (sqla.theme_counts, agg.theme_counts),
    "theme_by_group": (sqla.theme_by_group, agg.theme_by_group),
    "theme_share_over_time": (sqla.theme_share_over_time, agg.theme_share_over_time),
    "timeline": (sqla.timeline, agg.timeline),
    "top_speakers": (sqla.top_speakers, agg.top_speakers),
    "top_values": (sqla.top_values, agg.top_values),
}
_NEEDS_LABELS = {"theme_counts", "theme_by_group", "theme_share_over_time"}


@st.cache_data(max_entries=512, show_spinner=False)
def _counted(source: str, version: str, query: str, name: str, options: tuple) -> Any:
    """One aggregate of one view; small results, so cached by value (st.cache_data)."""
    data = _load(source, version)
    filters, _ = Filters.from_query(query, themes=list(data.labels))
    kwargs = dict(options)
    args: tuple = (data.labels,) if name in _NEEDS_LABELS else ()
    if name == "timeline":
        kwargs["labels"] = data.labels
    on_store, on_frame = _COUNTS[name]
    if is_synthetic(source):
        return on_frame(filtered(data, filters), *args, **kwargs)
    as_of = int(version) if version.isdigit() else None
    scope = sqla.scope(Store(source), filters, as_of)
    if scope is None:
        return on_frame(filtered(data, filters), *args, **kwargs)
    return on_store(scope, *args, **kwargs)


def counts(data: Data, filters: Filters, name: str, **options: object) -> Any:
    """The aggregate `name` (analysis.query.aggregates) of the filtered statements."""
    if name not in _COUNTS:
        raise ValueError(f"unknown aggregate {name!r}")
    key = tuple(sorted(options.items()))
    return _counted(data.source, data.version, filters.to_query_string(), name, key)


@st.cache_data(max_entries=256, show_spinner=False)
def _page(
    source: str, version: str, query: str, sort: str, descending: bool, offset: int, limit: int
) -> pd.DataFrame:
    data = _load(source, version)
    filters, _ = Filters.from_query(query, themes=list(data.labels))
    as_of = int(version) if version.isdigit() else None
    return sql.statements_page(
        Store(source),
        filters,
        as_of=as_of,
        sort=sort,
        descending=descending,
        offset=offset,
        limit=limit,
    )


def statements_page(
    data: Data, filters: Filters, *, sort: str, descending: bool, offset: int, limit: int
) -> pd.DataFrame:
    """One sorted page of the filtered statements with their text, read by DuckDB."""
    if is_synthetic(data.source):
        frame = filtered(data, filters).sort_values(sort, ascending=not descending)
        return frame.iloc[offset : offset + limit]
    query = filters.to_query_string()
    return _page(data.source, data.version, query, sort, descending, offset, limit)
