"""Person names in an article: gazetteer people, NER names outside it, and lone surnames."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from analysis.extract.actors.grammar import (
    ABBREVIATED_TITLE,
    DETERMINERS,
    HONORIFICS,
    MONTHS,
    inside,
)
from analysis.extract.actors.lexicon import ActorLexicon
from analysis.extract.actors.roles import Title, TokenActors, described_titles
from analysis.text import fold

# NER labels a person's name is sometimes mislabelled with.
_MISLABELLED = ("GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART")


class Match(NamedTuple):
    """A gazetteer match: token range and label (actor name or "demonym:<country>")."""

    start: int
    end: int
    label: str


@dataclass
class Person:
    """One occurrence of a person in an article, with its canonical name and described titles."""

    start: int  # token index
    end: int
    name: str
    country: str | None
    titles: list[Title] = field(default_factory=list)
    subject: bool = False


@dataclass(frozen=True)
class _Page:
    """What the person search reads: the Doc, its gazetteer matches and its credit lines."""

    doc: Doc
    token_actors: TokenActors
    excluded: Sequence[tuple[int, int]]  # char ranges of credits and bylines
    lexicon: ActorLexicon

    @cached_property
    def lone_subjects(self) -> dict[str, int]:
        """Each word standing alone as the subject of a verb ("Vellucci said"), to its last
        position: one pass over the page for every name that asks."""
        doc, last = self.doc, {}
        for t in doc:
            if (
                t.dep_ in ("nsubj", "nsubjpass")
                and t.head.pos_ == "VERB"
                and not (t.i > 0 and doc[t.i - 1].pos_ == "PROPN")
            ):
                last[t.text] = t.i
        return last


# A found name: token range, and the canonical name when the gazetteer knows the person.
_Found = tuple[int, int, str | None]


def find_persons(
    doc: Doc,
    matches: Sequence[Match],
    token_actors: TokenActors,
    excluded: Sequence[tuple[int, int]],
    lexicon: ActorLexicon,
) -> list[Person]:
    """Every person occurrence: gazetteer people, then NER PERSON names not in the gazetteer."""
    page = _Page(doc, token_actors, excluded, lexicon)
    found: list[_Found] = [
        (m.start, m.end, m.label) for m in matches if lexicon.kind(m.label) == "person"
    ]
    taken = {i for s, e, _ in found for i in range(s, e)}
    for ent in doc.ents:
        name = _entity_name(page, ent, taken)
        if name is not None:
            found.append((*name, None))
            taken.update(range(*name))
    found += _lone_surnames(page, found, taken)
    found.sort()
    persons = _persons(page, found)
    _share_countries(persons)
    return persons


def _entity_name(page: _Page, ent: Span, taken: set[int]) -> tuple[int, int] | None:
    """The token range of a person's name the NER found, or None when it is no person."""
    doc, lexicon = page.doc, page.lexicon
    if inside(page.excluded, ent.start_char, ent.end_char):
        return None
    if ent.label_ != "PERSON":
        ent = _after_leading_body(page, ent)
    if any(i in taken or i in page.token_actors for i in range(ent.start, ent.end)):
        return None
    start, end = _trim_name(ent, lexicon)
    if start >= end:
        return None
    if fold(doc[start:end].text) in lexicon.outlet_words:
        return None  # "according to SANA": a news agency the NER took for a person
    if end - start == 1 and fold(doc[start].text) in lexicon.institution_heads:
        return None  # "The Observatory" the NER took for a person
    if _ends_in_a_place(lexicon, doc[end - 1]):
        return None  # "… on al-Midan al-Hamadaniah New Aleppo": a list of districts
    start = _first_name(page, start, end, taken)
    if ent.label_ != "PERSON" and not (
        _titled_name(page, ent, start, end) or _surname_speaks_later(page, ent, start, end)
    ):
        return None
    return start, end


def _ends_in_a_place(lexicon: ActorLexicon, last: Token) -> bool:
    """True when a name's last word is a town or region of the gazetteer: no surname."""
    actor = lexicon.actor(last.text)
    return actor is not None and actor.type == "place"


def _after_leading_body(page: _Page, ent: Span) -> Span:
    """A mislabelled entity without the body named at its start, the comma between them
    stripped: "the Syrian Coalition Muwaffaq Nyrabia" is maybe the name "Muwaffaq Nyrabia"."""
    start = ent.start
    while start < ent.end and (
        start in page.token_actors or fold(page.doc[start].text) in DETERMINERS
    ):
        start += 1
    if start == ent.start or start == ent.end or start - 1 not in page.token_actors:
        return ent
    return Span(page.doc, start, ent.end, label=ent.label_)


def _first_name(page: _Page, start: int, end: int, taken: set[int]) -> int:
    """The start of the name with the first names the NER left out ("Ahmet" of "Ahmet Yilmaz")."""
    doc = page.doc
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].dep_ == "compound"
        and start <= doc[start - 1].head.i < end
        and doc[start - 1].i not in taken
        and doc[start - 1].i not in page.token_actors
        and fold(doc[start - 1].text) not in page.lexicon.role_words
        and fold(doc[start - 1].text) not in HONORIFICS
        and not ABBREVIATED_TITLE.match(doc[start - 1].text)
    ):
        start -= 1
    return start


def _titled_name(page: _Page, ent: Span, start: int, end: int) -> bool:
    """A name the NER mislabels is a person when a person's title describes it ("Ahmet
    Yilmaz, Turkey's deputy foreign minister")."""
    doc, lexicon = page.doc, page.lexicon
    return (
        _mislabelled_name(ent, doc[start:end])
        and fold(doc[end - 1].text) not in lexicon.institution_heads
        and any(
            t.words and t.words[-1] in lexicon.person_heads
            for t in described_titles(doc, start, end, page.token_actors, lexicon)
        )
    )


def _surname_speaks_later(page: _Page, ent: Span, start: int, end: int) -> bool:
    """A two- or three-word name the NER mislabels is a person when its last word comes back
    alone as the subject of a verb ("Alessandra Vellucci said … Vellucci said"): bodies are
    not called by the last word of their name."""
    words, lexicon = page.doc[start:end], page.lexicon
    if not _mislabelled_name(ent, words) or not 2 <= len(words) <= 3:
        return False
    if not all(t.text[:1].isupper() and t.is_alpha for t in words):
        return False
    surname = words[-1].text
    if fold(surname) in lexicon.institution_heads or fold(surname) in lexicon.by_alias:
        return False
    return page.lone_subjects.get(surname, -1) >= end


def _mislabelled_name(ent: Span, words: Span) -> bool:
    """An entity the NER labelled otherwise whose words are all proper nouns: maybe a name."""
    return ent.label_ in _MISLABELLED and all(t.pos_ == "PROPN" for t in words)


def _trim_name(ent: Span, lexicon: ActorLexicon) -> tuple[int, int]:
    """A PERSON entity without leading titles, determiners, outlets ("TV Barazi") and dateline
    months, and without a trailing 's."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (
        doc[start].lower_ in lexicon.role_words
        or doc[start].lower_ in DETERMINERS
        or fold(doc[start].text).rstrip(".") in HONORIFICS
        or ABBREVIATED_TITLE.match(doc[start].text)
        or doc[start].text in lexicon.demonyms
        or fold(doc[start].text) in lexicon.outlet_words
        or (doc[start].lower_ in MONTHS and end - start > 2)
    ):
        start += 1
    while end > start and (doc[end - 1].dep_ == "case" or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _lone_surnames(page: _Page, found: list[_Found], taken: set[int]) -> list[_Found]:
    """A surname standing alone that the NER missed ("Pedersen met ...")."""
    doc = page.doc
    surnames = {fold(doc[e - 1].text) for s, e, name in found if name is None and e - s > 1}
    lone: list[_Found] = []
    for token in doc:
        if (
            token.i not in taken
            and token.pos_ == "PROPN"
            and token.text[:1].isupper()
            and fold(token.text) in surnames
            and not inside(page.excluded, token.idx, token.idx + len(token))
        ):
            lone.append((token.i, token.i + 1, None))
            taken.add(token.i)
    return lone


def _persons(page: _Page, found: list[_Found]) -> list[Person]:
    """A Person per found name: canonical name, country, titles, whether it is a subject."""
    doc = page.doc
    # Canonical form of names outside the gazetteer: the fullest form in the article.
    names = [tuple(fold(t.text) for t in doc[s:e]) for s, e, _ in found]
    fullest = _fullest_names(doc, found, names)
    persons = []
    for (start, end, name), words in zip(found, names, strict=True):
        if name is None:
            name = fullest.get(words) or " ".join(words)
        actor = page.lexicon.by_name.get(name)
        person = Person(start, end, name, actor.country if actor is not None else None)
        person.titles.extend(described_titles(doc, start, end, page.token_actors, page.lexicon))
        head = doc[start:end].root
        person.subject = head.dep_ in ("nsubj", "nsubjpass") or (
            head.dep_ == "appos" and head.head.dep_ in ("nsubj", "nsubjpass")
        )
        persons.append(person)
    return persons


def _fullest_names(
    doc: Doc, found: list[_Found], names: list[tuple[str, ...]]
) -> dict[tuple[str, ...], str]:
    """Folded words → the longest name in the article that ends with (or equals) them; a
    person of the gazetteer named in full elsewhere in the article gives the canonical name.
    Worked out in one pass over the names (each name's endings), not once per name."""
    best: dict[tuple[str, ...], tuple[int, str]] = {}
    for (start, end, name), other in zip(found, names, strict=True):
        forms = [other]
        if name is not None:
            forms.append(tuple(fold(name).split()))
        for form in forms:
            size = len(form) + (100 if name is not None else 0)
            for length in range(1, len(form) + 1):
                ending = form[-length:]
                if ending not in best or size > best[ending][0]:  # the first of the longest
                    best[ending] = (size, name or doc[start:end].text)
    return {ending: text for ending, (_, text) in best.items()}


def _share_countries(persons: list[Person]) -> None:
    """A name outside the gazetteer takes its country from any title described for it (the
    first person of that name, in text order, whose titles give one)."""
    titled: dict[str, str] = {}
    for person in persons:
        country = next((t.country for t in person.titles if t.country), None)
        if country and person.name not in titled:
            titled[person.name] = country
    for person in persons:
        if person.country is None and person.name in titled:
            person.country = titled[person.name]


def person_country(person: Person, lexicon: ActorLexicon, year: int | None) -> str | None:
    """A person's country, or the body of an international role held that year."""
    actor = lexicon.by_name.get(person.name)
    if actor is None:
        return person.country
    return lexicon.actor_country(actor, year)
