"""Fitting the theme classifier: scikit-learn logistic models on statement features, the
regularisation and each theme's threshold chosen by grouped cross-validation on the train split
alone, and each theme left to the patterns where they did as well."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from analysis.extract.theme_model import ThemeModel, vector

MIN_DF = 2  # a feature seen in fewer training statements is dropped
MIN_POSITIVES = 12  # a theme with fewer training examples is left to the patterns
FOLDS = 5
GRID = ((0.5, None), (2.0, None), (8.0, None), (2.0, "balanced"), (8.0, "balanced"))
THRESHOLDS = tuple(round(0.05 + 0.025 * n, 3) for n in range(37))  # 0.05 … 0.95


@dataclass(frozen=True)
class Example:
    """One labelled statement as the fit reads it."""

    features: tuple[str, ...]
    themes: frozenset[str]  # gold
    patterns: frozenset[str]  # what the patterns alone assign
    group: str  # its article: folds never split one


@dataclass
class FitReport:
    """What cross-validation on the train split chose, and why."""

    c: float = 1.0
    class_weight: str | None = None
    cv_micro_f1: float = 0.0
    per_theme: dict[str, dict[str, float | int | str]] = field(default_factory=dict)


def f1(hit: int, predicted: int, gold: int) -> float:
    """F1 of counts (0 when nothing was predicted or expected)."""
    return 2 * hit / (predicted + gold) if predicted + gold else 0.0


def vocabulary(
    rows: Iterable[Sequence[str]], min_df: int = MIN_DF
) -> tuple[tuple[str, ...], np.ndarray]:
    """Features seen in at least `min_df` rows (sorted) and their smoothed idf."""
    rows = list(rows)
    df = Counter(f for row in rows for f in set(row))
    kept = tuple(sorted(f for f, n in df.items() if n >= min_df))
    n = len(rows)
    idf = np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in kept], dtype=np.float64)
    return kept, idf


def matrix(rows: Sequence[Sequence[str]], vocab: Sequence[str], idf: np.ndarray) -> csr_matrix:
    """The rows as the sparse matrix ThemeModel.row() would make of each."""
    index = {f: i for i, f in enumerate(vocab)}
    data, columns, pointers = [], [], [0]
    for row in rows:
        cols, values = vector(Counter(index[f] for f in row if f in index), idf)
        columns.extend(cols.tolist())
        data.extend(values.tolist())
        pointers.append(len(columns))
    return csr_matrix((data, columns, pointers), shape=(len(rows), len(vocab)))


def _model(c: float, class_weight: str | None, seed: int) -> LogisticRegression:
    return LogisticRegression(
        C=c, class_weight=class_weight, solver="liblinear", random_state=seed, max_iter=1000
    )


def _out_of_fold(
    examples: Sequence[Example], labels: Sequence[str], grid_point: tuple, seed: int
) -> np.ndarray:
    """Out-of-fold probabilities (statements × labels), folds grouped by article; vocabulary
    and idf are rebuilt inside each fold."""
    c, class_weight = grid_point
    groups = [e.group for e in examples]
    folds = min(FOLDS, len(set(groups)))
    out = np.zeros((len(examples), len(labels)))
    for train_rows, test_rows in GroupKFold(n_splits=folds).split(examples, groups=groups):
        vocab, idf = vocabulary(examples[i].features for i in train_rows)
        x_train = matrix([examples[i].features for i in train_rows], vocab, idf)
        x_test = matrix([examples[i].features for i in test_rows], vocab, idf)
        for j, label in enumerate(labels):
            y = np.array([label in examples[i].themes for i in train_rows], dtype=int)
            if y.min() == y.max():
                out[test_rows, j] = float(y[0])
                continue
            out[test_rows, j] = (
                _model(c, class_weight, seed).fit(x_train, y).predict_proba(x_test)[:, 1]
            )
    return out


def _best_threshold(probabilities: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """The threshold of the best F1 on these probabilities, and that F1 (ties: the lower)."""
    best = (0.5, -1.0)
    for threshold in THRESHOLDS:
        predicted = probabilities >= threshold
        score = f1(int((predicted & gold).sum()), int(predicted.sum()), int(gold.sum()))
        if score > best[1] + 1e-9:
            best = (threshold, score)
    return best


def _pattern_f1(examples: Sequence[Example], label: str) -> float:
    hit = sum(label in e.patterns and label in e.themes for e in examples)
    return f1(
        hit, sum(label in e.patterns for e in examples), sum(label in e.themes for e in examples)
    )


def _choose(
    examples: Sequence[Example], labels: Sequence[str], oof: np.ndarray
) -> tuple[dict[str, float], dict[str, dict], float]:
    """Per theme: the threshold, model or patterns, and the cross-validated micro F1 of the
    combination chosen."""
    thresholds: dict[str, float] = {}
    per_theme: dict[str, dict] = {}
    hit = predicted = gold_total = 0
    for j, label in enumerate(labels):
        gold = np.array([label in e.themes for e in examples])
        threshold, model_f1 = _best_threshold(oof[:, j], gold)
        pattern_f1 = _pattern_f1(examples, label)
        decides = model_f1 > pattern_f1
        chosen = (
            oof[:, j] >= threshold if decides else np.array([label in e.patterns for e in examples])
        )
        hit, predicted = hit + int((chosen & gold).sum()), predicted + int(chosen.sum())
        gold_total += int(gold.sum())
        thresholds[label] = threshold
        per_theme[label] = {
            "positives": int(gold.sum()),
            "threshold": threshold,
            "cv_model_f1": round(model_f1, 4),
            "cv_pattern_f1": round(pattern_f1, 4),
            "decided_by": "model" if decides else "patterns",
        }
    return thresholds, per_theme, f1(hit, predicted, gold_total)


def fit_theme_model(
    examples: Sequence[Example],
    taxonomy: Sequence[str],
    *,
    seed: int = 0,
    version: str = "",
    min_positives: int = MIN_POSITIVES,
) -> tuple[ThemeModel, FitReport]:
    """The model of the train examples: the grid point of the best cross-validated micro F1,
    thresholds from the same folds, then one fit on every example."""
    counts = Counter(t for e in examples for t in e.themes)
    labels = [t for t in taxonomy if counts[t] >= min_positives]
    report = FitReport()
    best: tuple[float, tuple, dict, dict] | None = None
    for point in GRID:
        oof = _out_of_fold(examples, labels, point, seed)
        thresholds, per_theme, micro = _choose(examples, labels, oof)
        if best is None or micro > best[0] + 1e-9:
            best = (micro, point, thresholds, per_theme)
    assert best is not None or not labels
    if best is not None:
        report.cv_micro_f1, (report.c, report.class_weight), thresholds, report.per_theme = best
    else:
        thresholds = {}
    model = _final_model(examples, labels, report, thresholds, seed, version)
    return model, report


def _final_model(
    examples: Sequence[Example],
    labels: Sequence[str],
    report: FitReport,
    thresholds: dict[str, float],
    seed: int,
    version: str,
) -> ThemeModel:
    vocab, idf = vocabulary(e.features for e in examples)
    x = matrix([e.features for e in examples], vocab, idf)
    coef = np.zeros((len(labels), len(vocab)))
    intercept = np.zeros(len(labels))
    for j, label in enumerate(labels):
        y = np.array([label in e.themes for e in examples], dtype=int)
        fitted = _model(report.c, report.class_weight, seed).fit(x, y)
        coef[j], intercept[j] = fitted.coef_[0], fitted.intercept_[0]
    decides = frozenset(t for t, row in report.per_theme.items() if row["decided_by"] == "model")
    return ThemeModel(
        labels=tuple(labels),
        vocabulary=vocab,
        idf=idf,
        coef=coef,
        intercept=intercept,
        thresholds=thresholds,
        decides=decides,
        version=version,
    )
