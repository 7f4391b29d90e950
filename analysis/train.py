"""`make train`: the theme classifier rebuilt from the team's labelled references
(data/training/*.refs.jsonl) and the bundled sample's gold (data/sample/gold), scored on their
dev splits, written with its card to analysis/models/themes/."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from analysis.evaluate.gold import GoldStatement, read_jsonl_gold
from analysis.extract.model import load_model
from analysis.extract.statements import prepare_doc
from analysis.extract.theme_assign import ThemeAssigner
from analysis.extract.theme_context import StatementContext, statement_context
from analysis.extract.theme_features import FEATURES_VERSION, statement_features
from analysis.extract.theme_fit import FOLDS, MIN_POSITIVES, Example, FitReport, f1, fit_theme_model
from analysis.extract.theme_model import DEFAULT_DIR, ThemeModel, read_model
from analysis.extract.themes import ThemeMatcher
from analysis.load import Article
from analysis.pipeline import published_date
from analysis.reference import REQUIRED_THEME_IDS
from analysis.settings import CORPORA_DIR, DATA_DIR
from analysis.training import (
    TRAINING_DIR,
    Reference,
    read_references,
    resolve,
    span_check,
    split_of,
)

CARD_FILE = "MODEL_CARD.md"
CARD_DATA = "card.json"
COMMAND = "make train  (python -m analysis train)"
SAMPLE_GOLD = DATA_DIR / "sample" / "gold"
GOLD_SOURCE = "sample"


@dataclass(frozen=True)
class Item:
    """A labelled statement read in its parsed article."""

    reference: Reference
    context: StatementContext


def references_of(folders: Sequence[Path]) -> list[Reference]:
    """The references of every folder, each (source, unit, start, end) once."""
    seen: dict[tuple, Reference] = {}
    for folder in folders:
        for reference in read_references(folder):
            seen.setdefault(
                (reference.source, reference.unit, reference.start, reference.end), reference
            )
    return list(seen.values())


def references_digest(references: Iterable[Reference]) -> str:
    """A short digest of the references a model was trained and scored on."""
    keys = sorted(
        f"{r.source}|{r.unit}|{r.start}|{r.end}|{r.split}|{','.join(sorted(r.themes))}"
        for r in references
    )
    return hashlib.sha1("\n".join(keys).encode("utf-8")).hexdigest()[:12]


def read_items(
    references: Sequence[Reference], nlp: Language, corpora: Path = CORPORA_DIR
) -> list[Item]:
    """The references resolved and parsed, each article once (as the pipeline parses it)."""
    by_article: dict[tuple[str, str], list] = defaultdict(list)
    for labelled in resolve(references, corpora):
        by_article[labelled.reference.article].append(labelled)
    texts = [(prepare_doc(nlp, group[0].article_text), key) for key, group in by_article.items()]
    items = []
    for doc, key in nlp.pipe(texts, as_tuples=True, batch_size=16):
        for labelled in by_article[key]:
            ref = labelled.reference
            context = statement_context(doc, ref.start, ref.end)
            if context is not None:
                items.append(Item(ref, context))
    return items


def gold_items(gold: Path, nlp: Language) -> list[Item]:
    """The theme-labelled statements of a gold JSONL file or folder (the bundled sample's) as
    items, found by their content in the article's text; an article's split by its file name."""
    data = read_jsonl_gold(Path(gold), None)
    by_article: dict[str, list[GoldStatement]] = defaultdict(list)
    for statement in data.statements:
        if statement.themes is not None and statement.article in data.articles:
            by_article[statement.article].append(statement)
    texts = [(prepare_doc(nlp, data.articles[key].text), key) for key in by_article]
    items = []
    for doc, key in nlp.pipe(texts, as_tuples=True, batch_size=16):
        article = data.articles[key]
        for statement in by_article[key]:
            item = _gold_item(doc, article, statement)
            if item is not None:
                items.append(item)
    return items


def _gold_item(doc: Doc, article: Article, statement: GoldStatement) -> Item | None:
    """One gold statement as an item; None when its content is not in the article's text."""
    text, content = article.text, statement.content
    start = text.find(content)
    start = start if start >= 0 else text.lower().find(content.lower())
    if start < 0:
        return None
    end, unit = start + len(content), Path(article.origin).name
    reference = Reference(
        GOLD_SOURCE,
        unit,
        start,
        end,
        span_check(text[start:end]),
        split_of(unit),
        tuple(statement.themes or ()),
    )
    context = statement_context(doc, start, end, published=published_date(article.published))
    return Item(reference, context) if context is not None else None


def example(item: Item, matcher: ThemeMatcher, taxonomy: set[str]) -> Example:
    """The fit's view of one item."""
    context = item.context
    patterns = ThemeAssigner(matcher).pattern_reasons(context)
    return Example(
        features=tuple(statement_features(context, matcher)),
        themes=frozenset(t for t in item.reference.themes if t in taxonomy),
        patterns=frozenset(patterns),
        own=frozenset(matcher.phrases_in(context.content, exclude=context.exclude)),
        group=f"{item.reference.source}:{item.reference.unit}",
    )


def scores(
    items: Sequence[Item], assigner: ThemeAssigner, taxonomy: Sequence[str]
) -> dict[str, dict]:
    """Micro and per-theme P/R/F1 of the assigner on labelled items (gold content spans)."""
    counts: dict[str, list[int]] = {t: [0, 0, 0] for t in taxonomy}  # hit, predicted, gold
    for item in items:
        gold = set(item.reference.themes) & set(taxonomy)
        predicted = set(assigner.assign(item.context).themes)
        for theme in gold | predicted:
            row = counts[theme]
            row[0] += theme in gold and theme in predicted
            row[1] += theme in predicted
            row[2] += theme in gold
    per_theme = {t: _prf(*c) for t, c in counts.items() if c[1] or c[2]}
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {"micro": _prf(*total), "per_theme": per_theme}


def _prf(hit: int, predicted: int, gold: int) -> dict:
    return {
        "gold": gold,
        "predicted": predicted,
        "precision": round(hit / predicted, 4) if predicted else 0.0,
        "recall": round(hit / gold, 4) if gold else 0.0,
        "f1": round(f1(hit, predicted, gold), 4),
    }


def train(
    folders: Sequence[Path] = (TRAINING_DIR,),
    out: Path = DEFAULT_DIR,
    *,
    gold: Sequence[Path] = (SAMPLE_GOLD,),
    corpora: Path = CORPORA_DIR,
    nlp: Language | None = None,
    seed: int = 0,
    min_positives: int = MIN_POSITIVES,
) -> dict:
    """Train on the train split, score on the dev split, write the model and its card; the
    card's figures are returned."""
    nlp = nlp or load_model()
    matcher: ThemeMatcher = nlp.get_pipe("theme_matcher")
    taxonomy = [t.id for t in matcher.themes]
    references = references_of(folders)
    items = read_items(references, nlp, corpora)
    for folder in gold:
        items += gold_items(folder, nlp)
    references = [i.reference for i in items]
    train_items = [i for i in items if i.reference.split == "train"]
    dev_items = [i for i in items if i.reference.split == "dev"]
    if not train_items:
        raise ValueError("no train-split references to learn from")
    version = f"{date.today().isoformat()}-{references_digest(references)}"
    examples = [example(i, matcher, set(taxonomy)) for i in train_items]
    model, report = fit_theme_model(
        examples, taxonomy, seed=seed, version=version, min_positives=min_positives
    )
    model.save(out)
    saved = read_model(out)  # scored as the product reads it (float32 weights)
    assert saved is not None
    card = {
        "version": version,
        "features_version": FEATURES_VERSION,
        "seed": seed,
        "references": references_digest(references),
        "data": _data_counts(items),
        "fit": _fit_summary(report),
        "dev": scores(dev_items, ThemeAssigner(matcher, saved), taxonomy),
        "dev_patterns_only": scores(dev_items, ThemeAssigner(matcher), taxonomy),
        "dev_by_source": _by_source(dev_items, ThemeAssigner(matcher, saved), taxonomy),
        "dev_by_source_patterns_only": _by_source(dev_items, ThemeAssigner(matcher), taxonomy),
    }
    (out / CARD_DATA).write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    (out / CARD_FILE).write_text(card_text(card, model), encoding="utf-8")
    return card


def _by_source(
    items: Sequence[Item], assigner: ThemeAssigner, taxonomy: Sequence[str]
) -> dict[str, dict]:
    """Micro P/R/F1 of the assigner on each source's items."""
    by_source: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_source[item.reference.source].append(item)
    return {
        source: scores(by_source[source], assigner, taxonomy)["micro"]
        for source in sorted(by_source)
    }


def _data_counts(items: Sequence[Item]) -> dict:
    by_split: dict[str, Counter] = defaultdict(Counter)
    themes: dict[str, Counter] = defaultdict(Counter)
    articles: dict[str, set] = defaultdict(set)
    for item in items:
        ref = item.reference
        by_split[ref.split][ref.source] += 1
        articles[ref.split].add(ref.article)
        themes[ref.split].update(ref.themes or ("(none)",))
    return {
        split: {
            "statements": dict(sorted(by_split[split].items())),
            "articles": len(articles[split]),
            "themes": dict(sorted(themes[split].items())),
        }
        for split in sorted(by_split)
    }


def _fit_summary(report: FitReport) -> dict:
    return {
        "C": report.c,
        "class_weight": report.class_weight,
        "cv_micro_f1": round(report.cv_micro_f1, 4),
        "per_theme": report.per_theme,
    }


def card_text(card: dict, model: ThemeModel) -> str:
    """MODEL_CARD.md: data, labels, cross-validation choices, dev scores, version, command."""
    lines = [
        "# Theme classifier",
        "",
        f"Version {card['version']} (features v{card['features_version']}, seed {card['seed']}, "
        f"references digest {card['references']}). Rebuilt by `{COMMAND}`.",
        "",
        "Logistic models per theme (scikit-learn liblinear) over sublinear tf-idf features of a",
        "statement's content, the rest of its sentence, the previous sentence (marked apart when",
        "the content refers back to it), the taxonomy's pattern matches in each, the article's",
        "most matched themes and its era (analysis/extract/theme_features.py). The patterns of",
        "data/themes.toml stay first: a theme the content's own words match is kept unless the",
        "model vetoes it at a very low probability (`veto_below`); the model adds a theme at a",
        "high probability (where the content matches none, or beside its themes at a theme's",
        "`add_any_at`) and drops a theme the patterns took from context at a low one. C, class",
        f"weights and each theme's rule were chosen by {FOLDS}-fold cross-validation",
        "grouped by article on the train split only; a theme without a rule is the patterns'.",
        "",
        "## Data",
        "",
        "| split | statements by source | articles |",
        "| --- | --- | --- |",
    ]
    for split, row in card["data"].items():
        sources = ", ".join(f"{k} {v}" for k, v in row["statements"].items())
        lines.append(f"| {split} | {sources} | {row['articles']} |")
    lines += [
        "",
        "| theme | train | dev | decided by | adds at | removes below | adds beside at "
        "| vetoes below | CV F1 model / patterns |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    fit = card["fit"]["per_theme"]
    train_counts = card["data"].get("train", {}).get("themes", {})
    dev_counts = card["data"].get("dev", {}).get("themes", {})
    for theme in sorted(set(train_counts) | set(dev_counts)):
        row = fit.get(theme, {})
        lines.append(
            f"| {theme} | {train_counts.get(theme, 0)} | {dev_counts.get(theme, 0)} | "
            f"{row.get('decided_by', 'patterns')} | {_cell(row.get('add_at'))} | "
            f"{_cell(row.get('remove_below'))} | {_cell(row.get('add_any_at'))} | "
            f"{_cell(row.get('veto_below'))} | "
            f"{row.get('cv_f1', '')} / {row.get('cv_pattern_f1', '')} |"
        )
    lines += _score_lines(card)
    lines += ["", f"Labels the model knows: {', '.join(model.labels)}.", ""]
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    return "" if value is None else str(value)


def _score_lines(card: dict) -> list[str]:
    fit = card["fit"]
    lines = [
        "",
        f"Cross-validation chose C={fit['C']}, class_weight={fit['class_weight']} "
        f"(CV micro F1 {fit['cv_micro_f1']}).",
        "",
        "## Dev split (gold content spans)",
        "",
        f"Micro F1 {card['dev']['micro']['f1']} (P {card['dev']['micro']['precision']}, "
        f"R {card['dev']['micro']['recall']}); patterns alone "
        f"{card['dev_patterns_only']['micro']['f1']}.",
        "",
        "| source | dev micro F1 | patterns alone |",
        "| --- | --- | --- |",
        *(
            f"| {source} | {row['f1']} | {card['dev_by_source_patterns_only'][source]['f1']} |"
            for source, row in card["dev_by_source"].items()
        ),
        "",
        "| theme | gold | predicted | P | R | F1 | F1 patterns alone | required |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    alone = card["dev_patterns_only"]["per_theme"]
    for theme, row in card["dev"]["per_theme"].items():
        lines.append(
            f"| {theme} | {row['gold']} | {row['predicted']} | {row['precision']} | "
            f"{row['recall']} | {row['f1']} | {alone.get(theme, {}).get('f1', 0.0)} | "
            f"{'yes' if theme in REQUIRED_THEME_IDS else ''} |"
        )
    return lines
