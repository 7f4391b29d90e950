"""Shared fixtures: the spaCy model, loaded once per test session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from analysis.extract.model import load_model


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The project's spaCy pipeline (analysis.extract.model.load_model), loaded once."""
    return load_model()
