"""PolNeAR gold: BRAT attribution files read into gold statements, and content-span matching."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analysis.evaluate.gold import Gold, GoldStatement
from analysis.load import Article, article_id
from analysis.text import find_quotes

Spans = Sequence[tuple[int, int]]


def is_polnear(folder: Path) -> bool:
    """True when `folder` holds BRAT attributions (`attributions/*.ann`) and `text/*.txt`."""
    return (folder / "attributions").is_dir() and (folder / "text").is_dir()


def overlap(a: Spans, b: Spans) -> int:
    """Characters two span lists share."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(spans: Spans) -> int:
    return sum(e - s for s, e in spans)


def spans_match(a: Spans, b: Spans) -> bool:
    """Content spans match when they share at least 30% of the shorter one."""
    shorter = min(_length(a), _length(b))
    return shorter > 0 and overlap(a, b) >= 0.3 * shorter


def _span_offsets(path: Path, number: int, offsets: str) -> list[tuple[int, int]]:
    """BRAT offsets "0 5;9 12" → [(0, 5), (9, 12)]."""
    ranges = []
    for piece in offsets.split(";"):
        bounds = piece.split()
        if len(bounds) != 2:
            raise ValueError(f"{path}:{number}: bad span offsets {offsets!r}")
        ranges.append((int(bounds[0]), int(bounds[1])))
    return ranges


def _read_ann(
    path: Path,
) -> tuple[dict[str, tuple[str, list[tuple[int, int]], str]], list[dict[str, str]]]:
    """A BRAT file's text-bound annotations (id → label, spans, text) and its events' roles."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if not parts or not parts[0]:
            continue
        if parts[0].startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            text = parts[2] if len(parts) > 2 else ""
            spans[parts[0]] = (label, _span_offsets(path, number, offsets), text)
        elif parts[0].startswith("E") and len(parts) >= 2:
            events.append(dict(r.split(":", 1) for r in parts[1].split() if ":" in r))
    return spans, events


def _parse_ann(path: Path) -> list[dict[str, Any]]:
    """BRAT standoff → attributions {source, cue, content: [(start, end)], content_text}."""
    spans, events = _read_ann(path)
    result = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        source = spans.get(roles.get("Source", ""))
        cue = spans.get(roles.get("Cue", ""))
        result.append(
            {
                "content": content[1],
                "content_text": content[2],
                "source": source[2] if source else None,
                "source_spans": source[1] if source else [],
                "cue": cue[2] if cue else None,
            }
        )
    return result


def _central_annotator(files: Sequence[Path]) -> Path:
    """Of several annotators' files, the one agreeing most with the others."""
    parsed = {f: _parse_ann(f) for f in files}

    def agreement(f: Path) -> int:
        return sum(
            any(spans_match(a["content"], b["content"]) for b in parsed[g])
            for g in files
            if g != f
            for a in parsed[f]
        )

    return max(sorted(files), key=agreement)


def _metadata(folder: Path) -> dict[str, dict[str, str]]:
    """metadata_subset.tsv rows by file name (publisher, title, publication_date)."""
    metadata: dict[str, dict[str, str]] = {}
    meta_file = folder / "metadata_subset.tsv"
    if meta_file.exists():
        lines = meta_file.read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t") if lines else []
        for line in lines[1:]:
            values = dict(zip(header, line.split("\t"), strict=False))
            if values.get("filename"):
                metadata[values["filename"]] = values
    return metadata


def _choose_annotation(stem: str, files: Sequence[Path], notes: list[str]) -> Path:
    """The one annotator's file, or the most central of several (said in the notes)."""
    chosen = files[0] if len(files) == 1 else _central_annotator(files)
    if len(files) > 1:
        notes.append(f"{stem}: {len(files)} annotators, used {chosen.stem.rsplit('_', 1)[1]}")
    return chosen


def _article(text_file: Path, text: str, meta: dict[str, str]) -> Article:
    key = article_id(text)
    return Article(
        article_id=key,
        origin=str(text_file),
        outlet=meta.get("publisher"),
        title=meta.get("title"),
        published=meta.get("publication_date") or None,
        url=None,
        language="en",
        text=text,
    )


def _gold_statements(key: str, text: str, annotation: Path) -> list[GoldStatement]:
    """The attributions of one annotation file as gold statements of its article's text."""
    quotes = [(q.inner_start, q.inner_end) for q in find_quotes(text)]
    return [
        GoldStatement(
            article=key,
            content=item["content_text"],
            speaker=_source_or_antecedent(text, item["source"], item["source_spans"]),
            kind=_kind_of_spans(text, item["content"], quotes),
            cue=item["cue"],
            spans=tuple(item["content"]),
        )
        for item in _parse_ann(annotation)
    ]


RELATIVE_PRONOUNS = {"who", "whom", "which", "that"}
_CLAUSE_BREAK = re.compile(r"[.;:!?,()\n\"“”]")


def _source_or_antecedent(text: str, source: str | None, spans: Spans) -> str | None:
    """The gold Source, or for a relative pronoun ("Bush, who said …") the noun phrase just
    before it (PolNeAR marks the pronoun; the speaker is its antecedent)."""
    if not source or source.strip().lower() not in RELATIVE_PRONOUNS or not spans:
        return source
    before = text[max(0, spans[0][0] - 160) : spans[0][0]].rstrip(" ,")
    phrase = _CLAUSE_BREAK.split(before)[-1].split()[-8:]
    return " ".join(phrase) or source


def read_polnear(folder: Path) -> Gold:
    """A PolNeAR folder (text/*.txt, attributions/*_ANNOTATOR.ann) as a gold set."""
    metadata = _metadata(folder)
    articles: dict[str, Article] = {}
    statements: list[GoldStatement] = []
    notes: list[str] = []
    for text_file in sorted((folder / "text").glob("*.txt")):
        stem = text_file.stem
        files = sorted((folder / "attributions").glob(f"{stem}_*.ann"))
        if not files:
            continue
        chosen = _choose_annotation(stem, files, notes)
        text = text_file.read_text(encoding="utf-8")
        article = _article(text_file, text, metadata.get(stem, {}))
        articles[article.article_id] = article
        statements.extend(_gold_statements(article.article_id, text, chosen))
    if not statements:
        raise ValueError(f"{folder}: no PolNeAR attributions found")
    notes.append("PolNeAR kinds are derived from quotation marks in the gold content")
    return Gold(articles, statements, "polnear", notes)


def _kind_of_spans(text: str, spans: Spans, quotes: Spans) -> str:
    """direct / mixed / reported from how many words of the content lie inside quotes."""
    words = [(s + m.start(), s + m.end()) for s, e in spans for m in re.finditer(r"\w+", text[s:e])]
    inside = sum(1 for w in words if overlap([w], quotes) > 0)
    if not words or inside == 0:
        return "reported"
    return "direct" if inside >= len(words) - 2 else "mixed"
