"""Store versions in links: `as_of=<version>` pins a view to the numbers it was shared with."""

from __future__ import annotations

import streamlit as st

from analysis.render.safe_text import escape_markdown
from analysis.store import Store, StoreError

AS_OF = "as_of"  # the URL parameter (DESIGN.md section 4)
AS_OF_KEY = "_as_of"  # the pinned version, kept over page switches that drop the parameter
PROBLEM_KEY = "_as_of_problem"


def requested_version(store: Store) -> int | None:
    """The store version the link asks for (None: the latest); a bad one is noted and ignored."""
    raw = st.query_params.get(AS_OF)
    if raw is None:
        raw = st.session_state.get(AS_OF_KEY)
        if raw is None:
            return None
        st.query_params[AS_OF] = str(raw)  # a page switch dropped it: the view stays pinned
    st.session_state.pop(PROBLEM_KEY, None)
    try:
        version = int(str(raw))
        store.commit(version)
    except (ValueError, StoreError):
        st.session_state[PROBLEM_KEY] = f"as_of={str(raw)[:40]!r} is no version of this store"
        _unpin()
        return None
    if version == store.latest():
        return version
    st.session_state[AS_OF_KEY] = version
    return version


def _unpin() -> None:
    st.session_state.pop(AS_OF_KEY, None)
    st.query_params.pop(AS_OF, None)


def version_notice(store: Store, shown: int | None) -> None:
    """Say which version an older view shows, with a one-click switch to the latest."""
    problem = st.session_state.pop(PROBLEM_KEY, None)
    if problem:
        st.warning(
            f"Ignored: {escape_markdown(problem)}; showing the latest data.",
            icon=":material/history:",
        )
    latest = store.latest()
    if shown is None or latest is None or shown == latest:
        return
    when = store.commit(shown).timestamp
    st.info(f"Data as of version {shown} ({when}); latest is {latest}.", icon=":material/history:")
    st.button("Show the latest data", key="as_of_latest", on_click=_unpin)
