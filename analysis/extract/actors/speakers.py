"""Who each speaker mention is: an ordered list of resolvers, pronouns resolved in the article."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
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
    Person,
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


@dataclass
class _Mention:
    """One speaker mention being resolved, and what earlier resolvers learnt about it."""

    index: ActorIndex
    doc: Doc
    span: Span
    year: int | None
    analysis: Analysis
    resolved: list[tuple[int, Speaker]]
    tokens: list[Token]
    root: Token
    root_word: str
    institution: bool  # "the ministry", "Erdoğan's office"
    owner_country: str | None = None  # "Putin's spokesman": the owner's country
    owner_title: tuple[str, ...] = ()
    named: list[tuple[Span, Actor]] = field(default_factory=list)
    role: Role = Role((), None)

    @property
    def text(self) -> str:
        return self.span.text

    def speaker(self, name: str | None, kind: str, country: str | None = None) -> Speaker:
        return Speaker(name, self.text, country, kind)


Resolver = Callable[[_Mention], Speaker | None]


def _resolve(
    index: ActorIndex,
    doc: Doc,
    mention: Span,
    year: int | None,
    analysis: Analysis,
    resolved: list[tuple[int, Speaker]],
) -> Speaker:
    """Who one mention is: the first resolver that knows, in order."""
    tokens = [t for t in mention if not t.is_punct and not t.is_space]
    if not tokens:
        return Speaker(None, mention.text, None, "unknown")
    word = fold(tokens[0].text)
    # Pronouns, possessive ones included ("his remarks" gives the speaker "his").
    if len(tokens) == 1 and (
        tokens[0].pos_ == "PRON" or word in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS
    ):
        return _pronoun(index, doc, mention, word, analysis, resolved)
    root = mention.root
    root_word = fold(root.text)
    m = _Mention(
        index, doc, mention, year, analysis, resolved, tokens, root, root_word,
        institution=root_word in index.institution_heads,
    )  # fmt: skip
    for resolver in _NAMED_RESOLVERS:
        speaker = resolver(m)
        if speaker is not None:
            return speaker
    m.role = _role_of(m)
    for resolver in _DESCRIBED_RESOLVERS:
        speaker = resolver(m)
        if speaker is not None:
            return speaker
    return m.speaker(None, "unknown", m.role.country)


def _several(m: _Mention) -> Speaker | None:
    """Several speakers at once ("Russia, Turkey and Iran"): no single name."""
    span = m.span
    conjuncts = [m.root, *(c for c in m.root.conjuncts if span.start <= c.i < span.end)]
    if len(conjuncts) > 1 and any(t.dep_ == "cc" for t in span):
        kinds = {conjunct_type(m.index, c, m.analysis) for c in conjuncts}
        return m.speaker(None, kinds.pop() if len(kinds) == 1 else "unknown")
    return None


def _named_person(m: _Mention) -> Speaker | None:
    """A person named in the mention (not "Erdoğan's office", not "Putin's spokesman")."""
    span, root = m.span, m.root
    for person in m.analysis.persons:
        if not (person.start < span.end and span.start < person.end):
            continue
        names_root = person.start <= root.i < person.end
        if m.institution and not names_root:
            continue
        if not names_root and possessor(m.index, m.doc, person, root):
            _note_owner(m, person)  # "a spokesman for Erdogan": the aide, not the leader
            continue
        return m.speaker(person.name, "person", person_country(m.index, person, m.year))
    return None


def _note_owner(m: _Mention, person: Person) -> None:
    """Remember the owner of "Putin's spokesman": its country, and a president's title."""
    m.owner_country = m.owner_country or person_country(m.index, person, m.year)
    owner = m.index.by_name.get(person.name)
    if owner is not None and any(
        fold(r.title) == "president" and r.held_in(m.year) for r in owner.roles
    ):
        m.owner_title = ("presidential",)  # "Putin's spokesman"


def _named_organisation(m: _Mention) -> Speaker | None:
    """An organisation, government or country named at the mention's head."""
    by_name = m.index.by_name
    inside_mention = [
        s for s in m.analysis.matches if m.span.start <= s.start and s.end <= m.span.end
    ]
    m.named = [
        (s, by_name[s.label_])
        for s in inside_mention
        if s.label_ in by_name and by_name[s.label_].type != "person"
    ]
    for span, actor in m.named:
        if span.start <= m.root.i < span.end:
            return as_speaker(m.index, actor, m.text)
    return None


def _role_of(m: _Mention) -> Role:
    """The title the mention reads as, with its country from an owner or a preposition."""
    role = read_role(m.index, m.doc, [t.i for t in m.span], m.analysis)
    if role.country is None:
        country = m.owner_country or prep_country(m.index, m.root, m.analysis)
        if country is not None:
            role = Role(role.words, country)
    if m.owner_title and role.words:
        role = Role(m.owner_title + role.words, role.country)
    return role


def _owners_aide(m: _Mention) -> Speaker | None:
    if m.owner_country is not None and m.root_word in m.index.generic_heads:
        return m.speaker(None, "person", m.owner_country)  # "Erdogan's aide"
    return None


def _described_actor(m: _Mention) -> Speaker | None:
    return described_speaker(m.index, m.span, m.role.country, m.named, m.analysis, m.resolved)


def _institution(m: _Mention) -> Speaker | None:
    if not m.institution:
        return None
    return institution_speaker(
        m.index, m.doc, m.span, m.role.country, m.named, m.analysis, m.resolved
    )


def _name_beside_title(m: _Mention) -> Speaker | None:
    """ "The opposition co-chair, Hadi al-Bahra" that the NER and parser got wrong: a run of
    capitalised proper nouns beside a title is the person's name."""
    if not m.role.words:
        return None
    run: list[Token] = []
    owned = {t.i for c in m.root.children if c.dep_ == "poss" for t in c.subtree}
    for token in m.span:
        if (
            token.pos_ == "PROPN"
            and token.i not in m.analysis.token_actor
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
    if len(run) >= 2 and fold(run[0].text) not in m.index.role_words:
        return m.speaker(m.doc[run[0].i : run[-1].i + 1].text, "person", m.role.country)
    return None


def _title(m: _Mention) -> Speaker | None:
    if m.index.standard(m.root_word.split("-")[-1]) not in m.index.role_heads:
        return None
    return _role_speaker(m.index, m.doc, m.span, m.role, m.year, m.analysis, m.resolved, m.named)


def _appositive_description(m: _Mention) -> Speaker | None:
    """ "X Y, a trade professor at Z": the name, described as a person."""
    root, span = m.root, m.span
    if not (root.pos_ == "PROPN" and root.text[:1].isupper()):
        return None
    heads = m.index.title_heads | m.index.generic_heads
    if not any(
        c.dep_ == "appos" and root.i < c.i < span.end and m.index.standard(fold(c.text)) in heads
        for c in root.children
    ):
        return None
    start = root.i
    while start > span.start and m.doc[start - 1].pos_ == "PROPN":
        start -= 1
    return m.speaker(m.doc[start : root.i + 1].text, "person", m.role.country)


def _outlet(m: _Mention) -> Speaker | None:
    outlet = " ".join(t.text for t in m.tokens if fold(t.text) != "the")
    if fold(outlet) in m.index.outlet_words:
        return m.speaker(outlet, "organisation", m.role.country)  # "SANA", "the AP"
    return None


def _entity(m: _Mention) -> Speaker | None:
    """A proper noun the NER calls something else."""
    country = m.role.country
    for ent in m.doc.ents:
        if not ent.start <= m.root.i < ent.end:
            continue
        if ent.label_ == "ORG" and bare_surname(m.index, m.span, m.tokens):
            return m.speaker(m.text, "person", country)
        if ent.label_ == "ORG":
            name = ent[1:].text if fold(ent[0].text) == "the" else ent.text
            return m.speaker(name, "organisation", country)
        if ent.label_ == "GPE":
            return m.speaker(ent.text, "government", country)
        if ent.label_ == "NORP":
            return m.speaker(None, "unknown", country)
    return None


def _proper_noun(m: _Mention) -> Speaker | None:
    if m.root.pos_ == "PROPN" and m.root.text[:1].isupper():
        kind = "person" if bare_surname(m.index, m.span, m.tokens) else "unknown"
        return m.speaker(m.span.text, kind, m.role.country)
    return None


def _repeated_noun(m: _Mention) -> Speaker | None:
    """ "The source", "the statement": a noun repeated from an earlier speaker's mention."""
    if fold(m.span[0].text) != "the":
        return None
    for _, previous in reversed(m.resolved):
        if previous.mention and m.root_word in fold(previous.mention).split():
            return Speaker(previous.name, m.text, previous.country, previous.type)
    return None


# Tried in order: names first, then (once the mention's role is read) descriptions.
_NAMED_RESOLVERS: tuple[Resolver, ...] = (_several, _named_person, _named_organisation)
_DESCRIBED_RESOLVERS: tuple[Resolver, ...] = (
    _owners_aide,
    _described_actor,
    _institution,
    _name_beside_title,
    _title,
    _appositive_description,
    _outlet,
    _entity,
    _proper_noun,
    _repeated_noun,
)


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
    role, head = _standard_role(index, mention, role)
    generic = head in index.generic_heads
    definite = _definite(mention, role)
    if generic or head.startswith("spokes"):
        body = _body_spoken_for(index, doc, mention, analysis)
        if body is not None:  # "An official at the Syrian Foreign Ministry"
            return replace(_resolve(index, doc, body, year, analysis, resolved), mention=text)
    if root.tag_ in ("NNS", "NNPS"):  # "Turkish officials": anonymous, of a country
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
    if generic or (head == "envoy" and role.country):
        person = recent_person(index, mention, role.country, analysis, resolved)
        if person is not None:
            return Speaker(person[0], text, person[1], "person")
    return Speaker(None, text, role.country, "person")


def _standard_role(index: ActorIndex, mention: Span, role: Role) -> tuple[Role, str]:
    """The role in standard words ("Russia's top diplomat": the foreign minister), its head."""
    root = mention.root
    head = fold(root.text)
    if not role.words:
        role = Role((head,), role.country)
    words = tuple(fold(t.text) for t in mention[: root.i - mention.start + 1])
    for synonym, title in index.synonyms:
        if words[-len(synonym) :] == synonym:
            role = Role(title_words(index, title), role.country)
            return role, (role.words[-1] if role.words else head)
    return role, head


def _definite(mention: Span, role: Role) -> bool:
    """ "The minister", "Russia's minister", and a title with a country but no article
    ("Russian Foreign Minister said", "Russias foreign minister" without its apostrophe)."""
    first = fold(mention[0].text)
    return first not in ("a", "an", "one") and (
        first in DETERMINERS
        or any(c.dep_ == "poss" for c in mention.root.children)
        or role.country is not None
    )


def _body_spoken_for(index: ActorIndex, doc: Doc, mention: Span, analysis: Analysis) -> Span | None:
    """ "An official at the Syrian Foreign Ministry", "a spokesman for the Front": the body."""
    for child in mention.root.children:
        if child.dep_ != "prep" or fold(child.text) not in ("at", "for", "of", "from"):
            continue
        for obj in child.children:
            if obj.dep_ == "pobj" and _institutional(index, obj, analysis):
                return doc[obj.left_edge.i : obj.right_edge.i + 1]
    return None


def _institutional(index: ActorIndex, token: Token, analysis: Analysis) -> bool:
    actor = analysis.token_actor.get(token.i)
    return (
        fold(token.text) in index.institution_heads
        or token.ent_type_ == "ORG"
        or (
            actor is not None
            and actor.label_ in index.by_name
            and index.by_name[actor.label_].type in ("organisation", "government")
        )
    )
