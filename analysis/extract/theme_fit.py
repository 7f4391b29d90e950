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
FOLDS = 10
GRID = ((0.5, None), (2.0, None), (8.0, None), (2.0, "balanced"), (8.0, "balanced"))
# The model adds a theme only when confident, and removes a context theme only when unlikely;
# the most cautious threshold first (ties keep it). None: no such rule.
ADD_AT = (None, *(round(0.95 - 0.05 * n, 2) for n in range(6)))  # 0.95 … 0.7
REMOVE_BELOW = (None, *(round(0.05 + 0.05 * n, 2) for n in range(6)))  # 0.05 … 0.3
# Or the model adds a theme wherever it is likely enough, beside the content's own themes.
ADD_ANY_AT = tuple(round(0.2 + 0.05 * n, 2) for n in range(16))  # 0.2 … 0.95
# And it may veto a theme the content's own words match where it finds that theme very
# unlikely ("civilian aircraft" is no humanitarian statement).
VETO_BELOW = (None, 0.05, 0.1, 0.15, 0.2)
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

    def predicted(self, rule: Rule) -> np.ndarray:
        own = self.own
        if rule.veto_below is not None:
            own = own & (self.probability >= rule.veto_below)
        kept = (
            self.context
            if rule.remove_below is None
            else self.context & (self.probability >= rule.remove_below)
        )
        nothing = np.zeros_like(self.own)
        added = nothing if rule.add_at is None else self.probability >= rule.add_at
        anywhere = nothing if rule.add_any_at is None else self.probability >= rule.add_any_at
        return own | kept | (added & self.silent & ~self.context) | anywhere

    def f1(self, predicted: np.ndarray) -> float:
        return f1(int((predicted & self.gold).sum()), int(predicted.sum()), int(self.gold.sum()))


@dataclass(frozen=True)
class Rule:
    """How the model overrules the patterns on one theme; all None: it does not."""

    add_at: float | None = None  # adds where the content's words match no theme
    remove_below: float | None = None  # drops a theme the patterns took from context
    add_any_at: float | None = None  # adds beside the content's own themes too
    veto_below: float | None = None  # drops a theme of the content's own words

    @property
    def idle(self) -> bool:
        return all(
            value is None
            for value in (self.add_at, self.remove_below, self.add_any_at, self.veto_below)
        )


def _rules() -> Iterable[Rule]:
    """Every rule tried, the most cautious first (ties keep the earlier)."""
    for veto_below in VETO_BELOW:
        for add_at in ADD_AT:
            for remove_below in REMOVE_BELOW:
                yield Rule(add_at, remove_below, None, veto_below)
        for add_any_at in reversed(ADD_ANY_AT):
            for remove_below in REMOVE_BELOW:
                yield Rule(None, remove_below, add_any_at, veto_below)


def _best_rule(columns: _Columns) -> tuple[Rule, float, float]:
    """The rule of the best F1 (the most cautious of equals), that F1 and the patterns' own;
    no rule unless it gains MIN_GAIN."""
    patterns_f1 = columns.f1(columns.predicted(Rule()))
    best, best_f1 = Rule(), patterns_f1
    for rule in _rules():
        score = columns.f1(columns.predicted(rule))
        if score > best_f1 + 1e-9:
            best, best_f1 = rule, score
    if best_f1 < patterns_f1 + MIN_GAIN:
        best, best_f1 = Rule(), patterns_f1
    return best, best_f1, patterns_f1


def _choose(
    examples: Sequence[Example], labels: Sequence[str], oof: np.ndarray
) -> tuple[dict[str, Rule], dict[str, dict], float]:
    """Per theme: the rule chosen, and the cross-validated micro F1 of the rules chosen."""
    rules: dict[str, Rule] = {}
    per_theme: dict[str, dict] = {}
    hit = predicted = gold_total = 0
    for j, label in enumerate(labels):
        columns = _Columns.of(examples, label, oof[:, j])
        rule, model_f1, patterns_f1 = _best_rule(columns)
        chosen = columns.predicted(rule)
        hit += int((chosen & columns.gold).sum())
        predicted, gold_total = predicted + int(chosen.sum()), gold_total + int(columns.gold.sum())
        if not rule.idle:
            rules[label] = rule
        per_theme[label] = {
            "positives": int(columns.gold.sum()),
            "add_at": rule.add_at,
            "remove_below": rule.remove_below,
            "add_any_at": rule.add_any_at,
            "veto_below": rule.veto_below,
            "cv_f1": round(model_f1, 4),
            "cv_pattern_f1": round(patterns_f1, 4),
            "decided_by": "patterns" if rule.idle else "model",
        }
    return rules, per_theme, f1(hit, predicted, gold_total)


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
    best: tuple[float, tuple, dict[str, Rule], dict] | None = None
    for point in GRID if labels else ():
        oof = _out_of_fold(examples, labels, point, seed)
        chosen, per_theme, micro = _choose(examples, labels, oof)
        if best is None or micro > best[0] + 1e-9:
            best = (micro, point, chosen, per_theme)
    rules: dict[str, Rule] = {}
    if best is not None:
        report.cv_micro_f1, (report.c, report.class_weight), rules, report.per_theme = best
    model = _final_model(examples, labels, report, rules, seed, version)
    return model, report


def _final_model(
    examples: Sequence[Example],
    labels: Sequence[str],
    report: FitReport,
    rules: dict[str, Rule],
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
        add_at=_thresholds(rules, "add_at"),
        remove_below=_thresholds(rules, "remove_below"),
        add_any_at=_thresholds(rules, "add_any_at"),
        veto_below=_thresholds(rules, "veto_below"),
        version=version,
    )


def _thresholds(rules: dict[str, Rule], name: str) -> dict[str, float]:
    """Theme id → one threshold of its rule, where the rule sets it."""
    values = {theme: getattr(rule, name) for theme, rule in rules.items()}
    return {theme: value for theme, value in values.items() if value is not None}
