"""Cues: which tokens report speech (verbs, "according to", speech nouns) and which say nothing."""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Span, Token

from analysis.extract.statements.content import TIME_ENTITIES, subtree_range
from analysis.extract.statements.records import Candidate
from analysis.extract.statements.segment import DocContext
from analysis.extract.statements.sources import noun_phrase, source_of_noun, subject_of
from analysis.reference import Cues


class Cue(NamedTuple):
    """A reporting verb's cue: its name, whether a nominal content counts, its particle."""

    name: str  # "say", "call for"
    nominal: bool  # "rejected the claims" is a statement; "hoped the talks" is not
    particle: str | None  # "for" of "call for"


def cue_of(ctx: DocContext, token: Token) -> Cue | None:
    """The cue when `token` is a reporting verb outside quotations."""
    if ctx.quoted(token) or not _verb_like(token) or _modifying_participle(token):
        return None
    cues = ctx.cues
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and not cues.knows(lemma):
        lemma = cues.forms.get(token.lower_, lemma)  # a lemmatizer slip: "hopes" → "hop"
    if lemma in cues.phrasal:
        return _phrasal_cue(cues, token, lemma)
    if lemma in cues.communication:
        return Cue(lemma, True, None)
    if lemma in cues.clausal:
        return Cue(lemma, False, None)
    if _reports_in_speech(cues, token):
        return Cue(lemma, True, None)
    return None


def _verb_like(token: Token) -> bool:
    """A verb, or a tagger slip ("Analysts caution that …" as a noun) with the verb's subject."""
    return token.pos_ == "VERB" or (
        token.pos_ in ("NOUN", "ADJ")
        and any(
            c.dep_ == "nsubj" or (c.dep_ == "aux" and c.lower_ == "to")  # "went on to state"
            for c in token.children
        )
    )


def _modifying_participle(token: Token) -> bool:
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


def _phrasal_cue(cues: Cues, token: Token, lemma: str) -> Cue | None:
    """A verb whose particle names the cue ("lashed out at" → lash out), or the plain verb."""
    hit = _particles(cues, token, lemma)
    if hit:
        return Cue(f"{lemma} {hit[0]}", True, hit[0])
    if lemma in cues.naming and any(c.dep_ == "oprd" for c in token.children):
        return Cue(lemma, True, None)  # "called the attack a crime"
    if lemma in cues.communication:
        return Cue(lemma, True, None)
    if lemma in cues.clausal:
        return Cue(lemma, False, None)
    return None


def _particles(cues: Cues, token: Token, lemma: str) -> list[str]:
    """The verb's particles of the lexicon, the nearest first."""
    particles = cues.phrasal[lemma]
    return [
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


def _reports_in_speech(cues: Cues, token: Token) -> bool:
    """Any verb with an object or clause said in a speech-noun setting ("… in a statement")."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in cues.setting_prepositions:
            objects = [
                g
                for g in child.children
                if g.dep_ == "pobj" and not any(p.dep_ == "poss" for p in g.children)
            ]
            if any(g.lemma_.lower() in cues.speech_nouns for g in objects) and any(
                c.dep_ in ("dobj", "ccomp") for c in token.children
            ):
                return True
    return False


def negated(cues: Cues, verb: Token) -> bool:
    """ "did not comment", "declined to comment", "No one claimed", "must condemn", "if
    the country would announce", "the decision to consider": nothing was said."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in cues.refusals:
        return True
    if any(c.dep_ == "aux" and c.lower_ in cues.irrealis_modals for c in verb.children):
        return True
    return _nobody_said(cues, verb) or _irrealis_clause(cues, verb)


def _nobody_said(cues: Cues, verb: Token) -> bool:
    """A subject that says nothing: "No one has claimed …", "Tests indicate that …"."""
    subject = subject_of(verb)
    if subject is None:
        return False
    phrase = " ".join(t.lower_ for t in subject.subtree)
    if phrase in cues.negative_subjects or any(
        c.dep_ == "det" and c.lower_ == "no" for c in subject.children
    ):
        return True
    return subject.lemma_.lower() in cues.inanimate_subjects


def _irrealis_clause(cues: Cues, verb: Token) -> bool:
    """A verb inside "if …" or "the decision to …": a statement not (yet) made."""
    clause = verb
    while clause.head.i != clause.i and clause.dep_ in ("conj", "xcomp", "advcl", "acl"):
        if clause.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in cues.irrealis_marks for c in clause.children
        ):
            return True
        if clause.dep_ == "acl" and clause.head.lemma_.lower() in cues.irrealis_nouns:
            return True
        clause = clause.head
    return False


def relays(cues: Cues, item: Candidate) -> bool:
    """A trailing cue that passes on someone else's statement: "…, X said, the agency
    reported" (a relay verb or a news outlet as the source), not "…, Erdogan said"."""
    lemma = item.cue.split()[0]
    if lemma in cues.relay_verbs:
        return True
    words = {t.lemma_.lower() for t in item.speaker or ()}
    return bool(words & cues.relay_sources)


# -- phrase cues: statements without a reporting verb ------------------------------------------


def source_phrases(ctx: DocContext, group: Span) -> list[Candidate]:
    """Sources introduced by a prepositional phrase: "according to X"."""
    results: list[Candidate] = []
    words = [t.lower_ for t in group]
    for sequence in ctx.cues.source_prepositions:
        n = len(sequence)
        for k in range(len(words) - n + 1):
            if tuple(words[k : k + n]) != sequence:
                continue
            item = _source_phrase(ctx, group, sequence, group[k], group[k + n - 1])
            if item is not None:
                results.append(item)
    return results


def _source_phrase(
    ctx: DocContext, group: Span, sequence: tuple[str, ...], first: Token, last: Token
) -> Candidate | None:
    """ "According to X, …": X is the source of the rest of the group."""
    if ctx.quoted(first):
        return None
    obj = next((c for c in last.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    source = source_of_noun(ctx.cues, obj)
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
    return item


def with_absolutes(ctx: DocContext, group: Span) -> list[Candidate]:
    """ "…, with Foreign Minister X warning of …" parsed as a speech noun with the speaker's
    name as its compound modifiers."""
    results: list[Candidate] = []
    for token in group:
        if token.lower_ != "with" or token.dep_ != "prep" or token.i == 0:
            continue
        if ctx.doc[token.i - 1].text != "," or ctx.quoted(token):
            continue
        noun = next((c for c in token.children if c.dep_ == "pobj"), None)
        if noun is None or not _speech_gerund(ctx.cues, noun):
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


def _speech_gerund(cues: Cues, noun: Token) -> bool:
    """ "warning" tagged as a noun: an -ing speech noun of the lexicon."""
    if noun.pos_ != "NOUN" or (noun.tag_ != "VBG" and not noun.text.endswith("ing")):
        return False
    return noun.lemma_.lower() in cues.speech_nouns or noun.lower_ in cues.speech_nouns


def noun_attributions(ctx: DocContext, group: Span) -> list[Candidate]:
    """Sources owning a speech noun: "X's remarks that …", "In his words, …"."""
    results: list[Candidate] = []
    for token in group:
        if token.lemma_.lower() not in ctx.cues.speech_nouns or token.pos_ != "NOUN":
            continue
        if ctx.quoted(token):
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
        item.pieces = _noun_clauses(token)
        colon = token.right_edge.i + 1
        if item.pieces or (colon < len(ctx.doc) and ctx.doc[colon].text == ":"):
            results.append(item)
    return results


def _noun_clauses(noun: Token) -> list[tuple[int, int]]:
    """The clauses a speech noun introduces: "remarks that …", "his statement: …"."""
    pieces = []
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "appos") and child.i > noun.i:
            start, end = subtree_range(child)
            if noun.head.i > noun.i and noun.head.pos_ in ("VERB", "AUX"):
                end = min(end, noun.head.i)  # "remarks that … drew criticism"
            pieces.append((start, end))
    return pieces
