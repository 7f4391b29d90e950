"""The Article record and how one is built from the fields a format found."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from analysis.load.language import guess_language, language_code
from analysis.load.normalise import article_id, known_outlet, match_outlet
from analysis.load.sources import check_url
from analysis.reference import load_outlets

# U+FFFD stands for a character lost before the file reached us: it carries nothing.
_REPLACEMENT_RE = re.compile(r"\ufffd+_?")
_PREFIX_CHARS = 40  # a scraped date or weekday before a repeated headline
_AFTER_TITLE_RE = re.compile(r"\s*[.:|–—-]?\s+")
_WEEKDAY_RE = re.compile(r"\b(?:mon|tue|wed|thu|fri|sat|sun)", re.I)
_DIGIT_RE = re.compile(r"\d")


@dataclass(frozen=True)
class Article:
    """One article as read, before NLP (DESIGN.md section 3, plus the `sample` flag)."""

    article_id: str
    origin: str
    outlet: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD
    url: str | None
    language: str
    text: str
    sample: bool = False

    def to_record(self) -> dict:
        return asdict(self)


def make_article(
    origin: str,
    *,
    text: str,
    title: str | None,
    outlet: str | None,
    published: str | None,
    url: str | None,
    language: str | None,
    sample: object,
) -> Article | None:
    """The Article of one input's fields, or None when its body holds no word at all."""
    text = _REPLACEMENT_RE.sub("", text)
    title = _REPLACEMENT_RE.sub("", title) if title else title
    text = _without_leading_title(text.strip(), title)
    if not re.search(r"[^\W\d_]{2,}", text):
        return None  # markup debris, numbers, punctuation
    if url is not None and check_url(str(url)):
        url = None  # not a plain http(s) URL: a reader could not follow it
    outlet = _canonical_outlet(outlet, url)
    return Article(
        article_id=article_id(text),
        origin=origin,
        outlet=outlet,
        title=(" ".join(str(title).split()) or None) if title else None,
        published=published,
        url=url,
        language=language_code(language) or guess_language(text),
        text=text,
        sample=_truthy(sample) or any(o.sample and o.name == outlet for o in load_outlets()),
    )


def _canonical_outlet(outlet: str | None, url: str | None) -> str | None:
    """The outlet as data/outlets.toml names it; without one, the outlet of the URL's site."""
    outlet = match_outlet(outlet) if outlet else None
    if outlet is None and url:
        outlet = known_outlet(url)
    return outlet


def _without_leading_title(text: str, title: str | None) -> str:
    """The body without a copy of the headline at its start ('Wed 05 Apr 2017 Headline. Body').

    Only a short prefix with a digit or a weekday (a scraped date) may stand before it.
    """
    if not title or len(title) < 12:
        return text
    found = _leading_title(text, title.strip())
    if found is None or len(text) - found[1] < 2 * len(title):
        return text
    start, end = found
    prefix = text[:start].strip()
    weekday = _WEEKDAY_RE.search(prefix)
    if prefix and not (len(prefix.split()) <= 6 and (_DIGIT_RE.search(prefix) or weekday)):
        return text
    return text[end:]


def _leading_title(text: str, title: str) -> tuple[int, int] | None:
    """Where the title starts and the body after it begins, if the title stands within the
    first 40 characters of one line (a plain search: a pattern compiled per article would cost
    more than the rest of the loading)."""
    window = text[: _PREFIX_CHARS + len(title) + 200]
    folded, wanted = window.lower(), title.lower()
    if len(folded) != len(window):  # a letter whose lower case is longer: offsets differ
        return None
    at = folded.find(wanted)
    while at != -1:
        before = window[:at].rstrip()
        if len(before) > _PREFIX_CHARS or "\n" in before:
            return None
        after = _AFTER_TITLE_RE.match(window, at + len(title))
        if after:
            return at, after.end()
        at = folded.find(wanted, at + 1)
    return None


def _truthy(value: object) -> bool:
    """A metadata flag as written ('yes', 'true', 1, True) → bool."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y", "on")
    return bool(value) if isinstance(value, bool | int) else False
