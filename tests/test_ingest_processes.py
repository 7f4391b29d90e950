"""Ingest as separate processes: killed mid-run then resumed, and two writers at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.settings import PROJECT_DIR
from analysis.store import Store

SAMPLE = PROJECT_DIR / "data" / "sample"
EARLY = SAMPLE / "2015-2019"
LATE = SAMPLE / "2020-2025"


def ingest_process(store: Path, *paths: Path, batch: int = 3) -> subprocess.Popen:
    env = {**os.environ, "SYRIA_DASH_BATCH": str(batch)}
    command = [sys.executable, "-m", "analysis", "ingest", *map(str, paths), "--store", str(store)]
    return subprocess.Popen(
        command, env=env, cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def finished(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err.decode()
    return out.decode()


def contents(store: Path) -> tuple[list[str], list[str]]:
    tables = Store(store).tables()
    return sorted(tables.articles["article_id"]), sorted(tables.statements["statement_id"])


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, tuple[list[str], list[str]]]:
    """Each half of the sample ingested alone, undisturbed."""
    found = {}
    for name, folder in (("early", EARLY), ("late", LATE)):
        store = tmp_path_factory.mktemp(name) / "store"
        finished(ingest_process(store, folder, batch=200))
        found[name] = contents(store)
    return found


def test_a_killed_ingest_resumes_without_loss_or_duplicates(tmp_path, clean):
    store = tmp_path / "store"
    process = ingest_process(store, EARLY)
    deadline = time.monotonic() + 300
    while (Store(store).latest() or -1) < 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    committed = len(Store(store).tables().articles)
    assert 0 < committed < len(clean["early"][0])  # killed mid-run, batches kept
    summary = finished(ingest_process(store, EARLY))
    assert f"{committed} unchanged" in summary
    articles, statements = contents(store)
    assert (articles, statements) == clean["early"]
    assert len(set(statements)) == len(statements)


def test_two_ingests_at_once_keep_both(tmp_path, clean):
    store = tmp_path / "store"
    first, second = ingest_process(store, EARLY), ingest_process(store, LATE)
    finished(first), finished(second)
    articles, statements = contents(store)
    assert articles == sorted(clean["early"][0] + clean["late"][0])
    assert statements == sorted(clean["early"][1] + clean["late"][1])
