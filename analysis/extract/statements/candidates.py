"""Attribution candidates of one sentence group: verbs, phrases and nouns with their parts."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from analysis.extract.statements.content import content_of, subtree_range
from analysis.extract.statements.cues import cue_of, negated
from analysis.extract.statements.segment import DocContext, group_quotes
from analysis.extract.statements.sources import (
    INHERIT_THROUGH,
    lifeless_relative,
    noun_phrase,
    postposed,
    source_in,
    source_of_noun,
    speaker_left_of,
    speaker_right_of,
)
from analysis.text import Quote


@dataclass
class Candidate:
    cue_token: Token | Span
    cue: str
    speaker: Span | None
    pieces: list[tuple[int, int]] = field(default_factory=list)  # token ranges [i, j)
    quotes: list[Quote] = field(default_factory=list)
    inherited_from: Token | None = None
    phrase: tuple[int, int] | None = None  # token range of an "according to X" phrase


def attributions_in(ctx: DocContext, group: Span) -> list[Candidate]:
    """The attributions of one sentence group: verbs first, then phrases and nouns."""
    found: dict[int, Candidate] = {}
    for token in group:
        item = _verb_candidate(ctx, group, token)
        if item is not None:
            found[token.i] = item
    _resolve_nesting(ctx, found)
    results = _merge_inherited(ctx, found)
    has_quotes = bool(group_quotes(ctx, group))
    results = [f for f in results if f.speaker is not None and (f.pieces or has_quotes)]
    results = _with_source_phrases(ctx, group, results)
    results = _with_absolute_cuts(ctx, group, results)
    results.sort(key=lambda f: f.cue_token.i)
    if not results:
        results = _noun_attributions(ctx, group)
    _assign_quotes(ctx, group, results)
    return [f for f in results if has_content(ctx, f)]


def _verb_candidate(ctx: DocContext, group: Span, token: Token) -> Candidate | None:
    """The attribution a reporting verb makes, with its source and content, if any."""
    cue = cue_of(ctx, token)
    if cue is None or negated(ctx, token):
        return None
    name, nominal, particle = cue
    if name in ctx.cues.quote_only:
        if not group_quotes(ctx, group):
            return None  # '"…," he continued' only; "continued to shell" is no statement
        pieces: list[tuple[int, int]] = []
    else:
        pieces = [p for p in content_of(ctx, token, nominal, particle) if p[0] >= group.start]
    source, governor = source_in(ctx, token, group)
    inverted = _inverted_speaker(ctx, group, token, source)
    if inverted is not None and (source is None or source.i < token.i):
        return _inverted_candidate(ctx, group, token, name, inverted)
    if source is None or (governor is not None and not pieces):
        left = _left_candidate(ctx, group, token, name, pieces)
        if left is not None:
            return left
    pieces = pieces or _clause_around(ctx, group, token, source)
    if source is not None and lifeless_relative(ctx, token, source):
        return None  # "in a way that guaranteed the rights of …"
    if source is not None:
        source = source_of_noun(ctx, source)  # "a ministry statement said"
    speaker = postposed(noun_phrase(source)) if source is not None else None
    item = Candidate(token, name, speaker)
    item.pieces = pieces
    item.inherited_from = governor
    return item


def _inverted_speaker(
    ctx: DocContext, group: Span, token: Token, source: Token | None
) -> Token | None:
    """The speaker after the verb ("…, said X"), unless it is the verb's object."""
    inverted = speaker_right_of(ctx, token, group)
    if (
        inverted is not None
        and source is not None
        and inverted.dep_ == "dobj"
        and inverted.head.i == token.i
        and any(c.dep_ == "nsubj" and c.i < token.i for c in token.children)
    ):
        return None  # "The delegation, led by X, condemned the strikes."
    return inverted


def _inverted_candidate(
    ctx: DocContext, group: Span, token: Token, name: str, inverted: Token
) -> Candidate:
    """ "…, said X, …": the content is the clause around it, without the source."""
    item = Candidate(token, name, noun_phrase(source_of_noun(ctx, inverted)))
    pieces = [(group.start, token.i - 1), (inverted.right_edge.i + 1, group.end)]
    item.pieces = [(a, b) for a, b in pieces if b > a]
    return item


def _left_candidate(
    ctx: DocContext, group: Span, token: Token, name: str, pieces: list[tuple[int, int]]
) -> Candidate | None:
    """A verb without a parsed subject: the names right before it are the source."""
    fallback = speaker_left_of(ctx, token, group)
    if fallback is None:
        return None
    speaker_span, before = fallback
    item = Candidate(token, name, speaker_span)
    clipped = [
        (a, min(b, speaker_span.start)) if a < speaker_span.start else (a, b) for a, b in pieces
    ]
    clipped = [
        (a, b) for a, b in clipped if b > a and not (speaker_span.start <= a < speaker_span.end)
    ]
    item.pieces = clipped or [before]
    return item


def _clause_around(
    ctx: DocContext, group: Span, token: Token, source: Token | None
) -> list[tuple[int, int]]:
    """Content for a verb that has none of its own: the clause the verb interrupts."""
    if source is None:
        return []
    if (
        source.i < token.i
        and source.left_edge.i - 1 > group.start
        and ctx.doc[source.left_edge.i - 1].text == ","
        and any(c.dep_ == "nsubj" and c.i < source.left_edge.i for c in token.children)
    ):
        # "Initial results point to …, the ministry said" parsed with two subjects
        first = min((c for c in token.children if c.dep_ == "nsubj"), key=lambda c: c.i)
        return [(max(group.start, first.left_edge.i), source.left_edge.i - 1)]
    if token.dep_ == "parataxis":
        # "The goal, he said, is to …": the clause around the reporting verb
        head = token.head
        pieces = [
            (head.left_edge.i, token.left_edge.i),
            (token.right_edge.i + 1, head.right_edge.i + 1),
        ]
        return [(a, b) for a, b in pieces if b > a and a >= group.start]
    return []


def _with_source_phrases(ctx: DocContext, group: Span, results: list[Candidate]) -> list[Candidate]:
    """ "According to Y, the ministers agreed …": Y is the source of the whole clause."""
    for phrase in _source_phrases(ctx, group):
        left, right = phrase.phrase or (0, 0)
        outside = [r for r in results if not (left <= r.cue_token.i < right)]
        if outside and outside[0].cue_token.i < left:
            continue  # "X said …, according to Y" relays X's statement: the verb's stands
        # a cue inside Y's noun phrase counts only with a clause of its own
        results = [
            r
            for r in results
            if (r not in outside and _own_clause(r))
            or (r in outside and r.cue_token.i > right and _named_source(ctx, r))
        ]
        results.append(phrase)
    return results


def _with_absolute_cuts(ctx: DocContext, group: Span, results: list[Candidate]) -> list[Candidate]:
    """ "…, with Foreign Minister X warning of …": X's own statement, cut from the rest."""
    for absolute in _with_absolutes(ctx, group):
        cut = absolute.cue_token.head.i
        for other in results:
            if other.cue_token.i < cut:
                other.pieces = [(a, min(b, cut)) for a, b in other.pieces if a < cut]
        results.append(absolute)
    return results


def _resolve_nesting(ctx: DocContext, found: dict[int, Candidate]) -> None:
    """Drop cues inside another cue's content; a trailing relay ("…, the agency reported")
    gives way to the attribution it reports."""
    for outer in list(found.values()):
        if outer.cue_token.i not in found:
            continue
        for inner in list(found.values()):
            if inner is outer or inner.cue_token.i not in found:
                continue
            if inner.inherited_from is outer.cue_token:
                continue  # merged into the outer statement later
            inside = any(s <= inner.cue_token.i < e for s, e in outer.pieces)
            if not inside:
                continue
            relay = (
                inner.cue_token.i < outer.cue_token.i
                and inner.speaker is not None
                and bool(inner.pieces)
                and _relays(ctx, outer)
            )
            if relay:
                found.pop(outer.cue_token.i, None)
                break
            token = inner.cue_token
            if (
                isinstance(token, Token)
                and token.dep_ == "relcl"
                and inner.inherited_from is None
                and inner.speaker is not None
                and inner.pieces
            ):
                continue  # "a deal that Erdoğan said had …": a statement of its own
            if (
                isinstance(token, Token)
                and (
                    token.dep_ in ("advcl", "conj")
                    or (token.dep_ == "pcomp" and token.head.lower_ == "with")
                )
                and inner.pieces
                and not any(g.dep_ == "mark" and g.lower_ == "that" for g in token.children)
                and inner.speaker is not None
                and inner.inherited_from is None
                and token.i > outer.cue_token.i
            ):
                # "X said A, while Y insisted B": two statements, A stops before Y's clause
                # ("…, with Y warning …": before the "with")
                cut = token.head.i if token.dep_ == "pcomp" else token.left_edge.i
                outer.pieces = [(s, min(e, cut)) if s < cut else (s, e) for s, e in outer.pieces]
                outer.pieces = [(s, e) for s, e in outer.pieces if e > s and s < cut]
                continue
            if inner.cue_token.i < outer.cue_token.i and _named_source(ctx, inner):
                continue  # "Afterward, Sondland said that …, Morrison testified": nested
            found.pop(inner.cue_token.i, None)


def _own_clause(item: Candidate) -> bool:
    token = item.cue_token
    return isinstance(token, Token) and any(c.dep_ == "ccomp" for c in token.children)


def _named_source(ctx: DocContext, item: Candidate) -> bool:
    """ "According to Y, Ankara told Moscow that …": a named source with its own clause
    is a nested statement of its own."""
    if item.speaker is None or item.inherited_from is not None:
        return False
    root = item.speaker.root
    return (
        _own_clause(item)
        and root.pos_ == "PROPN"
        and root.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    )


def _relays(ctx: DocContext, item: Candidate) -> bool:
    """A trailing cue that passes on someone else's statement: "…, X said, the agency
    reported" (a relay verb or a news outlet as the source), not "…, Erdogan said"."""
    lemma = item.cue.split()[0]
    if lemma in ctx.cues.relay_verbs:
        return True
    words = {t.lemma_.lower() for t in item.speaker or ()}
    return bool(words & ctx.cues.relay_sources)


def _merge_inherited(ctx: DocContext, found: dict[int, Candidate]) -> list[Candidate]:
    """A cue whose source comes from a governing cue adds its content to that statement."""
    results: list[Candidate] = []
    by_token = dict(found)
    for index in sorted(by_token):
        item = by_token[index]
        target = None
        governor = item.inherited_from
        while governor is not None:
            if governor.i in by_token and governor.i != index:
                target = by_token[governor.i]
                break
            governor = (
                governor.head
                if governor.dep_ in INHERIT_THROUGH and governor.head is not governor
                else None
            )
        if target is not None:
            target.pieces.extend(item.pieces)
            by_token.pop(index)
    results = [by_token[i] for i in sorted(by_token)]
    return results


def _source_phrases(ctx: DocContext, group: Span) -> list[Candidate]:
    """Sources introduced by a prepositional phrase: "according to X"."""
    results: list[Candidate] = []
    words = [t.lower_ for t in group]
    for sequence in ctx.cues.source_prepositions:
        n = len(sequence)
        for k in range(len(words) - n + 1):
            if tuple(words[k : k + n]) != sequence:
                continue
            first, last = group[k], group[k + n - 1]
            if ctx.in_quote[first.i] >= 0:
                continue
            obj = next((c for c in last.children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            source = source_of_noun(ctx, obj)
            phrase_left = first.i
            phrase_right = max(obj.right_edge.i, last.i) + 1
            pieces = [(group.start, phrase_left), (phrase_right, group.end)]
            item = Candidate(
                first,
                " ".join(sequence[:2]) if sequence[0] == "according" else " ".join(sequence),
                noun_phrase(source),
            )
            item.pieces = [p for p in pieces if p[1] > p[0]]
            item.phrase = (phrase_left, phrase_right)
            results.append(item)
    return results


def _with_absolutes(ctx: DocContext, group: Span) -> list[Candidate]:
    """ "…, with Foreign Minister X warning of …" parsed as a speech noun with the speaker's
    name as its compound modifiers."""
    results: list[Candidate] = []
    for token in group:
        if token.lower_ != "with" or token.dep_ != "prep" or token.i == 0:
            continue
        if ctx.doc[token.i - 1].text != "," or ctx.in_quote[token.i] >= 0:
            continue
        noun = next((c for c in token.children if c.dep_ == "pobj"), None)
        if (
            noun is None
            or noun.pos_ != "NOUN"
            or noun.tag_ != "VBG"
            and not noun.text.endswith("ing")
        ):
            continue
        if (
            noun.lemma_.lower() not in ctx.cues.speech_nouns
            and noun.lower_ not in ctx.cues.speech_nouns
        ):
            continue
        names = [c for c in noun.children if c.dep_ in ("compound", "nsubj") and c.pos_ == "PROPN"]
        if not names:
            continue
        tail = [c for c in noun.children if c.dep_ == "prep" and c.i > noun.i]
        if not tail:
            continue
        speaker = ctx.doc[names[0].left_edge.i : noun.i]
        item = Candidate(noun, ctx.cues.forms.get(noun.lower_, noun.lemma_.lower()), speaker)
        item.pieces = [(noun.i, max(c.right_edge.i for c in tail) + 1)]
        results.append(item)
    return results


def _noun_attributions(ctx: DocContext, group: Span) -> list[Candidate]:
    """Sources owning a speech noun: "X's remarks that …", "In his words, …"."""
    results: list[Candidate] = []
    for token in group:
        if token.lemma_.lower() not in ctx.cues.speech_nouns or token.pos_ != "NOUN":
            continue
        if ctx.in_quote[token.i] >= 0:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is None:
            continue
        item = Candidate(token, token.lemma_.lower(), noun_phrase(owner))
        prep = token.head
        if token.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ == "in":
            # "In his words, …": the rest of the sentence
            item.pieces = [(group.start, prep.left_edge.i), (prep.right_edge.i + 1, group.end)]
            item.pieces = [(a, b) for a, b in item.pieces if b > a]
            results.append(item)
            continue
        for child in token.children:
            if child.dep_ in ("acl", "ccomp", "appos") and child.i > token.i:
                start, end = subtree_range(child)
                if token.head.i > token.i and token.head.pos_ in ("VERB", "AUX"):
                    end = min(end, token.head.i)  # "remarks that … drew criticism"
                item.pieces.append((start, end))
        colon = token.right_edge.i + 1
        if item.pieces or (colon < len(ctx.doc) and ctx.doc[colon].text == ":"):
            results.append(item)
    return results


def _assign_quotes(ctx: DocContext, group: Span, results: list[Candidate]) -> None:
    """Give each quotation of the group to the nearest statement's cue."""
    if not results:
        return
    for quote in group_quotes(ctx, group):
        span = ctx.doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None:
            continue

        def distance(item: Candidate, span: Span = span) -> int:
            i = item.cue_token.i
            return 0 if span.start <= i < span.end else min(abs(i - span.start), abs(i - span.end))

        nearest = min(results, key=distance)
        nearest.quotes.append(quote)


def has_content(ctx: DocContext, item: Candidate) -> bool:
    return bool(item.quotes) or any(any(t.is_alpha for t in ctx.doc[s:e]) for s, e in item.pieces)
