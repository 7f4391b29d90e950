"""Themes: the analyst's taxonomy in data/themes.toml matched against statements with spaCy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from analysis.reference import Theme, fold, load_themes


def _plural(word: str) -> str:
    """A regular English plural, so a pattern "base" also finds "bases" the lemmatizer misses."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


class ThemeMatcher:
    """Finds the themes of a text span; phrases match case- and diacritic-insensitively on
    tokens, on tokens with a plural last word, and on lemmas; token_patterns use spaCy Matcher."""

    def __init__(self, nlp: Language, themes: Sequence[Theme] | None = None) -> None:
        self.nlp = nlp
        self.themes: tuple[Theme, ...] = tuple(themes) if themes is not None else load_themes()
        self._order = {t.id: n for n, t in enumerate(self.themes)}
        self._words = PhraseMatcher(nlp.vocab, attr="ORTH")  # on folded token texts
        self._lemmas = PhraseMatcher(nlp.vocab, attr="ORTH")  # on folded lemmas
        self._tokens = Matcher(nlp.vocab)
        for theme in self.themes:
            word_patterns, lemma_patterns = [], []
            for phrase in theme.patterns:
                words = [fold(t.text) for t in nlp.make_doc(phrase) if fold(t.text)]
                if not words:
                    continue
                word_patterns.append(Doc(nlp.vocab, words=words))
                if words[-1].isalpha() and len(words[-1]) > 2:
                    plural = [*words[:-1], _plural(words[-1])]
                    word_patterns.append(Doc(nlp.vocab, words=plural))
                # Lemmas let "hold talks" find "held talks"; a phrase with a participle or
                # gerund ("fighting") means that form only, not its verb ("fight").
                lemmas = [fold(t.lemma_) or fold(t.text) for t in nlp(phrase)]
                lemmas = [w for w in lemmas if w]
                if not any(
                    w != m and w.endswith(("ing", "ed"))
                    for w, m in zip(words, lemmas, strict=False)
                ):
                    lemma_patterns.append(Doc(nlp.vocab, words=lemmas))
            if word_patterns:
                self._words.add(theme.id, word_patterns)
                if lemma_patterns:
                    self._lemmas.add(theme.id, lemma_patterns)
            if theme.token_patterns:
                self._tokens.add(theme.id, [list(p) for p in theme.token_patterns])
        self._cache: tuple[Doc, list[tuple[str, int, int]]] | None = None

    def _matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        if self._cache is not None and self._cache[0] is doc:
            return self._cache[1]
        spaces = [bool(t.whitespace_) for t in doc]
        words = Doc(self.nlp.vocab, words=[fold(t.text) or t.text for t in doc], spaces=spaces)
        lemmas = Doc(
            self.nlp.vocab,
            words=[fold(t.lemma_) or fold(t.text) or t.text for t in doc],
            spaces=spaces,
        )
        strings = self.nlp.vocab.strings
        found = [
            (strings[match_id], start, end)
            for matcher, target in (
                (self._words, words),
                (self._lemmas, lemmas),
                (self._tokens, doc),
            )
            if len(matcher)  # an empty matcher warns on every call
            for match_id, start, end in matcher(target)
        ]
        self._cache = (doc, found)
        return found

    def themes_in(self, span: Span | Doc, *, inherit: bool = True) -> list[str]:
        """The ids of the themes a span touches, in taxonomy order.

        A span of a longer article that names no theme itself ("He said the talks would go
        on") inherits the article's dominant theme when `inherit` is true: a statement in an
        article about chemical weapons is about them even when its own words are not.
        """
        doc = span if isinstance(span, Doc) else span.doc
        start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
        matches = self._matches(doc)
        ids = {theme for theme, s, e in matches if start <= s and e <= end}
        if not ids and inherit and not isinstance(span, Doc):
            ids = set(self.dominant(doc)[:1])
        return sorted(ids, key=self._order.__getitem__)

    def dominant(self, doc: Doc) -> list[str]:
        """The themes of a whole article, most matched first (ties in taxonomy order)."""
        counts = Counter(theme for theme, _, _ in self._matches(doc))
        return sorted(counts, key=lambda t: (-counts[t], self._order[t]))
