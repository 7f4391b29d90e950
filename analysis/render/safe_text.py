"""Text from articles and links shown as text: escaped for Streamlit's markdown and for plotly's
label markup, and long lists of it bounded, so data never becomes a link, a style or a script."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

# Every ASCII punctuation character may be backslash-escaped in CommonMark: escaping them all
# leaves no markdown, KaTeX ($), colour directive (:red[…]) or HTML syntax in the text.
_PUNCTUATION = r"[!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"
_MD_PUNCTUATION = re.compile(f"({_PUNCTUATION})")
_MD_ESCAPED = re.compile(rf"\\({_PUNCTUATION})")
# Streamlit also rewrites the parsed text itself, after the escapes are gone: GFM autolinks
# (https://…, www.…, name@host), emoji and icon shortcodes (:smile:, :material/…:). An invisible
# word joiner after the colon, between "www" and its dot and after the at sign breaks every one
# of those patterns while the text reads the same.
WORD_JOINER = "\u2060"
_AUTOLINK_PARTS = re.compile(r"(?<=[:@])(?=\S)|(?<=www)(?=\.)", re.IGNORECASE)
ELLIPSIS = "…"


def escape_markdown(text: object) -> str:
    """Any value as literal Streamlit markdown, whitespace collapsed: no link, no auto-link,
    no emphasis, colour, icon, emoji, maths or HTML survives."""
    plain = " ".join(str("" if text is None else text).split())
    return _MD_PUNCTUATION.sub(r"\\\1", _AUTOLINK_PARTS.sub(WORD_JOINER, plain))


def unescape_markdown(markdown: str) -> str:
    """What a reader sees of escape_markdown's output: the text, whitespace collapsed."""
    return _MD_ESCAPED.sub(r"\1", markdown).replace(WORD_JOINER, "")


def escape_plotly(text: object) -> str:
    """Any value as literal plotly text: the tags plotly renders (<a>, <b>, <br>, <span>…) and
    entities are shown as written."""
    return html.escape(str("" if text is None else text), quote=False)


def escape_plotly_all(values: Sequence[object]) -> list[str]:
    """escape_plotly of every value, in order (category labels, legend names, node texts)."""
    return [escape_plotly(v) for v in values]


def shorten(text: object, width: int) -> str:
    """The text cut to `width` characters (an ellipsis marking the cut)."""
    text = str(text)
    return text if len(text) <= width else text[: max(0, width - 1)] + ELLIPSIS


def bounded_list(items: Sequence[object], *, limit: int = 5, width: int = 160) -> str:
    """At most `limit` items, each cut to `width` characters, then how many more there are:
    a thousand repeated link values give one short line, not a page."""
    shown = [shorten(item, width) for item in items[:limit]]
    rest = len(items) - len(shown)
    return "; ".join(shown) + (f"; and {rest:,} more" if rest > 0 else "")
