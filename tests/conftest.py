"""Shared fixtures: the spaCy model, loaded once per test session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from analysis.nlp import load_model


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The project's spaCy pipeline (analysis.nlp.load_model), loaded once."""
    return load_model()
