"""The Data page's actions: read articles from an upload, a URL or the bundled sample, ingest
them with a progress bar, keep a summary of what happened for the page to show, and record
each in the store's audit log. Only a visitor allowed to ingest (or fetch) sees the controls,
and run_ingest checks again."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import streamlit as st

from analysis import audit
from analysis.render.safe_text import escape_markdown
from analysis.settings import PROJECT_DIR, SEEDS_DIR
from dashboard import access
from dashboard.data import store_root

SUMMARY_KEY = "_last_ingest"
BUNDLED = [PROJECT_DIR / "data" / "sample", SEEDS_DIR]
# collect(on_problem, on_duplicate) yields the articles it could read.
Collector = Callable[[Callable[[object], None], Callable[[object], None]], Iterable[object]]
# The audit log's action for each way in → the right it needs.
PERMISSION = {"upload": "ingest", "ingest": "ingest", "fetch": "fetch"}


def ingest_controls() -> None:
    """The upload, URL and bundled-sample tabs, each for a visitor with its right."""
    tabs = [
        ("Upload files", _upload_tab, "ingest"),
        ("Add a URL or feed", _url_tab, "fetch"),
        ("Bundled sample", _sample_tab, "ingest"),
    ]
    allowed = [(title, draw) for title, draw, right in tabs if access.can(right)]
    if not allowed:
        st.caption("Your role can read and download; adding articles needs the editor role.")
        return
    for tab, (_, draw) in zip(st.tabs([title for title, _ in allowed]), allowed, strict=True):
        with tab:
            draw()


def _upload_tab() -> None:
    files = st.file_uploader(
        "Articles: .txt, .html, .json, .jsonl, .csv, .xml/.rss/.atom (a CSV maps columns by name)",
        accept_multiple_files=True,
        key="data_upload",
    )
    if st.button("Ingest the uploaded files", key="ingest_upload", disabled=not files):
        names = ", ".join(f.name for f in files)
        run_ingest(uploaded(files), f"{len(files)} uploaded file(s)", "upload", names)


def _url_tab() -> None:
    url = st.text_input("Article URL or RSS/Atom feed URL", key="data_url", placeholder="https://…")
    if st.button("Fetch and ingest", key="ingest_url", disabled=not url):
        address = url.strip()
        if address.lower().startswith(("http://", "https://")):
            run_ingest(paths_or_urls([address]), address, "fetch")
        else:  # a path typed here would read the server's own files
            message = f"{address[:200]}: not an http(s) address"
            _finish(address, "fetch", address, "refused", [], message=message)


def _sample_tab() -> None:
    st.write(
        "The bundled sample corpus (invented outlets, marked as sample data everywhere) and the "
        "seed article."
    )
    if st.button("Ingest the bundled sample", key="ingest_sample", type="primary"):
        run_ingest(bundled_sample(), "the bundled sample", "ingest")


WARNING = "warning: "  # a problem line of an input that was kept (LoadProblem.warning)


def noted(problem: object) -> str:
    """A load problem as the page's line: a kept input's warning marked as such."""
    return (WARNING if getattr(problem, "warning", False) else "") + str(problem)


def _finish(
    label: str,
    action: str,
    target: str,
    outcome: str,
    problems: Sequence[str],
    summary: object = None,
    message: str = "",
    titles: Sequence[str] = (),
    articles: Sequence[tuple[str, str]] = (),
) -> None:
    """Record the event in the audit log and keep its summary for the page; `message` is
    the one line an ingest that failed or was refused shows."""
    details: dict[str, object] = audit.ingest_details(summary, len(problems))  # type: ignore[arg-type]
    if message:
        details["error"] = message
    shown = [*problems, message] if message else list(problems)
    try:
        user = access.current_user().email
        audit.record(store_root(), user, action, target, outcome=outcome, **details)
    except OSError as error:
        shown.append(f"audit log {audit.log_path(store_root())}: {error.strerror or error}")
    st.session_state[SUMMARY_KEY] = {
        "label": label,
        "summary": summary,
        "problems": shown,
        "titles": list(titles),
        "articles": list(articles),  # (article id, title) of what this ingest read
        "found": _statements_found(articles),  # read once, not on every rerun of the page
    }


def run_ingest(collect: Collector, label: str, action: str, target: str | None = None) -> None:
    """Read articles through `collect`, ingest them with a progress bar, keep a summary and
    record the event (`action`: upload, fetch or ingest) in the audit log."""
    from analysis.ingest import ingest_articles
    from analysis.store import Store

    target = target or label
    if not access.can(PERMISSION[action]):  # the controls are hidden; refuse a forged event too
        _finish(label, action, target, "denied", [], message=f"{label}: not allowed for your role")
        return
    problems: list[str] = []
    duplicates: list[object] = []
    bar = st.progress(0.0, text=f"Reading {label}…")
    articles = list(collect(lambda p: problems.append(noted(p)), duplicates.append))
    if not articles:
        bar.empty()
        _finish(label, action, target, "nothing read", problems)
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
        message = f"ingest failed: {explained(error) or one_line(error)}"
        _finish(label, action, target, "failed", problems, message=message)
        return
    bar.progress(1.0, text="Done")
    titles = [a.title or a.origin for a in articles][:200]  # type: ignore[attr-defined]
    read = [(a.article_id, a.title or a.origin) for a in articles][:200]  # type: ignore[attr-defined]
    _finish(
        label,
        action,
        target,
        "ok",
        problems + summary.problems + [WARNING + w for w in summary.warnings],
        summary,
        titles=titles,
        articles=read,
    )
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


def _statements_found(articles: Sequence[tuple[str, str]]) -> object:
    """The statements the store holds for the articles an ingest read."""
    if not articles:
        return None
    from analysis.query.articles import statements_of
    from analysis.store import Store

    return statements_of(Store(store_root()), [article_id for article_id, _ in articles])


def articles_read(last: dict) -> None:
    """Each article the last ingest read, with the statements found in it (speaker, kind,
    what was said); the ones without any say so."""
    read = last.get("articles") or []
    found = last.get("found")
    if not read or found is None:
        return
    by_article = {k: g for k, g in found.groupby("article_id", sort=False)}
    empty = sum(1 for article_id, _ in read if article_id not in by_article)
    st.markdown(
        f"**Articles read: {len(read):,}**"
        + (f" · {empty:,} without any statement" if empty else "")
    )
    for article_id, title in read:
        rows = by_article.get(article_id)
        n = 0 if rows is None else len(rows)
        with st.expander(f"{escape_markdown(title)} · {n:,} statement{'' if n == 1 else 's'}"):
            if rows is None:
                st.caption("No statement was found in this article.")
                continue
            shown = rows.assign(speaker=rows["speaker"].fillna(rows["speaker_mention"]))
            st.dataframe(
                shown[["speaker", "speaker_country", "kind", "speech_act", "text"]],
                hide_index=True,
                column_config={"text": st.column_config.TextColumn("what was said", width="large")},
            )
