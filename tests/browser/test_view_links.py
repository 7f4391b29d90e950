"""The URL is the whole view: a fully specified link per page, opened in a fresh browser
context from the page's own Share link, shows what the page it was copied from shows; a
filter change and a page switch are each one history entry, and Back restores the view."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

FILTERS = "country=Russia&country=Turkey&from=2015-01-01&to=2025-12-31"
VIEWS = {
    "": FILTERS,
    "themes": f"{FILTERS}&period=quarter",
    "timeline": f"{FILTERS}&period=quarter&by=country",
    "actors": f"{FILTERS}&profile=Sergey+Lavrov",
    "acts": f"{FILTERS}&plain=true&period=year",
    "compare": (
        "a_by=speaker&a_speaker=Mevl%C3%BCt+%C3%87avu%C5%9Fo%C4%9Flu"
        "&b_by=speaker&b_speaker=Sergey+Lavrov"
    ),
    "statements": "sort=speaker&order=ascending",
    "data": FILTERS,
}


def shown(page) -> dict[str, list[str]]:
    """What a page shows, as text: its captions, headings, notices and chosen values."""
    main = page.get_by_test_id("stMain")

    def texts(test_id: str) -> list[str]:
        return [" ".join(t.split()) for t in main.get_by_test_id(test_id).all_inner_texts()]

    return {
        "captions": texts("stCaptionContainer"),
        "headings": texts("stHeading"),
        "notices": texts("stAlertContainer"),
        "choices": [
            " ".join(t.split())
            for t in main.locator('[data-baseweb="select"], .stNumberInput input').all_inner_texts()
        ],
        "metrics": texts("stMetric"),
        "charts": [str(main.get_by_test_id("stPlotlyChart").count())],
    }


def settled_view(page, settle) -> dict[str, list[str]]:
    """What the page shows once three readings 0.7 s apart agree (charts mount late)."""
    settle(page)
    readings = [shown(page)]
    for _ in range(30):
        page.wait_for_timeout(700)
        readings.append(shown(page))
        if readings[-1] == readings[-2] == readings[-3] if len(readings) > 2 else False:
            break
    return readings[-1]


def share_link_of(page) -> str:
    share = (
        page.get_by_test_id("stSidebar")
        .get_by_test_id("stExpander")
        .filter(has_text="Share this view")
    )
    return share.get_by_label("Link to this view", exact=True).input_value()


@pytest.mark.parametrize("path", list(VIEWS), ids=lambda p: p or "overview")
def test_a_shared_link_shows_the_view_it_was_copied_from(browser, app_url, settle, path):
    first = browser.new_context(base_url=app_url, viewport={"width": 1400, "height": 1000})
    page = first.new_page()
    page.goto(f"/{path}?{VIEWS[path]}")
    original = settled_view(page, settle)
    link = share_link_of(page)
    first.close()
    sent = parse_qs(VIEWS[path])
    got = parse_qs(urlsplit(link).query)
    assert {k: v for k, v in got.items() if k != "as_of"} == sent, link
    assert urlsplit(link).path.strip("/") == path and "as_of" in got

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    other = fresh.new_page()
    other.goto(link)
    assert settled_view(other, settle) == original
    fresh.close()


def test_filter_changes_and_page_switches_go_back_one_by_one(page, settle):
    from playwright.sync_api import expect

    page.goto("/?country=Russia")
    settle(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Timeline").click()
    page.wait_for_url("**/timeline?country=Russia*")
    settle(page)
    page.get_by_role("button", name="Reset filters").click()
    settle(page)
    expect(page).not_to_have_url(re.compile(r"country="))
    page.go_back()
    settle(page)
    assert "/timeline" in page.url and parse_qs(urlsplit(page.url).query)["country"] == ["Russia"]
    expect(page.locator(".st-key-country")).to_contain_text("Russia")
    page.go_back()
    settle(page)
    assert urlsplit(page.url).path in ("", "/")
    expect(page.get_by_role("heading", name="Russia–Turkey diplomacy over Syria")).to_be_visible()
    expect(page.locator(".st-key-country")).to_contain_text("Russia")


def test_a_page_control_change_is_one_history_entry(page, settle):
    from playwright.sync_api import expect

    page.goto("/timeline?country=Russia")
    settle(page)
    main = page.get_by_test_id("stMain")
    main.get_by_role("radio", name="quarter").click()
    page.wait_for_url(re.compile(r"period=quarter"))
    settle(page)
    main.get_by_role("radio", name="country", exact=True).click()
    page.wait_for_url(re.compile(r"by=country"))
    settle(page)
    page.go_back()
    settle(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("period") == ["quarter"] and "by" not in query, page.url
    expect(main.get_by_role("radio", name="quarter")).to_have_attribute("aria-checked", "true")
    page.go_back()
    settle(page)
    query = parse_qs(urlsplit(page.url).query)
    assert "period" not in query and query["country"] == ["Russia"], page.url
    expect(main.get_by_role("radio", name="month")).to_have_attribute("aria-checked", "true")
