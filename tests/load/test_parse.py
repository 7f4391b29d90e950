"""Bad input of every kind: one one-line problem naming the input, never a crash."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from load_inputs import BODY, assert_one_line_naming, load, write

from analysis import load as articles
from analysis import settings
from analysis.load import Article, LoadProblem, load_upload


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("empty.txt", b"", "empty"),
        ("blank.html", b"   \n\n  ", "empty"),
        ("bad.json", b'{"text": "unterminated', "malformed JSON"),
        ("scalar.json", b"42", "neither an object"),
        ("bad.csv", b"only_one_column\nx\n", "not a CSV"),
        ("bad.xml", b"<rss><channel><item><title>x</tit", "feed"),
        ("notfeed.xml", b"<?xml version='1.0'?><config><a>1</a></config>", "feed"),
        ("scripts.html", b"<html><script>alert(1)</script><body></body></html>", "no article"),
        ("garbage.html", b"<<<>>><html<<body>>>&&&", "no article"),
        ("entity.xml", b'<!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel></channel></rss>', ""),
        ("undecodable.txt", b"\xff\xfe" + b"\x00\xd8A\x00" * 50, "undecodable"),
    ],
)
def test_bad_input_is_reported_and_good_file_beside_still_loads(tmp_path, name, content, reason):
    bad = write(tmp_path / name, content)
    write(tmp_path / "zz_good.txt", BODY)
    found, problems = load(tmp_path)
    assert [Path(a.origin).name for a in found] == ["zz_good.txt"]
    assert_one_line_naming(problems, bad)
    assert reason.lower() in problems[0].reason.lower()


def test_gzip_bomb_and_corrupt_gzip_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_FILE_BYTES", 10_000)
    bomb = write(tmp_path / "bomb.html.gz", gzip.compress(b"<p>" + b"a" * 100_000))
    corrupt = write(tmp_path / "corrupt.html.gz", b"\x1f\x8b\x08\x00garbage")
    found, problems = load(bomb, corrupt)
    assert found == []
    assert [p.origin for p in problems] == [str(bomb), str(corrupt)]


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=2000),
    ext=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".csv", ".xml", ".rss", ".gz", ""]),
)
def test_arbitrary_bytes_never_raise(data, ext):
    problems: list[LoadProblem] = []
    found = list(load_upload("f" + ext, data, on_problem=problems.append))
    assert all(isinstance(a, Article) and a.text.strip() for a in found)
    assert all("\n" not in str(p) for p in problems)
    assert found or problems


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(
        ["", "---\n", "<rss><channel><item>", "<html><body><p>", "{", "[{", "a,b\n"]
    ),
    text=st.text(max_size=600),
    ext=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".csv", ".xml", ""]),
)
def test_arbitrary_text_in_any_format_never_raises(prefix, text, ext):
    problems: list[LoadProblem] = []
    data = (prefix + text).encode("utf-8", "surrogatepass")
    found = list(load_upload("f" + ext, data, on_problem=problems.append))
    assert found or problems
    assert all(a.text.strip() and re.fullmatch(r"[0-9a-f]{16}", a.article_id) for a in found)
    assert all("\n" not in str(p) for p in problems)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("comments.txt", b"<!--" * 250_000),  # unclosed comments: no quadratic scan
        ("scripts.txt", b"<script>" * 125_000),
        ("tags.txt", b"<a " * 300_000),
        ("furniture.txt", b"Share\n" * 150_000),
        ("short-lines.txt", b"Putin said this\n" * 60_000),
        ("one-line.txt", b"word " * 200_000),
    ],
)
def test_hostile_one_megabyte_inputs_finish(name, data):
    problems: list[LoadProblem] = []
    found = list(load_upload(name, data, on_problem=problems.append))
    assert found or problems


def test_deeply_nested_json_is_a_problem_not_a_crash(tmp_path):
    path = write(tmp_path / "deep.json", "[" * 200_000 + "]" * 200_000)
    found, problems = load(path)
    assert found == []
    assert_one_line_naming(problems, path)


def test_problem_renders_as_one_line():
    assert str(LoadProblem("a.txt", "empty file")) == "a.txt: empty file"
    assert {".txt", ".html", ".json", ".csv", ".xml"} <= articles.SUPPORTED_EXTENSIONS
