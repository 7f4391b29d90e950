"""Extraction is thread-safe: concurrent runs on one nlp give exactly the serial results."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
from spacy.language import Language

from analysis.load import Article, load_articles
from analysis.pipeline import extract
from analysis.settings import DATA_DIR, SEEDS_DIR


def _articles(folder: str) -> list[Article]:
    paths = sorted(p for p in (DATA_DIR / "sample" / folder).iterdir() if p.suffix != ".json")
    return list(load_articles(paths))


def _same(
    left: tuple[pd.DataFrame, pd.DataFrame], right: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    for a, b in zip(left, right, strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_concurrent_extractions_match_the_serial_ones(nlp: Language) -> None:
    sets = [
        _articles("2015-2019") + list(load_articles(sorted(SEEDS_DIR.glob("*.txt")))),
        _articles("2020-2025"),
    ]
    assert all(sets)
    serial = [extract(articles, nlp=nlp) for articles in sets]
    assert all(len(statements) for statements, _ in serial)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(extract, articles, nlp=nlp) for articles in sets]
        concurrent = [f.result() for f in futures]
    for result, expected in zip(concurrent, serial, strict=True):
        _same(result, expected)


def test_one_doc_two_gazetteers_do_not_mix(nlp: Language) -> None:
    """A Doc the pipeline's gazetteer matched is matched again by another index."""
    from analysis.extract.actors import ActorIndex
    from analysis.reference import Actor

    doc = nlp("Lavrov said Moscow would answer.")
    small = ActorIndex(nlp, (Actor("Russia", "country", "Russia", ("Moscow",)),))
    assert "Sergey Lavrov" in [s.label_ for s in doc.spans["actors"]]
    assert small.actors_in(doc) == ["Lavrov", "Russia"]
