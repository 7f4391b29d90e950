"""Evaluation: statements, speakers, kinds, cues and themes against gold annotations."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.language import Language

from analysis.extract.model import load_model
from analysis.load import Article, article_id, load_articles
from analysis.schema import KINDS
from analysis.settings import PROJECT_DIR
from analysis.text import find_quotes, fold

EXAMPLES = 10  # missed and extra statements listed by to_text()


# ---------------------------------------------------------------------------------------------
# Gold statements


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


@dataclass
class _Gold:
    articles: dict[str, Article]
    statements: list[GoldStatement]
    name: str  # "jsonl" or "polnear"
    notes: list[str] = field(default_factory=list)


def _metrics(found: int, gold: int, predicted_ok: int, predicted: int) -> dict[str, float]:
    precision = predicted_ok / predicted if predicted else 0.0
    recall = found / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


@dataclass
class EvaluationReport:
    """Scores of one evaluation run; `to_text()` for people, `to_dict()` for machines."""

    gold_format: str
    articles: int
    gold: int
    predicted: int
    found: int  # gold statements matched by a prediction
    missed: int
    extra: int  # predictions matching no gold statement
    precision: float
    recall: float
    f1: float
    speaker_accuracy: float | None
    kind_accuracy: float | None
    cue_accuracy: float | None
    theme_precision: float | None = None
    theme_recall: float | None = None
    theme_f1: float | None = None
    theme_by_id: dict[str, dict[str, float | int]] = field(default_factory=dict)
    matched: int = 0
    missed_examples: list[dict[str, Any]] = field(default_factory=list)
    extra_examples: list[dict[str, Any]] = field(default_factory=list)
    speaker_errors: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold_format": self.gold_format,
            "articles": self.articles,
            "statements": {
                "gold": self.gold,
                "predicted": self.predicted,
                "found": self.found,
                "missed": self.missed,
                "extra": self.extra,
                "precision": self.precision,
                "recall": self.recall,
                "f1": self.f1,
            },
            "speaker_accuracy": self.speaker_accuracy,
            "kind_accuracy": self.kind_accuracy,
            "cue_accuracy": self.cue_accuracy,
            "themes": None
            if self.theme_f1 is None
            else {
                "precision": self.theme_precision,
                "recall": self.theme_recall,
                "f1": self.theme_f1,
                "by_theme": self.theme_by_id,
            },
            "missed_examples": self.missed_examples,
            "extra_examples": self.extra_examples,
            "speaker_errors": self.speaker_errors,
            "notes": self.notes,
        }

    def to_text(self) -> str:
        def pct(value: float | None) -> str:
            return "n/a" if value is None else f"{value:.3f}"

        lines = [
            f"Evaluation against {self.gold_format} gold: {self.articles} articles",
            f"statements  gold {self.gold}  predicted {self.predicted}  found {self.found}  "
            f"missed {self.missed}  extra {self.extra}",
            f"statements  precision {pct(self.precision)}  recall {pct(self.recall)}  "
            f"F1 {pct(self.f1)}",
            f"speaker accuracy {pct(self.speaker_accuracy)}  kind accuracy "
            f"{pct(self.kind_accuracy)}  cue accuracy {pct(self.cue_accuracy)}  "
            f"(on {self.matched} matched statements)",
        ]
        if self.theme_f1 is not None:
            lines.append(
                f"themes      precision {pct(self.theme_precision)}  recall "
                f"{pct(self.theme_recall)}  F1 {pct(self.theme_f1)}  (micro, matched statements)"
            )
            for theme, row in self.theme_by_id.items():
                lines.append(
                    f"  {theme:<26} gold {row['gold']:>4}  predicted {row['predicted']:>4}  "
                    f"P {pct(row['precision'])}  R {pct(row['recall'])}  F1 {pct(row['f1'])}"
                )
        for title, rows in (
            ("missed", self.missed_examples),
            ("extra", self.extra_examples),
            ("speaker errors", self.speaker_errors),
        ):
            if rows:
                lines.append(f"{title} (first {len(rows)}):")
                lines.extend("  " + json.dumps(r, ensure_ascii=False) for r in rows)
        lines.extend(f"note: {n}" for n in self.notes)
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Reading gold files


def _read_jsonl_gold(gold: Path, corpus: Path | None) -> _Gold:
    files = sorted(gold.rglob("*.gold.jsonl")) if gold.is_dir() else [gold]
    if not files:
        raise ValueError(f"{gold}: no *.gold.jsonl files")
    rows: list[tuple[Path, int, dict]] = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{file}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or not row.get("origin") or not row.get("content"):
                raise ValueError(f"{file}:{number}: a gold statement needs origin and content")
            rows.append((file, number, row))
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
        candidates = loaded[origin]
        article = _pick_article(candidates, row.get("title"))
        if article is None:
            key = f"{origin}#{row.get('title') or ''}"
        else:
            key = article.article_id
            articles[key] = article
        themes = row.get("themes")
        statements.append(
            GoldStatement(
                article=key,
                content=str(row["content"]),
                speaker=row.get("speaker"),
                kind=row.get("kind"),
                cue=row.get("cue"),
                themes=tuple(themes) if isinstance(themes, list) else None,
            )
        )
    return _Gold(articles, statements, "jsonl", notes)


def _locate(origin: str, gold_file: Path, corpus: Path | None) -> Path | None:
    path = Path(origin)
    candidates = [path] if path.is_absolute() else []
    if not path.is_absolute():
        if corpus is not None:
            candidates += [corpus / path, corpus / path.name]
        candidates += [PROJECT_DIR / path, gold_file.parent / path, gold_file.parent / path.name]
    return next((c for c in candidates if c.exists()), None)


def _pick_article(candidates: Sequence[Article], title: str | None) -> Article | None:
    if len(candidates) == 1:
        return candidates[0]
    if title:
        wanted = fold(title)
        for article in candidates:
            if article.title and fold(article.title) == wanted:
                return article
    return None


def is_polnear(folder: Path) -> bool:
    """True when `folder` holds BRAT attributions (`attributions/*.ann`) and `text/*.txt`."""
    return (folder / "attributions").is_dir() and (folder / "text").is_dir()


def _parse_ann(path: Path) -> list[dict[str, Any]]:
    """BRAT standoff → attributions {source, cue, content: [(start, end)], content_text}."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if not parts or not parts[0]:
            continue
        if parts[0].startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            ranges = []
            for piece in offsets.split(";"):
                bounds = piece.split()
                if len(bounds) != 2:
                    raise ValueError(f"{path}:{number}: bad span offsets {offsets!r}")
                ranges.append((int(bounds[0]), int(bounds[1])))
            spans[parts[0]] = (label, ranges, parts[2] if len(parts) > 2 else "")
        elif parts[0].startswith("E") and len(parts) >= 2:
            roles = dict(r.split(":", 1) for r in parts[1].split() if ":" in r)
            events.append(roles)
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
                "cue": cue[2] if cue else None,
            }
        )
    return result


def _overlap(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(spans: Sequence[tuple[int, int]]) -> int:
    return sum(e - s for s, e in spans)


def _spans_match(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> bool:
    """Content spans match when they share at least 30% of the shorter one."""
    shorter = min(_length(a), _length(b))
    return shorter > 0 and _overlap(a, b) >= 0.3 * shorter


def _central_annotator(files: Sequence[Path]) -> Path:
    """Of several annotators' files, the one agreeing most with the others."""
    parsed = {f: _parse_ann(f) for f in files}

    def agreement(f: Path) -> int:
        return sum(
            any(_spans_match(a["content"], b["content"]) for b in parsed[g])
            for g in files
            if g != f
            for a in parsed[f]
        )

    return max(sorted(files), key=agreement)


def _read_polnear(folder: Path) -> _Gold:
    metadata: dict[str, dict[str, str]] = {}
    meta_file = folder / "metadata_subset.tsv"
    if meta_file.exists():
        lines = meta_file.read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t") if lines else []
        for line in lines[1:]:
            values = dict(zip(header, line.split("\t"), strict=False))
            if values.get("filename"):
                metadata[values["filename"]] = values
    articles: dict[str, Article] = {}
    statements: list[GoldStatement] = []
    notes: list[str] = []
    for text_file in sorted((folder / "text").glob("*.txt")):
        stem = text_file.stem
        files = sorted((folder / "attributions").glob(f"{stem}_*.ann"))
        if not files:
            continue
        chosen = files[0] if len(files) == 1 else _central_annotator(files)
        if len(files) > 1:
            notes.append(f"{stem}: {len(files)} annotators, used {chosen.stem.rsplit('_', 1)[1]}")
        text = text_file.read_text(encoding="utf-8")
        meta = metadata.get(stem, {})
        key = article_id(text)
        articles[key] = Article(
            article_id=key,
            origin=str(text_file),
            outlet=meta.get("publisher"),
            title=meta.get("title"),
            published=meta.get("publication_date") or None,
            url=None,
            language="en",
            text=text,
        )
        quotes = [(q.inner_start, q.inner_end) for q in find_quotes(text)]
        for item in _parse_ann(chosen):
            statements.append(
                GoldStatement(
                    article=key,
                    content=item["content_text"],
                    speaker=item["source"],
                    kind=_kind_of_spans(text, item["content"], quotes),
                    cue=item["cue"],
                    spans=tuple(item["content"]),
                )
            )
    if not statements:
        raise ValueError(f"{folder}: no PolNeAR attributions found")
    notes.append("PolNeAR kinds are derived from quotation marks in the gold content")
    return _Gold(articles, statements, "polnear", notes)


def _kind_of_spans(
    text: str, spans: Sequence[tuple[int, int]], quotes: Sequence[tuple[int, int]]
) -> str:
    """direct / mixed / reported from how many words of the content lie inside quotes."""
    words = [(s + m.start(), s + m.end()) for s, e in spans for m in re.finditer(r"\w+", text[s:e])]
    inside = sum(1 for w in words if _overlap([w], quotes) > 0)
    if not words or inside == 0:
        return "reported"
    return "direct" if inside >= len(words) - 2 else "mixed"


# ---------------------------------------------------------------------------------------------
# Scoring


def evaluate(
    gold: Path, *, corpus: Path | None = None, nlp: Language | None = None
) -> EvaluationReport:
    """Score the extraction against a gold JSONL file or folder, or a PolNeAR folder."""
    from analysis.pipeline import extract

    gold = Path(gold)
    if not gold.exists():
        raise ValueError(f"{gold}: no such gold file or folder")
    data = (
        _read_polnear(gold)
        if gold.is_dir() and is_polnear(gold)
        else _read_jsonl_gold(gold, corpus)
    )
    nlp = nlp or load_model()
    statements, _ = extract(data.articles.values(), nlp=nlp)
    if data.name == "polnear":
        return _score_polnear(data, statements, nlp)
    from analysis.pipeline import actor_index

    return _score_jsonl(data, statements, actor_index(nlp).actor)


def _speaker_ok(gold: str | None, name: Any, mention: Any, canonical: Any = None) -> bool:
    """The gold speaker, or the gazetteer's canonical name of it, is the predicted one."""
    if gold is None:
        return not isinstance(name, str)
    if canonical is not None:
        actor = canonical(gold)
        if actor is not None and isinstance(name, str) and actor.name == name:
            return True
    wanted = fold(gold)
    return any(isinstance(value, str) and fold(value) == wanted for value in (name, mention))


def _speaker_loose(gold: str | None, name: Any, mention: Any) -> bool:
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


def _cue_ok(gold: str | None, predicted: Any, nlp: Language | None = None) -> bool:
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


def _example(row: Any) -> dict[str, Any]:
    return {
        "speaker": row.speaker if isinstance(row.speaker, str) else None,
        "mention": row.speaker_mention if isinstance(row.speaker_mention, str) else None,
        "kind": row.kind,
        "cue": row.cue,
        "text": row.text[:160],
    }


@dataclass
class _Tally:
    """Agreement on the matched statements (speaker, kind, cue), for either gold format."""

    speaker_hits: int = 0
    kind_hits: int = 0
    kind_total: int = 0
    cue_hits: int = 0
    cue_total: int = 0
    speaker_errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, gold: GoldStatement, row: Any, speaker_ok: bool, cue_ok: bool | None) -> None:
        """Count one matched pair; `cue_ok` is None when the gold gives no cue."""
        if speaker_ok:
            self.speaker_hits += 1
        else:
            self.speaker_errors.append(
                {
                    "content": gold.content[:80],
                    "gold": gold.speaker,
                    "predicted": row.speaker,
                    "mention": row.speaker_mention,
                }
            )
        if gold.kind in KINDS:
            self.kind_total += 1
            self.kind_hits += gold.kind == row.kind
        if cue_ok is not None:
            self.cue_total += 1
            self.cue_hits += cue_ok


def _finish(
    data: _Gold,
    statements: pd.DataFrame,
    matches: dict[int, int],
    predicted_ok: set[int],
    tally: _Tally,
    theme_counts: list[tuple[int, int, int]] | None,
) -> EvaluationReport:
    gold_n, pred_n = len(data.statements), len(statements)
    found = len(matches)
    scores = _metrics(found, gold_n, len(predicted_ok), pred_n)
    rows = list(statements.itertuples(index=False))
    missed = [
        {"content": g.content[:160], "speaker": g.speaker, "cue": g.cue}
        for i, g in enumerate(data.statements)
        if i not in matches
    ]
    extra = [_example(r) for i, r in enumerate(rows) if i not in predicted_ok]
    report = EvaluationReport(
        gold_format=data.name,
        articles=len(data.articles),
        gold=gold_n,
        predicted=pred_n,
        found=found,
        missed=gold_n - found,
        extra=pred_n - len(predicted_ok),
        matched=found,
        speaker_accuracy=round(tally.speaker_hits / found, 4) if found else None,
        kind_accuracy=round(tally.kind_hits / tally.kind_total, 4) if tally.kind_total else None,
        cue_accuracy=round(tally.cue_hits / tally.cue_total, 4) if tally.cue_total else None,
        missed_examples=missed[:EXAMPLES],
        extra_examples=extra[:EXAMPLES],
        speaker_errors=tally.speaker_errors[:EXAMPLES],
        notes=data.notes,
        **scores,
    )
    if theme_counts is not None:
        hit = sum(c[0] for c in theme_counts)
        pred = sum(c[1] for c in theme_counts)
        gold_t = sum(c[2] for c in theme_counts)
        theme = _metrics(hit, gold_t, hit, pred)
        report.theme_precision = theme["precision"]
        report.theme_recall = theme["recall"]
        report.theme_f1 = theme["f1"]
    return report


def _score_jsonl(data: _Gold, statements: pd.DataFrame, canonical: Any = None) -> EvaluationReport:
    """A prediction matches a gold statement of its article when its text holds the content."""
    rows = list(statements.itertuples(index=False))
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_article[row.article_id].append(i)
    folded = [fold(r.text) for r in rows]
    matches: dict[int, int] = {}
    predicted_ok: set[int] = set()
    tally = _Tally()
    theme_counts: list[tuple[int, int, int]] = []
    per_theme: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # hit, predicted, gold
    annotated_themes = False
    for g_index, gold in enumerate(data.statements):
        wanted = fold(gold.content)
        hits = [i for i in by_article.get(gold.article, []) if wanted in folded[i]]
        if not hits:
            continue
        predicted_ok.update(hits)
        best = min(hits, key=lambda i: len(folded[i]))
        matches[g_index] = best
        row = rows[best]
        tally.add(
            gold,
            row,
            _speaker_ok(gold.speaker, row.speaker, row.speaker_mention, canonical),
            _cue_ok(gold.cue, row.cue) if gold.cue else None,
        )
        if gold.themes is not None:
            annotated_themes = True
            theme_counts.append(_theme_counts(gold.themes, list(row.themes)))
            for theme in set(gold.themes) | set(row.themes):
                counts = per_theme[theme]
                counts[0] += theme in gold.themes and theme in row.themes
                counts[1] += theme in row.themes
                counts[2] += theme in gold.themes
    report = _finish(
        data,
        statements,
        matches,
        predicted_ok,
        tally,
        theme_counts if annotated_themes else None,
    )
    report.theme_by_id = {
        theme: {"gold": c[2], "predicted": c[1], **_metrics(c[0], c[2], c[0], c[1])}
        for theme, c in sorted(per_theme.items())
    }
    return report


def _score_polnear(
    data: _Gold, statements: pd.DataFrame, nlp: Language | None = None
) -> EvaluationReport:
    """A prediction matches a gold attribution when their content spans overlap."""
    nlp = nlp or load_model()
    rows = list(statements.itertuples(index=False))
    by_article: dict[str, list[int]] = defaultdict(list)
    spans: list[tuple[tuple[int, int], ...]] = []
    for i, row in enumerate(rows):
        by_article[row.article_id].append(i)
        article = data.articles[row.article_id]
        spans.append(_content_spans(article.text, row.text, int(row.start), int(row.end)))
    matches: dict[int, int] = {}
    predicted_ok: set[int] = set()
    tally = _Tally()
    for g_index, gold in enumerate(data.statements):
        hits = [i for i in by_article.get(gold.article, []) if _spans_match(gold.spans, spans[i])]
        if not hits:
            continue
        predicted_ok.update(hits)
        best = max(hits, key=lambda i: _overlap(gold.spans, spans[i]))
        matches[g_index] = best
        row = rows[best]
        tally.add(
            gold,
            row,
            _speaker_loose(gold.speaker, row.speaker, row.speaker_mention),
            _cue_ok(gold.cue, row.cue, nlp) if gold.cue else None,
        )
    return _finish(
        data,
        statements,
        matches,
        predicted_ok,
        tally,
        None,
    )


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
