"""The evaluation report: its figures, as text for people and as a dict for machines."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

TOP = 10  # theme and speech-act confusion pairs printed by to_text()


def pct(value: float | None) -> str:
    """A score with three decimals, or n/a."""
    return "n/a" if value is None else f"{value:.3f}"


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
    theme_confusion: dict[str, Any] | None = None  # breakdown.ThemeConfusion.to_dict()
    speaker_by_mention: dict[str, dict[str, Any]] = field(default_factory=dict)
    speech_acts: dict[str, Any] | None = None  # breakdown.ActTally.to_dict()
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The figures as JSON-ready nested dicts (the `evaluate --json` output)."""
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
                "confusion": self.theme_confusion,
            },
            "speaker_accuracy_by_mention": self.speaker_by_mention,
            "speech_acts": self.speech_acts,
            "missed_examples": self.missed_examples,
            "extra_examples": self.extra_examples,
            "speaker_errors": self.speaker_errors,
            "notes": self.notes,
        }

    def to_text(self) -> str:
        """The figures as the lines `evaluate` prints."""
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
        lines += confusion_lines(self.theme_confusion)
        lines += mention_lines(self.speaker_by_mention)
        lines += act_lines(self.speech_acts)
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


def _pairs(pairs: list[dict[str, Any]]) -> list[str]:
    return [f"  {p['gold']:<26} -> {p['predicted']:<26} {p['count']:>4}" for p in pairs[:TOP]]


def confusion_lines(confusion: dict[str, Any] | None) -> list[str]:
    """The theme confusion: the top pairs of gold theme missed → theme given instead."""
    if confusion is None:
        return []
    pairs = confusion["pairs"]
    missed, added = confusion["missed_only"], confusion["added_only"]
    return [
        f"theme confusion (gold theme missed -> theme given instead; top {min(TOP, len(pairs))} "
        f"of {len(pairs)} pairs, {sum(p['count'] for p in pairs)} in all)",
        *_pairs(pairs),
        f"  missed with none added {sum(missed.values())}  added with none missed "
        f"{sum(added.values())}",
    ]


def mention_lines(by_mention: dict[str, dict[str, Any]]) -> list[str]:
    """Speaker accuracy per type of the extracted speaker mention."""
    if not by_mention:
        return []
    return [
        "speaker accuracy by mention type",
        *(
            f"  {kind:<12} matched {row['matched']:>4}  correct {row['correct']:>4}  "
            f"accuracy {pct(row['accuracy'])}"
            for kind, row in by_mention.items()
        ),
    ]


def act_lines(acts: dict[str, Any] | None) -> list[str]:
    """Speech-act accuracy, per-act scores and the top confusions (gold → predicted)."""
    if acts is None:
        return ["speech acts  n/a (the gold labels no speech act)"]
    lines = [
        f"speech acts  accuracy {pct(acts['accuracy'])}  ({acts['correct']} of "
        f"{acts['labelled']} labelled matched statements)"
    ]
    lines += [
        f"  {act:<26} gold {row['gold']:>4}  predicted {row['predicted']:>4}  "
        f"P {pct(row['precision'])}  R {pct(row['recall'])}  F1 {pct(row['f1'])}"
        for act, row in acts["by_act"].items()
    ]
    if acts["confusions"]:
        lines.append(f"speech-act confusions (gold -> predicted; top {TOP})")
        lines += _pairs(acts["confusions"])
    return lines
