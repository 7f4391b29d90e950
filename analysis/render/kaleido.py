"""Static images (PNG/SVG/PDF) through kaleido: one persistent Chromium, started once, watched."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import plotly.graph_objects as go

from analysis.render.errors import ExportError

RENDER_TIMEOUT_SECONDS = 120.0

_render_lock = threading.Lock()  # kaleido's sync server is not safe for concurrent callers


def _kaleido() -> Any | None:
    """The kaleido package when it is the 1.x one with a persistent server, else None."""
    try:
        import kaleido
    except ImportError:
        return None
    return kaleido if hasattr(kaleido, "start_sync_server") else None


def image_server_running() -> bool:
    """Whether kaleido's persistent Chromium is up (and its worker thread alive)."""
    kaleido = _kaleido()
    if kaleido is None:
        return False
    server = kaleido._global_server  # the singleton start_sync_server manages
    if not server.is_running():
        return False
    thread = getattr(server, "_thread", None)
    return thread is None or thread.is_alive()


def start_image_server() -> bool:
    """Start kaleido's persistent Chromium once, for batches of images; False if unavailable.

    Each image then costs ~0.1–0.2 s instead of a browser start (~2 s). MathJax is disabled so
    the browser never asks a CDN for it (charts use no LaTeX).
    """
    kaleido = _kaleido()
    if kaleido is None:
        return False
    with _render_lock:
        if image_server_running():
            return True
        if kaleido._global_server.is_running():  # its thread died: reset before restarting
            kaleido.stop_sync_server(silence_warnings=True)
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    return image_server_running()


def stop_image_server() -> None:
    """Stop the persistent Chromium (it also stops by itself at interpreter exit)."""
    kaleido = _kaleido()
    if kaleido is not None:
        with _render_lock:
            kaleido.stop_sync_server(silence_warnings=True)


@contextmanager
def image_server() -> Iterator[bool]:
    """Keep the persistent Chromium up for a batch; stop it after if this block started it."""
    was_running = image_server_running()
    started = start_image_server()
    try:
        yield started
    finally:
        if started and not was_running:
            stop_image_server()


def _server_render(kaleido: Any, figure: dict, opts: dict) -> bytes | None:
    """Render on the persistent server; None when its browser died (the caller falls back).

    kaleido's sync server blocks forever if its worker thread dies mid-call, so the call runs
    in a helper thread that is watched together with the server's thread.
    """
    server = kaleido._global_server
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["data"] = kaleido.calc_fig_sync(figure, opts=opts)
        except BaseException as error:  # noqa: BLE001 - handed back to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=work, name="syria-dash-export", daemon=True)
    worker.start()
    deadline = time.monotonic() + RENDER_TIMEOUT_SECONDS
    while worker.is_alive():
        worker.join(0.1)
        thread = getattr(server, "_thread", None)
        if worker.is_alive() and (thread is not None and not thread.is_alive()):
            kaleido.stop_sync_server(silence_warnings=True)  # reset; the stuck helper is dropped
            return None
        if time.monotonic() > deadline:
            raise ExportError(f"the image took longer than {RENDER_TIMEOUT_SECONDS:.0f} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["data"]


def render_static(
    fig: go.Figure, fmt: str, width: int, height: int, scale: float, *, persistent: bool
) -> bytes:
    """The figure as png, svg or pdf bytes: on the persistent server when it is (or, with
    `persistent`, can be) up, else with a browser of its own for this one image."""
    kaleido = _kaleido()
    if kaleido is None:  # kaleido 0.x or none: plotly's own path (raises a clear error if none)
        return fig.to_image(format=fmt, width=width, height=height, scale=scale)
    if persistent:
        start_image_server()
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    figure = fig.to_dict()
    try:
        with _render_lock:
            data = _server_render(kaleido, figure, opts) if image_server_running() else None
            if data is None:  # no persistent browser: one for this image
                data = kaleido.calc_fig_sync(figure, opts=opts, kopts={"mathjax": False})
    except ExportError:
        raise
    except Exception as error:
        if type(error).__name__ == "ChromeNotFoundError":
            raise ExportError(
                "static image export needs Chromium (Debian: apt-get install chromium); "
                "the HTML export works without it"
            ) from error
        raise
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)
