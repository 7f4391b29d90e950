"""Segmenting for statements: paragraphs, datelines, sentence groups, furniture, quotations."""

from __future__ import annotations

import pytest

from analysis.extract.statements.segment import (
    doc_context,
    group_quotes,
    is_furniture,
    parse,
    prepare_doc,
    quote_words,
    sentence_groups,
)
from analysis.reference import load_cues
from analysis.text import find_quotes, paragraph_starts


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("He said “one two three” today.", ["one two three"]),
        ('He said "one two" and "three four".', ["one two", "three four"]),
        ("He said «un deux» then.", ["un deux"]),
        ("He said ''one two'' then.", ["one two"]),
        ("He said ``one two'' then.", ["one two"]),
        ("He said 'one two three' then.", ["one two three"]),
        ("Turkey's and Russia's interests, the countries' views.", []),
        ("‘We are ready,’ he said of Turkey’s view.", ["We are ready,"]),
        ("The Kurds’ demands and the rebels’ 'last stand' ended.", ["last stand"]),
        ("“one two three four\n\n“five six”", ["one two three four", "five six"]),
        ("\"a 'nested' quote here\" he said", ["a 'nested' quote here"]),
    ],
)
def test_find_quotes(text: str, inner: list[str]) -> None:
    assert [text[q.inner_start : q.inner_end] for q in find_quotes(text)] == inner


def test_paragraph_starts() -> None:
    text = "Title line\n\nFirst paragraph ends here.\nSecond one.\n\n\nThird."
    starts = paragraph_starts(text)
    assert [text[s : s + 5] for s in starts] == ["Title", "First", "Secon", "Third"]


def test_parse_keeps_paragraphs_apart(nlp) -> None:
    doc = parse(nlp, "Ankara reacts\n\nThe minister said the talks went well.")
    assert [s.text.strip() for s in doc.sents] == [
        "Ankara reacts",
        "The minister said the talks went well.",
    ]


def test_a_dateline_starts_a_sentence(nlp) -> None:
    text = "ASTANA, Jan 24 (Reuters) - The envoys said the talks would go on."
    doc = prepare_doc(nlp, text)
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts[-1] == "The"


def test_a_quotation_across_sentences_is_one_group(nlp) -> None:
    text = '"The first phase is complete. The second begins soon," the general said. He left.'
    doc = parse(nlp, text)
    groups = sentence_groups(doc, tuple(find_quotes(text)), load_cues())
    assert [g.text.strip() for g in groups] == [
        '"The first phase is complete. The second begins soon," the general said.',
        "He left.",
    ]


def test_a_colon_before_a_quotation_joins_the_sentences(nlp) -> None:
    text = 'The envoy said:\n\n"The ceasefire must hold."'
    doc = parse(nlp, text)
    groups = sentence_groups(doc, tuple(find_quotes(text)), load_cues())
    assert len(groups) == 1


@pytest.mark.parametrize(
    ("text", "furniture"),
    [
        ("Ankara reacts to the strikes\n\nThe minister spoke.", True),
        ("(Reporting by A. Writer)\n\nThe minister spoke.", True),
        ("The minister spoke at length.\n\nMore.", False),
    ],
)
def test_headlines_and_credits_are_furniture(nlp, text: str, furniture: bool) -> None:
    doc = parse(nlp, text)
    first = next(iter(sentence_groups(doc, tuple(find_quotes(text)))))
    assert is_furniture(first, text) is furniture


def test_the_context_knows_which_tokens_are_quoted(nlp) -> None:
    text = 'He said "we are ready" and left.'
    ctx = doc_context(parse(nlp, text), load_cues())
    quoted = [t.text for t in ctx.doc if ctx.quoted(t)]
    assert quoted == ['"', "we", "are", "ready", '"']
    assert ctx.in_quote[0] == -1 and ctx.text == text
    (quote,) = group_quotes(ctx, ctx.doc[:])
    assert quote_words(text, quote) == 3
