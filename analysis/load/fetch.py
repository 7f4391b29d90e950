"""Fetching one http(s) URL safely: every hop's addresses checked and pinned, one deadline."""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from analysis import settings
from analysis.load.addresses import AllowList, parse_address

USER_AGENT = "syria-dash/0.1 (+loader)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


class FetchFailed(Exception):
    """Why a fetch failed: for the log only, never shown (one neutral message is)."""


@dataclass(frozen=True)
class Fetched:
    """A fetched page or file: its bytes, content type and the URL it was finally read from."""

    data: bytes
    content_type: str
    url: str


def fetch(url: str, check: Callable[[str], str | None]) -> Fetched:
    """GET a URL, following at most MAX_REDIRECTS redirects, each hop's URL passing `check`
    and its host's addresses the allow-list; all of it by one deadline, the body size-capped.
    Raises FetchFailed."""
    deadline = time.monotonic() + settings.URL_TIMEOUT_SECONDS
    allow = AllowList.parse(settings.fetch_allow())
    for _ in range(settings.MAX_REDIRECTS + 1):
        reason = check(url)
        if reason:
            raise FetchFailed(reason)
        status, location, fetched = _get(url, deadline, allow)
        if fetched is not None:
            return fetched
        if status in _REDIRECTS and location:
            url = urllib.parse.urljoin(url, location)
            continue
        raise FetchFailed(f"HTTP status {status}")
    raise FetchFailed("too many redirects")


def _get(url: str, deadline: float, allow: AllowList) -> tuple[int, str, Fetched | None]:
    """One hop: (status, Location header, the page when the status is 2xx)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    addresses = _checked_addresses(host, port, deadline, allow)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    with _Watchdog(deadline) as watchdog:
        connection = _connected(parts.scheme.lower(), host, port, addresses, watchdog)
        try:
            return _exchange(connection, target, url, watchdog)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise FetchFailed(f"{type(exc).__name__}: {exc}") from None
        finally:
            connection.close()


def _exchange(
    connection: _Pinned, target: str, url: str, watchdog: _Watchdog
) -> tuple[int, str, Fetched | None]:
    connection.request(
        "GET", target, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    )
    response = connection.getresponse()
    if not 200 <= response.status < 300:
        return response.status, response.getheader("Location") or "", None
    data = _body(response, watchdog)
    if watchdog.expired:  # the socket was shut at the deadline: what came is not the page
        raise FetchFailed("deadline passed")
    return response.status, "", Fetched(data, response.headers.get_content_type() or "", url)


def _body(response: http.client.HTTPResponse, watchdog: _Watchdog) -> bytes:
    """The response body, refused past MAX_URL_BYTES or the deadline."""
    limit = settings.MAX_URL_BYTES
    length = response.getheader("Content-Length") or ""
    if length.strip().isdigit() and int(length) > limit:
        raise FetchFailed("declared length over the limit")
    chunks, total = [], 0
    while chunk := response.read1(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise FetchFailed("body over the limit")
        if watchdog.expired:
            raise FetchFailed("deadline passed")
        chunks.append(chunk)
    return b"".join(chunks)


# --------------------------------------------------------------------------------------------
# Addresses and connections


Address = tuple[int, tuple]  # (socket family, socket address), as getaddrinfo gives them


def _checked_addresses(host: str, port: int, deadline: float, allow: AllowList) -> list[Address]:
    """The host's addresses, every one of them allowed (else FetchFailed): connections go to
    these and nowhere else, so a second lookup cannot send them elsewhere (DNS rebinding)."""
    found: list[Address] = []
    for family, _, _, _, sockaddr in _resolve(host, port, deadline):
        address = parse_address(str(sockaddr[0]))
        if address is None or not allow.allows(host, address):
            raise FetchFailed(f"address {sockaddr[0]} not allowed")
        if (family, sockaddr) not in found:
            found.append((family, sockaddr))
    if not found:
        raise FetchFailed("host has no address")
    return found


def _resolve(host: str, port: int, deadline: float) -> list[tuple]:
    """getaddrinfo, given up at the deadline (the lookup thread is left to end by itself)."""
    result: dict[str, object] = {}

    def lookup() -> None:
        try:
            result["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            result["error"] = exc

    thread = threading.Thread(target=lookup, daemon=True)
    thread.start()
    thread.join(_remaining(deadline))
    infos = result.get("infos")
    if not isinstance(infos, list):
        raise FetchFailed(f"host lookup failed ({result.get('error', 'deadline passed')})")
    return infos


def _connected(
    scheme: str, host: str, port: int, addresses: list[Address], watchdog: _Watchdog
) -> _Pinned:
    """A connection to the first of the checked addresses that answers."""
    failure: Exception | None = None
    for family, sockaddr in addresses:
        connection = _Pinned(host, port, family, sockaddr, tls=scheme == "https")
        try:
            connection.connect_by(watchdog)
            return connection
        except OSError as exc:
            connection.close()
            failure = exc
    raise FetchFailed(f"could not connect ({failure})")


class _Watchdog:
    """Shuts the socket in use when the deadline passes: a read blocked on a server that
    sends a byte now and then returns at once, whatever the per-read timeouts."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.expired = False
        self.sock: socket.socket | None = None
        self._timer = threading.Timer(_remaining(deadline), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        """The socket to shut at the deadline; its own timeout is the time left."""
        self.sock = sock
        sock.settimeout(_remaining(self.deadline))

    def _expire(self) -> None:
        self.expired = True
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)


class _Pinned(http.client.HTTPSConnection):
    """An HTTP(S) connection to one checked socket address, naming the host in Host and SNI."""

    def __init__(self, host: str, port: int, family: int, sockaddr: tuple, *, tls: bool) -> None:
        super().__init__(host, port, context=ssl.create_default_context())
        self.default_port = 443 if tls else 80  # the Host header names any other port
        self._family, self._sockaddr, self._tls = family, sockaddr, tls

    def connect_by(self, watchdog: _Watchdog) -> None:
        """Connect to the checked address (never a new lookup of the host), TLS on top."""
        raw = socket.socket(self._family, socket.SOCK_STREAM)
        try:
            watchdog.watch(raw)
            raw.connect(self._sockaddr)
            self.sock = (
                self._context.wrap_socket(raw, server_hostname=self.host) if self._tls else raw
            )
        except BaseException:
            raw.close()
            raise

    def connect(self) -> None:
        raise http.client.NotConnected("connect_by(watchdog) first")  # never a fresh lookup


def _remaining(deadline: float) -> float:
    return max(0.01, deadline - time.monotonic())
