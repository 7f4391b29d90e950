"""The loader: files, folders, feeds, URLs and uploads → one Article record per article."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Article:
    """One article as read, before NLP (DESIGN.md section 3, plus the `sample` flag)."""

    article_id: str
    origin: str
    outlet: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD
    url: str | None
    language: str
    text: str
    sample: bool = False

    def to_record(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class LoadProblem:
    """Why one input could not be read: rendered as a single line naming the input."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"
