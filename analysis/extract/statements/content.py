"""What was said: the token ranges of a reporting verb's content."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from analysis.extract.statements.cues import TIME_ENTITIES
from analysis.extract.statements.segment import DocContext
from analysis.extract.statements.sources import is_personal

# Right-hand dependents that belong to a nominal statement's predicate.
_PREDICATE_DEPS = {"dobj", "dative", "prep", "prt", "oprd", "npadvmod", "advmod", "agent"}


def _stray_that(token: Token) -> bool:
    """ "said that Novak had spoken" with "that" parsed as the object of "spoken"."""
    if token.lower_ != "that" or token.dep_ != "dobj" or token.i == 0:
        return False
    before = token.doc[token.i - 1]  # "said that …", "in a statement that …"
    after_cue = before.pos_ == "VERB" or (
        before.dep_ == "pobj"
        and before.head.lower_ in ("in", "on", "during", "at", "via", "through")
    )
    return after_cue and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.i > token.i for c in token.head.children
    )


def subtree_range(token: Token, skip_mark: bool = True) -> tuple[int, int]:
    left, right = token.left_edge.i, token.right_edge.i + 1
    doc = token.doc
    while left < right - 1 and (
        (
            skip_mark
            and (doc[left].dep_ == "mark" or doc[left].pos_ == "SCONJ" or _stray_that(doc[left]))
            and doc[left].lower_ in ("that", "whether", "if")
        )
        or doc[left].is_punct
        or doc[left].is_space
    ):
        if doc[left].is_quote:
            break
        left += 1
    return left, right


@dataclass
class _Reading:
    """What the children of one reporting verb have said so far."""

    verb: Token
    lemma: str
    nominal: bool  # a noun phrase may be what was said ("rejected the claims")
    particle: str | None
    addressee: bool  # the verb takes an addressee ("urged Ankara to …")
    pieces: list[tuple[int, int]] = field(default_factory=list)
    setting: list[tuple[int, int]] = field(default_factory=list)  # "said in Moscow"
    clause_found: bool = False

    def clause(self, piece: tuple[int, int]) -> bool:
        self.pieces.append(piece)
        self.clause_found = True
        return True

    def piece(self, piece: tuple[int, int]) -> bool:
        self.pieces.append(piece)
        return True


def _addressee_infinitive(ctx: DocContext, r: _Reading, child: Token) -> bool:
    # "urged Ankara to withdraw": the addressee belongs to what was said
    if child.dep_ == "xcomp" and r.addressee and child.pos_ in ("VERB", "AUX"):
        return r.clause((r.verb.i, child.right_edge.i + 1))
    return False


def _relayed_clause(ctx: DocContext, r: _Reading, child: Token) -> bool:
    # "…, the mayor said, the newspaper reported": not what was said
    return child.dep_ == "ccomp" and _trailing_relay(ctx, child)


def _complement_clause(ctx: DocContext, r: _Reading, child: Token) -> bool:
    if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX")):
        return r.clause(subtree_range(child))
    return False


def _second_that_clause(ctx: DocContext, r: _Reading, child: Token) -> bool:
    # "said A and that B": the second clause hangs off the verb in the parse
    if (
        child.dep_ == "conj"
        and child.i > r.verb.i
        and any(g.dep_ == "mark" and g.lower_ in ("that", "whether") for g in child.children)
    ):
        return r.piece(subtree_range(child))
    return False


def _object_predicative(ctx: DocContext, r: _Reading, child: Token) -> bool:
    if child.dep_ == "oprd" and r.nominal:
        return r.piece((r.verb.i, child.right_edge.i + 1))
    return False


def _particle_clause(ctx: DocContext, r: _Reading, child: Token) -> bool:
    # "pressed for the US to act"
    if (
        child.dep_ == "advcl"
        and r.particle is not None
        and child.i > r.verb.i
        and any(g.dep_ == "mark" and g.lower_ == r.particle for g in child.children)
    ):
        return r.clause(subtree_range(child))
    return False


def _cue_particle(ctx: DocContext, r: _Reading, child: Token) -> bool:
    # "made clear that …": the particle is part of the cue
    return child.dep_ in ("acomp", "ccomp", "xcomp", "advmod") and child.lower_ == r.particle


def _not_speech(ctx: DocContext, r: _Reading, child: Token) -> bool:
    # "posted pictures", "admitted refugees", "posted on Twitter": no statement
    if r.lemma not in ctx.cues.speech_object_only:
        return False
    if child.dep_ == "dobj":
        return child.lemma_.lower() not in ctx.cues.speech_nouns
    return child.dep_ == "prep"


def _interrogated(ctx: DocContext, r: _Reading, child: Token) -> bool:
    # "questioned Morrison about the call": an interrogation, not a statement
    if child.dep_ == "dobj" and r.lemma in ctx.cues.interrogation and is_personal(child):
        r.nominal = False
        return True
    return False


def _nominal_object(ctx: DocContext, r: _Reading, child: Token) -> bool:
    # a nominal complement reads as the whole predicate: "rejected the claims"
    if not (child.dep_ == "dobj" and r.nominal and not r.addressee):
        return False
    if child.lower_ == "that" and child.pos_ == "SCONJ":
        return True  # "said on television that …" with "that" parsed as the object
    return r.piece((r.verb.i, child.right_edge.i + 1))


def _prepositional_object(ctx: DocContext, r: _Reading, child: Token) -> bool:
    if not (child.dep_ in ("prep", "prt") and r.nominal):
        return False
    preposition = child.lower_
    if not (
        preposition == r.particle
        or (r.particle is None and preposition in ctx.cues.content_prepositions)
        or preposition == "as"
    ):
        return False
    if child.dep_ == "prt":
        # "lashed out at Ankara for …": the predicate after the particle
        return r.piece(_predicate(ctx, r.verb, (r.verb.i, child.i + 1)))
    for obj in child.children:
        if obj.dep_ not in ("pobj", "pcomp") or obj.ent_type_ in TIME_ENTITIES:
            continue
        if obj.lemma_.lower() in ("behalf", "condition"):
            continue
        piece = (r.verb.i, obj.right_edge.i + 1)
        (r.setting if r.particle is None and preposition != "as" else r.pieces).append(piece)
    return True


# Tried in order on each child of the verb; the first that applies decides.
_CHILD_RULES = (
    _addressee_infinitive,
    _relayed_clause,
    _complement_clause,
    _second_that_clause,
    _object_predicative,
    _particle_clause,
    _cue_particle,
    _not_speech,
    _interrogated,
    _nominal_object,
    _prepositional_object,
)


def _clause_of_speech_noun(ctx: DocContext, r: _Reading) -> None:
    """ "said in a statement that …" with the that-clause hung on the speech noun."""
    for child in r.verb.children:
        if child.dep_ != "prep" or (
            child.lower_ not in ctx.cues.setting_prepositions and child.lower_ != "on"
        ):
            continue
        for noun in child.children:
            if noun.dep_ != "pobj" or noun.lemma_.lower() not in ctx.cues.speech_nouns:
                continue
            for clause in noun.children:
                if _that_clause_after(clause, noun):
                    start, end = subtree_range(clause)
                    if ctx.doc[start].lower_ == "that":
                        start += 1
                    r.clause((start, end))


def _that_clause_after(clause: Token, noun: Token) -> bool:
    return (
        clause.dep_ in ("acl", "relcl", "ccomp")
        and clause.i > noun.i
        and clause.left_edge.lower_ == "that"
        and any(g.dep_ in ("nsubj", "nsubjpass") for g in clause.children)
    )


def _passive_subject(r: _Reading) -> None:
    """ "The agreement was announced by the Kremlin": the passive subject was said."""
    agent = any(c.dep_ == "agent" for c in r.verb.children)
    if r.nominal and agent and not r.clause_found and not r.pieces:
        for child in r.verb.children:
            if child.dep_ == "nsubjpass" and child.pos_ in ("NOUN", "PROPN"):
                r.pieces.append((child.left_edge.i, child.right_edge.i + 1))


def _addressee_relative(r: _Reading) -> None:
    """ "urged Ankara to withdraw": the infinitive hangs off the object in some parses."""
    for child in r.verb.children:
        if child.dep_ == "dobj":
            for grand in child.children:
                if grand.dep_ in ("acl", "relcl") and grand.i > child.i:
                    r.pieces.append((r.verb.i, grand.right_edge.i + 1))


def content_of(
    ctx: DocContext, verb: Token, nominal: bool, particle: str | None
) -> list[tuple[int, int]]:
    """Token ranges of what the verb reports (clauses, objects, prepositional objects)."""
    lemma = verb.lemma_.lower()
    r = _Reading(verb, lemma, nominal, particle, lemma in ctx.cues.addressee)
    for child in verb.children:
        next((rule for rule in _CHILD_RULES if rule(ctx, r, child)), None)
    if not r.clause_found:
        _clause_of_speech_noun(ctx, r)
    _passive_subject(r)
    if not r.clause_found:
        # "warned of a disaster"; with a clause, "said on state television that …" the
        # prepositional phrase is the setting, not what was said
        r.pieces.extend(r.setting)
    if r.addressee and not r.clause_found and r.nominal:
        _addressee_relative(r)
    if any(start == verb.i for start, _ in r.pieces):
        return [_predicate(ctx, verb, p) if p[0] == verb.i else p for p in r.pieces]
    return r.pieces


def _trailing_relay(ctx: DocContext, clause: Token) -> bool:
    """ "…, the newspaper reported": a reporting verb after a comma, with a subject and no
    complement of its own."""
    head = clause.head
    if clause.i < head.i or clause.left_edge.i == 0:
        return False
    if ctx.doc[clause.left_edge.i - 1].text != ",":
        return False
    if not ctx.cues.knows(clause.lemma_.lower()):
        return False
    children = list(clause.children)
    return any(c.dep_ == "nsubj" for c in children) and not any(
        c.dep_ in ("ccomp", "xcomp", "dobj", "prep") for c in children
    )


def _predicate(ctx: DocContext, verb: Token, piece: tuple[int, int]) -> tuple[int, int]:
    """A nominal statement as its whole predicate: "also welcomed the deal on Tuesday to
    …" (adverbs right before the verb, its objects, prepositions and purpose clauses)."""
    start, end = piece
    for child in verb.lefts:
        if child.dep_ in ("advmod", "neg") and child.i == start - 1 and child.is_alpha:
            start = child.i
    for child in verb.rights:
        infinitive = child.dep_ == "advcl" and any(
            g.dep_ == "aux" and g.lower_ == "to" for g in child.children
        )
        # "described the reports as completely untrue"
        as_complement = child.dep_ in ("advcl", "acomp") and child.left_edge.lower_ == "as"
        if child.dep_ in _PREDICATE_DEPS or infinitive or as_complement:
            end = max(end, child.right_edge.i + 1)
    return start, end


def clean_fragment(fragment: str) -> str:
    fragment = " ".join(fragment.split())
    fragment = fragment.strip(" ,;:—–-")
    if fragment.endswith((",", ";")):
        fragment = fragment[:-1].rstrip()
    # a full stop closing the content, not an abbreviation ("U.S.")
    if fragment.endswith(".") and len(fragment) > 2 and not fragment[-2].isupper():
        fragment = fragment[:-1].rstrip()
    return fragment


def strip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
