"""Actors: canonical names for people, governments and organisations, and who each speaker is.

The stages, each its own module: lexicon (the reference as lookup tables), gazetteer (the
spaCy component writing doc.spans["actors"]), article (per-Doc matches and persons, kept on
the Doc), persons, roles, titles, institutions, pronouns, speakers (the ordered resolvers)
and mentioned (the actors a span names). ActorIndex puts them behind one object.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from analysis.extract.actors.article import ArticleActors, article_actors
from analysis.extract.actors.gazetteer import ActorGazetteer
from analysis.extract.actors.grammar import PERSON_PRONOUNS, PLURAL_PRONOUNS, THING_PRONOUNS
from analysis.extract.actors.lexicon import ActorLexicon
from analysis.extract.actors.mention import Speaker
from analysis.extract.actors.mentioned import actors_in
from analysis.extract.actors.speakers import resolve_speakers
from analysis.reference import Actor, RoleNouns

__all__ = [
    "PERSON_PRONOUNS",
    "PLURAL_PRONOUNS",
    "THING_PRONOUNS",
    "ActorGazetteer",
    "ActorIndex",
    "ActorLexicon",
    "Speaker",
]


class ActorIndex:
    """The gazetteer and speaker resolution within one article.

    Holds no per-Doc state: what an article says about its actors is kept on its Doc, so
    one index serves any number of threads.
    """

    def __init__(
        self,
        nlp: Language,
        actors: Sequence[Actor],
        roles: RoleNouns | None = None,
        outlets: Iterable[str] | None = None,
    ) -> None:
        self._use(ActorGazetteer(nlp, ActorLexicon(nlp, actors, roles, outlets)))

    @classmethod
    def from_reference(cls, nlp: Language, data_dir: Path | None = None) -> ActorIndex:
        """The index over data/actors.toml (or the actors.toml in `data_dir`)."""
        return cls.of(ActorGazetteer(nlp, ActorLexicon.from_reference(nlp, data_dir)))

    @classmethod
    def of(cls, gazetteer: ActorGazetteer) -> ActorIndex:
        """The index over an existing gazetteer (a pipeline's component): nothing rebuilt."""
        index = cls.__new__(cls)
        index._use(gazetteer)
        return index

    def _use(self, gazetteer: ActorGazetteer) -> None:
        self.gazetteer = gazetteer
        self.lexicon = gazetteer.lexicon
        self.actors: tuple[Actor, ...] = gazetteer.lexicon.actors

    def actor(self, name: str) -> Actor | None:
        """The gazetteer entry of a canonical name (or of any of its aliases)."""
        return self.lexicon.actor(name)

    def article(self, doc: Doc) -> ArticleActors:
        """What `doc` says about its actors (worked out once, then kept on the Doc)."""
        return article_actors(doc, self.gazetteer)

    def resolve_speakers(
        self, doc: Doc, mentions: Sequence[Span | None], published: date | None
    ) -> list[Speaker]:
        """One Speaker per mention, in order; pronouns and roles resolved inside the article."""
        return resolve_speakers(doc, mentions, published, self.article(doc), self.lexicon)

    def actors_in(self, span: Span | Doc) -> list[str]:
        """Canonical actors mentioned in a span: gazetteer matches plus NER PERSON/ORG/GPE."""
        doc = span if isinstance(span, Doc) else span.doc
        return actors_in(span, self.article(doc), self.lexicon)
