"""A live dashboard for the real-browser tests: serve.py on 127.0.0.1 in its own process group,
started, health-checked and stopped by the test that needs it (tests/ is on sys.path through
tests/conftest.py, so `from dashboard_server import StreamlitServer` works in any test folder)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from analysis.settings import CHROMIUM, CHROMIUM_ARGS, PROJECT_DIR

SERVER_START_TIMEOUT = 90.0  # seconds: the app imports pandas, plotly and spaCy on a busy box
APP_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TIMEOUT_MS = 30_000


def require_browser() -> None:
    """Skip the test unless Debian's chromium and playwright are both there."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) "
            "to run the real-browser suite"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright)")


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's chromium under playwright, with the flags this machine needs."""
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)  # a busy 2-core box renders slower than 5 s at times
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


def wait_for_app(page) -> None:
    """Wait until the script has finished its run (connected, not running)."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=TIMEOUT_MS
    )
    page.wait_for_selector(APP_READY, timeout=TIMEOUT_MS)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _local_get(url: str, timeout: float = 2.0) -> str:
    # a proxy from the environment must never see requests to 127.0.0.1
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=timeout) as response:
        return response.read().decode("utf-8", errors="replace")


def streamlit_command(port: int, *extra: str) -> list[str]:
    """serve.py on 127.0.0.1:port, headless, with serve.py's or Streamlit's `extra` options."""
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
        *extra,
    ]


class StreamlitServer:
    """`streamlit run app.py` in its own process group; started, health-checked, stopped."""

    def __init__(
        self,
        store: Path,
        log: Path,
        port: int | None = None,
        args: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.store = store
        self.log_path = log
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = list(args)  # more options for serve.py (--deploy, --secrets.files …)
        self.env = dict(env or {})
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "SYRIA_DASH_STORE": str(self.store),
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            "STREAMLIT_SERVER_HEADLESS": "true",
            "NO_PROXY": "127.0.0.1,localhost",  # the server's own requests stay on loopback
            **self.env,
        }
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            streamlit_command(self.port, *self.args),
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
