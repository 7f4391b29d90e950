"""Assembling statement records: a candidate's content text, its kind (direct, reported,
mixed) and the quotations that continue a statement without a cue of their own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from analysis.extract.statements.acts import STATEMENT, speech_act, speech_act_of_span
from analysis.extract.statements.records import Attribution, Candidate
from analysis.extract.statements.segment import DocContext, group_quotes, quote_words
from analysis.extract.statements.via import via_of
from analysis.reference import Cues
from analysis.text import Quote

CharRange = tuple[int, int]


def build(ctx: DocContext, item: Candidate, group: Span) -> Attribution | None:
    """The record of a candidate statement, or None when no usable content is left."""
    tally = _tally(ctx, item)
    if not tally.ranges:
        return None
    text = ctx.text
    merged = _merge_ranges(text, tally.ranges)
    parts = [clean(text[s:e]) for s, e in merged]
    parts = [p for p in parts if p]
    if not parts or ignored(ctx.cues, parts):
        return None
    ranges = [(s, e) for s, e in merged]
    return Attribution(
        speaker=item.speaker,
        cue=item.cue,
        kind=kind_of(tally.quoted_words, tally.reported_words),
        content=" … ".join(parts),
        content_start=merged[0][0],
        content_end=merged[-1][1],
        start=group.start_char,
        end=strip_end(text, group.start_char, group.end_char),
        speech_act=_act(ctx, item, ranges),
        via=via_of(ctx, item, group, ranges),
    )


def _act(ctx: DocContext, item: Candidate, ranges: list[CharRange]) -> str:
    """The speech act of a candidate from its cue and the spans of its content."""
    spans = [ctx.doc.char_span(s, e, alignment_mode="expand") for s, e in ranges]
    content = [span for span in spans if span is not None]
    return speech_act(ctx.cues.speech_acts, item.cue, item.cue_token, content, item.speaker)


def kind_of(quoted_words: int, reported_words: int) -> str:
    """direct (a quotation), reported (no quotation) or mixed (a quotation in reported speech)."""
    if reported_words >= 3 and quoted_words:
        return "mixed"
    if quoted_words and reported_words < 3:
        return "direct"
    return "reported"


@dataclass
class _Tally:
    """The character ranges of a statement's content and how many words were quoted."""

    ranges: list[CharRange] = field(default_factory=list)
    quoted_words: int = 0
    reported_words: int = 0

    def add_quote(self, text: str, quote: Quote) -> None:
        """Count a whole quotation: its inner text and its words."""
        self.ranges.append((quote.inner_start, quote.inner_end))
        self.quoted_words += quote_words(text, quote)


def _tally(ctx: DocContext, item: Candidate) -> _Tally:
    """The candidate's quotations and the usable text of each of its token pieces."""
    tally = _Tally()
    for quote in item.quotes:
        tally.add_quote(ctx.text, quote)
    for s, e in item.pieces:
        _tally_piece(ctx, item, _trimmed(ctx.doc, s, e), tally)
    return tally


def _trimmed(doc: Doc, s: int, e: int) -> CharRange:
    """A token range without punctuation, spaces and a trailing conjunction at its ends."""
    while e > s and (
        doc[e - 1].is_space
        or (doc[e - 1].is_punct and not doc[e - 1].is_quote)
        or doc[e - 1].dep_ == "cc"
    ):
        e -= 1
    while s < e and (doc[s].is_space or (doc[s].is_punct and not doc[s].is_quote)):
        s += 1
    return s, e


def _tally_piece(ctx: DocContext, item: Candidate, piece: CharRange, tally: _Tally) -> None:
    """Count one token piece: its reported and quoted words and its character range."""
    doc = ctx.doc
    s, e = piece
    if e <= s:
        return
    outside = [t for t in doc[s:e] if not ctx.quoted(t) and t.is_alpha]
    inside = [t for t in doc[s:e] if ctx.quoted(t) and t.is_alpha]
    if len(outside) < 2 and not inside:
        return
    if not outside:
        _tally_quoted_clause(ctx, item, inside, tally)
        return
    tally.reported_words += len(outside)
    tally.quoted_words += len(inside)
    start_char, end_char = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
    tally.ranges.append(_clear_of_quotes(ctx, start_char, end_char))


def _tally_quoted_clause(
    ctx: DocContext, item: Candidate, inside: list[Token], tally: _Tally
) -> None:
    """The clause is the quotation itself: use the quotes' inner text."""
    for number in sorted({ctx.in_quote[t.i] for t in inside}):
        quote = ctx.quotes[number]
        if quote not in item.quotes:
            tally.add_quote(ctx.text, quote)


def _clear_of_quotes(ctx: DocContext, start_char: int, end_char: int) -> CharRange:
    """A reported clause never swallows a whole quotation next to it."""
    for quote in ctx.quote_index.starting_within(start_char, end_char):  # the only candidates
        qs, qe = quote.start, quote.end
        if start_char <= qs and qe <= end_char and (qs == start_char or qe == end_char):
            if qs == start_char:
                start_char = qe
            else:
                end_char = qs
    return start_char, end_char


def _merge_ranges(text: str, ranges: list[CharRange]) -> list[list[int]]:
    """Ranges in text order, joined where they overlap or only punctuation lies between."""
    merged: list[list[int]] = []
    for s, e in sorted(ranges):
        if merged and (s <= merged[-1][1] or not text[merged[-1][1] : s].strip(" \t,;")):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return merged


def ignored(cues: Cues, parts: list[str]) -> bool:
    """Formulas that are never statements ("asked not to be named")."""
    words = " ".join(parts).lower().split()
    for phrase in cues.ignored_contents:
        size = len(phrase.split())
        if " ".join(words).endswith(phrase) and len(words) <= size + 2:
            return True
    return False


def clean(fragment: str) -> str:
    """A content fragment with its whitespace collapsed and its edge punctuation removed."""
    fragment = " ".join(fragment.split())
    fragment = fragment.strip(" ,;:—–-")
    if fragment.endswith((",", ";")):
        fragment = fragment[:-1].rstrip()
    # a full stop closing the content, not an abbreviation ("U.S.")
    if fragment.endswith(".") and len(fragment) > 2 and not fragment[-2].isupper():
        fragment = fragment[:-1].rstrip()
    return fragment


def strip_end(text: str, start: int, end: int) -> int:
    """`end` moved back over trailing whitespace (not before `start`)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# -- quotations that go on without a cue ----------------------------------------------------------


def continuation(ctx: DocContext, group: Span, previous: Attribution) -> Attribution | None:
    """A quotation with no reporting verb right after a quoted statement: the same speaker."""
    quotes = group_quotes(ctx, group)
    if not quotes:
        return None
    first = next((t for t in group if not t.is_space), None)
    if first is None or not ctx.quoted(first):
        return None
    alpha = [t for t in group if t.is_alpha]
    quoted = [t for t in alpha if ctx.quoted(t)]
    if len(quoted) < 4 or len(quoted) < 0.6 * len(alpha):
        return None
    text = ctx.text
    last_word = max(t.idx + len(t.text) for t in alpha)
    if len(quoted) == len(alpha) and not re.search(r"[.!?…]", text[last_word : group.end_char]):
        return None  # a quoted heading or pull quote with no final stop: not a continuation
    parts = [clean(text[q.inner_start : q.inner_end]) for q in quotes]
    return Attribution(
        speaker=previous.speaker,
        cue=previous.cue,
        kind="direct",
        content=" … ".join(p for p in parts if p),
        content_start=quotes[0].inner_start,
        content_end=quotes[-1].inner_end,
        start=group.start_char,
        end=strip_end(text, group.start_char, group.end_char),
        speech_act=_continued_act(ctx, previous, quotes[0].inner_start, quotes[-1].inner_end),
        via=previous.via,
    )


def _continued_act(ctx: DocContext, previous: Attribution, start: int, end: int) -> str:
    """A continued quotation's act by its own words, else the act its cue gave the statement
    it goes on from ("warned: '…' '…'" warns in both)."""
    lexicon = ctx.cues.speech_acts
    act = speech_act_of_span(lexicon, ctx.doc, "", start, end)
    return act if act != STATEMENT else lexicon.of_cue(previous.cue) or STATEMENT


def carried_statement(text: str, emitted: list[Attribution]) -> Attribution | None:
    """The statement of a group that a quotation in the next group may continue: the last
    quoted one, else the last by a named speaker, if its paragraph ends with it."""
    quoted = [a for a in emitted if a.kind in ("direct", "mixed")]
    named = [a for a in emitted if _named(a.speaker)]
    previous = quoted[-1] if quoted else (named[-1] if named else None)
    if previous is not None and previous.kind == "reported":
        # a reported statement by a named person may go on in a quoted paragraph
        paragraph_end = text.find("\n", previous.end)
        if paragraph_end < 0 or text[previous.end : paragraph_end].strip():
            return None
    return previous


def _named(speaker: Span | None) -> bool:
    """A speaker written as a name ("Erekat", "Foreign Minister Mevlut Cavusoglu")."""
    return (
        speaker is not None
        and speaker.root.pos_ == "PROPN"
        and speaker.root.ent_type_ not in ("GPE", "NORP", "LOC", "FAC", "DATE")
    )
