"""Themes: statements per theme, theme × speaker country, theme share over time."""

import streamlit as st

import dashboard as ui
from analysis.render import charts
from dashboard.drill_ui import CLICKABLE, drill_down, theme_bar, theme_cell, theme_line

setup = ui.page_setup("Themes")
if setup is not None:
    data, filters, selection = setup
    freq = ui.period_picker()
    ctx = ui.chart_context(data, freq=freq or "month")
    # one above the other: side by side at a 1024 px page the heatmap's theme labels were cut
    counts_fig = charts.chart_theme_counts(ui.counts(data, filters, "theme_counts"))
    event = ui.show_chart(
        counts_fig, "theme-counts", data, filters, selection, key="themes_counts", **CLICKABLE
    )
    drill_down(data, filters, event, theme_bar(data), key="themes_counts")
    by_country = ui.counts(data, filters, "theme_by_group", column="speaker_country")
    country_fig = charts.chart_theme_by_country(by_country)
    event = ui.show_chart(
        country_fig,
        "theme-by-country",
        data,
        filters,
        selection,
        key="themes_country",
        **CLICKABLE,
    )
    groups = by_country["group"].astype(str).unique().tolist()
    drill_down(data, filters, event, theme_cell(data, groups), key="themes_country")
    st.caption(
        f"Counts are statements touching each theme: a statement on several themes counts "
        f"under each, so the bars add up to more than the {len(selection):,} statements. "
        "Shares below are of each period's statements."
    )
    share = ui.counts(data, filters, "theme_share_over_time", freq=ctx.freq)
    share_fig = charts.chart_theme_share(share, labels=ctx.labels, events=ctx.events)
    event = ui.show_chart(
        share_fig, "theme-share", data, filters, selection, key="themes_share", **CLICKABLE
    )
    drill_down(data, filters, event, theme_line(data, share_fig), key="themes_share", freq=ctx.freq)
    ui.briefing_exports(
        "Themes",
        [counts_fig, country_fig, share_fig],
        lambda: selection.head(20),
        data,
        filters,
        selection,
        key="themes_pack",
    )
