"""Demonyms: the one table between "Russian(s)" and Russia, and the "demonym:<country>" label."""

from __future__ import annotations

from collections.abc import Iterable

from analysis.reference import Actor
from analysis.text import fold

# A gazetteer match of a demonym is labelled with this prefix and the country's name.
LABEL_PREFIX = "demonym:"


def demonym_label(country: str) -> str:
    """The match label of a demonym of `country` ("demonym:Russia")."""
    return LABEL_PREFIX + country


def is_demonym_label(label: str) -> bool:
    """True for the label of a demonym match."""
    return label.startswith(LABEL_PREFIX)


def label_country(label: str) -> str:
    """The country a demonym label names."""
    return label.removeprefix(LABEL_PREFIX)


class Demonyms:
    """Every demonym of the gazetteer, folded, and the first demonym of each country."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self._countries: dict[str, str] = {}  # folded demonym → country name
        self._first: dict[str, str] = {}  # country name → its first demonym
        for actor in actors:
            for demonym in actor.demonyms:
                self._countries.setdefault(fold(demonym), actor.name)
            if actor.demonyms:
                self._first.setdefault(actor.name, actor.demonyms[0])

    def __contains__(self, word: str) -> bool:
        """True when the word, folded, is a demonym ("Russian", "turkish")."""
        return fold(word) in self._countries

    def of(self, country: str, default: str = "") -> str:
        """The first demonym of a country ("Russian" of Russia), else `default`."""
        return self._first.get(country, default)
