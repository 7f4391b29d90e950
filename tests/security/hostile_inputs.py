"""Hostile inputs the security tests build themselves: markup-like names and text, the
fragments that must never reach a page unescaped, and a store holding them."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.store import Store, Tables
from analysis.synthetic import synthetic_tables

PHISHING = "[Session expired - sign in again](https://evil.example/login)"
EVIL_OUTLET = '<a href="https://evil.example/">x</a>'
EVIL_SPEAKER = ":red[**URGENT**] $x^2$"
EVIL_COUNTRY = "<b>Evilland</b><br>"
EVIL_ACTOR = '<a href="https://evil.example/actor">Actor</a>'
EVIL_TEXT = (
    "Visit https://evil.example/login or www.evil.example, write to bob@evil.example: "
    f":red[**URGENT**] $x^2$ :material/warning: :smile: {PHISHING} {EVIL_OUTLET} "
    "<img src=x onerror=alert(1)> `code` # not a heading"
)
EVIL_URL = "javascript:alert(document.cookie)"

# Every Streamlit markdown feature a value could switch on, one per string.
MARKDOWN_ATTACKS = [
    PHISHING,
    ":red[**URGENT**]",
    "$x^2$",
    "$$\\int_0^1 x$$",
    "https://evil.example/path?a=1",
    "HTTPS://EVIL.EXAMPLE",
    "www.evil.example/path",
    "mail bob@evil.example now",
    "mailto:bob@evil.example",
    ":material/warning: alert",
    ":smile: :streamlit:",
    ":blue-background[hi] :small[x] :gray-badge[b]",
    EVIL_OUTLET,
    "<b>bold</b> &lt;tag&gt; &amp;",
    "![img](https://evil.example/x.png)",
    "<https://evil.example>",
    "[ref]: https://evil.example",
    "**bold** _it_ ~~strike~~ `code`",
    "# heading\n\n> quote\n\n1. list\n- item\n| a | b |",
    "\\[x\\](https://evil.example)",
    "[link](javascript:alert(1))",
]
# Fragments that switch a feature on when they reach Streamlit's markdown as written.
ACTIVE_FRAGMENTS = [
    "](https:",
    "https://",
    "www.evil",
    "bob@evil",
    ":red[",
    "$x^2$",
    ":material/",
    ":smile:",
    "<a href",
    "<img",
]
# What GFM and Streamlit rewrite in the parsed text (after backslash escapes are resolved):
# mdast-util-gfm-autolink-literal's URL and e-mail patterns, emoji and icon shortcodes.
TEXT_LEVEL_PATTERNS = [
    re.compile(r"(https?://|www(?=\.))[-.\w]+", re.IGNORECASE),
    re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+"),
    re.compile(r":[\w+-]+:"),
    re.compile(r":material/\w+:"),
]


def hostile_tables(n: int = 600, seed: int = 5) -> Tables:
    """Synthetic tables whose busiest speaker, outlet, country and actor carry markup-like
    names and whose newest statement says every markdown and HTML trick, with a script link."""
    tables = synthetic_tables(n, seed=seed)
    statements, articles, mentions = (
        tables.statements.copy(),
        tables.articles.copy(),
        tables.mentions.copy(),
    )
    newest = statements["published"].idxmax()
    statements.loc[newest, "text"] = EVIL_TEXT
    statements.loc[newest, "sentence"] = f"She said {EVIL_TEXT} on Monday."
    statements.loc[newest, "url"] = EVIL_URL
    statements.loc[newest, "published"] = statements["published"].max() + pd.Timedelta(days=1)
    speaker = statements["speaker"].value_counts().index[0]
    statements.loc[statements["speaker"] == speaker, ["speaker", "speaker_mention"]] = EVIL_SPEAKER
    outlet = statements["outlet"].value_counts().index[0]
    statements.loc[statements["outlet"] == outlet, "outlet"] = EVIL_OUTLET
    articles.loc[articles["outlet"] == outlet, "outlet"] = EVIL_OUTLET
    countries = statements["speaker_country"].value_counts().index
    country = next(c for c in countries if c not in ("Russia", "Turkey"))
    statements.loc[statements["speaker_country"] == country, "speaker_country"] = EVIL_COUNTRY
    mentions.loc[mentions["actor_country"] == country, "actor_country"] = EVIL_COUNTRY
    actor = mentions["actor"].value_counts().index[0]
    mentions.loc[mentions["actor"] == actor, "actor"] = EVIL_ACTOR
    # `actors` is the statement's own list of what `mentions` holds in long form: both renamed
    statements["actors"] = [
        [EVIL_ACTOR if a == actor else a for a in actors] for actors in statements["actors"]
    ]
    return Tables(articles, statements, mentions)


def hostile_store(root: Path) -> Path:
    """A store of hostile_tables, written as the dashboard reads it."""
    Store(root).write(hostile_tables())
    return root
