"""Statements: who said what in a parsed article (direct quotes, reported speech, mixed).

The rules live in one module per step: segment (sentence groups, quotations), cues (what
reports speech), sources (who), content (what was said), candidates (one group's statements)
and assemble (the records)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

from analysis.extract.statements.assemble import build, carried_statement, continuation
from analysis.extract.statements.candidates import candidates_in
from analysis.extract.statements.records import Attribution
from analysis.extract.statements.segment import (
    DocContext,
    doc_context,
    is_furniture,
    parse,
    prepare_doc,
    sentence_groups,
)
from analysis.reference import Cues, load_cues

__all__ = ["Attribution", "Cues", "extract_attributions", "load_cues", "parse", "prepare_doc"]


def extract_attributions(doc: Doc, cues: Cues | None = None) -> Iterator[Attribution]:
    """The statements of a parsed Doc, in text order (a generator)."""
    ctx = doc_context(doc, cues or load_cues())
    previous: Attribution | None = None
    for group in sentence_groups(doc, ctx.quotes, ctx.cues):
        if is_furniture(group, ctx.text):
            previous = None
            continue
        emitted = _statements_in(ctx, group, previous)
        yield from emitted
        previous = carried_statement(ctx.text, emitted)


def _statements_in(ctx: DocContext, group: Span, previous: Attribution | None) -> list[Attribution]:
    """A group's statements; with none, the continuation of the previous group's quote."""
    emitted: list[Attribution] = []
    for item in candidates_in(ctx, group):
        record = build(ctx, item, group)
        if record is not None:
            emitted.append(record)
    if not emitted and previous is not None:
        record = continuation(ctx, group, previous)
        if record is not None:
            emitted.append(record)
    return emitted
