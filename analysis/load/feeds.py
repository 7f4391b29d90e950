"""RSS and Atom feeds: one article per item, the channel giving outlet and language."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date

from analysis.load.article import Article, make_article
from analysis.load.language import language_code
from analysis.load.normalise import (
    host,
    is_known_outlet,
    known_outlet,
    match_outlet,
    normalise_date,
)
from analysis.load.plaintext import clean_text
from analysis.load.problems import BadInput, why

_ENTITY_RE = re.compile(r"<!\s*ENTITY", re.I)
# The same in the raw bytes, as ASCII-compatible and UTF-16 encodings write it: the XML parser
# reads the bytes, in the encoding they declare, not the text decoded here.
_ENTITY_BYTES = tuple(
    re.compile(re.escape("<!ENTITY".encode(codec)), re.I)
    for codec in ("ascii", "utf-16-le", "utf-16-be")
)


def _declares_entities(data: bytes, text: str) -> bool:
    """Whether a feed declares XML entities anywhere in the document."""
    return bool(_ENTITY_RE.search(text)) or any(p.search(data) for p in _ENTITY_BYTES)


def feed_articles(origin: str, data: bytes, text: str) -> Iterator[Article]:
    """The articles of a feed's items; a feed with none is a problem, as is a malformed one."""
    import feedparser

    # Entity declarations are how XML bombs and external-entity reads start: looked for in the
    # whole document (an internal subset may come after any amount of padding).
    if _declares_entities(data, text):
        raise BadInput("feed declares XML entities (refused)")
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise BadInput(_malformed(parsed))
        raise BadInput("no items: not an RSS or Atom feed")
    channel = parsed.get("feed", {})
    channel_outlet = _feed_outlet(channel.get("title") or "")
    channel_language = language_code(channel.get("language"))
    produced = 0
    for entry in entries:
        article = _entry_article(origin, entry, channel_outlet, channel_language)
        if article is not None:
            produced += 1
            yield article
    if not produced and parsed.get("bozo"):
        raise BadInput(_malformed(parsed))


def _malformed(parsed: Mapping) -> str:
    return f"malformed feed ({why(parsed.get('bozo_exception') or 'malformed')})"


def _feed_outlet(title: str) -> str | None:
    """The outlet of a feed title: 'Reuters: World News' → 'Reuters'."""
    if not title.strip():
        return None
    known = match_outlet(title)
    if known and is_known_outlet(known):
        return known
    return match_outlet(re.split(r"\s*[:|–—]\s*|\s+-\s+", title.strip(), maxsplit=1)[0])


def _entry_article(
    origin: str, entry: Mapping, channel_outlet: str | None, channel_language: str | None
) -> Article | None:
    """The article of one feed item: the item's own link, outlet and date before the channel's."""
    from analysis.load.html import fragment_text

    cleaned = clean_text(fragment_text(_entry_html(entry)), find_headline=False, join_wrapped=False)
    url = entry.get("feedburner_origlink") or entry.get("link") or None
    outlet = (known_outlet(url) if url else None) or channel_outlet or (host(url) if url else None)
    return make_article(
        origin,
        text="\n\n".join(cleaned.paragraphs),
        title=fragment_text(entry.get("title") or "") or None,
        outlet=outlet,
        published=_entry_date(entry),
        url=url,
        language=language_code(entry.get("language")) or channel_language,
        sample=None,
    )


def _entry_html(entry: Mapping) -> str:
    """The fullest body an item carries: its longest content, or its summary if longer."""
    body_html = ""
    for content in entry.get("content") or []:
        if len(content.get("value") or "") > len(body_html):
            body_html = content.get("value") or ""
    summary = entry.get("summary") or entry.get("description") or ""
    return summary if len(summary) > len(body_html) else body_html


def _entry_date(entry: Mapping) -> str | None:
    """An item's date as written, else as feedparser parsed it."""
    raw_date = entry.get("published") or entry.get("updated") or entry.get("dc_date")
    published = normalise_date(raw_date) if raw_date else None
    if published is None:
        struct = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(*struct[:3]).isoformat() if struct else None
    return published
