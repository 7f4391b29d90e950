"""Speech-act charts: who warns, who denies (by speaker country and over time), and which
kinds of outlet quote which countries (frames of analysis.query.sql_acts → plotly Figures)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.render.charts import HEATMAP_AXES, PALETTE, SIDE_LEGEND, _empty, _figure
from analysis.render.safe_text import escape_plotly_all
from analysis.schema import SPEECH_ACTS

PLAIN_ACT = "statement"  # a plain "said": the act most statements have, left out by default
ACT_COLORS = {act: PALETTE[i % len(PALETTE)] for i, act in enumerate(SPEECH_ACTS)}


def _acts_shown(frame: pd.DataFrame, plain: bool) -> pd.DataFrame:
    return frame if plain else frame[frame["act"] != PLAIN_ACT]


def _act_order(frame: pd.DataFrame) -> list[str]:
    present = set(frame["act"])
    return [a for a in SPEECH_ACTS if a in present] + sorted(present - set(SPEECH_ACTS))


def chart_acts_by_country(
    frame: pd.DataFrame, plain: bool = False, title: str = "Speech acts by speaker country"
) -> go.Figure:
    """Stacked horizontal bars: per speaker country, its statements by speech act (each
    statement has one act, so a bar's length is its country's statements)."""
    shown = _acts_shown(frame, plain)
    if shown.empty:
        return _empty(title)
    totals = shown.groupby("country")["statements"].sum().sort_values()
    bars = []
    for act in _act_order(shown):
        rows = shown[shown["act"] == act].set_index("country")["statements"]
        values = rows.reindex(totals.index, fill_value=0)
        bars.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": act,
                "x": values.to_numpy(),
                "y": escape_plotly_all(totals.index),
                "marker": {"color": ACT_COLORS.get(act, PALETTE[-1])},
                "customdata": [act] * len(values),
                "hovertemplate": "%{y} · %{customdata}: %{x} statements<extra></extra>",
            }
        )
    layout = {
        "title": {"text": title},
        "barmode": "stack",
        "xaxis": {"title": {"text": "statements (one act each)"}},
        "legend": SIDE_LEGEND,
    }
    return _figure(bars, layout)


def chart_acts_over_time(
    frame: pd.DataFrame, plain: bool = False, title: str = "Speech acts over time"
) -> go.Figure:
    """One line per speech act: statements per period."""
    shown = _acts_shown(frame, plain)
    if shown.empty:
        return _empty(title)
    lines = []
    for act in _act_order(shown):
        rows = shown[shown["act"] == act]
        lines.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": act,
                "x": rows["period"].to_numpy(),
                "y": rows["statements"].to_numpy(),
                "line": {"color": ACT_COLORS.get(act, PALETTE[-1])},
                "customdata": [act] * len(rows),
                "hovertemplate": "%{x|%Y-%m-%d} · %{customdata}: %{y} statements<extra></extra>",
            }
        )
    layout = {
        "title": {"text": title},
        "yaxis": {"title": {"text": "statements"}},
        "legend": SIDE_LEGEND,
    }
    return _figure(lines, layout)


def chart_outlet_kinds(
    frame: pd.DataFrame, title: str = "Who quotes whom: outlet kind × speaker country"
) -> go.Figure:
    """Heatmap of statements per outlet kind × speaker country; hover gives the share of the
    outlet kind's statements."""
    if frame.empty:
        return _empty(title)
    table = frame.pivot_table(
        index="outlet_kind", columns="country", values="statements", aggfunc="sum", fill_value=0
    )
    shares = table.div(table.sum(axis=1), axis=0).mul(100).round(1)
    heat = {
        "type": "heatmap",
        "z": table.to_numpy(),
        "x": escape_plotly_all(table.columns),
        "y": escape_plotly_all(table.index),
        "customdata": shares.to_numpy(),
        "colorscale": [[0.0, "#f7fbff"], [0.5, "#6baed6"], [1.0, "#08306b"]],
        "hovertemplate": "%{y} outlets quote %{x}: %{z} statements "
        "(%{customdata}% of the %{y} outlets' statements)<extra></extra>",
        "texttemplate": "%{z}",
    }
    return _figure([heat], {"title": {"text": title}, **HEATMAP_AXES})
