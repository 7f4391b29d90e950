"""The analysis.load facade: the public surface other stages import, and a light import."""

from __future__ import annotations

import subprocess
import sys

import analysis.load as facade
from analysis import settings

# What other stages, the CLI, the Data page and the benchmarks import from analysis.load.
IMPORTED_ELSEWHERE = ("Article", "LoadProblem", "article_id", "load_articles", "load_upload")


def test_every_public_name_resolves():
    for name in (*facade.__all__, *IMPORTED_ELSEWHERE, "parse_column_map"):
        assert getattr(facade, name) is not None, name


def test_import_does_not_load_the_format_libraries():
    # The CLI and the dashboard import the loader at start; a page or a feed pays for
    # trafilatura, lxml and feedparser only when one is read.
    heavy = ("trafilatura", "lxml", "feedparser", "dateutil", "charset_normalizer")
    code = f"import sys, analysis.load; print([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.PROJECT_DIR,
    )
    assert result.stdout.strip() == "[]"
