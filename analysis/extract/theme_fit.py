"""Fitting the theme classifier: scikit-learn logistic models on statement features, the
regularisation and each theme's add and remove thresholds chosen by grouped cross-validation on
the train split alone, and each theme left to the patterns where the model did not help them."""

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
MIN_POSITIVES = 25  # a theme with fewer training examples is left to the patterns
FOLDS = 5
GRID = ((0.5, None), (2.0, None), (8.0, None), (2.0, "balanced"), (8.0, "balanced"))
# The model adds a theme only when confident, and removes a context theme only when unlikely;
# the most cautious threshold first (ties keep it). None: no such rule.
ADD_AT = (None, *(round(0.95 - 0.05 * n, 2) for n in range(6)))  # 0.95 … 0.7
REMOVE_BELOW = (None, *(round(0.05 + 0.05 * n, 2) for n in range(6)))  # 0.05 … 0.3
MIN_GAIN = 0.005  # the cross-validated F1 a rule must add to a theme's patterns to be kept


@dataclass(frozen=True)
class Example:
    """One labelled statement as the fit reads it."""

    features: tuple[str, ...]
    themes: frozenset[str]  # gold
    patterns: frozenset[str]  # what the patterns alone assign
    own: frozenset[str]  # of those, the ones the content's own words match
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


@dataclass(frozen=True)
class _Columns:
    """One theme's view of the examples, as boolean arrays."""

    gold: np.ndarray
    own: np.ndarray  # the content's words match it: always kept
    context: np.ndarray  # the patterns took it from context: the model may drop it
    silent: np.ndarray  # the content's words match no theme at all: the model may add it
    probability: np.ndarray

    @classmethod
    def of(cls, examples: Sequence[Example], label: str, probability: np.ndarray) -> _Columns:
        own = np.array([label in e.own for e in examples])
        patterns = np.array([label in e.patterns for e in examples])
        gold = np.array([label in e.themes for e in examples])
        silent = np.array([not e.own for e in examples])
        return cls(gold, own, patterns & ~own, silent, probability)

    def predicted(self, add_at: float | None, remove_below: float | None) -> np.ndarray:
        kept = (
            self.context
            if remove_below is None
            else self.context & (self.probability >= remove_below)
        )
        added = np.zeros_like(self.own) if add_at is None else self.probability >= add_at
        return self.own | kept | (added & self.silent & ~self.context)

    def f1(self, predicted: np.ndarray) -> float:
        return f1(int((predicted & self.gold).sum()), int(predicted.sum()), int(self.gold.sum()))


def _best_rule(columns: _Columns) -> tuple[float | None, float | None, float, float]:
    """The add and remove thresholds of the best F1 (the most cautious of equals), that F1 and
    the patterns' own; no rule unless it gains MIN_GAIN."""
    patterns_f1 = columns.f1(columns.predicted(None, None))
    best = (None, None, patterns_f1)
    for add_at in ADD_AT:
        for remove_below in REMOVE_BELOW:
            score = columns.f1(columns.predicted(add_at, remove_below))
            if score > best[2] + 1e-9:
                best = (add_at, remove_below, score)
    if best[2] < patterns_f1 + MIN_GAIN:
        best = (None, None, patterns_f1)
    return best[0], best[1], best[2], patterns_f1


def _choose(
    examples: Sequence[Example], labels: Sequence[str], oof: np.ndarray
) -> tuple[dict[str, float], dict[str, float], dict[str, dict], float]:
    """Per theme: the add and remove thresholds, and the cross-validated micro F1 of the
    rules chosen."""
    add: dict[str, float] = {}
    remove: dict[str, float] = {}
    per_theme: dict[str, dict] = {}
    hit = predicted = gold_total = 0
    for j, label in enumerate(labels):
        columns = _Columns.of(examples, label, oof[:, j])
        add_at, remove_below, model_f1, patterns_f1 = _best_rule(columns)
        chosen = columns.predicted(add_at, remove_below)
        hit += int((chosen & columns.gold).sum())
        predicted, gold_total = predicted + int(chosen.sum()), gold_total + int(columns.gold.sum())
        if add_at is not None:
            add[label] = add_at
        if remove_below is not None:
            remove[label] = remove_below
        per_theme[label] = {
            "positives": int(columns.gold.sum()),
            "add_at": add_at,
            "remove_below": remove_below,
            "cv_f1": round(model_f1, 4),
            "cv_pattern_f1": round(patterns_f1, 4),
            "decided_by": "patterns" if add_at is None and remove_below is None else "model",
        }
    return add, remove, per_theme, f1(hit, predicted, gold_total)


def fit_theme_model(
    examples: Sequence[Example],
    taxonomy: Sequence[str],
    *,
    seed: int = 0,
    version: str = "",
    min_positives: int = MIN_POSITIVES,
) -> tuple[ThemeModel, FitReport]:
    """The model of the train examples: the grid point of the best cross-validated micro F1 of
    patterns and model combined, thresholds from the same folds, then one fit on every
    example."""
    counts = Counter(t for e in examples for t in e.themes)
    labels = [t for t in taxonomy if counts[t] >= min_positives]
    report = FitReport()
    best: tuple[float, tuple, tuple[dict, dict], dict] | None = None
    for point in GRID if labels else ():
        oof = _out_of_fold(examples, labels, point, seed)
        add, remove, per_theme, micro = _choose(examples, labels, oof)
        if best is None or micro > best[0] + 1e-9:
            best = (micro, point, (add, remove), per_theme)
    rules: tuple[dict, dict] = ({}, {})
    if best is not None:
        report.cv_micro_f1, (report.c, report.class_weight), rules, report.per_theme = best
    model = _final_model(examples, labels, report, rules, seed, version)
    return model, report


def _final_model(
    examples: Sequence[Example],
    labels: Sequence[str],
    report: FitReport,
    rules: tuple[dict[str, float], dict[str, float]],
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
    return ThemeModel(
        labels=tuple(labels),
        vocabulary=vocab,
        idf=idf,
        coef=coef,
        intercept=intercept,
        add_at=rules[0],
        remove_below=rules[1],
        version=version,
    )
