"""Actors: top speakers and countries, a speaker's profile, and the co-occurrence network."""

import streamlit as st

import dashboard as ui
from analysis.render import charts
from dashboard.drill_ui import (
    CLICKABLE,
    drill_down,
    first_of,
    key_event,
    network_node,
    period_bar,
    theme_bar,
    value_bar,
    with_speaker,
)
from dashboard.page_controls import url_choice

setup = ui.page_setup("Actors")
if setup is not None:
    data, filters, selection = setup
    ctx = ui.chart_context(data)
    left, right = st.columns(2)
    with left:
        speakers_fig = charts.chart_top_speakers(ui.counts(data, filters, "top_speakers"))
        event = ui.show_chart(
            speakers_fig, "top-speakers", data, filters, selection, key="actors_top", **CLICKABLE
        )
        drill_down(data, filters, event, value_bar("speaker"), key="actors_top")
    with right:
        top_countries = ui.counts(data, filters, "top_values", column="speaker_country")
        countries_fig = charts.countries_figure(top_countries)
        event = ui.show_chart(
            countries_fig,
            "top-countries",
            data,
            filters,
            selection,
            key="actors_countries",
            **CLICKABLE,
        )
        drill_down(data, filters, event, value_bar("speaker_country"), key="actors_countries")

    st.subheader("Speaker profile")
    top = ui.counts(data, filters, "top_speakers", n=50)
    choices = top["speaker"].tolist()
    speaker = url_choice(
        st.selectbox,
        "Speaker",
        choices,
        key="profile",
        default=choices[0] if choices else None,
        placeholder="No speaker in this selection",
    )
    profile_figs = []
    if speaker:
        profile = ui.counts(data, filters, "speaker_profile", speaker=speaker)
        p1, p2 = st.columns(2)
        with p1:
            fig = charts.chart_theme_counts(profile["themes"], f"Themes of {speaker}")
            event = ui.show_chart(
                fig, "speaker-themes", data, filters, selection, key="actors_p_themes", **CLICKABLE
            )
            drill_down(
                data, filters, event, with_speaker(theme_bar(data), speaker), key="actors_p_themes"
            )
            profile_figs.append(fig)
        with p2:
            fig = charts.chart_top_values(profile["outlets"], f"Outlets quoting {speaker}")
            event = ui.show_chart(
                fig,
                "speaker-outlets",
                data,
                filters,
                selection,
                key="actors_p_outlets",
                **CLICKABLE,
            )
            drill_down(
                data,
                filters,
                event,
                with_speaker(value_bar("outlet"), speaker),
                key="actors_p_outlets",
            )
            profile_figs.append(fig)
        fig = charts.chart_counts_over_time(
            profile["over_time"], f"Statements of {speaker} per month", ctx.events
        )
        event = ui.show_chart(
            fig, "speaker-timeline", data, filters, selection, key="actors_p_time", **CLICKABLE
        )
        on_time = first_of(key_event(fig), period_bar())  # a key-event marker, else its bar
        drill_down(data, filters, event, with_speaker(on_time, speaker), key="actors_p_time")
        profile_figs.append(fig)

    st.subheader("Who is mentioned with whom")
    nodes, edges = ui.counts(data, filters, "cooccurrence")
    network_fig = charts.chart_network(nodes, edges)
    edges = edges.head(50)
    event = ui.show_chart(
        network_fig, "actor-network", data, filters, selection, key="actors_network", **CLICKABLE
    )
    base = ui.counts(data, filters, "network_base")
    drawn_from = "" if base == len(selection) else f" Drawn from the newest {base:,} statements."
    st.caption(
        "Actors (people, governments, countries) named in the same statement; node size is the "
        "number of statements naming the actor, lines join actors named together." + drawn_from
    )
    drill_down(data, filters, event, network_node(), key="actors_network")
    with st.expander("Strongest links"):
        st.dataframe(edges, hide_index=True)
        ui.table_exports(edges, "actor-links", key="actors_edges_export")
    ui.briefing_exports(
        "Actors",
        [speakers_fig, countries_fig, *profile_figs, network_fig],
        lambda: selection.head(20),
        data,
        filters,
        selection,
        key="actors_pack",
    )
