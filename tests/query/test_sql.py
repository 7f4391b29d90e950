"""DuckDB queries over the Delta tables give what the pandas filters give, injection-proof."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from analysis.query.filters import Filters, apply
from analysis.query.sql import (
    count_statements,
    statements_page,
)
from analysis.store import Store

LEGACY = Path(__file__).parents[1] / "fixtures" / "legacy_store"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("sql") / "store"
    shutil.copytree(LEGACY, root)
    store = Store(root)
    store.latest()  # migrates the generation store into Delta tables
    return store


@pytest.fixture(scope="module")
def statements(store):
    return store.tables().statements


def _filters(store, statements) -> list[Filters]:
    speaker = statements["speaker"].dropna().iloc[0]
    theme = statements["themes"].explode().dropna().iloc[0]
    word = statements["text"].iloc[3].split()[2]
    return [
        Filters(),
        Filters(speakers=(speaker,)),
        Filters(themes=(theme,), kinds=("direct",)),
        Filters(countries=("Turkey", "Russia")),
        Filters(date_from=date(2019, 1, 1), date_to=date(2020, 12, 31)),
        Filters(query=word.upper()),
        Filters(query="erdogan"),
        Filters(query="Cavusoglu said"),
        Filters(speakers=("x' OR 1=1 --",)),
        Filters(query="%"),
    ]


def test_counts_equal_the_pandas_filters(store, statements):
    for filters in _filters(store, statements):
        assert count_statements(store, filters) == len(apply(statements, filters)), filters


def test_a_page_is_the_sorted_slice_of_the_filtered_statements(store, statements):
    filters = Filters(countries=("Turkey", "Russia"))
    expected = apply(statements, filters).sort_values(
        ["speaker", "statement_id"], na_position="last"
    )
    page = statements_page(store, filters, sort="speaker", descending=False, offset=5, limit=7)
    assert list(page["statement_id"]) == list(expected["statement_id"].iloc[5:12])
    assert list(page.columns) == list(statements.columns)


def test_sort_keys_outside_the_list_never_reach_sql(store):
    with pytest.raises(ValueError, match="cannot sort by"):
        statements_page(store, Filters(), sort="published; DROP TABLE statements")


def test_counts_at_an_explicit_version_equal_the_latest_tables(store, statements):
    assert count_statements(store, Filters(), as_of=store.latest()) == len(statements)
