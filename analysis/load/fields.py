"""Article fields and the names they go by in records, column maps and metadata."""

from __future__ import annotations

import re
from collections.abc import Mapping

# Common column / key names of each Article field in CSV, JSON and JSONL (compared after
# lower-casing and turning spaces and hyphens into underscores).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article_content", "article_body", "articlebody",
             "article_text", "full_text", "article", "story"),
    "title": ("title", "headline", "article_title", "name"),
    "published": ("published", "date", "publish_date", "published_at", "publication_date",
                  "pubdate", "date_published", "datepublished", "datetime"),
    "outlet": ("outlet", "source", "publisher", "source_name", "site_name", "media", "site"),
    "url": ("url", "link", "article_url", "href", "canonical_url"),
    "language": ("language", "lang"),
    "sample": ("sample",),
}  # fmt: skip
_FIELD_ALIASES = {"date": "published", "source": "outlet", "link": "url", "body": "text"}


def canonical_field(lowered: str) -> str:
    """A lower-cased field name of a column map → the field it names ('date' → 'published')."""
    return _FIELD_ALIASES.get(lowered, lowered)


def field_list() -> str:
    """The field names, for messages."""
    return ", ".join(FIELD_NAMES)


def field_key(record: Mapping, field: str, column_map: Mapping[str, str] | None) -> str | None:
    """The key of `record` that holds `field`: the mapped one, else a common name."""
    if column_map and field in column_map:
        wanted = column_map[field]
        if wanted in record:
            return wanted
        folded = {_norm_key(k): k for k in record}
        return folded.get(_norm_key(wanted))
    by_norm = {_norm_key(k): k for k in record}
    for name in FIELD_NAMES[field]:
        if name in by_norm:
            return by_norm[name]
    return None


def _norm_key(key: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def value_text(value: object) -> str | None:
    """A record value as text: nested {"name": …} objects (NewsAPI's source) give their name."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("id")
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if isinstance(v, str | int | float))
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def meta_value(meta: Mapping, field: str) -> str | None:
    """A field of sidecar or front-matter metadata, under its own name or a common one."""
    for key in (field, *FIELD_NAMES.get(field, ())):
        value = meta.get(key)
        if value not in (None, ""):
            return value_text(value)
    return None
