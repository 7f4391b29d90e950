"""Attribution records built from candidates, and quoted continuations of a statement."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from analysis.extract.statements.candidates import Candidate
from analysis.extract.statements.content import clean_fragment, strip_end
from analysis.extract.statements.segment import DocContext, group_quotes, quote_words
from analysis.text import Quote


@dataclass(frozen=True)
class Attribution:
    """One statement: the source as written, the reporting cue, and what was said."""

    speaker: Span | None  # the source as written: a name, a pronoun, a role noun phrase
    cue: str | None  # lemma of the reporting verb or phrase ("say", "according to")
    kind: str  # direct | reported | mixed
    content: str  # what was said (pieces joined by " … " when a sentence splits it)
    content_start: int  # char offsets of the content in doc.text
    content_end: int
    start: int  # char offsets of the whole sentence(s) in doc.text
    end: int


def _ignored(ctx: DocContext, parts: list[str]) -> bool:
    """Formulas that are never statements ("asked not to be named")."""
    words = " ".join(parts).lower().split()
    for phrase in ctx.cues.ignored_contents:
        size = len(phrase.split())
        if " ".join(words).endswith(phrase) and len(words) <= size + 2:
            return True
    return False


@dataclass
class _Pieces:
    """Character ranges of what was said, and how many of its words are quoted."""

    ranges: list[tuple[int, int]] = field(default_factory=list)
    quoted_words: int = 0
    reported_words: int = 0

    def add_quote(self, ctx: DocContext, quote: Quote) -> None:
        self.ranges.append((quote.inner_start, quote.inner_end))
        self.quoted_words += quote_words(ctx, quote)

    def kind(self) -> str:
        if self.reported_words >= 3 and self.quoted_words:
            return "mixed"
        if self.quoted_words and self.reported_words < 3:
            return "direct"
        return "reported"


def build(ctx: DocContext, item: Candidate, group: Span) -> Attribution | None:
    """The Attribution of a candidate: its content as text, its kind, its offsets."""
    found = _Pieces()
    for quote in item.quotes:
        found.add_quote(ctx, quote)
    for s, e in item.pieces:
        _add_token_range(ctx, item, found, _trimmed(ctx.doc, s, e))
    if not found.ranges:
        return None
    merged = _merged(ctx.text, found.ranges)
    parts = [p for p in (clean_fragment(ctx.text[s:e]) for s, e in merged) if p]
    if not parts or _ignored(ctx, parts):
        return None
    return Attribution(
        speaker=item.speaker,
        cue=item.cue,
        kind=found.kind(),
        content=" … ".join(parts),
        content_start=merged[0][0],
        content_end=merged[-1][1],
        start=group.start_char,
        end=strip_end(ctx.text, group.start_char, group.end_char),
    )


def _trimmed(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """A token range without spaces, punctuation (quotes kept) and trailing conjunctions."""
    while e > s and (
        doc[e - 1].is_space
        or (doc[e - 1].is_punct and not doc[e - 1].is_quote)
        or doc[e - 1].dep_ == "cc"
    ):
        e -= 1
    while s < e and (doc[s].is_space or (doc[s].is_punct and not doc[s].is_quote)):
        s += 1
    return s, e


def _add_token_range(
    ctx: DocContext, item: Candidate, found: _Pieces, token_range: tuple[int, int]
) -> None:
    """Add one content range: as reported words, or as the quotations it consists of."""
    s, e = token_range
    if e <= s:
        return
    doc = ctx.doc
    outside = [t for t in doc[s:e] if ctx.in_quote[t.i] < 0 and t.is_alpha]
    inside = [t for t in doc[s:e] if ctx.in_quote[t.i] >= 0 and t.is_alpha]
    if len(outside) < 2 and not inside:
        return
    if not outside:
        # the clause is the quotation itself: use the quotes' inner text
        for number in sorted({ctx.in_quote[t.i] for t in inside}):
            quote = ctx.quotes[number]
            if quote not in item.quotes:
                found.add_quote(ctx, quote)
        return
    found.reported_words += len(outside)
    found.quoted_words += len(inside)
    start_char, end_char = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
    # a reported clause never swallows a whole quotation next to it
    for qs, qe in ((q.start, q.end) for q in ctx.quotes):
        if start_char <= qs and qe <= end_char and (qs == start_char or qe == end_char):
            if qs == start_char:
                start_char = qe
            else:
                end_char = qs
    found.ranges.append((start_char, end_char))


def _merged(text: str, ranges: list[tuple[int, int]]) -> list[list[int]]:
    """Overlapping ranges, or ranges with only spaces and commas between, joined."""
    merged: list[list[int]] = []
    for s, e in sorted(ranges):
        if merged and (s <= merged[-1][1] or not text[merged[-1][1] : s].strip(" \t,;")):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return merged


def continuation(analyser: DocContext, group: Span, previous: Attribution) -> Attribution | None:
    """A quotation with no reporting verb right after a quoted statement: the same speaker."""
    quotes = group_quotes(analyser, group)
    if not quotes:
        return None
    first = next((t for t in group if not t.is_space), None)
    if first is None or analyser.in_quote[first.i] < 0:
        return None
    alpha = [t for t in group if t.is_alpha]
    quoted = [t for t in alpha if analyser.in_quote[t.i] >= 0]
    if len(quoted) < 4 or len(quoted) < 0.6 * len(alpha):
        return None
    text = analyser.text
    last_word = max(t.idx + len(t.text) for t in alpha)
    if len(quoted) == len(alpha) and not re.search(r"[.!?…]", text[last_word : group.end_char]):
        return None  # a quoted heading or pull quote with no final stop: not a continuation
    parts = [clean_fragment(text[q.inner_start : q.inner_end]) for q in quotes]
    return Attribution(
        speaker=previous.speaker,
        cue=previous.cue,
        kind="direct",
        content=" … ".join(p for p in parts if p),
        content_start=quotes[0].inner_start,
        content_end=quotes[-1].inner_end,
        start=group.start_char,
        end=strip_end(text, group.start_char, group.end_char),
    )
