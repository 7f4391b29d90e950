"""The extraction pipeline: articles → parsed Docs → statement records → validated tables."""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from analysis import settings
from analysis.extract.actors import ActorIndex, Speaker
from analysis.extract.actors.gazetteer import FACTORY as GAZETTEER
from analysis.extract.model import load_model, with_extraction_pipes
from analysis.extract.statements import extract_attributions, prepare_doc
from analysis.extract.theme_assign import ThemeAssigner, ThemeAssignment
from analysis.extract.theme_context import statement_context
from analysis.extract.theme_model import load_theme_model
from analysis.extract.themes import FACTORY as THEMES
from analysis.extract.themes import ThemeMatcher
from analysis.load import Article
from analysis.load.problems import shown
from analysis.schema import (
    MENTION_COLUMNS,
    STATEMENT_COLUMNS,
    MentionsTable,
    StatementsTable,
    empty_table,
)

if TYPE_CHECKING:  # the statements stage's own type, named here only for the annotation
    from analysis.extract.statements import Attribution

# One line about an article whose extraction was cut (its time budget ran out).
Notice = Callable[[str], None]
_now = time.monotonic  # the budget's clock (a test may set its own)
log = logging.getLogger("analysis.pipeline")


def _log_notice(notice: str) -> None:
    log.warning("%s", notice)


# Components the extraction never reads; disabled while parsing when the model has them.
UNUSED_PIPES = ("textcat", "textcat_multilabel", "entity_linker", "spancat", "trainable_lemmatizer")
BATCH_SIZE = 32


def actor_index(nlp: Language) -> ActorIndex:
    """The ActorIndex over the gazetteer component of `nlp` (added to it when missing)."""
    return ActorIndex.of(with_extraction_pipes(nlp).get_pipe(GAZETTEER))


def theme_matcher(nlp: Language) -> ThemeMatcher:
    """The theme matcher component of `nlp` (added to it when missing)."""
    return with_extraction_pipes(nlp).get_pipe(THEMES)


def theme_assigner(nlp: Language) -> ThemeAssigner:
    """Theme assignment with the matcher of `nlp` and the trained model (read once per folder;
    patterns alone when no model is installed)."""
    return ThemeAssigner(theme_matcher(nlp), load_theme_model())


def statement_id(article_id: str, start: int, end: int, content_start: int) -> str:
    """A stable id: the article and the statement's offsets in its text."""
    return f"{article_id}-{start}-{end}-{content_start}"


def published_date(value: str | None) -> date | None:
    """The day an article's `published` text names; None when it names none."""
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
    on_notice: Notice | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The statements and mentions tables of `articles`, validated by analysis.schema.

    `n_process` > 1 runs the whole extraction (parse, statements, actors, themes) in that many
    forked worker processes, chunk by chunk: worth it for hundreds of articles on idle cores,
    not inside a threaded server. Each article id is extracted once. An article whose
    statements take longer than settings.ARTICLE_SECONDS is cut there and `on_notice` (else
    the log) hears one line naming it.
    """
    nlp = with_extraction_pipes(nlp or load_model())
    if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
        return _extract_in_workers(articles, nlp, progress, n_process)
    parsed = parsed_articles(articles, nlp, progress)
    index, themes = actor_index(nlp), theme_assigner(nlp)
    return tables(statement_rows(parsed, index, themes, on_notice=on_notice or _log_notice))


def parsed_articles(
    articles: Iterable[Article], nlp: Language, progress: Callable[[int], None] | None = None
) -> Iterator[tuple[Doc, Article]]:
    """Each article parsed, paragraphs kept apart; an article id seen before is parsed but
    not yielded again. `progress` hears the count of articles parsed so far."""
    disabled = [name for name in UNUSED_PIPES if name in nlp.pipe_names]
    inputs = ((prepare_doc(nlp, _parseable(a.text, nlp.max_length)), a) for a in articles)
    docs = nlp.pipe(inputs, as_tuples=True, batch_size=BATCH_SIZE, disable=disabled)
    seen: set[str] = set()
    for done, (doc, article) in enumerate(docs, start=1):
        if article.article_id not in seen:
            seen.add(article.article_id)
            yield doc, article
        if progress is not None:
            progress(done)


@dataclass(frozen=True)
class StatementRows:
    """One statement: its row of the statements table and its rows of the mentions table."""

    statement: dict[str, Any]
    mentions: list[dict[str, Any]]


def statement_rows(
    parsed: Iterable[tuple[Doc, Article]],
    index: ActorIndex,
    themes: ThemeAssigner,
    *,
    on_notice: Notice | None = None,
) -> Iterator[StatementRows]:
    """The rows of every statement of the parsed articles, article by article; an article
    over its time budget is cut and reported, and the next one goes on."""
    for doc, article in parsed:
        budget = _Budget(article, settings.ARTICLE_SECONDS, on_notice or _log_notice)
        yield from _article_rows(doc, article, index, themes, budget)


class _Budget:
    """The time one article's statements may take: past it, the rest is cut (reported once)."""

    def __init__(self, article: Article, seconds: float, on_notice: Notice) -> None:
        self.article, self.seconds, self.on_notice = article, seconds, on_notice
        self.deadline = _now() + seconds

    def spent(self, kept: int, at_char: int) -> bool:
        """Whether the budget is spent; the first time, the notice names what was cut."""
        if _now() <= self.deadline:
            return False
        article = self.article
        named = f"article {article.title[:80]!r}" if article.title else "an article"
        self.on_notice(
            f"{shown(article.origin)}: {shown(named)}: extraction stopped at its "
            f"{self.seconds:g} s time budget after {kept} statement(s); statements from "
            f"character {at_char:,} on were not extracted"
        )
        self.deadline = float("inf")  # reported once; the caller stops
        return True


def _article_rows(
    doc: Doc, article: Article, index: ActorIndex, themes: ThemeAssigner, budget: _Budget
) -> Iterator[StatementRows]:
    """The rows of one parsed article's statements (a statement id only once), as many as
    its time budget allows."""
    attributions = []
    for attribution in extract_attributions(doc):
        if budget.spent(len(attributions), attribution.start):
            break
        attributions.append(attribution)
    if not attributions:
        return
    published = published_date(article.published)
    text = doc.text  # once: Doc.text rebuilds the string on every access
    speakers = index.resolve_speakers(doc, [a.speaker for a in attributions], published)
    ids: set[str] = set()
    for attribution, speaker in zip(attributions, speakers, strict=True):
        if budget.spent(len(ids), attribution.start):
            break
        sid = statement_id(
            article.article_id, attribution.start, attribution.end, attribution.content_start
        )
        if sid in ids:
            continue
        ids.add(sid)
        statement = _Statement(doc, text, article, published, attribution, speaker, sid)
        yield _rows(statement, index, themes)


@dataclass(frozen=True)
class _Statement:
    """One attribution of a parsed article with its resolved speaker and id."""

    doc: Doc
    text: str  # doc.text
    article: Article
    published: date | None
    attribution: Attribution
    speaker: Speaker
    statement_id: str


def _rows(statement: _Statement, index: ActorIndex, themes: ThemeAssigner) -> StatementRows:
    doc, attribution = statement.doc, statement.attribution
    sentence = doc.char_span(attribution.start, attribution.end, alignment_mode="expand")
    actors = index.actors_in(sentence) if sentence is not None else []
    # the content first, then its context; the speaker's own name is not what was said
    context = statement_context(
        doc,
        attribution.content_start,
        attribution.content_end,
        exclude=attribution.speaker,
        published=statement.published,
    )
    row = _statement_row(statement, actors, themes.assign(context))
    mentions = [_mention_row(statement, name, index) for name in actors]
    return StatementRows(row, mentions)


def _statement_row(
    statement: _Statement, actors: list[str], themes: ThemeAssignment
) -> dict[str, Any]:
    attribution, article, speaker = statement.attribution, statement.article, statement.speaker
    published = statement.published
    return {
        "statement_id": statement.statement_id,
        "article_id": article.article_id,
        "outlet": article.outlet,
        "published": pd.Timestamp(published) if published else None,
        "title": article.title,
        "url": article.url,
        "speaker": speaker.name,
        "speaker_mention": (
            attribution.speaker.text if attribution.speaker is not None else speaker.mention
        ),
        "speaker_country": speaker.country,
        "speaker_type": speaker.type,
        "kind": attribution.kind,
        "cue": attribution.cue,
        "text": attribution.content,
        "sentence": statement.text[attribution.start : attribution.end],
        "start": attribution.start,
        "end": attribution.end,
        "themes": themes.themes,
        "actors": actors,
        "speech_act": attribution.speech_act,
        "via": attribution.via,
        "theme_evidence": themes.evidence,
        "sample": bool(article.sample),
    }


def _mention_row(statement: _Statement, name: str, index: ActorIndex) -> dict[str, Any]:
    actor = index.actor(name)
    return {
        "statement_id": statement.statement_id,
        "article_id": statement.article.article_id,
        "actor": name,
        "actor_type": actor.type if actor else None,
        "actor_country": actor.country if actor else None,
    }


def tables(rows: Iterable[StatementRows]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The statements and mentions tables of the rows, validated by analysis.schema."""
    statement_rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    for row in rows:
        statement_rows.append(row.statement)
        mention_rows.extend(row.mentions)
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
    "speech_act",
    "via",
    "theme_evidence",
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
