"""Breakdowns on matched statements: theme confusion, speakers by mention type, speech acts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from analysis.evaluate.mentions import MENTION_TYPES


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _prf(hit: int, predicted: int, gold: int) -> dict[str, float]:
    precision = hit / predicted if predicted else 0.0
    recall = hit / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


@dataclass
class ThemeConfusion:
    """Which theme was given instead of which: on each matched statement, every gold theme
    the prediction missed paired with every theme it added; a miss with nothing added (or an
    addition with nothing missed) counts on its own."""

    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    missed_only: Counter[str] = field(default_factory=Counter)
    added_only: Counter[str] = field(default_factory=Counter)

    def add(self, gold: Iterable[str], predicted: Iterable[str]) -> None:
        """Count one matched pair's missed and added themes."""
        g, p = set(gold), set(predicted)
        missed, added = sorted(g - p), sorted(p - g)
        if missed and added:
            self.pairs.update((m, a) for m in missed for a in added)
        elif missed:
            self.missed_only.update(missed)
        else:
            self.added_only.update(added)

    def to_dict(self) -> dict[str, Any]:
        """Substitution pairs, most frequent first, and the lone misses and additions."""
        ranked = sorted(self.pairs.items(), key=lambda kv: (-kv[1], kv[0]))
        return {
            "pairs": [{"gold": g, "predicted": p, "count": n} for (g, p), n in ranked],
            "missed_only": dict(sorted(self.missed_only.items(), key=lambda kv: (-kv[1], kv[0]))),
            "added_only": dict(sorted(self.added_only.items(), key=lambda kv: (-kv[1], kv[0]))),
        }


def _two() -> list[int]:
    return [0, 0]  # correct, matched


@dataclass
class MentionTally:
    """Speaker accuracy per type of the extracted speaker mention (mentions.MENTION_TYPES)."""

    counts: defaultdict[str, list[int]] = field(default_factory=lambda: defaultdict(_two))

    def add(self, mention_type: str, ok: bool) -> None:
        """Count one matched pair whose speaker mention is of `mention_type`."""
        counts = self.counts[mention_type]
        counts[0] += ok
        counts[1] += 1

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Matched, correct and accuracy per mention type seen, in MENTION_TYPES order."""
        return {
            kind: {"matched": c[1], "correct": c[0], "accuracy": _rate(c[0], c[1])}
            for kind in MENTION_TYPES
            if (c := self.counts.get(kind))
        }


def _three() -> list[int]:
    return [0, 0, 0]  # correct, predicted, gold


@dataclass
class ActTally:
    """Speech-act agreement on the matched statements whose gold labels the act."""

    per_act: defaultdict[str, list[int]] = field(default_factory=lambda: defaultdict(_three))
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, gold: str | None, predicted: Any) -> None:
        """Count one matched pair; nothing when the gold gives no act."""
        if not isinstance(gold, str):
            return
        got = predicted if isinstance(predicted, str) else "none"
        self.per_act[gold][2] += 1
        self.per_act[got][1] += 1
        if got == gold:
            self.per_act[gold][0] += 1
        else:
            self.confusion[(gold, got)] += 1

    def to_dict(self) -> dict[str, Any] | None:
        """Accuracy, per-act scores and the confusions, most frequent first; None unlabelled."""
        labelled = sum(c[2] for c in self.per_act.values())
        if not labelled:
            return None
        correct = sum(c[0] for c in self.per_act.values())
        ranked = sorted(self.confusion.items(), key=lambda kv: (-kv[1], kv[0]))
        return {
            "labelled": labelled,
            "correct": correct,
            "accuracy": _rate(correct, labelled),
            "by_act": {
                act: {"gold": c[2], "predicted": c[1], **_prf(c[0], c[1], c[2])}
                for act, c in sorted(self.per_act.items())
            },
            "confusions": [{"gold": g, "predicted": p, "count": n} for (g, p), n in ranked],
        }
