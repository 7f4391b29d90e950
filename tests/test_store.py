"""The Delta store: versions pinned per batch, as_of reads, history, maintenance, migration."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_ingest import CountingExtract, article

from analysis.ingest import ingest_articles
from analysis.store import Store, StoreError

LEGACY = Path(__file__).parent / "fixtures" / "legacy_store"


def test_every_batch_is_a_version_and_as_of_reproduces_it(tmp_path):
    store = Store(tmp_path)
    ingest_articles(store, [article(n) for n in range(5)], extract=CountingExtract(), batch_size=2)
    assert store.latest() == 2 and [c.articles for c in store.history()] == [2, 2, 1]
    ingest_articles(store, [article(9)], extract=CountingExtract())
    assert len(store.tables().statements) == 6
    assert len(store.tables(as_of=1).statements) == 4
    assert sorted(store.tables(as_of=0).articles["article_id"]) == [
        article(0).article_id,
        article(1).article_id,
    ]


def test_an_unknown_version_is_one_line(tmp_path):
    store = Store(tmp_path)
    ingest_articles(store, [article(1)], extract=CountingExtract())
    with pytest.raises(StoreError, match="no version 7"):
        store.tables(as_of=7)


def test_statements_of_an_uncommitted_batch_are_never_read_and_are_dropped(tmp_path):
    store = Store(tmp_path)
    ingest_articles(store, [article(1)], extract=CountingExtract())
    statements, mentions = CountingExtract()([article(2)])
    store._append("statements", statements)  # a crash after the statements, before articles
    assert len(store.tables().statements) == 1
    ingest_articles(store, [article(2)], extract=CountingExtract())
    ids = store.tables().statements["statement_id"]
    assert len(ids) == 2 and ids.is_unique


def test_optimize_compacts_and_keeps_every_row(tmp_path):
    store = Store(tmp_path)
    ingest_articles(store, [article(n) for n in range(6)], extract=CountingExtract(), batch_size=1)
    before = store.tables()
    done = store.optimize()
    assert done["statements"]["numFilesRemoved"] == 6
    after = store.tables()
    for name in ("articles", "statements", "mentions"):
        key = "statement_id" if name != "articles" else "article_id"
        pd.testing.assert_frame_equal(
            getattr(before, name).sort_values(key).reset_index(drop=True),
            getattr(after, name).sort_values(key).reset_index(drop=True),
        )
    assert store.history()[-1].operation == "optimize"
    assert store.vacuum(retention_hours=0)  # the pre-compaction files go
    assert len(store.tables().statements) == 6


def test_a_generation_store_is_migrated_on_first_open_losing_nothing(tmp_path):
    root = tmp_path / "old"
    shutil.copytree(LEGACY, root)
    generation = (root / "CURRENT").read_text().strip()
    old = {n: pd.read_parquet(root / generation / f"{n}.parquet") for n in ("articles", "mentions")}
    old_statements = pd.read_parquet(root / generation / "statements.parquet")
    store = Store(root)
    tables = store.tables()
    assert store.history()[0].operation == "migrate"
    assert sorted(tables.articles["article_id"]) == sorted(old["articles"]["article_id"])
    merged = tables.statements.merge(old_statements, on="statement_id", suffixes=("", "_old"))
    assert len(merged) == len(old_statements) == len(tables.statements)
    assert (merged["text"] == merged["text_old"]).all()
    assert (merged["themes"].map(list) == merged["themes_old"].map(list)).all()
    assert len(tables.mentions) == len(old["mentions"])
    assert (root / "_legacy" / generation / "statements.parquet").is_file()
    assert not (root / "CURRENT").exists()


def test_a_pointer_outside_the_store_is_refused(tmp_path):
    root = tmp_path / "old"
    shutil.copytree(LEGACY, root)
    victim = tmp_path / "victim" / "gen-x"
    victim.mkdir(parents=True)
    (root / "CURRENT").write_text("../victim/gen-x")
    with pytest.raises(StoreError, match="not a generation folder"):
        Store(root).tables()
    assert victim.is_dir()


def test_a_store_addressed_by_uri_goes_through_delta_rs_object_store(tmp_path):
    uri = (tmp_path / "remote").as_uri()  # file:// stands in for s3:// or az:// here
    store = Store(uri)
    assert not store.local
    ingest_articles(store, [article(1), article(2)], extract=CountingExtract())
    assert store.counts()[0] == 2
    assert (tmp_path / "remote" / "articles" / "_delta_log").is_dir()
    assert Store(uri).history()[-1].articles == 2


def test_counts_from_the_delta_log_equal_the_rows(tmp_path):
    from analysis.synthetic import synthetic_tables

    store = Store(tmp_path)
    first = synthetic_tables(300, seed=2)
    store.write(first)
    store.write(synthetic_tables(200, seed=3))
    store._delete(list(first.articles["article_id"].iloc[:7]))  # files rewritten
    for version in range(store.latest() + 1):
        for name in ("articles", "statements", "mentions"):
            assert store.count(name, version) == store.dataset(name, version).count_rows()
    assert store.count("statements", 0) == 300 < store.count("statements") < 500
