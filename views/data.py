"""Data: upload files, add a URL or feed, ingest with progress, see what happened, download."""

import streamlit as st

import dashboard as ui
from dashboard import admin, ingesting, recovery

st.title("Data")
# A store that cannot be read leaves this page open: the notice says how to recover.
data = None if recovery.store_damage() else ui.load_data()
ui.url_problems_notice()
if data is None:
    recovery.damage_notice(link=False)
elif data.synthetic:
    st.info("The dashboard is showing synthetic tables (SYRIA_DASH_SYNTHETIC is set).")
sizes = (
    f"{data.n_articles:,} articles, {data.n_statements:,} statements · data as of "
    f"{data.data_date or 'unknown'} · "
    if data is not None
    else ""
)
st.caption(
    f"Store: {ui.escape_markdown(ui.store_root())} · {sizes}"
    f"spaCy model: {ui.escape_markdown(ui.model_name())}"
)

ingesting.ingest_controls()  # shown only to a visitor who may ingest

last = ingesting.last_ingest()
if last:
    st.subheader(f"Last ingest: {ui.escape_markdown(last['label'])}")
    summary = last["summary"]
    if summary is None:
        st.error("Nothing was ingested.")
    else:
        cols = st.columns(5)
        cols[0].metric("Articles added", summary.added)
        cols[1].metric("Unchanged (skipped)", summary.unchanged)
        cols[2].metric("Duplicates folded", summary.duplicates)
        cols[3].metric(
            "Re-parsed",
            summary.reparsed,
            help="Articles read again because the pipeline or the reference data changed.",
        )
        cols[4].metric(
            "Statements written",
            summary.statements,
            help="Statements extracted from the added and the re-parsed articles.",
        )
        st.caption(
            f"The store now holds {summary.total_articles:,} articles and "
            f"{summary.total_statements:,} statements."
        )
        ingesting.articles_read(last)
    if last["problems"]:
        # One notice line per rejected input: the file and the reason (escaped: a file name
        # is data, not markup).
        for problem in last["problems"]:
            if problem.startswith(ingesting.WARNING):
                kept = problem.removeprefix(ingesting.WARNING)
                st.info("Kept, with a warning: " + ui.escape_markdown(kept), icon=":material/info:")
            else:
                st.warning("Rejected " + ui.escape_markdown(problem), icon=":material/block:")

st.subheader("Download the tables")
if data is None:
    st.caption("Not while the store cannot be read.")
elif data.empty:
    st.caption("The store is empty.")
else:
    sizes = {"statements": data.n_statements, "articles": data.n_articles}
    for name in ("statements", "articles", "mentions"):
        rows = sizes.get(name, data.n_mentions)
        st.write(f"**{name}** — {rows:,} rows")
        ui.table_exports(
            lambda name=name: getattr(ui.full_tables(data), name),
            f"{name}-table",
            key=f"data_{name}_export",
        )

admin.admin_section()  # the audit log and store maintenance, for admins
