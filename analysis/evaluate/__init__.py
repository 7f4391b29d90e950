"""Evaluation: statements, speakers, kinds, cues and themes against gold annotations."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from analysis.evaluate.gold import Gold, GoldStatement, read_jsonl_gold
from analysis.evaluate.polnear import is_polnear, read_polnear
from analysis.evaluate.report import EvaluationReport
from analysis.evaluate.score import score_jsonl, score_polnear
from analysis.evaluate.training_gold import (
    is_training_references,
    read_training_gold,
    score_training,
)
from analysis.extract.model import load_model

__all__ = ["EvaluationReport", "Gold", "GoldStatement", "evaluate", "is_polnear"]


def read_gold(gold: Path, corpus: Path | None = None, split: str | None = None) -> Gold:
    """A PolNeAR folder, a folder of training references (their `split`, default dev), or a
    gold JSONL file or folder (origins looked up under `corpus` too; every article, or those of
    one split)."""
    if gold.is_dir() and is_polnear(gold):
        return read_polnear(gold)
    if is_training_references(gold):
        return read_training_gold(gold, split or "dev")
    return read_jsonl_gold(gold, corpus, split)


def evaluate(
    gold: Path, *, corpus: Path | None = None, nlp: Language | None = None, split: str | None = None
) -> EvaluationReport:
    """Score the extraction against a gold JSONL file or folder, or a PolNeAR folder."""
    from analysis.pipeline import actor_index, extract

    gold = Path(gold)
    if not gold.exists():
        raise ValueError(f"{gold}: no such gold file or folder")
    data = read_gold(gold, corpus, split)
    nlp = nlp or load_model()
    statements, _ = extract(data.articles.values(), nlp=nlp)
    if data.name == "polnear":
        return score_polnear(data, statements, nlp)
    if data.name == "training":
        return score_training(data, statements, actor_index(nlp).actor)
    return score_jsonl(data, statements, actor_index(nlp).actor)
