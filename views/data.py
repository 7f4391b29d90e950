"""Data: upload files, add a URL or feed, ingest with progress, see what happened, download."""

from pathlib import Path

import streamlit as st

import dashboard as ui
from analysis.settings import PROJECT_DIR

SUMMARY_KEY = "_last_ingest"
BUNDLED = [PROJECT_DIR / "data" / "sample", PROJECT_DIR / "seeds"]


def run_ingest(collect: object, label: str) -> None:
    """Read articles through `collect`, ingest them with a progress bar, keep a summary."""
    from analysis.ingest import ingest_articles
    from analysis.store import Store

    problems: list[str] = []
    duplicates: list[object] = []
    bar = st.progress(0.0, text=f"Reading {label}…")
    articles = list(collect(lambda p: problems.append(str(p)), duplicates.append))  # type: ignore[operator]
    if not articles:
        bar.empty()
        st.session_state[SUMMARY_KEY] = {"label": label, "summary": None, "problems": problems}
        return

    def progress(done: int, total: int | None) -> None:
        share = min(done / total, 1.0) if total else 0.0
        bar.progress(share, text=f"Extracting statements: {done} of {total or '?'} articles")

    try:
        summary = ingest_articles(
            Store(ui.store_root()), articles, progress=progress, duplicates=len(duplicates)
        )
    except Exception as error:  # noqa: BLE001 - shown to the analyst, never a traceback
        bar.empty()
        st.session_state[SUMMARY_KEY] = {
            "label": label,
            "summary": None,
            "problems": problems + [f"ingest failed: {error}"],
        }
        return
    bar.progress(1.0, text="Done")
    st.session_state[SUMMARY_KEY] = {
        "label": label,
        "summary": summary,
        "problems": problems + list(summary.problems),
        "titles": [a.title or a.origin for a in articles][:200],
    }
    if summary.added or summary.reparsed:
        st.rerun()  # every count on the page (and the cached tables' version) is now stale


st.title("Data")
data = ui.load_data()
ui.sidebar_filters(data, page="views/data.py")
if data.source.startswith("synthetic:"):
    st.info("The dashboard is showing synthetic tables (SYRIA_DASH_SYNTHETIC is set).")
st.caption(
    f"Store: {ui.store_root()} · {len(data.tables.articles):,} articles, "
    f"{len(data.tables.statements):,} statements · data as of {data.data_date or 'unknown'} · "
    f"spaCy model: {ui.model_name()}"
)

upload_tab, url_tab, sample_tab = st.tabs(["Upload files", "Add a URL or feed", "Bundled sample"])
with upload_tab:
    files = st.file_uploader(
        "Articles: .txt, .html, .json, .jsonl, .csv, .xml/.rss/.atom (a CSV maps columns by name)",
        accept_multiple_files=True,
        key="data_upload",
    )
    if st.button("Ingest the uploaded files", key="ingest_upload", disabled=not files):
        from analysis.load import load_upload

        def collect(on_problem, on_duplicate):  # noqa: ANN001, ANN202 - small local adapter
            for file in files:
                yield from load_upload(
                    file.name, file.getvalue(), on_problem=on_problem, on_duplicate=on_duplicate
                )

        run_ingest(collect, f"{len(files)} uploaded file(s)")
with url_tab:
    url = st.text_input("Article URL or RSS/Atom feed URL", key="data_url", placeholder="https://…")
    if st.button("Fetch and ingest", key="ingest_url", disabled=not url):
        from analysis.load import load_articles

        run_ingest(
            lambda on_problem, on_duplicate: load_articles(
                [url.strip()], on_problem=on_problem, on_duplicate=on_duplicate
            ),
            url.strip(),
        )
with sample_tab:
    st.write(
        "The bundled sample corpus (invented outlets, marked as sample data everywhere) and the "
        "seed article."
    )
    if st.button("Ingest the bundled sample", key="ingest_sample", type="primary"):
        from analysis.load import load_articles

        paths = [str(p) for p in BUNDLED if Path(p).exists()]
        run_ingest(
            lambda on_problem, on_duplicate: load_articles(
                paths, on_problem=on_problem, on_duplicate=on_duplicate
            ),
            "the bundled sample",
        )

last = st.session_state.get(SUMMARY_KEY)
if last:
    st.subheader(f"Last ingest: {last['label']}")
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
        if last.get("titles"):
            with st.expander(f"Articles read ({len(last['titles'])})"):
                st.text("\n".join(last["titles"]))
    if last["problems"]:
        # One notice line per rejected input: the file and the reason (escaped: a file name
        # is data, not markup).
        for problem in last["problems"]:
            st.warning("Rejected " + ui.escape_markdown(problem), icon=":material/block:")

st.subheader("Download the tables")
if data.empty:
    st.caption("The store is empty.")
else:
    for name in ("statements", "articles", "mentions"):
        table = getattr(data.tables, name)
        st.write(f"**{name}** — {len(table):,} rows")
        ui.table_exports(table, f"{name}-table", key=f"data_{name}_export")
