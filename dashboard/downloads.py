"""Downloads of what a page shows: chart images, tables, briefing packs, each with the footer
and the link that reproduce the view; the bytes are built only when a button is clicked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib.util import find_spec
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import settings
from analysis.query.filters import PARAMS, Filters
from analysis.query.prepared import public_columns
from dashboard.data import Data, Selection

CHART_FORMATS = ("png", "svg", "pdf", "html")
TABLE_FORMATS = ("csv", "xlsx")
BRIEFING_FORMATS = ("pdf", "html")
# A briefing's key quotes: the rows, or a function reading them when the pack is built.
Quotes = pd.DataFrame | Callable[[], pd.DataFrame]


PAGE_PATH_KEY = "_page_path"  # the url_path of the page this run shows (set by app.py)


def share_link(filters: Filters, store_version: int | None = None) -> str:
    """The full URL of this view: the page, the filters, the page's own controls as the
    address bar holds them (compare sides, period, sort, …) and the store version shown."""
    base = None
    try:
        base = st.context.url
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode)
        base = None
    base = (base or settings.base_url()).rstrip("/")
    path = st.session_state.get(PAGE_PATH_KEY) or ""
    if path and not base.endswith("/" + path):
        base = f"{base}/{path}"
    pairs = filters.to_query() + _page_controls()
    if store_version is not None:
        pairs.append(("as_of", str(store_version)))
    query = urlencode(pairs)
    return f"{base}?{query}" if query else base


def _page_controls() -> list[tuple[str, str]]:
    """The address bar's parameters that are neither filters nor the version."""
    params = st.query_params
    return [(k, v) for k in params if k not in PARAMS and k != "as_of" for v in params.get_all(k)]


def exports_available() -> bool:
    return find_spec("analysis.render.export") is not None


def footer(data: Data, filters: Filters, selection: Selection) -> str:
    """The footer every export carries: filters, count, data date, sample share and link."""
    from analysis.render.export import footer_text

    return footer_text(
        filters.describe(data.labels),
        len(selection),
        data.data_date,
        share_link(filters, data.store_version),
        n_sample=selection.sample_count,
    )


def filename(name: str, fmt: str) -> str:
    from analysis.render.export import export_filename

    return export_filename(name, fmt)


def _mime(fmt: str) -> str:
    from analysis.render.export import MIME_TYPES

    return MIME_TYPES[fmt]


def chart_exports(
    fig: go.Figure, name: str, data: Data, filters: Filters, selection: Selection, key: str
) -> None:
    """PNG/SVG/PDF/HTML downloads of a chart with a footer; rendered only when clicked."""
    if not exports_available():
        st.caption("Exports need analysis/export.py.")
        return
    text = footer(data, filters, selection)

    def make(fmt: str) -> Callable[[], bytes]:
        def render() -> bytes:
            from analysis.render.export import figure_bytes

            return figure_bytes(fig, fmt, text)

        return render

    with st.popover("Export chart", icon=":material/download:"):
        for fmt in CHART_FORMATS:
            st.download_button(
                fmt.upper(),
                data=make(fmt),
                file_name=view_filename(name, fmt, data, filters),
                mime=_mime(fmt),
                key=f"{key}_{fmt}",
                on_click="ignore",
            )


def table_exports(df: pd.DataFrame | Callable[[], pd.DataFrame], name: str, key: str) -> None:
    """CSV and XLSX downloads of exactly the rows shown (or of what `df()` reads, for a whole
    table), theme labels beside ids, with the view's filters, link and store version (CSV
    comment lines, an XLSX "about" sheet); built only when clicked."""
    if not exports_available():
        return
    from dashboard.data import load_data
    from dashboard.sidebar import current_filters  # the sidebar builds on this module

    data, filters = load_data(), current_filters()
    cols = st.columns(2, width=260)
    for col, fmt in zip(cols, TABLE_FORMATS, strict=True):

        def render(fmt: str = fmt) -> bytes:
            from analysis.render.export import table_bytes
            from analysis.render.provenance import (
                provenance_lines,
                with_provenance,
                with_theme_labels,
            )

            rows = with_theme_labels(public_columns(df() if callable(df) else df), data.labels)
            lines = provenance_lines(
                filters.describe(data.labels),
                share_link(filters, data.store_version),
                data.store_version,
                data.data_date,
                len(rows),
            )
            return with_provenance(table_bytes(rows, fmt), fmt, lines)

        col.download_button(
            fmt.upper(),
            data=render,
            file_name=view_filename(name, fmt, data, filters),
            mime=_mime(fmt),
            key=f"{key}_{fmt}",
            on_click="ignore",
            icon=":material/table:",
        )


def view_filename(name: str, fmt: str, data: Data, filters: Filters) -> str:
    """A download name naming the page, the export, the main filters and the data date."""
    from analysis.render.provenance import view_slug

    values = [v for _, v in filters.to_query() if len(v) <= 30]
    page = st.session_state.get(PAGE_PATH_KEY) or "overview"
    return filename(view_slug(f"{page} {name}", values, data.data_date), fmt)


def _briefing_renderer(
    title: str,
    figures: Sequence[go.Figure],
    quotes: Quotes,
    data: Data,
    filters: Filters,
    selection: Selection,
) -> Callable[[str], bytes]:
    """A function of the format that builds the briefing pack's bytes when called (the
    quotes are read then, when they are a function)."""
    n_statements = len(selection)
    link = share_link(filters, data.store_version)
    description = filters.describe(data.labels)

    def render(fmt: str) -> bytes:
        from analysis.render.export import briefing_pack

        rows = public_columns(quotes() if callable(quotes) else quotes)
        if "published" in rows.columns:  # the key quotes read in date order
            rows = rows.sort_values("published", kind="stable", na_position="last")
        return briefing_pack(
            title,
            list(figures),
            rows,
            description,
            link,
            fmt,
            n_statements=n_statements,
            data_date=data.data_date,
        )

    return render


def briefing_exports(
    title: str,
    figures: Sequence[go.Figure],
    quotes: Quotes,
    data: Data,
    filters: Filters,
    selection: Selection,
    key: str,
) -> None:
    """The view's briefing pack (PDF and HTML): charts, key quotes, filters and link."""
    if not exports_available():
        return
    render = _briefing_renderer(title, figures, quotes, data, filters, selection)
    st.caption("Briefing pack of this view (charts, key quotes, filters and link):")
    cols = st.columns(2, width=300)
    for col, fmt in zip(cols, BRIEFING_FORMATS, strict=True):
        col.download_button(
            f"Briefing {fmt.upper()}",
            data=lambda fmt=fmt: render(fmt),
            file_name=view_filename(f"briefing {title}", fmt, data, filters),
            mime=_mime(fmt),
            key=f"{key}_{fmt}",
            on_click="ignore",
            icon=":material/description:",
        )
