"""Normalised article fields: ids, dates and outlet names."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import urllib.parse
from datetime import date, datetime
from functools import lru_cache

from analysis.reference import load_outlets
from analysis.text import fold

_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ]\d)")
_DATE_IN_NAME_RE = re.compile(r"(?<!\d)((?:19|20)\d\d-[01]\d-[0-3]\d)(?!\d)")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def article_id(text: str) -> str:
    """Stable 16-hex id of an article: a hash of its body after Unicode and space folding."""
    normal = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------------------------
# Dates


def normalise_date(value: object) -> str | None:
    """A date in any common written form → 'YYYY-MM-DD', or None when it names no full date.

    A date with a time and a zone keeps the calendar day of its own zone, as the publisher
    wrote it. Relative or partial dates ('Tuesday', 'March 9') give None.
    """
    if isinstance(value, datetime):
        return _valid_day(value.date())
    if isinstance(value, date):
        return _valid_day(value)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > 80:
        return None
    iso = _ISO_DATE_RE.match(text)
    return _iso_day(iso) if iso else _written_day(text)


def _iso_day(match: re.Match) -> str | None:
    try:
        return _valid_day(date(*map(int, match.groups())))
    except ValueError:
        return None


def _written_day(text: str) -> str | None:
    """A date written in words or numbers; it names a full date only when no part is guessed."""
    from dateutil import parser as date_parser

    # Two different defaults fill a missing day, month or year differently: a full date
    # parses to the same day under both.
    days = []
    for default in (datetime(2000, 1, 1), datetime(2001, 2, 2)):
        try:
            days.append(date_parser.parse(text, default=default, fuzzy=False).date())
        except (ValueError, OverflowError, TypeError):
            return None
    return _valid_day(days[0]) if days[0] == days[1] else None


def _valid_day(day: date) -> str | None:
    return day.isoformat() if 1800 <= day.year <= 2200 else None


def resolve_relative_date(phrase: str, known: str | None) -> str | None:
    """A weekday or 'today'/'yesterday' phrase → YYYY-MM-DD, only against a known date.

    ``known`` is a date the article is known to be from (its publication date); without one
    the phrase names no date and the answer is None. A weekday is the latest such day on or
    before the known date.
    """
    anchor = normalise_date(known) if known else None
    if anchor is None:
        return None
    day = date.fromisoformat(anchor)
    words = fold(phrase).split()
    if "today" in words:
        return day.isoformat()
    if "yesterday" in words:
        return date.fromordinal(day.toordinal() - 1).isoformat()
    for word in words:
        if word in _WEEKDAYS:
            back = (day.weekday() - _WEEKDAYS.index(word)) % 7
            return date.fromordinal(day.toordinal() - back).isoformat()
    return None


def date_in_name(origin: str) -> str | None:
    """A YYYY-MM-DD date in a file's name (archives often name files by date), else None."""
    name = re.split(r"[/\\]", origin)[-1]
    match = _DATE_IN_NAME_RE.search(name)
    return normalise_date(match.group(1)) if match else None


# --------------------------------------------------------------------------------------------
# Outlets


def match_outlet(name: str | None) -> str | None:
    """The canonical outlet name (data/outlets.toml) of a name or domain, else the name as is."""
    if not name or not name.strip():
        return None
    name = " ".join(name.split())
    host_name = host(name) if "." in name and " " not in name else None
    if host_name:
        return known_outlet(host_name)
    return outlet_names().get(fold(name), name)


@lru_cache(maxsize=1)
def outlet_names() -> dict[str, str]:
    """Folded outlet names and patterns → canonical names."""
    return {fold(p): o.name for o in load_outlets() for p in (o.name, *o.patterns)}


def is_known_outlet(name: str) -> bool:
    """Whether a name is the canonical name of an outlet of data/outlets.toml."""
    return name in outlet_names().values()


def known_outlet(url: str) -> str | None:
    """The outlet of data/outlets.toml whose domain a URL or host name is on, else None."""
    host_name = host(url)
    for outlet in load_outlets():
        if host_name and any(host_name == d or host_name.endswith("." + d) for d in outlet.domains):
            return outlet.name
    return None


def host(value: str) -> str | None:
    """The host of a URL or bare domain, without 'www.'; None when it has no dot."""
    try:
        parts = urllib.parse.urlsplit(value if "//" in value else "//" + value)
        host_name = (parts.hostname or "").lower()
    except ValueError:
        return None
    host_name = host_name.removeprefix("www.")
    return host_name if "." in host_name else None
