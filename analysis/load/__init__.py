"""The loader: files, folders, feeds, URLs and uploads → one Article record per article."""

# The stages are modules: sources (paths → raw inputs), sniff (format, decoding), one module
# per format (plaintext, html, feeds, records), normalise (ids, dates, outlets), article (the
# record) and loader (the entry points). Import from here: this is the public surface.

from __future__ import annotations

from analysis.load.article import Article
from analysis.load.fields import FIELD_NAMES
from analysis.load.language import guess_language
from analysis.load.loader import load_articles, load_upload
from analysis.load.normalise import (
    article_id,
    match_outlet,
    normalise_date,
    resolve_relative_date,
)
from analysis.load.plaintext import CleanText, clean_text
from analysis.load.problems import LoadProblem
from analysis.load.records import parse_column_map
from analysis.load.sniff import SUPPORTED_EXTENSIONS
from analysis.load.sources import check_url

__all__ = [
    "Article",
    "LoadProblem",
    "CleanText",
    "FIELD_NAMES",
    "SUPPORTED_EXTENSIONS",
    "article_id",
    "check_url",
    "clean_text",
    "guess_language",
    "load_articles",
    "load_upload",
    "match_outlet",
    "normalise_date",
    "parse_column_map",
    "resolve_relative_date",
]
