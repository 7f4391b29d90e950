"""A speaker mention being resolved (Mention) and what it resolves to (Speaker)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from analysis.extract.actors.article import ArticleActors
from analysis.extract.actors.lexicon import ActorLexicon
from analysis.extract.actors.persons import Match, Person, person_country
from analysis.extract.actors.roles import Title, prep_country, title_of
from analysis.reference import Actor
from analysis.text import fold

_SPEAKER_TYPES = {
    "person": "person",
    "government": "government",
    "country": "government",
    "organisation": "organisation",
    "group": "organisation",
}


@dataclass(frozen=True)
class Speaker:
    """Who a speaker mention refers to: canonical name (or None), country, and type."""

    name: str | None
    mention: str | None
    country: str | None
    type: str  # person | organisation | government | unknown


def speaker_type(actor: Actor) -> str:
    """The speaker type of a gazetteer actor (a country speaks as its government)."""
    return _SPEAKER_TYPES.get(actor.type, "unknown")


def as_speaker(actor: Actor, text: str) -> Speaker:
    """A gazetteer actor as the speaker of the mention `text`."""
    country = actor.country or (actor.name if actor.type == "country" else None)
    return Speaker(actor.name, text, country, speaker_type(actor))


# The speakers resolved so far in an article: (token index of the mention, speaker).
Resolved = list[tuple[int, Speaker]]


@dataclass
class Mention:
    """A speaker mention with what the article says around it; derived facts are worked out
    on first use (one Mention per resolution, never shared)."""

    span: Span
    year: int | None
    article: ArticleActors
    lexicon: ActorLexicon
    resolved: Resolved
    # Resolve another mention of the same article ("the ministry" of "an official at the
    # ministry"): resolve(span, year, resolved).
    resolve: Callable[[Span, int | None, Resolved], Speaker]

    @property
    def doc(self) -> Doc:
        return self.span.doc

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def root(self) -> Token:
        return self.span.root

    @cached_property
    def root_word(self) -> str:
        return fold(self.span.root.text)

    @cached_property
    def tokens(self) -> list[Token]:
        """The words of the mention, without punctuation and spaces."""
        return [t for t in self.span if not t.is_punct and not t.is_space]

    @cached_property
    def institution(self) -> bool:
        """Whether the mention's head names an institution ("ministry", "office")."""
        return self.root_word in self.lexicon.institution_heads

    def actor_at(self, i: int) -> Actor | None:
        """The gazetteer actor whose name covers token `i`, if any."""
        label = self.article.token_actors.get(i)
        return self.lexicon.by_name.get(label) if label is not None else None

    def speaker(self, name: str | None, country: str | None, kind: str) -> Speaker:
        """A Speaker of this mention's text."""
        return Speaker(name, self.text, country, kind)

    # -- people in the mention ---------------------------------------------------------------

    @cached_property
    def named_person(self) -> Person | None:
        """The person the mention names ("Foreign Minister Lavrov"), not one who owns it: the
        one at its head when there are several ("X Army spokesperson Lieutenant Y")."""
        named = [p for p in self._people if not self._owns(p)]
        root = self.root.i
        return next((p for p in named if p.start <= root < p.end), named[0] if named else None)

    @cached_property
    def owner_country(self) -> str | None:
        """The country of a person owning the mention ("Putin's spokesman")."""
        owners = (p for p in self._people if self._owns(p))
        countries = (person_country(p, self.lexicon, self.year) for p in owners)
        return next((c for c in countries if c), None)

    @cached_property
    def owner_title(self) -> tuple[str, ...]:
        """("presidential",) for the aide of a president in office ("Putin's spokesman")."""
        for person in self._people:
            owner = self.lexicon.by_name.get(person.name)
            if (
                self._owns(person)
                and owner is not None
                and any(fold(r.title) == "president" and r.held_in(self.year) for r in owner.roles)
            ):
                return ("presidential",)
        return ()

    @cached_property
    def _people(self) -> list[Person]:
        """Persons overlapping the mention (only the head's own name for an institution, not
        "Erdoğan's office")."""
        span, root = self.span, self.root
        return [
            p
            for p in self.article.persons_overlapping(span.start, span.end)
            if not (self.institution and not p.start <= root.i < p.end)
        ]

    def _owns(self, person: Person) -> bool:
        """True when the person owns the mention's head rather than names it: "Putin's
        spokesman", "the spokesman for Erdogan"."""
        root = self.root
        if person.start <= root.i < person.end:
            return False
        head = self.doc[person.start : person.end].root
        if head.dep_ == "poss":
            return True
        return (
            head.dep_ == "pobj"
            and head.head.head.i == root.i
            and fold(root.text) in self.lexicon.person_heads
        )

    # -- actors and titles in the mention ------------------------------------------------------

    @cached_property
    def named(self) -> list[tuple[Match, Actor]]:
        """Organisations, governments and countries named in the mention."""
        span, by_name = self.span, self.lexicon.by_name
        return [
            (m, by_name[m.label])
            for m in self.article.matches_within(span.start, span.end)
            if m.label in by_name and by_name[m.label].type != "person"
        ]

    @cached_property
    def owners(self) -> list[Actor]:
        """The bodies named in the mention that could own it ("the army's General Command")."""
        return [a for _, a in self.named if a.type in ("organisation", "group", "government")]

    @cached_property
    def title(self) -> Title:
        """The title the mention gives, with the country of its owner or of a prepositional
        phrase when it names none itself ("the defence ministry in Moscow")."""
        article, lexicon = self.article, self.lexicon
        title = title_of(self.doc, [t.i for t in self.span], article.token_actors, lexicon)
        if title.country is None:
            country = self.owner_country or prep_country(self.root, article.token_actors, lexicon)
            if country is not None:
                title = Title(title.words, country)
        if self.owner_title and title.words:
            title = Title(self.owner_title + title.words, title.country)
        return title
