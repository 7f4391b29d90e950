"""The sidebar filters and the address bar: a URL that changed (a shared link, Back, Forward)
sets the widgets; a widget change writes the URL once, which makes one browser-history entry."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from analysis.query.filters import FIELDS, MULTI, PARAMS, Filters
from dashboard.data import Data

SYNCED_KEY = "_filters_in_url"  # the filters' query string last read from or written to the URL


def url_filter_params() -> dict[str, list[str]]:
    """The filter parameters of the address bar, each as its list of values."""
    params = st.query_params
    return {key: params.get_all(key) for key in params if key in PARAMS}


def filter_string(raw: dict[str, list[str]]) -> str:
    """The filter parameters as one query string, in the registry's order."""
    return urlencode([(p, v) for p in PARAMS for v in raw.get(p, [])])


def read_url_into_widgets(data: Data, raw: dict[str, list[str]]) -> None:
    """Before the widgets: when the URL's filters are not the ones last synced, they win."""
    given = filter_string(raw)
    if given == st.session_state.get(SYNCED_KEY):
        return
    filters, _ = Filters.from_query(raw, themes=list(data.labels))
    filters, _ = filters.restricted_to(**data.choices)
    for field in FIELDS:
        value = getattr(filters, field.name)
        st.session_state[field.param] = list(value) if field.kind == MULTI else value
    st.session_state[SYNCED_KEY] = given


def write_widgets_into_url(filters: Filters) -> None:
    """After the widgets: their filters in the URL, the page's own parameters kept, in one
    write (Streamlit pushes one history entry for it)."""
    wanted = filters.to_query_string()
    if wanted != filter_string(url_filter_params()):
        params = st.query_params
        kept = {k: params.get_all(k) for k in params if k not in PARAMS}
        st.query_params.from_dict({**kept, **filters.to_params()})
    st.session_state[SYNCED_KEY] = wanted
