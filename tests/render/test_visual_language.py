"""One visual language: a colour per country from data/palette.toml on every chart, dark
charts on a dark screen (exports stay light), heatmap labels that make room."""

from __future__ import annotations

import pandas as pd

from analysis.reference import load_palette
from analysis.render import charts


def test_a_country_keeps_its_colour_whatever_else_is_shown() -> None:
    alone = charts.country_colors(["Norway"])
    crowded = charts.country_colors(["Russia", "Turkey", "Norway", "Spain", "Iran"])
    assert alone["Norway"] == crowded["Norway"]
    assert crowded["Russia"] == load_palette().countries["Russia"]
    assert crowded["Russia"] != crowded["Turkey"]


def test_charts_use_the_palette_for_countries() -> None:
    top = pd.DataFrame({"value": ["Turkey", "Russia"], "statements": [5, 3]})
    fig = charts.countries_figure(top)
    colours = dict(zip(fig.data[0].y, fig.data[0].marker.color, strict=True))
    assert colours["Russia"] == load_palette().color("Russia")
    sides = charts.chart_compare(
        pd.DataFrame(
            {
                "theme": ["a"],
                "label": ["A"],
                "statements_a": [1],
                "statements_b": [2],
                "share_a": [0.1],
                "share_b": [0.2],
                "gap": [-10.0],
            }
        ),
        ("country", "Russia"),
        ("country", "Iran"),
    )
    assert {t.marker.color for t in sides.data} == {
        load_palette().color("Russia"),
        load_palette().color("Iran"),
    }


def test_the_dark_variant_leaves_the_figure_light() -> None:
    top = pd.DataFrame({"value": ["Turkey"], "statements": [5]})
    fig = charts.countries_figure(top)
    dark = charts.dark_variant(fig)
    assert dark.layout.template.layout.paper_bgcolor != fig.layout.template.layout.paper_bgcolor
    assert dark.layout.paper_bgcolor == "rgba(0, 0, 0, 0)" and fig.layout.paper_bgcolor is None


def test_heatmap_labels_tilt_and_take_room() -> None:
    long = pd.DataFrame(
        {"group": ["United Arab Emirates"], "theme": ["a"], "label": ["A"], "statements": [1]}
    )
    fig = charts.chart_theme_by_country(long)
    assert fig.layout.xaxis.tickangle == -35 and fig.layout.xaxis.automargin
