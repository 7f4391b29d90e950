"""HTML pages → articles: body, metadata, gzip; the extraction benchmark on the corpus."""

from __future__ import annotations

import gzip

import pytest
from load_inputs import html_page, load, need, write

from analysis import settings

BENCHMARK = settings.CORPORA_DIR / "article-extraction-benchmark"


def test_html_page_body_and_metadata(tmp_path):
    (article,), problems = load(write(tmp_path / "page.html", html_page()))
    assert problems == []
    assert article.title == "Ceasefire in Idlib extended"
    assert article.outlet == "The Bosphorus Ledger"
    assert article.sample is True
    assert article.published == "2020-03-06"
    assert article.url == "https://bosphorus-ledger.example/news/ceasefire"
    assert "Cavusoglu said on Tuesday" in article.text and "Peskov said" in article.text
    for unwanted in ("EVIL", "alert(", "<", "Home", "All rights reserved", "Photo by"):
        assert unwanted not in article.text


def test_gzipped_html_is_read(tmp_path):
    path = write(tmp_path / "page.html.gz", gzip.compress(html_page().encode("utf-8")))
    (article,), problems = load(path)
    assert problems == [] and "Peskov said" in article.text


@pytest.mark.corpus
def test_html_extraction_benchmark_f1():
    need(BENCHMARK / "ground-truth.json")
    import importlib.util

    from analysis.load.html import extract_body

    bench_file = settings.PROJECT_DIR / "benchmarks" / "bench_html_extraction.py"
    spec = importlib.util.spec_from_file_location("bench_html_extraction", bench_file)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    scores = bench.evaluate(extract_body, BENCHMARK)
    assert scores["pages"] == 181
    assert scores["f1"] >= 0.96, scores
