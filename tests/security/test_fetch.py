"""Fetching URLs: loopback, private and metadata addresses refused (every redirect hop too),
one deadline, a size cap, no credentials echoed, one message for every failure."""

from __future__ import annotations

import ipaddress
import logging
import socket
import time

import pytest
from security_servers import (
    DRIP_SECONDS,
    bad_reply_server,
    closed_port,
    drip,
    http_server,
    unbounded,
)

from analysis import settings
from analysis.load import LoadProblem, load_articles
from analysis.load.addresses import AllowList, is_public
from analysis.load.sources import NOT_FETCHED

pytestmark = pytest.mark.timeout(60)

PAGE = (
    b"Russian Foreign Minister Sergei Lavrov said on Monday that talks with Turkey on Idlib "
    b"would continue next week in Moscow."
)
SECRET = b"INTERNAL-SERVICE-SECRET said the admin token is 12345 and nobody should read it."


def fetch(*urls: str) -> tuple[list, list[LoadProblem]]:
    problems: list[LoadProblem] = []
    found = list(load_articles(list(urls), on_problem=problems.append))
    return found, problems


def assert_neutral(problems: list[LoadProblem], shown: str) -> None:
    """One problem, naming the URL as shown, with the one neutral reason."""
    assert [str(p) for p in problems] == [f"{shown}: {NOT_FETCHED}"]


@pytest.fixture
def internal():
    """An 'internal service' on another loopback address that must never be reached."""
    with http_server({"/secret": (200, {}, SECRET)}, host="127.0.0.2") as server:
        yield server


@pytest.fixture
def site(internal):
    """The site under test on 127.0.0.1: a page, redirects, drips and big bodies."""
    routes: dict = {"/page": (200, {}, PAGE)}
    with http_server(routes) as server:
        base = server.base
        port = base.rsplit(":", 1)[1]
        routes.update(
            {
                "/to-page": (302, {"Location": "/hop2"}, b""),
                "/hop2": (301, {"Location": base + "/page"}, b""),
                "/loop": (302, {"Location": "/loop"}, b""),
                "/to-internal": (302, {"Location": internal.base + "/secret"}, b""),
                "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/"}, b""),
                "/to-private": (307, {"Location": "http://10.0.0.1/admin"}, b""),
                "/to-ipv6-loopback": (302, {"Location": f"http://[::1]:{port}/page"}, b""),
                "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
                "/to-credentials": (
                    302,
                    {"Location": f"http://bob:hunter2@127.0.0.1:{port}/page"},
                    b"",
                ),
                "/error": (500, {}, b"Internal error said the server"),
                "/big": (200, {}, b"word " * 1000),
                "/big-unbounded": unbounded(50_000),
                "/drip-headers": drip(b"HTTP/1.1 200 OK\r\nX-Slow: "),
                "/drip-body": drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nSaid "),
            }
        )
        yield server


@pytest.fixture
def allow_loopback(monkeypatch):
    monkeypatch.setenv("SYRIA_DASH_FETCH_ALLOW", "127.0.0.1")


def test_an_allowed_loopback_page_is_fetched_through_redirects(site, allow_loopback):
    found, problems = fetch(site.base + "/page", site.base + "/to-page")
    assert problems == []
    assert [a.text for a in found] == [PAGE.decode()]  # the redirected copy is the same article
    assert [path for path, _ in site.seen] == ["/page", "/to-page", "/hop2", "/page"]


def test_loopback_is_refused_without_the_allow_list(site, monkeypatch):
    monkeypatch.delenv("SYRIA_DASH_FETCH_ALLOW", raising=False)
    found, problems = fetch(site.base + "/page")
    assert found == []
    assert_neutral(problems, site.base + "/page")
    assert site.seen == []  # refused before connecting


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "2130706433",  # 127.0.0.1 written as one number
        "0x7f.1",  # and in hexadecimal
        "0.0.0.0",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "100.64.0.1",
        "169.254.169.254",
        "169.254.1.1",
        "[fd00:ec2::254]",
        "[fe80::1]",
        "100.100.100.200",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
    ],
)
def test_non_public_addresses_are_refused_with_the_one_message(site, monkeypatch, host):
    monkeypatch.setenv("SYRIA_DASH_FETCH_ALLOW", "192.0.2.1,unrelated.example")
    port = site.base.rsplit(":", 1)[1]
    url = f"http://{host}:{port}/page"
    started = time.monotonic()
    found, problems = fetch(url)
    assert found == []
    assert_neutral(problems, url)
    assert site.seen == []  # the loopback site was never reached, whatever the spelling
    assert time.monotonic() - started < 2.0  # refused at once, not tried


@pytest.mark.parametrize(
    "route", ["/to-internal", "/to-metadata", "/to-private", "/to-ipv6-loopback"]
)
def test_a_redirect_from_an_allowed_server_to_a_refused_address_is_refused(
    site, internal, allow_loopback, route
):
    found, problems = fetch(site.base + route)
    assert found == []
    assert_neutral(problems, site.base + route)
    assert internal.seen == []  # the internal service was never asked
    assert [path for path, _ in site.seen] == [route]


def test_every_failure_and_refusal_reads_the_same(site, allow_loopback, monkeypatch):
    monkeypatch.setattr(settings, "MAX_URL_BYTES", 1000)
    monkeypatch.setattr(settings, "URL_TIMEOUT_SECONDS", 1.0)
    with bad_reply_server() as bad:
        urls = [
            f"http://127.0.0.1:{closed_port()}/page",  # closed port
            bad + "/page",  # open port, not HTTP
            site.base.replace("http://", "https://") + "/page",  # TLS to a plain-HTTP port
            site.base + "/missing",  # 404
            site.base + "/error",  # 500
            site.base + "/big",  # over the size cap
            site.base + "/drip-body",  # too slow
            site.base + "/loop",  # redirects without end
            site.base + "/to-file",  # redirect to another scheme
            site.base + "/to-internal",  # redirect to a refused address
            "http://10.1.2.3/",  # refused address
        ]
        found, problems = fetch(*urls)
    assert found == []
    assert [p.reason for p in problems] == [NOT_FETCHED] * len(urls)
    assert [p.origin for p in problems] == urls


def test_redirects_are_followed_a_bounded_number_of_times(site, allow_loopback):
    found, problems = fetch(site.base + "/loop")
    assert found == [] and len(problems) == 1
    assert len(site.seen) == settings.MAX_REDIRECTS + 1


@pytest.mark.parametrize("route", ["/drip-headers", "/drip-body"])
def test_a_server_sending_a_byte_now_and_then_ends_at_the_deadline(
    site, allow_loopback, monkeypatch, route
):
    deadline = 1.5
    monkeypatch.setattr(settings, "URL_TIMEOUT_SECONDS", deadline)
    started = time.monotonic()
    found, problems = fetch(site.base + route)
    elapsed = time.monotonic() - started
    assert found == []
    assert_neutral(problems, site.base + route)
    # each byte comes well within any per-read timeout: only an overall deadline ends it
    assert DRIP_SECONDS < deadline <= elapsed < deadline + 1.0


@pytest.mark.parametrize("route", ["/big", "/big-unbounded"])
def test_a_body_over_the_size_cap_is_refused(site, allow_loopback, monkeypatch, route):
    monkeypatch.setattr(settings, "MAX_URL_BYTES", 4000)
    found, problems = fetch(site.base + route)
    assert found == []
    assert_neutral(problems, site.base + route)


def test_credentials_are_refused_and_never_echoed(site, allow_loopback, caplog):
    caplog.set_level(logging.DEBUG)
    port = site.base.rsplit(":", 1)[1]
    with_password = f"http://alice:s3cret-pw@127.0.0.1:{port}/page"
    found, problems = fetch(with_password, site.base + "/to-credentials")
    assert found == []
    assert [p.origin for p in problems] == [
        f"http://127.0.0.1:{port}/page",
        site.base + "/to-credentials",
    ]
    shown = " ".join(str(p) for p in problems) + caplog.text
    for secret in ("alice", "s3cret-pw", "bob", "hunter2"):
        assert secret not in shown
    assert [path for path, _ in site.seen] == ["/to-credentials"]  # the hop was not followed


def test_the_connection_goes_to_the_address_that_was_checked(site, allow_loopback, monkeypatch):
    """DNS rebinding: a name that resolves to an allowed address once, then to a refused one,
    is fetched from the checked address (one lookup per hop, no second lookup to connect)."""
    port = int(site.base.rsplit(":", 1)[1])
    lookups = []
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host != "rebind.example":
            return real(host, *args, **kwargs)
        lookups.append(host)
        address = "127.0.0.1" if len(lookups) == 1 else "127.0.0.2"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    found, problems = fetch(f"http://rebind.example:{port}/page")
    assert problems == [] and [a.text for a in found] == [PAGE.decode()]
    assert lookups == ["rebind.example"]
    assert site.seen == [("/page", f"rebind.example:{port}")]


def test_the_allow_list_reads_hosts_addresses_and_ranges():
    allow = AllowList.parse(["127.0.0.1", "10.20.0.0/16", "Intranet.Example.", "[::1]"])
    ip = ipaddress.ip_address
    assert allow.allows("anything", ip("127.0.0.1"))
    assert not allow.allows("anything", ip("127.0.0.2"))
    assert allow.allows("x", ip("10.20.3.4")) and not allow.allows("x", ip("10.21.0.1"))
    assert allow.allows("intranet.example", ip("10.99.0.1"))  # a named host, wherever it is
    assert allow.allows("x", ip("::1")) and not allow.allows("x", ip("fe80::1"))
    assert allow.allows("x", ip("93.184.215.14"))  # public: allowed without a listing
    # a metadata address only when listed by itself, never as part of a range
    assert not AllowList.parse(["169.254.0.0/16"]).allows("x", ip("169.254.169.254"))
    assert AllowList.parse(["169.254.0.0/16"]).allows("x", ip("169.254.1.1"))
    assert AllowList.parse(["169.254.169.254"]).allows("x", ip("169.254.169.254"))
    assert not AllowList.parse(["fd00::/8"]).allows("x", ip("fd00:ec2::254"))


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("64:ff9b::5db8:d70e", True),  # NAT64 of a public address
        ("ff02::1", False),
        ("::", False),
    ],
)
def test_public_addresses(address, public):
    assert is_public(ipaddress.ip_address(address)) is public


def test_a_host_lookup_that_hangs_ends_at_the_deadline(monkeypatch):
    monkeypatch.setattr(settings, "URL_TIMEOUT_SECONDS", 1.0)
    real = socket.getaddrinfo

    def hanging(host, *args, **kwargs):
        if host != "slow-dns.example":
            return real(host, *args, **kwargs)
        time.sleep(5)  # a resolver that never answers in time (and no query leaves the machine)
        raise socket.gaierror(socket.EAI_AGAIN, "temporary failure")

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    started = time.monotonic()
    found, problems = fetch("http://slow-dns.example/page")
    assert found == []
    assert_neutral(problems, "http://slow-dns.example/page")
    assert time.monotonic() - started < 2.0
