"""Drill-down in a real browser: clicking a bar of the Overview's theme chart lists the
statements behind it, as many as the bar's length, and puts the point in the URL."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from analysis.store import Store


def test_clicking_a_theme_bar_lists_its_statements(page, settle, browser_store):
    from playwright.sync_api import expect

    page.goto("/")
    settle(page)
    bars = page.locator(".st-key-overview_themes .js-plotly-plot .barlayer .point path")
    drawn = bars.locator("visible=true")  # themes without statements have no width
    expect(drawn.first).to_be_visible()
    box = drawn.first.bounding_box()  # plotly's drag layer takes the click above the bar
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    settle(page)
    behind = page.get_by_text(re.compile(r"Statements behind .+: \d+"))
    expect(behind).to_be_visible()
    expect(page).to_have_url(re.compile(r"point=overview_themes"))
    n = int(behind.inner_text().rsplit(": ", 1)[1].replace(",", ""))
    theme = parse_qs(urlsplit(page.url).query)["point"][0].split("theme:", 1)[1]
    statements = Store(browser_store).tables().statements
    assert n == sum(theme in list(themes) for themes in statements["themes"]) > 0
    link = page.get_by_role("link", name="Open in Statements")
    expect(link).to_have_attribute("href", re.compile(r"theme="))
