"""The trained theme classifier: one logistic model per theme over statement features, read
from analysis/models/themes/ (model.json + weights.npz) once per folder, numpy only."""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from analysis.extract.theme_features import FEATURES_VERSION

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "models" / "themes"
# SYRIA_DASH_THEME_MODEL names another model folder; "none" runs on patterns alone.
ENV = "SYRIA_DASH_THEME_MODEL"
MODEL_FILE = "model.json"
WEIGHTS_FILE = "weights.npz"


@dataclass(frozen=True, eq=False)
class ThemeModel:
    """Per-theme logistic models over sublinear tf-idf features, with tuned thresholds.

    The patterns stay the analyst's lever: a theme the statement's own words match is kept. The
    model adds a theme to a statement whose words match none when its probability reaches
    `add_at[theme]`, adds it beside the content's own themes at `add_any_at[theme]`, and drops
    a theme the patterns took from context (the sentence around, the sentence referred back
    to, the article's main theme) when it falls below `remove_below[theme]`, and one of the
    content's own words only below `veto_below[theme]` (far lower). A theme in no
    table (too few examples, or cross-validation found the rule no help) is the patterns'
    alone, as is every theme new to the taxonomy."""

    labels: tuple[str, ...]
    vocabulary: tuple[str, ...]
    idf: np.ndarray  # per feature
    coef: np.ndarray  # labels × features
    intercept: np.ndarray  # per label
    add_at: dict[str, float]
    remove_below: dict[str, float]
    add_any_at: dict[str, float] = field(default_factory=dict)
    veto_below: dict[str, float] = field(default_factory=dict)
    version: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {f: i for i, f in enumerate(self.vocabulary)})

    @property
    def decides(self) -> frozenset[str]:
        """The themes on which the model has a say (adding, removing or both)."""
        tables = (self.add_at, self.remove_below, self.add_any_at, self.veto_below)
        return frozenset().union(*tables)

    def row(self, features: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The feature indices and l2-normalised weights of one statement."""
        index: dict[str, int] = self._index  # type: ignore[attr-defined]
        counts = Counter(index[f] for f in features if f in index)
        return vector(counts, self.idf)

    def probabilities(self, features: Sequence[str]) -> dict[str, float]:
        """Theme id → the model's probability for one statement's features."""
        columns, values = self.row(features)
        scores = self.coef[:, columns] @ values + self.intercept
        return {label: _sigmoid(float(s)) for label, s in zip(self.labels, scores, strict=True)}

    def save(self, folder: Path) -> None:
        """Write model.json and weights.npz to `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        meta = {
            "version": self.version,
            "features_version": FEATURES_VERSION,
            "labels": list(self.labels),
            "add_at": _rounded(self.add_at),
            "remove_below": _rounded(self.remove_below),
            "add_any_at": _rounded(self.add_any_at),
            "veto_below": _rounded(self.veto_below),
            "vocabulary": list(self.vocabulary),
        }
        (folder / MODEL_FILE).write_text(json.dumps(meta, indent=0) + "\n", encoding="utf-8")
        np.savez_compressed(
            folder / WEIGHTS_FILE,
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            idf=self.idf.astype(np.float32),
        )


def _rounded(thresholds: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in sorted(thresholds.items())}


def vector(counts: Counter[int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sublinear tf (1 + log count) times idf, l2-normalised: (indices, values)."""
    columns = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
    tf = np.array([1.0 + math.log(counts[c]) for c in columns], dtype=np.float64)
    values = tf * idf[columns] if len(columns) else tf
    norm = float(np.linalg.norm(values))
    return columns, (values / norm if norm else values)


def _sigmoid(score: float) -> float:
    if score >= 0:
        return 1.0 / (1.0 + math.exp(-score))
    z = math.exp(score)
    return z / (1.0 + z)


def model_dir() -> Path | None:
    """The folder the product reads its model from; None when switched off."""
    value = os.environ.get(ENV)
    if value is None:
        return DEFAULT_DIR
    return None if value.strip().lower() in ("", "none", "off") else Path(value)


def read_model(folder: Path) -> ThemeModel | None:
    """The model saved in `folder`; None when it holds none or one of other features."""
    meta_path, weights_path = folder / MODEL_FILE, folder / WEIGHTS_FILE
    if not meta_path.exists() or not weights_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("features_version") != FEATURES_VERSION:
        return None
    with np.load(weights_path) as weights:
        coef, intercept, idf = weights["coef"], weights["intercept"], weights["idf"]
    return ThemeModel(
        labels=tuple(meta["labels"]),
        vocabulary=tuple(meta["vocabulary"]),
        idf=idf.astype(np.float64),
        coef=coef.astype(np.float64),
        intercept=intercept.astype(np.float64),
        add_at={k: float(v) for k, v in meta["add_at"].items()},
        remove_below={k: float(v) for k, v in meta["remove_below"].items()},
        add_any_at={k: float(v) for k, v in meta.get("add_any_at", {}).items()},
        veto_below={k: float(v) for k, v in meta.get("veto_below", {}).items()},
        version=str(meta.get("version", "")),
    )


def load_theme_model(folder: Path | None = None) -> ThemeModel | None:
    """The model of `folder` (default: model_dir()), read once per folder; None without one."""
    folder = folder if folder is not None else model_dir()
    return _cached_model(Path(folder).resolve()) if folder is not None else None


@lru_cache(maxsize=4)
def _cached_model(folder: Path) -> ThemeModel | None:
    return read_model(folder)
