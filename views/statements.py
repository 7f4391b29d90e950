"""Statements: the evidence table, sorted and paged by the store; each statement in context."""

import math

import streamlit as st

import dashboard as ui
from analysis import workspace
from analysis.query.prepared import public_columns
from analysis.query.sql import SORTABLE
from dashboard.page_controls import url_choice, url_page_number
from dashboard.workspace_ui import note_controls, with_notes

PAGE_SIZE = 100
ORDERS = ("descending", "ascending")

setup = ui.page_setup("Statements")
if setup is not None:
    data, filters, selection = setup
    total = len(selection)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    c1, c2, c3 = st.columns([2, 2, 1])
    sort = url_choice(c1.selectbox, "Sort by", list(SORTABLE), key="sort", default="published")
    order = url_choice(c2.segmented_control, "Order", ORDERS, key="order", default="descending")
    page = url_page_number(c3, "Page", pages, key="page")
    offset = (page - 1) * PAGE_SIZE
    shown = ui.statements_page(
        data,
        filters,
        sort=sort or "published",
        descending=order != "ascending",
        offset=offset,
        limit=PAGE_SIZE,
    )
    st.caption(
        f"Statements {offset + 1 if len(shown) else 0:,}–{offset + len(shown):,} of {total:,}, "
        f"page {page:,} of {pages:,}, by {sort or 'published'} ({order or 'descending'})."
    )
    notes = workspace.notes(ui.store_root())  # read once for the table and the notes box
    shown = with_notes(shown, notes)
    event = ui.statements_table(shown, data.labels, key="statements_table", height=460)
    ui.table_exports(shown, "statements", key="statements_export")

    rows = getattr(getattr(event, "selection", None), "rows", None) or []
    if len(shown):
        row = public_columns(shown).iloc[rows[0] if rows else 0]
        st.subheader("In context" + ("" if rows else " (first row; select a row to change)"))
        ui.statement_in_context(data, row)
        note_controls(row, notes)
    ui.briefing_exports(
        "Statements", [], shown.head(30), data, filters, selection, key="statements_pack"
    )
