"""The dashboard in a real browser: shared links, page switches, chart downloads, uploads."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest

from analysis.query.filters import Filters, apply
from analysis.store import Store

pytestmark = pytest.mark.browser

SHARED_QUERY = "theme=military_bases&country=Russia"

# An invented article (not from any corpus) with a phrase found nowhere else in the test store.
UPLOAD_NAME = "akar-patrols.txt"
UPLOAD_PHRASE = "joint patrols near Kobani will resume"
UPLOAD_TEXT = f"""---
outlet: Upload Test Wire
title: Akar on the patrols
published: 2021-04-02
url: https://example.org/test/akar-patrols
---
Turkish Defence Minister Hulusi Akar said on Friday that the {UPLOAD_PHRASE} next week.

"We have agreed every detail with our Russian counterparts," Akar told reporters in Ankara.
"""


def expected_count(store: Path, query: str) -> int:
    """How many statements of the store the link's filters keep (computed outside the app)."""
    filters, problems = Filters.from_query(query)
    assert not problems
    return len(apply(Store(store).tables().statements, filters))


def chips(page, key: str) -> list[str]:
    """The values shown as chips in the multiselect with this widget key."""
    tags = page.locator(f".st-key-{key} .react-aria-ComboBox [data-tag]")
    return [tag.get_attribute("aria-label") or "" for tag in tags.all()]


def caption_with(page, text: str):
    return page.get_by_test_id("stCaptionContainer").filter(has_text=text).first


def test_a_shared_link_applies_its_filters_to_widgets_and_data(page, settle, browser_store):
    from playwright.sync_api import expect

    count = expected_count(browser_store, SHARED_QUERY)
    assert count > 0, "the test store must hold a Russian statement on military bases"
    total = len(Store(browser_store).tables().statements)
    assert count < total, "the filters must actually narrow the data"

    page.goto(f"/?{SHARED_QUERY}")
    settle(page)
    expect(page.locator(".st-key-theme")).to_contain_text("Military bases")
    assert chips(page, "theme") == ["Military bases"]
    assert chips(page, "country") == ["Russia"]
    expect(caption_with(page, "speaker countries: Russia")).to_contain_text(f"{count:,} statements")
    expect(page.get_by_test_id("stMetric").first).to_contain_text(f"{count:,}")
    expect(page.get_by_text("Some values in the link were ignored")).to_have_count(0)


def test_switching_pages_keeps_the_filters_in_the_url(page, settle, browser_store):
    from playwright.sync_api import expect

    count = expected_count(browser_store, SHARED_QUERY)
    page.goto(f"/?{SHARED_QUERY}")
    settle(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Timeline").click()
    page.wait_for_url(re.compile(r"/timeline"), timeout=30_000)
    settle(page)
    expect(page.get_by_role("heading", name="Timeline").first).to_be_visible()
    dropped = "switching pages dropped the filters from the URL"
    expect(page, dropped).to_have_url(re.compile(r"[?&]theme=military_bases(&|$)"))
    params = parse_qs(urlsplit(page.url).query)
    assert params.get("theme") == ["military_bases"], dropped
    assert params.get("country") == ["Russia"], dropped
    expect(page.locator(".st-key-theme")).to_contain_text("Military bases")  # mounted
    assert chips(page, "theme") == ["Military bases"]
    assert chips(page, "country") == ["Russia"]
    expect(caption_with(page, "speaker countries: Russia")).to_contain_text(f"{count:,} statements")


def _download(page, key: str, fmt: str, folder: Path) -> Path:
    """Open the chart's export popover and download one format; the saved file's path."""
    popover = page.locator(f".st-key-{key}_export").get_by_role("button", name="Export chart")
    if popover.count() == 0:  # the popover is not keyed: the first one on the page
        popover = page.get_by_role("button", name="Export chart").first
    popover.click()
    button = page.locator(f".st-key-{key}_export_{fmt} button")
    with page.expect_download(timeout=90_000) as info:
        button.click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    page.keyboard.press("Escape")
    return target


def test_chart_downloads_are_valid_images_with_the_footer(page, settle, browser_store, tmp_path):
    from PIL import Image

    count = expected_count(browser_store, SHARED_QUERY)
    page.goto(f"/?{SHARED_QUERY}")
    settle(page)

    png = _download(page, "overview_themes", "png", tmp_path)
    data = png.read_bytes()
    assert png.suffix == ".png" and data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.width >= 800 and image.height >= 400

    svg = _download(page, "overview_themes", "svg", tmp_path)
    root = ElementTree.fromstring(svg.read_bytes())
    assert root.tag.rsplit("}", 1)[-1] == "svg"
    text = " ".join(" ".join(root.itertext()).split())
    assert "Filters: themes: Military bases; speaker countries: Russia" in text
    assert f"{count:,} statement" in text
    assert "theme=military_bases" in text


def test_an_uploaded_article_adds_its_statements(page, settle, browser_store):
    from playwright.sync_api import expect

    assert expected_count(browser_store, f"q={UPLOAD_PHRASE}") == 0
    page.goto("/data")
    settle(page)
    page.locator(".st-key-data_upload input[type=file]").set_input_files(
        files=[
            {
                "name": UPLOAD_NAME,
                "mimeType": "text/plain",
                "buffer": UPLOAD_TEXT.encode("utf-8"),
            }
        ]
    )
    expect(page.locator(".st-key-data_upload")).to_contain_text(UPLOAD_NAME)
    ingest = page.locator(".st-key-ingest_upload button")
    expect(ingest).to_be_enabled()
    ingest.click()
    expect(page.get_by_text("Last ingest")).to_be_visible(timeout=120_000)
    settle(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="Articles added")).to_contain_text("1")

    added = expected_count(browser_store, f"q={UPLOAD_PHRASE}")
    assert added >= 1, "the store holds no statement of the uploaded article"
    page.goto(f"/statements?q={UPLOAD_PHRASE.replace(' ', '+')}")
    settle(page)
    expect(caption_with(page, "text contains")).to_contain_text(f"{added:,} statement")
    expect(page.get_by_test_id("stMarkdown").filter(has_text="Kobani").first).to_be_visible()
    expect(page.get_by_text("Hulusi Akar").locator("visible=true").first).to_be_visible()


def _go_to(page, settle, name: str) -> None:
    """Switch pages through the sidebar navigation."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=name).click()
    page.wait_for_url(re.compile(rf"/{name.lower()}(\?|$)"), timeout=30_000)
    settle(page)


def _expect_page_with(page, title: str, query: dict[str, list[str]]) -> None:
    """The page's heading, exactly these filter parameters in the URL, the same values as
    chips in the sidebar, and the filters in the caption under the title."""
    from playwright.sync_api import expect

    path = "" if title == "Overview" else title.lower()
    expect(page).to_have_url(re.compile(rf"/{path}\?"))
    expect(page.get_by_role("heading", name=title).first).to_be_visible()
    for _ in range(150):  # the rerun a widget change starts writes the URL a moment later
        if parse_qs(urlsplit(page.url).query) == query:
            break
        page.wait_for_timeout(200)
    assert parse_qs(urlsplit(page.url).query) == query
    for key in ("country", "kind"):
        if query.get(key):
            expect(page.locator(f".st-key-{key}")).to_contain_text(query[key][0])
        assert chips(page, key) == query.get(key, [])
    expect(caption_with(page, "speaker countries: " + ", ".join(query["country"]))).to_be_visible()


def test_back_after_page_switches_shows_each_page_with_its_filters(page, settle):
    turkey = {"country": ["Turkey"]}
    reported = {"country": ["Turkey"], "kind": ["reported"]}
    page.goto("/themes?country=Turkey")
    settle(page)
    _expect_page_with(page, "Themes", turkey)
    _go_to(page, settle, "Timeline")
    _expect_page_with(page, "Timeline", turkey)
    page.locator(".st-key-kind input").click()  # a filter added on the second page
    page.keyboard.type("reported")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    _expect_page_with(page, "Timeline", reported)
    _go_to(page, settle, "Actors")
    _expect_page_with(page, "Actors", reported)

    page.go_back()
    settle(page)
    _expect_page_with(page, "Timeline", reported)
    page.go_back()  # the filter change was a history entry of its own
    settle(page)
    _expect_page_with(page, "Timeline", turkey)
    page.go_back()
    settle(page)
    _expect_page_with(page, "Themes", turkey)
