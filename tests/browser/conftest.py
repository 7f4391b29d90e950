"""Real-browser suite: the dashboard (serve.py) on 127.0.0.1, driven by Debian's chromium."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.settings import CHROMIUM, CHROMIUM_ARGS, PROJECT_DIR, SEEDS_DIR

APP_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SERVER_START_TIMEOUT = 90.0  # seconds: the app imports pandas, plotly and spaCy on a busy box
TIMEOUT_MS = 30_000

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


def _require_browser() -> None:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) "
            "to run the real-browser suite"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _local_get(url: str, timeout: float = 2.0) -> str:
    # a proxy from the environment must never see requests to 127.0.0.1
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=timeout) as response:
        return response.read().decode("utf-8", errors="replace")


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


def streamlit_command(port: int) -> list[str]:
    return [
        sys.executable,
        str(PROJECT_DIR / "serve.py"),  # as `make run` starts the dashboard
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
    ]


class StreamlitServer:
    """`streamlit run app.py` in its own process group; started, health-checked, stopped."""

    def __init__(self, store: Path, log: Path, port: int | None = None) -> None:
        self.store = store
        self.log_path = log
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "SYRIA_DASH_STORE": str(self.store),
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            "STREAMLIT_SERVER_HEADLESS": "true",
        }
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            streamlit_command(self.port),
            cwd=PROJECT_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own group: stop() ends it and nothing else
        )

    def wait_healthy(self, timeout: float = SERVER_START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self.log_tail()}")
            try:
                if _local_get(f"{self.url}/_stcore/health").strip() == "ok":
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"streamlit not healthy after {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self._log.close()
        self.process = None


@pytest.fixture(scope="session")
def browser_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _require_browser()
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


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)  # a busy 2-core box renders slower than 5 s at times

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url: str) -> Iterator[object]:
    context = browser.new_context(
        accept_downloads=True, viewport={"width": 1400, "height": 1000}, base_url=app_url
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def wait_for_app(page) -> None:
    """Wait until the script has finished its run (connected, not running)."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=TIMEOUT_MS
    )
    page.wait_for_selector(APP_READY, timeout=TIMEOUT_MS)


@pytest.fixture
def settle():
    """`settle(page)`: wait for the app's script run to finish (a fixture, so tests need no
    `from conftest import`, which breaks as soon as another conftest.py exists)."""
    return wait_for_app
