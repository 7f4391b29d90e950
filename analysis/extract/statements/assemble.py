"""Attribution records built from candidates, and quoted continuations of a statement."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from analysis.extract.statements.candidates import Candidate
from analysis.extract.statements.content import clean_fragment, strip_end
from analysis.extract.statements.segment import DocContext, group_quotes, quote_words


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


def build(ctx: DocContext, item: Candidate, group: Span) -> Attribution | None:
    doc, text = ctx.doc, ctx.text
    char_pieces: list[tuple[int, int]] = []
    quoted_words = reported_words = 0
    for quote in item.quotes:
        char_pieces.append((quote.inner_start, quote.inner_end))
        quoted_words += quote_words(ctx, quote)
    quote_ranges = [(q.start, q.end) for q in ctx.quotes]
    for s, e in item.pieces:
        while e > s and (
            doc[e - 1].is_space
            or (doc[e - 1].is_punct and not doc[e - 1].is_quote)
            or doc[e - 1].dep_ == "cc"
        ):
            e -= 1
        while s < e and (doc[s].is_space or (doc[s].is_punct and not doc[s].is_quote)):
            s += 1
        if e <= s:
            continue
        outside = [t for t in doc[s:e] if ctx.in_quote[t.i] < 0 and t.is_alpha]
        inside = [t for t in doc[s:e] if ctx.in_quote[t.i] >= 0 and t.is_alpha]
        if len(outside) < 2 and not inside:
            continue
        if not outside:
            # the clause is the quotation itself: use the quotes' inner text
            for number in sorted({ctx.in_quote[t.i] for t in inside}):
                quote = ctx.quotes[number]
                if quote not in item.quotes:
                    char_pieces.append((quote.inner_start, quote.inner_end))
                    quoted_words += quote_words(ctx, quote)
            continue
        reported_words += len(outside)
        quoted_words += len(inside)
        start_char, end_char = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        # a reported clause never swallows a whole quotation next to it
        for qs, qe in quote_ranges:
            if start_char <= qs and qe <= end_char and (qs == start_char or qe == end_char):
                if qs == start_char:
                    start_char = qe
                else:
                    end_char = qs
        char_pieces.append((start_char, end_char))
    if not char_pieces:
        return None
    merged: list[list[int]] = []
    for s, e in sorted(char_pieces):
        if merged and (s <= merged[-1][1] or not text[merged[-1][1] : s].strip(" \t,;")):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    parts = [clean_fragment(text[s:e]) for s, e in merged]
    parts = [p for p in parts if p]
    if not parts or _ignored(ctx, parts):
        return None
    if reported_words >= 3 and quoted_words:
        kind = "mixed"
    elif quoted_words and reported_words < 3:
        kind = "direct"
    else:
        kind = "reported"
    return Attribution(
        speaker=item.speaker,
        cue=item.cue,
        kind=kind,
        content=" … ".join(parts),
        content_start=merged[0][0],
        content_end=merged[-1][1],
        start=group.start_char,
        end=strip_end(text, group.start_char, group.end_char),
    )


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
