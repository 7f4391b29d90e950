"""Mention types of extracted speakers: a full name, a surname, a pronoun, a role, a body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from analysis.extract.actors.grammar import DETERMINERS, PRONOUNS
from analysis.reference import Actor, load_actors, load_roles
from analysis.text import fold

MENTION_TYPES = ("name", "surname", "pronoun", "role", "institution", "unresolved")
_BODY_TYPES = ("government", "organisation")
# Pronouns of direct speech and of groups that a speaker mention can be, besides PRONOUNS.
_OTHER_PRONOUNS = frozenset({"i", "we", "us", "our", "you", "both", "each"})


@dataclass(frozen=True)
class MentionWords:
    """The words that tell a mention's type: role nouns, institution nouns, body names."""

    role_heads: frozenset[str]  # "minister", "spokesman", "officials"
    body_heads: frozenset[str]  # "ministry", "government", "agency"
    bodies: frozenset[str]  # folded names and aliases of countries and organisations

    @classmethod
    def from_reference(cls, data_dir: Path | None = None) -> MentionWords:
        """The words of data/roles.toml and the non-person actors of data/actors.toml."""
        roles = load_roles(data_dir)
        return cls(
            role_heads=roles.title_heads | roles.generic_person_heads,
            body_heads=roles.government_heads | roles.state_heads | roles.organisation_heads,
            bodies=frozenset(_body_names(load_actors(data_dir))),
        )


def _body_names(actors: list[Actor]) -> list[str]:
    return [fold(n) for a in actors if a.type != "person" for n in (a.name, *a.aliases)]


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'-]+", fold(text))


def mention_type(mention: Any, speaker: Any, speaker_type: Any, words: MentionWords) -> str:
    """The type of a speaker mention, from its text and what it was resolved to: "name"
    ("Sergey Lavrov"), "surname" ("Lavrov"), "pronoun" ("he"), "role" ("the foreign
    minister"), "institution" ("the Kremlin", "Ankara") or "unresolved" (no mention, or one
    of no recognisable form)."""
    if not isinstance(mention, str) or not _words(mention):
        return "unresolved"
    said = _words(mention)
    if len(said) == 1 and (said[0] in PRONOUNS or said[0] in _OTHER_PRONOUNS):
        return "pronoun"
    if isinstance(speaker, str) and speaker_type == "person":
        return _person_mention(said, _words(speaker), words)
    return _other_mention(said, speaker_type, words)


def _alike(a: str, b: str) -> bool:
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.8


def _person_mention(said: list[str], name: list[str], words: MentionWords) -> str:
    """A mention resolved to a named person: by name, by surname alone, or by a role. Words
    agree when spelt nearly alike ("Vassily Nebenzia" is Vasily Nebenzya)."""
    shared = [w for w in name if any(_alike(w, s) for s in said)]
    if len(shared) >= min(2, len(name)):
        return "name"
    if shared:
        return "surname"
    return "role"


def _other_mention(said: list[str], speaker_type: Any, words: MentionWords) -> str:
    """A mention resolved to a body or to nobody in particular."""
    role = any(w in words.role_heads for w in said)
    body = any(w in words.body_heads for w in said) or _names_a_body(said, words)
    if role and not (speaker_type in _BODY_TYPES and said[-1] not in words.role_heads):
        return "role"
    if body or speaker_type in _BODY_TYPES:
        return "institution"
    return "unresolved"


def _names_a_body(said: list[str], words: MentionWords) -> bool:
    """The mention, without a leading determiner, or one of its words is a body's name."""
    text = " ".join(said[1:] if said[0] in DETERMINERS else said)
    return text in words.bodies or any(w in words.bodies for w in said)
