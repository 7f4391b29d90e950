"""RSS and Atom feeds: items, markup, dates, feedburner links, channel outlet."""

from __future__ import annotations

import pytest
from load_inputs import BODY, OTHER_BODY, RSS, load, need, write

from analysis import settings

REUTERS = settings.CORPORA_DIR / "rss" / "reuters_worldnews_2018-01-30.xml"


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Orontes Gazette</title>
<entry><title>Atom item</title><link href="https://orontes-gazette.example/a"/>
<updated>2019-10-22T18:00:00Z</updated><content type="html">&lt;p&gt;{d}&lt;/p&gt;</content>
</entry></feed>
"""


def test_rss_feed_items_markup_dates_and_origlink(tmp_path):
    feed = RSS.replace("{d1}", BODY.replace("\n\n", " ")).replace("{d2}", OTHER_BODY)
    found, problems = load(write(tmp_path / "f.rss", feed))
    assert problems == []
    assert [a.title for a in found] == ["First & foremost", "Second"]
    assert [a.url for a in found] == [
        "https://neva-wire.example/news/1",
        "https://neva-wire.example/news/2",
    ]
    assert [a.published for a in found] == ["2018-01-30", "2018-01-31"]  # the feed's own day
    assert all(a.outlet == "Neva Wire Service" and a.sample for a in found)
    for article in found:
        assert "<" not in article.text and "bad()" not in article.text
    assert found[1].text == OTHER_BODY


def test_atom_feed(tmp_path):
    (article,), problems = load(write(tmp_path / "a.atom", ATOM.replace("{d}", OTHER_BODY)))
    assert problems == []
    assert (article.title, article.outlet, article.published) == (
        "Atom item",
        "Orontes Gazette",
        "2019-10-22",
    )
    assert article.text == OTHER_BODY


@pytest.mark.corpus
def test_reuters_feed():
    need(REUTERS)
    found, problems = load(REUTERS)
    assert problems == []
    assert len(found) == 10
    assert all(a.url and "feedType=RSS" in a.url and "feeds." not in a.url for a in found)
    assert {a.published for a in found} == {"2018-01-30"}
    assert all(a.outlet == "Reuters" and "<" not in a.text for a in found)
