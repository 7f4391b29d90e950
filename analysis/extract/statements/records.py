"""The records of statement extraction: the Attribution yielded and the Candidate assembled."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from analysis.text import Quote


@dataclass(frozen=True)
class Attribution:
    """One statement: the source as written, the reporting cue, and what was said."""

    speaker: Span | None  # the source as written: a name, a pronoun, a role noun phrase
    cue: str | None  # lemma of the reporting verb or phrase ("say", "according to")
    kind: str  # direct | reported | mixed
    content: str  # what was said (pieces joined by " … " when a sentence splits it)
    content_start: int  # char offsets of the content in doc.text
    content_end: int
    start: int  # char offsets of the whole sentence(s) in doc.text
    end: int
    speech_act: str = "statement"  # one of analysis.schema.SPEECH_ACTS (statements/acts.py)
    via: str | None = None  # the outlet relaying the statement (statements/via.py)


@dataclass
class Candidate:
    """A statement being assembled in one sentence group: its cue, source and content pieces.

    Mutable on purpose: nesting and merging rules trim or extend the pieces of a group's
    candidates before they become Attributions. Equality is field by field (list membership
    tests rely on it)."""

    cue_token: Token | Span
    cue: str
    speaker: Span | None
    pieces: list[tuple[int, int]] = field(default_factory=list)  # token ranges [i, j)
    quotes: list[Quote] = field(default_factory=list)
    inherited_from: Token | None = None  # the governing cue the source was taken from
    phrase: tuple[int, int] | None = None  # token range of an "according to X" phrase
