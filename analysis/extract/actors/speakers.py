"""Who each speaker mention is: an ordered list of resolvers, pronouns resolved in the article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from analysis.extract.actors.gazetteer import ActorIndex, title_words
from analysis.extract.actors.persons import (
    analyse,
    bare_surname,
    is_antecedent,
    last_subject,
    person_country,
    possessor,
    prev_sent_start,
    read_role,
)
from analysis.extract.actors.records import (
    ABBREVIATED_TITLE,
    DETERMINERS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    THING_PRONOUNS,
    Analysis,
    Role,
    Speaker,
    inside,
)
from analysis.extract.actors.roles import (
    as_speaker,
    conjunct_type,
    described_speaker,
    institution_speaker,
    prep_country,
    recent_person,
    role_holder,
)
from analysis.reference import Actor
from analysis.text import fold


def speakers_of(
    index: ActorIndex, doc: Doc, mentions: Sequence[Span | None], published: date | None
) -> list[Speaker]:
    """One Speaker per mention, in order; pronouns and roles resolved inside the article."""
    analysis = analyse(index, doc)
    year = published.year if published else None
    resolved: list[tuple[int, Speaker]] = []
    out = []
    for mention in mentions:
        if mention is None:
            out.append(Speaker(None, None, None, "unknown"))
            continue
        speaker = _resolve(index, doc, mention, year, analysis, resolved)
        resolved.append((mention.start, speaker))
        out.append(speaker)
    return out


def _resolve(
    index: ActorIndex,
    doc: Doc,
    mention: Span,
    year: int | None,
    analysis: Analysis,
    resolved: list[tuple[int, Speaker]],
) -> Speaker:
    text = mention.text
    tokens = [t for t in mention if not t.is_punct and not t.is_space]
    if not tokens:
        return Speaker(None, text, None, "unknown")
    words = [fold(t.text) for t in tokens]
    # Pronouns, possessive ones included ("his remarks" gives the speaker "his").
    if len(tokens) == 1 and (
        tokens[0].pos_ == "PRON" or words[0] in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS
    ):
        return _pronoun(index, doc, mention, words[0], analysis, resolved)
    root = mention.root
    root_word = fold(root.text)
    # Several speakers at once ("Russia, Turkey and Iran"): no single name.
    conjuncts = [root, *(c for c in root.conjuncts if mention.start <= c.i < mention.end)]
    if len(conjuncts) > 1 and any(t.dep_ == "cc" for t in mention):
        kinds = {conjunct_type(index, c, analysis) for c in conjuncts}
        return Speaker(None, text, None, kinds.pop() if len(kinds) == 1 else "unknown")
    # People named in the mention (not "Erdoğan's office").
    institution = root_word in index.institution_heads
    owner_country = None
    owner_title: tuple[str, ...] = ()
    for person in analysis.persons:
        if not (person.start < mention.end and mention.start < person.end):
            continue
        if institution and not person.start <= root.i < person.end:
            continue
        if not person.start <= root.i < person.end and possessor(index, doc, person, root):
            # "Putin's spokesman", "a spokesman for Erdogan": the aide, not the leader.
            owner_country = owner_country or person_country(index, person, year)
            owner = index.by_name.get(person.name)
            if owner is not None and any(
                fold(r.title) == "president" and r.held_in(year) for r in owner.roles
            ):
                owner_title = ("presidential",)  # "Putin's spokesman"
            continue
        return Speaker(person.name, text, person_country(index, person, year), "person")
    # Organisations, governments and countries named in the mention.
    inside = [s for s in analysis.matches if mention.start <= s.start and s.end <= mention.end]
    named = [
        (s, index.by_name[s.label_])
        for s in inside
        if s.label_ in index.by_name and index.by_name[s.label_].type != "person"
    ]
    for span, actor in named:
        if span.start <= root.i < span.end:
            return as_speaker(index, actor, text)
    role = read_role(index, doc, [t.i for t in mention], analysis)
    if role.country is None:
        country = owner_country or prep_country(index, root, analysis)
        if country is not None:
            role = Role(role.words, country)
    if owner_title and role.words:
        role = Role(owner_title + role.words, role.country)
    if owner_country is not None and root_word in index.generic_heads:
        return Speaker(None, text, owner_country, "person")  # "Erdogan's aide"
    described = described_speaker(index, mention, role.country, named, analysis, resolved)
    if described is not None:
        return described
    if institution:
        return institution_speaker(index, doc, mention, role.country, named, analysis, resolved)
    if role.words:
        # "The opposition co-chair, Hadi al-Bahra" that the NER and parser got wrong: a
        # run of capitalised proper nouns beside a title is the person's name.
        run: list[Token] = []
        owned = {t.i for c in root.children if c.dep_ == "poss" for t in c.subtree}
        for token in mention:
            if (
                token.pos_ == "PROPN"
                and token.i not in analysis.token_actor
                and token.i not in owned  # "a reporter X's source" is not X
                and (token.text[:1].isupper() or (run and token.text in ("-", "al", "el")))
            ):
                run.append(token)
                continue
            if len(run) >= 2:
                break
            run = []
        while run and ABBREVIATED_TITLE.match(run[0].text):
            run = run[1:]  # "Sen. Ben Sasse", "Lt. Gen. X": the name without the title
        if len(run) >= 2 and fold(run[0].text) not in index.role_words:
            name = doc[run[0].i : run[-1].i + 1].text
            return Speaker(name, text, role.country, "person")
    if index.standard(root_word.split("-")[-1]) in index.role_heads:
        return _role_speaker(index, doc, mention, role, year, analysis, resolved, named)
    if root.pos_ == "PROPN" and root.text[:1].isupper():
        described = [
            c
            for c in root.children
            if c.dep_ == "appos"
            and c.i > root.i
            and c.i < mention.end
            and index.standard(fold(c.text)) in index.title_heads | index.generic_heads
        ]
        if described:  # "X Y, a trade professor at Z": the name, described as a person
            start = root.i
            while start > mention.start and doc[start - 1].pos_ == "PROPN":
                start -= 1
            return Speaker(doc[start : root.i + 1].text, text, role.country, "person")
    outlet = " ".join(t.text for t in tokens if fold(t.text) != "the")
    if fold(outlet) in index.outlet_words:
        return Speaker(outlet, text, role.country, "organisation")  # "SANA", "the AP"
    # A proper noun the NER calls something else.
    for ent in doc.ents:
        if ent.start <= root.i < ent.end:
            if ent.label_ == "ORG" and bare_surname(index, mention, tokens):
                return Speaker(text, text, role.country, "person")
            if ent.label_ == "ORG":
                name = ent[1:].text if fold(ent[0].text) == "the" else ent.text
                return Speaker(name, text, role.country, "organisation")
            if ent.label_ == "GPE":
                return Speaker(ent.text, text, role.country, "government")
            if ent.label_ == "NORP":
                return Speaker(None, text, role.country, "unknown")
    if root.pos_ == "PROPN" and root.text[:1].isupper():
        kind = "person" if bare_surname(index, mention, tokens) else "unknown"
        return Speaker(mention.text, text, role.country, kind)
    # "The source", "the statement": a noun repeated from an earlier speaker's mention.
    if fold(mention[0].text) == "the":
        for _, previous in reversed(resolved):
            if previous.mention and root_word in fold(previous.mention).split():
                return Speaker(previous.name, text, previous.country, previous.type)
    return Speaker(None, text, role.country, "unknown")


def _pronoun(
    index: ActorIndex,
    doc: Doc,
    mention: Span,
    word: str,
    analysis: Analysis,
    resolved: list[tuple[int, Speaker]],
) -> Speaker:
    text = mention.text
    before = [(i, s) for i, s in resolved if i < mention.start]
    if word in PERSON_PRONOUNS:
        last = next(((i, s) for i, s in reversed(before) if s.type == "person"), None)
        subject = last_subject(index, doc, mention, analysis)
        # A person who became the topic after the last speaker ("X met Y. He said").
        if subject is not None and (
            last is None
            or (
                subject.start > last[0]
                and doc[subject.start].sent.start >= prev_sent_start(index, doc, mention)
            )
        ):
            return Speaker(subject.name, text, subject.country, "person")
        if last is not None:
            return Speaker(last[1].name, text, last[1].country, "person")
        return Speaker(None, text, None, "person")
    if word in THING_PRONOUNS or word in PLURAL_PRONOUNS:
        subject = _last_actor_subject(index, doc, mention, analysis, resolved)
        if subject is not None:
            return replace(subject, mention=text)
        last = next(((i, s) for i, s in reversed(before) if s.type != "person"), None)
    else:  # "I", "we", "you": the speaker of a quotation, not resolvable here
        return Speaker(None, text, None, "unknown")
    if last is None:
        return Speaker(None, text, None, "unknown")
    return Speaker(last[1].name, text, last[1].country, last[1].type)


def _last_actor_subject(
    index: ActorIndex,
    doc: Doc,
    mention: Span,
    analysis: Analysis,
    resolved: list[tuple[int, Speaker]],
) -> Speaker | None:
    """ "it"/"they": the nearest subject before the mention, in its sentence or the one
    before, that is a country, government or organisation (not a person, not a thing)."""
    if not doc.has_annotation("DEP"):
        return None
    earlier = {position: speaker for position, speaker in resolved}
    for i in range(mention.start - 1, prev_sent_start(index, doc, mention) - 1, -1):
        token = doc[i]
        if token.dep_ not in ("nsubj", "nsubjpass") or not is_antecedent(token, mention):
            continue
        if inside(analysis.quotes, token.idx, token.idx + len(token)):
            continue
        span = doc[token.left_edge.i : token.i + 1]
        speaker = next((earlier[p] for p in range(span.start, span.end) if p in earlier), None)
        if speaker is None:
            if token.head.dep_ not in ("ROOT", "conj", "advcl"):
                continue  # a subject inside what somebody said is not in view
            if token.pos_ == "PRON":
                continue
            actor = analysis.token_actor.get(token.i)
            if not (
                (actor is not None and not actor.label_.startswith("demonym:"))
                or token.ent_type_ in ("ORG", "GPE", "NORP")
                or fold(token.text) in index.institution_heads
            ):
                continue
            if any(p.start <= token.i < p.end for p in analysis.persons):
                continue
            speaker = _resolve(index, doc, span, None, analysis, [])
        if speaker.type != "person" and speaker.name is not None:
            return speaker
    return None


def _role_speaker(
    index: ActorIndex,
    doc: Doc,
    mention: Span,
    role: Role,
    year: int | None,
    analysis: Analysis,
    resolved: list[tuple[int, Speaker]],
    named: list[tuple[Span, Actor]],
) -> Speaker:
    """A title as speaker: its holder in the article, else in the gazetteer for that year."""
    text = mention.text
    root = mention.root
    head = fold(root.text)
    if not role.words:
        role = Role((head,), role.country)
    words = tuple(fold(t.text) for t in mention[: root.i - mention.start + 1])
    for synonym, title in index.synonyms:
        if words[-len(synonym) :] == synonym:
            # "Russia's top diplomat": the foreign minister.
            role = Role(title_words(index, title), role.country)
            head = role.words[-1] if role.words else head
            break
    generic = head in index.generic_heads
    plural = root.tag_ in ("NNS", "NNPS")
    # "The minister", "Russia's minister", and a title with a country but no article
    # ("Russian Foreign Minister said", "Russias foreign minister" without its apostrophe).
    first = fold(mention[0].text)
    definite = first not in ("a", "an", "one") and (
        first in DETERMINERS
        or any(c.dep_ == "poss" for c in root.children)
        or role.country is not None
    )
    # "An official at the Syrian Foreign Ministry", "a spokesman for the Front".
    for child in root.children:
        if child.dep_ == "prep" and fold(child.text) in ("at", "for", "of", "from"):
            for obj in child.children:
                actor = analysis.token_actor.get(obj.i)
                if obj.dep_ == "pobj" and (
                    fold(obj.text) in index.institution_heads
                    or obj.ent_type_ == "ORG"
                    or (
                        actor is not None
                        and actor.label_ in index.by_name
                        and index.by_name[actor.label_].type in ("organisation", "government")
                    )
                ):
                    span = doc[obj.left_edge.i : obj.right_edge.i + 1]
                    if generic or head.startswith("spokes"):
                        return replace(
                            _resolve(index, doc, span, year, analysis, resolved), mention=text
                        )
    if plural:  # "Turkish officials": anonymous, of a country
        return Speaker(None, text, role.country, "person")
    if not generic and definite:
        holder = role_holder(index, mention, role, year, analysis)
        if holder is not None:
            return holder
    owners = [a for _, a in named if a.type in ("organisation", "group", "government")]
    if owners and (generic or head.startswith("spokes")):
        # "A State Department spokesperson": the department speaks.
        return as_speaker(index, owners[0], text)
    if not definite:
        return Speaker(None, text, role.country, "person")
    if generic and role.country is None:
        # "The source" after "An official source at the ministry": the same speaker; "the
        # activist" after a UN director is somebody else, unnamed.
        for _, previous in reversed(resolved):
            if previous.mention and head in fold(previous.mention).split():
                return Speaker(previous.name, text, previous.country, previous.type)
        return Speaker(None, text, None, "person")
    # "The Russian leader", "Russia's top diplomat", "the Russian envoy" (a loose word for
    # any diplomat): the person of that country last in view; a generic noun without a
    # country ("the diplomat"): the last person who spoke.
    if not (generic or (head == "envoy" and role.country)):
        return Speaker(None, text, role.country, "person")
    person = recent_person(index, mention, role.country, analysis, resolved)
    if person is not None:
        return Speaker(person[0], text, person[1], "person")
    return Speaker(None, text, role.country, "person")
