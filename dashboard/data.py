"""The store version a page shows and the selection its filters make: counts and rows come
from DuckDB (analysis.query.sql_aggregates over the version's snapshot); no table is held in
pandas memory."""

from __future__ import annotations

import inspect
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from analysis import settings
from analysis.query import sql_aggregates as sqla
from analysis.query.filters import MULTI, Filters, fields_of
from analysis.reference import load_events, load_themes
from analysis.render.charts import ChartContext
from analysis.schema import StatementsTable, empty_table
from analysis.store import Store, Tables
from dashboard.versions import requested_version


@dataclass(frozen=True)
class Data:
    """One store version as the pages see it: its size, taxonomy and filter choices."""

    source: str  # the store folder or URI
    version: str  # the store version shown ("" for an empty store)
    labels: dict[str, str]
    store_version: int | None  # the version a link pinned (as_of), None for the latest
    data_date: str | None
    choices: dict[str, list[str]]  # Filters field name → the values the sidebar offers
    n_statements: int = 0
    n_articles: int = 0
    n_mentions: int = 0
    duplicates_folded: int = 0  # articles read twice and kept once, over all ingests
    synthetic: bool = False  # the benchmark's synthetic store (SYRIA_DASH_SYNTHETIC)

    @property
    def empty(self) -> bool:
        return self.n_statements == 0

    @property
    def as_of(self) -> int | None:
        """The store version every query of this view reads."""
        return int(self.version) if self.version.isdigit() else None

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


def _theme_labels() -> dict[str, str]:
    return {t.id: t.label for t in load_themes()}


def scope_of(data: Data, filters: Filters) -> sqla.Scope | None:
    """The filtered statements of the view's store version, over its snapshot."""
    return sqla.scope(Store(data.source), filters, data.as_of, list(data.labels))


def filter_choices(everything: sqla.Scope | None, labels: dict[str, str]) -> dict[str, list[str]]:
    """What each multi-value filter offers: the taxonomy's ids, a fixed list, or the values
    found in the statements, sorted."""
    choices: dict[str, list[str]] = {}
    for field in fields_of(MULTI):
        if field.taxonomy:
            choices[field.name] = list(labels)
        elif field.choices:
            choices[field.name] = list(field.choices)
        else:
            found = [] if everything is None else sqla.distinct_values(everything, field.column)
            choices[field.name] = found
    return choices


SYNTHETIC_PREFIX = "syria-dash-synthetic-"


@st.cache_resource(max_entries=4, show_spinner="Preparing the statements…")
def _load(source: str, version: str) -> Data:
    """A store version's summary, once per (source, version): the snapshot is built here."""
    store = Store(source)
    labels = _theme_labels()
    as_of = int(version) if version.isdigit() else None
    everything = sqla.scope(store, Filters(), as_of, list(labels)) if version else None
    latest = sqla.date_span(everything)[1] if everything else None
    return Data(
        source=source,
        version=version,
        labels=labels,
        store_version=as_of,
        data_date=None if latest is None else pd.Timestamp(latest).strftime("%Y-%m-%d"),
        choices=filter_choices(everything, labels),
        n_statements=sqla.count(everything) if everything else 0,
        n_articles=store.count("articles", as_of) if version else 0,
        n_mentions=store.count("mentions", as_of) if version else 0,
        duplicates_folded=store.duplicates_folded() if version else 0,
        synthetic=Path(source).name.startswith(SYNTHETIC_PREFIX),
    )


def synthetic_store(n_statements: int) -> Path:
    """A store of n synthetic statements in the temp folder, written once (benchmarks)."""
    from analysis.synthetic import synthetic_tables

    root = Path(tempfile.gettempdir()) / f"{SYNTHETIC_PREFIX}{n_statements}"
    if Store(root).latest() is None:
        Store(root).write(synthetic_tables(n_statements, seed=0))
    return root


def load_data() -> Data:
    """The data of this view: the store at the link's `as_of` version or the latest one
    (cached per store version, so another process's ingest shows on the next run), or a
    synthetic store when SYRIA_DASH_SYNTHETIC=N is set (benchmarks)."""
    synthetic = settings.synthetic_statements()
    if synthetic:
        root = synthetic_store(synthetic)
        return _load(str(root), Store(root).version())
    store = Store(store_root())
    as_of = requested_version(store)
    return _load(str(store_root()), store.version() if as_of is None else str(as_of))


def chart_context(data: Data, **options: object) -> ChartContext:
    """Chart context with the taxonomy labels and the key events."""
    return ChartContext(labels=data.labels, events=load_events(), **options)  # type: ignore[arg-type]


def _scoped(source: str, version: str, query: str) -> tuple[Data, sqla.Scope | None]:
    """A cached view's data and the scope of its link's filters (the cache keys are strings)."""
    data = _load(source, version)
    filters, _ = Filters.from_query(query, themes=list(data.labels))
    return data, scope_of(data, filters)


@st.cache_data(max_entries=512, show_spinner=False)
def _counted(source: str, version: str, query: str, name: str, options: tuple) -> Any:
    """One aggregate of one view (small results, cached by value)."""
    data, scope = _scoped(source, version, query)
    if scope is None:
        raise ValueError(f"{source}: the store holds no statements at version {version!r}")
    function = getattr(sqla, name)
    kwargs = dict(options)
    if "labels" in inspect.signature(function).parameters:
        kwargs["labels"] = data.labels
    return function(scope, **kwargs)


def counts(data: Data, filters: Filters, name: str, **options: object) -> Any:
    """The aggregate `name` of analysis.query.sql_aggregates over the filtered statements
    (the taxonomy's labels are passed where the aggregate takes them)."""
    if name not in sqla.__all__ or name in ("Scope", "scope"):
        raise ValueError(f"unknown aggregate {name!r}")
    key = tuple(sorted(options.items()))
    return _counted(data.source, data.version, filters.to_query_string(), name, key)


@dataclass(frozen=True)
class Selection:
    """The statements a view's filters select: counted and paged by DuckDB, never loaded."""

    data: Data
    filters: Filters

    def __len__(self) -> int:
        return int(counts(self.data, self.filters, "count"))

    @property
    def sample_count(self) -> int:
        """How many come from the bundled sample corpus."""
        return int(counts(self.data, self.filters, "sample_count"))

    def head(self, n: int) -> pd.DataFrame:
        """The n newest, with their text."""
        return statements_page(self.data, self.filters, limit=n)


@st.cache_data(max_entries=256, show_spinner=False)
def _page(
    source: str, version: str, query: str, sort: str, descending: bool, offset: int, limit: int
) -> pd.DataFrame:
    _, scope = _scoped(source, version, query)
    if scope is None:
        return empty_table(StatementsTable)
    return sqla.page(scope, sort=sort, descending=descending, offset=offset, limit=limit)


def statements_page(
    data: Data,
    filters: Filters,
    *,
    sort: str = "published",
    descending: bool = True,
    offset: int = 0,
    limit: int = 50,
) -> pd.DataFrame:
    """One sorted page of the filtered statements with their text."""
    query = filters.to_query_string()
    return _page(data.source, data.version, query, sort, descending, offset, limit)


def article_text(data: Data, article_id: str) -> str | None:
    """One article's text, for the context around a statement (from the version's snapshot)."""
    _, scope = _scoped(data.source, data.version, "")
    return None if scope is None else sqla.article_text(scope, article_id)


def full_tables(data: Data) -> Tables:
    """The whole tables, text included (downloads of the Data page, built when clicked)."""
    return Store(data.source).tables(as_of=data.as_of)


_SIDE_FIELDS = {"country": "countries", "speaker": "speakers", "outlet": "outlets"}


def side_filters(filters: Filters, side: tuple[str, str]) -> Filters | None:
    """The filters narrowed to one Compare side, None when the filters already exclude it."""
    dimension, value = side
    field = _SIDE_FIELDS[dimension]
    chosen = getattr(filters, field)
    if chosen and value not in chosen:
        return None
    return replace(filters, **{field: (value,)})


def side_quotes(data: Data, filters: Filters, side: tuple[str, str], n: int) -> pd.DataFrame:
    """The n newest statements of one Compare side, with their text."""
    narrowed = side_filters(filters, side)
    if narrowed is None:
        return empty_table(StatementsTable)
    return statements_page(data, narrowed, limit=n)
