"""Cues: the lexicon in data/cues.toml, which verbs report speech, negation, phrase cues."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.extract.statements import extract_attributions, parse
from analysis.extract.statements.cues import (
    cue_of,
    negated,
    noun_attributions,
    source_phrases,
)
from analysis.extract.statements.segment import doc_context
from analysis.reference import load_cues


def test_lexicon_is_data(tmp_path: Path, nlp) -> None:
    (tmp_path / "cues.toml").write_text(
        '[verbs]\ncommunication = ["grumble"]\nclausal = []\n', encoding="utf-8"
    )
    cues = load_cues(tmp_path)
    assert "grumble" in cues.communication and "say" not in cues.communication
    doc = parse(nlp, "The mayor grumbled that the buses were late. The mayor said it twice.")
    assert [a.cue for a in extract_attributions(doc, cues)] == ["grumble"]


def test_unreadable_lexicon_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "cues.toml").write_text("[verbs\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cues.toml"):
        load_cues(tmp_path)


def test_the_lexicon_knows_inflected_forms() -> None:
    cues = load_cues()
    assert cues.knows("say") and cues.knows("call") and not cues.knows("eat")
    assert cues.forms["hopes"] == "hope" and cues.forms["admitted"] == "admit"
    assert cues.forms["denies"] == "deny"


def _cue(nlp, text: str, word: str):
    ctx = doc_context(parse(nlp, text), load_cues())
    token = next(t for t in ctx.doc if t.text == word)
    return ctx, token, cue_of(ctx, token)


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The minister said the talks went well.", "said", ("say", True, None)),
        ("The council called for a halt to the fighting.", "called", ("call for", True, "for")),
        ("Analysts hoped the talks would resume.", "hoped", ("hope", False, None)),
        ("The river was polluted by a chemical thought to be mercury.", "thought", None),
        ('He said "we said it" again.', "said", ("say", True, None)),
    ],
)
def test_cue_of(nlp, text: str, word: str, expected) -> None:
    _, _, cue = _cue(nlp, text, word)
    assert (tuple(cue) if cue is not None else None) == expected


def test_a_quoted_verb_is_no_cue(nlp) -> None:
    ctx = doc_context(parse(nlp, 'He said "we said it" again.'), load_cues())
    inner = [t for t in ctx.doc if t.text == "said"][1]
    assert cue_of(ctx, inner) is None


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The ministry did not comment on the report.", "comment", True),
        ("The ministry declined to comment on the report.", "comment", True),
        ("No one claimed responsibility for the attack.", "claimed", True),
        ("The government must condemn the attack.", "condemn", True),
        ("The ministry condemned the attack.", "condemned", False),
    ],
)
def test_negated(nlp, text: str, word: str, expected: bool) -> None:
    ctx, token, _ = _cue(nlp, text, word)
    assert negated(ctx.cues, token) is expected


def test_according_to_is_a_source_phrase(nlp) -> None:
    ctx = doc_context(
        parse(nlp, "According to the ministry, the ferries were delayed."), load_cues()
    )
    (item,) = source_phrases(ctx, ctx.doc[:])
    assert item.cue == "according to" and item.speaker.text == "the ministry"
    assert item.phrase == (0, 4)


def test_a_possessed_speech_noun_is_a_statement(nlp) -> None:
    text = "In his words, the bridge is safe."
    ctx = doc_context(parse(nlp, text), load_cues())
    (item,) = noun_attributions(ctx, ctx.doc[:])
    assert item.cue == "word" and item.speaker.text == "his"
