"""A statement's view for theme assignment: its content, its sentence, the sentence before it
and whether the content refers back to it ("these talks", "the agreement", "it")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

# Nouns that, made definite or demonstrative ("the agreement", "these talks"), name something
# said before: an event, a document or a topic rather than a thing named afresh.
BACK_NOUNS = frozenset(
    """agreement deal accord arrangement arrangements memorandum protocol document understanding
    talk talks meeting meetings summit conversation call negotiation negotiations discussion
    discussions consultation consultations contact contacts format process mechanism plan
    proposal initiative decision step steps measure measures move issue issues matter question
    problem topic subject situation details detail sides parties partner partners colleague
    colleagues operation operations zone area region idea efforts effort work base bases
    facility""".split()  # noqa: SIM905
)
DEMONSTRATIVES = frozenset({"this", "these", "that", "those", "such"})
# Pronouns that stand for a thing or an event said before (not for people).
BACK_PRONOUNS = frozenset({"it", "this", "that", "these", "those"})


@dataclass(frozen=True)
class StatementContext:
    """What theme assignment reads of one statement."""

    doc: Doc
    content: Span  # what was said
    sentence: Span  # the sentence(s) holding the content
    previous: Span | None  # the sentence before the statement's sentence
    refers_back: bool  # the content names something the previous sentence set
    exclude: tuple[Span, ...] = ()  # the speaker as written: never a theme's words
    published: date | None = None

    def rest_of_sentence(self) -> list[Span]:
        """The parts of the sentence outside the content (before it, after it)."""
        parts = [
            self.doc[self.sentence.start : self.content.start],
            self.doc[self.content.end : self.sentence.end],
        ]
        return [p for p in parts if len(p)]


def statement_context(
    doc: Doc,
    content_start: int,
    content_end: int,
    *,
    exclude: Span | Sequence[Span | None] | None = None,
    published: date | None = None,
) -> StatementContext | None:
    """The view of the statement whose content spans those characters; None when they lie
    outside the Doc's tokens."""
    content = doc.char_span(content_start, content_end, alignment_mode="expand")
    if content is None or not len(content):
        return None
    first, last = content[0].sent, content[-1].sent
    sentence = doc[first.start : last.end]
    previous = doc[first.start - 1].sent if first.start > 0 else None
    if isinstance(exclude, Span) or exclude is None:
        exclude = [exclude]
    spans = tuple(x for x in exclude if x is not None and x.doc is doc)
    return StatementContext(
        doc=doc,
        content=content,
        sentence=sentence,
        previous=previous,
        refers_back=refers_back(content),
        exclude=spans,
        published=published,
    )


def refers_back(content: Span) -> bool:
    """True when the content names something by reference only: a demonstrative or definite
    noun phrase on an event or topic noun without a modifier that names it ("these talks",
    "the agreement", but not "the agreement on Idlib"), or a pronoun standing for a thing."""
    return any(_back_pronoun(token) or _back_noun_phrase(token) for token in content)


def _back_pronoun(token: Token) -> bool:
    lower = token.lower_
    if lower not in BACK_PRONOUNS:
        return False
    if lower == "it":
        # "it is important to ..." is no reference: an expletive subject before its clause
        return not any(c.dep_ in ("xcomp", "ccomp", "csubj") for c in token.head.children)
    # "this" / "these" standing alone as a noun phrase, not "this year" nor "that ..." clause
    return token.pos_ == "PRON" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")


def _back_noun_phrase(token: Token) -> bool:
    if token.lemma_.lower() not in BACK_NOUNS and token.lower_ not in BACK_NOUNS:
        return False
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    determiners = [c.lower_ for c in token.children if c.dep_ in ("det", "poss")]
    if any(d in DEMONSTRATIVES for d in determiners):
        return True
    if "the" not in determiners and not any(d in ("our", "their", "its") for d in determiners):
        return False
    # "the agreement on Idlib", "the Astana talks": named by the phrase itself
    named = any(
        c.dep_ in ("prep", "compound", "amod", "nmod", "acl", "relcl") and c.i > token.i
        for c in token.children
    ) or any(c.dep_ in ("compound", "nmod") or c.pos_ == "PROPN" for c in token.lefts)
    return not named
