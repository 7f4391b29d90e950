"""One raw input → its articles, by format; any failure becomes one LoadProblem."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from analysis import settings
from analysis.load.article import Article
from analysis.load.feeds import feed_articles
from analysis.load.normalise import article_id
from analysis.load.plaintext import text_article
from analysis.load.problems import BadInput, LoadProblem, ProblemHandler, log, why
from analysis.load.records import csv_records, json_records, jsonl_records, record_articles
from analysis.load.sniff import decode, kind, ungzipped
from analysis.load.sources import Source


def parse_safely(
    source: Source, column_map: Mapping[str, str] | None, report: ProblemHandler
) -> Iterator[Article]:
    """Parse one input; any failure becomes one LoadProblem and the input is skipped. At most
    MAX_RECORDS_PER_FILE articles come from one input and none longer than MAX_ARTICLE_CHARS:
    what a limit cuts is reported."""
    origin = source.origin
    produced = 0
    limit = settings.MAX_RECORDS_PER_FILE
    try:
        for article in _parse(source, column_map, report):
            if produced == limit:
                reason = (
                    f"more than {limit:,} articles: the first {limit:,} kept, the rest not read"
                )
                report(LoadProblem(origin, reason, warning=True))
                break
            produced += 1
            yield within_length(article, report)
    except BadInput as exc:
        report(LoadProblem(origin, str(exc)))
        return
    except (RecursionError, MemoryError):
        report(LoadProblem(origin, "input too deeply nested or too large to parse"))
        return
    except Exception as exc:  # noqa: BLE001 - a loader never lets bad input escape
        log.debug("unexpected loader failure on %s", origin, exc_info=True)
        report(LoadProblem(origin, f"could not be read ({type(exc).__name__}: {why(exc)})"))
        return
    if produced == 0:
        report(LoadProblem(origin, "no article text found"))


def within_length(article: Article, report: ProblemHandler) -> Article:
    """The article, cut (at a paragraph or a space) to MAX_ARTICLE_CHARS characters when
    longer, the cut reported: extraction time grows with the text."""
    limit, length = settings.MAX_ARTICLE_CHARS, len(article.text)
    if length <= limit:
        return article
    text = article.text[:limit]
    cut = text.rfind("\n\n")
    if cut <= limit // 2:
        cut = text.rfind(" ")
    if cut > limit // 2:
        text = text[:cut].rstrip()
    named = f"article {article.title[:80]!r}" if article.title else "an article"
    reason = f"{named} cut to its first {len(text):,} of {length:,} characters (limit {limit:,})"
    report(LoadProblem(article.origin, reason, warning=True))
    return replace(article, text=text, article_id=article_id(text))


def _parse(
    source: Source, column_map: Mapping[str, str] | None, report: ProblemHandler
) -> Iterator[Article]:
    name, data = ungzipped(source.name, source.data)
    if not data.strip():
        raise BadInput("empty file")
    format_kind = kind(name, data)
    if format_kind == "binary":
        raise BadInput("binary file, not text")
    origin, meta = source.origin, source.meta
    text = decode(data, lambda reason: report(LoadProblem(origin, reason, warning=True)))
    if format_kind == "html":
        from analysis.load.html import html_articles  # trafilatura loads only for a page

        yield from html_articles(origin, text, meta)
    elif format_kind == "feed":
        yield from feed_articles(origin, data, text)
    elif format_kind in ("json", "jsonl", "csv"):
        records = _records(format_kind, text, origin, report)
        yield from record_articles(origin, records, column_map, meta, report)
    else:
        article = text_article(origin, text, meta, report)
        if article is not None:
            yield article


def _records(format_kind: str, text: str, origin: str, report: ProblemHandler) -> Iterator[dict]:
    if format_kind == "json":
        return json_records(text)
    if format_kind == "jsonl":
        return jsonl_records(text, origin, report)
    return csv_records(text, origin, report)
