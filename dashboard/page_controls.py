"""A page's own controls (period, split, sort, compare sides, …) in the address bar: a URL that
changed (a shared link, Back, Forward) sets the control; a change of the control writes its
parameter, which makes one browser-history entry, as the sidebar filters do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from analysis.query.filters import match_value
from analysis.render.safe_text import escape_markdown

SYNCED_KEY = "_controls_in_url"  # each control's parameter as last read from or written to the URL


def _read_url(
    key: str, default: Any, parse: Callable[[str], Any], valid: Callable[[Any], bool]
) -> None:
    """Before the control: its value from the URL when the URL's parameter is not the one last
    synced (or the control has no value yet, or one it can no longer take)."""
    synced = st.session_state.setdefault(SYNCED_KEY, {})
    raw = st.query_params.get(key)
    current = st.session_state.get(key)
    if key in st.session_state and raw == synced.get(key) and valid(current):
        return
    parsed = None if raw is None else parse(raw)
    if raw is not None and parsed is None:
        st.warning(f"The link's {key}={escape_markdown(raw)} was ignored: it is not a choice here.")
    st.session_state[key] = default if parsed is None else parsed
    synced[key] = raw


def _write_url(key: str, value: Any, default: Any, text: Callable[[Any], str]) -> None:
    """After the control: its value in the URL, left out while it is the default."""
    wanted = None if value is None or value == default else text(value)
    if wanted != st.query_params.get(key):
        if wanted is None:
            del st.query_params[key]
        else:
            st.query_params[key] = wanted  # Streamlit pushes one history entry for it
    st.session_state.setdefault(SYNCED_KEY, {})[key] = wanted


def url_choice(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: str | None,
    **options_of_widget: Any,
) -> Any:
    """A selectbox or segmented control whose value is the URL parameter `key` (link values
    match the options case- and diacritic-insensitively)."""
    choices = list(options)
    _read_url(key, default, lambda raw: match_value(raw, choices), lambda v: v in choices)
    value = widget(label, choices, key=key, **options_of_widget)
    _write_url(key, value, default, str)
    return value


def url_toggle(label: str, *, key: str, where: Any = st, **options_of_widget: Any) -> bool:
    """A toggle whose value is the URL parameter `key` (`true` when on; off by default)."""
    flags = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
    _read_url(key, False, lambda raw: flags.get(raw.strip().lower()), lambda v: isinstance(v, bool))
    value = bool(where.toggle(label, key=key, **options_of_widget))
    _write_url(key, value, False, lambda on: "true" if on else "false")
    return value


def url_page_number(where: Any, label: str, pages: int, *, key: str) -> int:
    """A page number from 1 to `pages` whose value is the URL parameter `key` (default 1)."""

    def parse(raw: str) -> int | None:
        return int(raw) if raw.strip().isdigit() and 1 <= int(raw) <= pages else None

    _read_url(key, 1, parse, lambda v: isinstance(v, int) and 1 <= v <= pages)
    value = int(where.number_input(label, 1, pages, step=1, key=key) or 1)
    _write_url(key, value, 1, str)
    return value
