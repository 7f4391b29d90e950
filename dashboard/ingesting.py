"""The Data page's actions: read articles from an upload, a URL or the bundled sample, ingest
them with a progress bar, and keep a summary of what happened for the page to show."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import streamlit as st

from analysis.settings import PROJECT_DIR, SEEDS_DIR
from dashboard.data import store_root

SUMMARY_KEY = "_last_ingest"
BUNDLED = [PROJECT_DIR / "data" / "sample", SEEDS_DIR]
# collect(on_problem, on_duplicate) yields the articles it could read.
Collector = Callable[[Callable[[object], None], Callable[[object], None]], Iterable[object]]


def run_ingest(collect: Collector, label: str) -> None:
    """Read articles through `collect`, ingest them with a progress bar, keep a summary."""
    from analysis.ingest import ingest_articles
    from analysis.store import Store

    problems: list[str] = []
    duplicates: list[object] = []
    bar = st.progress(0.0, text=f"Reading {label}…")
    articles = list(collect(lambda p: problems.append(str(p)), duplicates.append))
    if not articles:
        bar.empty()
        st.session_state[SUMMARY_KEY] = {"label": label, "summary": None, "problems": problems}
        return

    def progress(done: int, total: int | None) -> None:
        share = min(done / total, 1.0) if total else 0.0
        bar.progress(share, text=f"Extracting statements: {done} of {total or '?'} articles")

    try:
        summary = ingest_articles(
            Store(store_root()), articles, progress=progress, duplicates=len(duplicates)
        )
    except Exception as error:  # noqa: BLE001 - shown to the analyst, never a traceback
        from analysis.store_health import one_line
        from dashboard.recovery import explained

        bar.empty()
        st.session_state[SUMMARY_KEY] = {
            "label": label,
            "summary": None,
            "problems": problems + [f"ingest failed: {explained(error) or one_line(error)}"],
        }
        return
    bar.progress(1.0, text="Done")
    st.session_state[SUMMARY_KEY] = {
        "label": label,
        "summary": summary,
        "problems": problems + list(summary.problems),
        "titles": [a.title or a.origin for a in articles][:200],  # type: ignore[attr-defined]
    }
    if summary.added or summary.reparsed:
        st.rerun()  # every count on the page (and the cached tables' version) is now stale


def last_ingest() -> dict | None:
    """The summary run_ingest kept, if any ingest ran in this session."""
    return st.session_state.get(SUMMARY_KEY)


def uploaded(files: Sequence[object]) -> Collector:
    """Collect the articles of uploaded files (st.file_uploader's)."""
    from analysis.load import load_upload

    def collect(on_problem: Callable, on_duplicate: Callable) -> Iterator[object]:
        for file in files:
            yield from load_upload(
                file.name,  # type: ignore[attr-defined]
                file.getvalue(),  # type: ignore[attr-defined]
                on_problem=on_problem,
                on_duplicate=on_duplicate,
            )

    return collect


def paths_or_urls(sources: Sequence[str]) -> Collector:
    """Collect the articles of files, folders, feeds or URLs."""
    from analysis.load import load_articles

    def collect(on_problem: Callable, on_duplicate: Callable) -> Iterable[object]:
        return load_articles(list(sources), on_problem=on_problem, on_duplicate=on_duplicate)

    return collect


def bundled_sample() -> Collector:
    """Collect the bundled sample corpus and the seed article (those present)."""
    return paths_or_urls([str(p) for p in BUNDLED if p.exists()])
