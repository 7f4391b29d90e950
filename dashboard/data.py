"""Cached tables for the pages: the store (or synthetic tables) prepared once per version, and
the filtered views of it (st.cache_resource holds them once; nothing here is mutated)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import settings
from analysis.query import aggregates as agg
from analysis.query.filters import MULTI, Filters, apply, fields_of, mask
from analysis.query.prepared import prepare_mentions, prepare_statements, search_text
from analysis.reference import load_events, load_themes
from analysis.render.charts import ChartContext
from analysis.schema import StatementsTable as Statements
from analysis.store import Store, Tables
from dashboard.versions import requested_version


@dataclass(frozen=True)
class Data:
    """The loaded store, prepared once per version; read-only for every page."""

    tables: Tables
    statements: pd.DataFrame  # prepared: helper columns for fast filtering and counting
    mentions: pd.DataFrame  # prepared: `_row` points into `statements`
    labels: dict[str, str]
    version: str
    source: str
    store_version: int | None  # the store version shown (as_of); None for synthetic data
    data_date: str | None
    choices: dict[str, list[str]]  # Filters field name → the values the sidebar offers
    duplicates_folded: int = 0  # articles read twice and kept once, over all ingests

    @property
    def empty(self) -> bool:
        return len(self.statements) == 0

    @property
    def countries(self) -> list[str]:
        return self.choices["countries"]

    @property
    def speakers(self) -> list[str]:
        return self.choices["speakers"]

    @property
    def outlets(self) -> list[str]:
        return self.choices["outlets"]


@st.cache_resource(show_spinner=False)
def model_name() -> str:
    """The spaCy model new articles are extracted with (the preferred one where installed)."""
    from analysis.extract.model import available_model

    try:
        return available_model()
    except RuntimeError as error:
        return f"none installed ({error})"


def store_root() -> Path | str:
    """The store folder: SYRIA_DASH_STORE at run time (tests set it), else settings."""
    return settings.store_dir()


def _sorted_values(series: pd.Series) -> list[str]:
    return sorted(str(v) for v in series.dropna().unique())


def filter_choices(statements: pd.DataFrame, labels: dict[str, str]) -> dict[str, list[str]]:
    """What each multi-value filter offers: the taxonomy's ids, a fixed list, or the values
    found in the statements, sorted."""
    choices: dict[str, list[str]] = {}
    for field in fields_of(MULTI):
        if field.taxonomy:
            choices[field.name] = list(labels)
        elif field.choices:
            choices[field.name] = list(field.choices)
        else:
            choices[field.name] = _sorted_values(statements[field.column])
    return choices


def _read_tables(source: str, as_of: int | None) -> tuple[Tables, int]:
    """The tables of a store folder (and its count of folded duplicates), or synthetic ones."""
    if source.startswith("synthetic:"):
        from analysis.synthetic import synthetic_tables

        return synthetic_tables(int(source.split(":", 1)[1]), seed=0), 0
    store = Store(source)
    return store.tables(as_of=as_of), store.duplicates_folded()


@st.cache_resource(max_entries=2, show_spinner="Loading the statements…")
def _load(source: str, version: str) -> Data:
    """Tables held once per (source, version): st.cache_resource does not copy them per run."""
    as_of = None if version in ("", "synthetic") else int(version)
    tables, folded = _read_tables(source, as_of)
    labels = {t.id: t.label for t in load_themes()}
    statements = prepare_statements(tables.statements, list(labels), search=False)
    latest = statements[Statements.published].max() if len(statements) else None
    return Data(
        tables=tables,
        statements=statements,
        mentions=prepare_mentions(tables.mentions, statements),
        labels=labels,
        version=version,
        source=source,
        store_version=as_of,
        data_date=None if latest is None or pd.isna(latest) else latest.strftime("%Y-%m-%d"),
        choices=filter_choices(statements, labels),
        duplicates_folded=folded,
    )


def load_data() -> Data:
    """The data of this view: the store at the link's `as_of` version or the latest one
    (cached per store version, so another process's ingest shows on the next run), or
    synthetic tables when SYRIA_DASH_SYNTHETIC=N is set (benchmarks)."""
    synthetic = settings.synthetic_statements()
    if synthetic:
        return _load(f"synthetic:{synthetic}", "synthetic")
    store = Store(store_root())
    as_of = requested_version(store)
    return _load(str(store_root()), store.version() if as_of is None else str(as_of))


def chart_context(data: Data, **options: object) -> ChartContext:
    """Chart context with the taxonomy labels, key events and the prepared mentions."""
    return ChartContext(
        labels=data.labels,
        events=load_events(),
        mentions=data.mentions,
        **options,  # type: ignore[arg-type]
    )


@st.cache_resource(max_entries=2, show_spinner="Indexing the text for search…")
def _search_text(source: str, version: str) -> pd.Series:
    """The folded search text of the statements, built on the first text query only (it costs
    about as much as the rest of the preparation, and many sessions never search)."""
    return search_text(_load(source, version).statements)


def filtered(data: Data, filters: Filters) -> pd.DataFrame:
    """The prepared statements that pass the filters (a view; never mutated)."""
    search = _search_text(data.source, data.version) if filters.query else None
    return apply(data.statements, filters, search=search)


@st.cache_data(max_entries=64, show_spinner=False)
def _network_figure(source: str, version: str, query: str) -> tuple[go.Figure, pd.DataFrame]:
    from analysis.render.charts import chart_network

    data = _load(source, version)
    filters, _ = Filters.from_query(query, themes=list(data.labels))
    search = _search_text(source, version) if filters.query else None
    nodes, edges = agg.cooccurrence(data.mentions, mask(data.statements, filters, search=search))
    return chart_network(nodes, edges), edges.head(50)


def network(data: Data, filters: Filters) -> tuple[go.Figure, pd.DataFrame]:
    """The actor co-occurrence network of the filtered statements and its strongest links,
    cached per store version and filters (small results: st.cache_data)."""
    return _network_figure(data.source, data.version, filters.to_query_string())
