"""Charts: aggregate frames → plotly Figures, and the page figures of a filtered frame."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import qualitative

from analysis.query import aggregates as agg
from analysis.reference import KeyEvent, load_events, load_palette, load_themes
from analysis.render.event_labels import label_layers
from analysis.render.safe_text import escape_plotly, escape_plotly_all

PALETTE = qualitative.Plotly + qualitative.D3
TEMPLATE = "plotly_white"
LAYOUT = {
    "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
    "font": {"size": 12},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": -0.35, "x": 0},
}
# A legend under the x axis growing downwards (yanchor top), clear of the tick labels.
BELOW_LEGEND = {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.12, "yanchor": "top"}
# Heatmaps: long country names on x tilt and take the room they need, rows read top-down.
HEATMAP_AXES = {
    "xaxis": {"tickangle": -35, "automargin": True},
    "yaxis": {"autorange": "reversed", "automargin": True},
}
# Charts with many series keep their legend on the right: a long horizontal legend under the
# plot grows upwards over the x axis's tick labels.
SIDE_LEGEND = {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"}


@dataclass(frozen=True)
class ChartContext:
    """What charts need besides the statements: labels, events, mentions and view options."""

    labels: Mapping[str, str] = field(default_factory=dict)  # theme id → label (taxonomy order)
    events: Sequence[KeyEvent] = ()
    mentions: pd.DataFrame | None = None
    freq: str = "month"
    by: str = "theme"
    side_a: tuple[str, str] = ("country", "Russia")
    side_b: tuple[str, str] = ("country", "Turkey")
    speaker: str | None = None
    top: int = 15
    measure: str = "theme tags"  # a theme timeline's: "theme tags" or "statements"


def default_context(mentions: pd.DataFrame | None = None, **options: object) -> ChartContext:
    """A context with the taxonomy labels and key events of data/."""
    labels = {t.id: t.label for t in load_themes()}
    return ChartContext(
        labels=labels,
        events=load_events(),
        mentions=mentions,
        **options,  # type: ignore[arg-type]
    )


def country_colors(names: Sequence[object]) -> dict[str, str]:
    """A colour per country from data/palette.toml: a country keeps its colour on every chart,
    whichever other countries the view shows."""
    palette = load_palette()
    return {str(n): palette.color(str(n)) for n in dict.fromkeys(names)}


def dark_variant(fig: go.Figure) -> go.Figure:
    """The figure for a dark screen: plotly's dark template, a transparent background (the
    figure itself, and so every export, stays light)."""
    dark = go.Figure(fig)
    dark.update_layout(
        template=pio.templates["plotly_dark"],
        paper_bgcolor="rgba(0, 0, 0, 0)",
        plot_bgcolor="rgba(0, 0, 0, 0)",
    )
    return dark


def theme_colors(labels: Mapping[str, str]) -> dict[str, str]:
    """A stable colour per theme label (and id), in taxonomy order."""
    colors: dict[str, str] = {}
    for i, (theme, label) in enumerate(labels.items()):
        colors[label] = colors[theme] = PALETTE[i % len(PALETTE)]
    return colors


@lru_cache(maxsize=1)
def _template() -> dict:
    """The plotly template as a plain dict, built once per process."""
    return pio.templates[TEMPLATE].to_plotly_json()


SUBTITLED_TOP = 75  # px above the plot for a title and its subtitle


def _title(text: str) -> dict[str, str]:
    """A figure or axis title; its text (names from the data in it) shown as written."""
    return {"text": escape_plotly(text)}


def _figure(traces: Sequence[dict], layout: Mapping[str, object]) -> go.Figure:
    """One Figure built in a single step without plotly's validation pass.

    Every text from the data (labels, names, titles) reaches it through escape_plotly: plotly
    renders <a>, <b>, <br> in text, and a data value is never markup.

    Incremental add_trace/add_shape calls re-validate the whole figure each time, and even one
    validated construction deep-copies the template (~100 ms): too slow for a page that must
    re-render in 300 ms. tests/test_charts.py re-validates every chart instead.
    """
    merged = {"template": _template(), **LAYOUT, **layout}
    if "annotations" in layout and "title" in layout and "margin" in layout:
        # key events named above the plot: the title keeps to the very top
        merged["title"] = {**merged["title"], "y": 0.99, "yanchor": "top"}
    return go.Figure({"data": list(traces), "layout": merged}, _validate=False)


def _empty(title: str, message: str = "No statements match the filters") -> go.Figure:
    """A titled figure without axes that says why nothing is drawn."""
    return _figure(
        [],
        {
            "title": _title(title),
            "annotations": [
                {
                    "text": message,
                    "showarrow": False,
                    "x": 0.5,
                    "y": 0.5,
                    "xref": "paper",
                    "yref": "paper",
                }
            ],
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
        },
    )


# -- pure chart functions: aggregate frame → Figure ---------------------------------------------
def chart_theme_counts(counts: pd.DataFrame, title: str = "Statements per theme") -> go.Figure:
    """Horizontal bars of statements per theme (from aggregates.theme_counts)."""
    if counts.empty or counts["statements"].sum() == 0:
        return _empty(title)
    data = counts.iloc[::-1]
    colors = theme_colors(dict(zip(counts["theme"], counts["label"], strict=True)))
    bar = {
        "type": "bar",
        "x": data["statements"].to_numpy(),
        "y": escape_plotly_all(data["label"]),
        "orientation": "h",
        "marker": {"color": [colors[t] for t in data["theme"]]},
        "customdata": np.round(data["share"].to_numpy(dtype=float) * 100, 1),
        "hovertemplate": "%{y}: %{x} statements (%{customdata}% of statements)<extra></extra>",
    }
    return _figure([bar], {"title": _title(title), "xaxis": {"title": {"text": "statements"}}})


def chart_theme_by_country(
    long: pd.DataFrame, title: str = "Themes by speaker country"
) -> go.Figure:
    """Heatmap of statements per theme × speaker country (from aggregates.theme_by_group)."""
    if long.empty or long["statements"].sum() == 0:
        return _empty(title)
    table = long.pivot_table(
        index="label", columns="group", values="statements", aggfunc="sum", sort=False
    )
    heat = {
        "type": "heatmap",
        "z": table.to_numpy(),
        "x": escape_plotly_all(table.columns),
        "y": escape_plotly_all(table.index),
        "colorscale": [[0.0, "#f7fbff"], [0.5, "#6baed6"], [1.0, "#08306b"]],
        "hovertemplate": "%{y} · %{x}: %{z} statements<extra></extra>",
        "texttemplate": "%{z}",
    }
    return _figure([heat], {"title": _title(title), **HEATMAP_AXES})


def _event_layers(
    events: Sequence[KeyEvent], periods: pd.Series
) -> tuple[list[dict], list[dict], dict]:
    """Key events inside the plotted date range: dotted lines (shapes), a hover-marker trace
    and the extra layout axis the markers sit on."""
    if not len(periods) or not events:
        return [], [], {}
    first, last = pd.Timestamp(periods.min()), pd.Timestamp(periods.max())
    shown = [e for e in events if first <= pd.Timestamp(e.date) <= last + pd.Timedelta(days=31)]
    if not shown:
        return [], [], {}
    days = [pd.Timestamp(e.date) for e in shown]
    shapes = [
        {
            "type": "line",
            "x0": day,
            "x1": day,
            "y0": 0,
            "y1": 1,
            "yref": "paper",
            "line": {"dash": "dot", "color": "rgba(90, 90, 90, 0.35)", "width": 1},
            "layer": "below",
        }
        for day in days
    ]
    markers = {
        "type": "scatter",
        "x": days,
        "y": [1.0] * len(shown),
        "yaxis": "y2",
        "mode": "markers",
        "marker": {"symbol": "triangle-down", "size": 8, "color": "rgba(60, 60, 60, 0.7)"},
        "name": "key events",
        "text": [escape_plotly(f"{e.date}: {e.title}") for e in shown],
        "hovertemplate": "%{text}<extra></extra>",
    }
    axis = {
        "yaxis2": {"overlaying": "y", "range": [0, 1.03], "visible": False},
        **label_layers(shown, first, last),
    }
    return shapes, [markers], axis


def chart_timeline(
    counts: pd.DataFrame,
    *,
    events: Sequence[KeyEvent] = (),
    title: str = "Statements over time",
    colors: Mapping[str, str] | None = None,
    freq: str = "month",
    unit: str = "statements",
) -> go.Figure:
    """Stacked bars of statements (or theme tags: `unit`) per period and group (from
    aggregates.timeline), key events on the axis; each bar segment carries its group in
    customdata (for selection)."""
    if counts.empty:
        return _empty(title)
    colors = colors or {}
    order = counts.groupby("group")["statements"].sum().sort_values(ascending=False).index
    traces = []
    for i, group in enumerate(order):
        part = counts[counts["group"] == group]
        traces.append(
            {
                "type": "bar",
                "x": part["period"].to_numpy(),
                "y": part["statements"].to_numpy(),
                "name": escape_plotly(group),
                "marker": {"color": colors.get(group, PALETTE[i % len(PALETTE)])},
                # the group as it is, for a selection; the hover shows the escaped name
                "customdata": [str(group)] * len(part),
                "hovertemplate": "%{x|%Y-%m-%d} · %{fullData.name}: %{y}<extra></extra>",
            }
        )
    shapes, markers, axis = _event_layers(events, counts["period"])
    layout = {
        "title": _title(title),
        "barmode": "stack",
        "bargap": 0.05,
        "yaxis": {"title": {"text": f"{unit} per {freq}"}},
        "legend": BELOW_LEGEND,  # the plot keeps the width: key events are named above it
        "clickmode": "event+select",
        "shapes": shapes,
        **axis,
    }
    return _figure(traces + markers, layout)


def chart_theme_timeline(
    counts: pd.DataFrame,
    *,
    events: Sequence[KeyEvent] = (),
    labels: Mapping[str, str] | None = None,
    freq: str = "month",
    measure: str = "theme tags",
) -> go.Figure:
    """Per period by theme: theme tags (a statement counts once per theme it touches) or
    statements (each once: its theme, "several themes" or "no theme")."""
    if measure == "statements":
        title = f"Statements per {freq} by theme (each statement once)"
    else:
        title = f"Theme tags per {freq} (a statement counts once per theme)"
    return chart_timeline(
        counts,
        events=events,
        title=title,
        colors={**theme_colors(labels or {}), "several themes": "#7f7f7f", "no theme": "#c7c7c7"},
        freq=freq,
        unit="statements" if measure == "statements" else "theme tags",
    )


def chart_theme_share(
    share: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    events: Sequence[KeyEvent] = (),
    title: str = "Theme share over time",
) -> go.Figure:
    """Lines of each theme's share of the period's statements (aggregates.theme_share_over_time)."""
    if share.empty:
        return _empty(title)
    colors = theme_colors(labels or {})
    traces = [
        {
            "type": "scatter",
            "x": part["period"].to_numpy(),
            "y": part["share"].to_numpy(dtype=float) * 100,
            "name": escape_plotly(label),
            "mode": "lines+markers",
            "marker": {"size": 4},
            "line": {"color": colors.get(str(label)), "width": 1.5},
            "hovertemplate": "%{x|%Y-%m} · %{fullData.name}: %{y:.1f}%<extra></extra>",
        }
        for label, part in share.groupby("label", sort=False)
    ]
    shapes, markers, axis = _event_layers(events, share["period"])
    layout = {
        "title": _title(title),
        "yaxis": {"title": {"text": "% of statements"}},
        "legend": SIDE_LEGEND,
        "shapes": shapes,
        **axis,
    }
    return _figure(traces + markers, layout)


def chart_top_speakers(top: pd.DataFrame, title: str = "Top speakers") -> go.Figure:
    """Horizontal bars of the speakers with most statements, coloured by country."""
    if top.empty:
        return _empty(title)
    data = top.iloc[::-1]
    country = data["country"].astype(object).fillna(agg.NO_COUNTRY)
    colors = country_colors(country)
    traces = []
    for name in dict.fromkeys(top["country"].astype(object).fillna(agg.NO_COUNTRY)):
        part = data[(country == name).to_numpy()]
        traces.append(
            {
                "type": "bar",
                "x": part["statements"].to_numpy(),
                "y": escape_plotly_all(part["speaker"].astype(str)),
                "orientation": "h",
                "name": escape_plotly(name),
                "marker": {"color": colors[str(name)]},
                "hovertemplate": "%{y}: %{x} statements<extra>%{fullData.name}</extra>",
            }
        )
    layout = {
        "title": _title(title),
        "xaxis": {"title": {"text": "statements"}},
        "barmode": "stack",
        # under the axis title, growing downwards: at 1024 px its rows no longer reach it
        "legend": {**BELOW_LEGEND, "y": -0.2, "title": {"text": "speaker country"}},
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": escape_plotly_all(data["speaker"].astype(str)),
        },
    }
    return _figure(traces, layout)


def chart_top_values(
    top: pd.DataFrame, title: str, colors: Mapping[str, str] | None = None
) -> go.Figure:
    """Horizontal bars of the most frequent values (aggregates.top_values)."""
    if top.empty:
        return _empty(title)
    data = top.iloc[::-1]
    names = data["value"].astype(str).tolist()
    bar = {
        "type": "bar",
        "x": data["statements"].to_numpy(),
        "y": escape_plotly_all(names),
        "orientation": "h",
        "marker": {"color": [(colors or {}).get(n, PALETTE[0]) for n in names]},
        "hovertemplate": "%{y}: %{x} statements<extra></extra>",
    }
    return _figure([bar], {"title": _title(title), "xaxis": {"title": {"text": "statements"}}})


def chart_counts_over_time(
    series: pd.DataFrame, title: str, events: Sequence[KeyEvent] = ()
) -> go.Figure:
    """Bars of statements per period (columns period, statements), key events on the axis."""
    if series.empty:
        return _empty(title)
    bar = {
        "type": "bar",
        "x": series["period"].to_numpy(),
        "y": series["statements"].to_numpy(),
        "marker": {"color": PALETTE[0]},
        "name": "statements",
        "hovertemplate": "%{x|%Y-%m}: %{y}<extra></extra>",
    }
    shapes, markers, axis = _event_layers(events, series["period"])
    layout = {
        "title": _title(title),
        "yaxis": {"title": {"text": "statements"}},
        "shapes": shapes,
        "showlegend": False,
        **axis,
    }
    return _figure([bar, *markers], layout)


POSITION_DIGITS = 3


def _network_positions(nodes: pd.DataFrame, top_edges: pd.DataFrame) -> dict[object, np.ndarray]:
    """A deterministic layout of the actors: nodes far apart, linked ones closer."""
    import networkx as nx  # imported here: it costs 0.2 s of every cold start otherwise

    graph = nx.Graph()
    graph.add_nodes_from(nodes["actor"])
    for source, target, weight in top_edges.itertuples(index=False):
        graph.add_edge(source, target, weight=float(weight))
    # Kamada–Kawai places nodes at their graph distances (strong pairs: shorter), which
    # spreads the busiest actors apart instead of piling them up at the centre; a seeded
    # circle starts it, so the same view always draws the same network.
    for _, _, attrs in graph.edges(data=True):
        attrs["distance"] = 1.0 / float(np.log1p(attrs["weight"]) + 1.0)
    start = nx.circular_layout(graph)
    if graph.number_of_edges() == 0:
        return start
    positions = nx.kamada_kawai_layout(graph, pos=start, weight="distance")
    # rounded: the optimiser's last digits differ between machines' numeric libraries
    return {node: np.round(xy, POSITION_DIGITS) for node, xy in positions.items()}


def _edge_trace(top_edges: pd.DataFrame, positions: Mapping[object, np.ndarray]) -> dict:
    """Every edge as one line trace, segments separated by None."""
    edge_x: list[float | None] = []
    edge_y: list[float | None] = []
    for source, target, _ in top_edges.itertuples(index=False):
        edge_x += [positions[source][0], positions[target][0], None]
        edge_y += [positions[source][1], positions[target][1], None]
    return {
        "type": "scatter",
        "x": edge_x,
        "y": edge_y,
        "mode": "lines",
        "line": {"width": 0.6, "color": "#ccc"},
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _node_traces(nodes: pd.DataFrame, positions: Mapping[object, np.ndarray]) -> list[dict]:
    """One marker trace per country (its legend entry); the 25 busiest actors are labelled."""
    labelled = set(nodes["actor"].head(25))
    country = nodes["country"].astype(object).fillna(agg.NO_COUNTRY)
    colors = country_colors(country)
    sizes = 10 + 30 * np.sqrt(nodes["statements"] / nodes["statements"].max())
    traces = []
    for name in dict.fromkeys(country):
        part = (country == name).to_numpy()
        sub = nodes[part]
        traces.append(
            {
                "type": "scatter",
                "x": [positions[a][0] for a in sub["actor"]],
                "y": [positions[a][1] for a in sub["actor"]],
                "mode": "markers+text",
                "text": escape_plotly_all(sub["actor"].astype(str)),
                "texttemplate": [
                    "%{text}" if a in labelled else "" for a in sub["actor"].astype(str)
                ],
                "textposition": "top center",
                "textfont": {"size": 10},
                "marker": {"size": sizes[part], "color": colors[str(name)]},
                "name": escape_plotly(name),
                "customdata": sub["statements"].to_numpy(),
                "hovertemplate": "%{text}: %{customdata} statements<extra></extra>",
            }
        )
    return traces


def chart_network(
    nodes: pd.DataFrame, edges: pd.DataFrame, title: str = "Actors mentioned together"
) -> go.Figure:
    """Actor co-occurrence network (aggregates.cooccurrence), laid out with networkx."""
    if nodes.empty or edges.empty:
        return _empty(title, "Not enough co-mentioned actors")
    top_edges = edges.head(150)
    positions = _network_positions(nodes, top_edges)
    traces = [_edge_trace(top_edges, positions), *_node_traces(nodes, positions)]
    layout = {
        "title": _title(title),
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
        "height": 640,
    }
    return _figure(traces, layout)


def side_color(side: tuple[str, str], fallback: str) -> str:
    """A Compare side's colour: a country's own (data/palette.toml), else the fallback."""
    dimension, value = side
    return load_palette().color(value) if dimension == "country" else fallback


def side_name(side: tuple[str, str]) -> str:
    """How a comparison side is written: "Russia (country)"."""
    return f"{side[1]} ({side[0]})"


def chart_compare(
    profile: pd.DataFrame,
    side_a: tuple[str, str],
    side_b: tuple[str, str],
    title: str = "Theme profiles compared",
) -> go.Figure:
    """Grouped bars of each side's share of statements per theme (aggregates.compare_profiles),
    themes ordered by how much the two sides diverge."""
    if profile.empty or (profile["statements_a"].sum() + profile["statements_b"].sum()) == 0:
        return _empty(title)
    data = profile.iloc[::-1]
    traces = [
        {
            "type": "bar",
            "x": data[column].to_numpy(dtype=float) * 100,
            "y": escape_plotly_all(data["label"]),
            "orientation": "h",
            "name": escape_plotly(side_name(side)),
            "marker": {"color": color},
            "hovertemplate": "%{y}: %{x:.1f}% of %{fullData.name}'s statements<extra></extra>",
        }
        for column, side, color in (
            ("share_b", side_b, side_color(side_b, PALETTE[0])),
            ("share_a", side_a, side_color(side_a, PALETTE[1])),
        )
    ]
    # the axis title stays short: it is centred under the plot, which long theme labels make
    # narrow at half a 1024 px page; the subtitle spans the figure
    layout = {
        "title": {**_title(title), "subtitle": {"text": "each side's share of its statements"}},
        "margin": {**LAYOUT["margin"], "t": SUBTITLED_TOP},
        "barmode": "group",
        "xaxis": {"title": {"text": "%"}},
        "legend": {**LAYOUT["legend"], "traceorder": "reversed"},
    }
    return _figure(traces, layout)


def chart_compare_gap(
    profile: pd.DataFrame, side_a: tuple[str, str], side_b: tuple[str, str]
) -> go.Figure:
    """Diverging bars of the gap in percentage points (side A minus side B) per theme."""
    title = "Where they diverge"
    if profile.empty or (profile["statements_a"].sum() + profile["statements_b"].sum()) == 0:
        return _empty(title)
    data = profile.iloc[::-1]
    bar = {
        "type": "bar",
        "x": data["gap"].to_numpy(dtype=float),
        "y": escape_plotly_all(data["label"]),
        "orientation": "h",
        "marker": {
            "color": [
                side_color(side_a, PALETTE[1]) if g >= 0 else side_color(side_b, PALETTE[0])
                for g in data["gap"]
            ]
        },
        "hovertemplate": "%{y}: %{x:+.1f} percentage points<extra></extra>",
    }
    # which way is which in the subtitle (it spans the figure): under the plot, which long theme
    # labels make narrow at half a 1024 px page, it was clipped
    more = f"right: more {escape_plotly(side_a[1])}<br>left: more {escape_plotly(side_b[1])}"
    layout = {
        "title": {**_title(title), "subtitle": {"text": more}},
        "margin": {**LAYOUT["margin"], "t": SUBTITLED_TOP + 20},  # the subtitle's two lines
        "xaxis": {"title": {"text": "gap, pp"}},  # percentage points (in the hover)
    }
    return _figure([bar], layout)


# -- figures from a filtered statements frame (shared by the pages and catalogue.py) ------------
def fig_theme_counts(df: pd.DataFrame, ctx: ChartContext) -> go.Figure:
    """Statements per theme."""
    return chart_theme_counts(agg.theme_counts(df, ctx.labels))


def fig_theme_by_country(df: pd.DataFrame, ctx: ChartContext) -> go.Figure:
    """Themes × speaker country heatmap."""
    return chart_theme_by_country(agg.theme_by_group(df, ctx.labels, "speaker_country"))


def fig_theme_share(df: pd.DataFrame, ctx: ChartContext) -> go.Figure:
    """Each theme's share of the period's statements."""
    share = agg.theme_share_over_time(df, ctx.labels, ctx.freq)
    return chart_theme_share(share, labels=ctx.labels, events=ctx.events)


def fig_timeline(df: pd.DataFrame, ctx: ChartContext) -> go.Figure:
    """Statements per period, stacked by ctx.by: theme, country, speaker or outlet."""
    return timeline_figure(agg.timeline(df, freq=ctx.freq, by=ctx.by, labels=ctx.labels), ctx)


def timeline_figure(counts: pd.DataFrame, ctx: ChartContext) -> go.Figure:
    """The timeline chart of counts per period and group (aggregates.timeline)."""
    if ctx.by == "theme":
        return chart_theme_timeline(
            counts, events=ctx.events, labels=ctx.labels, freq=ctx.freq, measure=ctx.measure
        )
    colors = country_colors(counts["group"]) if ctx.by == "country" else None
    return chart_timeline(
        counts,
        events=ctx.events,
        title=f"Statements per {ctx.freq} by {ctx.by}",
        colors=colors,
        freq=ctx.freq,
    )


def fig_top_speakers(df: pd.DataFrame, ctx: ChartContext) -> go.Figure:
    """The speakers with most statements."""
    return chart_top_speakers(agg.top_speakers(df, ctx.top))


def fig_top_countries(df: pd.DataFrame, ctx: ChartContext) -> go.Figure:
    """Statements by speaker country."""
    return countries_figure(agg.top_values(df, "speaker_country", ctx.top))


def countries_figure(top: pd.DataFrame) -> go.Figure:
    """Statements by speaker country, one colour per country (aggregates.top_values)."""
    return chart_top_values(top, "Statements by speaker country", country_colors(top["value"]))


def fig_top_outlets(df: pd.DataFrame, ctx: ChartContext) -> go.Figure:
    """Statements by outlet."""
    return chart_top_values(agg.top_values(df, "outlet", ctx.top), "Statements by outlet")


def fig_network(df: pd.DataFrame, ctx: ChartContext) -> go.Figure:
    """Actors mentioned together in the statements."""
    if ctx.mentions is None:
        return _empty("Actors mentioned together", "No mentions table")
    nodes, edges = agg.cooccurrence(ctx.mentions, df["statement_id"])
    return chart_network(nodes, edges)


def fig_compare(df: pd.DataFrame, ctx: ChartContext) -> go.Figure:
    """The two sides' theme profiles side by side."""
    profile = agg.compare_profiles(df, ctx.side_a, ctx.side_b, ctx.labels)
    return chart_compare(profile, ctx.side_a, ctx.side_b)


def fig_compare_gap(df: pd.DataFrame, ctx: ChartContext) -> go.Figure:
    """Where the two sides' theme profiles diverge."""
    profile = agg.compare_profiles(df, ctx.side_a, ctx.side_b, ctx.labels)
    return chart_compare_gap(profile, ctx.side_a, ctx.side_b)


def fig_speaker_timeline(df: pd.DataFrame, ctx: ChartContext) -> go.Figure:
    """One speaker's statements per period."""
    if not ctx.speaker:
        return _empty("Statements of one speaker", "No speaker chosen")
    profile = agg.speaker_profile(df, ctx.speaker, ctx.labels, ctx.freq)
    return chart_counts_over_time(
        profile["over_time"], f"Statements of {ctx.speaker} per {ctx.freq}", ctx.events
    )
