"""Ingest: incremental, batched, resumable; pipeline-version re-parse; failed writes keep data."""

import pandas as pd
import pandera.errors
import pytest

from analysis import store as store_module
from analysis.ingest import ingest_articles
from analysis.load import Article
from analysis.schema import StatementsTable, empty_table
from analysis.store import Store


def article(n: int, text: str | None = None) -> Article:
    return Article(
        article_id=f"{n:016x}",
        origin=f"mem://{n}",
        outlet="Test Outlet",
        title=f"Title {n}",
        published="2020-03-05",
        url=None,
        language="en",
        text=text or f"Body of article {n}.",
        sample=True,
    )


class CountingExtract:
    """A stand-in for the NLP pipeline: one statement per article, counting what it parses."""

    def __init__(self) -> None:
        self.parsed: list[str] = []

    def __call__(self, articles, progress=None):
        rows = []
        for done, a in enumerate(articles, 1):
            self.parsed.append(a.article_id)
            rows.append(
                {
                    "statement_id": f"{a.article_id}:0",
                    "article_id": a.article_id,
                    "outlet": a.outlet,
                    "published": pd.Timestamp(a.published),
                    "title": a.title,
                    "url": a.url,
                    "speaker": "Someone",
                    "speaker_mention": "Someone",
                    "speaker_country": "Russia",
                    "speaker_type": "person",
                    "kind": "direct",
                    "cue": "say",
                    "text": a.text,
                    "sentence": a.text,
                    "start": 0,
                    "end": len(a.text),
                    "themes": ["military_bases"],
                    "actors": ["Russia"],
                    "speech_act": "statement",
                    "via": None,
                    "theme_evidence": ["military_bases: pattern"],
                    "sample": a.sample,
                }
            )
            if progress:
                progress(done)
        statements = StatementsTable.validate(pd.DataFrame(rows)) if rows else None
        mentions = pd.DataFrame(
            {
                "statement_id": [r["statement_id"] for r in rows],
                "article_id": [r["article_id"] for r in rows],
                "actor": ["Russia"] * len(rows),
                "actor_type": ["country"] * len(rows),
                "actor_country": ["Russia"] * len(rows),
            }
        )
        return statements if statements is not None else empty_table(StatementsTable), mentions


def test_empty_store_has_empty_tables_with_the_contract_columns(tmp_path):
    tables = Store(tmp_path / "s").tables()
    assert tables.statements.empty and "themes" in tables.statements.columns
    assert Store(tmp_path / "s").version() == ""


def test_ingest_is_incremental_and_reports_progress(tmp_path):
    extract = CountingExtract()
    store = Store(tmp_path)
    seen = []
    first = ingest_articles(
        store, [article(1), article(2)], extract=extract, progress=lambda d, t: seen.append((d, t))
    )
    assert (first.added, first.unchanged, first.statements) == (2, 0, 2)
    assert seen[-1] == (2, 2)
    version = store.version()

    second = ingest_articles(store, [article(2), article(3)], extract=extract)
    assert (second.added, second.unchanged) == (1, 1)
    assert extract.parsed == [article(1).article_id, article(2).article_id, article(3).article_id]
    assert store.version() != version
    tables = store.tables()
    assert sorted(tables.articles["article_id"]) == [article(n).article_id for n in (1, 2, 3)]
    assert tables.statements["themes"].iloc[0] == ["military_bases"]
    assert str(tables.statements["published"].dtype).startswith("datetime64")


def test_duplicates_within_one_ingest_are_folded(tmp_path):
    extract = CountingExtract()
    summary = ingest_articles(Store(tmp_path), [article(1), article(1)], extract=extract)
    assert summary.added == 1 and extract.parsed == [article(1).article_id]


def test_a_new_pipeline_version_reparses_stored_articles(tmp_path, monkeypatch):
    extract = CountingExtract()
    store = Store(tmp_path)
    ingest_articles(store, [article(1)], extract=extract)
    monkeypatch.setattr(store_module, "pipeline_version", lambda: "next")
    summary = ingest_articles(store, [], extract=extract)
    assert summary.reparsed == 1 and extract.parsed.count(article(1).article_id) == 2
    assert len(store.tables().statements) == 1


def test_a_failed_write_leaves_the_previous_tables(tmp_path):
    extract = CountingExtract()
    store = Store(tmp_path)
    ingest_articles(store, [article(1)], extract=extract)
    version = store.version()

    def broken(articles, progress=None):
        statements, mentions = extract(articles)
        return statements.assign(kind="shouted"), mentions  # violates the schema

    with pytest.raises(pandera.errors.SchemaError):
        ingest_articles(store, [article(2)], extract=broken)
    assert store.version() == version
    assert list(store.tables().articles["article_id"]) == [article(1).article_id]


def test_folded_duplicates_are_counted_across_ingests(tmp_path):
    store = Store(tmp_path)
    first = ingest_articles(
        store, [article(1), article(1)], extract=CountingExtract(), duplicates=2
    )
    assert first.duplicates == 3 and store.duplicates_folded() == 3
    ingest_articles(store, [article(2)], extract=CountingExtract(), duplicates=1)
    assert store.duplicates_folded() == 4


def test_the_ingest_summary_names_the_spacy_model(tmp_path):
    from analysis.extract.model import available_model

    summary = ingest_articles(Store(tmp_path), [article(1)], extract=CountingExtract())
    assert summary.model == available_model()
    assert f"spaCy model: {available_model()}" in summary.to_text()
