"""Shared fixtures of the render tests: synthetic tables, their chart context, prepared rows."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.query.filters import prepare_statements
from analysis.render import charts
from analysis.synthetic import synthetic_tables


@pytest.fixture(scope="module")
def tables():
    return synthetic_tables(1500, seed=5)


@pytest.fixture(scope="module")
def ctx(tables) -> charts.ChartContext:
    return charts.default_context(tables.mentions)


@pytest.fixture(scope="module")
def prepared(tables, ctx) -> pd.DataFrame:
    return prepare_statements(tables.statements, list(ctx.labels))
