"""The named charts: tables + Filters → the page's figure and its export footer, by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from analysis import settings
from analysis.query.filters import Filters, apply, prepare_statements
from analysis.reference import load_themes
from analysis.render import charts
from analysis.render.errors import ExportError
from analysis.render.export import date_text, footer_text
from analysis.store import Tables

FigureBuilder = Callable[[pd.DataFrame, charts.ChartContext], go.Figure]
Chart = Callable[[Tables, Filters], go.Figure]

# The page figure behind each name: a page and `chart NAME` draw the same builder.
FIGURES: dict[str, FigureBuilder] = {
    "theme_counts": charts.fig_theme_counts,
    "theme_by_country": charts.fig_theme_by_country,
    "theme_share": charts.fig_theme_share,
    "timeline": charts.fig_timeline,
    "top_speakers": charts.fig_top_speakers,
    "top_countries": charts.fig_top_countries,
    "top_outlets": charts.fig_top_outlets,
    "network": charts.fig_network,
    "compare": charts.fig_compare,
    "compare_gap": charts.fig_compare_gap,
}


def _from_tables(builder: FigureBuilder) -> Chart:
    """A builder of a filtered frame as a chart of the store's tables and a view's filters."""

    def chart(tables: Tables, filters: Filters) -> go.Figure:
        ctx = charts.default_context(tables.mentions)
        prepared = prepare_statements(tables.statements, list(ctx.labels))
        return builder(apply(prepared, filters), ctx)

    chart.__doc__ = builder.__doc__
    return chart


# The names the `chart` CLI command takes: the same figure a page draws for the same query.
CHARTS: dict[str, Chart] = {name: _from_tables(builder) for name, builder in FIGURES.items()}


class RenderedChart(NamedTuple):
    """A chart drawn for a shared link's filters, and the footer its exports carry."""

    figure: go.Figure
    footer: str


def data_date(tables: Tables) -> str | None:
    """The data's date: the latest publication date in the store (None for an empty store)."""
    for frame in (tables.statements, tables.articles):
        if len(frame) and "published" in frame:
            latest = pd.to_datetime(frame["published"], errors="coerce").max()
            if not pd.isna(latest):
                return date_text(latest)
    return None


def view_link(query: str, *, page: str = "", base_url: str | None = None) -> str:
    """The dashboard link that reproduces a view: base URL, page path and query string."""
    base = (base_url or settings.base_url()).rstrip("/")
    path = f"/{page.strip('/')}" if page.strip("/") else "/"
    return f"{base}{path}?{query}" if query else f"{base}{path}"


def _with_version(query: str, as_of: int | None) -> str:
    if as_of is None:
        return query
    return f"{query}&as_of={as_of}" if query else f"as_of={as_of}"


def _sample_statements(shown: pd.DataFrame) -> int:
    """How many of the shown statements come from the invented sample corpus."""
    return int(shown["sample"].fillna(False).astype(bool).sum()) if "sample" in shown else 0


def render_chart(
    name: str,
    filters: Filters,
    tables: Tables,
    *,
    base_url: str | None = None,
    page: str = "",
    as_of: int | None = None,
) -> RenderedChart:
    """The chart the dashboard draws for a view's filters, and its export footer.

    The CLI parses a shared link's query into Filters exactly as the pages parse the URL, so
    `chart NAME --query …` draws the same figure as the page for the same link; `as_of`, the
    store version drawn, goes into the footer's link.
    """
    if name not in CHARTS:
        raise ExportError(f"unknown chart {name!r}; choose one of: {', '.join(sorted(CHARTS))}")
    figure = CHARTS[name](tables, filters)
    shown = apply(tables.statements, filters)
    footer = footer_text(
        filters.describe({t.id: t.label for t in load_themes()}),
        len(shown),
        data_date(tables),
        view_link(_with_version(filters.to_query_string(), as_of), page=page, base_url=base_url),
        n_sample=_sample_statements(shown),
    )
    return RenderedChart(figure, footer)
