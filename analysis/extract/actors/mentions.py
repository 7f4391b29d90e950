"""The canonical actors a statement mentions."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from analysis.extract.actors.gazetteer import ActorIndex, country_of, lookup_actor
from analysis.extract.actors.persons import analyse
from analysis.extract.actors.records import inside
from analysis.text import fold


def actors_mentioned(index: ActorIndex, span: Span | Doc) -> list[str]:
    """Canonical actors mentioned in a span: gazetteer matches plus NER PERSON/ORG/GPE."""
    doc = span if isinstance(span, Doc) else span.doc
    start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
    analysis = analyse(index, doc)
    found: list[tuple[int, str]] = []
    covered: set[int] = set()
    for person in analysis.persons:
        if start <= person.start and person.end <= end:
            found.append((person.start, person.name))
            covered.update(range(person.start, person.end))
    for match in analysis.matches:
        if start <= match.start and match.end <= end and match.start not in covered:
            name = country_of(index, match.label_) if match.label_.startswith("demonym:") else None
            found.append((match.start, name or match.label_))
            covered.update(range(match.start, match.end))
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "GPE") or not (start <= ent.start and ent.end <= end):
            continue
        if any(i in covered for i in range(ent.start, ent.end)):
            continue
        if inside(analysis.excluded, ent.start_char, ent.end_char):
            continue
        name = ent.text
        if fold(ent[0].text) == "the":
            name = ent[1:].text
        actor = lookup_actor(index, name)
        found.append((ent.start, actor.name if actor else name))
    found.sort()
    return list(dict.fromkeys(name for _, name in found if name))
