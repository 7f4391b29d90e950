"""A store that cannot be read: one recovery notice naming the damaged file and what to do,
instead of a stack trace on every page; the Data page stays open, where recovery starts."""

from __future__ import annotations

import streamlit as st

from analysis.render.safe_text import escape_markdown
from analysis.store import Store
from dashboard.data import Data, load_data, store_root

DAMAGE_KEY = "_store_damage"  # this run's recovery notice, set by app.py for the page to read
DATA_PAGE = "views/data.py"


@st.cache_data(ttl=30, show_spinner="Checking the store…", max_entries=8)
def _explained(source: str, error_type: str, error_text: str) -> str | None:
    """The store's one-line diagnosis, looked for once per error (a damaged store fails every
    rerun; each file is read only on the first)."""
    from analysis.store import StoreError
    from analysis.store_health import explain

    error = StoreError(error_text) if error_type == "StoreError" else RuntimeError(error_text)
    return explain(Store(source), error)


def explained(error: Exception) -> str | None:
    """The one line naming the damaged store file behind an error, None when the store reads
    whole (the error is then not the store's)."""
    return _explained(str(store_root()), type(error).__name__, str(error))


def readable_data() -> Data | None:
    """The view's data, or None when the store cannot be read (the notice kept for the page);
    an error the store is not to blame for is raised as it is."""
    try:
        data = load_data()
    except Exception as error:
        notice = explained(error)
        if notice is None:
            raise
        st.session_state[DAMAGE_KEY] = notice
        return None
    st.session_state[DAMAGE_KEY] = None
    return data


def store_damage() -> str | None:
    """The recovery notice of this run, if the store could not be read."""
    return st.session_state.get(DAMAGE_KEY)


def damage_notice(*, link: bool = True) -> None:
    """The recovery notice: the damaged file and what to do, as plain text."""
    st.error(
        "The store cannot be read: " + escape_markdown(store_damage() or "unknown damage"),
        icon=":material/healing:",
    )
    if link:
        st.page_link(DATA_PAGE, label="Go to the Data page", icon=":material/database:")
