"""What one article says about its actors, worked out once per Doc and kept on the Doc."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from analysis.extract.actors.gazetteer import ActorGazetteer
from analysis.extract.actors.grammar import Ranges
from analysis.extract.actors.persons import Match, Person, find_persons
from analysis.text import credit_spans, quote_spans

# The Doc attribute holding its ArticleActors. Only plain values (no Span or Token, which
# point back at the Doc) so a Doc dropped after extraction is freed without a GC cycle.
EXTENSION = "article_actors"
if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)

# How far (in tokens, either side) the resolution of one speaker mention looks for the
# people and bodies of the article: far beyond any news article, and it keeps the work per
# mention bounded however long the text (resolution stays linear in the article's length).
WINDOW_TOKENS = 5000

# A named entity of the Doc as plain values: token range and label.
Entity = tuple[int, int, str]


@dataclass(frozen=True)
class ArticleActors:
    """An article's gazetteer matches, the person names in it, its named entities, its
    credits and quotations; matches, persons and entities in text order (found by bisection)."""

    stamp: str  # the gazetteer these were worked out with
    matches: list[Match]
    token_actors: dict[int, str]  # token index → label of the match covering it
    persons: list[Person]
    excluded: Ranges  # char ranges of credits and bylines
    quotes: Ranges  # char ranges of quotations
    entities: list[Entity]  # doc.ents, which Doc.ents rebuilds on every access

    # the positions bisection reads, in the order of the lists above
    _match_starts: list[int] = field(repr=False, compare=False)
    _person_starts: list[int] = field(repr=False, compare=False)
    _entity_starts: list[int] = field(repr=False, compare=False)
    _longest_person: int = field(repr=False, compare=False)  # tokens in the longest name

    def matches_within(self, start: int, end: int) -> list[Match]:
        """The matches inside the token range [start, end), in text order."""
        lo, hi = bisect_left(self._match_starts, start), bisect_left(self._match_starts, end)
        return [m for m in self.matches[lo:hi] if m.end <= end]

    def persons_within(self, start: int, end: int) -> list[Person]:
        """The persons inside the token range [start, end), in text order."""
        lo, hi = bisect_left(self._person_starts, start), bisect_left(self._person_starts, end)
        return [p for p in self.persons[lo:hi] if p.end <= end]

    def persons_overlapping(self, start: int, end: int) -> list[Person]:
        """The persons whose name shares a token with [start, end), in text order."""
        lo = bisect_left(self._person_starts, start - self._longest_person + 1)
        hi = bisect_left(self._person_starts, end)
        return [p for p in self.persons[lo:hi] if p.end > start]

    def persons_before(self, i: int) -> int:
        """How many persons start before token `i` (those are persons[:count])."""
        return bisect_left(self._person_starts, i)

    def person_at(self, i: int) -> Person | None:
        """The first person (in text order) whose name holds token `i`, if any."""
        at = bisect_right(self._person_starts, i)
        lo = bisect_left(self._person_starts, i - self._longest_person + 1)
        return next((p for p in self.persons[lo:at] if p.end > i), None)

    def entities_within(self, start: int, end: int) -> list[Entity]:
        """The named entities inside the token range [start, end), in text order."""
        lo, hi = bisect_left(self._entity_starts, start), bisect_left(self._entity_starts, end)
        return [e for e in self.entities[lo:hi] if e[1] <= end]

    def entity_at(self, i: int) -> Entity | None:
        """The named entity holding token `i`, if any (entities never overlap)."""
        at = bisect_right(self._entity_starts, i) - 1
        return self.entities[at] if at >= 0 and i < self.entities[at][1] else None

    def around(self, start: int, end: int) -> ArticleActors:
        """The article as one speaker mention at [start, end) sees it: the matches and persons
        that start within WINDOW_TOKENS of it (all of them in any article of news length)."""
        lo, hi = start - WINDOW_TOKENS, end + WINDOW_TOKENS
        m_lo, m_hi = bisect_left(self._match_starts, lo), bisect_left(self._match_starts, hi)
        p_lo, p_hi = bisect_left(self._person_starts, lo), bisect_left(self._person_starts, hi)
        if m_lo == 0 and p_lo == 0 and m_hi == len(self.matches) and p_hi == len(self.persons):
            return self
        return replace(
            self,
            matches=self.matches[m_lo:m_hi],
            _match_starts=self._match_starts[m_lo:m_hi],
            persons=self.persons[p_lo:p_hi],
            _person_starts=self._person_starts[p_lo:p_hi],
        )


def article_actors(doc: Doc, gazetteer: ActorGazetteer) -> ArticleActors:
    """The ArticleActors of `doc` for this gazetteer (worked out on first use, then reused)."""
    known = getattr(doc._, EXTENSION)
    if known is not None and known.stamp == gazetteer.stamp:
        return known
    matches = [Match(s.start, s.end, s.label_) for s in gazetteer.spans(doc)]
    token_actors = {i: m.label for m in matches for i in range(m.start, m.end)}
    text = doc.text
    excluded = Ranges(credit_spans(text))
    persons = find_persons(doc, matches, token_actors, excluded, gazetteer.lexicon)
    matches.sort(key=lambda m: m.start)  # already in text order: made sure of
    persons.sort(key=lambda p: p.start)
    entities = [(e.start, e.end, e.label_) for e in doc.ents]
    found = ArticleActors(
        gazetteer.stamp,
        matches,
        token_actors,
        persons,
        excluded,
        Ranges(quote_spans(text)),
        entities,
        _match_starts=[m.start for m in matches],
        _person_starts=[p.start for p in persons],
        _entity_starts=[e[0] for e in entities],
        _longest_person=max((p.end - p.start for p in persons), default=0),
    )
    setattr(doc._, EXTENSION, found)
    return found
