"""One raw input → its articles, by format; any failure becomes one LoadProblem."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from analysis.load.article import Article
from analysis.load.feeds import feed_articles
from analysis.load.plaintext import text_article
from analysis.load.problems import BadInput, LoadProblem, ProblemHandler, log, why
from analysis.load.records import csv_records, json_records, jsonl_records, record_articles
from analysis.load.sniff import decode, kind, ungzipped
from analysis.load.sources import Source


def parse_safely(
    source: Source, column_map: Mapping[str, str] | None, report: ProblemHandler
) -> Iterator[Article]:
    """Parse one input; any failure becomes one LoadProblem and the input is skipped."""
    origin = source.origin
    produced = 0
    try:
        for article in _parse(source, column_map, report):
            produced += 1
            yield article
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


def _parse(
    source: Source, column_map: Mapping[str, str] | None, report: ProblemHandler
) -> Iterator[Article]:
    name, data = ungzipped(source.name, source.data)
    if not data.strip():
        raise BadInput("empty file")
    format_kind = kind(name, data)
    if format_kind == "binary":
        raise BadInput("binary file, not text")
    text = decode(data)
    origin, meta = source.origin, source.meta
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
    return csv_records(text)
