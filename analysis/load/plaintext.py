"""Plain-text articles: furniture, captions and bylines out; headline, outlet and date found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.load.article import Article, make_article
from analysis.load.fields import meta_value
from analysis.load.furniture import (
    date_written_in,
    dateline_date,
    is_date_line,
    is_furniture,
    outlet_in_furniture,
    site_icon_name,
    wire_outlet,
)
from analysis.load.markup import without_markup
from analysis.load.normalise import date_in_name, is_known_outlet, match_outlet, normalise_date
from analysis.load.problems import ProblemHandler
from analysis.text import fold, is_byline, is_caption

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# A caption is one paragraph of at most this length; in a longer paragraph only the sentences
# with a caption cue are dropped.
_CAPTION_MAX_CHARS = 600
_SENTENCE_END_RE = re.compile(r"(?<=[.!?)])\s+(?=[A-Z“\"(])")
_TERMINAL = (".", "!", "?", '"', "”", "’", ":", ";", ")", "]", "»")


@dataclass(frozen=True)
class CleanText:
    """Plain text split into body paragraphs, with what the furniture told about the article."""

    paragraphs: tuple[str, ...]
    headline: str | None = None
    outlet: str | None = None
    published: str | None = None


def text_article(origin: str, raw: str, meta: dict, report: ProblemHandler) -> Article | None:
    """The article of a plain-text file: front matter and sidecar metadata win over the text."""
    front, raw = _front_matter(raw.replace("\r\n", "\n").replace("\r", "\n"))
    meta = {**meta, **front}
    cleaned = clean_text(without_markup(raw, origin, report))
    title = meta_value(meta, "title") or cleaned.headline
    return make_article(
        origin,
        text="\n\n".join(without_heading(cleaned.paragraphs, title)),
        title=title,
        outlet=meta_value(meta, "outlet") or cleaned.outlet,
        published=normalise_date(meta_value(meta, "published"))
        or cleaned.published
        or date_in_name(origin),
        url=meta_value(meta, "url"),
        language=meta_value(meta, "language"),
        sample=meta.get("sample"),
    )


def _front_matter(text: str) -> tuple[dict, str]:
    """`---` / `key: value` lines / `---` opening a text → (metadata, the text after it)."""
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            meta[key.strip().lower()] = value
    return meta, text[match.end() :]


def without_heading(paragraphs: tuple[str, ...], title: str | None) -> list[str]:
    """The paragraphs without a first one that only repeats the title."""
    if paragraphs and title and fold(paragraphs[0]) == fold(title):
        return list(paragraphs[1:])
    return list(paragraphs)


def clean_text(raw: str, *, find_headline: bool = True, join_wrapped: bool = True) -> CleanText:
    """Strip site furniture, captions, bylines and date lines; find headline, outlet and date.

    The published date comes only from a date line or the header (never from a caption or
    from a relative phrase such as 'on Tuesday').
    """
    lines, outlet = _furniture_free_lines(raw)
    paragraphs = _paragraphs(lines, join_wrapped=join_wrapped)
    reading = _Reading(paragraphs, find_headline, outlet)
    for index, para in enumerate(paragraphs):
        reading.take(para, index)
    return reading.result()


def _furniture_free_lines(raw: str) -> tuple[list[str], str | None]:
    """The space-normalised lines, furniture blanked; and the outlet the furniture names."""
    outlet = None
    lines: list[str] = []
    for line in raw.split("\n"):
        stripped = " ".join(line.split())
        icon = site_icon_name(stripped)
        if icon is not None:
            outlet = outlet or match_outlet(icon)
            lines.append("")
        elif stripped and is_furniture(stripped):
            outlet = outlet or outlet_in_furniture(stripped)
            lines.append("")
        else:
            lines.append(stripped)
    return lines, outlet


@dataclass
class _Reading:
    """The paragraphs of one text read in order: body kept, header lines told apart."""

    paragraphs: list[str]
    find_headline: bool
    outlet: str | None = None
    published: str | None = None
    headline: str | None = None
    body: list[str] = field(default_factory=list)

    def take(self, para: str, index: int) -> None:
        """Read one paragraph: a caption, date line, byline, outlet or headline, else body."""
        if is_caption(para):
            if len(para) <= _CAPTION_MAX_CHARS:
                return
            para = _without_caption_sentences(para)
        if self._took_date_or_byline(para) or self._took_outlet_line(para):
            return
        if self._is_headline_here(para, index):
            self.headline = para[:-1] if para.endswith(".") and not para.endswith("..") else para
            return
        self.body.append(para)

    def _took_date_or_byline(self, para: str) -> bool:
        date_match = date_written_in(para)
        if not (is_byline(para) or (date_match and is_date_line(para))):
            return False
        if date_match:  # a byline with a date dates the article too
            self.published = self.published or normalise_date(date_match.group(0))
        return True

    def _took_outlet_line(self, para: str) -> bool:
        """A short line naming a known outlet, before any body text."""
        known = match_outlet(para) if len(para.split()) <= 5 else None
        if known and is_known_outlet(known) and not self.body:
            self.outlet = self.outlet or known
            return True
        return False

    def _is_headline_here(self, para: str, index: int) -> bool:
        first = self.headline is None and not self.body
        return self.find_headline and first and _is_headline(para, self.paragraphs, index)

    def result(self) -> CleanText:
        """The body with the outlet and date a dateline of its first paragraph adds."""
        if self.body:
            if self.outlet is None:
                self.outlet = wire_outlet(self.body[0])
            if self.published is None:
                self.published = dateline_date(self.body[0])
        return CleanText(tuple(self.body), self.headline, self.outlet, self.published)


def _without_caption_sentences(para: str) -> str:
    """A long paragraph (one-paragraph articles) keeps all but its caption sentences."""
    sentences = _SENTENCE_END_RE.split(para)
    return " ".join(s for s in sentences if not is_caption(s)) or para


def _is_headline(para: str, paragraphs: list[str], index: int) -> bool:
    """The first paragraph is a headline when it is short, unpunctuated and body text follows."""
    words = para.split()
    if not 2 <= len(words) <= 30 or len(para) > 250:
        return False
    if para.endswith(".") and not para.endswith("...") and not _title_case(words):
        return False  # a one-sentence paragraph, unless Written In Title Case.
    rest = paragraphs[index + 1 :]
    return any(len(p.split()) >= 12 for p in rest)


def _title_case(words: list[str]) -> bool:
    long_words = [w for w in words if len(w) > 3 and w[:1].isalpha()]
    return len(long_words) >= 2 and sum(w[:1].isupper() for w in long_words) >= 0.8 * len(
        long_words
    )


def _paragraphs(lines: list[str], *, join_wrapped: bool = True) -> list[str]:
    """Lines → paragraphs: blank lines separate; hard-wrapped lines of one paragraph are joined.

    Without `join_wrapped` (extracted HTML, feeds) every line is a paragraph. The first line
    of a text is joined to the next only when that one plainly goes on (lower case): it is
    often a headline.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current and not (join_wrapped and _continues(current[-1], line, not paragraphs)):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line)
    return paragraphs


def _continues(previous: str, line: str, first: bool) -> bool:
    """Whether `line` goes on the paragraph that `previous` ends (a hard wrap)."""
    if previous.endswith(_TERMINAL):
        return False
    if line[:1].islower():
        return True
    return not first and (line[:1].isdigit() or len(previous) >= 55)
