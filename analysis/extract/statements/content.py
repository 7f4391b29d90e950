"""What was said: the token ranges of a reporting verb's content."""

from __future__ import annotations

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


def content_of(
    ctx: DocContext, verb: Token, nominal: bool, particle: str | None
) -> list[tuple[int, int]]:
    """Token ranges of what the verb reports (clauses, objects, prepositional objects)."""
    pieces: list[tuple[int, int]] = []
    lemma = verb.lemma_.lower()
    addressee = lemma in ctx.cues.addressee
    clause_found = False
    setting_pieces: list[tuple[int, int]] = []
    for child in verb.children:
        dep = child.dep_
        if dep == "xcomp" and addressee and child.pos_ in ("VERB", "AUX"):
            # "urged Ankara to withdraw": the addressee belongs to what was said
            pieces.append((verb.i, child.right_edge.i + 1))
            clause_found = True
        elif dep == "ccomp" and _trailing_relay(ctx, child):
            continue  # "…, the mayor said, the newspaper reported": not what was said
        elif dep == "ccomp" or (dep == "xcomp" and child.pos_ in ("VERB", "AUX")):
            pieces.append(subtree_range(child))
            clause_found = True
        elif (
            dep == "conj"
            and child.i > verb.i
            and any(g.dep_ == "mark" and g.lower_ in ("that", "whether") for g in child.children)
        ):
            # "said A and that B": the second clause hangs off the verb in the parse
            pieces.append(subtree_range(child))
        elif dep == "oprd" and nominal:
            pieces.append((verb.i, child.right_edge.i + 1))
        elif (
            dep == "advcl"
            and particle is not None
            and child.i > verb.i
            and any(g.dep_ == "mark" and g.lower_ == particle for g in child.children)
        ):
            pieces.append(subtree_range(child))  # "pressed for the US to act"
            clause_found = True
        elif dep in ("acomp", "ccomp", "xcomp", "advmod") and child.lower_ == particle:
            pass  # "made clear that …": the particle is part of the cue
        elif (
            dep == "dobj"
            and lemma in ctx.cues.speech_object_only
            and child.lemma_.lower() not in ctx.cues.speech_nouns
        ):
            continue  # "posted pictures", "admitted refugees": no statement
        elif dep == "prep" and lemma in ctx.cues.speech_object_only:
            continue  # "posted on Twitter"
        elif dep == "dobj" and lemma in ctx.cues.interrogation and is_personal(child):
            nominal = False  # "questioned Morrison about the call": an interrogation
        elif dep == "dobj" and nominal and not addressee:
            # a nominal complement reads as the whole predicate: "rejected the claims"
            if child.lower_ == "that" and child.pos_ == "SCONJ":
                continue  # "said on television that …" with "that" parsed as the object
            pieces.append((verb.i, child.right_edge.i + 1))
        elif (
            dep in ("prep", "prt")
            and nominal
            and (
                child.lower_ == particle
                or (particle is None and child.lower_ in ctx.cues.content_prepositions)
                or child.lower_ == "as"
            )
        ):
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if dep == "prt":
                # "lashed out at Ankara for …": the predicate after the particle
                pieces.append(_predicate(ctx, verb, (verb.i, child.i + 1)))
                continue
            for obj in objects:
                if obj.ent_type_ in TIME_ENTITIES or obj.lemma_.lower() in (
                    "behalf",
                    "condition",
                ):
                    continue
                if particle is None and child.lower_ != "as":
                    setting_pieces.append((verb.i, obj.right_edge.i + 1))
                else:
                    pieces.append((verb.i, obj.right_edge.i + 1))
    if not clause_found:
        # "said in a statement that …" with the that-clause hung on the speech noun
        for child in verb.children:
            if child.dep_ != "prep" or (
                child.lower_ not in ctx.cues.setting_prepositions and child.lower_ != "on"
            ):
                continue
            for noun in child.children:
                if noun.dep_ != "pobj" or noun.lemma_.lower() not in ctx.cues.speech_nouns:
                    continue
                for clause in noun.children:
                    if (
                        clause.dep_ in ("acl", "relcl", "ccomp")
                        and clause.i > noun.i
                        and clause.left_edge.lower_ == "that"
                        and any(g.dep_ in ("nsubj", "nsubjpass") for g in clause.children)
                    ):
                        start, end = subtree_range(clause)
                        if ctx.doc[start].lower_ == "that":
                            start += 1
                        pieces.append((start, end))
                        clause_found = True
    agent = any(c.dep_ == "agent" for c in verb.children)
    if nominal and agent and not clause_found and not pieces:
        # "The agreement was announced by the Kremlin": the passive subject was said
        for child in verb.children:
            if child.dep_ == "nsubjpass" and child.pos_ in ("NOUN", "PROPN"):
                pieces.append((child.left_edge.i, child.right_edge.i + 1))
    if not clause_found:
        # "warned of a disaster"; with a clause, "said on state television that …" the
        # prepositional phrase is the setting, not what was said
        pieces.extend(setting_pieces)
    if addressee and not clause_found and nominal:
        # "urged Ankara to withdraw": the infinitive hangs off the object in some parses
        for child in verb.children:
            if child.dep_ == "dobj":
                for grand in child.children:
                    if grand.dep_ in ("acl", "relcl") and grand.i > child.i:
                        pieces.append((verb.i, grand.right_edge.i + 1))
    if any(start == verb.i for start, _ in pieces):
        pieces = [_predicate(ctx, verb, p) if p[0] == verb.i else p for p in pieces]
    return pieces


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
