"""What one article says about its actors, worked out once per Doc and kept on the Doc."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from analysis.extract.actors.gazetteer import ActorGazetteer
from analysis.extract.actors.persons import Match, Person, find_persons
from analysis.text import credit_spans, quote_spans

# The Doc attribute holding its ArticleActors. Only plain values (no Span or Token, which
# point back at the Doc) so a Doc dropped after extraction is freed without a GC cycle.
EXTENSION = "article_actors"
if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)


@dataclass(frozen=True)
class ArticleActors:
    """An article's gazetteer matches, the person names in it, its credits and quotations."""

    stamp: str  # the gazetteer these were worked out with
    matches: list[Match]
    token_actors: dict[int, str]  # token index → label of the match covering it
    persons: list[Person]
    excluded: list[tuple[int, int]]  # char ranges of credits and bylines
    quotes: list[tuple[int, int]]  # char ranges of quotations


def article_actors(doc: Doc, gazetteer: ActorGazetteer) -> ArticleActors:
    """The ArticleActors of `doc` for this gazetteer (worked out on first use, then reused)."""
    known = getattr(doc._, EXTENSION)
    if known is not None and known.stamp == gazetteer.stamp:
        return known
    matches = [Match(s.start, s.end, s.label_) for s in gazetteer.spans(doc)]
    token_actors = {i: m.label for m in matches for i in range(m.start, m.end)}
    text = doc.text
    excluded = credit_spans(text)
    persons = find_persons(doc, matches, token_actors, excluded, gazetteer.lexicon)
    found = ArticleActors(
        gazetteer.stamp, matches, token_actors, persons, excluded, quote_spans(text)
    )
    setattr(doc._, EXTENSION, found)
    return found
