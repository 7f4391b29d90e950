"""Sources: noun phrases of speakers, subjects, antecedents and names around the verb."""

from __future__ import annotations

import pytest
from spacy.tokens import Token

from analysis.extract.statements import parse
from analysis.extract.statements.segment import doc_context
from analysis.extract.statements.sources import (
    noun_phrase,
    source_in,
    source_of_noun,
    source_of_verb,
    speaker_left_of,
    subject_of,
)
from analysis.reference import load_cues


def _token(doc, word: str) -> Token:
    return next(t for t in doc if t.text == word)


def test_the_subject_and_its_noun_phrase(nlp) -> None:
    doc = parse(nlp, "Maria Ivanova, a spokeswoman for the ministry, said the talks were useful.")
    subject = subject_of(_token(doc, "said"))
    assert subject is not None and subject.text == "Ivanova"
    assert noun_phrase(subject).text == "Maria Ivanova, a spokeswoman for the ministry"


def test_a_relative_pronoun_stands_for_its_antecedent(nlp) -> None:
    text = "The minister, who said the talks were useful, left early."
    ctx = doc_context(parse(nlp, text), load_cues())
    source, governor = source_in(ctx, _token(ctx.doc, "said"), ctx.doc[:])
    assert source is not None and source.text == "minister" and governor is None


def test_a_participle_takes_the_source_of_its_verb(nlp) -> None:
    text = "The spokesman praised the deal, adding that talks would continue."
    ctx = doc_context(parse(nlp, text), load_cues())
    source, governor = source_in(ctx, _token(ctx.doc, "adding"), ctx.doc[:])
    assert source is not None and source.text == "spokesman"
    assert governor is not None and governor.text == "praised"


def test_the_owner_of_a_speech_noun_is_the_source(nlp) -> None:
    doc = parse(nlp, "A statement by the ministry said the ferries were delayed.")
    assert source_of_noun(load_cues(), _token(doc, "statement")).text == "ministry"


def test_names_before_a_verb_without_subject(nlp) -> None:
    text = "The clinic has run out of insulin, so patients are rationing doses, Karim, 52, said."
    ctx = doc_context(parse(nlp, text), load_cues())
    found = speaker_left_of(ctx, _token(ctx.doc, "said"), ctx.doc[:])
    assert found is not None
    speaker, before = found
    assert speaker.text == "Karim" and ctx.doc[before[0] : before[1]].text.startswith("The clinic")


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "text",
    [
        "Village council votes to praise the new school.",  # an infinitive under a noun root
        "Town panel votes to call the mayor a liar.",
    ],
)
def test_a_headline_with_a_noun_root_ends(nlp, text: str) -> None:
    # climbing from the infinitive to a verb used to loop forever at a noun root
    ctx = doc_context(parse(nlp, text), load_cues())
    verb = next(t for t in ctx.doc if t.dep_ in ("relcl", "acl") and t.pos_ == "VERB")
    assert source_of_verb(verb) == (None, None)
