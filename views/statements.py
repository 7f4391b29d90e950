"""Statements: the evidence table, searchable; each statement in context with the quote in bold."""

import pandas as pd
import streamlit as st

import dashboard as ui
from analysis.query.filters import public_columns

MAX_ROWS = 5000


def context_of(data: ui.Data, row: pd.Series, width: int = 300) -> tuple[str, str]:
    """Article text just before and after the statement's sentence (plain text)."""
    articles = data.tables.articles
    match = articles[articles["article_id"] == row["article_id"]]
    if match.empty:
        return "", ""
    text = str(match.iloc[0]["text"])
    start, end = int(row["start"]), int(row["end"])
    if not (0 <= start <= end <= len(text)):
        return "", ""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return ("…" + before if start > width else before), (
        after + "…" if end + width < len(text) else after
    )


setup = ui.page_setup("Statements", "views/statements.py")
if setup is not None:
    data, filters, df = setup
    ordered = df.sort_values("published", ascending=False, na_position="last")
    shown = ordered.head(MAX_ROWS)
    if len(df) > MAX_ROWS:
        st.caption(
            f"Showing the {MAX_ROWS:,} most recent of {len(df):,} statements; narrow the filters "
            "or use the search box in the sidebar to see the others."
        )
    event = ui.statements_table(shown, data.labels, key="statements_table", height=460)
    ui.table_exports(shown, "statements", key="statements_export")

    rows = getattr(getattr(event, "selection", None), "rows", None) or []
    if len(shown):
        position = rows[0] if rows else 0
        row = public_columns(shown).iloc[position]
        st.subheader("In context" + ("" if rows else " (first row; select a row to change)"))

        def text_or(value: object, default: str) -> str:
            return str(value) if isinstance(value, str) and value else default

        speaker = text_or(row["speaker"], text_or(row["speaker_mention"], "Unattributed"))
        day = row["published"].strftime("%Y-%m-%d") if pd.notna(row["published"]) else "undated"
        themes = ", ".join(data.labels.get(t, t) for t in row["themes"]) or "no theme"
        parts = [
            f"**{ui.escape_markdown(speaker)}** "
            f"({ui.escape_markdown(text_or(row['speaker_country'], 'country unknown'))})",
            f"{ui.escape_markdown(text_or(row['kind'], '?'))} speech, "
            f"cue *{ui.escape_markdown(text_or(row['cue'], 'none'))}*",
            f"{ui.escape_markdown(text_or(row['outlet'], 'unknown outlet'))}, {day}",
            f"themes: {ui.escape_markdown(themes)}",
        ]
        st.markdown(" · ".join(parts))
        before, after = context_of(data, row)
        with st.container(border=True):
            if before:
                st.caption(ui.escape_markdown(before))
            st.markdown(ui.highlighted_sentence(row["sentence"], row["text"]))
            if after:
                st.caption(ui.escape_markdown(after))
        if isinstance(row["url"], str) and row["url"].startswith(("http://", "https://")):
            st.link_button("Open the article", row["url"], icon=":material/open_in_new:")
        if isinstance(row["title"], str) and row["title"]:
            st.caption("Article: " + ui.escape_markdown(row["title"]))
    ui.briefing_exports("Statements", [], shown.head(30), data, filters, df, key="statements_pack")
