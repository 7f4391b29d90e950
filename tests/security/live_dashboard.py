"""The security suite's real-browser tools: a live dashboard on 127.0.0.1 over a given store,
Debian's chromium, and what a rendered page holds (links, maths, coloured text)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

from analysis.settings import CHROMIUM, CHROMIUM_ARGS, PROJECT_DIR

APP_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
START_TIMEOUT = 90.0  # seconds: pandas, plotly and DuckDB imports on a busy 2-core box
TIMEOUT_MS = 30_000
T = TypeVar("T")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
    try:
        with opener.open(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


@contextmanager
def live_dashboard(store: Path, log: Path) -> Iterator[str]:
    """`streamlit run app.py` over the store, in its own process group; its base URL."""
    port = _free_port()
    command = [
        *(sys.executable, "-m", "streamlit", "run", str(PROJECT_DIR / "app.py")),
        *("--server.port", str(port), "--server.address", "127.0.0.1"),
        *("--server.headless", "true", "--browser.gatherUsageStats", "false"),
        *("--server.fileWatcherType", "none"),
    ]
    env = {**os.environ, "SYRIA_DASH_STORE": str(store)}
    env.pop("SYRIA_DASH_SYNTHETIC", None)
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not _healthy(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}")
                time.sleep(0.2)
            yield url
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def in_chromium(work: Callable[[object], T]) -> T:
    """`work(browser)` with Debian's chromium through Playwright (skipped where either is
    absent), in a thread of its own: another suite's Playwright may hold this thread's loop."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")

    def run() -> T:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
            )
            try:
                return work(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result(timeout=START_TIMEOUT * 2)


# What a page's DOM holds that data must never switch on: links to the hostile host, KaTeX,
# Streamlit's coloured text and icons inside markdown, SVG links inside plotly charts.
ACTIVE_MARKUP_JS = """() => ({
  evil_links: [...document.querySelectorAll('a')]
      .map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')
      // a link that leads to the hostile host (our own page links may carry its name in
      // their filters' query string: that is data in the URL, not a way out)
      .filter(h => h.trim().toLowerCase().startsWith('javascript:')
          || new URL(h, document.baseURI).hostname.endsWith('evil.example')),
  katex: document.querySelectorAll('[data-testid="stMarkdownContainer"] .katex').length,
  coloured: [...document.querySelectorAll('[data-testid="stMarkdownContainer"] span[class]')]
      .filter(s => /Colored|Badge/.test(s.className)).map(s => s.textContent),
  icons: document.querySelectorAll(
      '[data-testid="stMarkdownContainer"] [data-testid="stIconMaterial"],'
      + '[data-testid="stMarkdownContainer"] span[role="img"]').length,
  svg_links: document.querySelectorAll('.js-plotly-plot svg a').length,
  images: [...document.querySelectorAll('[data-testid="stMarkdownContainer"] img')]
      .map(i => i.getAttribute('src')),
  text: document.body.innerText,
})"""


def open_page(browser: object, url: str) -> object:
    """A new page at the URL, once the app has finished its run."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.wait_for_selector(APP_READY, timeout=TIMEOUT_MS * 2)
    return page
