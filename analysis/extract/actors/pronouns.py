"""Pronoun speakers: "he" is the person last in view, "it" and "they" the last body."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from analysis.extract.actors.demonyms import is_demonym_label
from analysis.extract.actors.grammar import PERSON_PRONOUNS, PLURAL_PRONOUNS, THING_PRONOUNS, inside
from analysis.extract.actors.mention import Mention, Speaker
from analysis.extract.actors.persons import Person
from analysis.text import fold


def pronoun_speaker(m: Mention, word: str) -> Speaker:
    """The speaker a pronoun refers to ("I", "we", "you" quote somebody: unknown here)."""
    if word in PERSON_PRONOUNS:
        return _person(m)
    if word in THING_PRONOUNS or word in PLURAL_PRONOUNS:
        return _body(m)
    return m.speaker(None, None, "unknown")


def _person(m: Mention) -> Speaker:
    """ "He", "she": a person who became the topic after the last speaker ("X met Y. He
    said"), else the last person who spoke."""
    doc, start = m.doc, m.span.start
    last = next(((i, s) for i, s in reversed(m.resolved) if i < start and s.type == "person"), None)
    subject = _last_subject(m)
    if subject is not None and (
        last is None
        or (
            subject.start > last[0]
            and doc[subject.start].sent.start >= _prev_sent_start(doc, m.span)
        )
    ):
        return m.speaker(subject.name, subject.country, "person")
    if last is not None:
        return m.speaker(last[1].name, last[1].country, "person")
    return m.speaker(None, None, "person")


def _body(m: Mention) -> Speaker:
    """ "It", "they": the country, government or organisation that is the subject nearby,
    else the last speaker who is no person."""
    subject = _last_actor_subject(m)
    if subject is not None:
        return replace(subject, mention=m.text)
    start = m.span.start
    last = next(((i, s) for i, s in reversed(m.resolved) if i < start and s.type != "person"), None)
    if last is None:
        return m.speaker(None, None, "unknown")
    return m.speaker(last[1].name, last[1].country, last[1].type)


def _last_actor_subject(m: Mention) -> Speaker | None:
    """ "it"/"they": the nearest subject before the mention, in its sentence or the one
    before, that is a country, government or organisation (not a person, not a thing)."""
    doc, mention = m.doc, m.span
    if not doc.has_annotation("DEP"):
        return None
    earlier = {position: speaker for position, speaker in m.resolved}
    for i in range(mention.start - 1, _prev_sent_start(doc, mention) - 1, -1):
        token = doc[i]
        if token.dep_ not in ("nsubj", "nsubjpass") or not _antecedent(token, mention):
            continue
        if inside(m.article.quotes, token.idx, token.idx + len(token)):
            continue
        span = doc[token.left_edge.i : token.i + 1]
        speaker = next((earlier[p] for p in range(span.start, span.end) if p in earlier), None)
        if speaker is None:
            if not _body_subject(m, token):
                continue
            speaker = m.resolve(span, None, [])
        if speaker.type != "person" and speaker.name is not None:
            return speaker
    return None


def _body_subject(m: Mention, token: Token) -> bool:
    """Whether a subject nobody spoke as can be a body in view: in the narrative (not inside
    what somebody said), no pronoun, an actor or organisation-like, and no person's name."""
    if token.head.dep_ not in ("ROOT", "conj", "advcl"):
        return False  # a subject inside what somebody said is not in view
    if token.pos_ == "PRON":
        return False
    label = m.article.token_actors.get(token.i)
    if not (
        (label is not None and not is_demonym_label(label))
        or token.ent_type_ in ("ORG", "GPE", "NORP")
        or fold(token.text) in m.lexicon.institution_heads
    ):
        return False
    return m.article.person_at(token.i) is None


def _antecedent(subject: Token, mention: Span) -> bool:
    """Whether a subject before a pronoun can be its antecedent: not the subject of the
    clause a parenthetical "X, it said, ..." reports, nor one inside the pronoun's own
    statement."""
    verb = mention.root.head
    if subject.sent.start != mention.sent.start:
        return True
    if verb.dep_ == "parataxis" and subject.head.i == verb.head.i:
        return False
    if verb.dep_ == "ROOT" and any(
        subject.i == t.i for c in verb.children if c.dep_ == "ccomp" for t in c.subtree
    ):
        return False  # "Lavrov, he said, had passed ...": parsed with "said" as the root
    return subject.head.i != verb.i


def _prev_sent_start(doc: Doc, mention: Span) -> int:
    """The first token of the sentence before the mention's (0 in the first sentence)."""
    sent = mention.sent
    if sent.start == 0:
        return 0
    return doc[sent.start - 1].sent.start


def _last_subject(m: Mention) -> Person | None:
    """The last person who is the subject of a clause before the mention (in an earlier
    sentence or earlier in its own, outside quotations)."""
    doc, mention = m.doc, m.span
    if not (doc.has_annotation("DEP") or doc.has_annotation("SENT_START")):
        return None  # no sentences without a parser
    persons = m.article.persons
    for at in range(m.article.persons_before(mention.start) - 1, -1, -1):
        person = persons[at]
        if not person.subject:
            continue
        span = doc[person.start : person.end]
        if doc.has_annotation("DEP") and not _antecedent(span.root, mention):
            continue
        if inside(m.article.quotes, span.start_char, span.end_char):
            continue
        return person
    return None
