"""Statements: the evidence table, searchable; each statement in context with the quote in bold."""

import streamlit as st

import dashboard as ui
from analysis.query.prepared import public_columns

MAX_ROWS = 5000

setup = ui.page_setup("Statements")
if setup is not None:
    data, filters, df = setup
    ordered = df.sort_values("published", ascending=False, na_position="last")
    shown = ui.with_text(data, ordered.head(MAX_ROWS))
    if len(df) > MAX_ROWS:
        st.caption(
            f"Showing the {MAX_ROWS:,} most recent of {len(df):,} statements; narrow the filters "
            "or use the search box in the sidebar to see the others."
        )
    event = ui.statements_table(shown, data.labels, key="statements_table", height=460)
    ui.table_exports(shown, "statements", key="statements_export")

    rows = getattr(getattr(event, "selection", None), "rows", None) or []
    if len(shown):
        row = public_columns(shown).iloc[rows[0] if rows else 0]
        st.subheader("In context" + ("" if rows else " (first row; select a row to change)"))
        ui.statement_in_context(data, row)
    ui.briefing_exports("Statements", [], shown.head(30), data, filters, df, key="statements_pack")
