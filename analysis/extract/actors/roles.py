"""Role nouns and titles read from text: "Russia's consul general", "X, Turkey's envoy"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from analysis.extract.actors.demonyms import is_demonym_label
from analysis.text import fold

if TYPE_CHECKING:  # the lexicon builds Titles itself
    from analysis.extract.actors.lexicon import ActorLexicon

# Token index → label of the gazetteer match covering it (actor name or "demonym:<country>").
TokenActors = Mapping[int, str]


@dataclass(frozen=True)
class Title:
    """A title read from text ("Russia's consul general"): its words and its country."""

    words: tuple[str, ...]
    country: str | None

    def fits(self, other: Title) -> bool:
        """True when this (possibly shorter) title can refer to a holder of `other`."""
        if not self.words or not other.words or self.words[-1] != other.words[-1]:
            return False
        if not set(self.words) <= set(other.words):
            return False
        return self.country is None or other.country is None or self.country == other.country


def title_of(
    doc: Doc, indices: Sequence[int], token_actors: TokenActors, lexicon: ActorLexicon
) -> Title:
    """The title words and country of the tokens of a descriptive noun phrase."""
    country = None
    words: list[str] = []
    # Words of a prepositional phrase ("the envoy to Syria") give neither title nor country.
    preps = _prepositional(doc, indices)
    for i in indices:
        label = token_actors.get(i)
        if label is not None:
            if lexicon.kind(label) == "person":
                continue
            if i not in preps and country is None:
                country = lexicon.country_of(label)
            continue
        if i not in preps:
            words.extend(_role_words(fold(doc[i].text), lexicon))
    return Title(tuple(words), country)


def _prepositional(doc: Doc, indices: Sequence[int]) -> set[int]:
    """Tokens of the prepositional phrases among `indices`, except "of" ones."""
    preps: set[int] = set()
    for i in indices:
        token = doc[i]
        if token.dep_ == "prep" and fold(token.text) != "of":
            preps.update(t.i for t in token.subtree)
    return preps


def _role_words(folded: str, lexicon: ActorLexicon) -> list[str]:
    """A role word, or the role words of its hyphenated parts ("ex-minister")."""
    word = lexicon.standard(folded)
    if word in lexicon.role_words:
        return [word]
    return [part for part in word.split("-") if part in lexicon.role_words]


def described_titles(
    doc: Doc, start: int, end: int, token_actors: TokenActors, lexicon: ActorLexicon
) -> list[Title]:
    """Titles written next to a name: "Russian Consul General X", "X, Russia's envoy"."""
    name = set(range(start, end))
    phrases = [_premodifiers(doc, start, name)]
    head = doc[start:end].root
    # Appositions: "X, Russia's foreign minister" and "Russia's foreign minister, X".
    phrases += [
        [t.i for t in child.subtree]
        for child in head.children
        if child.dep_ == "appos" and child.i not in name
    ]
    if head.dep_ == "appos" and head.head.i not in name:
        own = {u.i for u in head.subtree}
        phrases.append([t.i for t in head.head.subtree if t.i not in own])
    titles = [title_of(doc, p, token_actors, lexicon) for p in phrases if p]
    return [t for t in titles if t.words]


def _premodifiers(doc: Doc, start: int, name: set[int]) -> list[int]:
    """Contiguous tokens before the name that hang on it, in text order."""
    left: set[int] = set()
    i = start - 1
    while i >= 0 and (doc[i].head.i in name or doc[i].head.i in left) and not doc[i].is_space:
        if doc[i].is_punct and doc[i].text not in ("-",):
            break
        left.add(i)
        i -= 1
    return sorted(left)


def gazetteer_titles(lexicon: ActorLexicon, name: str, year: int | None) -> list[Title]:
    """The titles a gazetteer person held in `year` (every title when the year is unknown)."""
    actor = lexicon.by_name.get(name)
    if actor is None:
        return []
    return [
        Title(lexicon.title_words(r.title), r.country or actor.country)
        for r in actor.roles
        if r.held_in(year) or year is None
    ]


def prep_country(root: Token, token_actors: TokenActors, lexicon: ActorLexicon) -> str | None:
    """The country of a prepositional phrase: "the defence ministry in Moscow"."""
    for child in root.children:
        if child.dep_ != "prep" or fold(child.text) not in ("in", "of", "from", "at"):
            continue
        for obj in child.children:
            label = token_actors.get(obj.i)
            if obj.dep_ != "pobj" or label is None:
                continue
            if is_demonym_label(label) or lexicon.kind(label) in ("country", "place"):
                return lexicon.country_of(label)
    return None
