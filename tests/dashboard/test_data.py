"""The dashboard's data: nothing held in pandas, counts and pages from DuckDB, text per row."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.query import aggregates as agg
from analysis.query.filters import Filters, apply, mask
from analysis.query.prepared import prepare_statements
from analysis.reference import load_themes
from analysis.store import Store
from analysis.synthetic import synthetic_tables
from dashboard import data as dashboard_data

THEMES = [t.id for t in load_themes()]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("store")
    Store(root).write(synthetic_tables(800, seed=5))
    return root


@pytest.fixture(scope="module")
def full(store_dir: Path):
    return prepare_statements(Store(store_dir).table("statements"), THEMES)


@pytest.fixture
def data(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dashboard_data.Data:
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store_dir))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)
    return dashboard_data.load_data()


def test_the_view_holds_no_table(data, full) -> None:
    assert not any(hasattr(data, name) for name in ("statements", "tables", "mentions"))
    assert data.n_statements == len(full) and data.n_articles > 0
    assert data.speakers == sorted(full["speaker"].dropna().astype(str).unique())


def test_a_selection_counts_like_the_pandas_filters(data, full) -> None:
    for filters in (Filters(), Filters(countries=("Turkey",)), Filters(kinds=("direct",))):
        selection = dashboard_data.Selection(data, filters)
        kept = apply(full, filters)
        assert len(selection) == len(kept)
        assert selection.sample_count == int(kept["sample"].sum())


@pytest.mark.parametrize(
    ("query", "some"),
    [("KARIMI", True), ("Karımi 001", True), ("political settlement", True), ("zzzz", False)],
)
def test_search_in_the_store_matches_search_in_memory(data, full, query, some) -> None:
    expected = int(mask(full, Filters(query=query)).sum())
    found = len(dashboard_data.Selection(data, Filters(query=query)))
    assert found == expected and bool(found) == some


def test_a_page_is_sorted_and_carries_its_text(data, store_dir: Path, full) -> None:
    page = dashboard_data.statements_page(data, Filters(), sort="speaker", offset=10, limit=25)
    assert len(page) == 25
    expected = full.sort_values(["speaker", "statement_id"], ascending=[False, True])
    expected = expected[expected["speaker"].notna()].iloc[10:35]
    assert page["statement_id"].tolist() == expected["statement_id"].tolist()
    stored = Store(store_dir).table("statements").set_index("statement_id")
    for _, row in page.iterrows():
        assert row["text"] == stored.loc[row["statement_id"], "text"]


def test_downloads_and_context_read_the_whole_text(data) -> None:
    tables = dashboard_data.full_tables(data)
    assert "text" in tables.statements and len(tables.statements) == data.n_statements
    article = tables.articles.iloc[0]
    assert dashboard_data.article_text(data, article["article_id"]) == article["text"]


def test_data_quality_counts_repeats_like_pandas(data, full) -> None:
    found = dashboard_data.counts(data, Filters(), "data_quality")
    assert found == agg.data_quality(full)


def test_compare_quotes_come_from_each_side_only(data) -> None:
    top = dashboard_data.counts(data, Filters(), "top_speakers", n=1)["speaker"].iloc[0]
    for side in (("country", "Russia"), ("speaker", top)):
        quotes = dashboard_data.side_quotes(data, Filters(), side, 5)
        column = {"country": "speaker_country", "speaker": "speaker"}[side[0]]
        assert len(quotes) == 5 and set(quotes[column]) == {side[1]}
    excluded = dashboard_data.side_quotes(
        data, Filters(countries=("Iran",)), ("country", "Russia"), 5
    )
    assert excluded.empty
