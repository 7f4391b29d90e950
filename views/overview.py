"""Overview: headline counts, theme mix, latest statements and data quality."""

import streamlit as st

import dashboard as ui
from analysis.render import charts
from dashboard.drill_ui import CLICKABLE, drill_down, theme_bar
from dashboard.workspace_ui import saved_views_list

setup = ui.page_setup("Russia–Turkey diplomacy over Syria")
if setup is not None:
    data, filters, selection = setup
    counts = ui.counts(data, filters, "overview_counts")
    cols = st.columns(5)
    cols[0].metric("Statements", f"{counts['statements']:,}")
    cols[1].metric("Articles", f"{counts['articles']:,}")
    cols[2].metric("Speakers", f"{counts['speakers']:,}")
    cols[3].metric("Outlets", f"{counts['outlets']:,}")
    if counts["first"] is not None:
        cols[4].metric(
            "Date span",
            f"{counts['first']:%Y}–{counts['last']:%y}",  # short: fits five columns at 1024 px
            help=f"{counts['first']:%Y-%m-%d} to {counts['last']:%Y-%m-%d}",
        )
    else:
        cols[4].metric("Date span", "no dates")

    left, right = st.columns([3, 2])
    with left:
        fig = charts.chart_theme_counts(ui.counts(data, filters, "theme_counts"))
        event = ui.show_chart(
            fig, "theme-mix", data, filters, selection, key="overview_themes", **CLICKABLE
        )
        st.caption(
            "Statements touching each theme (a statement on several themes counts under each)."
        )
        drill_down(data, filters, event, theme_bar(data), key="overview_themes")
    with right:
        st.subheader("Data quality")
        quality = ui.counts(data, filters, "data_quality", duplicates_folded=data.duplicates_folded)
        st.dataframe(
            quality.rows(),
            hide_index=True,
            column_config={
                "signal": st.column_config.TextColumn("signal", width="medium"),
                "count": st.column_config.NumberColumn("count", width="small"),
                "share": st.column_config.ProgressColumn("share", format="percent", width="small"),
            },
        )
        st.caption(
            "Unresolved: statements whose source could not be named. Repeated: the same words "
            "by the same speaker in several articles (wire copy), counted once per copy. "
            "Duplicate articles: the same body read twice (any filter), stored once."
        )

    st.subheader("Saved views")
    saved_views_list()

    st.subheader("Latest statements")
    latest = ui.statements_page(
        data, filters, sort="published", descending=True, offset=0, limit=15
    )
    ui.statements_table(latest, data.labels, key="overview_latest", height=420)
    ui.table_exports(latest, "latest-statements", key="overview_latest_export")
    ui.briefing_exports("Overview", [fig], latest, data, filters, selection, key="overview_pack")
