"""Filter helpers for the page head: date presets in the sidebar and, when a view is empty,
which filter removes the most statements."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from analysis.query.filters import Filters, field_named
from analysis.query.relax import most_restrictive
from dashboard.data import Data, Selection, counts
from dashboard.widgets import escape_markdown

FALL_OF_ASSAD = date(2024, 12, 8)
PRESETS = ("Last 30 days", "Last 12 months", "Since the fall of Assad", "All dates")
PRESET_KEY = "date_preset"


def preset_range(preset: str, newest: date) -> tuple[date | None, date | None]:
    """The (from, to) dates of a preset; the relative ones end at the newest statement."""
    if preset == "Last 30 days":
        return newest - timedelta(days=29), newest
    if preset == "Last 12 months":
        return newest.replace(year=newest.year - 1) + timedelta(days=1), newest
    if preset == "Since the fall of Assad":
        return FALL_OF_ASSAD, None
    return None, None


def _apply_preset(newest: date) -> None:
    preset = st.session_state.get(PRESET_KEY)
    if preset:
        start, end = preset_range(preset, newest)
        st.session_state[field_named("date_from").param] = start
        st.session_state[field_named("date_to").param] = end
    st.session_state[PRESET_KEY] = None  # a preset sets the dates once; they stay editable


def date_presets(data: Data) -> None:
    """One-click date ranges above the date inputs (which stay the custom range)."""
    newest = date.fromisoformat(data.data_date) if data.data_date else date.today()
    st.sidebar.pills(
        "Dates",
        PRESETS,
        key=PRESET_KEY,
        on_change=_apply_preset,
        args=(newest,),
        help=f"The relative ranges end at the newest statement ({newest.isoformat()}); "
        f"Assad's government fell on {FALL_OF_ASSAD.isoformat()}. From and To below set a "
        "custom range.",
    )


def empty_result_notice(data: Data, filters: Filters, selection: Selection) -> None:
    """When no statement passes, say which filter removes the most of them."""
    if len(selection) or filters.is_empty():
        return
    best = most_restrictive(filters, lambda relaxed: int(counts(data, relaxed, "count")))
    if best is None:
        st.info("No statement matches these filters, and dropping any one of them is not enough.")
        return
    field, n = best
    st.info(
        f"No statement matches these filters. The one that removes the most is "
        f"**{escape_markdown(field.label)}**: without it, {n:,} statement"
        f"{'' if n == 1 else 's'} would show."
    )
