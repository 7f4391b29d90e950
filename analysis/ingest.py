"""Load → extract → store: one ingest, used by the command line and the Data page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from analysis import store as storage
from analysis.load import Article
from analysis.schema import ArticlesTable
from analysis.store import Store, articles_frame

Progress = Callable[[int, int | None], None]
Extract = Callable[..., tuple[pd.DataFrame, pd.DataFrame]]


@dataclass
class IngestSummary:
    """What one ingest did: counts of articles and statements, and the problems met."""

    added: int = 0
    unchanged: int = 0
    reparsed: int = 0
    statements: int = 0
    duplicates: int = 0
    total_articles: int = 0
    total_statements: int = 0
    model: str = ""  # the spaCy model the new statements were extracted with
    problems: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        lines = [
            f"added {self.added} article(s), {self.unchanged} unchanged, "
            f"{self.reparsed} re-parsed (pipeline or reference data changed); "
            f"{self.statements} new statement(s); {self.duplicates} duplicate(s) folded",
            f"store: {self.total_articles} article(s), {self.total_statements} statement(s)",
        ]
        if self.model:
            lines.append(f"spaCy model: {self.model}")
        lines += [f"rejected {p}" for p in self.problems]
        return "\n".join(lines)


def _stored_article(record: dict) -> Article:
    """An Article rebuilt from its stored row (for re-parsing under a new pipeline version)."""
    published = record[ArticlesTable.published]
    record[ArticlesTable.published] = None if pd.isna(published) else published.strftime("%Y-%m-%d")
    return Article(**record)


def _sort_incoming(
    articles: Iterable[Article], known: dict[str, str], version: str, summary: IngestSummary
) -> dict[str, Article]:
    """The articles to parse: new or changed ones, each once; counts unchanged and duplicates."""
    incoming: dict[str, Article] = {}
    for article in articles:
        if known.get(article.article_id) == version:
            summary.unchanged += 1
        elif article.article_id in incoming:
            summary.duplicates += 1
        else:
            incoming[article.article_id] = article
    return incoming


def _stale(store: Store, known: dict[str, str], version: str, skip: set[str]) -> list[Article]:
    """Stored articles parsed by another pipeline version, to be parsed again."""
    stale_ids = [i for i, v in known.items() if v != version and i not in skip]
    if not stale_ids:
        return []
    stored = store.tables().articles
    rows = stored[stored[ArticlesTable.article_id].isin(stale_ids)]
    return [_stored_article(record) for record in rows.to_dict("records")]


def ingest_articles(
    store: Store,
    articles: Iterable[Article],
    *,
    progress: Progress | None = None,
    extract: Extract | None = None,
    duplicates: int = 0,
) -> IngestSummary:
    """Add articles: new or changed ones are parsed, unchanged ones are skipped.

    `duplicates` counts articles the loader already folded (the same body read twice);
    the store adds those it folds itself and keeps the running total for the data panel.
    """
    if extract is None:
        from analysis.pipeline import extract
    from analysis.extract.model import available_model

    summary = IngestSummary(duplicates=duplicates, model=available_model())
    version = storage.pipeline_version()
    manifest = store.manifest()
    known = manifest.get("articles", {})
    incoming = _sort_incoming(articles, known, version, summary)
    stale = _stale(store, known, version, set(incoming))
    summary.reparsed = len(stale)
    summary.added = len(incoming)
    incoming.update((a.article_id, a) for a in stale)
    current = store.tables()
    if incoming:
        total = len(incoming)
        statements, mentions = extract(
            incoming.values(),
            progress=(lambda done: progress(done, total)) if progress else None,
        )
        summary.statements = len(statements)
        current = store.replace_articles(
            articles_frame(incoming.values()),
            statements,
            mentions,
            version,
            duplicates_folded=manifest.get("duplicates_folded", 0) + summary.duplicates,
        )
    summary.total_articles = len(current.articles)
    summary.total_statements = len(current.statements)
    return summary
