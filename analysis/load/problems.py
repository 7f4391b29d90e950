"""Why an input could not be read: LoadProblem, the BadInput signal and one-line reasons."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# One logger for the whole loader, named after the package whichever module reports.
log = logging.getLogger("analysis.load")

# Shown by their usual escapes; every other control or format character as \xNN / \uNNNN.
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(text: object) -> str:
    """Text fit for a one-line message: newlines, escape sequences, bidi overrides and every
    other control character written as escapes, so a file name cannot forge or hide a line."""
    return "".join(_shown_char(c) for c in str(text))


def _shown_char(char: str) -> str:
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    category = unicodedata.category(char)
    if category[0] == "C" or category in ("Zl", "Zp"):
        code = ord(char)
        return (
            f"\\x{code:02x}"
            if code < 0x100
            else f"\\u{code:04x}"
            if code < 0x10000
            else f"\\U{code:08x}"
        )
    return char


@dataclass(frozen=True)
class LoadProblem:
    """Why one input could not be read (or, as a warning, what was lost from an input that was
    kept): rendered as a single line naming the input, control characters escaped."""

    origin: str
    reason: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{shown(self.origin)}: {shown(self.reason)}"


ProblemHandler = Callable[[LoadProblem], None]


class BadInput(Exception):
    """Input that cannot be read; its message is the one-line reason."""


def why(exc: object) -> str:
    """An exception (or any reason) as one short line."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


def short(url: str) -> str:
    """A URL or path fit to name an input in a problem: escaped and at most 120 characters."""
    clean = shown(url)
    return clean if len(clean) <= 120 else clean[:117] + "..."


def mib(limit: int) -> str:
    """A size limit as people read it: '25 MiB', or bytes below one MiB."""
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MiB"
    return f"{limit:,} bytes"


def larger_than(limit: int) -> str:
    """The reason given for an input over a size limit."""
    return f"larger than the {mib(limit)} limit"


def log_problem(problem: LoadProblem) -> None:
    """The default problem handler: a warning in the log."""
    log.warning("%s", problem)
