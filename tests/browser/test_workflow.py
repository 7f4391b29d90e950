"""The analyst's workflow in a real browser: Compare's side-by-side quotes and intervals, the
speech-act and outlet-kind filters from a link, a date preset, a saved view for the team."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_compare_quotes_both_sides_side_by_side(page, settle):
    from playwright.sync_api import expect

    page.goto(
        "/compare?a_by=speaker&a_speaker=Mevl%C3%BCt+%C3%87avu%C5%9Fo%C4%9Flu"
        "&b_by=speaker&b_speaker=Sergey+Lavrov"
    )
    settle(page)
    expect(page.get_by_role("heading", name="Key quotes, side by side")).to_be_visible()
    quotes = page.get_by_test_id("stMain").locator("blockquote")
    expect(quotes.first).to_be_visible()
    expect(page.get_by_text(re.compile(r"Few statements on .*Çavuşoğlu"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"95 % interval")).first).to_be_visible()


def test_speech_act_and_outlet_kind_filters_come_from_the_link(page, settle):
    from playwright.sync_api import expect

    page.goto("/acts?act=Statement&outlet_kind=unknown-kind")
    settle(page)
    expect(page.get_by_role("heading", name="Speech acts")).to_be_visible()
    caption = page.get_by_test_id("stCaptionContainer").filter(has_text="speech acts: statement")
    expect(caption.first).to_be_visible()  # 'Statement' matched in any case
    expect(page.get_by_text("Some values in the link were ignored")).to_be_visible()
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(3)


def test_a_date_preset_sets_the_range_in_the_url(page, settle):
    from playwright.sync_api import expect

    page.goto("/")
    settle(page)
    page.get_by_test_id("stSidebar").get_by_text("Since the fall of Assad", exact=True).click()
    settle(page)
    expect(page).to_have_url(re.compile(r"from=2024-12-08"))
    caption = page.get_by_test_id("stCaptionContainer").filter(has_text="2024-12-08 – latest")
    expect(caption.first).to_be_visible()


def test_a_saved_view_is_listed_on_the_overview_and_opens_its_page(page, settle):
    from playwright.sync_api import expect

    page.goto("/timeline?country=Russia&period=quarter")
    settle(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Share this view").click()
    box = sidebar.get_by_label("Save this view as")
    box.fill("Russia by quarter")
    box.press("Enter")
    settle(page)
    sidebar.get_by_role("button", name="Save view").click()
    settle(page)
    page.goto("/")
    settle(page)
    link = page.get_by_test_id("stMain").get_by_role("link", name="Russia by quarter")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(r"/timeline\?"))
    settle(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query["country"] == ["Russia"] and query["period"] == ["quarter"]
