"""Timeline: statements per week or month by theme, country or speaker, with key events; a
selected bar lists the statements behind it."""

import pandas as pd
import streamlit as st

import dashboard as ui
from analysis.query import aggregates as agg
from analysis.query.drill import AROUND_DAYS
from analysis.query.sql_measures import MEASURES
from analysis.render import charts
from dashboard.drill_ui import drill_down, key_event
from dashboard.page_controls import url_choice

setup = ui.page_setup("Timeline")
if setup is not None:
    data, filters, selection = setup
    # the split on its own row: beside the period it was clipped at a 1024 px page
    split_row = st.container()
    c1, c2 = st.columns(2)
    freq = ui.period_picker(c1)
    by = url_choice(
        split_row.segmented_control,
        "Split by",
        ["theme", "country", "speaker", "outlet"],
        key="by",
        default="theme",
    )
    freq, by = freq or "month", by or "theme"
    measure = "statements"
    if by == "theme":
        measure = (
            url_choice(
                c2.segmented_control,
                "Count",
                list(MEASURES),
                key="measure",
                default="theme tags",
                help="Theme tags: a statement counts once under each theme it touches, so the "
                "bars add up to more than the statements. Statements: each counts once, under its "
                "one theme, 'several themes' or 'no theme'.",
            )
            or "theme tags"
        )
    once = by == "theme" and measure == "statements"
    ctx = ui.chart_context(data, freq=freq, by=by, measure=measure)
    if once:
        counts = ui.counts(data, filters, "theme_timeline_once", freq=freq)
    else:
        counts = ui.counts(data, filters, "timeline", freq=freq, by=by)
    fig = charts.timeline_figure(counts, ctx)
    event = ui.show_chart(
        fig,
        f"timeline-{by}-{freq}",
        data,
        filters,
        selection,
        key=f"timeline_chart_{by}_{freq}_{measure}",
        on_select="rerun",
        selection_mode=("points", "box"),
    )
    st.caption(
        "Dotted lines and triangles mark key events (data/events.toml), the turning points "
        "named above the chart. Click a bar segment to list the statements behind it, or a "
        "triangle for the statements around that event."
    )

    span = ui.counts(data, filters, "date_span")
    shown_events = agg.events_between(ctx.events, pd.Series(span, dtype="datetime64[ns]"))
    if shown_events:
        with st.expander(f"Key events in this period ({len(shown_events)})"):
            st.dataframe(
                pd.DataFrame(
                    {
                        "date": [e.date for e in shown_events],
                        "event": [e.title for e in shown_events],
                        "what happened": [e.description for e in shown_events],
                    }
                ),
                hide_index=True,
            )

    picked = ui.selected_bar(event, fig)
    around = [p for p in ui.selected_points(event) if key_event(fig)(p)]
    if picked is None and (
        around or st.query_params.get("point", "").startswith("timeline_event~")
    ):
        st.caption(f"Statements published within {AROUND_DAYS} days of the key event:")
        drill_down(data, filters, event, key_event(fig), key="timeline_event")
    if picked is None and len(counts):
        with st.expander("Or pick a period without clicking"):
            periods = sorted(counts["period"].unique(), reverse=True)
            period = st.selectbox(
                "Period",
                periods,
                format_func=lambda p: agg.period_label(p, freq),
                index=None,
                key="timeline_pick_period",
            )
            if period is not None:
                groups = counts[counts["period"] == period]["group"].tolist()
                group = st.selectbox("Group", ["(all)", *groups], key="timeline_pick_group")
                picked = (pd.Timestamp(period), None if group == "(all)" else group)
    if picked is not None:
        period, group = picked
        if once:
            n, behind = ui.counts(
                data, filters, "statements_at_once", period=period, freq=freq, group=group
            )
        else:
            n, behind = ui.counts(
                data, filters, "statements_at", period=period, freq=freq, by=by, group=group
            )
        label = agg.period_label(period, freq) + (f" · {group}" if group else "")
        st.subheader(f"Statements behind {ui.escape_markdown(label)}: {n:,}")
        if n > len(behind):
            st.caption(f"The newest {len(behind):,} are listed; narrow the filters to see others.")
        ui.statements_table(behind, data.labels, key="timeline_behind")
        ui.table_exports(
            behind,
            f"timeline-{period:%Y-%m-%d}-{freq}-{group or 'all'}",
            key="timeline_behind_export",
        )
    ui.briefing_exports(
        "Timeline", [fig], lambda: selection.head(20), data, filters, selection, key="timeline_pack"
    )
