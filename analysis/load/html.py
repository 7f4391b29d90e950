"""HTML page → article body, title, date, outlet and URL (trafilatura, precision first)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

import trafilatura
from lxml import html as lxml_html

from analysis.load.article import Article, make_article
from analysis.load.fields import meta_value
from analysis.load.normalise import date_in_name, host, match_outlet, normalise_date
from analysis.load.plaintext import clean_text, without_heading
from analysis.load.problems import BadInput

# trafilatura's precision mode drops boilerplate that its default keeps, but on a few pages it
# also drops most of the article. When its body is shorter than this share of a recall-mode
# body, the recall-mode body is taken instead (on the article-extraction benchmark any share
# from 0.2 to 0.5 gives the same result; benchmarks/bench_html_extraction.py).
PRECISION_MIN_SHARE = 0.5
# A precision-mode body at least this long is trusted without the second, recall-mode pass
# (which costs as much as the first): the losses it guards against leave a few lines at most.
TRUSTED_BODY_CHARS = 2000

_TAG_RE = re.compile(r"<[a-zA-Z/!][^>]*>")


@dataclass(frozen=True)
class HtmlArticle:
    """What one HTML page yields: the article body and the page's own metadata."""

    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    site_name: str | None = None  # og:site_name or the like, as written
    url: str | None = None  # canonical / og:url
    hostname: str | None = None


def _date_params() -> dict:
    # Only the page's own metadata and markup, never a date found anywhere in the text (photo
    # captions, related links), and never a date after today.
    return {
        "original_date": True,
        "extensive_search": False,
        "max_date": datetime.now().astimezone().strftime("%Y-%m-%d"),
    }


def extract_body(html: str) -> str:
    """The article body of an HTML page as plain text ('' when none is found)."""
    return extract_html(html).text


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """Body and metadata of an HTML page; the body is '' when no article text is found."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,
        include_comments=False,
        with_metadata=True,
        date_extraction_params=_date_params(),
    )
    text = (doc.text if doc is not None else "") or ""
    if len(text) < TRUSTED_BODY_CHARS:
        recall = trafilatura.extract(html, url=url, include_comments=False, favor_recall=True)
        if len(text) < PRECISION_MIN_SHARE * len(recall or ""):
            text = recall or ""
    if doc is None:
        return HtmlArticle(text=text, title=_title_of(html))
    published = doc.date if doc.date and re.fullmatch(r"\d{4}-\d\d-\d\d", doc.date) else None
    return HtmlArticle(
        text=text,
        title=(doc.title or "").strip() or None,
        published=published,
        site_name=(doc.sitename or "").strip() or None,
        url=doc.url or None,
        hostname=doc.hostname or None,
    )


def html_articles(origin: str, text: str, meta: dict) -> Iterator[Article]:
    """The article of an HTML page; sidecar metadata wins over the page's own."""
    page = extract_html(text, url=meta_value(meta, "url"))
    if not page.text.strip():
        raise BadInput("no article text found in the HTML page")
    cleaned = clean_text(page.text, find_headline=False, join_wrapped=False)
    title = meta_value(meta, "title") or page.title
    paragraphs = without_heading(cleaned.paragraphs, title)
    outlet = _page_outlet(page, meta, cleaned.outlet)
    article = make_article(
        origin,
        text="\n\n".join(paragraphs),
        title=_without_site_name(title, (page.site_name, outlet)),
        outlet=outlet,
        published=normalise_date(meta_value(meta, "published"))
        or page.published
        or date_in_name(origin),
        url=page.url or meta_value(meta, "url"),
        language=meta_value(meta, "language"),
        sample=meta.get("sample"),
    )
    if article is not None:
        yield article


def _page_outlet(page: HtmlArticle, meta: dict, text_outlet: str | None) -> str | None:
    """The outlet: metadata, the page's site name, its host's outlet, the text's, the host."""
    url = page.url or meta_value(meta, "url") or ""
    return (
        meta_value(meta, "outlet")
        or (match_outlet(page.site_name) if page.site_name else None)
        or match_outlet(page.hostname or url)
        or text_outlet
        or page.hostname
        or host(url)
    )


def _without_site_name(title: str | None, names: Iterable[str | None]) -> str | None:
    """'Headline - Site' or 'Headline | Site' → 'Headline' when Site is the page's outlet."""
    if not title:
        return title
    for name in filter(None, names):
        match = re.match(rf"(.{{8,}}?)\s+[-|–—:]\s+{re.escape(name)}\s*$", title, re.I)
        if match:
            return match.group(1)
    return title


def _title_of(html: str) -> str | None:
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    title = " ".join((tree.findtext(".//title") or "").split())
    return title or None


def fragment_text(markup: str) -> str:
    """Text of an HTML fragment (a feed description, a JSON field): tags, scripts and styles out.

    Escaped markup (``&lt;p&gt;``) is unescaped and stripped too, once.
    """
    text = _strip_once(markup)
    if _TAG_RE.search(text):
        text = _strip_once(text)
    return text


def _strip_once(markup: str) -> str:
    if "<" not in markup and "&" not in markup:
        return markup
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return _TAG_RE.sub(" ", markup)
    for bad in root.xpath("//script|//style|//noscript|//iframe|//object|//embed|//template"):
        bad.drop_tree()
    blocks = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in blocks:
            el.tail = "\n" + (el.tail or "")
    text = root.text_content()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
