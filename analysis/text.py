"""Plain-text rules shared by every stage: folding, the quote detector, credits and bylines."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def fold(text: str) -> str:
    """Lower-case and strip diacritics, for alias matching (Erdoğan → erdogan)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("İ", "I"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("’", "'").casefold().split())


# What a full-text query is matched against: what was said, the sentence, the speaker as
# resolved and as written, and the article title (one per line, folded).
SEARCHED_COLUMNS = ("text", "sentence", "speaker", "speaker_mention", "title")
_SEARCHED_SQL = " || ' \n ' || ".join(f"coalesce({c}, '')" for c in SEARCHED_COLUMNS)
# The same searchable text folded in DuckDB SQL (lower case, no diacritics, dotless i as i).
SEARCH_SQL = f"strip_accents(lower(replace(replace({_SEARCHED_SQL}, 'ı', 'i'), 'İ', 'I')))"


# ---------------------------------------------------------------------------------------------
# Paragraphs and quotation marks (plain text, before any parsing)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*(?:\n\s*)?")
TERMINAL = ".!?:;\"”»'’)…"


def paragraph_starts(text: str) -> list[int]:
    """Char offsets where paragraphs start: after a blank line, or a line ending a sentence."""
    starts = [0]
    for match in _PARAGRAPH_BREAK.finditer(text):
        before = text[: match.start()].rstrip()
        blank = match.group().count("\n") >= 2
        line_start = before.rfind("\n") + 1
        short_line = len(before) - line_start < 70
        if blank or not before or before[-1] in TERMINAL or short_line:
            starts.append(match.end())
    return sorted({s for s in starts if s < len(text)})


def _paragraph_ranges(text: str) -> list[tuple[int, int]]:
    starts = paragraph_starts(text)
    if not starts:
        return []
    ends = starts[1:] + [len(text)]
    return [(s, e) for s, e in zip(starts, ends, strict=True)]


@dataclass(frozen=True)
class Quote:
    """A quotation: marks included in [start, end), the words inside in [inner_start, inner_end)."""

    start: int
    end: int
    inner_start: int
    inner_end: int


_DOUBLE_MARK = re.compile(r"``|''|[\"“”«»„]")
_OPENERS = {"“", "«", "„", "``"}
_CLOSERS = {"”", "»"}
_SINGLE = re.compile(r"(?<![\w'’])['‘](?=[^\s'’])([^\n]+?)(?<=\S)['’](?![\w])")


_SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bLt)(?<!Mrs)(?<!Gen)(?<!Col)(?<!Gov)"
    r"(?<!Sen)(?<!Rep)(?<!\bNo)[.!?](?=\s+[A-Z\"“])"
)


def _looks_like_opener(text: str, pos: int) -> bool:
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in ".,;:!?")


def find_quotes(text: str) -> list[Quote]:
    """Quotations in every common style: “…”, "…", «…», ''…'', ``…'' and (carefully) '…'.

    A quote left open at the end of a paragraph runs to the paragraph end (the news convention
    for a quotation that continues in the next paragraph, which opens with a new mark).
    """
    quotes: list[Quote] = []
    for p_start, p_end in _paragraph_ranges(text):
        opened: re.Match[str] | None = None
        found: list[Quote] = []
        for mark in _DOUBLE_MARK.finditer(text, p_start, p_end):
            symbol = mark.group()
            toggle = symbol not in _OPENERS and symbol not in _CLOSERS
            if opened is None:
                if symbol in _OPENERS or (toggle and _looks_like_opener(text, mark.start())):
                    opened = mark
            elif symbol in _CLOSERS or toggle:
                found.append(Quote(opened.start(), mark.end(), opened.end(), mark.start()))
                opened = None
            else:  # a new opening mark while one is open: the first was never closed
                opened = mark
        if opened is not None:
            tail = text[opened.end() : p_end].rstrip()
            following = text[p_end : p_end + 4].lstrip()
            if not following or following[0] not in "\"“«„'`‘":
                # no quotation continues in the next paragraph: the closing mark was lost, so
                # the quote ends with its first sentence instead of swallowing the paragraph
                stop = _SENTENCE_END.search(tail)
                if stop is not None:
                    tail = tail[: stop.start() + 1]
            if len(tail.split()) >= 3:
                found.append(
                    Quote(
                        opened.start(),
                        opened.start() + len(tail) + 1,
                        opened.end(),
                        opened.end() + len(tail),
                    )
                )
        covered = [(q.start, q.end) for q in found]
        for match in _SINGLE.finditer(text, p_start, p_end):
            if any(s <= match.start() < e for s, e in covered):
                continue
            found.append(Quote(match.start(), match.end(), match.start(1), match.end(1)))
        quotes.extend(sorted(found, key=lambda q: q.start))
    return quotes


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of every quotation in `text`, marks included."""
    return [(q.start, q.end) for q in find_quotes(text)]


# ---------------------------------------------------------------------------------------------
# Captions, credits and bylines: text there names photographers and reporters, not actors.
# Lines (the loader drops them from the body) and spans inside a text (the gazetteer skips them).

# Photo captions and credits: a line with one of these cues is a caption, never body text.
CAPTION_RES = [
    re.compile(p, re.I)
    for p in (
        r"\((?:photos?|images?|pictures?|photograph)(?: by|:| credit)[^)]{0,120}\)\s*\.?\s*$",
        r"^\s*(?:photos?|images?|pictures?|photo credit|credit|caption|image caption|image "
        r"copyright|image source)\s*[:|]",
        r"\bfile (?:photo|picture|image)\b",
        r"\b(?:this|the|a|an) (?:handout )?(?:picture|photo|photograph|image|screen ?grab|"
        r"video grab|still image) (?:was )?(?:taken|released|made available|provided|obtained|"
        r"distributed)\b",
        r"^\s*(?:this|the) (?:handout )?(?:picture|photo|photograph|image) shows\b",
        r"\b(?:handout|pool) (?:photo|picture|image)\b",
        r"[/|]\s*(?:AFP|AP|Reuters|EPA(?:-EFE)?|Getty Images|Anadolu(?: Agency)?|AA|Sputnik|"
        r"TASS|SANA|Xinhua|DHA|IHA|Shutterstock|Pool|Handout|Kremlin|TurkPress)\b[^)\n]{0,40}"
        r"\)?\s*\.?\s*$",
        r"\(\s*(?:AFP|AP|Reuters|EPA|Getty Images|Anadolu Agency|AA) (?:photo|picture)\b[^)]*\)",
        r"\bvia getty images\b",
    )
]

BYLINE_RE = re.compile(
    r"^\s*(?i:by|written by|reporting by|story by)\s+"
    r"(?!(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|(?:january|february|march|april|may|june|"
    r"july|august|september|october|november|december|the|then|now|late|early|noon)\b)"
    r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
    r"(?:\s*(?:,|and|&|\||-|–|—)\s*[\w .,'’&|@:-]{0,80})?(?<![.!?])$"
)
CREDIT_RE = re.compile(
    r"^\s*\(?\s*(?:additional )?(?:reporting|writing|editing|compiled|translated|translation)"
    r"(?: and \w+)? by\b",
    re.I,
)
# Photo credits and bylines: text there names photographers and reporters, not actors.
CREDIT_SPAN_RES = (
    re.compile(
        r"\(\s*(?:additional\s+)?(?:photo|image|picture|reporting|writing|editing|compiled|"
        r"translated|text)\b[^)]*\)",
        re.IGNORECASE,
    ),
    re.compile(
        r"^[ \t]*(?:additional\s+)?(?:photos?|images?|pictures?|reporting|writing|editing|"
        r"compiled|translated|credit)\s*(?:by|:)[^\n]*$",
        re.IGNORECASE | re.MULTILINE,
    ),
    re.compile(r"^[ \t]*By\s+[A-Z][^\n]{0,80}$", re.MULTILINE),
    # "Delil SOULEIMAN / AFP" ending a caption line (no full stop: not a sentence).
    re.compile(r"[A-Z][^\n()/.]{0,60}/\s?[A-Z][A-Za-z ]{1,30}(?=\)|$)", re.MULTILINE),
    re.compile(r"^[^\n]*(?:©|\bcopyright\b)[^\n]*$", re.IGNORECASE | re.MULTILINE),
)


def is_caption(para: str) -> bool:
    """A paragraph that is a photo caption or credit, never body text."""
    return any(r.search(para) for r in CAPTION_RES)


def is_byline(para: str) -> bool:
    """A short paragraph naming the reporter or who helped write the article."""
    return (len(para) <= 120 and bool(BYLINE_RE.match(para))) or (
        len(para) <= 250 and bool(CREDIT_RE.match(para))
    )


# A credit, byline or copyright line is one short line: a longer "credit" is an article
# written on one line that a copyright pattern ran over ("… © 2016 …"), never a credit.
CREDIT_MAX_CHARS = 300


def credit_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of photo credits, bylines and copyright lines inside `text`."""
    spans = (m.span() for regex in CREDIT_SPAN_RES for m in regex.finditer(text))
    return [(a, b) for a, b in spans if b - a <= CREDIT_MAX_CHARS]
