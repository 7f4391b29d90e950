"""Segmenting a Doc for statements: paragraph-aware parsing, sentence groups and quotations."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from analysis.reference import Cues
from analysis.text import TERMINAL, Quote, find_quotes, paragraph_starts

# "ASTANA, Jan 24 (Reuters) - ": a wire dateline opening a paragraph is not part of a sentence.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{1,30}(?:,[^\n()]{1,40}?)?\s*(?:\([^()\n]{1,40}\))?\s*[-–—]+\s+"
)


def prepare_doc(nlp: Language, text: str) -> Doc:
    """A tokenised, unparsed Doc whose paragraphs start new sentences (feed it to nlp.pipe)."""
    doc = nlp.make_doc(text)
    starts = set(paragraph_starts(text))
    for start in list(starts):
        dateline = _DATELINE.match(text, start)
        if dateline and dateline.end() < len(text):
            starts.add(dateline.end())
    # Set through an array: the Token.is_sent_start setter reads every token of the Doc (its
    # has_annotation check) on each call, which made this quadratic in the article's length.
    flags = doc.to_array([SENT_START])
    for token in doc[1:]:
        if token.idx in starts and not token.is_space:
            flags[token.i] = 1
    doc.from_array([SENT_START], flags)
    return doc


def parse(nlp: Language, text: str) -> Doc:
    """The parsed Doc of `text`, paragraphs kept apart (as the pipeline parses articles)."""
    return nlp(prepare_doc(nlp, text))


class QuoteIndex:
    """An article's quotations (in text order, as find_quotes gives them) found by bisection:
    those overlapping a character range, those starting inside one. A statement reads the
    quotations near it, never the whole article's."""

    def __init__(self, quotes: tuple[Quote, ...]) -> None:
        self.quotes = quotes
        self._starts = [q.start for q in quotes]
        self._reach = list(accumulate((q.end for q in quotes), max))  # furthest end so far

    def overlapping(self, lo: int, hi: int) -> list[Quote]:
        """The quotations with a character in [lo, hi), in text order."""
        first = bisect_right(self._reach, lo)  # every quotation before it ends by `lo`
        last = bisect_left(self._starts, hi)
        return [q for q in self.quotes[first:last] if q.end > lo]

    def starting_within(self, lo: int, hi: int) -> tuple[Quote, ...]:
        """The quotations that start in [lo, hi], in text order."""
        return self.quotes[bisect_left(self._starts, lo) : bisect_right(self._starts, hi)]


@dataclass(frozen=True, eq=False)
class DocContext:
    """One parsed Doc as the statement rules read it: text, quotations and the lexicon."""

    doc: Doc
    cues: Cues
    text: str  # doc.text, kept: Doc.text rebuilds the string on every access
    quotes: tuple[Quote, ...]
    in_quote: tuple[int, ...]  # per token: the number of the quotation it is in, or -1
    quote_index: QuoteIndex

    def quoted(self, token: Token) -> bool:
        """Whether `token` lies inside a quotation."""
        return self.in_quote[token.i] >= 0


def doc_context(doc: Doc, cues: Cues) -> DocContext:
    """The context of a parsed Doc: its quotations found once, each token's quotation."""
    text = doc.text
    quotes = tuple(find_quotes(text))
    return DocContext(doc, cues, text, quotes, _quote_numbers(doc, quotes), QuoteIndex(quotes))


def _quote_numbers(doc: Doc, quotes: tuple[Quote, ...]) -> tuple[int, ...]:
    """Per token, the number of the quotation it lies in (marks included), or -1."""
    in_quote = [-1] * len(doc)
    for number, quote in enumerate(quotes):
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None:
            continue
        for i in range(span.start, span.end):
            in_quote[i] = number
    return tuple(in_quote)


def quote_words(text: str, quote: Quote) -> int:
    """The number of words inside a quotation's marks."""
    return len(re.findall(r"\w+", text[quote.inner_start : quote.inner_end]))


def group_quotes(ctx: DocContext, group: Span) -> list[Quote]:
    """The quotations (of at least one word) overlapping a sentence group."""
    nearby = ctx.quote_index.overlapping(group.start_char, group.end_char)
    return [q for q in nearby if quote_words(ctx.text, q) >= 1]


def sentence_groups(doc: Doc, quotes: tuple[Quote, ...], cues: Cues | None = None) -> list[Span]:
    """Sentences, joined where a quotation runs across them or a colon introduces one."""
    sents = [s for s in doc.sents if not all(t.is_space for t in s)]
    index = QuoteIndex(quotes)
    groups: list[list[Span]] = []
    for sent in sents:
        if groups and _joins(groups[-1][-1], sent, index, cues):
            groups[-1].append(sent)
        else:
            groups.append([sent])
    return [doc[g[0].start : g[-1].end] for g in groups]


def _joins(previous: Span, sent: Span, quotes: QuoteIndex, cues: Cues | None) -> bool:
    """Whether `sent` belongs to the group of the sentence before it."""
    if quotes.overlapping(sent.start_char, previous.end_char):  # a quotation runs across
        return True
    last = [t for t in previous if not t.is_space]
    first = next((t for t in sent if not t.is_space), None)
    if not last or first is None:
        return False
    after_colon = last[-1].text == ":" and first.is_quote
    return after_colon or _lower_tail(last, first, sent) or _upper_tail(last, sent, cues)


def _lower_tail(last: list[Token], first: Token, sent: Span) -> bool:
    """'"…," | he said.': the parser split after the closing mark."""
    return (
        first.is_lower and first.is_alpha and any(t.is_quote for t in last[-2:]) and len(sent) <= 12
    )


def _upper_tail(last: list[Token], sent: Span, cues: Cues | None) -> bool:
    """'"Why should we?" | Erdogan said.': a question or exclamation closing the quotation
    makes the parser start a sentence at the capitalised speaker."""
    return (
        cues is not None
        and any(t.is_quote for t in last[-2:])
        and any(t.text in ("?", "!") for t in last[-3:])
        and len(sent) <= 12
        and _bare_report(sent, cues)
    )


def _bare_report(sent: Span, cues: Cues) -> bool:
    """ "Erdogan said." / "asked the senator.": a reporting verb with a subject and nothing said."""
    root = sent.root
    lemma = root.lemma_.lower()
    if root.pos_ != "VERB" or not (cues.knows(lemma) or lemma in cues.quote_only):
        return False
    if any(
        c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and lemma not in cues.addressee)
        for c in root.children
    ):
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children) or (
        root.i + 1 < sent.end and sent.doc[root.i + 1].pos_ in ("PROPN", "DET", "NOUN")
    )


def is_furniture(group: Span, full_text: str) -> bool:
    """Headlines and captions: a paragraph without a final stop, or wholly in brackets."""
    raw = full_text[group.start_char : group.end_char]
    text = raw.strip()
    if not text:
        return True
    if text.startswith("(") and text.endswith(")"):
        return True
    after = full_text[group.end_char : group.end_char + 3]
    ends_paragraph = (
        group.end_char >= len(full_text) or "\n" in after or "\n" in raw[len(raw.rstrip()) :]
    )
    return ends_paragraph and text[-1] not in TERMINAL and text.count(" ") < 25
