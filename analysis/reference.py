"""Reference data an analyst edits in data/: actors gazetteer, themes, outlets, key events."""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from analysis.settings import DATA_DIR


@dataclass(frozen=True)
class Role:
    """A title an actor held (for example foreign minister), optionally bounded by years."""

    title: str
    country: str | None = None
    start: int | None = None  # first year in the role
    end: int | None = None  # last year in the role; None while still in office

    def held_in(self, year: int | None) -> bool:
        if year is None:
            return self.end is None
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True)
class Actor:
    """A canonical actor: person, organisation, government, country, armed group or place."""

    name: str
    type: str  # person | organisation | government | country | group | place
    country: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()  # for countries: "Russian", "Turkish"
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True)
class Theme:
    """A theme of the taxonomy, matched per statement by its phrase patterns."""

    id: str
    label: str
    description: str
    patterns: tuple[str, ...]
    token_patterns: tuple[tuple[dict, ...], ...] = ()


@dataclass(frozen=True)
class Outlet:
    """A news outlet, recognised by name patterns in text and by web domains."""

    name: str
    country: str | None
    kind: str  # state | pro-government | independent | wire
    patterns: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    sample: bool = False  # an outlet invented for the bundled sample corpus


@dataclass(frozen=True)
class KeyEvent:
    """A dated milestone drawn on timelines."""

    date: date
    title: str
    description: str
    themes: tuple[str, ...] = field(default_factory=tuple)


def fold(text: str) -> str:
    """Lower-case and strip diacritics, for alias matching (Erdoğan → erdogan)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("İ", "I"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("’", "'").casefold().split())


def _read_toml(name: str, data_dir: Path | None) -> dict:
    path = (data_dir or DATA_DIR) / name
    with path.open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=4)
def load_actors(data_dir: Path | None = None) -> tuple[Actor, ...]:
    """The actors gazetteer from data/actors.toml."""
    raw = _read_toml("actors.toml", data_dir)
    return tuple(
        Actor(
            name=a["name"],
            type=a["type"],
            country=a.get("country"),
            aliases=tuple(a.get("aliases", ())),
            demonyms=tuple(a.get("demonyms", ())),
            roles=tuple(
                Role(
                    title=r["title"],
                    country=r.get("country", a.get("country")),
                    start=r.get("from"),
                    end=r.get("to"),
                )
                for r in a.get("roles", ())
            ),
        )
        for a in raw.get("actor", ())
    )


@lru_cache(maxsize=4)
def load_themes(data_dir: Path | None = None) -> tuple[Theme, ...]:
    """The theme taxonomy from data/themes.toml."""
    raw = _read_toml("themes.toml", data_dir)
    return tuple(
        Theme(
            id=t["id"],
            label=t["label"],
            description=t["description"],
            patterns=tuple(t.get("patterns", ())),
            token_patterns=tuple(tuple(p) for p in t.get("token_patterns", ())),
        )
        for t in raw.get("theme", ())
    )


@lru_cache(maxsize=4)
def load_outlets(data_dir: Path | None = None) -> tuple[Outlet, ...]:
    """The outlets list from data/outlets.toml."""
    raw = _read_toml("outlets.toml", data_dir)
    return tuple(
        Outlet(
            name=o["name"],
            country=o.get("country"),
            kind=o["kind"],
            patterns=tuple(o.get("patterns", ())),
            domains=tuple(o.get("domains", ())),
            sample=bool(o.get("sample", False)),
        )
        for o in raw.get("outlet", ())
    )


@lru_cache(maxsize=4)
def load_events(data_dir: Path | None = None) -> tuple[KeyEvent, ...]:
    """Key events from data/events.toml, oldest first."""
    raw = _read_toml("events.toml", data_dir)
    events = (
        KeyEvent(
            date=e["date"],
            title=e["title"],
            description=e["description"],
            themes=tuple(e.get("themes", ())),
        )
        for e in raw.get("event", ())
    )
    return tuple(sorted(events, key=lambda e: e.date))
