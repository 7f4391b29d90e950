"""Loopback servers the security tests attack the fetcher with: routes, drips, bad replies."""

from __future__ import annotations

import http.server
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

# A route answers with (status, headers, body); a callable route writes the reply itself.
Route = tuple[int, dict[str, str], bytes] | Callable[[http.server.BaseHTTPRequestHandler], None]
DRIP_SECONDS = 0.2  # a dripping route sends one byte this often
DRIP_GIVES_UP = 30.0  # and stops by itself after this long, whoever is reading


@dataclass
class Server:
    """A running loopback server: its base URL, its routes, and every request it saw."""

    base: str
    routes: dict[str, Route]
    seen: list[tuple[str, str]] = field(default_factory=list)  # (path, Host header)


def _handler(server: Server) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            server.seen.append((self.path, self.headers.get("Host", "")))
            route = server.routes.get(self.path, (404, {}, b"not here"))
            if callable(route):
                route(self)
                return
            status, headers, body = route
            self.send_response(status)
            headers = {"Content-Type": "text/plain", "Content-Length": str(len(body)), **headers}
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


class _Threading(http.server.ThreadingHTTPServer):
    daemon_threads = True


class _Threading6(_Threading):
    address_family = socket.AF_INET6


@contextmanager
def http_server(routes: dict[str, Route], host: str = "127.0.0.1") -> Iterator[Server]:
    """An HTTP server on a free port of a loopback address, for the block's duration."""
    server = Server("", routes)
    kind = _Threading6 if ":" in host else _Threading
    httpd = kind((host, 0), _handler(server))
    shown = f"[{host}]" if ":" in host else host
    server.base = f"http://{shown}:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()


class _OneLine(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.sendall(b"SSH-2.0-OpenSSH_9.6 not HTTP\r\n")


@contextmanager
def bad_reply_server() -> Iterator[str]:
    """A TCP port on 127.0.0.1 that answers anything with a line that is not HTTP."""
    tcp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _OneLine)
    tcp.daemon_threads = True
    thread = threading.Thread(target=tcp.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{tcp.server_address[1]}"
    finally:
        tcp.shutdown()
        tcp.server_close()


def closed_port() -> int:
    """A port of 127.0.0.1 nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def drip(prefix: bytes) -> Callable[[http.server.BaseHTTPRequestHandler], None]:
    """A route that writes `prefix`, then one byte every DRIP_SECONDS (per-read timeouts never
    fire), until the reader hangs up or DRIP_GIVES_UP passes."""

    def route(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.wfile.write(prefix)
        handler.wfile.flush()
        stop = time.monotonic() + DRIP_GIVES_UP
        try:
            while time.monotonic() < stop:
                time.sleep(DRIP_SECONDS)
                handler.wfile.write(b"a")
                handler.wfile.flush()
        except OSError:
            pass  # the fetcher hung up: what the test wants

    return route


def unbounded(size: int) -> Callable[[http.server.BaseHTTPRequestHandler], None]:
    """A route that sends `size` bytes with no Content-Length, ending by closing."""

    def route(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        try:
            for _ in range(size // 1000):
                handler.wfile.write(b"x" * 1000)
        except OSError:
            pass

    return route
