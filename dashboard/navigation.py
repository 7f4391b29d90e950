"""The page links of the sidebar: each carries the view's filters (and pinned version) in its
URL, so a page switch is one history entry that Back and a copied link reproduce."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from analysis.query.filters import Filters
from dashboard.versions import AS_OF


def link_params(filters: Filters | None) -> dict[str, list[str] | str]:
    """The query parameters a page link carries: the filters and a pinned `as_of`."""
    params = filters.to_params() if filters is not None else {}
    pinned = st.query_params.get(AS_OF)
    if pinned is not None:
        params[AS_OF] = pinned
    return params


def draw_page_links(container: object, pages: Sequence[st.Page], filters: Filters | None) -> None:
    """One link per page in the container (st.navigation's own menu is hidden)."""
    params = link_params(filters)
    for page in pages:
        container.page_link(page, query_params=params)  # type: ignore[attr-defined]
