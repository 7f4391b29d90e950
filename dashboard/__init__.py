"""Streamlit-only helpers for app.py and the views: cached data (data), the sidebar filters
(sidebar), page building blocks (widgets), exports (downloads), the Data page's ingest."""

from dashboard.data import (
    Data,
    Selection,
    chart_context,
    counts,
    full_tables,
    load_data,
    model_name,
    side_quotes,
    statements_page,
    store_root,
)
from dashboard.downloads import briefing_exports, chart_exports, share_link, table_exports
from dashboard.sidebar import (
    current_filters,
    draw_sidebar,
    url_problems,
    url_problems_notice,
    widget_values,
)
from dashboard.widgets import (
    caption,
    empty_store_notice,
    escape_markdown,
    highlighted_sentence,
    page_setup,
    sample_notice,
    selected_bar,
    selected_points,
    show_chart,
    statement_in_context,
    statements_table,
)

__all__ = [
    "Data",
    "Selection",
    "briefing_exports",
    "caption",
    "chart_context",
    "chart_exports",
    "counts",
    "current_filters",
    "draw_sidebar",
    "empty_store_notice",
    "escape_markdown",
    "highlighted_sentence",
    "load_data",
    "model_name",
    "page_setup",
    "sample_notice",
    "selected_bar",
    "selected_points",
    "share_link",
    "side_quotes",
    "show_chart",
    "statement_in_context",
    "statements_page",
    "statements_table",
    "full_tables",
    "store_root",
    "table_exports",
    "url_problems",
    "url_problems_notice",
    "widget_values",
]
