"""Paragraph and sentence groups of a parsed article, and the quotes in them."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

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
    for token in doc[1:]:
        if token.idx in starts and not token.is_space:
            token.is_sent_start = True
    return doc


def parse(nlp: Language, text: str) -> Doc:
    """The parsed Doc of `text`, paragraphs kept apart (as the pipeline parses articles)."""
    return nlp(prepare_doc(nlp, text))


class DocContext:
    """Extraction state for one Doc."""

    def __init__(self, doc: Doc, cues: Cues) -> None:
        self.doc = doc
        self.cues = cues
        self.text = doc.text  # Doc.text rebuilds the string on every access
        self.quotes = find_quotes(self.text)
        self.in_quote = [-1] * len(doc)
        for number, quote in enumerate(self.quotes):
            span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self.in_quote[i] = number


def group_quotes(ctx: DocContext, group: Span) -> list[Quote]:
    lo, hi = group.start_char, group.end_char
    return [q for q in ctx.quotes if q.start < hi and q.end > lo and quote_words(ctx, q) >= 1]


def quote_words(ctx: DocContext, quote: Quote) -> int:
    return len(re.findall(r"\w+", ctx.text[quote.inner_start : quote.inner_end]))


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


def sentence_groups(doc: Doc, quotes: list[Quote], cues: Cues | None = None) -> list[Span]:
    """Sentences, joined where a quotation runs across them or a colon introduces one."""
    sents = [s for s in doc.sents if not all(t.is_space for t in s)]
    groups: list[list[Span]] = []
    for sent in sents:
        if groups:
            previous = groups[-1][-1]
            joined = any(q.start < previous.end_char and q.end > sent.start_char for q in quotes)
            last = [t for t in previous if not t.is_space]
            first = next((t for t in sent if not t.is_space), None)
            if last and first is not None:
                after_colon = last[-1].text == ":" and first.is_quote
                # '"…," | he said.' split after the closing mark
                lower_tail = (
                    first.is_lower
                    and first.is_alpha
                    and any(t.is_quote for t in last[-2:])
                    and len(sent) <= 12
                )
                # '"Why should we?" | Erdogan said.': a question or exclamation closing the
                # quotation makes the parser start a sentence at the capitalised speaker
                upper_tail = (
                    cues is not None
                    and any(t.is_quote for t in last[-2:])
                    and any(t.text in ("?", "!") for t in last[-3:])
                    and len(sent) <= 12
                    and _bare_report(sent, cues)
                )
                joined = joined or after_colon or lower_tail or upper_tail
            if joined:
                groups[-1].append(sent)
                continue
        groups.append([sent])
    return [doc[g[0].start : g[-1].end] for g in groups]


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
