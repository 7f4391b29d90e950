"""Themes: the analyst's taxonomy in data/themes.toml matched against statements with spaCy."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from uuid import uuid4

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup

from analysis.reference import Theme, load_themes
from analysis.text import fold

# Matcher keys of conditional phrases and of the word groups they require.
_CONDITIONAL = "?"
_REQUIRED = "!"

FACTORY = "theme_matcher"
# The matches of a Doc: doc.spans["themes"], labelled with the matcher keys above.
SPANS_KEY = "themes"
# The doc.spans["themes"] attribute naming the matcher that wrote the group: a Doc another
# matcher (a test's small taxonomy) matched is matched again, not misread.
STAMP = "matcher"
# The Doc attribute holding its matches indexed (_MatchIndex): plain values only.
INDEX_EXTENSION = "theme_matches"
if not Doc.has_extension(INDEX_EXTENSION):
    Doc.set_extension(INDEX_EXTENSION, default=None)


def _plural(word: str) -> str:
    """A regular English plural, so a pattern "base" also finds "bases" the lemmatizer misses."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


class ThemeMatcher:
    """Finds the themes of a text span; phrases match case- and diacritic-insensitively on
    tokens, on tokens with a plural last word, and on lemmas; token_patterns use spaCy Matcher.

    A spaCy component too: called on a Doc it writes the matches to doc.spans["themes"].
    """

    def __init__(self, nlp: Language, themes: Sequence[Theme] | None = None) -> None:
        self.nlp = nlp
        self.stamp = uuid4().hex
        self.themes: tuple[Theme, ...] = tuple(themes) if themes is not None else load_themes()
        self._order = {t.id: n for n, t in enumerate(self.themes)}
        self._by_id = {t.id: t for t in self.themes}
        # A statement that names no theme takes the article's main theme only when the article
        # names it this often: one stray "aid" in an off-topic page is no main theme.
        self.inherit_min_matches = 3
        self._words = PhraseMatcher(nlp.vocab, attr="ORTH")  # on folded token texts
        self._lemmas = PhraseMatcher(nlp.vocab, attr="ORTH")  # on folded lemmas
        self._tokens = Matcher(nlp.vocab)
        for theme in self.themes:
            self._add_phrases(theme.id, theme.patterns)
            if theme.conditional_patterns:
                self._add_phrases(_CONDITIONAL + theme.id, theme.conditional_patterns)
            for number, group in enumerate(theme.requires):
                self._add_phrases(f"{_REQUIRED}{theme.id}:{number}", group, lemmas=False)
            if theme.token_patterns:
                self._tokens.add(theme.id, [list(p) for p in theme.token_patterns])

    def _add_phrases(self, key: str, phrases: Sequence[str], *, lemmas: bool = True) -> None:
        """Add phrases under `key` to the word matcher (and the lemma matcher)."""
        nlp = self.nlp
        word_patterns, lemma_patterns = [], []
        for phrase in phrases:
            words = [fold(t.text) for t in nlp.make_doc(phrase) if fold(t.text)]
            if not words:
                continue
            word_patterns.append(Doc(nlp.vocab, words=words))
            if words[-1].isalpha() and len(words[-1]) > 2:
                plural = [*words[:-1], _plural(words[-1])]
                word_patterns.append(Doc(nlp.vocab, words=plural))
            # Lemmas let "hold talks" find "held talks"; a phrase with a participle or
            # gerund ("fighting") means that form only, not its verb ("fight").
            lemma_words = [fold(t.lemma_) or fold(t.text) for t in nlp(phrase)]
            lemma_words = [w for w in lemma_words if w]
            if lemmas and not any(
                w != m and w.endswith(("ing", "ed"))
                for w, m in zip(words, lemma_words, strict=False)
            ):
                lemma_patterns.append(Doc(nlp.vocab, words=lemma_words))
        if word_patterns:
            self._words.add(key, word_patterns)
            if lemma_patterns:
                self._lemmas.add(key, lemma_patterns)

    def __call__(self, doc: Doc) -> Doc:
        """Write the theme matches of `doc` to doc.spans["themes"]."""
        spans = [Span(doc, start, end, label=key) for key, start, end in self._match(doc)]
        doc.spans[SPANS_KEY] = SpanGroup(
            doc, name=SPANS_KEY, attrs={STAMP: self.stamp}, spans=spans
        )
        return doc

    def _matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(key, start, end) of every match in `doc`: those on it, else matched now."""
        return self._index(doc).matches

    def _index(self, doc: Doc) -> _MatchIndex:
        """The matches of `doc` indexed for this matcher (worked out once, kept on the Doc):
        a statement's matches are found by bisection, not by reading the whole article."""
        known = getattr(doc._, INDEX_EXTENSION)
        if known is not None and known.stamp == self.stamp:
            return known
        group = doc.spans.get(SPANS_KEY)
        if group is None or group.attrs.get(STAMP) != self.stamp:
            group = self(doc).spans[SPANS_KEY]
        index = _MatchIndex(self.stamp, [(span.label_, span.start, span.end) for span in group])
        setattr(doc._, INDEX_EXTENSION, index)
        return index

    def _match(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Match folded words, folded lemmas and token patterns, in that order."""
        spaces = [bool(t.whitespace_) for t in doc]
        words = Doc(self.nlp.vocab, words=[fold(t.text) or t.text for t in doc], spaces=spaces)
        lemmas = Doc(
            self.nlp.vocab,
            words=[fold(t.lemma_) or fold(t.text) or t.text for t in doc],
            spaces=spaces,
        )
        strings = self.nlp.vocab.strings
        return [
            (strings[match_id], start, end)
            for matcher, target in (
                (self._words, words),
                (self._lemmas, lemmas),
                (self._tokens, doc),
            )
            if len(matcher)  # an empty matcher warns on every call
            for match_id, start, end in matcher(target)
        ]

    def themes_in(
        self,
        span: Span | Doc,
        *,
        inherit: bool = True,
        exclude: Span | Sequence[Span | None] | None = None,
    ) -> list[str]:
        """The ids of the themes a span touches, in taxonomy order.

        Phrases inside `exclude` (the speaker: "UN envoy Staffan de Mistura said ...") do not
        count, except as the actors a conditional phrase requires. A span of a longer article
        that names no theme itself ("He said the talks would go on") inherits the article's
        dominant theme when `inherit` is true: a statement in an article about chemical
        weapons is about them even when its own words are not.
        """
        ids = set(self.phrases_in(span, exclude=exclude))
        if not ids and inherit and not isinstance(span, Doc):
            ids = set(self.dominant(span.doc, at_least=self.inherit_min_matches)[:1])
        return self.ordered(ids)

    def ordered(self, ids: set[str] | Sequence[str]) -> list[str]:
        """Theme ids in taxonomy order (ids the taxonomy lacks left out)."""
        return sorted((i for i in set(ids) if i in self._order), key=self._order.__getitem__)

    def phrases_in(
        self, span: Span | Doc, *, exclude: Span | Sequence[Span | None] | None = None
    ) -> dict[str, list[str]]:
        """Theme id → the words that matched it inside `span` (text order, each once), with
        phrases inside `exclude` left out; a conditional phrase counts as in themes_in."""
        doc = span if isinstance(span, Doc) else span.doc
        start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
        if exclude is None or isinstance(exclude, Span):
            exclude = [exclude]
        skipped = [(x.start, x.end) for x in exclude if x is not None and x.doc is doc]
        index = self._index(doc)
        inside = index.within(start, end)  # in (start, end) order
        # The groups a conditional phrase requires may be named anywhere in the article.
        ids = self._themes(inside, skipped, index.required)
        found: dict[str, list[str]] = {}
        for key, s, e in inside:
            theme = key.removeprefix(_CONDITIONAL)
            if theme not in ids or any(a < e and s < b for a, b in skipped):
                continue
            words = found.setdefault(theme, [])
            if doc[s:e].text not in words:
                words.append(doc[s:e].text)
        return found

    def requirements_in(self, span: Span | Doc) -> list[str]:
        """The themes whose every `requires` group is named inside `span` (a Russian and a
        Turkish actor both in view), in taxonomy order."""
        doc = span if isinstance(span, Doc) else span.doc
        start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
        named = {
            key[len(_REQUIRED) :]
            for key, _, _ in self._index(doc).within(start, end)
            if key.startswith(_REQUIRED)
        }
        return [
            t.id
            for t in self.themes
            if t.requires and all(f"{t.id}:{n}" in named for n in range(len(t.requires)))
        ]

    def _themes(
        self,
        matches: list[tuple[str, int, int]],
        skipped: list[tuple[int, int]],
        required: frozenset[str] | None = None,
    ) -> set[str]:
        """Theme ids of matches: plain ones outside `skipped`, conditional ones with every
        required group matched (among `matches`, or in `required`: the article's)."""
        if required is None:
            required = _required(matches)
        ids = set()
        for key, s, e in matches:
            if key.startswith(_REQUIRED) or any(a < e and s < b for a, b in skipped):
                continue
            if key.startswith(_CONDITIONAL):
                key = key[len(_CONDITIONAL) :]
                groups = self._by_id[key].requires
                if not all(f"{key}:{n}" in required for n in range(len(groups))):
                    continue
            ids.add(key)
        return ids

    def dominant(self, doc: Doc, *, at_least: int = 1) -> list[str]:
        """The themes of a whole article matched at least `at_least` times, most matched
        first (ties in taxonomy order)."""
        index = self._index(doc)
        if at_least not in index.dominant:  # once per article, not once per statement
            counts = Counter(self._themes_counted(index.matches))
            kept = [t for t in counts if counts[t] >= at_least]
            index.dominant[at_least] = sorted(kept, key=lambda t: (-counts[t], self._order[t]))
        return list(index.dominant[at_least])

    def _themes_counted(self, matches: list[tuple[str, int, int]]) -> list[str]:
        """One theme id per plain match; conditional ones only where the article names every
        required group."""
        themes = self._themes(matches, [])
        out = []
        for key, _, _ in matches:
            if key.startswith(_REQUIRED):
                continue
            key = key.removeprefix(_CONDITIONAL)
            if key in themes:
                out.append(key)
        return out


def _required(matches: Iterable[tuple[str, int, int]]) -> frozenset[str]:
    """The required word groups ("<theme>:<n>") the matches name."""
    return frozenset(key[len(_REQUIRED) :] for key, _, _ in matches if key.startswith(_REQUIRED))


@dataclass(frozen=True)
class _MatchIndex:
    """The theme matches of one Doc: as matched, sorted by position for bisection, the
    required groups the article names, and its dominant themes once asked for."""

    stamp: str  # the matcher these are of
    matches: list[tuple[str, int, int]]  # (key, start, end), as matched
    by_start: list[tuple[str, int, int]] = field(init=False)
    starts: list[int] = field(init=False)
    required: frozenset[str] = field(init=False)
    dominant: dict[int, list[str]] = field(default_factory=dict)  # at_least → themes

    def __post_init__(self) -> None:
        order = sorted(range(len(self.matches)), key=lambda n: (self.matches[n][1:], n))
        by_start = [self.matches[n] for n in order]
        object.__setattr__(self, "by_start", by_start)
        object.__setattr__(self, "starts", [start for _, start, _ in by_start])
        object.__setattr__(self, "required", _required(self.matches))

    def within(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """The matches inside the token range [start, end), by (start, end), ties as matched."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [m for m in self.by_start[lo:hi] if m[2] <= end]


@Language.factory(FACTORY)
def make_theme_matcher(nlp: Language, name: str) -> ThemeMatcher:
    """The matcher of data/themes.toml, as a pipeline component."""
    return ThemeMatcher(nlp)
