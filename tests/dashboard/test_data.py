"""The dashboard's data: no text held in memory, text read per shown row, search in DuckDB."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.query.filters import Filters, mask
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


@pytest.fixture
def data(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dashboard_data.Data:
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store_dir))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)
    return dashboard_data.load_data()


def test_the_text_columns_stay_in_the_store(data) -> None:
    for column in ("text", "sentence", "theme_evidence"):
        assert column not in data.statements
    assert "text" not in data.tables.articles
    assert len(data.statements) > 0


@pytest.mark.parametrize(
    ("query", "some"),
    [("KARIMI", True), ("Karımi 001", True), ("political settlement", True), ("zzzz", False)],
)
def test_search_in_the_store_matches_search_in_memory(data, store_dir, query, some) -> None:
    full = prepare_statements(Store(store_dir).table("statements"), THEMES)
    expected = set(full.loc[mask(full, Filters(query=query)), "statement_id"])
    found = set(dashboard_data.filtered(data, Filters(query=query))["statement_id"])
    assert found == expected and bool(found) == some


def test_shown_rows_get_their_text_from_the_store(data, store_dir: Path) -> None:
    shown = data.statements.sample(25, random_state=1)
    with_text = dashboard_data.with_text(data, shown)
    stored = Store(store_dir).table("statements").set_index("statement_id")
    for _, row in with_text.iterrows():
        assert row["text"] == stored.loc[row["statement_id"], "text"]
        assert row["sentence"] == stored.loc[row["statement_id"], "sentence"]


def test_downloads_and_context_read_the_whole_text(data, store_dir: Path) -> None:
    full = dashboard_data.full_tables(data)
    assert "text" in full.statements and len(full.statements) == len(data.statements)
    article = full.articles.iloc[0]
    assert dashboard_data.article_text(data, article["article_id"]) == article["text"]


def test_data_quality_counts_repeats_without_the_text(data, store_dir: Path) -> None:
    from analysis.query.aggregates import data_quality

    full = prepare_statements(Store(store_dir).table("statements"), THEMES)
    assert data_quality(data.statements) == data_quality(full)
