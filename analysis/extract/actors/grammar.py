"""Grammar, not reference data: pronouns, determiners, abbreviated titles, character ranges."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate

# Which pronouns refer to people, to things, to groups.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS

DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})

# An abbreviated title before a name: "Sen.", "Gen.", "Lt.", "Dr.", "Gov."
ABBREVIATED_TITLE = re.compile(r"^[A-Z][a-z]{1,4}\.$")
# Honorifics written before a name and never part of it ("Dr Ziad", "Mr Smith"), folded.
HONORIFICS = frozenset(
    {"dr", "mr", "mrs", "ms", "prof", "mp", "sen", "rep", "gen", "col", "lt", "maj", "capt", "brig"}
)
# Month names: a dateline's month before a name is never part of it ("July Human Rights Watch").
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()  # noqa: SIM905, E501
)
# Nouns any organisation that spoke can be called by afterwards: "the group", "the watchdog".
BODY_NOUNS = frozenset({"group", "organisation", "organization", "watchdog", "body"})
# Entity labels of places: a run of them is where somebody is, never who ("in Deir al-Zor").
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


class Ranges:
    """Character ranges (credits, bylines, quotations) that answer "does one of them hold
    [start, end)?" by bisection: the ranges sorted by start, with the furthest end so far."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self._ranges = sorted(ranges)
        self._starts = [a for a, _ in self._ranges]
        self._reach = list(accumulate((b for _, b in self._ranges), max))

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._ranges)

    def __len__(self) -> int:
        return len(self._ranges)

    def holds(self, start: int, end: int) -> bool:
        """True when [start, end) lies within one of the ranges."""
        count = bisect_right(self._starts, start)  # the ranges that start at or before it
        return count > 0 and self._reach[count - 1] >= end


def inside(ranges: Ranges | Iterable[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) lies within one of the ranges (credits, bylines, quotations)."""
    if isinstance(ranges, Ranges):
        return ranges.holds(start, end)
    return any(a <= start and end <= b for a, b in ranges)
