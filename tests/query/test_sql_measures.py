"""Theme timelines counted once per statement add up to the statements; theme tags to the
tags; the statements behind a segment number its height."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.query import sql_aggregates as sqla
from analysis.query.filters import Filters
from analysis.reference import load_themes
from analysis.store import Store
from analysis.synthetic import synthetic_tables

LABELS = {t.id: t.label for t in load_themes()}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("measures") / "store")
    store.write(synthetic_tables(1500, seed=9))
    return store


@pytest.fixture(params=["delta", "snapshot"])
def scope(request, store):
    return sqla.scope(
        store, Filters(), theme_ids=None if request.param == "delta" else list(LABELS)
    )


def test_counted_once_the_bars_add_up_to_the_dated_statements(store, scope) -> None:
    statements = store.tables().statements
    dated = statements[statements["published"].notna()]
    once = sqla.theme_timeline_once(scope, freq="year", labels=LABELS)
    assert once["statements"].sum() == len(dated)
    several = sum(len(t) > 1 for t in dated["themes"])
    assert once.loc[once["group"] == "several themes", "statements"].sum() == several
    tags = sqla.timeline(scope, freq="year", by="theme", labels=LABELS)
    assert tags["statements"].sum() == sum(len(t) for t in dated["themes"]) > len(dated)


def test_the_statements_behind_a_segment_number_its_height(scope) -> None:
    once = sqla.theme_timeline_once(scope, freq="year", labels=LABELS)
    for row in once.sample(5, random_state=1).itertuples():
        n, rows = sqla.statements_at_once(
            scope, pd.Timestamp(row.period), freq="year", group=row.group, labels=LABELS
        )
        assert n == row.statements and len(rows) == min(n, 1000)
