"""Real-browser suite: the dashboard (serve.py) on 127.0.0.1, driven by Debian's chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_server import TIMEOUT_MS, StreamlitServer, chromium, require_browser, wait_for_app

from analysis.settings import SEEDS_DIR

# Small invented articles (not from any corpus): one Russian statement on the bases, one
# Turkish statement on the ceasefire, read through the real loader and pipeline.
ARTICLES = {
    "lavrov-bases.txt": """---
outlet: Test Wire
title: Lavrov on the bases
published: 2024-03-05
url: https://example.org/test/lavrov-bases
---
Russian Foreign Minister Sergey Lavrov said on Tuesday that the Russian military bases at
Hmeimim and Tartus would remain in Syria under the existing agreements.

"Our bases in Syria serve the stability of the whole region," Lavrov told reporters in Moscow.
""",
    "cavusoglu-idlib.txt": """---
outlet: Test Wire
title: Cavusoglu on Idlib
published: 2020-03-06
url: https://example.org/test/idlib
---
Turkish Foreign Minister Mevlüt Çavuşoğlu said the ceasefire in Idlib must be respected by all
sides.
""",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/browser/ carries the `browser` marker (deselect: -m 'not browser')."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def build_store(root: Path) -> Path:
    """A store made by the real loader and pipeline from the invented articles and the seed."""
    from analysis.ingest import ingest_articles
    from analysis.load import load_articles
    from analysis.store import Store

    folder = root / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = root / "store"
    ingest_articles(Store(store), load_articles([folder, SEEDS_DIR]))
    return store


@pytest.fixture(scope="session")
def browser_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_browser()
    return build_store(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="session")
def app_url(browser_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a live dashboard over the test store."""
    server = StreamlitServer(browser_store, tmp_path_factory.mktemp("logs") / "streamlit.log")
    server.start()
    try:
        server.wait_healthy()
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Per module: Playwright's sync API holds this thread's event loop while it runs, so a
    browser kept for the whole session would stop later suites from starting their own."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser, app_url: str) -> Iterator[object]:
    context = browser.new_context(
        accept_downloads=True, viewport={"width": 1400, "height": 1000}, base_url=app_url
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def settle():
    """`settle(page)`: wait for the app's script run to finish (a fixture, so tests need no
    `from conftest import`, which breaks as soon as another conftest.py exists)."""
    return wait_for_app
