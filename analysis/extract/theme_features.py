"""The theme classifier's input: a statement's words and pattern matches, by where they stand.

Features are strings: "w:" content lemmas, "b:" content bigrams, "s:" lemmas of the rest of the
sentence, "p:" / "ps:" themes the taxonomy's patterns find in the content / rest of the
sentence, "r:" / "rs:" themes whose required actors (a Russian and a Turkish one) the content /
sentence names, "rb" when the content refers back, with "c:" the previous sentence's lemmas and
"rb:" its pattern themes (what the content stands for); otherwise "pv:" / "pp:" the previous
sentence's lemmas and pattern themes, weaker context. "d:" the article's two most matched themes
and "era:" whether the article was published before or after the fall of Assad (2024-12-08),
which tells "transition" from "political_process" and whose bases are meant.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from spacy.tokens import Span, Token

from analysis.extract.theme_context import StatementContext
from analysis.extract.themes import ThemeMatcher
from analysis.text import fold

FEATURES_VERSION = 3
TRANSITION_START = date(2024, 12, 8)
DOMINANT_THEMES = 2  # the article's most matched themes given as features
DOMINANT_MIN_MATCHES = 2


def _word(token: Token) -> str | None:
    """The folded lemma of a content word; None for stop words, punctuation and numbers."""
    if token.is_stop or token.is_punct or token.is_space or not token.text.strip():
        return None
    if token.like_num:
        return None
    lemma = fold(token.lemma_ or token.text)
    return lemma if lemma and any(ch.isalpha() for ch in lemma) else None


def _outside(tokens: Iterable[Token], exclude: tuple[Span, ...]) -> list[Token]:
    return [t for t in tokens if not any(x.start <= t.i < x.end for x in exclude)]


def _words(tokens: Iterable[Token], prefix: str) -> list[str]:
    return [prefix + w for w in (_word(t) for t in tokens) if w]


def _bigrams(tokens: list[Token]) -> list[str]:
    words = [fold(t.text) for t in tokens if not (t.is_punct or t.is_space)]
    words = [w for w in words if w]
    return [f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


def statement_features(context: StatementContext, matcher: ThemeMatcher) -> list[str]:
    """The classifier features of one statement (repeats kept: the vectoriser counts them)."""
    content = _outside(context.content, context.exclude)
    features = _words(content, "w:") + _bigrams(content)
    for part in context.rest_of_sentence():
        features += _words(_outside(part, context.exclude), "s:")
    features += [f"p:{t}" for t in matcher.phrases_in(context.content, exclude=context.exclude)]
    for part in context.rest_of_sentence():
        features += [f"ps:{t}" for t in matcher.phrases_in(part, exclude=context.exclude)]
    features += [f"r:{t}" for t in matcher.requirements_in(context.content)]
    features += [f"rs:{t}" for t in matcher.requirements_in(context.sentence)]
    features += _referred(context, matcher)
    features += _article(context, matcher)
    if not content:
        features.append("empty")
    return features


def _referred(context: StatementContext, matcher: ThemeMatcher) -> list[str]:
    """The previous sentence's words and themes, marked apart when the content refers back."""
    if context.previous is None:
        return []
    themes = matcher.phrases_in(context.previous)
    if not context.refers_back:
        return [*_words(context.previous, "pv:"), *(f"pp:{t}" for t in themes)]
    return ["rb", *_words(context.previous, "c:"), *(f"rb:{t}" for t in themes)]


def _article(context: StatementContext, matcher: ThemeMatcher) -> list[str]:
    """The article's most matched themes and its era (before or after 2024-12-08)."""
    dominant = matcher.dominant(context.doc, at_least=DOMINANT_MIN_MATCHES)[:DOMINANT_THEMES]
    features = [f"d:{t}" for t in dominant]
    if context.published is not None:
        features.append("era:post" if context.published >= TRANSITION_START else "era:pre")
    return features
