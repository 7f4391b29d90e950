"""Scoring: predictions matched to gold statements, agreement on speaker/kind/cue/themes, report."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd
from spacy.language import Language

from analysis.evaluate.breakdown import ActTally, MentionTally, ThemeConfusion
from analysis.evaluate.gold import Gold, GoldStatement
from analysis.evaluate.mentions import MentionWords, mention_type
from analysis.evaluate.polnear import overlap, spans_match
from analysis.evaluate.report import EvaluationReport
from analysis.extract.model import load_model
from analysis.schema import KINDS
from analysis.text import fold

EXAMPLES = 10  # missed and extra statements listed by to_text()


def metrics(found: int, gold: int, predicted_ok: int, predicted: int) -> dict[str, float]:
    """Precision, recall and F1, rounded to four places."""
    precision = predicted_ok / predicted if predicted else 0.0
    recall = found / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


# -- agreement rules on one matched pair -------------------------------------------------------
def speaker_ok(gold: str | None, name: Any, mention: Any, canonical: Any = None) -> bool:
    """The gold speaker, or the gazetteer's canonical name of it, is the predicted one."""
    if gold is None:
        return not isinstance(name, str)
    if canonical is not None:
        actor = canonical(gold)
        if actor is not None and isinstance(name, str) and actor.name == name:
            return True
    wanted = fold(gold)
    return any(isinstance(value, str) and fold(value) == wanted for value in (name, mention))


def speaker_loose(gold: str | None, name: Any, mention: Any) -> bool:
    """PolNeAR: the gold Source is a mention; compare it with the mention and the name."""
    if not gold:
        return True
    wanted = fold(gold)
    words = set(re.findall(r"\w+", wanted))
    if isinstance(mention, str) and mention:
        got = fold(mention)
        if got == wanted or (len(got) > 3 and got in wanted) or (len(wanted) > 3 and wanted in got):
            return True
    if isinstance(name, str) and name:
        surname = re.findall(r"\w+", fold(name))
        if surname and surname[-1] in words:
            return True
    return False


def cue_ok(gold: str | None, predicted: Any, nlp: Language | None = None) -> bool:
    """The predicted cue is the gold one, or (with a model) the lemma of one of its words."""
    if not gold:
        return True
    if not isinstance(predicted, str):
        return False
    if fold(gold) == fold(predicted):
        return True
    if nlp is None:
        return False
    lemmas = {fold(t.lemma_) for t in nlp(gold)}
    return fold(predicted).split()[0] in lemmas


def _theme_counts(gold: Iterable[str], predicted: Iterable[str]) -> tuple[int, int, int]:
    g, p = set(gold), set(predicted)
    return len(g & p), len(p), len(g)


# -- tallies over the matched pairs ------------------------------------------------------------
@cache
def reference_mention_words() -> MentionWords:
    """The mention-type words of the project's reference data (read once)."""
    return MentionWords.from_reference()


@dataclass
class _Tally:
    """Agreement on the matched statements (speaker, kind, cue, speech act), for either gold
    format, with speaker accuracy per type of the extracted mention."""

    speaker_hits: int = 0
    speaker_total: int = 0
    kind_hits: int = 0
    kind_total: int = 0
    cue_hits: int = 0
    cue_total: int = 0
    speaker_errors: list[dict[str, Any]] = field(default_factory=list)
    mentions: MentionTally = field(default_factory=MentionTally)
    acts: ActTally = field(default_factory=ActTally)
    words: MentionWords = field(default_factory=reference_mention_words)

    def add(self, gold: GoldStatement, row: Any, speaker_ok: bool, cue_ok: bool | None) -> None:
        """Count one matched pair; `cue_ok` is None when the gold gives no cue."""
        if gold.speaker_labelled:
            self._add_speaker(gold, row, speaker_ok)
        if gold.kind in KINDS:
            self.kind_total += 1
            self.kind_hits += gold.kind == row.kind
        if cue_ok is not None:
            self.cue_total += 1
            self.cue_hits += cue_ok
        self.acts.add(gold.speech_act, getattr(row, "speech_act", None))

    def _add_speaker(self, gold: GoldStatement, row: Any, speaker_ok: bool) -> None:
        self.speaker_total += 1
        if speaker_ok:
            self.speaker_hits += 1
        else:
            self.speaker_errors.append(
                {
                    "content": gold.content[:80],
                    "gold": gold.speaker,
                    "predicted": _text_or_none(row.speaker),
                    "mention": _text_or_none(row.speaker_mention),
                }
            )
        kind = mention_type(
            row.speaker_mention, row.speaker, getattr(row, "speaker_type", None), self.words
        )
        self.mentions.add(kind, speaker_ok)

    def accuracies(self) -> dict[str, float | None]:
        """Speaker, kind and cue accuracy over the matches whose gold gives them."""
        return {
            "speaker_accuracy": round(self.speaker_hits / self.speaker_total, 4)
            if self.speaker_total
            else None,
            "kind_accuracy": round(self.kind_hits / self.kind_total, 4)
            if self.kind_total
            else None,
            "cue_accuracy": round(self.cue_hits / self.cue_total, 4) if self.cue_total else None,
        }


def _zero_counts() -> list[int]:
    return [0, 0, 0]  # hit, predicted, gold


@dataclass
class _ThemeTally:
    """Theme agreement on the matched statements: micro totals and (hit, predicted, gold) per
    theme. Stays unannotated when the gold gives no themes (PolNeAR, theme-less JSONL)."""

    annotated: bool = False
    totals: list[tuple[int, int, int]] = field(default_factory=list)
    per_theme: defaultdict[str, list[int]] = field(
        default_factory=lambda: defaultdict(_zero_counts)
    )
    confusion: ThemeConfusion = field(default_factory=ThemeConfusion)

    def add(self, gold: Sequence[str], predicted: Any) -> None:
        """Count one matched pair's gold and predicted themes."""
        self.annotated = True
        self.totals.append(_theme_counts(gold, list(predicted)))
        self.confusion.add(gold, predicted)
        for theme in set(gold) | set(predicted):
            counts = self.per_theme[theme]
            counts[0] += theme in gold and theme in predicted
            counts[1] += theme in predicted
            counts[2] += theme in gold

    def micro(self) -> dict[str, float] | None:
        """Micro precision/recall/F1 over every matched pair; None when not annotated."""
        if not self.annotated:
            return None
        hit = sum(c[0] for c in self.totals)
        pred = sum(c[1] for c in self.totals)
        gold = sum(c[2] for c in self.totals)
        return metrics(hit, gold, hit, pred)

    def by_theme(self) -> dict[str, dict[str, float | int]]:
        """Gold and predicted counts and scores per theme id, in id order."""
        return {
            theme: {"gold": c[2], "predicted": c[1], **metrics(c[0], c[2], c[0], c[1])}
            for theme, c in sorted(self.per_theme.items())
        }


# -- matching and the report -------------------------------------------------------------------
@dataclass
class _Matches:
    """The prediction each matched gold statement took (gold order), and every prediction that
    matched some gold statement."""

    best: dict[int, int] = field(default_factory=dict)
    predicted_ok: set[int] = field(default_factory=set)


def _match(
    gold: Sequence[GoldStatement],
    hits_of: Callable[[GoldStatement], list[int]],
    best_of: Callable[[GoldStatement, list[int]], int],
) -> _Matches:
    """Match each gold statement to its best hit; every hit counts as a correct prediction."""
    matches = _Matches()
    for g_index, statement in enumerate(gold):
        hits = hits_of(statement)
        if hits:
            matches.predicted_ok.update(hits)
            matches.best[g_index] = best_of(statement, hits)
    return matches


def _by_article(rows: Sequence[Any]) -> dict[str, list[int]]:
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_article[row.article_id].append(i)
    return by_article


def _text_or_none(value: Any) -> str | None:
    """A table cell as text, None for a missing one (NaN is no JSON)."""
    return value if isinstance(value, str) else None


def _example(row: Any) -> dict[str, Any]:
    return {
        "speaker": _text_or_none(row.speaker),
        "mention": _text_or_none(row.speaker_mention),
        "kind": row.kind,
        "cue": row.cue,
        "text": row.text[:160],
    }


def _examples(
    data: Gold, rows: Sequence[Any], matches: _Matches
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The first missed gold statements and the first extra predictions."""
    missed = [
        {"content": g.content[:160], "speaker": g.speaker, "cue": g.cue}
        for i, g in enumerate(data.statements)
        if i not in matches.best
    ]
    extra = [_example(r) for i, r in enumerate(rows) if i not in matches.predicted_ok]
    return missed[:EXAMPLES], extra[:EXAMPLES]


def _report(
    data: Gold, statements: pd.DataFrame, matches: _Matches, tally: _Tally, themes: _ThemeTally
) -> EvaluationReport:
    gold_n, pred_n = len(data.statements), len(statements)
    found = len(matches.best)
    missed, extra = _examples(data, list(statements.itertuples(index=False)), matches)
    report = EvaluationReport(
        gold_format=data.name,
        articles=len(data.articles),
        gold=gold_n,
        predicted=pred_n,
        found=found,
        missed=gold_n - found,
        extra=pred_n - len(matches.predicted_ok),
        matched=found,
        **tally.accuracies(),
        missed_examples=missed,
        extra_examples=extra,
        speaker_errors=tally.speaker_errors[:EXAMPLES],
        speaker_by_mention=tally.mentions.to_dict(),
        speech_acts=tally.acts.to_dict(),
        notes=data.notes,
        **metrics(found, gold_n, len(matches.predicted_ok), pred_n),
    )
    theme = themes.micro()
    if theme is not None:
        report.theme_precision = theme["precision"]
        report.theme_recall = theme["recall"]
        report.theme_f1 = theme["f1"]
    report.theme_by_id = themes.by_theme()
    if themes.annotated:
        report.theme_confusion = themes.confusion.to_dict()
    return report


def score_jsonl(data: Gold, statements: pd.DataFrame, canonical: Any = None) -> EvaluationReport:
    """A prediction matches a gold statement of its article when its text holds the content."""
    rows = list(statements.itertuples(index=False))
    by_article = _by_article(rows)
    folded = [fold(r.text) for r in rows]

    def holding_the_content(gold: GoldStatement) -> list[int]:
        wanted = fold(gold.content)
        return [i for i in by_article.get(gold.article, []) if wanted in folded[i]]

    def shortest(_gold: GoldStatement, hits: list[int]) -> int:
        return min(hits, key=lambda i: len(folded[i]))

    matches = _match(data.statements, holding_the_content, shortest)
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


def score_polnear(
    data: Gold, statements: pd.DataFrame, nlp: Language | None = None
) -> EvaluationReport:
    """A prediction matches a gold attribution when their content spans overlap."""
    nlp = nlp or load_model()
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
    tally = _Tally()
    for g_index, best in matches.best.items():
        gold, row = data.statements[g_index], rows[best]
        tally.add(
            gold,
            row,
            speaker_loose(gold.speaker, row.speaker, row.speaker_mention),
            cue_ok(gold.cue, row.cue, nlp) if gold.cue else None,
        )
    return _report(data, statements, matches, tally, _ThemeTally())


def _content_spans(text: str, content: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Char spans of a predicted content (pieces joined by " … ") inside its sentence."""
    result = []
    cursor = start
    for piece in content.split(" … "):
        words = piece.split()
        if not words:
            continue
        pattern = r"\s+".join(re.escape(w) for w in words)
        match = re.compile(pattern).search(text, cursor, max(end, cursor))
        if match:
            result.append((match.start(), match.end()))
            cursor = match.end()
    return tuple(result)
