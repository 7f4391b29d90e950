"""The extraction on a Dask LocalCluster of two workers equals the in-process extraction."""

from __future__ import annotations

import pandas as pd

from analysis.ingest import ingest_articles
from analysis.load import load_articles
from analysis.settings import PROJECT_DIR
from analysis.store import Store

EARLY = PROJECT_DIR / "data" / "sample" / "2015-2019"


def _sorted(frame: pd.DataFrame, key: str | list[str]) -> pd.DataFrame:
    return frame.sort_values(key).reset_index(drop=True)


def test_two_dask_workers_extract_the_sample_as_one_process_does(tmp_path):
    articles = list(load_articles([EARLY]))
    here, there = Store(tmp_path / "here"), Store(tmp_path / "there")
    ingest_articles(here, articles, batch_size=8)
    seen: list[int] = []
    summary = ingest_articles(
        there, articles, batch_size=8, workers=2, progress=lambda d, t: seen.append(d)
    )
    assert summary.added == len(articles) and seen[-1] == len(articles)
    local, remote = here.tables(), there.tables()
    pd.testing.assert_frame_equal(
        _sorted(local.statements, "statement_id"), _sorted(remote.statements, "statement_id")
    )
    keys = ["statement_id", "actor"]
    pd.testing.assert_frame_equal(_sorted(local.mentions, keys), _sorted(remote.mentions, keys))
