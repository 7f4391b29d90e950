"""Grammar, not reference data: pronouns, determiners, abbreviated titles, character ranges."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Which pronouns refer to people, to things, to groups.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS

DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})

# An abbreviated title before a name: "Sen.", "Gen.", "Lt.", "Dr.", "Gov."
ABBREVIATED_TITLE = re.compile(r"^[A-Z][a-z]{1,4}\.$")
# Honorifics written before a name and never part of it ("Dr Ziad", "Mr Smith"), folded.
HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "prof"})
# Nouns any organisation that spoke can be called by afterwards: "the group", "the watchdog".
BODY_NOUNS = frozenset({"group", "organisation", "organization", "watchdog", "body"})
# Entity labels of places: a run of them is where somebody is, never who ("in Deir al-Zor").
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def inside(ranges: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) lies within one of the ranges (credits, bylines, quotations)."""
    return any(a <= start and end <= b for a, b in ranges)
