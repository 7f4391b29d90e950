"""Gold statements: the GoldStatement record and reading *.gold.jsonl files with their articles."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.load import Article, load_articles
from analysis.settings import PROJECT_DIR
from analysis.text import fold
from analysis.training import split_of


@dataclass(frozen=True)
class GoldStatement:
    """One gold statement: the article it belongs to and what should be extracted."""

    article: str  # key of the article in the evaluation
    content: str
    speaker: str | None = None
    kind: str | None = None
    cue: str | None = None
    themes: tuple[str, ...] | None = None  # None: the gold does not annotate themes
    spans: tuple[tuple[int, int], ...] = ()  # PolNeAR: char spans of the content
    speech_act: str | None = None  # None: the gold does not label the speech act
    speaker_labelled: bool = True  # False: the gold says nothing of the speaker (not scored)


@dataclass
class Gold:
    """A gold set: the articles to extract from, their gold statements, and reading notes."""

    articles: dict[str, Article]
    statements: list[GoldStatement]
    name: str  # "jsonl" or "polnear"
    notes: list[str] = field(default_factory=list)


def read_jsonl_gold(gold: Path, corpus: Path | None, split: str | None = None) -> Gold:
    """A *.gold.jsonl file, or every one under a folder, with the articles their origins name;
    with `split`, only the articles of that split (by file name, as `make train` splits them)."""
    rows = _gold_rows(_gold_files(gold))
    if split is not None:
        rows = [r for r in rows if split_of(Path(str(r[2]["origin"])).name) == split]
    articles: dict[str, Article] = {}
    loaded: dict[str, list[Article]] = {}
    statements: list[GoldStatement] = []
    notes: list[str] = []
    for file, number, row in rows:
        origin = str(row["origin"])
        if origin not in loaded:
            path = _locate(origin, file, corpus)
            loaded[origin] = list(load_articles([path])) if path is not None else []
            if path is None:
                notes.append(f"{file}:{number}: article {origin} not found; its statements count")
        key = _article_key(origin, row.get("title"), loaded[origin], articles)
        statements.append(_gold_statement(key, row))
    return Gold(articles, statements, "jsonl", notes)


def _gold_files(gold: Path) -> list[Path]:
    files = sorted(gold.rglob("*.gold.jsonl")) if gold.is_dir() else [gold]
    if not files:
        raise ValueError(f"{gold}: no *.gold.jsonl files")
    return files


def _gold_rows(files: Sequence[Path]) -> list[tuple[Path, int, dict]]:
    """(file, line number, row) of every non-blank line; a malformed line raises ValueError."""
    rows: list[tuple[Path, int, dict]] = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rows.append((file, number, _gold_row(file, number, line)))
    return rows


def _gold_row(file: Path, number: int, line: str) -> dict:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{file}:{number}: not JSON ({exc.msg})") from exc
    if not isinstance(row, dict) or not row.get("origin") or not row.get("content"):
        raise ValueError(f"{file}:{number}: a gold statement needs origin and content")
    return row


def _article_key(
    origin: str, title: str | None, candidates: Sequence[Article], articles: dict[str, Article]
) -> str:
    """The key a gold row's statements go under; a found article is added to `articles`."""
    article = _pick_article(candidates, title)
    if article is None:
        return f"{origin}#{title or ''}"
    articles[article.article_id] = article
    return article.article_id


def _gold_statement(key: str, row: dict[str, Any]) -> GoldStatement:
    themes = row.get("themes")
    return GoldStatement(
        article=key,
        content=str(row["content"]),
        speaker=row.get("speaker"),
        kind=row.get("kind"),
        cue=row.get("cue"),
        themes=tuple(themes) if isinstance(themes, list) else None,
        speech_act=row.get("speech_act"),
    )


def _locate(origin: str, gold_file: Path, corpus: Path | None) -> Path | None:
    """The article file an origin names: absolute, or under the corpus, project or gold folder."""
    path = Path(origin)
    candidates = [path] if path.is_absolute() else []
    if not path.is_absolute():
        if corpus is not None:
            candidates += [corpus / path, corpus / path.name]
        candidates += [PROJECT_DIR / path, gold_file.parent / path, gold_file.parent / path.name]
    return next((c for c in candidates if c.exists()), None)


def _pick_article(candidates: Sequence[Article], title: str | None) -> Article | None:
    """The one article of a file, or of several the one whose title matches."""
    if len(candidates) == 1:
        return candidates[0]
    if title:
        wanted = fold(title)
        for article in candidates:
            if article.title and fold(article.title) == wanted:
                return article
    return None
