"""The entry points: paths and uploads → their articles, each once, bad input reported."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from analysis import settings
from analysis.load.article import Article
from analysis.load.parse import parse_safely
from analysis.load.problems import (
    LoadProblem,
    ProblemHandler,
    larger_than,
    log_problem,
    short,
    why,
)
from analysis.load.records import checked_map
from analysis.load.sources import Source, sources, without_credentials

DuplicateHandler = Callable[[Article], None]


def load_articles(
    paths: Iterable[str | Path],
    *,
    column_map: Mapping[str, str] | None = None,
    on_problem: ProblemHandler | None = None,
    on_duplicate: DuplicateHandler | None = None,
) -> Iterator[Article]:
    """Articles of files, folders, `-` (stdin) and http(s) URLs; each article once.

    Bad input never raises: it is reported to ``on_problem`` (or logged) and skipped. An
    article read again (same body) is folded into the first and passed to ``on_duplicate``.
    """
    report = on_problem or log_problem
    column_map = checked_map(column_map, report)
    if isinstance(paths, str | Path):
        paths = [paths]
    seen: set[str] = set()
    for path in paths:
        try:
            for source in sources(path, report):
                articles = parse_safely(source, column_map, report)
                yield from _unique(articles, seen, on_duplicate)
        except Exception as exc:  # noqa: BLE001 - e.g. a folder that vanishes while walked
            shown_path = short(without_credentials(str(path)))
            report(LoadProblem(shown_path, f"could not be read ({why(exc)})"))


def load_upload(
    name: str,
    data: bytes,
    *,
    on_problem: ProblemHandler | None = None,
    on_duplicate: DuplicateHandler | None = None,
) -> Iterator[Article]:
    """Articles of one uploaded file (browser upload): its name tells the format."""
    report = on_problem or log_problem
    name = Path(str(name)).name or "upload"
    if len(data) > settings.MAX_FILE_BYTES:
        report(LoadProblem(name, larger_than(settings.MAX_FILE_BYTES)))
        return
    articles = parse_safely(Source(name, name, data, {}), None, report)
    yield from _unique(articles, set(), on_duplicate)


def _unique(
    articles: Iterable[Article], seen: set[str], on_duplicate: DuplicateHandler | None
) -> Iterator[Article]:
    """The articles not seen before; a repeat goes to `on_duplicate` instead."""
    for article in articles:
        if article.article_id not in seen:
            seen.add(article.article_id)
            yield article
        elif on_duplicate is not None:
            on_duplicate(article)
