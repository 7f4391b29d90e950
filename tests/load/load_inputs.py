"""Shared inputs and helpers of the loader tests: article bodies, a page, a feed, load()."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.load import Article, LoadProblem, load_articles

BODY = (
    "Turkish Foreign Minister Mevlut Cavusoglu said on Tuesday that Ankara and Moscow had agreed "
    "to extend the ceasefire in Idlib, adding that joint patrols would continue along the M4 "
    "highway.\n\n"
    "\u201cWe will keep working with our Russian counterparts,\u201d Cavusoglu told reporters in "
    "Ankara, according to a statement released by the ministry."
)


OTHER_BODY = (
    "Russian Foreign Minister Sergei Lavrov said Moscow expects Turkey to honour its commitments "
    "under the Sochi memorandum and to separate moderate opposition groups from terrorists in the "
    "de-escalation zone, the ministry said in a statement on its website."
)


def load(*paths, **kwargs) -> tuple[list[Article], list[LoadProblem]]:
    problems: list[LoadProblem] = []
    found = list(load_articles([str(p) for p in paths], on_problem=problems.append, **kwargs))
    return found, problems


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_one_line_naming(problems: list[LoadProblem], origin: Path | str) -> None:
    assert problems, "expected a problem"
    for problem in problems:
        assert "\n" not in str(problem)
        assert str(problem).startswith(str(origin))
        assert problem.reason.strip()


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Ceasefire in Idlib extended | Bosphorus Ledger</title>
<meta property="og:site_name" content="The Bosphorus Ledger">
<meta property="og:title" content="Ceasefire in Idlib extended">
<meta property="article:published_time" content="2020-03-06T09:00:00+03:00">
<link rel="canonical" href="https://bosphorus-ledger.example/news/ceasefire">
<script>document.write("EVIL SCRIPT TEXT");</script>
<style>.x { color: red }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<article>
<h1>Ceasefire in Idlib extended</h1>
<figure><img src="a.jpg"><figcaption>A convoy near Idlib. (Photo by A. Person / AFP)
</figcaption></figure>
<p>{p1}</p>
<p>{p2}</p>
<script>alert("MORE EVIL SCRIPT")</script>
<p>{p3}</p>
</article>
<footer>Copyright 2020 The Bosphorus Ledger. All rights reserved.</footer>
</body></html>
"""


def html_page() -> str:
    sentences = [BODY.replace("\n\n", " "), OTHER_BODY, OTHER_BODY.replace("Lavrov", "Peskov")]
    return (
        HTML_PAGE.replace("{p1}", sentences[0])
        .replace("{p2}", sentences[1])
        .replace("{p3}", sentences[2])
    )


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel><title>Neva Wire: World</title><link>https://neva-wire.example/</link>
<language>en-us</language>
<item><title>First &amp; foremost</title>
<link>http://feeds.example/~r/1</link>
<feedburner:origLink>https://neva-wire.example/news/1</feedburner:origLink>
<pubDate>Tue, 30 Jan 2018 23:30:00 -0500</pubDate>
<description>{d1}&lt;div class="feedflare"&gt;&lt;a href="x"&gt;&lt;img src="y"/&gt;&lt;/a&gt;
&lt;/div&gt;&lt;script&gt;bad()&lt;/script&gt;</description>
</item>
<item><title>Second</title><link>https://neva-wire.example/news/2</link>
<pubDate>Wed, 31 Jan 2018 01:00:00 +0300</pubDate>
<description><![CDATA[<p>{d2}</p>]]></description></item>
</channel></rss>
"""


def need(path: Path) -> None:
    """Skip a test whose corpus file is not there (../shared/corpora is optional)."""
    if not path.exists():
        pytest.skip(f"corpus not found: {path}")
