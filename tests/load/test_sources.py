"""Sources: sidecars, folder walks, dedup, stdin, uploads, size limits, paths and URLs."""

from __future__ import annotations

import http.server
import io
import json
import socket
import sys
import threading
from pathlib import Path

import pytest
from load_inputs import (
    BODY,
    OTHER_BODY,
    RSS,
    assert_one_line_naming,
    html_page,
    load,
    write,
)

from analysis import settings
from analysis.load import load_articles, load_upload
from analysis.load.sources import NOT_FETCHED


def test_sidecar_metadata(tmp_path):
    write(tmp_path / "b.txt", BODY)
    write(
        tmp_path / "b.meta.json",
        json.dumps({"outlet": "Turkish Minute", "published": "2019-10-22", "sample": True}),
    )
    (article,), problems = load(tmp_path)
    assert problems == []
    assert (article.outlet, article.published, article.sample) == (
        "Turkish Minute",
        "2019-10-22",
        True,
    )


def test_broken_sidecar_is_reported_but_article_loads(tmp_path):
    write(tmp_path / "b.txt", BODY)
    write(tmp_path / "b.meta.json", "{not json")
    (article,), problems = load(tmp_path)
    assert article.text == BODY
    assert_one_line_naming(problems, tmp_path / "b.meta.json")


def test_folder_walk_is_sorted_and_skips_hidden_gold_references_meta_and_unknown(tmp_path):
    write(tmp_path / "b" / "2.txt", OTHER_BODY)
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / ".hidden.txt", BODY + " hidden")
    write(tmp_path / ".git" / "x.txt", BODY + " in a hidden folder")
    write(tmp_path / "x.gold.jsonl", json.dumps({"content": "gold"}) + "\n")
    write(tmp_path / "x.refs.jsonl", json.dumps({"source": "fakes", "unit": "1"}) + "\n")
    write(tmp_path / "notes.pdf", b"%PDF-1.4 binary")
    write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    found, problems = load(tmp_path)
    assert problems == []
    assert [Path(a.origin).relative_to(tmp_path).as_posix() for a in found] == ["a.txt", "b/2.txt"]


def test_same_article_read_twice_is_yielded_once(tmp_path):
    first = write(tmp_path / "one.txt", BODY)
    write(tmp_path / "copy" / "two.txt", "Site icon Turkish Minute\n\n" + BODY + "\n\nShare\n")
    found, problems = load(first, tmp_path, first)
    assert problems == []
    assert len(found) == 1 and found[0].origin == str(first)


def test_an_article_read_twice_is_yielded_once_and_reported_as_a_duplicate(tmp_path):
    body = "Lavrov said the talks would continue next week in Astana.\n"
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(body, encoding="utf-8")
    folded = []
    found = list(load_articles([tmp_path], on_duplicate=folded.append))
    assert len(found) == 1 and len(folded) == 1
    assert folded[0].article_id == found[0].article_id


def test_stdin(monkeypatch):
    stream = io.TextIOWrapper(io.BytesIO(("Headline here\n\n" + BODY).encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", stream)
    (article,), problems = load("-")
    assert problems == [] and article.origin == "<stdin>" and article.title == "Headline here"


def test_upload_uses_name_for_format():
    data = json.dumps([{"text": BODY}, {"text": OTHER_BODY}]).encode("utf-8")
    found = list(load_upload("../../etc/articles.json", data))
    assert [a.text for a in found] == [BODY, OTHER_BODY]
    assert found[0].origin == "articles.json"


def test_huge_file_is_refused_without_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_FILE_BYTES", 1000)
    big = write(tmp_path / "big.txt", "word " * 1000)
    small = write(tmp_path / "small.txt", BODY[:900])
    found, problems = load(big, small)
    assert [a.origin for a in found] == [str(small)]
    assert_one_line_naming(problems, big)
    assert "limit" in problems[0].reason
    assert list(load_upload("big.txt", b"x" * 2000, on_problem=problems.append)) == []
    assert "limit" in problems[-1].reason


def test_missing_path_and_unknown_column_map_field(tmp_path):
    found, problems = load(tmp_path / "nope.txt", column_map={"colour": "x"})
    assert found == []
    assert any("no such file" in p.reason for p in problems)
    assert any("unknown field" in p.reason for p in problems)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://127.0.0.1/x.txt",
        "http://",
        "http://exa mple.com/",
        "http://user:pw@127.0.0.1/",
        "http://127.0.0.1:99999/",
        "data:text/plain,hello",
    ],
)
def test_unsupported_or_tampered_urls_are_refused(url):
    found, problems = load(url)
    assert found == [] and len(problems) == 1
    assert "\n" not in str(problems[0])


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes, dict]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        status, ctype, body, headers = self.routes.get(self.path, (404, "text/plain", b"", {}))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server(monkeypatch):
    # loopback is refused unless allowed: these tests fetch from it deliberately
    monkeypatch.setenv("SYRIA_DASH_FETCH_ALLOW", "127.0.0.1")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    feed = RSS.replace("{d1}", BODY.replace("\n\n", " ")).replace("{d2}", OTHER_BODY)
    _Handler.routes = {
        "/page": (200, "text/html; charset=utf-8", html_page().encode("utf-8"), {}),
        "/feed": (200, "application/rss+xml", feed.encode("utf-8"), {}),
        "/big": (200, "text/plain", b"x" * 5000, {}),
        "/to-file": (302, "text/plain", b"", {"Location": "file:///etc/passwd"}),
        "/moved": (301, "text/plain", b"", {"Location": base + "/page"}),
    }
    yield base
    httpd.shutdown()
    httpd.server_close()


def test_url_page_and_feed_from_loopback(server):
    found, problems = load(server + "/page", server + "/feed")
    assert problems == []
    assert found[0].origin == server + "/page" and "Peskov said" in found[0].text
    assert [a.title for a in found[1:]] == ["First & foremost", "Second"]


def test_url_problems_are_one_neutral_line(server, monkeypatch):
    monkeypatch.setattr(settings, "MAX_URL_BYTES", 1000)
    urls = [server + "/missing", server + "/big", server + "/to-file"]
    found, problems = load(*urls)
    assert found == []
    assert [str(p) for p in problems] == [f"{url}: {NOT_FETCHED}" for url in urls]


def test_redirect_to_http_is_followed(server):
    (article,), problems = load(server + "/moved")
    assert problems == [] and article.origin == server + "/moved"


def test_offline_url_gives_the_neutral_message(monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed once the block ends: nothing listens there
    monkeypatch.setattr(settings, "URL_TIMEOUT_SECONDS", 2.0)
    monkeypatch.setenv("SYRIA_DASH_FETCH_ALLOW", "127.0.0.1")
    found, problems = load(f"http://127.0.0.1:{port}/x")
    assert found == []
    assert problems[0].reason == NOT_FETCHED and "\n" not in str(problems[0])
