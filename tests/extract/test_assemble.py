"""Assembling records: the kind of a statement, its cleaned content, ignored formulas."""

from __future__ import annotations

import pytest

from analysis.extract.statements import extract_attributions, parse
from analysis.extract.statements.assemble import clean, ignored, kind_of, strip_end
from analysis.reference import load_cues


@pytest.mark.parametrize(
    ("quoted", "reported", "kind"),
    [(5, 0, "direct"), (5, 2, "direct"), (2, 3, "mixed"), (0, 7, "reported"), (0, 0, "reported")],
)
def test_kind_of(quoted: int, reported: int, kind: str) -> None:
    assert kind_of(quoted, reported) == kind


@pytest.mark.parametrize(
    ("fragment", "cleaned"),
    [
        ("  the talks   went well. ", "the talks went well"),
        ("— the talks went well,", "the talks went well"),
        ("the talks with the U.S.", "the talks with the U.S."),
        ("they will;", "they will"),
    ],
)
def test_clean(fragment: str, cleaned: str) -> None:
    assert clean(fragment) == cleaned


def test_strip_end() -> None:
    assert strip_end("said so.  \n", 0, 11) == 8
    assert strip_end("   ", 1, 3) == 1


def test_anonymity_formulas_are_ignored() -> None:
    cues = load_cues()
    assert ignored(cues, ["asked not to be named"]) and ignored(cues, ["on anonymity"])
    assert not ignored(cues, ["the talks had been useful and would go on despite anonymity"])


def test_a_quoted_paragraph_continues_the_statement_before(nlp) -> None:
    text = (
        '"The crossing will reopen on Monday," the governor said.\n\n'
        '"Trucks with food are already waiting on the other side."'
    )
    first, second = extract_attributions(parse(nlp, text))
    assert second.speaker is not None and second.speaker.text == first.speaker.text
    assert (second.kind, second.cue) == ("direct", "say")


def test_a_continued_quotation_keeps_the_act_of_its_cue(nlp) -> None:
    text = (
        '"Defeating the group on the battlefield is not enough," the general warned.\n\n'
        '"The group will retreat to a virtual haven and keep inspiring attacks."\n\n'
        '"The border is calm tonight," the general said.\n\n'
        '"The trucks are already waiting on the other side."'
    )
    acts = [a.speech_act for a in extract_attributions(parse(nlp, text))]
    assert acts == ["warning", "warning", "statement", "statement"]
