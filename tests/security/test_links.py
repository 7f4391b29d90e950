"""Shared links are data: their values are ignored with a plain-text notice, never a link or a
style, and a link repeating a value a thousand times gets one short notice (issue 11)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hostile_inputs import PHISHING, hostile_store
from streamlit.testing.v1 import AppTest

from analysis.render.safe_text import unescape_markdown
from analysis.settings import PROJECT_DIR

APP = str(PROJECT_DIR / "app.py")
NOTICE = "Some values in the link were ignored: "


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_store(tmp_path_factory.mktemp("links") / "store")


def open_link(store: Path, monkeypatch: pytest.MonkeyPatch, page: str, params: list) -> AppTest:
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(f"views/{page}.py")
    for name, value in params:
        at.query_params[name] = [*(at.query_params.get(name) or []), value]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ignored_notice(at: AppTest) -> str:
    notices = [w.value for w in at.warning if unescape_markdown(w.value).startswith(NOTICE)]
    assert len(notices) == 1, [w.value for w in at.warning]
    return notices[0]


@pytest.mark.parametrize("page", ["overview", "data"])
def test_a_phishing_link_value_shows_as_plain_text_in_the_notice(store, monkeypatch, page):
    at = open_link(store, monkeypatch, page, [("kind", PHISHING)])
    notice = ignored_notice(at)
    assert PHISHING in unescape_markdown(notice)  # the reader sees what the link asked for
    assert "](" not in notice and "https://" not in notice  # … but no link syntax survives
    assert "\\]\\(https\\:\u2060\\/\\/" in notice


def test_styles_maths_and_icons_in_a_link_value_stay_literal(store, monkeypatch):
    values = [":red[**URGENT**]", "$x^2$", ":material/warning:", "<a href='https://evil.example'>"]
    at = open_link(store, monkeypatch, "overview", [("speaker", v) for v in values])
    notice = ignored_notice(at)
    for value in values:
        assert repr(value) in unescape_markdown(notice)
    for fragment in (":red[", "$x^2$", ":material/", "<a "):  # none as written, unescaped
        assert not re.search(r"(?<!\\)" + re.escape(fragment), notice), fragment


def test_a_thousand_repeated_values_give_one_short_notice(store, monkeypatch):
    params = [("kind", f"[bad {i}](https://evil.example/{i})") for i in range(1000)]
    at = open_link(store, monkeypatch, "overview", params)
    notice = ignored_notice(at)
    assert len(notice) < 1500, len(notice)  # was 60 KB
    assert unescape_markdown(notice).endswith("; and 995 more")
    assert "bad 0" in unescape_markdown(notice) and "bad 5]" not in unescape_markdown(notice)


def test_one_huge_value_is_cut_in_the_notice(store, monkeypatch):
    at = open_link(store, monkeypatch, "overview", [("outlet", "A" * 100_000)])
    assert len(ignored_notice(at)) < 400


def test_a_search_text_from_the_link_is_literal_in_the_caption(store, monkeypatch):
    at = open_link(store, monkeypatch, "overview", [("q", PHISHING)])
    caption = next(c.value for c in at.caption if "statement" in c.value)
    assert "](" not in caption and "https://" not in caption


def test_a_hostile_as_of_is_ignored_with_a_literal_notice(store, monkeypatch):
    at = open_link(store, monkeypatch, "overview", [("as_of", PHISHING)])
    notices = [w.value for w in at.warning if "as_of" in unescape_markdown(w.value)]
    assert len(notices) == 1 and "](" not in notices[0] and "https://" not in notices[0]
