"""The records speaker resolution passes around: speakers, roles, persons, analyses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span

from analysis.reference import Actor

# Grammar, not reference data: which pronouns refer to people, to things, to groups.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})


THING_PRONOUNS = frozenset({"it", "its"})


PLURAL_PRONOUNS = frozenset({"they", "them", "their"})


DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


# an abbreviated title before a name: "Sen.", "Gen.", "Lt.", "Dr.", "Gov."
ABBREVIATED_TITLE = re.compile(r"^[A-Z][a-z]{1,4}\.$")


@dataclass(frozen=True)
class Speaker:
    """Who a speaker mention refers to: canonical name (or None), country, and type."""

    name: str | None
    mention: str | None
    country: str | None
    type: str  # person | organisation | government | unknown


@dataclass(frozen=True)
class Role:
    """A title read from text ("Russia's consul general"): its words and its country."""

    words: tuple[str, ...]
    country: str | None

    def fits(self, other: Role) -> bool:
        """True when this (possibly shorter) title can refer to a holder of `other`."""
        if not self.words or not other.words or self.words[-1] != other.words[-1]:
            return False
        if not set(self.words) <= set(other.words):
            return False
        return self.country is None or other.country is None or self.country == other.country


@dataclass
class Person:
    """One occurrence of a person in an article, with its canonical name and described role."""

    start: int  # token index
    end: int
    name: str
    country: str | None
    roles: list[Role] = field(default_factory=list)
    subject: bool = False


@dataclass
class Analysis:
    """What an article says about its actors, computed once per Doc."""

    matches: list[Span]  # gazetteer matches, label = actor name or "demonym:<country>"
    token_actor: dict[int, Span]
    persons: list[Person]
    excluded: list[tuple[int, int]]  # char ranges of credits and bylines
    quotes: list[tuple[int, int]]  # char ranges of quotations


def speaker_type(actor: Actor) -> str:
    return {
        "person": "person",
        "government": "government",
        "country": "government",
        "organisation": "organisation",
        "group": "organisation",
    }.get(actor.type, "unknown")


def inside(ranges: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in ranges)
