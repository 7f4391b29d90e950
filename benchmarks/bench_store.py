"""Store at scale: a 10M-statement Delta store, ten new articles into it, re-ingest, workers.

Run alone with `python -m benchmarks.bench_store [STATEMENTS]` or through `make bench`.
Figures are ratios measured side by side in one run (the targets of the store issue):
- ten new articles into the big store: seconds beyond their own extraction (target ≤ 5 s);
- full-text search over every statement with DuckDB (target ≤ 1 s);
- re-ingest of the unchanged FA-KES corpus against its first ingest (target ≥ 50×);
- extraction against bare `nlp.pipe` of the same model on the same texts (target ≤ 1.2×);
- two Dask workers against one (target ≥ 1.6× throughput).
The big store is built once (synthetic tables written in chunks) and reused from
`$SYRIA_DASH_BENCH_DIR` (default /tmp/syria-dash-bench) while the pipeline stays the same.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.query.snapshot import SNAPSHOT_FOLDER
from analysis.settings import CORPORA_DIR

if TYPE_CHECKING:
    from analysis.store import Store

FAKES = CORPORA_DIR / "fakes" / "FA-KES-Dataset.csv"
HELD_OUT = CORPORA_DIR / "fakes" / "HELD_OUT.txt"
CHUNK = 1_000_000
NEEDLE = {"p": "%bases has not%"}


def _bench_dir() -> Path:
    return Path(os.environ.get("SYRIA_DASH_BENCH_DIR", "/tmp/syria-dash-bench"))


# Changes when the stored columns change (2: the folded search text stored beside statements).
STORE_LAYOUT = "v2"


def big_store(n_statements: int) -> Path:
    """A store of n synthetic statements, built in chunks of one million (memory stays flat)."""
    from analysis.store import Store, pipeline_version
    from analysis.synthetic import synthetic_tables

    # the pipeline version is in the name: an ingest into a store parsed by an older pipeline
    # re-parses every article, which is not what the ten-articles figure measures
    pipeline = hashlib.sha1(pipeline_version().encode()).hexdigest()[:8]
    path = _bench_dir() / f"store-{n_statements}-{STORE_LAYOUT}-{pipeline}"
    if (path / "articles").exists() and Store(path).count("statements") == n_statements:
        return path
    shutil.rmtree(path, ignore_errors=True)
    began = time.perf_counter()
    for seed, start in enumerate(range(0, n_statements, CHUNK)):
        Store(path).write(synthetic_tables(min(CHUNK, n_statements - start), seed=seed))
        built = min(start + CHUNK, n_statements)
        print(f"  built {built:,} statements ({time.perf_counter() - began:.0f} s)", flush=True)
    return path


def _fakes_articles(limit: int | None = None) -> list:
    """FA-KES articles through the loader, without the held-out ones (read once per run)."""
    articles = _all_fakes_articles()
    return list(articles[:limit] if limit else articles)


def _load_fakes() -> tuple:
    """Every FA-KES article but the held-out ones, loaded from a filtered copy of the CSV."""
    import pandas as pd

    from analysis.load import load_articles

    held_out = {line for line in HELD_OUT.read_text().split() if line.isdigit()}
    frame = pd.read_csv(FAKES, encoding="latin-1", dtype=str)
    kept = frame[~frame["unit_id"].isin(held_out)]
    copy = _bench_dir() / "fakes-without-held-out.csv"
    kept.to_csv(copy, index=False, encoding="latin-1")
    return tuple(load_articles([copy]))


_all_fakes_articles = functools.cache(_load_fakes)


def ten_new_articles(store_path: Path) -> None:
    """Ingest 10 articles into a copy of the big store; time beyond their own extraction."""
    from analysis.ingest import ingest_articles
    from analysis.pipeline import extract
    from analysis.store import Store

    articles = _fakes_articles(10)
    extract(articles)  # warm the model so both timings exclude its load
    began = time.perf_counter()
    extract(articles)
    nlp_seconds = time.perf_counter() - began
    with tempfile.TemporaryDirectory(dir=_bench_dir()) as scratch:
        copy = Path(scratch) / "store"
        # the dashboard's snapshots are rebuilt below, not copied
        shutil.copytree(store_path, copy, ignore=shutil.ignore_patterns(SNAPSHOT_FOLDER))
        began = time.perf_counter()
        summary = ingest_articles(Store(copy), articles)
        total = time.perf_counter() - began
        print(
            f"ten new articles: ingest {total:.2f} s, their extraction {nlp_seconds:.2f} s, "
            f"beyond extraction {total - nlp_seconds:.2f} s (target ≤ 5 s); "
            f"store now {summary.total_statements:,} statements"
        )
        snapshot_update(Store(copy))


def snapshot_update(store: Store) -> None:
    """The dashboard's snapshot of the newest version: from the one before plus the changed
    files, against a whole rebuild."""
    from analysis.query.snapshot import build_snapshot, remove_snapshots
    from analysis.reference import load_themes

    themes = [t.id for t in load_themes()]
    latest = store.latest()
    began = time.perf_counter()
    build_snapshot(store, latest - 1, themes)
    whole = time.perf_counter() - began
    began = time.perf_counter()
    build_snapshot(store, latest, themes)
    updated = time.perf_counter() - began
    remove_snapshots(store)
    print(f"dashboard snapshot: whole {whole:.1f} s, next version from it {updated:.1f} s")


def full_text(store_path: Path) -> None:
    """DuckDB's options for the `q` filter over every statement, the product's one first."""
    import duckdb

    from analysis.query.filters import Filters
    from analysis.query.sql import count_statements
    from analysis.store import SEARCH_COLUMN, Store
    from analysis.text import SEARCH_SQL

    store = Store(store_path)
    _timed("q on the dashboard's snapshot (folded text, sentence, speaker, title)",
           lambda: _snapshot_count(store, "bases has not"))  # fmt: skip
    _timed("q over the Delta table itself (no snapshot)",
           lambda: count_statements(store, Filters(query="bases has not")))  # fmt: skip
    connection = duckdb.connect()
    connection.register("statements", store.dataset("statements"))
    options = {
        "stored folded column contains": f"contains({SEARCH_COLUMN}, replace(lower($p), '%', ''))",
        "text ILIKE": "text ILIKE $p",
        "text or sentence ILIKE": "text ILIKE $p OR sentence ILIKE $p",
        "folded concatenation LIKE": f"{SEARCH_SQL} LIKE $p",
    }
    for label, clause in options.items():
        sql = f"SELECT count(*) FROM statements WHERE {clause}"
        _timed(label, lambda sql=sql: connection.execute(sql, NEEDLE).fetchone()[0])


def _snapshot_count(store: Store, query: str) -> int:
    """A text query counted as a page does, its row ids found afresh (no cache)."""
    from analysis.query import sql_aggregates as sqla
    from analysis.query.filters import Filters
    from analysis.query.scope import forget_searches
    from analysis.reference import load_themes

    forget_searches()
    themes = [t.id for t in load_themes()]
    return sqla.count(sqla.scope(store, Filters(query=query), theme_ids=themes))


def _timed(label: str, run: object) -> None:
    """Median of three runs of a counting query."""
    times, count = [], 0
    for _ in range(3):
        began = time.perf_counter()
        count = run()
        times.append(time.perf_counter() - began)
    print(f"full-text {label}: median {sorted(times)[1]:.2f} s ({count:,} hits; target ≤ 1 s)")


def reingest_ratio() -> None:
    """First ingest of FA-KES into an empty store against a second, unchanged one."""
    from analysis.ingest import ingest_articles
    from analysis.store import Store

    articles = _fakes_articles()
    with tempfile.TemporaryDirectory(dir=_bench_dir()) as scratch:
        store = Store(Path(scratch) / "store")
        began = time.perf_counter()
        ingest_articles(store, articles)
        first = time.perf_counter() - began
        began = time.perf_counter()
        summary = ingest_articles(store, _load_fakes())  # the files read again, as a re-run does
        second = time.perf_counter() - began
    print(
        f"re-ingest of {len(articles)} FA-KES articles: first {first:.1f} s, again "
        f"{second:.2f} s ({summary.unchanged} unchanged): {first / second:.0f}× (target ≥ 50×)"
    )


def extraction_overhead(limit: int = 300) -> None:
    """CPU time of extract() against bare nlp.pipe over the same texts, same model."""
    from analysis.extract.model import EXTRACTION_PIPES, load_model
    from analysis.pipeline import extract

    articles = _fakes_articles(limit)
    nlp = load_model()
    extract(articles[:5], nlp=nlp)  # warm-up: matchers and vocab outside the timing
    ours_pipes = [name for name in EXTRACTION_PIPES if name in nlp.pipe_names]
    cpu = time.process_time()
    with nlp.select_pipes(disable=ours_pipes):  # the model alone, as spaCy ships it
        for _ in nlp.pipe(a.text for a in articles):
            pass
    bare = time.process_time() - cpu
    cpu = time.process_time()
    extract(articles, nlp=nlp)
    ours = time.process_time() - cpu
    print(
        f"extraction of {len(articles)} articles: nlp.pipe {bare:.1f} CPU-s, extract "
        f"{ours:.1f} CPU-s: {ours / bare:.2f}× (target ≤ 1.2×)"
    )


def workers_ratio(limit: int = 240, batch: int = 10) -> None:
    """Steady-state extraction throughput of a LocalCluster of two workers against one: each
    cluster is started and every worker has loaded its model before the clock starts (the
    start-up, a few seconds per ingest, is printed apart)."""
    from distributed import LocalCluster

    from analysis.cluster import extract_on_cluster

    articles = _fakes_articles(limit)
    batches = [articles[i : i + batch] for i in range(0, len(articles), batch)]
    rates = {}
    for workers in (1, 2):
        began = time.perf_counter()
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster:
            address = cluster.scheduler_address
            warm = [articles[:1]] * (2 * workers)
            list(extract_on_cluster(iter(warm), None, len(warm), scheduler=address))
            started = time.perf_counter() - began
            began = time.perf_counter()
            list(extract_on_cluster(iter(batches), None, len(articles), scheduler=address))
            rates[workers] = len(articles) / (time.perf_counter() - began)
        print(
            f"{workers} Dask worker(s): {rates[workers]:.1f} articles/s "
            f"(cluster start and model loads: {started:.1f} s)"
        )
    print(f"two workers / one: {rates[2] / rates[1]:.2f}× (target ≥ 1.6×)")


def main(n_statements: int = 10_000_000) -> None:
    """Print the store issue's figures side by side."""
    _bench_dir().mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    path = big_store(n_statements)
    seconds = time.perf_counter() - began
    print(f"store of {n_statements:,} synthetic statements ready ({seconds:.0f} s)")
    full_text(path)
    if not FAKES.exists():
        print(f"skipped the ingest figures: FA-KES corpus not found at {FAKES}")
        return
    ten_new_articles(path)
    extraction_overhead()
    workers_ratio()
    reingest_ratio()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000)
