"""Theme assignment: the taxonomy's patterns on a statement's own words first, then its context
(the sentence before it when the content refers back, the rest of its sentence, the article's
main theme), then the trained classifier for the themes it learned: it adds a theme when
confident (beside the content's own themes only where its rule says so) and drops only a theme
the patterns took from context; each theme with its evidence ("<theme id>: <why>")."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from analysis.extract.theme_context import StatementContext
from analysis.extract.theme_features import statement_features
from analysis.extract.theme_model import ThemeModel
from analysis.extract.themes import ThemeMatcher

QUOTE_CHARS = 80
MAIN_THEME = "the article's main theme"  # the evidence of a theme inherited from the article


@dataclass(frozen=True)
class ThemeAssignment:
    """A statement's theme ids (taxonomy order) and, aligned with them, why each was given."""

    themes: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """`text` on one line in single quotes, cut at a word near `limit` characters with " …"."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        cut = flat.rfind(" ", 0, limit)
        flat = flat[: cut if cut > limit // 2 else limit] + " …"
    return f"'{flat}'"


def _words(words: list[str]) -> str:
    return "words " + ", ".join(quote(w) for w in words)


class ThemeAssigner:
    """Assigns themes to statements; holds no per-statement state (shared across threads)."""

    def __init__(self, matcher: ThemeMatcher, model: ThemeModel | None = None) -> None:
        self.matcher = matcher
        self.model = model

    def assign(self, context: StatementContext | None) -> ThemeAssignment:
        """The themes of one statement with their evidence; none without a context."""
        if context is None:
            return ThemeAssignment()
        reasons = self.pattern_reasons(context)
        if self.model is not None:
            reasons = self._with_model(context, reasons)
        themes = self.matcher.ordered(reasons)
        return ThemeAssignment(themes, [f"{t}: {reasons[t]}" for t in themes])

    def pattern_reasons(self, context: StatementContext) -> dict[str, str]:
        """Theme id → why, by the patterns alone: the content's words; when they name none, the
        previous sentence if the content refers back, else the rest of the sentence; with
        nothing still, the article's main theme."""
        matcher, exclude = self.matcher, context.exclude
        found = matcher.phrases_in(context.content, exclude=exclude)
        reasons = {theme: _words(words) for theme, words in found.items()}
        if not reasons and context.refers_back and context.previous is not None:
            self._add_context(reasons, context.previous, context.previous)
        if not reasons:
            for part in context.rest_of_sentence():
                self._add_context(reasons, part, context.sentence, exclude)
        if not reasons:
            main = matcher.dominant(context.doc, at_least=matcher.inherit_min_matches)[:1]
            reasons.update({t: MAIN_THEME for t in main})
        return reasons

    def _add_context(
        self,
        reasons: dict[str, str],
        span: Span,
        shown: Span,
        exclude: tuple[Span, ...] = (),
    ) -> None:
        for theme in self.matcher.phrases_in(span, exclude=exclude):
            reasons.setdefault(theme, f"context {quote(shown.text)}")

    def _with_model(self, context: StatementContext, reasons: dict[str, str]) -> dict[str, str]:
        """The patterns' themes, less those taken from context that the model finds unlikely,
        those of the content's own words it finds very unlikely (its veto) and those inherited
        from the article that it does not judge; the model adds the themes it is confident of
        (see _model_adds)."""
        model = self.model
        assert model is not None
        probabilities = model.probabilities(statement_features(context, self.matcher))
        own = set(self.matcher.phrases_in(context.content, exclude=context.exclude))
        decided: dict[str, str] = {}
        for theme in self.matcher.ordered(set(reasons) | model.decides):
            p, why = probabilities.get(theme), reasons.get(theme)
            if why is not None and p is None:
                if why != MAIN_THEME:  # inherited, unjudged: 2 of 30 right in the train split
                    decided[theme] = why
            elif why is not None and p >= self._keeps_at(model, theme, own):
                decided[theme] = f"{why}; model {p:.2f}"
            elif p is not None and self._model_adds(model, theme, p, silent=not own and not why):
                decided[theme] = f"model {p:.2f}"
        return decided

    @staticmethod
    def _keeps_at(model: ThemeModel, theme: str, own: set[str]) -> float:
        """The probability below which the model drops a theme the patterns gave: its veto
        for one of the content's own words, its remove threshold for one from context."""
        if theme in own:
            return model.veto_below.get(theme, 0.0)
        return model.remove_below.get(theme, 0.0)

    @staticmethod
    def _model_adds(model: ThemeModel, theme: str, p: float, *, silent: bool) -> bool:
        """True when the model adds `theme` at probability `p`: beside any theme at
        `add_any_at`, or at `add_at` where the content's words match none and context gave
        nothing for it."""
        if p >= model.add_any_at.get(theme, 2.0):
            return True
        return silent and p >= model.add_at.get(theme, 2.0)
