"""Two extractions at once in one process (threads, one model) give the serial results."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from analysis.extract.model import load_model
from analysis.load import load_articles
from analysis.pipeline import extract
from analysis.settings import DATA_DIR, SEEDS_DIR


@pytest.fixture(scope="module")
def article_sets():
    articles = list(load_articles([DATA_DIR / "sample", SEEDS_DIR]))[:16]
    assert len(articles) >= 6
    return articles[0::2], articles[1::2]


def test_concurrent_extractions_equal_serial_ones(article_sets):
    nlp = load_model()
    serial = [extract(articles, nlp=nlp) for articles in article_sets]
    assert all(len(statements) for statements, _ in serial)
    for _ in range(2):  # interleavings differ from run to run: try more than one
        with ThreadPoolExecutor(max_workers=2) as pool:
            concurrent = list(pool.map(lambda a: extract(a, nlp=nlp), article_sets))
        for (expected_s, expected_m), (got_s, got_m) in zip(serial, concurrent, strict=True):
            pd.testing.assert_frame_equal(got_s, expected_s)
            pd.testing.assert_frame_equal(got_m, expected_m)
