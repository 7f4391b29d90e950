"""The actors a span mentions: its people, its gazetteer matches, and other NER names."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from analysis.extract.actors.article import ArticleActors
from analysis.extract.actors.demonyms import is_demonym_label, label_country
from analysis.extract.actors.grammar import inside
from analysis.extract.actors.lexicon import ActorLexicon
from analysis.text import fold


def actors_in(span: Span | Doc, article: ArticleActors, lexicon: ActorLexicon) -> list[str]:
    """Canonical actors mentioned in a span, in text order: people, gazetteer matches (a
    demonym gives its country), then NER ORG and GPE names outside those. Only what lies in
    the span is read (bisection), not the whole article."""
    doc = span if isinstance(span, Doc) else span.doc
    start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
    found: list[tuple[int, str]] = []
    covered: set[int] = set()
    for person in article.persons_within(start, end):
        found.append((person.start, person.name))
        covered.update(range(person.start, person.end))
    for match in article.matches_within(start, end):
        if match.start not in covered:
            label = match.label
            country = label_country(label) if is_demonym_label(label) else None
            found.append((match.start, country or label))
            covered.update(range(match.start, match.end))
    found += _entities(doc, start, end, covered, article, lexicon)
    found.sort()
    return list(dict.fromkeys(name for _, name in found if name))


def _entities(
    doc: Doc,
    start: int,
    end: int,
    covered: set[int],
    article: ArticleActors,
    lexicon: ActorLexicon,
) -> list[tuple[int, str]]:
    """NER ORG and GPE names in [start, end) that no person or match covers, by gazetteer
    name when it knows them."""
    found = []
    for ent_start, ent_end, label in article.entities_within(start, end):
        if label not in ("ORG", "GPE"):
            continue
        if any(i in covered for i in range(ent_start, ent_end)):
            continue
        ent = doc[ent_start:ent_end]
        if inside(article.excluded, ent.start_char, ent.end_char):
            continue
        name = ent[1:].text if fold(ent[0].text) == "the" else ent.text
        actor = lexicon.actor(name)
        found.append((ent_start, actor.name if actor else name))
    return found
