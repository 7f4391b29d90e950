"""The sidebar filters, declared once in app.py for every page: one widget per field of the
filter registry, bound to the URL's query parameters (DESIGN.md section 4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import streamlit as st

from analysis.query.filters import (
    DATE,
    FIELDS,
    MULTI,
    TEXT,
    FilterField,
    Filters,
    fields_of,
)
from analysis.render.safe_text import bounded_list, escape_markdown
from dashboard.data import Data
from dashboard.downloads import share_link
from dashboard.url_state import (
    SYNCED_KEY,
    filter_string,
    read_url_into_widgets,
    url_filter_params,
    write_widgets_into_url,
)

MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2100, 12, 31)
PROBLEMS_KEY = "_url_problems"
PROBLEMS_SHOWN = 5  # a link repeating a bad value a thousand times gets one short notice
FILTERS_KEY = "_filters"  # the Filters app.py computed this run, for the page to read
# Widgets declared in app.py keep their state across page switches; dashboard/url_state keeps
# their values in the URL (not Streamlit's binding, which records no history entry and would
# put the theme widget's labels in the URL instead of its ids).
KEPT = {"persist_state": "session"}
EMPTY_VALUES: dict[str, object] = {MULTI: [], DATE: None, TEXT: ""}
# The date range first, then the value lists, then the text box.
SIDEBAR_ORDER = fields_of(DATE) + fields_of(MULTI) + fields_of(TEXT)


def url_problems(data: Data, raw: dict[str, list[str]]) -> list[str]:
    """What the link asked for that the filters cannot honour (shown, never silently dropped)."""
    filters, problems = Filters.from_query(raw, themes=list(data.labels))
    _, missing = filters.restricted_to(**data.choices)
    for field in fields_of(DATE):
        for value in raw.get(field.param, []):
            day = getattr(Filters.from_query({field.param: value})[0], field.name)
            if day is not None and not MIN_DATE <= day <= MAX_DATE:
                problems.append(f"date {field.param}={value!r} out of range, ignored")
    return problems + missing


def widget_values(filters: Filters) -> dict[str, object]:
    """The sidebar widgets' values (by key, the URL names) that show these filters."""
    values: dict[str, object] = {}
    for field in FIELDS:
        value = getattr(filters, field.name)
        values[field.param] = list(value) if field.kind == MULTI else value
    return values


def filters_from_widgets(values: Mapping[str, object]) -> Filters:
    """The Filters the sidebar widgets' values (by key) stand for."""
    chosen: dict[str, object] = {}
    for field in FIELDS:
        value = values.get(field.param)
        if field.kind == MULTI:
            chosen[field.name] = tuple(value or ())  # type: ignore[arg-type]
        elif field.kind == TEXT:
            chosen[field.name] = " ".join(str(value or "").split())
        else:
            chosen[field.name] = value
    return Filters(**chosen)  # type: ignore[arg-type]


def _reset_filters() -> None:
    for field in FIELDS:
        st.session_state[field.param] = EMPTY_VALUES[field.kind]
    st.session_state[PROBLEMS_KEY] = []


def _dismiss_problems() -> None:
    st.session_state[PROBLEMS_KEY] = []


def _widget(field: FilterField, data: Data) -> object:
    """Draw one field's sidebar widget; its current value."""
    sb = st.sidebar
    if field.kind == DATE:
        return sb.date_input(
            field.label,
            value=None,
            min_value=MIN_DATE,
            max_value=MAX_DATE,
            key=field.param,
            format="YYYY-MM-DD",
            **KEPT,
        )
    if field.kind == TEXT:
        return sb.text_input(
            field.label, key=field.param, placeholder=field.placeholder, help=field.help, **KEPT
        )
    return sb.multiselect(
        field.label,
        data.choices[field.name],
        key=field.param,
        placeholder=field.placeholder,
        help=_theme_ids_help(data) if field.taxonomy else (field.help or None),
        format_func=_theme_label(data) if field.taxonomy else str,
        **KEPT,
    )


def _theme_label(data: Data):  # noqa: ANN202 - a format_func
    """Theme ids shown by their label in the widget (the URL keeps the ids)."""
    return lambda theme_id: data.labels.get(theme_id, theme_id)


def _theme_ids_help(data: Data) -> str:
    return "Theme ids: " + escape_markdown("; ".join(f"{k} = {v}" for k, v in data.labels.items()))


def draw_sidebar(data: Data) -> Filters:
    """The sidebar filters (once per run, from app.py, before the page); returns the Filters
    and keeps them for the page (current_filters)."""
    raw = url_filter_params()
    if raw and filter_string(raw) != st.session_state.get(SYNCED_KEY):
        problems = url_problems(data, raw)
        if problems:
            st.session_state[PROBLEMS_KEY] = problems
    read_url_into_widgets(data, raw)
    st.sidebar.header("Filters")
    from dashboard.filter_help import date_presets  # it imports the page blocks

    date_presets(data)
    filters = filters_from_widgets({f.param: _widget(f, data) for f in SIDEBAR_ORDER})
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        st.sidebar.warning("'From' is after 'To': the date range is ignored.")
        filters = replace(filters, date_from=None, date_to=None)
    st.sidebar.button(
        "Reset filters", key="reset_filters", on_click=_reset_filters, width="stretch"
    )
    write_widgets_into_url(filters)
    st.session_state[FILTERS_KEY] = filters
    return filters


SHARE_LABEL = "Link to this view"


def share_view(data: Data, filters: Filters) -> None:
    """The sidebar's link to this exact view (drawn after the page, so it holds the page's
    controls too)."""
    from dashboard.workspace_ui import save_view_controls  # it builds on the page blocks

    link = share_link(filters, data.store_version)
    with st.sidebar.expander("Share this view"):
        # a text box, not st.code: the code block's highlighter is 1.5 MB of script that every
        # fresh browser would load before the first chart
        st.text_input(
            SHARE_LABEL, link, help="Select it and copy it (Ctrl+A, Ctrl+C) to reproduce the view."
        )
        save_view_controls(link)


def current_filters() -> Filters:
    """The Filters of the sidebar this run (no restriction when app.py drew none)."""
    return st.session_state.get(FILTERS_KEY) or Filters()


def url_problems_notice() -> None:
    """In the page: what the link asked for that was ignored (as plain text, the first few and
    how many more), until dismissed."""
    problems = st.session_state.get(PROBLEMS_KEY) or []
    if problems:
        listed = bounded_list(problems, limit=PROBLEMS_SHOWN)
        st.warning("Some values in the link were ignored: " + escape_markdown(listed))
        st.button("Dismiss", key="dismiss_problems", on_click=_dismiss_problems)
