"""The extraction pipeline: articles → parsed Docs → statements and actor mentions tables."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from analysis.extract.actors import ActorIndex, Speaker
from analysis.extract.model import load_model
from analysis.extract.statements import Attribution, extract_attributions, prepare_doc
from analysis.extract.themes import ThemeMatcher
from analysis.load import Article
from analysis.schema import (
    MENTION_COLUMNS,
    STATEMENT_COLUMNS,
    MentionsTable,
    StatementsTable,
    empty_table,
)

# Components the extraction never reads; disabled while parsing when the model has them.
UNUSED_PIPES = ("textcat", "textcat_multilabel", "entity_linker", "spancat", "trainable_lemmatizer")
BATCH_SIZE = 32


@dataclass(frozen=True)
class Extractor:
    """A model with the gazetteer and theme matchers compiled for its vocabulary."""

    nlp: Language
    index: ActorIndex
    themes: ThemeMatcher


@lru_cache(maxsize=4)
def extractor(nlp: Language) -> Extractor:
    """The matchers for `nlp`, compiled once per model (the cache holds the model itself)."""
    return Extractor(nlp, ActorIndex.from_reference(nlp), ThemeMatcher(nlp))


def actor_index(nlp: Language) -> ActorIndex:
    """The ActorIndex the pipeline uses with `nlp` (built once per model)."""
    return extractor(nlp).index


def statement_id(article_id: str, start: int, end: int, content_start: int) -> str:
    """A stable id: the article and the statement's offsets in its text."""
    return f"{article_id}-{start}-{end}-{content_start}"


def _published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def extract(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    progress: Callable[[int], None] | None = None,
    n_process: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The statements and mentions tables of `articles`, validated by analysis.schema.

    `n_process` > 1 runs the whole extraction (parse, statements, actors, themes) in that many
    forked worker processes, chunk by chunk: worth it for hundreds of articles on idle cores,
    not inside a threaded server. Each article id is extracted once.
    """
    nlp = nlp or load_model()
    if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
        return _extract_in_workers(articles, nlp, progress, n_process)
    return _tables(_records(articles, extractor(nlp), progress))


def _records(
    articles: Iterable[Article], ex: Extractor, progress: Callable[[int], None] | None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """("statement" | "mention", row) records of the articles, parsed in batches."""
    nlp = ex.nlp
    seen: set[str] = set()
    disabled = [name for name in UNUSED_PIPES if name in nlp.pipe_names]
    inputs = ((prepare_doc(nlp, _parseable(a.text, nlp.max_length)), a) for a in articles)
    with nlp.select_pipes(disable=disabled):
        docs = nlp.pipe(inputs, as_tuples=True, batch_size=BATCH_SIZE)
        for done, (doc, article) in enumerate(docs, start=1):
            if article.article_id not in seen:
                seen.add(article.article_id)
                yield from _article_records(doc, article, ex)
            if progress is not None:
                progress(done)


# The model a forked worker inherits from its parent (set just before the pool starts).
_WORKER_NLP: Language | None = None
CHUNK_SIZE = 48


def _extract_chunk(chunk: list[Article]) -> tuple[pd.DataFrame, pd.DataFrame]:
    return extract(chunk, nlp=_WORKER_NLP)


def _extract_in_workers(
    articles: Iterable[Article],
    nlp: Language,
    progress: Callable[[int], None] | None,
    n_process: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    global _WORKER_NLP
    unique = list({a.article_id: a for a in articles}.values())
    chunks = [unique[i : i + CHUNK_SIZE] for i in range(0, len(unique), CHUNK_SIZE)]
    _WORKER_NLP = nlp
    parts: list[tuple[pd.DataFrame, pd.DataFrame]] = []
    done = 0
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=n_process, mp_context=context) as pool:
        for chunk, tables in zip(chunks, pool.map(_extract_chunk, chunks), strict=True):
            parts.append(tables)
            done += len(chunk)
            if progress is not None:
                progress(done)
    _WORKER_NLP = None
    rows = [p[0] for p in parts if len(p[0])]
    mentions = [p[1] for p in parts if len(p[1])]
    statements = StatementsTable.validate(pd.concat(rows, ignore_index=True)) if rows else None
    return (
        statements if statements is not None else empty_table(StatementsTable),
        MentionsTable.validate(pd.concat(mentions, ignore_index=True))
        if mentions
        else empty_table(MentionsTable),
    )


def _parseable(text: str, limit: int) -> str:
    """The text, or its head up to spaCy's length limit (cut at a paragraph when possible);
    offsets into the head stay offsets into the article."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def _article_records(
    doc: Doc, article: Article, ex: Extractor
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The statement and mention records of one parsed article."""
    attributions = list(extract_attributions(doc))
    if not attributions:
        return
    published = _published(article.published)
    speakers = ex.index.resolve_speakers(doc, [a.speaker for a in attributions], published)
    ids: set[str] = set()
    for attribution, speaker in zip(attributions, speakers, strict=True):
        sid = statement_id(
            article.article_id, attribution.start, attribution.end, attribution.content_start
        )
        if sid in ids:
            continue
        ids.add(sid)
        sentence = doc.char_span(attribution.start, attribution.end, alignment_mode="expand")
        actors = ex.index.actors_in(sentence) if sentence is not None else []
        themes = (  # the speaker's own name ("UN envoy de Mistura said") is not what was said
            ex.themes.themes_in(sentence, exclude=attribution.speaker)
            if sentence is not None
            else []
        )
        row = _statement_record(doc, article, published, attribution, speaker)
        yield "statement", row | {"statement_id": sid, "themes": themes, "actors": actors}
        for name in actors:
            yield "mention", _mention_record(ex.index, sid, article.article_id, name)


def _statement_record(
    doc: Doc,
    article: Article,
    published: date | None,
    attribution: Attribution,
    speaker: Speaker,
) -> dict[str, Any]:
    """A statement row without its id, themes and actors."""
    mention = attribution.speaker.text if attribution.speaker is not None else speaker.mention
    return {
        "article_id": article.article_id,
        "outlet": article.outlet,
        "published": pd.Timestamp(published) if published else None,
        "title": article.title,
        "url": article.url,
        "speaker": speaker.name,
        "speaker_mention": mention,
        "speaker_country": speaker.country,
        "speaker_type": speaker.type,
        "kind": attribution.kind,
        "cue": attribution.cue,
        "text": attribution.content,
        "sentence": doc.text[attribution.start : attribution.end],
        "start": attribution.start,
        "end": attribution.end,
        "sample": bool(article.sample),
    }


def _mention_record(index: ActorIndex, sid: str, article_id: str, name: str) -> dict[str, Any]:
    actor = index.actor(name)
    return {
        "statement_id": sid,
        "article_id": article_id,
        "actor": name,
        "actor_type": actor.type if actor else None,
        "actor_country": actor.country if actor else None,
    }


def _tables(records: Iterable[tuple[str, dict[str, Any]]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The records as the validated statements and mentions tables."""
    statement_rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    for kind, row in records:
        (statement_rows if kind == "statement" else mention_rows).append(row)
    if statement_rows:
        frame = pd.DataFrame(statement_rows, columns=STATEMENT_COLUMNS)
        frame["published"] = pd.to_datetime(frame["published"])
        statements = StatementsTable.validate(frame)
    else:
        statements = empty_table(StatementsTable)
    if mention_rows:
        mentions = MentionsTable.validate(pd.DataFrame(mention_rows, columns=MENTION_COLUMNS))
    else:
        mentions = empty_table(MentionsTable)
    return statements, mentions


# DESIGN.md section 3: the statement record's fields, in order.
RECORD_FIELDS = (
    "statement_id",
    "article_id",
    "outlet",
    "published",
    "title",
    "url",
    "speaker",
    "speaker_mention",
    "speaker_country",
    "speaker_type",
    "kind",
    "cue",
    "text",
    "sentence",
    "start",
    "end",
    "themes",
    "actors",
)


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.strftime("%Y-%m-%d")
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        return [str(v) for v in (value.tolist() if hasattr(value, "tolist") else value)]
    if isinstance(value, float) and pd.isna(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def statement_records(statements: pd.DataFrame) -> Iterator[dict]:
    """The statements as jsonl-ready dicts, fields in DESIGN.md order (published YYYY-MM-DD)."""
    columns = [c for c in RECORD_FIELDS if c in statements.columns]
    for row in statements[columns].itertuples(index=False, name=None):
        record = {}
        for name, value in zip(columns, row, strict=True):
            if name == "published":
                record[name] = (
                    None
                    if value is None or pd.isna(value)
                    else pd.Timestamp(value).strftime("%Y-%m-%d")
                )
            else:
                record[name] = _plain(value)
        yield record
