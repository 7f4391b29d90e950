"""Why a view is empty: the count each active filter would give back if it were dropped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from analysis.query.filters import DATE, FIELDS, FilterField, Filters


def active_fields(filters: Filters) -> list[FilterField]:
    """The fields that restrict these filters (the two dates count as one range)."""
    active = [f for f in FIELDS if getattr(filters, f.name)]
    dates = [f for f in active if f.kind == DATE]
    return [f for f in active if f.kind != DATE] + dates[:1]


def without(filters: Filters, field: FilterField) -> Filters:
    """The filters with one field (a date: the whole range) no longer restricting."""
    if field.kind == DATE:
        return replace(filters, date_from=None, date_to=None)
    return replace(filters, **{field.name: type(getattr(filters, field.name))()})


def most_restrictive(
    filters: Filters, count: Callable[[Filters], int]
) -> tuple[FilterField, int] | None:
    """The active field whose removal brings back the most statements, with that count; None
    when no removal brings any back (or nothing restricts)."""
    best: tuple[FilterField, int] | None = None
    for field in active_fields(filters):
        n = count(without(filters, field))
        if n and (best is None or n > best[1]):
            best = (field, n)
    return best
