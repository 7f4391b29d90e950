"""Content: what a reporting verb says, as token ranges of the parse."""

from __future__ import annotations

import pytest
from spacy.tokens import Token

from analysis.extract.statements import parse
from analysis.extract.statements.content import content_of, subtree_range
from analysis.extract.statements.cues import cue_of
from analysis.extract.statements.segment import doc_context
from analysis.reference import load_cues


def _contents(nlp, text: str, word: str) -> list[str]:
    ctx = doc_context(parse(nlp, text), load_cues())
    verb: Token = next(t for t in ctx.doc if t.text == word)
    cue = cue_of(ctx, verb)
    assert cue is not None
    return [ctx.doc[s:e].text for s, e in content_of(ctx, verb, cue.nominal, cue.particle)]


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        (
            "The foreign minister said that the governments would meet again.",
            "said",
            ["the governments would meet again"],
        ),
        (
            "The mayor said on local radio that the school would reopen.",
            "said",
            ["the school would reopen"],
        ),
        ("The president condemned the attack.", "condemned", ["condemned the attack"]),
        ("The council called for an immediate halt.", "called", ["called for an immediate halt"]),
        (
            "The envoy urged Ankara to withdraw its troops.",
            "urged",
            ["urged Ankara to withdraw its troops"],
        ),
        ("Analysts hoped the report.", "hoped", []),
    ],
)
def test_content_of(nlp, text: str, word: str, expected: list[str]) -> None:
    assert _contents(nlp, text, word) == expected


def test_a_setting_is_content_only_without_a_clause(nlp) -> None:
    assert _contents(nlp, "The minister warned of a disaster.", "warned") == [
        "warned of a disaster"
    ]


def test_a_clause_range_drops_its_mark(nlp) -> None:
    doc = parse(nlp, "He said that the bridge was unsafe.")
    clause = next(t for t in doc if t.text == "was")
    start, end = subtree_range(clause)
    assert doc[start:end].text == "the bridge was unsafe"
    start, end = subtree_range(clause, skip_mark=False)
    assert doc[start:end].text == "that the bridge was unsafe"
