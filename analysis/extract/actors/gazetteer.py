"""The actors gazetteer: spaCy phrase matchers over data/actors.toml and its lookups."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from analysis.extract.actors.records import Role, Speaker
from analysis.reference import Actor, RoleNouns, load_actors, load_outlets, load_roles
from analysis.text import fold


class ActorIndex:
    """The gazetteer as spaCy matchers, and speaker resolution within one article."""

    def __init__(
        self,
        nlp: Language,
        actors: Sequence[Actor],
        roles: RoleNouns | None = None,
        outlets: Iterable[str] | None = None,
    ) -> None:
        self.nlp = nlp
        self._read_role_nouns(roles if roles is not None else load_roles())
        # News outlets are organisations, never a person called by a surname ("Reuters said").
        if outlets is None:
            outlets = [p for o in load_outlets() for p in (o.name, *o.patterns)]
        self.outlet_words = frozenset(fold(o) for o in outlets)
        self.actors: tuple[Actor, ...] = tuple(actors)
        self.by_name: dict[str, Actor] = {a.name: a for a in self.actors}
        self.by_alias: dict[str, Actor] = {}
        self.demonyms: dict[str, Actor] = {}
        self.folded = PhraseMatcher(nlp.vocab, attr="ORTH")  # on diacritic-folded tokens
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")  # acronyms: "US" is not "us"
        for actor in self.actors:
            self._register(actor)
        self._read_titles()

    def _read_role_nouns(self, nouns: RoleNouns) -> None:
        """The role vocabulary of data/roles.toml: titles, generic heads, institutions."""
        self.standard = nouns.standard
        self.synonyms = [(tuple(k.split()), v) for k, v in nouns.synonyms]
        self.title_heads = nouns.title_heads
        self.generic_heads = nouns.generic_person_heads
        self.person_heads = nouns.title_heads | nouns.generic_person_heads
        self.government_heads = nouns.government_heads
        self.state_heads = nouns.state_heads
        self.organisation_heads = nouns.organisation_heads
        self.institution_heads = nouns.government_heads | nouns.organisation_heads

    def _register(self, actor: Actor) -> None:
        """Add an actor's names, aliases and demonyms to the lookups and the matchers."""
        for alias in dict.fromkeys((actor.name, *actor.aliases)):
            self.by_alias.setdefault(fold(alias), actor)
            _add(self, actor.name, alias)
            if actor.type == "country" and alias.isalpha() and not alias.endswith("s"):
                # A possessive whose apostrophe was lost ("Syrias future" in scraped text).
                _add(self, actor.name, alias + "s")
        for demonym in actor.demonyms:
            self.demonyms.setdefault(fold(demonym), actor)
            for form in {demonym, demonym + "s"}:
                _add(self, "demonym:" + actor.name, form)

    def _read_titles(self) -> None:
        """What actors are described by, and the gazetteer's titles as read from text."""
        # Words an actor is described by once named: its own name and its `descriptions`.
        self.described_by: dict[str, frozenset[str]] = {
            a.name: frozenset(
                self.standard(w)
                for text in (a.name, *a.descriptions)
                for w in fold(text).replace("-", " ").split()
            )
            for a in self.actors
        }
        titles = {w for a in self.actors for r in a.roles for w in title_words(self, r.title)}
        self.role_words: frozenset[str] = self.person_heads | titles
        # The head noun of each gazetteer title ("secretary" of "secretary of state"): only a
        # head makes a mention a title ("the state" is no secretary of state).
        self.role_heads: frozenset[str] = self.person_heads | {
            self.standard(head.split()[-1])
            for a in self.actors
            for r in a.roles
            if (head := fold(r.title).replace("-", " ").split(" of ")[0].strip())
        }
        # Gazetteer people with their titles as read from text, for "who was X in year Y".
        self.titled = [
            (a, [(Role(title_words(self, r.title), r.country or a.country), r) for r in a.roles])
            for a in self.actors
            if a.type == "person" and a.roles
        ]

    @classmethod
    def from_reference(cls, nlp: Language, data_dir: Path | None = None) -> ActorIndex:
        """The index over data/actors.toml (or the actors.toml in `data_dir`)."""
        outlets = [p for o in load_outlets(data_dir) for p in (o.name, *o.patterns)]
        return cls(nlp, load_actors(data_dir), load_roles(data_dir), outlets)

    def actor(self, name: str) -> Actor | None:
        """The gazetteer entry of a canonical name (or of any of its aliases)."""
        return lookup_actor(self, name)

    def resolve_speakers(
        self, doc: Doc, mentions: Sequence[Span | None], published: date | None
    ) -> list[Speaker]:
        """One Speaker per mention, in order; pronouns and roles resolved inside the article."""
        from analysis.extract.actors.speakers import speakers_of  # built on the gazetteer

        return speakers_of(self, doc, mentions, published)

    def actors_in(self, span: Span | Doc) -> list[str]:
        """Canonical actors mentioned in a span: gazetteer matches plus NER PERSON/ORG/GPE."""
        from analysis.extract.actors.mentions import actors_mentioned  # built on the gazetteer

        return actors_mentioned(self, span)


def _add(index: ActorIndex, key: str, alias: str) -> None:
    tokens = [t.text for t in index.nlp.make_doc(alias)]
    if not tokens:
        return
    if alias.isupper() and len(alias) <= 5:
        index.exact.add(key, [Doc(index.nlp.vocab, words=tokens)])
    else:
        index.folded.add(key, [fold_doc(index, index.nlp.make_doc(alias))])


def fold_doc(index: ActorIndex, doc: Doc | Span) -> Doc:
    words = [fold(t.text) or t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    return Doc(index.nlp.vocab, words=words, spaces=spaces)


def title_words(index: ActorIndex, title: str) -> tuple[str, ...]:
    """The words of a title without country names or demonyms ("Kremlin spokesman")."""
    words = []
    for word in fold(title).replace("-", " ").split():
        word = index.standard(word)
        if word in index.by_alias or word in index.demonyms or index.nlp.vocab[word].is_stop:
            continue
        words.append(word)
    return tuple(words)


def lookup_actor(index: ActorIndex, name: str) -> Actor | None:
    """The gazetteer entry of a canonical name (or of any of its aliases)."""
    return index.by_name.get(name) or index.by_alias.get(fold(name))


def demonym_of(index: ActorIndex, country: str, default: str) -> str:
    """The first demonym of a country ("Turkish" of Turkey), or `default`."""
    return next((a.demonyms[0] for a in index.actors if a.name == country and a.demonyms), default)


def country_of(index: ActorIndex, label: str) -> str | None:
    if label.startswith("demonym:"):
        return label.removeprefix("demonym:")
    actor = index.by_name.get(label)
    if actor is None:
        return None
    return actor.country or (actor.name if actor.type == "country" else None)


def actor_country(index: ActorIndex, actor: Actor, year: int | None) -> str | None:
    for role in actor.roles:
        if role.country and role.country != actor.country and role.held_in(year):
            international = lookup_actor(index, role.country)
            if international is not None and international.type != "country":
                return role.country
    return actor.country or (actor.name if actor.type == "country" else None)


def inside_longer_name(index: ActorIndex, span: Span) -> bool:
    """An organisation alias that is only the tail of a longer proper name ("Security
    Council" in "National Security Council") is not that organisation."""
    actor = index.by_name.get(span.label_)
    if actor is None or actor.type not in ("organisation", "government", "group"):
        return False
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    return (
        before.pos_ in ("PROPN", "ADJ")
        and before.is_alpha
        and before.text[:1].isupper()
        and fold(before.text) not in index.by_alias
        and fold(before.text) not in index.demonyms
        and fold(before.text) not in index.role_heads
        and not before.is_sent_start
    )


def overlaps_other_person(index: ActorIndex, span: Span) -> bool:
    """A country alias inside a longer PERSON name ("Hafez al-Assad Street") is no country."""
    actor = index.by_name[span.label_]
    if actor.type == "person":
        return False
    return any(
        e.label_ == "PERSON" and e.start <= span.start and span.end <= e.end and len(e) > len(span)
        for e in span.doc.ents
    ) and actor.type not in ("country", "government")
