"""The team's labelled references (data/training/*.jsonl) as gold: one split's statements with
their articles' text, predictions matched to them by content-offset overlap."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.evaluate.gold import Gold, GoldStatement
from analysis.evaluate.polnear import overlap, spans_match
from analysis.evaluate.report import EvaluationReport
from analysis.evaluate.score import (
    _by_article,
    _content_spans,
    _match,
    _report,
    _Tally,
    _ThemeTally,
    cue_ok,
    speaker_ok,
)
from analysis.load import Article
from analysis.settings import CORPORA_DIR
from analysis.training import read_references, resolve

NAME = "training"


def is_training_references(folder: Path) -> bool:
    """True when `folder` holds reference files (*.jsonl lines with source, unit and check)."""
    if not folder.is_dir():
        return False
    for path in sorted(folder.glob("*.jsonl")):
        if path.name.endswith(".gold.jsonl"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                return isinstance(record, dict) and {"source", "unit", "check"} <= set(record)
    return False


def read_training_gold(folder: Path, split: str = "dev", corpora: Path = CORPORA_DIR) -> Gold:
    """The references of one split as gold statements over their articles."""
    references = [r for r in read_references(folder) if r.split == split]
    articles: dict[str, Article] = {}
    statements = []
    for labelled in resolve(references, corpora):
        ref = labelled.reference
        key = f"{ref.source}-{ref.unit}"
        if key not in articles:
            articles[key] = Article(
                article_id=key,
                origin=f"{ref.source}:{ref.unit}",
                outlet=None,
                title=None,
                published=None,
                url=None,
                language="en",
                text=labelled.article_text,
            )
        statements.append(
            GoldStatement(
                article=key,
                content=labelled.content,
                speaker=ref.labels.get("speaker"),
                themes=ref.themes,
                spans=((ref.start, ref.end),),
                speech_act=ref.labels.get("speech_act"),
                speaker_labelled="speaker" in ref.labels,
            )
        )
    notes = [f"{len(statements)} {split}-split references from {folder}"]
    return Gold(articles, statements, NAME, notes)


def score_training(data: Gold, statements: pd.DataFrame, canonical: Any = None) -> EvaluationReport:
    """A prediction matches a labelled statement when their content spans overlap (30% of the
    shorter); speakers, cues and themes are compared on the matched pairs."""
    rows = list(statements.itertuples(index=False))
    by_article = _by_article(rows)
    spans = [
        _content_spans(data.articles[r.article_id].text, r.text, int(r.start), int(r.end))
        for r in rows
    ]

    def overlapping(gold: GoldStatement) -> list[int]:
        return [i for i in by_article.get(gold.article, []) if spans_match(gold.spans, spans[i])]

    def most_overlap(gold: GoldStatement, hits: list[int]) -> int:
        return max(hits, key=lambda i: overlap(gold.spans, spans[i]))

    matches = _match(data.statements, overlapping, most_overlap)
    tally, themes = _Tally(), _ThemeTally()
    for g_index, best in matches.best.items():
        gold, row = data.statements[g_index], rows[best]
        tally.add(
            gold,
            row,
            speaker_ok(gold.speaker, row.speaker, row.speaker_mention, canonical),
            cue_ok(gold.cue, row.cue) if gold.cue else None,
        )
        if gold.themes is not None:
            themes.add(gold.themes, row.themes)
    return _report(data, statements, matches, tally, themes)
