"""Why an input could not be read: LoadProblem, the BadInput signal and one-line reasons."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

# One logger for the whole loader, named after the package whichever module reports.
log = logging.getLogger("analysis.load")


@dataclass(frozen=True)
class LoadProblem:
    """Why one input could not be read: rendered as a single line naming the input."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


ProblemHandler = Callable[[LoadProblem], None]


class BadInput(Exception):
    """Input that cannot be read; its message is the one-line reason."""


def why(exc: object) -> str:
    """An exception (or any reason) as one short line."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


def short(url: str) -> str:
    """A URL or path fit to name an input in a problem: printable and at most 120 characters."""
    clean = "".join(c if c.isprintable() else "?" for c in url)
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
