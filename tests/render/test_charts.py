"""Charts: every figure is valid plotly and draws the aggregates it is given."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from chart_checks import validated, values

from analysis.query import aggregates as agg
from analysis.reference import load_events
from analysis.render import charts


def test_theme_counts_bars_are_the_counts(prepared, ctx) -> None:
    counts = agg.theme_counts(prepared, ctx.labels)
    fig = charts.chart_theme_counts(counts)
    bar = fig.to_dict()["data"][0]
    drawn = dict(zip(bar["y"], values(bar["x"]), strict=True))
    assert drawn == dict(zip(counts["label"], counts["statements"], strict=True))


def test_timeline_draws_key_events_in_range(prepared, ctx) -> None:
    counts = agg.timeline(prepared, freq="month", by="country")
    events = load_events()
    fig = validated(charts.chart_timeline(counts, events=events))
    first, last = counts["period"].min(), counts["period"].max()
    inside = [e for e in events if first <= pd.Timestamp(e.date) <= last + pd.Timedelta(days=31)]
    assert len(fig.layout.shapes) == len(inside)
    markers = [t for t in fig.data if t.name == "key events"]
    assert (len(markers) == 1) == bool(inside)
    groups = [t.name for t in fig.data if t.type == "bar"]
    assert set(groups) == set(counts["group"])
    total = sum(values(t.y).sum() for t in fig.data if t.type == "bar")
    assert total == counts["statements"].sum()


def test_timeline_segments_carry_their_group_for_selection(prepared, ctx) -> None:
    fig = charts.fig_timeline(prepared, ctx)
    for trace in fig.data:
        if trace.type == "bar":
            assert set(trace.customdata) == {trace.name}


def test_compare_chart_draws_both_sides(prepared, ctx) -> None:
    side_a, side_b = ("country", "Russia"), ("country", "Turkey")
    profile = agg.compare_profiles(prepared, side_a, side_b, ctx.labels)
    fig = validated(charts.chart_compare(profile, side_a, side_b))
    names = {t.name for t in fig.data}
    assert names == {"Russia (country)", "Turkey (country)"}
    gap = validated(charts.chart_compare_gap(profile, side_a, side_b))
    assert np.allclose(sorted(values(gap.data[0].x)), sorted(profile["gap"]))


def test_network_has_one_marker_per_node(tables, prepared) -> None:
    nodes, edges = agg.cooccurrence(tables.mentions, prepared["statement_id"], top=15)
    fig = validated(charts.chart_network(nodes, edges))
    labels = [name for t in fig.data if t.mode == "markers+text" for name in t.text]
    assert sorted(labels) == sorted(nodes["actor"])


@pytest.mark.parametrize(
    "module",
    [
        "render.charts",
        "render.catalogue",
        "render.export",
        "render.kaleido",
        "query.filters",
        "query.aggregates",
        "synthetic",
    ],
)
def test_analysis_modules_never_import_streamlit(module: str) -> None:
    import importlib
    import re

    path = importlib.import_module(f"analysis.{module}").__file__
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    assert not re.search(r"^\s*(import|from)\s+streamlit", source, re.MULTILINE)


def test_compare_gap_axis_says_which_side_is_which_way(prepared, ctx) -> None:
    side_a, side_b = ("country", "Russia"), ("country", "Turkey")
    profile = agg.compare_profiles(prepared, side_a, side_b, ctx.labels)
    gap = charts.chart_compare_gap(profile, side_a, side_b)
    subtitle = gap.layout.title.subtitle.text
    assert "right: more Russia" in subtitle and "left: more Turkey" in subtitle  # A right, B left
    assert len(gap.layout.xaxis.title.text) <= 20  # centred under a narrow plot, unclipped
    # positive gaps (side A more) are drawn in side A's colour of the profile chart
    profiles = charts.chart_compare(profile, side_a, side_b)
    a_colour = next(t.marker.color for t in profiles.data if t.name == "Russia (country)")
    colours = dict(zip(values(gap.data[0].x), gap.data[0].marker.color, strict=True))
    assert all(c == a_colour for x, c in colours.items() if x > 0)
