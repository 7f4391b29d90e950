"""Text is text everywhere: values from articles and links reach Streamlit's markdown and
plotly's labels escaped, never as links, styles, maths, icons or HTML (issue 11)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hostile_inputs import (
    ACTIVE_FRAGMENTS,
    EVIL_OUTLET,
    EVIL_SPEAKER,
    EVIL_TEXT,
    MARKDOWN_ATTACKS,
    PHISHING,
    TEXT_LEVEL_PATTERNS,
    hostile_store,
)
from live_dashboard import ACTIVE_MARKUP_JS, in_chromium, live_dashboard, open_page
from streamlit.testing.v1 import AppTest

from analysis.render.safe_text import (
    bounded_list,
    escape_markdown,
    escape_plotly,
    unescape_markdown,
)
from analysis.settings import PROJECT_DIR

APP = str(PROJECT_DIR / "app.py")
_ESCAPED_PAIR = re.compile(r"\\[!-/:-@\[-`{-~]")
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
MARKDOWN_ELEMENTS = ("markdown", "caption", "subheader", "header", "title", "warning", "info")
MARKDOWN_ELEMENTS += ("error", "success", "toast")


@pytest.mark.parametrize("text", MARKDOWN_ATTACKS)
def test_escaped_markdown_reads_as_the_text_itself(text: str) -> None:
    assert unescape_markdown(escape_markdown(text)) == " ".join(text.split())


@pytest.mark.parametrize("text", MARKDOWN_ATTACKS)
def test_escaped_markdown_has_no_punctuation_left_unescaped(text: str) -> None:
    escaped = escape_markdown(text)
    assert "\n" not in escaped
    assert _PUNCTUATION.findall(_ESCAPED_PAIR.sub("", escaped)) == []


@pytest.mark.parametrize("text", MARKDOWN_ATTACKS)
def test_escaped_markdown_breaks_what_streamlit_rewrites_after_parsing(text: str) -> None:
    # Escapes are resolved before GFM's autolinks and the shortcodes run over the parsed text.
    parsed_text = _ESCAPED_PAIR.sub(lambda m: m.group(0)[1], escape_markdown(text))
    for pattern in TEXT_LEVEL_PATTERNS:
        assert not pattern.search(parsed_text), (pattern.pattern, parsed_text)


def test_plotly_text_shows_tags_and_entities_as_written() -> None:
    assert escape_plotly(EVIL_OUTLET) == '&lt;a href="https://evil.example/"&gt;x&lt;/a&gt;'
    assert escape_plotly("<b>x</b><br>&amp;") == "&lt;b&gt;x&lt;/b&gt;&lt;br&gt;&amp;amp;"
    assert escape_plotly(None) == ""


def test_a_long_list_is_bounded_with_a_count() -> None:
    line = bounded_list([f"value {i} " + "x" * 500 for i in range(1000)], limit=5, width=100)
    assert line.endswith("; and 995 more") and len(line) < 600
    assert bounded_list(["a", "b"]) == "a; b"


# -- the pages, through AppTest -----------------------------------------------------------------
@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_store(tmp_path_factory.mktemp("hostile") / "store")


def run_page(store: Path, monkeypatch: pytest.MonkeyPatch, page: str, **params: str) -> AppTest:
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(f"views/{page}.py")
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown_values(at: AppTest) -> list[str]:
    """Every markdown string the page sent: bodies, captions, headings, notices, toasts."""
    values = [str(e.value) for kind in MARKDOWN_ELEMENTS for e in at.get(kind)]
    return values + [str(e.value) for e in at.sidebar.get("markdown")]


def assert_all_literal(values: list[str]) -> None:
    """No active fragment as written (its first character not escaped) in any value, and
    nothing GFM or Streamlit would rewrite in the parsed text of a value holding data."""
    for value in values:
        for fragment in ACTIVE_FRAGMENTS:
            assert not re.search(r"(?<!\\)" + re.escape(fragment), value), (fragment, value)
        parsed_text = _ESCAPED_PAIR.sub(lambda m: m.group(0)[1], value)
        if "evil" in parsed_text or "URGENT" in parsed_text:
            for pattern in TEXT_LEVEL_PATTERNS:
                assert not pattern.search(parsed_text), (pattern.pattern, value)


@pytest.mark.parametrize("page", ["overview", "actors", "compare", "statements", "timeline"])
def test_no_page_sends_hostile_data_as_markdown(store, monkeypatch, page: str) -> None:
    at = run_page(store, monkeypatch, page, q="evil", kind=PHISHING)
    assert_all_literal(markdown_values(at))


def test_statement_text_is_shown_whole_and_literal(store, monkeypatch) -> None:
    at = run_page(store, monkeypatch, "statements")
    values = markdown_values(at)
    sentence = next(v for v in values if "Visit" in v)
    assert EVIL_TEXT in unescape_markdown(sentence.replace("**", ""))
    assert_all_literal(values)


def test_the_speakers_byline_and_the_compare_notes_are_literal(store, monkeypatch) -> None:
    at = run_page(store, monkeypatch, "statements", speaker=EVIL_SPEAKER)
    byline = next(v for v in markdown_values(at) if "URGENT" in v)
    assert f"**{escape_markdown(EVIL_SPEAKER)}**" in byline
    at = run_page(store, monkeypatch, "compare", a_by="outlet", b_by="country")
    assert_all_literal(markdown_values(at))


def test_a_script_link_is_no_link_in_the_table(store, monkeypatch) -> None:
    at = run_page(store, monkeypatch, "statements")
    table = at.dataframe[0].value
    shown = table[table["statement"].astype(str).str.startswith("Visit")]
    assert len(shown) == 1 and shown["link"].isna().all()
    assert all(str(v).startswith("https://") for v in table["link"].dropna())
    assert not [b for b in at.get("link_button") if "javascript" in str(b.proto)]


# -- the real browser ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def dashboard(store: Path, tmp_path_factory: pytest.TempPathFactory):
    with live_dashboard(store, tmp_path_factory.mktemp("logs") / "streamlit.log") as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "/statements",
        f"/?kind={PHISHING}&q=https://evil.example",
        "/actors",
        "/compare?a_by=outlet&b_by=country",
        "/timeline?by=outlet",
        "/data",
    ],
)
def test_the_browser_shows_no_live_link_style_or_maths_from_data(dashboard: str, path: str):
    found = in_chromium(
        lambda browser: open_page(browser, dashboard + path).evaluate(ACTIVE_MARKUP_JS)
    )
    assert found["evil_links"] == [] and found["svg_links"] == 0
    assert found["katex"] == 0 and found["coloured"] == [] and found["images"] == []
    if path == "/statements":
        assert "Visit https://evil.example/login" in found["text"].replace("\u2060", "")
        assert ":red[**URGENT**]" in found["text"].replace("\u2060", "")
