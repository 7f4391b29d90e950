"""Statements: who said what in a parsed article (direct quotes, reported speech, mixed)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from analysis.extract.statements.assemble import Attribution, build, continuation
from analysis.extract.statements.candidates import attributions_in
from analysis.extract.statements.segment import (
    DocContext,
    is_furniture,
    parse,
    prepare_doc,
    sentence_groups,
)
from analysis.extract.statements.sources import is_named
from analysis.reference import Cues, load_cues

__all__ = ["Attribution", "Cues", "extract_attributions", "load_cues", "parse", "prepare_doc"]


def extract_attributions(doc: Doc, cues: Cues | None = None) -> Iterator[Attribution]:
    """The statements of a parsed Doc, in text order (a generator)."""
    analyser = DocContext(doc, cues or load_cues())
    groups = sentence_groups(doc, analyser.quotes, analyser.cues)
    previous: Attribution | None = None
    for group in groups:
        if is_furniture(group, analyser.text):
            previous = None
            continue
        emitted: list[Attribution] = []
        for item in attributions_in(analyser, group):
            record = build(analyser, item, group)
            if record is not None:
                emitted.append(record)
        if not emitted and previous is not None:
            record = continuation(analyser, group, previous)
            if record is not None:
                emitted.append(record)
        yield from emitted
        quoted = [a for a in emitted if a.kind in ("direct", "mixed")]
        named = [a for a in emitted if is_named(a.speaker)]
        previous = quoted[-1] if quoted else (named[-1] if named else None)
        if previous is not None and previous.kind == "reported":
            # a reported statement by a named person may go on in a quoted paragraph
            paragraph_end = analyser.text.find("\n", previous.end)
            if paragraph_end < 0 or analyser.text[previous.end : paragraph_end].strip():
                previous = None
