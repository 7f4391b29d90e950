"""serve.py's warm-up waits for Streamlit's server to start before importing the pages."""

from __future__ import annotations

import importlib.util
import time
from types import SimpleNamespace

import pytest
from streamlit.runtime import Runtime
from streamlit.runtime.runtime import RuntimeState

from analysis.settings import PROJECT_DIR


def _serve_module():
    spec = importlib.util.spec_from_file_location("serve_warm_up", PROJECT_DIR / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


serve = _serve_module()


def test_the_wait_ends_at_its_timeout_while_no_server_runs(monkeypatch) -> None:
    monkeypatch.setattr(Runtime, "exists", staticmethod(lambda: False))
    began = time.monotonic()
    serve._wait_for_server(timeout=0.3)
    assert 0.3 <= time.monotonic() - began < 2


@pytest.mark.parametrize(
    ("state", "waits"),
    [(RuntimeState.INITIAL, True), (RuntimeState.NO_SESSIONS_CONNECTED, False)],
)
def test_the_wait_ends_once_the_runtime_has_started(monkeypatch, state, waits) -> None:
    monkeypatch.setattr(Runtime, "exists", staticmethod(lambda: True))
    monkeypatch.setattr(Runtime, "instance", staticmethod(lambda: SimpleNamespace(state=state)))
    began = time.monotonic()
    serve._wait_for_server(timeout=0.3)
    assert (time.monotonic() - began >= 0.3) is waits


def test_the_store_is_loaded_only_after_the_wait(monkeypatch) -> None:
    import dashboard

    order: list[str] = []
    monkeypatch.setattr(serve, "_wait_for_server", lambda: order.append("wait"))
    monkeypatch.setattr(dashboard, "load_data", lambda: order.append("load"))
    serve.warm_up()
    assert order == ["wait", "load"]
