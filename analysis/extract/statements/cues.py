"""Reporting cues: which token reports speech, and whether it is negated."""

from __future__ import annotations

from spacy.tokens import Token

from analysis.extract.statements.segment import DocContext
from analysis.extract.statements.sources import _subject
from analysis.reference import Cues

TIME_ENTITIES = {"DATE", "TIME"}


def cue_of(ctx: DocContext, token: Token) -> tuple[str, bool, str | None] | None:
    """(cue, nominal content allowed, particle) when `token` is a reporting verb."""
    if ctx.in_quote[token.i] >= 0 or not _verb_like(token) or _modifier_participle(token):
        return None
    cues = ctx.cues
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and not cues.knows(lemma):
        lemma = cues.forms.get(token.lower_, lemma)  # a lemmatizer slip: "hopes" → "hop"
    if lemma in cues.phrasal:
        return _phrasal_cue(cues, token, lemma)
    if lemma in cues.communication:
        return lemma, True, None
    if lemma in cues.clausal:
        return lemma, False, None
    if _said_in_speech_noun(cues, token):
        return lemma, True, None
    return None


def _verb_like(token: Token) -> bool:
    """A verb, or a tagger slip ("Analysts caution that …" as a noun) with a verb's subject."""
    if token.pos_ == "VERB":
        return True
    return token.pos_ in ("NOUN", "ADJ") and any(
        c.dep_ == "nsubj" or (c.dep_ == "aux" and c.lower_ == "to")  # "went on to state"
        for c in token.children
    )


def _modifier_participle(token: Token) -> bool:
    """Participial modifiers: "a gas believed to be chlorine", "the town called X"."""
    if token.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass") for c in token.children):
        return False
    head = token.head
    postposed = (  # "…, the observatory reported on Thursday" parsed as a modifier
        head.left_edge.i > 0
        and token.doc[head.left_edge.i - 1].text == ","
        and not any(c.dep_ in ("xcomp", "oprd", "dobj") for c in token.children)
    )
    if (
        token.dep_ in ("acl", "amod")
        and not postposed
        and not any(c.dep_ == "agent" for c in token.children)
    ):
        return True
    return any(c.dep_ == "xcomp" and c.lemma_ == "be" for c in token.children)


def _phrasal_cue(cues: Cues, token: Token, lemma: str) -> tuple[str, bool, str | None] | None:
    """A phrasal cue: the particle nearest the verb names it ("lashed out at" → lash out)."""
    particles = cues.phrasal[lemma]
    hit = [
        c.lower_
        for c in token.children
        if c.i > token.i
        and c.lower_ in particles
        and not any(  # "called on Monday for …"
            g.dep_ == "pobj" and g.ent_type_ in TIME_ENTITIES for g in c.children
        )
    ] + [  # "pressed for the US to carry out …": "for" marks the clause
        g.lower_
        for c in token.children
        if c.dep_ == "advcl" and c.i > token.i
        for g in c.children
        if g.dep_ == "mark" and g.lower_ in particles
    ]
    if hit:
        return f"{lemma} {hit[0]}", True, hit[0]
    if lemma in cues.naming and any(c.dep_ == "oprd" for c in token.children):
        return lemma, True, None  # "called the attack a crime"
    if lemma in cues.communication:
        return lemma, True, None
    if lemma in cues.clausal:
        return lemma, False, None
    return None


def _said_in_speech_noun(cues: Cues, token: Token) -> bool:
    """ "wrote in a statement that …": a verb made a cue by its speech-noun setting."""
    if not any(c.dep_ in ("dobj", "ccomp") for c in token.children):
        return False
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in cues.setting_prepositions:
            objects = [
                g
                for g in child.children
                if g.dep_ == "pobj" and not any(p.dep_ == "poss" for p in g.children)
            ]
            if any(g.lemma_.lower() in cues.speech_nouns for g in objects):
                return True
    return False


def negated(ctx: DocContext, verb: Token) -> bool:
    """ "did not comment", "declined to comment", "No one claimed", "must condemn", "if
    the country would announce", "the decision to consider": nothing was said."""
    cues = ctx.cues
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in cues.refusals:
        return True
    if any(c.dep_ == "aux" and c.lower_ in cues.irrealis_modals for c in verb.children):
        return True
    subject = _subject(verb)
    if subject is not None:
        phrase = " ".join(t.lower_ for t in subject.subtree)
        if phrase in cues.negative_subjects or any(
            c.dep_ == "det" and c.lower_ == "no" for c in subject.children
        ):
            return True
        if subject.lemma_.lower() in cues.inanimate_subjects:
            return True
    clause = verb
    while clause.head is not clause and clause.dep_ in ("conj", "xcomp", "advcl", "acl"):
        if clause.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in cues.irrealis_marks for c in clause.children
        ):
            return True
        if clause.dep_ == "acl" and clause.head.lemma_.lower() in cues.irrealis_nouns:
            return True
        clause = clause.head
    return False
