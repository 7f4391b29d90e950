"""Drill-down from every chart: the clicked bar, cell, point or node becomes the conditions it
stands for; the statements behind it are counted (the point's value) and listed, with a link
that opens them on the Statements page. The point is kept in the URL (`point`)."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pandas as pd
import streamlit as st

from analysis.query import drill
from analysis.query.filters import Filters
from dashboard.data import Data, _scoped
from dashboard.navigation import link_params
from dashboard.widgets import escape_markdown, selected_points, statements_table

POINT_PARAM = "point"
Point = tuple[tuple[str, object], ...]
# One chart's selected point (plotly's dict: x, y, customdata, curve_number…) → its conditions.
Decoder = Callable[[dict], Point | None]
_FIELDS = {
    "theme": "themes",
    "speaker_country": "countries",
    "speaker": "speakers",
    "outlet": "outlets",
    "kind": "kinds",
    "speech_act": "acts",
    "outlet_kind": "outlet_kinds",
}
_PERIOD_LENGTH = {"week": "7D", "month": "MS", "quarter": "QS", "year": "YS"}


@st.cache_data(max_entries=256, show_spinner=False)
def _behind(source: str, version: str, query: str, point: Point, freq: str, limit: int):
    _, scope = _scoped(source, version, query)
    if scope is None:
        return 0, pd.DataFrame()
    return drill.statements_behind(scope, point, freq=freq, limit=limit)


def text_of(value: object) -> str:
    """A chart label as the data holds it (plotly labels are HTML-escaped)."""
    return html.unescape(str(value))


def theme_of(data: Data, label: object) -> str:
    """The theme id of a label (or of an id)."""
    by_label = {v: k for k, v in data.labels.items()}
    text = text_of(label)
    return by_label.get(text, text)


def encode(point: Point) -> str | None:
    """The point as a URL value ("theme:military_bases|speaker_country:Russia"); None when a
    condition has no single value (an "other" group)."""
    if any(not isinstance(v, str | pd.Timestamp) for _, v in point):
        return None
    return "|".join(
        f"{k}:{v.date().isoformat() if isinstance(v, pd.Timestamp) else v}" for k, v in point
    )


def decode(text: str) -> Point | None:
    """The point a URL value names (unknown keys make it None)."""
    pairs = []
    for part in text.split("|"):
        key, sep, value = part.partition(":")
        if not sep or (key not in _FIELDS and key not in ("period", "actor", "around")):
            return None
        pairs.append((key, pd.Timestamp(value) if key in ("period", "around") else value))
    return tuple(pairs) or None


def link_filters(filters: Filters, point: Point, freq: str) -> Filters:
    """The Statements page's filters for the point (an actor or an "other" group stays as the
    view's filters: the link then lists more than the point)."""
    changes: dict[str, object] = {}
    for key, value in point:
        if key == "around":
            day = pd.Timestamp(value)
            span = timedelta(days=drill.AROUND_DAYS)
            changes |= {"date_from": (day - span).date(), "date_to": (day + span).date()}
        elif key == "period":
            start = pd.Timestamp(value)
            end = start + pd.tseries.frequencies.to_offset(_PERIOD_LENGTH[freq]) - timedelta(days=1)
            changes |= {"date_from": start.date(), "date_to": end.date()}
        elif key in _FIELDS and isinstance(value, str) and value not in drill.MISSING:
            changes[_FIELDS[key]] = (value,)
    return replace(filters, **changes)


def chosen_point(event: object, decoder: Decoder, key: str) -> Point | None:
    """The point clicked on this chart, else the one the URL names for it."""
    for selected in selected_points(event):
        point = decoder(selected)
        if point is not None:
            encoded = encode(point)
            if encoded and st.query_params.get(POINT_PARAM) != f"{key}~{encoded}":
                st.query_params[POINT_PARAM] = f"{key}~{encoded}"
            return point
    named = st.query_params.get(POINT_PARAM, "")
    chart, _, value = named.partition("~")
    return decode(value) if chart == key and value else None


def drill_down(
    data: Data, filters: Filters, event: object, decoder: Decoder, *, key: str, freq: str = "month"
) -> None:
    """Under a chart: the statements behind its clicked point, or how to get them."""
    point = chosen_point(event, decoder, key)
    if point is None:
        st.caption("Click a bar, cell, point or node to list the statements behind it.")
        return
    listing(data, filters, point, key=key, freq=freq)


def listing(data: Data, filters: Filters, point: Point, *, key: str, freq: str = "month") -> None:
    """The count and list of the statements behind one point, and the link to them."""
    n, rows = _behind(data.source, data.version, filters.to_query_string(), point, freq, 50)
    what = " · ".join(
        f"{text_of(v.date() if isinstance(v, pd.Timestamp) else v)}"
        if k != "theme"
        else data.labels.get(str(v), str(v))
        for k, v in point
        if not isinstance(v, tuple)
    )
    st.markdown(f"**Statements behind {escape_markdown(what)}: {n:,}**")
    if n > len(rows):
        st.caption(f"The newest {len(rows):,} are listed.")
    statements_table(rows, data.labels, key=f"{key}_behind", height=300)
    target = link_filters(filters, point, freq)
    st.page_link(
        "views/statements.py",
        label="Open in Statements",
        icon=":material/format_quote:",
        query_params=link_params(target),
    )


def gap_drill(
    data: Data,
    filters: Filters,
    event: object,
    sides: tuple[tuple[str, str], tuple[str, str]],
    *,
    key: str,
) -> None:
    """Compare's gap bars: a clicked theme lists each side's statements on it, side by side
    (the two counts the gap is made of)."""
    point = chosen_point(event, theme_bar(data), key)
    if point is None:
        st.caption("Click a bar to list both sides' statements on its theme.")
        return
    for number, (column, side) in enumerate(zip(st.columns(2), sides, strict=True)):
        dimension, value = side
        with column:
            listing(
                data, filters, ((_SIDE_COLUMNS[dimension], value), *point), key=f"{key}_{number}"
            )


# -- decoders of the charts' points (analysis/render/charts.py) -------------------------------
CLICKABLE = {"on_select": "rerun", "selection_mode": ("points",)}


def theme_bar(data: Data) -> Decoder:
    """Horizontal theme bars: the label on y."""
    return lambda p: (("theme", theme_of(data, p["y"])),) if p.get("y") is not None else None


def _group(value: object, groups: list[str]) -> object:
    """A group's value; "other" as everything but the named groups."""
    text = text_of(value)
    return ("not", tuple(g for g in groups if g != "other")) if text == "other" else text


def theme_cell(data: Data, groups: list[str], column: str = "speaker_country") -> Decoder:
    """A theme × group heatmap cell: group on x, theme label on y."""

    def decoder(p: dict) -> Point | None:
        if p.get("x") is None or p.get("y") is None:
            return None
        return (("theme", theme_of(data, p["y"])), (column, _group(p["x"], groups)))

    return decoder


def trace_name(fig: object, p: dict) -> str | None:
    """The name of the trace a point belongs to."""
    number = p.get("curve_number")
    return None if number is None else text_of(fig.data[number].name)  # type: ignore[attr-defined]


def theme_line(data: Data, fig: object) -> Decoder:
    """A theme's line over time: the period on x, the theme in the trace's name."""

    def decoder(p: dict) -> Point | None:
        name = trace_name(fig, p)
        if p.get("x") is None or name is None or name == "key events":
            return None
        return (("theme", theme_of(data, name)), ("period", pd.Timestamp(p["x"])))

    return decoder


def value_bar(column: str, axis: str = "y") -> Decoder:
    """Bars of one column's values (speakers, countries, outlets) on an axis."""
    return lambda p: ((column, text_of(p[axis])),) if p.get(axis) is not None else None


def period_bar() -> Decoder:
    """Bars of statements per period: the period on x."""
    return lambda p: (("period", pd.Timestamp(p["x"])),) if p.get("x") is not None else None


def network_node() -> Decoder:
    """A network node: the actor in the point's text (edges have none)."""
    return lambda p: (("actor", text_of(p["text"])),) if p.get("text") else None


def first_of(*decoders: Decoder) -> Decoder:
    """The point of the first decoder that reads one (a marker before the bar under it)."""

    def decoded(p: dict) -> Point | None:
        return next((point for d in decoders if (point := d(p)) is not None), None)

    return decoded


def with_speaker(decoder: Decoder, speaker: str) -> Decoder:
    """A speaker profile's chart: its points are that speaker's."""

    def decoded(p: dict) -> Point | None:
        point = decoder(p)
        return None if point is None else (("speaker", speaker), *point)

    return decoded


def _first(customdata: object) -> object:
    """The first value of a point's customdata (plotly gives a list or a scalar)."""
    return customdata[0] if isinstance(customdata, list) else customdata


def act_bar(countries: list[str]) -> Decoder:
    """Speech acts by country: the country on y, the act in customdata."""

    def decoder(p: dict) -> Point | None:
        if p.get("y") is None or p.get("customdata") is None:
            return None
        act = text_of(_first(p["customdata"]))
        return (("speaker_country", _group(p["y"], countries)), ("speech_act", act))

    return decoder


def act_point() -> Decoder:
    """Speech acts over time: the period on x, the act in customdata."""

    def decoder(p: dict) -> Point | None:
        if p.get("x") is None or p.get("customdata") is None:
            return None
        act = text_of(_first(p["customdata"]))
        return (("speech_act", act), ("period", pd.Timestamp(p["x"])))

    return decoder


def outlet_kind_cell(countries: list[str]) -> Decoder:
    """Who quotes whom: the outlet kind on y, the speaker country on x."""

    def decoder(p: dict) -> Point | None:
        if p.get("x") is None or p.get("y") is None:
            return None
        return (
            ("outlet_kind", text_of(p["y"])),
            ("speaker_country", _group(p["x"], countries)),
        )

    return decoder


_SIDE_COLUMNS = {"country": "speaker_country", "speaker": "speaker", "outlet": "outlet"}


def side_bar(data: Data, fig: object, sides: tuple[tuple[str, str], tuple[str, str]]) -> Decoder:
    """Compare's profile bars: the theme label on y, the side by its trace (B first, then A)."""

    def decoder(p: dict) -> Point | None:
        number = p.get("curve_number")
        if p.get("y") is None or number is None or number > 1:
            return None
        dimension, value = sides[1 - number]
        return ((_SIDE_COLUMNS[dimension], value), ("theme", theme_of(data, p["y"])))

    return decoder


def key_event(fig: object) -> Decoder:
    """A key-event marker of a timeline: the statements published around its day."""

    def decoder(p: dict) -> Point | None:
        if trace_name(fig, p) != "key events" or p.get("x") is None:
            return None
        return (("around", pd.Timestamp(p["x"]).normalize()),)

    return decoder
