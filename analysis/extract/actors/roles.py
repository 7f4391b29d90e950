"""Speakers named by a role or an institution: gazetteer holders, governments, organisations."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from analysis.extract.actors.gazetteer import (
    ActorIndex,
    actor_country,
    country_of,
    demonym_of,
    lookup_actor,
    title_words,
)
from analysis.extract.actors.records import (
    DETERMINERS,
    Analysis,
    Person,
    Role,
    Speaker,
    speaker_type,
)
from analysis.reference import Actor
from analysis.text import fold


def institution_speaker(
    index: ActorIndex,
    doc: Doc,
    mention: Span,
    country: str | None,
    named: list[tuple[Span, Actor]],
    analysis: Analysis,
    resolved: list[tuple[int, Speaker]],
) -> Speaker:
    """ "Turkey's foreign ministry", "the UN envoy's office", "the ministry"."""
    text = mention.text
    head = fold(mention.root.text)
    owners = [a for _, a in named if a.type in ("organisation", "group", "government")]
    persons = [p for p in analysis.persons if mention.start <= p.start and p.end <= mention.end]
    if country is None:  # "Erdoğan's office"
        for person in persons:
            country = person.country
    if head == "office" and country and not owners:
        presidency = _presidency(index, country, persons)
        if presidency is not None:
            return as_speaker(index, presidency, text)
    words = _title_tokens(index, mention, analysis)
    title = " ".join(t.text if t.text[:1].isupper() else t.text.capitalize() for t in words)
    if country and not owners:
        body = _state_body(index, mention, country, words, title)
        if body is not None:
            return body
    if len(owners) == 1 and owners[0].type == "government" and owners[0].name not in text:
        # "The Syrian army's General Command": a body of a state institution speaks for it.
        return as_speaker(index, owners[0], text)
    # The same institution named more fully elsewhere in the article ("the ministry",
    # "the Turkish ministry" after "the Russian Defence Ministry").
    earlier = _named_institution(index, doc, mention, head, words, country, analysis)
    if earlier is not None:
        return as_speaker(index, earlier, text)
    if not owners and (country is None or len(words) == 1):
        repeated = _repeated_institution(mention, head, country, resolved)
        if repeated is not None:
            return repeated
    if country and not owners:
        return _unnamed_state_body(index, mention, country, words, title)
    return _organisation(mention, country, owners, analysis)


def _presidency(index: ActorIndex, country: str, persons: list[Person]) -> Actor | None:
    """ "Erdoğan's office" is the presidency when its owner is the president."""
    holder = next((index.by_name.get(p.name) for p in persons), None)
    if holder is None or not any(
        fold(r.title) == "president" and (r.country or holder.country) == country
        for r in holder.roles
    ):
        return None
    demonym = demonym_of(index, country, "")
    presidency = lookup_actor(index, f"{demonym} Presidency") if demonym else None
    return presidency if presidency is not None and presidency.type == "government" else None


def _title_tokens(index: ActorIndex, mention: Span, analysis: Analysis) -> list[Token]:
    """The words of the title: the root and the nouns and adjectives just before it."""
    root = mention.root
    words: list[Token] = []
    for token in reversed(mention[: root.i - mention.start + 1]):
        if token.dep_ == "case" or fold(token.text) in DETERMINERS:
            break
        if token.i in analysis.token_actor or fold(token.text) in index.demonyms:
            break
        if token.pos_ not in ("NOUN", "PROPN", "ADJ") and token.i != root.i:
            break
        words.insert(0, token)
    return words


def _state_body(
    index: ActorIndex, mention: Span, country: str, words: list[Token], title: str
) -> Speaker | None:
    """ "Syria's new authorities", "the Turkish foreign ministry": the state or its body."""
    head = fold(mention.root.text)
    nouns = [t for t in words if t.pos_ != "ADJ"]
    if (head in index.state_heads and len(nouns) == 1) or head == "delegation":
        # "Syria's new authorities", "the Syrian government delegation": the state.
        return Speaker(_state(index, country), mention.text, country, "government")
    known = lookup_actor(index, f"{demonym_of(index, country, country)} {title}")
    return as_speaker(index, known, mention.text) if known is not None else None


def _repeated_institution(
    mention: Span, head: str, country: str | None, resolved: list[tuple[int, Speaker]]
) -> Speaker | None:
    """ "the ministry" again: the institution an earlier mention with that head named."""
    for _, previous in reversed(resolved):
        if previous.type == "person" or not previous.mention:
            continue
        if head in fold(previous.mention).split() and country in (None, previous.country):
            return Speaker(previous.name, mention.text, previous.country, previous.type)
    return None


def _unnamed_state_body(
    index: ActorIndex, mention: Span, country: str, words: list[Token], title: str
) -> Speaker:
    """A state body not in the gazetteer: named only when its words make a name."""
    head = fold(mention.root.text)
    # "Economic Development Ministry" names one body of that state; "office" or
    # "the army command" alone is no name to invent.
    if (len(words) >= 2 and head in ("ministry", "embassy", "consulate", "department")) or (
        all(t.text[:1].isupper() and t.pos_ == "PROPN" for t in words)
    ):
        name = f"{demonym_of(index, country, country)} {title}"
        return Speaker(name, mention.text, country, "government")
    return Speaker(None, mention.text, country, "government")


def _organisation(
    mention: Span, country: str | None, owners: list[Actor], analysis: Analysis
) -> Speaker:
    """An organisation: named as written, unless nobody named it ("the monitoring group")."""
    trimmed = mention[1:] if fold(mention[0].text) in DETERMINERS else mention
    owner = owners[0] if owners else None
    country = country or (owner.country if owner else None)
    if owner is None and not any(
        t.pos_ == "PROPN" and t.text[:1].isupper() and t.i not in analysis.token_actor
        for t in trimmed
    ):
        return Speaker(None, mention.text, country, "organisation")
    return Speaker(trimmed.text, mention.text, country, "organisation")


def _state(index: ActorIndex, country: str) -> str:
    """The name the gazetteer gives a country's government ("Syrian government"), else the
    country's own name."""
    demonym = demonym_of(index, country, "")
    government = lookup_actor(index, f"{demonym} government") if demonym else None
    if government is not None and government.type == "government":
        return government.name
    state = lookup_actor(index, country)
    return state.name if state else country


def _named_institution(
    index: ActorIndex,
    doc: Doc,
    mention: Span,
    head: str,
    words: list[Token],
    country: str | None,
    analysis: Analysis,
) -> Actor | None:
    """The gazetteer institution of the article this shorter mention most likely means."""
    wanted = {fold(t.text) for t in words}
    candidates = []
    for span in analysis.matches:
        actor = index.by_name.get(span.label_)
        if actor is None or actor.type not in ("government", "organisation"):
            continue
        if span.start >= mention.start and span.end <= mention.end:
            continue
        name_words = set(fold(actor.name).split()) | {fold(t.text) for t in span}
        if head not in name_words or not wanted <= name_words:
            continue
        if country is not None and actor.country != country:
            continue
        candidates.append((span.start < mention.start, span.start, actor))
    if not candidates:
        return None
    before = [c for c in candidates if c[0]]
    return (before[-1] if before else candidates[0])[2]


def role_holder(
    index: ActorIndex, mention: Span, role: Role, year: int | None, analysis: Analysis
) -> Speaker | None:
    """The person holding a title: in the article (nearest before, else after), else the
    single gazetteer person holding it for that country in that year."""
    text = mention.text
    holders = []
    for person in analysis.persons:
        person_roles = list(person.roles) + _gazetteer_roles(index, person.name, year)
        if any(role.fits(r) for r in person_roles) and (
            role.country is None or person.country in (None, role.country)
        ):
            holders.append(person)
    if holders:
        before = [p for p in holders if p.start < mention.start]
        chosen = before[-1] if before else holders[0]
        return Speaker(chosen.name, text, chosen.country or role.country, "person")
    if role.country is None:
        return None
    # The exact title first: "foreign minister" is not the deputy foreign minister.
    for exact in (True, False):
        in_office = [
            actor
            for actor, roles in index.titled
            if any(
                role.fits(r) and held.held_in(year) and (not exact or r.words == role.words)
                for r, held in roles
            )
        ]
        if len(in_office) == 1:
            country = actor_country(index, in_office[0], year)
            return Speaker(in_office[0].name, text, country, "person")
        if in_office:
            return None
    return None


def recent_person(
    index: ActorIndex,
    mention: Span,
    country: str | None,
    analysis: Analysis,
    resolved: list[tuple[int, Speaker]],
) -> tuple[str, str | None] | None:
    for position, previous in reversed(resolved):
        if (position < mention.start and previous.type == "person" and previous.name) and (
            country is None or previous.country == country
        ):
            return previous.name, previous.country
    if country is None:
        return None
    same = [p for p in analysis.persons if p.country == country and p.roles]
    same = same or [p for p in analysis.persons if p.country == country]
    before = [p for p in same if p.start < mention.start]
    chosen = before[-1] if before else (same[0] if same else None)
    return (chosen.name, chosen.country) if chosen else None


def _gazetteer_roles(index: ActorIndex, name: str, year: int | None) -> list[Role]:
    actor = index.by_name.get(name)
    if actor is None:
        return []
    return [
        Role(title_words(index, r.title), r.country or actor.country)
        for r in actor.roles
        if r.held_in(year) or year is None
    ]


def described_speaker(
    index: ActorIndex,
    mention: Span,
    country: str | None,
    named: list[tuple[Span, Actor]],
    analysis: Analysis,
    resolved: list[tuple[int, Speaker]],
) -> Speaker | None:
    """A definite description of an actor named earlier: "the monitor", "the ministry",
    "the centre". Its head noun (and any noun modifier) must be a word of the earlier
    speaker's mention or name, or of the actor's `descriptions` in data/actors.toml."""
    root = mention.root
    first = fold(mention[0].text)
    if first not in ("the", "this", "that"):
        return None
    # "The monitor", and "The Observatory" capitalised as a name of its own.
    if root.pos_ != "NOUN" and not (root.pos_ == "PROPN" and len(mention) == 2):
        return None
    head = fold(root.text)
    if head in index.person_heads or any(a.type != "country" for _, a in named):
        return None
    required = {
        fold(t.text)
        for t in mention
        if t.dep_ == "compound" and t.head.i == root.i and t.i not in analysis.token_actor
    }
    wanted = {index.standard(w) for w in {head} | required}
    candidates: list[tuple[int, Speaker]] = []
    for position, previous in resolved:
        if position >= mention.start or previous.name is None or previous.type == "person":
            continue
        written = f"{previous.mention or ''} {previous.name}"
        words = {index.standard(w) for w in fold(written).replace("-", " ").split()}
        words |= index.described_by.get(previous.name, frozenset())
        if wanted <= words:
            candidates.append((position, previous))
    for span in analysis.matches:
        actor = index.by_name.get(span.label_)
        if actor is None or actor.type in ("person", "country", "place"):
            continue
        if span.start >= mention.start:
            continue
        if wanted <= index.described_by.get(actor.name, frozenset()):
            candidates.append((span.start, as_speaker(index, actor, actor.name)))
    candidates = [c for c in candidates if country is None or c[1].country in (None, country)]
    if not candidates:
        return None
    chosen = max(candidates, key=lambda c: c[0])[1]
    return Speaker(chosen.name, mention.text, chosen.country, chosen.type)


def as_speaker(index: ActorIndex, actor: Actor, text: str) -> Speaker:
    country = actor.country or (actor.name if actor.type == "country" else None)
    return Speaker(actor.name, text, country, speaker_type(actor))


def conjunct_type(index: ActorIndex, token: Token, analysis: Analysis) -> str:
    if any(p.start <= token.i < p.end for p in analysis.persons):
        return "person"
    span = analysis.token_actor.get(token.i)
    actor = index.by_name.get(span.label_) if span is not None else None
    return speaker_type(actor) if actor is not None else "unknown"


def prep_country(index: ActorIndex, root: Token, analysis: Analysis) -> str | None:
    """The country of a prepositional phrase: "the defence ministry in Moscow"."""
    for child in root.children:
        if child.dep_ != "prep" or fold(child.text) not in ("in", "of", "from", "at"):
            continue
        for obj in child.children:
            span = analysis.token_actor.get(obj.i)
            if obj.dep_ == "pobj" and span is not None:
                actor = index.by_name.get(span.label_)
                if span.label_.startswith("demonym:") or (
                    actor is not None and actor.type in ("country", "place")
                ):
                    return country_of(index, span.label_)
    return None
