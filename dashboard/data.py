"""Cached tables for the pages: the store (or synthetic tables) prepared once per version, and
the filtered views of it (st.cache_resource holds them once; nothing here is mutated)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import settings
from analysis.query import aggregates as agg
from analysis.query import sql
from analysis.query.filters import MULTI, Filters, fields_of, mask
from analysis.query.prepared import prepare_mentions, prepare_statements
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
    """The tables of a store folder without their text columns (read per shown row instead)
    and its count of folded duplicates; or synthetic tables, text included."""
    if is_synthetic(source):
        from analysis.synthetic import synthetic_tables

        return synthetic_tables(int(source.split(":", 1)[1]), seed=0), 0
    store = Store(source)
    tables = Tables(
        articles=sql.light_articles(store, as_of),
        statements=sql.light_statements(store, as_of),
        mentions=store.table("mentions", as_of),
    )
    return tables, store.duplicates_folded()


def is_synthetic(source: str) -> bool:
    return source.startswith("synthetic:")


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


def _as_of(data: Data) -> int | None:
    """The store version the data was read at."""
    return int(data.version) if data.version.isdigit() else None


@st.cache_resource(max_entries=2, show_spinner=False)
def _positions(source: str, version: str) -> pd.Index:
    """statement_id → row of the prepared statements (to turn search hits into a mask)."""
    return pd.Index(_load(source, version).statements[Statements.statement_id])


@st.cache_data(max_entries=32, show_spinner="Searching the statements…")
def _search_hits(source: str, version: str, query: str) -> np.ndarray:
    """Rows of the prepared statements whose text contains the query (DuckDB over the store)."""
    data = _load(source, version)
    if is_synthetic(source):
        return mask(data.statements, Filters(query=query))
    ids = sql.search_hits(Store(source), query, _as_of(data))
    rows = _positions(source, version).get_indexer(ids)
    hits = np.zeros(len(data.statements), dtype=bool)
    hits[rows[rows >= 0]] = True
    return hits


def filter_mask(data: Data, filters: Filters) -> np.ndarray:
    """Which prepared statements pass the filters; the text query answered by the store."""
    keep = mask(data.statements, replace(filters, query=""))
    if filters.query:
        keep &= _search_hits(data.source, data.version, filters.query)
    return keep


def filtered(data: Data, filters: Filters) -> pd.DataFrame:
    """The prepared statements that pass the filters (a view; never mutated)."""
    return data.statements[filter_mask(data, filters)]


def with_text(data: Data, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with their text columns, read from the store for just these rows."""
    missing = [c for c in sql.TEXT_COLUMNS if c not in frame]
    if not missing or frame.empty:
        return frame.assign(**{c: pd.Series(dtype=object) for c in missing})
    ids = frame[Statements.statement_id].tolist()
    texts = sql.statement_texts(Store(data.source), ids, _as_of(data))
    texts = texts.drop_duplicates(Statements.statement_id).set_index(Statements.statement_id)
    by_id = frame[Statements.statement_id]
    return frame.assign(**{c: by_id.map(texts[c]).to_numpy() for c in missing})


def article_text(data: Data, article_id: str) -> str | None:
    """One article's text, for the context around a statement."""
    if is_synthetic(data.source):
        match = data.tables.articles[data.tables.articles["article_id"] == article_id]
        return None if match.empty else str(match.iloc[0]["text"])
    return sql.article_text(Store(data.source), article_id, _as_of(data))


def full_tables(data: Data) -> Tables:
    """The whole tables, text included (downloads of the Data page, built when clicked)."""
    if is_synthetic(data.source):
        return data.tables
    return Store(data.source).tables(as_of=_as_of(data))


@st.cache_data(max_entries=64, show_spinner=False)
def _network_figure(source: str, version: str, query: str) -> tuple[go.Figure, pd.DataFrame]:
    from analysis.render.charts import chart_network

    data = _load(source, version)
    filters, _ = Filters.from_query(query, themes=list(data.labels))
    nodes, edges = agg.cooccurrence(data.mentions, filter_mask(data, filters))
    return chart_network(nodes, edges), edges.head(50)


def network(data: Data, filters: Filters) -> tuple[go.Figure, pd.DataFrame]:
    """The actor co-occurrence network of the filtered statements and its strongest links,
    cached per store version and filters (small results: st.cache_data)."""
    return _network_figure(data.source, data.version, filters.to_query_string())
