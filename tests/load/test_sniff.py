"""Format sniffing and decoding: extension first, first bytes otherwise; encodings."""

from __future__ import annotations

import pytest

from analysis.load.problems import BadInput
from analysis.load.sniff import decode, extension, full_suffix, kind


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.html", b"plain words", "html"),
        ("a.rss", b"<rss>", "feed"),
        ("a.tsv", b"a\tb\n", "csv"),
        ("a.txt", b"<!DOCTYPE html><html>", "html"),
        ("a.txt", b"<rss><channel>", "text"),
        ("upload", b"\xef\xbb\xbf <rss version='2.0'>", "feed"),
        ("upload", b"<div>x</div>", "html"),
        ("upload", b'{"a": 1}\n{"a": 2}\n', "jsonl"),
        ("upload", b'{"a":\n 1}', "json"),
        ("upload", b"[1, 2]", "json"),
        ("upload", b"<unknown>", "text"),
        ("upload", b"\x00\x01\x02binary", "binary"),
    ],
)
def test_kind(name, data, expected):
    assert kind(name, data) == expected


def test_extension_looks_through_gz():
    assert extension("Page.HTML.gz") == ".html"
    assert full_suffix("Page.HTML.gz") == ".HTML.gz"
    assert full_suffix("notes") == ""


def test_decode_utf8_bom_utf16_and_latin1():
    assert decode("\ufeffCafé".encode()) == "Café"
    assert decode("Café".encode("utf-16")) == "Café"
    assert "Caf" in decode("Café talks in Ankara today".encode("latin-1"))
    with pytest.raises(BadInput, match="UTF-16"):
        decode(b"\xff\xfe" + b"\x00\xd8A\x00" * 50)
