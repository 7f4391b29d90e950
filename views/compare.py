"""Compare: two sides (countries, speakers or outlets), their theme profiles over the same
period, and where they diverge."""

from dataclasses import replace

import pandas as pd
import streamlit as st

import dashboard as ui
from analysis.query.compare_stats import support_caution, with_intervals
from analysis.query.filters import Filters
from analysis.render import charts
from dashboard.drill_ui import CLICKABLE, drill_down, gap_drill, side_bar
from dashboard.page_controls import url_choice

DEFAULTS = {"a": "Russia", "b": "Turkey"}
ALL_THEMES = "(all themes)"


def most_quoted(data: ui.Data, filters: Filters, dimension: str) -> list[str]:
    """The values with most statements in the view, most first: the sides' defaults."""
    if dimension == "speaker":
        return ui.counts(data, filters, "top_speakers", n=2)["speaker"].tolist()
    column = "outlet" if dimension == "outlet" else "speaker_country"
    return ui.counts(data, filters, "top_values", column=column, n=2)["value"].tolist()


def side_picker(
    column: object, data: ui.Data, filters: Filters, name: str, fallback_index: int
) -> tuple[str, str]:
    """A (dimension, value) picker for one side; the value's options follow the dimension,
    and its default is Russia/Turkey for countries, else the most quoted speakers or outlets."""
    with column:
        dimension = (
            url_choice(
                st.segmented_control,
                f"Side {name.upper()} is a",
                ["country", "speaker", "outlet"],
                key=f"{name}_by",
                default="country",
            )
            or "country"
        )
        options = {"country": data.countries, "speaker": data.speakers, "outlet": data.outlets}[
            dimension
        ]
        default = DEFAULTS[name] if dimension == "country" else None
        if default not in options:
            leaders = [v for v in most_quoted(data, filters, dimension) if v in options]
            pool = leaders or options
            default = pool[min(fallback_index, len(pool) - 1)] if pool else None
        value = url_choice(
            st.selectbox,
            f"Side {name.upper()}",
            options,
            key=f"{name}_{dimension}",
            default=default if default in options else None,
        )
    return dimension, value


setup = ui.page_setup("Compare")
if setup is not None:
    data, filters, selection = setup
    left, right = st.columns(2)
    side_a = side_picker(left, data, filters, "a", 0)
    side_b = side_picker(right, data, filters, "b", 1)
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
        names = (charts.side_name(side_a), charts.side_name(side_b))
        caution = support_caution(n_a, n_b, names)
        if caution:
            st.warning(ui.escape_markdown(caution), icon=":material/warning:")
        profile = ui.counts(data, filters, "compare_profiles", side_a=side_a, side_b=side_b)
        profile = with_intervals(profile, n_a, n_b)
        c1, c2 = st.columns(2)
        with c1:
            profile_fig = charts.chart_compare(profile, side_a, side_b)
            event = ui.show_chart(
                profile_fig, "compare", data, filters, selection, key="compare_profile", **CLICKABLE
            )
        drill_down(
            data,
            filters,
            event,
            side_bar(data, profile_fig, (side_a, side_b)),
            key="compare_profile",
        )
        with c2:
            gap_fig = charts.chart_compare_gap(profile, side_a, side_b)
            event = ui.show_chart(
                gap_fig, "compare-gap", data, filters, selection, key="compare_gap", **CLICKABLE
            )
        gap_drill(data, filters, event, (side_a, side_b), key="compare_gap")
        st.subheader("Where they diverge most")
        st.caption(
            "Shares are of each side's own statements (a statement may touch several themes); "
            "the 95 % interval of each gap is Newcombe's, and a gap is clear when it excludes 0."
        )
        for row in profile.head(5).itertuples():
            more = names[0] if row.gap > 0 else names[1]
            verdict = "clear" if row.clear else "not clear: the interval includes no difference"
            st.markdown(
                f"- **{ui.escape_markdown(row.label)}**: {abs(row.gap):.1f} percentage points "
                f"more of {ui.escape_markdown(more)}'s statements "
                f"({row.statements_a:,} of {n_a:,} = {row.share_a:.0%} vs "
                f"{row.statements_b:,} of {n_b:,} = {row.share_b:.0%}; "
                f"95 % interval {row.gap_low:+.1f} to {row.gap_high:+.1f} pp, {verdict})"
            )
        table = profile.rename(
            columns={
                "statements_a": f"statements A ({side_a[1]})",
                "statements_b": f"statements B ({side_b[1]})",
                "share_a": f"share A ({side_a[1]})",
                "share_b": f"share B ({side_b[1]})",
                "gap": "gap (pp)",
                "gap_low": "gap low (pp, 95 %)",
                "gap_high": "gap high (pp, 95 %)",
                "clear": "clear difference",
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
                "gap low (pp, 95 %)": st.column_config.NumberColumn(format="%+.1f"),
                "gap high (pp, 95 %)": st.column_config.NumberColumn(format="%+.1f"),
            },
        )
        ui.table_exports(table, "compare-profiles", key="compare_table_export")

        st.subheader("Key quotes, side by side")
        clear_first = profile.sort_values("clear", ascending=False, kind="stable")
        topics = [ALL_THEMES, *clear_first["theme"]]
        topic = url_choice(
            st.selectbox,
            "Quotes on",
            topics,
            key="quotes_theme",
            default=ALL_THEMES,
            format_func=lambda t: data.labels.get(t, t),
        )
        quoted = filters if topic in (None, ALL_THEMES) else replace(filters, themes=(topic,))
        columns = st.columns(2)
        for column, side, name in zip(columns, (side_a, side_b), names, strict=True):
            with column:
                st.markdown(f"**{ui.escape_markdown(name)}**")
                rows = ui.side_quotes(data, quoted, side, 5)
                if rows.empty:
                    st.caption("No statement of this side on that theme.")
                for _, row in rows.iterrows():
                    st.markdown(ui.statement_quote(row, data.labels))

        def quotes() -> pd.DataFrame:
            return pd.concat([ui.side_quotes(data, quoted, side, 10) for side in (side_a, side_b)])

        ui.briefing_exports(
            f"Compare {side_a[1]} and {side_b[1]}",
            [profile_fig, gap_fig],
            quotes,
            data,
            filters,
            selection,
            key="compare_pack",
        )
