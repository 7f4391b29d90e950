"""Compare: two sides (countries, speakers or outlets), their theme profiles over the same
period, and where they diverge."""

import pandas as pd
import streamlit as st

import dashboard as ui
from analysis.render import charts

DEFAULTS = {"a": "Russia", "b": "Turkey"}


def side_picker(column: object, data: ui.Data, name: str, fallback_index: int) -> tuple[str, str]:
    """A (dimension, value) picker for one side; the value's options follow the dimension."""
    with column:
        dimension = (
            st.segmented_control(
                f"Side {name.upper()} is a",
                ["country", "speaker", "outlet"],
                default="country",
                key=f"{name}_by",
                bind="query-params",
            )
            or "country"
        )
        options = {"country": data.countries, "speaker": data.speakers, "outlet": data.outlets}[
            dimension
        ]
        default = DEFAULTS[name] if dimension == "country" else None
        if default not in options:
            default = options[min(fallback_index, len(options) - 1)] if options else None
        value = st.selectbox(
            f"Side {name.upper()}",
            options,
            index=options.index(default) if default in options else None,
            key=f"{name}_{dimension}",
            bind="query-params",
        )
    return dimension, value


setup = ui.page_setup("Compare")
if setup is not None:
    data, filters, selection = setup
    left, right = st.columns(2)
    side_a = side_picker(left, data, "a", 0)
    side_b = side_picker(right, data, "b", 1)
    if side_a[1] is None or side_b[1] is None:
        st.info("Pick a value for both sides.")
    else:
        n_a, n_b = ui.counts(data, filters, "side_totals", side_a=side_a, side_b=side_b)
        st.caption(
            f"{ui.escape_markdown(charts.side_name(side_a))}: {n_a:,} statements · "
            f"{ui.escape_markdown(charts.side_name(side_b))}: {n_b:,} statements, same filters "
            "and period."
        )
        if side_a == side_b:
            st.warning("Both sides are the same.")
        ctx = ui.chart_context(data, side_a=side_a, side_b=side_b)
        profile = ui.counts(data, filters, "compare_profiles", side_a=side_a, side_b=side_b)
        c1, c2 = st.columns(2)
        with c1:
            profile_fig = charts.chart_compare(profile, side_a, side_b)
            ui.show_chart(profile_fig, "compare", data, filters, selection, key="compare_profile")
        with c2:
            gap_fig = charts.chart_compare_gap(profile, side_a, side_b)
            ui.show_chart(gap_fig, "compare-gap", data, filters, selection, key="compare_gap")
        st.subheader("Where they diverge most")
        top_gaps = profile.head(5)
        for row in top_gaps.itertuples():
            more = charts.side_name(side_a) if row.gap > 0 else charts.side_name(side_b)
            st.markdown(
                f"- **{ui.escape_markdown(row.label)}**: {abs(row.gap):.1f} percentage points "
                f"more of {ui.escape_markdown(more)}'s statements "
                f"({row.share_a:.0%} vs {row.share_b:.0%})"
            )
        table = profile.rename(
            columns={
                "statements_a": f"statements A ({side_a[1]})",
                "statements_b": f"statements B ({side_b[1]})",
                "share_a": f"share A ({side_a[1]})",
                "share_b": f"share B ({side_b[1]})",
                "gap": "gap (pp)",
            }
        )
        percent = st.column_config.NumberColumn(format="percent")
        st.dataframe(
            table,
            hide_index=True,
            column_config={
                f"share A ({side_a[1]})": percent,
                f"share B ({side_b[1]})": percent,
                "gap (pp)": st.column_config.NumberColumn(format="%+.1f"),
            },
        )
        ui.table_exports(table, "compare-profiles", key="compare_table_export")

        def quotes() -> pd.DataFrame:
            return pd.concat([ui.side_quotes(data, filters, side, 10) for side in (side_a, side_b)])

        ui.briefing_exports(
            f"Compare {side_a[1]} and {side_b[1]}",
            [profile_fig, gap_fig],
            quotes,
            data,
            filters,
            selection,
            key="compare_pack",
        )
