"""Markup inside plain text and record fields: telling it, and taking it out."""

from __future__ import annotations

import re

from analysis.load.problems import LoadProblem, ProblemHandler

# Elements whose content is code or drawing, never article text.
_HOSTILE_RE = re.compile(
    r"<(script|style|iframe|object|embed|noscript|template|svg|math)\b[^>]*>.*?(?:</\1\s*>|\Z)",
    re.I | re.S,
)
_MARKUP_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]*(?:\s[^<>]*)?/?>|<!--")
_BLOCK_TAG_RE = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|table|section)\b", re.I)


def has_markup(text: str) -> bool:
    """Whether a text holds an HTML tag or comment (a lone '<' is no markup)."""
    return "<" in text and _MARKUP_TAG_RE.search(text) is not None


def has_hostile_markup(text: str) -> bool:
    """Whether a text holds a script, style or other element whose content is not text."""
    return _HOSTILE_RE.search(text) is not None


def without_markup(text: str, origin: str, report: ProblemHandler) -> str:
    """Plain text with markup in it: script-like elements and tags out (reported), text kept."""
    if not has_markup(text):
        return text
    if has_hostile_markup(text):
        report(LoadProblem(origin, "script or style markup removed from the text", warning=True))
        text = _HOSTILE_RE.sub(" ", text)

    def replace_tag(match: re.Match) -> str:
        return "\n\n" if _BLOCK_TAG_RE.match(match.group(0)) else ""

    return _MARKUP_TAG_RE.sub(replace_tag, _without_comments(text))


def _without_comments(text: str) -> str:
    """Text without <!-- comments --> (an unclosed one runs to the end), in linear time."""
    parts = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        parts.append(text[position:start])
        end = text.find("-->", start + 4)
        if end < 0:
            return "".join(parts)
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)
