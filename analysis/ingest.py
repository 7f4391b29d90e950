"""Load → extract → store: one ingest, used by the command line and the Data page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

import pandas as pd

from analysis import settings
from analysis import store as storage
from analysis.load import Article
from analysis.store import Store, articles_frame

Progress = Callable[[int, int | None], None]
Extract = Callable[..., tuple[pd.DataFrame, pd.DataFrame]]
Extracted = tuple[list[Article], pd.DataFrame, pd.DataFrame]


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
    # what was cut from articles that were kept (an article over its time budget)
    warnings: list[str] = field(default_factory=list)

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
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


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


def _batches(articles: Sequence[Article], size: int) -> Iterator[list[Article]]:
    for start in range(0, len(articles), size):
        yield list(articles[start : start + size])


def _in_process(
    batches: Iterable[list[Article]], extract: Extract, progress: Progress | None, total: int
) -> Iterator[Extracted]:
    """Each batch extracted here, in order, with per-article progress."""
    done = 0
    for batch in batches:
        before = done
        tick = (lambda n, b=before: progress(b + n, total)) if progress else None
        statements, mentions = extract(batch, progress=tick)
        done += len(batch)
        yield batch, statements, mentions


def ingest_articles(
    store: Store,
    articles: Iterable[Article],
    *,
    progress: Progress | None = None,
    extract: Extract | None = None,
    duplicates: int = 0,
    batch_size: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> IngestSummary:
    """Add articles in committed batches: new or changed ones parsed, unchanged ones skipped.

    Each batch is committed as soon as it is extracted, so an interrupted ingest keeps every
    finished batch and the same command resumes. `duplicates` counts articles the loader
    already folded; the store adds those it folds itself. `workers` > 1 or a `scheduler`
    address runs the extraction on a Dask cluster.
    """
    from analysis.extract.model import available_model

    summary = IngestSummary(duplicates=duplicates, model=available_model())
    version = storage.pipeline_version()
    articles = list(articles)
    known = store.committed([a.article_id for a in articles])  # not the whole table
    incoming = _sort_incoming(articles, known, version, summary)
    stale_ids = [i for i in store.committed(other_than=version) if i not in incoming]
    todo = [*incoming.values(), *store.stored_articles(stale_ids)]
    summary.added, summary.reparsed = len(incoming), len(todo) - len(incoming)
    batches = _batches(todo, batch_size or settings.INGEST_BATCH_SIZE)
    first = True
    for batch, statements, mentions in _extracted(
        batches, extract, progress, len(todo), (workers, scheduler), summary.warnings.append
    ):
        folded = summary.duplicates if first else 0
        store.commit_batch(articles_frame(batch), statements, mentions, version, duplicates=folded)
        summary.statements += len(statements)
        first = False
    summary.total_articles, summary.total_statements = store.counts()
    return summary


def _extracted(
    batches: Iterable[list[Article]],
    extract: Extract | None,
    progress: Progress | None,
    total: int,
    cluster: tuple[int, str | None],
    on_notice: Callable[[str], None],
) -> Iterator[Extracted]:
    """The batches with their tables: on a Dask cluster when asked (workers, scheduler), else
    in this process, where an article cut at its time budget is noted in `on_notice`."""
    workers, scheduler = cluster
    if extract is None and (workers > 1 or scheduler):
        from analysis.cluster import extract_on_cluster

        return extract_on_cluster(batches, progress, total, workers=workers, scheduler=scheduler)
    if extract is None:
        from analysis.pipeline import extract as pipeline_extract

        extract = partial(pipeline_extract, on_notice=on_notice)
    return _in_process(batches, extract, progress, total)
