"""Speech acts: who warns, denies, accuses or calls for what, and who quotes whom."""

import streamlit as st

import dashboard as ui
from analysis.render import act_charts
from dashboard.drill_ui import CLICKABLE, act_bar, act_point, drill_down, outlet_kind_cell
from dashboard.page_controls import url_toggle

setup = ui.page_setup("Speech acts")
if setup is not None:
    data, filters, selection = setup
    # side by side, each wide enough at half a 1024 px page (a quarter-width column clipped them)
    period_column, plain_column = st.columns([3, 2], vertical_alignment="bottom")
    with plain_column:
        plain = url_toggle(
            "Include plain statements",
            key="plain",
            help="Statements whose cue says no more than 'said' or 'told'.",
        )
    freq = ui.period_picker(period_column)
    st.caption(
        "Each statement has one speech act, from its cue and the clause it introduces "
        "(data/cues.toml); the bars count statements."
    )
    by_country = ui.counts(data, filters, "acts_by_country")
    country_fig = act_charts.chart_acts_by_country(by_country, plain=bool(plain))
    event = ui.show_chart(
        country_fig, "acts-by-country", data, filters, selection, key="acts_country", **CLICKABLE
    )
    countries = by_country["country"].astype(str).unique().tolist()
    drill_down(data, filters, event, act_bar(countries), key="acts_country")
    over_time = ui.counts(data, filters, "acts_over_time", freq=freq or "month")
    time_fig = act_charts.chart_acts_over_time(over_time, plain=bool(plain))
    event = ui.show_chart(
        time_fig, "acts-over-time", data, filters, selection, key="acts_time", **CLICKABLE
    )
    drill_down(data, filters, event, act_point(), key="acts_time", freq=freq or "month")
    kinds = ui.counts(data, filters, "outlet_kinds_by_country")
    kinds_fig = act_charts.chart_outlet_kinds(kinds)
    event = ui.show_chart(
        kinds_fig, "outlet-kinds", data, filters, selection, key="acts_outlets", **CLICKABLE
    )
    countries = kinds["country"].astype(str).unique().tolist()
    drill_down(data, filters, event, outlet_kind_cell(countries), key="acts_outlets")
    st.caption(
        "Outlet kinds from data/outlets.toml (state, pro-government, independent, wire); "
        "outlets it does not list are 'unlisted'."
    )
    ui.briefing_exports(
        "Speech acts",
        [country_fig, time_fig, kinds_fig],
        lambda: selection.head(20),
        data,
        filters,
        selection,
        key="acts_pack",
    )
