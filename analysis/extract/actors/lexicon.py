"""The actor reference compiled for lookups: names and aliases, role nouns, titles, outlets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.language import Language

from analysis.extract.actors.demonyms import Demonyms, is_demonym_label, label_country
from analysis.extract.actors.roles import Title
from analysis.reference import Actor, Role, RoleNouns, load_actors, load_outlets, load_roles
from analysis.text import fold


def outlet_names(data_dir: Path | None = None) -> list[str]:
    """Every name and pattern of the news outlets of data/outlets.toml."""
    return [p for o in load_outlets(data_dir) for p in (o.name, *o.patterns)]


class ActorLexicon:
    """Gazetteer actors by name, alias and demonym, with the role nouns of data/roles.toml.

    Built once and only read afterwards, so one lexicon serves any number of threads.
    """

    def __init__(
        self,
        nlp: Language,
        actors: Sequence[Actor],
        roles: RoleNouns | None = None,
        outlets: Iterable[str] | None = None,
    ) -> None:
        self.vocab = nlp.vocab
        self._role_nouns(roles if roles is not None else load_roles())
        # News outlets are organisations, never a person called by a surname ("Reuters said").
        names = outlets if outlets is not None else outlet_names()
        self.outlet_words = frozenset(fold(o) for o in names)
        self.actors: tuple[Actor, ...] = tuple(actors)
        self.by_name: dict[str, Actor] = {a.name: a for a in self.actors}
        self.by_alias: dict[str, Actor] = {}
        for actor in self.actors:
            for alias in dict.fromkeys((actor.name, *actor.aliases)):
                self.by_alias.setdefault(fold(alias), actor)
        self.demonyms = Demonyms(self.actors)
        # International bodies conferring roles ("United Nations" of a UN envoy): the "country"
        # of their own titles ("the UN envoy" speaks for the United Nations).
        self.role_bodies = frozenset(
            r.country
            for a in self.actors
            for r in a.roles
            if r.country and r.country in self.by_name and self.by_name[r.country].type != "country"
        )
        self._titles()

    @classmethod
    def from_reference(cls, nlp: Language, data_dir: Path | None = None) -> ActorLexicon:
        """The lexicon of data/actors.toml, roles.toml and outlets.toml (or those in data_dir)."""
        return cls(nlp, load_actors(data_dir), load_roles(data_dir), outlet_names(data_dir))

    def _role_nouns(self, nouns: RoleNouns) -> None:
        self._spellings = dict(nouns.spellings)
        self.synonyms = [(tuple(k.split()), v) for k, v in nouns.synonyms]
        self.title_heads = nouns.title_heads
        self.generic_heads = nouns.generic_person_heads
        self.person_heads = nouns.title_heads | nouns.generic_person_heads
        self.government_heads = nouns.government_heads
        self.state_heads = nouns.state_heads
        self.organisation_heads = nouns.organisation_heads
        self.institution_heads = nouns.government_heads | nouns.organisation_heads

    def _titles(self) -> None:
        # Words an actor is described by once named: its own name and its `descriptions`.
        self.described_by: dict[str, frozenset[str]] = {
            a.name: frozenset(
                self.standard(w)
                for text in (a.name, *a.descriptions)
                for w in fold(text).replace("-", " ").split()
            )
            for a in self.actors
        }
        titles = {w for a in self.actors for r in a.roles for w in self.title_words(r.title)}
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
        self.titled: list[tuple[Actor, list[tuple[Title, Role]]]] = [
            (a, [(Title(self.title_words(r.title), r.country or a.country), r) for r in a.roles])
            for a in self.actors
            if a.type == "person" and a.roles
        ]

    def standard(self, word: str) -> str:
        """The standard spelling of a folded word ("defense" → "defence")."""
        return self._spellings.get(word, word)

    def title_words(self, title: str) -> tuple[str, ...]:
        """The words of a title without country names or demonyms ("Kremlin spokesman")."""
        words = []
        for word in fold(title).replace("-", " ").split():
            word = self.standard(word)
            if word in self.by_alias or word in self.demonyms or self.vocab[word].is_stop:
                continue
            words.append(word)
        return tuple(words)

    def actor(self, name: str) -> Actor | None:
        """The gazetteer entry of a canonical name (or of any of its aliases)."""
        return self.by_name.get(name) or self.by_alias.get(fold(name))

    def kind(self, label: str) -> str | None:
        """The type of the actor a match label names (None for demonyms and unknown names)."""
        actor = self.by_name.get(label)
        return actor.type if actor is not None else None

    def country_of(self, label: str) -> str | None:
        """The country of a match label: a demonym's, an actor's own, or a country itself."""
        if is_demonym_label(label):
            return label_country(label)
        actor = self.by_name.get(label)
        if actor is None:
            return None
        if actor.country is None and actor.name in self.role_bodies:
            return actor.name
        return actor.country or (actor.name if actor.type == "country" else None)

    def actor_country(self, actor: Actor, year: int | None) -> str | None:
        """An actor's country, or the body of an international role held that year (a UN
        envoy speaks for the United Nations, not for his own country)."""
        for role in actor.roles:
            if role.country and role.country != actor.country and role.held_in(year):
                international = self.actor(role.country)
                if international is not None and international.type != "country":
                    return role.country
        return actor.country or (actor.name if actor.type == "country" else None)

    def state(self, country: str) -> str:
        """The name the gazetteer gives a country's government ("Syrian government"), else the
        country's own name."""
        demonym = self.demonyms.of(country)
        government = self.actor(f"{demonym} government") if demonym else None
        if government is not None and government.type == "government":
            return government.name
        state = self.actor(country)
        return state.name if state else country
