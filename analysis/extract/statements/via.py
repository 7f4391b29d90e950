"""The channel of a statement: the outlet or agency relaying it ("according to Anadolu")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from analysis.extract.statements.records import Candidate
from analysis.extract.statements.segment import DocContext
from analysis.extract.statements.sources import noun_phrase, subject_of
from analysis.reference import Cues, Outlet, load_outlets
from analysis.text import fold

CharRange = tuple[int, int]
# Dependents of a cue whose noun phrase may name the channel: "told Reuters", "to TASS",
# "in an interview with RIA", "quoted by TASS", "on state television", "according to SANA".
_CHANNEL_DEPS = ("pobj", "dobj", "dative", "appos", "nsubj", "nsubjpass")
# Links followed from a cue's phrase to a channel's noun: prepositions and their objects, "by"
# agents, participles ("remarks carried by"), "with" of "an interview with RIA".
_THROUGH = ("prep", "pobj", "agent", "acl", "pcomp", "dative", "dobj", "appos", "compound")
_SHORT_NAME = 5  # all-capital names this short match case-sensitively: "AP", not "ap"


@dataclass(frozen=True)
class OutletIndex:
    """The outlets of data/outlets.toml as patterns found in text, with their canonical names."""

    folded: re.Pattern[str] | None  # names compared folded (case and diacritics ignored)
    exact: re.Pattern[str] | None  # short all-capital names ("AP", "RT"), compared as written
    names: dict[str, str]  # a folded or exact pattern → the outlet's name

    def find(self, text: str) -> Iterator[tuple[str, str]]:
        """(canonical name, matched words) of every outlet named in `text`, in text order."""
        hits: list[tuple[int, str, str]] = []
        if self.exact is not None:
            hits += [
                (m.start(), self.names[m.group()], m.group()) for m in self.exact.finditer(text)
            ]
        if self.folded is not None:
            folded = fold(text)
            hits += [
                (m.start(), self.names[m.group()], m.group()) for m in self.folded.finditer(folded)
            ]
        for _, name, words in sorted(hits):
            yield name, words


def _pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(words), key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w-])")


def _short(pattern: str) -> bool:
    return len(pattern) <= _SHORT_NAME and pattern.isupper()


def index_of(outlets: Sequence[Outlet]) -> OutletIndex:
    """The index of a list of outlets (their names and patterns)."""
    names: dict[str, str] = {}
    for outlet in outlets:
        for pattern in (outlet.name, *outlet.patterns):
            names[pattern if _short(pattern) else fold(pattern)] = outlet.name
    exact = _pattern(p for p in names if _short(p))
    folded = _pattern(p for p in names if not _short(p))
    return OutletIndex(folded, exact, names)


@lru_cache(maxsize=4)
def outlet_index(data_dir: Path | None = None) -> OutletIndex:
    """The index of data/outlets.toml (built once per folder)."""
    return index_of(load_outlets(data_dir))


# -- is a noun phrase an outlet? -------------------------------------------------------------------


def _bare(phrase: Span) -> Span:
    """The phrase without leading determiners and possessors ("Russia's RIA agency" → "RIA
    agency", "the agency" → "agency")."""
    start = phrase.start
    while start < phrase.end - 1 and (
        phrase.doc[start].dep_ in ("det", "poss", "case", "punct")
        or phrase.doc[start].tag_ == "POS"
    ):
        start += 1
    return phrase.doc[start : phrase.end]


def named_outlet(index: OutletIndex, cues: Cues, phrase: Span) -> str | None:
    """The canonical outlet a noun phrase names: "TASS", "Turkey's Anadolu news agency", "the
    state-run SANA"; a named channel outside the list keeps its words ("Al-Masdar News")."""
    bare = _bare(phrase)
    root = phrase.root
    for name, words in index.find(bare.text):
        if fold(root.text) in fold(words).split() or root.lemma_.lower() in cues.channels:
            return name
    named = any(t.pos_ == "PROPN" for t in bare) and root.ent_type_ == "ORG"
    if named and root.lemma_.lower() in cues.channels | {"news"}:
        return bare.text
    return None


def unnamed_outlet(index: OutletIndex, cues: Cues, phrase: Span) -> str | None:
    """ "the agency" → the outlet named last before it; "state media", "Syrian state
    television" → those words; "a network", "the channel's owner" → None."""
    root = phrase.root
    if root.lemma_.lower() not in cues.channels or root.pos_ != "NOUN":
        return None
    bare = _bare(phrase)
    modifiers = [t for t in bare if t.i != root.i]
    if any(t.lower_ in cues.channel_modifiers for t in modifiers):
        return bare.text
    if not modifiers and phrase[0].lower_ == "the":
        before = list(index.find(_text_before(phrase, 3000)))
        return before[-1][0] if before else None
    return None


def _text_before(span: Span, chars: int) -> str:
    """The `chars` characters of the text before a span, read from the tokens that hold them
    (Doc.text would rebuild the whole article's text on every call)."""
    doc, end = span.doc, span.start_char
    lo, first = max(0, end - chars), span.start
    while first > 0 and (first == span.start or doc[first].idx > lo):
        first -= 1
    if first == span.start:
        return ""
    return doc[first : span.start].text_with_ws[lo - doc[first].idx :]


def outlet_of(index: OutletIndex, cues: Cues, phrase: Span) -> str | None:
    """The outlet a noun phrase names or stands for, else None ("the ministry")."""
    return named_outlet(index, cues, phrase) or unnamed_outlet(index, cues, phrase)


def via_of(
    ctx: DocContext,
    item: Candidate,
    group: Span,
    content: Sequence[CharRange],
    index: OutletIndex | None = None,
) -> str | None:
    """The outlet relaying a statement: its source when that is an outlet ("TASS reported",
    "according to Anadolu"), an outlet in the cue's own phrases ("told Reuters", "in an
    interview with RIA"), or an outlet relaying the sentence ("…, he said, TASS reported")."""
    index = index or outlet_index()
    if item.speaker is not None:
        found = outlet_of(index, ctx.cues, item.speaker)
        if found is not None:
            return found
    cue = item.cue_token.root if isinstance(item.cue_token, Span) else item.cue_token
    for phrase in channel_phrases(ctx.cues, cue):
        found = outlet_of(index, ctx.cues, noun_phrase(phrase))
        if found is not None:
            return found
    return _relaying_verb(ctx, group, cue, _Outside(ctx, content, item.speaker), index)


def channel_phrases(cues: Cues, cue: Token) -> Iterator[Token]:
    """Nouns of the cue's own phrases that may name a channel, nearest first: "told Reuters",
    "quoted by TASS", "speaking to CNN", "in an interview with RIA", "on state television";
    never inside the reported clause (ccomp, xcomp) or the quotation."""
    lemma = cue.lemma_.lower()
    queue = [c for c in cue.children if _leads_to_channel(cues, lemma, c)]
    seen: set[int] = set()
    while queue:
        token = queue.pop(0)
        if token.i in seen:
            continue
        seen.add(token.i)
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ in _CHANNEL_DEPS:
            yield token
        queue.extend(c for c in token.children if c.dep_ in _THROUGH)


def _leads_to_channel(cues: Cues, lemma: str, child: Token) -> bool:
    """A dependent of the cue that can hold its channel (not the content, not the speaker)."""
    if child.dep_ in ("dobj", "dative"):
        return lemma in cues.addressee  # "told Reuters"; not "condemned Reuters' report"
    if child.dep_ == "advcl":
        return child.lemma_.lower() in ("speak", "talk", "write")  # "…, speaking to CNN"
    return child.dep_ in ("prep", "agent")


@dataclass(frozen=True)
class _Outside:
    """Whether a token lies outside a statement's content, its quotations and its speaker."""

    ctx: DocContext
    content: Sequence[CharRange]
    speaker: Span | None

    def __call__(self, token: Token) -> bool:
        if self.ctx.quoted(token) or any(s <= token.idx < e for s, e in self.content):
            return False
        return self.speaker is None or not self.speaker.start <= token.i < self.speaker.end


def _relaying_verb(
    ctx: DocContext, group: Span, cue: Token, outside: _Outside, index: OutletIndex
) -> str | None:
    """ "…, Lavrov said, TASS reported": a relay verb of the sentence with an outlet subject,
    outside the statement's content or after its cue."""
    for token in group:
        if token.lemma_.lower() not in ctx.cues.relay_verbs or token.i == cue.i:
            continue
        if not (outside(token) or token.i > cue.i):
            continue
        subject = subject_of(token)
        if subject is not None and subject.i != cue.i:
            found = outlet_of(index, ctx.cues, noun_phrase(subject))
            if found is not None:
                return found
    return None
