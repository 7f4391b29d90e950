"""Titles as speakers: "the foreign minister" is its holder in the article or that year."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from analysis.extract.actors.grammar import DETERMINERS
from analysis.extract.actors.mention import Mention, Speaker, as_speaker
from analysis.extract.actors.persons import Person, person_country
from analysis.extract.actors.roles import Title, gazetteer_titles
from analysis.text import fold


def title_speaker(m: Mention) -> Speaker:
    """A title as speaker: its holder in the article, else in the gazetteer for that year."""
    title, head = _standard_title(m)
    generic = head in m.lexicon.generic_heads
    aide = generic or head.startswith("spokes")
    employer = _employer(m) if aide else None
    if employer is not None:
        return replace(m.resolve(employer, m.year, m.resolved), mention=m.text)
    if m.root.tag_ in ("NNS", "NNPS"):  # "Turkish officials": anonymous, of a country
        return m.speaker(None, title.country, "person")
    definite = _definite(m, title)
    if not generic and definite:
        holder = _holder(m, title)
        if holder is not None:
            return holder
    if m.owners and aide:
        return as_speaker(m.owners[0], m.text)  # "A State Department spokesperson"
    if not definite:
        return m.speaker(None, title.country, "person")
    if generic and title.country is None:
        return _repeated_generic(m, head)
    # "The Russian leader", "Russia's top diplomat", "the Russian envoy" (a loose word for
    # any diplomat): the person of that country last in view; a generic noun without a
    # country ("the diplomat"): the last person who spoke.
    if not (generic or (head == "envoy" and title.country)):
        return m.speaker(None, title.country, "person")
    person = _recent_person(m, title.country)
    if person is not None:
        return m.speaker(person[0], person[1], "person")
    return m.speaker(None, title.country, "person")


def _standard_title(m: Mention) -> tuple[Title, str]:
    """The mention's title and head noun, a synonym replaced by its title ("Russia's top
    diplomat": the foreign minister)."""
    head = m.root_word
    title = m.title if m.title.words else Title((head,), m.title.country)
    words = tuple(fold(t.text) for t in m.span[: m.root.i - m.span.start + 1])
    for synonym, standard in m.lexicon.synonyms:
        if words[-len(synonym) :] == synonym:
            title = Title(m.lexicon.title_words(standard), title.country)
            return title, (title.words[-1] if title.words else head)
    return title, head


def _definite(m: Mention, title: Title) -> bool:
    """ "The minister", "Russia's minister", and a title with a country but no article
    ("Russian Foreign Minister said", "Russias foreign minister" without its apostrophe)."""
    first = fold(m.span[0].text)
    return first not in ("a", "an", "one") and (
        first in DETERMINERS
        or any(c.dep_ == "poss" for c in m.root.children)
        or title.country is not None
    )


def _employer(m: Mention) -> Span | None:
    """The body an official or spokesman speaks for: "an official at the Syrian Foreign
    Ministry", "a spokesman for the Front"."""
    for child in m.root.children:
        if child.dep_ == "prep" and fold(child.text) in ("at", "for", "of", "from"):
            for obj in child.children:
                if obj.dep_ == "pobj" and _is_body(m, obj):
                    return m.doc[obj.left_edge.i : obj.right_edge.i + 1]
    return None


def _is_body(m: Mention, token: Token) -> bool:
    """Whether a word names an institution: a head noun, an ORG entity, a gazetteer body."""
    label = m.article.token_actors.get(token.i)
    return (
        fold(token.text) in m.lexicon.institution_heads
        or token.ent_type_ == "ORG"
        or (label is not None and m.lexicon.kind(label) in ("organisation", "government"))
    )


def _repeated_generic(m: Mention, head: str) -> Speaker:
    """ "The source" after "An official source at the ministry": the same speaker; "the
    activist" after a UN director is somebody else, unnamed."""
    for _, previous in reversed(m.resolved):
        if previous.mention and head in fold(previous.mention).split():
            return m.speaker(previous.name, previous.country, previous.type)
    return m.speaker(None, None, "person")


def _holder(m: Mention, title: Title) -> Speaker | None:
    """The person holding a title: in the article (nearest before, else after), else the
    single gazetteer person holding it for that country in that year."""
    persons = m.article.persons
    at = m.article.persons_before(m.span.start)
    # the nearest holder before the mention, else the first after it (searched outwards)
    chosen = next((persons[i] for i in range(at - 1, -1, -1) if _holds(m, title, persons[i])), None)
    if chosen is None:
        chosen = next((p for p in persons[at:] if _holds(m, title, p)), None)
    if chosen is not None:
        international = title.country in m.lexicon.role_bodies
        country = title.country if international else _serves(m, chosen) or title.country
        return m.speaker(chosen.name, country, "person")
    if title.country is None:
        return None
    return _holder_that_year(m, title)


def _holds(m: Mention, title: Title, person: Person) -> bool:
    """Whether a person of the article holds the title: one of their titles fits it, and
    the title's country is theirs or that of the fitting title (a UN envoy of Italy)."""
    fitting = [
        t for t in person.titles + gazetteer_titles(m.lexicon, person.name, m.year) if title.fits(t)
    ]
    return bool(fitting) and (
        title.country is None
        or person.country in (None, title.country)
        or _serves(m, person) == title.country
        or any(t.country == title.country for t in fitting)
    )


def _serves(m: Mention, person: Person) -> str | None:
    """The country a person speaks for that year: an international body for its envoy."""
    return person_country(person, m.lexicon, m.year)


def _holder_that_year(m: Mention, title: Title) -> Speaker | None:
    """The one gazetteer person holding the title in the mention's year (the exact title
    first: "foreign minister" is not the deputy foreign minister)."""
    for exact in (True, False):
        in_office = [
            actor
            for actor, titles in m.lexicon.titled
            if any(
                title.fits(t) and held.held_in(m.year) and (not exact or t.words == title.words)
                for t, held in titles
            )
        ]
        if len(in_office) == 1:
            country = m.lexicon.actor_country(in_office[0], m.year)
            return m.speaker(in_office[0].name, country, "person")
        if in_office:
            return None
    return None


def _recent_person(m: Mention, country: str | None) -> tuple[str, str | None] | None:
    """The last person who spoke (of `country`), else the person of that country in the
    article with a title (nearest before the mention, else the first after)."""
    for position, previous in reversed(m.resolved):
        if (position < m.span.start and previous.type == "person" and previous.name) and (
            country is None or previous.country == country
        ):
            return previous.name, previous.country
    if country is None:
        return None
    persons = m.article.persons
    same = [p for p in persons if p.country == country and p.titles]
    same = same or [p for p in persons if p.country == country]
    before = [p for p in same if p.start < m.span.start]
    chosen = before[-1] if before else (same[0] if same else None)
    return (chosen.name, chosen.country) if chosen else None
