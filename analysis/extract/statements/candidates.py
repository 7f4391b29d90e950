"""Candidates of one sentence group: each cue with its source and content, nesting resolved."""

from __future__ import annotations

from spacy.tokens import Span, Token

from analysis.extract.statements.content import Piece, content_of
from analysis.extract.statements.cues import (
    cue_of,
    negated,
    noun_attributions,
    relays,
    source_phrases,
    with_absolutes,
)
from analysis.extract.statements.records import Candidate
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
from analysis.extract.statements.via import outlet_index, outlet_of


def candidates_in(ctx: DocContext, group: Span) -> list[Candidate]:
    """The statements of one sentence group, in cue order, each with a source and content."""
    found: dict[int, Candidate] = {}
    for token in group:
        item = _verb_candidate(ctx, token, group)
        if item is not None:
            found[token.i] = item
    resolve_nesting(ctx, found)
    results = merge_inherited(found)
    has_quotes = bool(group_quotes(ctx, group))
    results = [f for f in results if f.speaker is not None and (f.pieces or has_quotes)]
    results = _with_source_phrases(ctx, group, results)
    results = _with_absolutes(ctx, group, results)
    results.sort(key=lambda f: f.cue_token.i)
    if not results:
        results = noun_attributions(ctx, group)
    assign_quotes(ctx, group, results)
    return [f for f in results if has_content(ctx, f)]


# -- a reporting verb's statement -------------------------------------------------------------


def _verb_candidate(ctx: DocContext, token: Token, group: Span) -> Candidate | None:
    """The statement of `token` when it is a reporting verb that says something."""
    cue = cue_of(ctx, token)
    if cue is None or negated(ctx.cues, token):
        return None
    if cue.name in ctx.cues.quote_only:
        if not group_quotes(ctx, group):
            return None  # '"…," he continued' only; "continued to shell" is no statement
        pieces: list[Piece] = []
    else:
        pieces = [
            p for p in content_of(ctx, token, cue.nominal, cue.particle) if p[0] >= group.start
        ]
    source, governor = source_in(ctx, token, group)
    inverted = _inverted_speaker(ctx, token, group, source)
    if inverted is not None and (source is None or source.i < token.i):
        return _inverted_candidate(ctx, token, cue.name, inverted, group)
    if source is None or (governor is not None and not pieces):
        fallback = speaker_left_of(ctx, token, group)
        if fallback is not None:
            return _left_speaker_candidate(token, cue.name, fallback, pieces)
    if not pieces and source is not None:
        pieces = _fronted_clause(ctx, token, source, group)
    if not pieces and token.dep_ == "parataxis" and source is not None:
        pieces = _parenthetical_clause(token, group)
    if source is not None and lifeless_relative(ctx.cues, token, source):
        return None  # "in a way that guaranteed the rights of …"
    if source is not None:
        source = source_of_noun(ctx.cues, source)  # "a ministry statement said"
    speaker = postposed(noun_phrase(source)) if source is not None else None
    return Candidate(token, cue.name, speaker, pieces=pieces, inherited_from=governor)


def _inverted_speaker(
    ctx: DocContext, token: Token, group: Span, source: Token | None
) -> Token | None:
    """ "The talks, said Mr. X, were useful": the source right after the verb, if any."""
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
    ctx: DocContext, token: Token, name: str, inverted: Token, group: Span
) -> Candidate:
    """The content is the clause around "…, said X, …", without the source."""
    item = Candidate(token, name, noun_phrase(source_of_noun(ctx.cues, inverted)))
    item.pieces = [(group.start, token.i - 1), (inverted.right_edge.i + 1, group.end)]
    item.pieces = [(a, b) for a, b in item.pieces if b > a]
    return item


def _left_speaker_candidate(
    token: Token, name: str, fallback: tuple[Span, Piece], pieces: list[Piece]
) -> Candidate:
    """ "…, Foreign Minister X said": the names before the verb, the content clipped before."""
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


def _fronted_clause(ctx: DocContext, token: Token, source: Token, group: Span) -> list[Piece]:
    """ "Initial results point to …, the ministry said" parsed with two subjects: the first
    subject's clause is the content."""
    if not (
        source.i < token.i
        and source.left_edge.i - 1 > group.start
        and ctx.doc[source.left_edge.i - 1].text == ","
        and any(c.dep_ == "nsubj" and c.i < source.left_edge.i for c in token.children)
    ):
        return []
    first = min((c for c in token.children if c.dep_ == "nsubj"), key=lambda c: c.i)
    return [(max(group.start, first.left_edge.i), source.left_edge.i - 1)]


def _parenthetical_clause(token: Token, group: Span) -> list[Piece]:
    """ "The goal, he said, is to …": the clause around the reporting verb."""
    head = token.head
    pieces = [
        (head.left_edge.i, token.left_edge.i),
        (token.right_edge.i + 1, head.right_edge.i + 1),
    ]
    return [(a, b) for a, b in pieces if b > a and a >= group.start]


# -- statements inside statements ---------------------------------------------------------------


def resolve_nesting(ctx: DocContext, found: dict[int, Candidate]) -> None:
    """Drop cues inside another cue's content; a trailing relay ("…, the agency reported")
    gives way to the attribution it reports."""
    for outer in list(found.values()):
        if outer.cue_token.i not in found:
            continue
        for inner in list(found.values()):
            if inner is outer or inner.cue_token.i not in found:
                continue
            # meant for a cue merged into the outer statement later; spaCy makes a new Token
            # object on every access, so this identity test never holds (kept: output as before)
            if inner.inherited_from is outer.cue_token:
                continue
            if not any(s <= inner.cue_token.i < e for s, e in outer.pieces):
                continue
            if _relayed_by(ctx, outer, inner):
                found.pop(outer.cue_token.i, None)
                break
            if _own_relative_statement(inner):
                continue  # "a deal that Erdoğan said had …": a statement of its own
            if _coordinated_statement(outer, inner):
                _cut_before(outer, inner.cue_token)
                continue
            if inner.cue_token.i < outer.cue_token.i and named_source(inner):
                continue  # "Afterward, Sondland said that …, Morrison testified": nested
            found.pop(inner.cue_token.i, None)


def _relayed_by(ctx: DocContext, outer: Candidate, inner: Candidate) -> bool:
    """ "…, X said, the agency reported": the outer cue only relays the inner statement."""
    return (
        inner.cue_token.i < outer.cue_token.i
        and inner.speaker is not None
        and bool(inner.pieces)
        and relays(ctx.cues, outer)
    )


def _own_relative_statement(inner: Candidate) -> bool:
    """A relative clause with its own speaker and content: "a deal that Erdoğan said had …"."""
    token = inner.cue_token
    return bool(
        isinstance(token, Token)
        and token.dep_ == "relcl"
        and inner.inherited_from is None
        and inner.speaker is not None
        and inner.pieces
    )


def _coordinated_statement(outer: Candidate, inner: Candidate) -> bool:
    """ "X said A, while Y insisted B" / "…, with Y warning …": two statements."""
    token = inner.cue_token
    return bool(
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
    )


def _cut_before(outer: Candidate, token: Token) -> None:
    """The outer statement stops before the inner one's clause (before the "with")."""
    cut = token.head.i if token.dep_ == "pcomp" else token.left_edge.i
    outer.pieces = [(s, min(e, cut)) if s < cut else (s, e) for s, e in outer.pieces]
    outer.pieces = [(s, e) for s, e in outer.pieces if e > s and s < cut]


def own_clause(item: Candidate) -> bool:
    """Whether the cue has a clausal complement of its own."""
    token = item.cue_token
    return isinstance(token, Token) and any(c.dep_ == "ccomp" for c in token.children)


def named_source(item: Candidate) -> bool:
    """ "According to Y, Ankara told Moscow that …": a named source with its own clause
    is a nested statement of its own."""
    if item.speaker is None or item.inherited_from is not None:
        return False
    root = item.speaker.root
    return (
        own_clause(item)
        and root.pos_ == "PROPN"
        and root.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    )


def merge_inherited(found: dict[int, Candidate]) -> list[Candidate]:
    """A cue whose source comes from a governing cue adds its content to that statement."""
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
                if governor.dep_ in INHERIT_THROUGH and governor.head.i != governor.i
                else None
            )
        if target is not None:
            target.pieces.extend(item.pieces)
            by_token.pop(index)
    return [by_token[i] for i in sorted(by_token)]


# -- statements carried by phrases --------------------------------------------------------------


def _with_source_phrases(ctx: DocContext, group: Span, results: list[Candidate]) -> list[Candidate]:
    """ "According to Y, the ministers agreed …": Y is the source of the whole clause."""
    for phrase in source_phrases(ctx, group):
        left, right = phrase.phrase or (0, 0)
        outside = [r for r in results if not (left <= r.cue_token.i < right)]
        if outside and outside[0].cue_token.i < left:
            continue  # "X said …, according to Y" relays X's statement: the verb's stands
        # a cue inside Y's noun phrase counts only with a clause of its own
        results = [
            r
            for r in results
            if (r not in outside and own_clause(r))
            or (r in outside and r.cue_token.i > right and named_source(r))
        ]
        if not _channel_of(ctx, phrase, [r for r in results if r in outside]):
            results.append(phrase)
    return results


def _channel_of(ctx: DocContext, phrase: Candidate, statements: list[Candidate]) -> bool:
    """ "According to Interfax, Lavrov said …": an outlet only relays the statement of the
    speaker it names; the statement is Lavrov's alone (the outlet becomes its `via`)."""
    return (
        bool(statements)
        and phrase.speaker is not None
        and outlet_of(outlet_index(), ctx.cues, phrase.speaker) is not None
    )


def _with_absolutes(ctx: DocContext, group: Span, results: list[Candidate]) -> list[Candidate]:
    """ "…, with Foreign Minister X warning of …": X's own statement, cut from the rest."""
    for absolute in with_absolutes(ctx, group):
        cut = absolute.cue_token.head.i
        for other in results:
            if other.cue_token.i < cut:
                other.pieces = [(a, min(b, cut)) for a, b in other.pieces if a < cut]
        results.append(absolute)
    return results


# -- quotations -----------------------------------------------------------------------------------


def assign_quotes(ctx: DocContext, group: Span, results: list[Candidate]) -> None:
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
    """Whether the statement has a quotation or a content piece with a word."""
    return bool(item.quotes) or any(any(t.is_alpha for t in ctx.doc[s:e]) for s, e in item.pieces)
