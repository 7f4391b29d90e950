"""Content: the token ranges of what a reporting verb says (clauses, objects, predicates)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from analysis.extract.statements.segment import DocContext

Piece = tuple[int, int]  # a token range [i, j)

TIME_ENTITIES = {"DATE", "TIME"}
# Right-hand dependents that belong to a nominal statement's predicate.
_PREDICATE_DEPS = {"dobj", "dative", "prep", "prt", "oprd", "npadvmod", "advmod", "agent"}
_CLAUSE_MARKS = ("that", "whether", "if")


def personal(token: Token) -> bool:
    """A person as an object: a pronoun or a name that is not a place or group."""
    return token.tag_ == "PRP" or (
        token.pos_ == "PROPN" and token.ent_type_ not in ("GPE", "NORP", "LOC", "FAC")
    )


def stray_that(token: Token) -> bool:
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


def subtree_range(token: Token, skip_mark: bool = True) -> Piece:
    """The token range of a clause, without its leading "that"/"whether" and punctuation."""
    left, right = token.left_edge.i, token.right_edge.i + 1
    doc = token.doc
    while left < right - 1 and (
        (skip_mark and _clause_mark(doc[left])) or doc[left].is_punct or doc[left].is_space
    ):
        if doc[left].is_quote:
            break
        left += 1
    return left, right


def _clause_mark(token: Token) -> bool:
    """A "that"/"whether"/"if" opening a clause (also a "that" parsed as an object)."""
    return (
        token.dep_ == "mark" or token.pos_ == "SCONJ" or stray_that(token)
    ) and token.lower_ in _CLAUSE_MARKS


def predicate(verb: Token, piece: Piece) -> Piece:
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


def trailing_relay(ctx: DocContext, clause: Token) -> bool:
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


@dataclass
class _Scan:
    """What the dependents of one reporting verb have given so far."""

    lemma: str
    particle: str | None
    nominal: bool  # a nominal complement may be the content (turned off by an interrogation)
    addressee: bool  # the verb takes an addressee: "urged Ankara to …"
    pieces: list[Piece] = field(default_factory=list)
    setting_pieces: list[Piece] = field(default_factory=list)  # "said on television"
    clause_found: bool = False


def content_of(ctx: DocContext, verb: Token, nominal: bool, particle: str | None) -> list[Piece]:
    """Token ranges of what the verb reports (clauses, objects, prepositional objects)."""
    lemma = verb.lemma_.lower()
    scan = _Scan(lemma, particle, nominal, addressee=lemma in ctx.cues.addressee)
    for child in verb.children:
        for rule in _DEPENDENT_RULES:  # the first rule that recognises the dependent decides
            if rule(ctx, verb, child, scan):
                break
    pieces = scan.pieces
    if not scan.clause_found:
        noun_clauses = _speech_noun_clauses(ctx, verb)
        pieces.extend(noun_clauses)
        scan.clause_found = bool(noun_clauses)
    agent = any(c.dep_ == "agent" for c in verb.children)
    if scan.nominal and agent and not scan.clause_found and not pieces:
        pieces.extend(_passive_subjects(verb))
    if not scan.clause_found:
        # "warned of a disaster"; with a clause, "said on state television that …" the
        # prepositional phrase is the setting, not what was said
        pieces.extend(scan.setting_pieces)
    if scan.addressee and not scan.clause_found and scan.nominal:
        pieces.extend(_object_infinitives(verb))
    if any(start == verb.i for start, _ in pieces):
        pieces = [predicate(verb, p) if p[0] == verb.i else p for p in pieces]
    return pieces


# -- one rule per kind of dependent: True when the rule recognises (and takes) the dependent --


def _addressee_infinitive(ctx: DocContext, verb: Token, child: Token, scan: _Scan) -> bool:
    """ "urged Ankara to withdraw": the addressee belongs to what was said."""
    if not (child.dep_ == "xcomp" and scan.addressee and child.pos_ in ("VERB", "AUX")):
        return False
    scan.pieces.append((verb.i, child.right_edge.i + 1))
    scan.clause_found = True
    return True


def _relayed_clause(ctx: DocContext, verb: Token, child: Token, scan: _Scan) -> bool:
    """ "…, the mayor said, the newspaper reported": the relay is not what was said."""
    return child.dep_ == "ccomp" and trailing_relay(ctx, child)


def _complement_clause(ctx: DocContext, verb: Token, child: Token, scan: _Scan) -> bool:
    """ "said (that) …", "promised to …": the clausal complement."""
    if not (child.dep_ == "ccomp" or (child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"))):
        return False
    scan.pieces.append(subtree_range(child))
    scan.clause_found = True
    return True


def _second_that_clause(ctx: DocContext, verb: Token, child: Token, scan: _Scan) -> bool:
    """ "said A and that B": the second clause hangs off the verb in the parse."""
    if not (
        child.dep_ == "conj"
        and child.i > verb.i
        and any(g.dep_ == "mark" and g.lower_ in ("that", "whether") for g in child.children)
    ):
        return False
    scan.pieces.append(subtree_range(child))
    return True


def _predicative(ctx: DocContext, verb: Token, child: Token, scan: _Scan) -> bool:
    """ "called the attack a crime": the object predicative."""
    if not (child.dep_ == "oprd" and scan.nominal):
        return False
    scan.pieces.append((verb.i, child.right_edge.i + 1))
    return True


def _particle_clause(ctx: DocContext, verb: Token, child: Token, scan: _Scan) -> bool:
    """ "pressed for the US to act": a clause marked by the cue's particle."""
    if not (
        child.dep_ == "advcl"
        and scan.particle is not None
        and child.i > verb.i
        and any(g.dep_ == "mark" and g.lower_ == scan.particle for g in child.children)
    ):
        return False
    scan.pieces.append(subtree_range(child))
    scan.clause_found = True
    return True


def _cue_particle(ctx: DocContext, verb: Token, child: Token, scan: _Scan) -> bool:
    """ "made clear that …": the particle is part of the cue, not content."""
    return child.dep_ in ("acomp", "ccomp", "xcomp", "advmod") and child.lower_ == scan.particle


def _no_speech_object(ctx: DocContext, verb: Token, child: Token, scan: _Scan) -> bool:
    """ "posted pictures", "admitted refugees", "posted on Twitter": no statement."""
    if scan.lemma not in ctx.cues.speech_object_only:
        return False
    if child.dep_ == "dobj":
        return child.lemma_.lower() not in ctx.cues.speech_nouns
    return child.dep_ == "prep"


def _interrogated_person(ctx: DocContext, verb: Token, child: Token, scan: _Scan) -> bool:
    """ "questioned Morrison about the call": an interrogation, no nominal statement."""
    if not (child.dep_ == "dobj" and scan.lemma in ctx.cues.interrogation and personal(child)):
        return False
    scan.nominal = False
    return True


def _nominal_object(ctx: DocContext, verb: Token, child: Token, scan: _Scan) -> bool:
    """A nominal complement reads as the whole predicate: "rejected the claims"."""
    if not (child.dep_ == "dobj" and scan.nominal and not scan.addressee):
        return False
    if not (child.lower_ == "that" and child.pos_ == "SCONJ"):
        # (a "that" parsed as the object of "said on television that …" is no content)
        scan.pieces.append((verb.i, child.right_edge.i + 1))
    return True


def _prepositional_object(ctx: DocContext, verb: Token, child: Token, scan: _Scan) -> bool:
    """ "warned of a disaster", "lashed out at Ankara", "described X as …"."""
    if not (
        child.dep_ in ("prep", "prt") and scan.nominal and _content_preposition(ctx, child, scan)
    ):
        return False
    if child.dep_ == "prt":
        # "lashed out at Ankara for …": the predicate after the particle
        scan.pieces.append(predicate(verb, (verb.i, child.i + 1)))
        return True
    setting = scan.particle is None and child.lower_ != "as"
    for obj in child.children:
        if obj.dep_ not in ("pobj", "pcomp"):
            continue
        if obj.ent_type_ in TIME_ENTITIES or obj.lemma_.lower() in ("behalf", "condition"):
            continue
        (scan.setting_pieces if setting else scan.pieces).append((verb.i, obj.right_edge.i + 1))
    return True


def _content_preposition(ctx: DocContext, child: Token, scan: _Scan) -> bool:
    """The cue's particle, a content preposition ("warned of") or "as" ("described as")."""
    return (
        child.lower_ == scan.particle
        or (scan.particle is None and child.lower_ in ctx.cues.content_prepositions)
        or child.lower_ == "as"
    )


_DEPENDENT_RULES: tuple[Callable[[DocContext, Token, Token, _Scan], bool], ...] = (
    _addressee_infinitive,
    _relayed_clause,
    _complement_clause,
    _second_that_clause,
    _predicative,
    _particle_clause,
    _cue_particle,
    _no_speech_object,
    _interrogated_person,
    _nominal_object,
    _prepositional_object,
)


# -- content found elsewhere than in the verb's own dependents --------------------------------


def _speech_noun_clauses(ctx: DocContext, verb: Token) -> list[Piece]:
    """ "said in a statement that …" with the that-clause hung on the speech noun."""
    pieces: list[Piece] = []
    cues = ctx.cues
    for child in verb.children:
        if child.dep_ != "prep" or (
            child.lower_ not in cues.setting_prepositions and child.lower_ != "on"
        ):
            continue
        for noun in child.children:
            if noun.dep_ != "pobj" or noun.lemma_.lower() not in cues.speech_nouns:
                continue
            for clause in noun.children:
                if _that_clause_of(noun, clause):
                    start, end = subtree_range(clause)
                    if ctx.doc[start].lower_ == "that":
                        start += 1
                    pieces.append((start, end))
    return pieces


def _that_clause_of(noun: Token, clause: Token) -> bool:
    """A that-clause with a subject after the noun: "a statement that the talks …"."""
    return (
        clause.dep_ in ("acl", "relcl", "ccomp")
        and clause.i > noun.i
        and clause.left_edge.lower_ == "that"
        and any(g.dep_ in ("nsubj", "nsubjpass") for g in clause.children)
    )


def _passive_subjects(verb: Token) -> list[Piece]:
    """ "The agreement was announced by the Kremlin": the passive subject was said."""
    return [
        (child.left_edge.i, child.right_edge.i + 1)
        for child in verb.children
        if child.dep_ == "nsubjpass" and child.pos_ in ("NOUN", "PROPN")
    ]


def _object_infinitives(verb: Token) -> list[Piece]:
    """ "urged Ankara to withdraw": the infinitive hangs off the object in some parses."""
    return [
        (verb.i, grand.right_edge.i + 1)
        for child in verb.children
        if child.dep_ == "dobj"
        for grand in child.children
        if grand.dep_ in ("acl", "relcl") and grand.i > child.i
    ]
