"""DuckDB aggregates over a store equal the pandas aggregates over the same filtered rows."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.query import aggregates as agg
from analysis.query import sql_aggregates as sqla
from analysis.query.filters import Filters, apply
from analysis.query.prepared import prepare_statements
from analysis.reference import load_themes
from analysis.store import Store
from analysis.synthetic import synthetic_tables

LABELS = {t.id: t.label for t in load_themes()}
FILTERS = [
    Filters(),
    Filters(themes=("military_bases", "humanitarian")),
    Filters(countries=("Turkey",), kinds=("direct", "mixed")),
    Filters(date_from=date(2019, 1, 1), date_to=date(2021, 6, 30)),
    Filters(speakers=("nobody at all",)),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("sqla") / "store")
    store.write(synthetic_tables(3000, seed=4))
    return store


@pytest.fixture(scope="module")
def prepared(store) -> pd.DataFrame:
    return prepare_statements(store.tables().statements, list(LABELS), search=False)


def _both(store, prepared, filters):
    return sqla.scope(store, filters), apply(prepared, filters)


def _same(left: pd.DataFrame, right: pd.DataFrame, keys: list[str]) -> None:
    left = left.sort_values(keys).reset_index(drop=True)
    right = right.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right, check_dtype=False, check_categorical=False)


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_overview_and_quality_equal_pandas(store, prepared, filters):
    scope, df = _both(store, prepared, filters)
    assert sqla.overview_counts(scope) == agg.overview_counts(df)
    assert sqla.data_quality(scope, 3) == agg.data_quality(df, 3)


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_theme_counts_and_shares_equal_pandas(store, prepared, filters):
    scope, df = _both(store, prepared, filters)
    _same(sqla.theme_counts(scope, LABELS), agg.theme_counts(df, LABELS), ["theme"])
    by_country = agg.theme_by_group(df, LABELS, top=50)
    _same(sqla.theme_by_group(scope, LABELS, top=50), by_country, ["group", "theme"])
    for freq in ("week", "quarter"):
        share = agg.theme_share_over_time(df, LABELS, freq)
        _same(sqla.theme_share_over_time(scope, LABELS, freq), share, ["period", "theme"])


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_timelines_equal_pandas(store, prepared, filters):
    scope, df = _both(store, prepared, filters)
    for by in ("theme", "country", "outlet"):
        expected = agg.timeline(df, freq="month", by=by, labels=LABELS, top=50)
        found = sqla.timeline(scope, freq="month", by=by, labels=LABELS, top=50)
        _same(found, expected, ["period", "group"])


def test_top_values_and_speakers_count_like_pandas(store, prepared):
    scope, df = _both(store, prepared, Filters(kinds=("reported",)))
    _same(sqla.top_values(scope, "outlet", 100), agg.top_values(df, "outlet", 100), ["value"])
    found = sqla.top_speakers(scope, 1000).set_index("speaker")["statements"]
    expected = agg.top_speakers(df, 1000).set_index("speaker")["statements"]
    assert found.sort_index().to_dict() == expected.sort_index().to_dict()
    assert found.is_monotonic_decreasing


def test_link_text_never_reaches_the_sql(store):
    hostile = Filters(speakers=("x' OR 1=1 --",), query="'; DROP TABLE statements; --")
    assert sqla.overview_counts(sqla.scope(store, hostile))["statements"] == 0
    assert sqla.overview_counts(sqla.scope(store, Filters()))["statements"] == 3000
    with pytest.raises(ValueError):
        sqla.top_values(sqla.scope(store, Filters()), "text; DROP TABLE statements")


def test_an_empty_store_has_no_scope(tmp_path):
    assert sqla.scope(Store(tmp_path / "empty"), Filters()) is None
