"""The evaluation report: its figures, as text for people and as a dict for machines."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


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
            },
            "missed_examples": self.missed_examples,
            "extra_examples": self.extra_examples,
            "speaker_errors": self.speaker_errors,
            "notes": self.notes,
        }

    def to_text(self) -> str:
        """The figures as the lines `evaluate` prints."""

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
