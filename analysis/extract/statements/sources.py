"""Sources: the speaker span of a cue (subjects, antecedents, inverted and post-posed names)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from analysis.extract.statements.segment import DocContext
from analysis.reference import Cues

# Dependents that end a speaker's noun phrase: "the minister, who …", "officials said …".
_CUT_FROM_SPEAKER = {"relcl", "acl", "advcl", "parataxis", "punct_end"}
# A participle or coordinated verb takes its source from the verb it hangs off
# ("…, he said, adding that …", "by announcing …").
INHERIT_THROUGH = ("advcl", "conj", "xcomp", "pcomp", "prep")
# prepositions inside a source phrase: "the head of X", "a source at X", "an official from X"
_NAME_LINKS = ("of", "for", "at", "from")
_DASHES = (",", "—", "–")
# Focus adverbs before a subject, never part of who spoke: "Even China", "Also the envoy".
_FOCUS_ADVERBS = frozenset({"even", "also", "meanwhile"})


def noun_phrase(head: Token) -> Span:
    """The full noun phrase of `head` (compounds, possessors, appositions, modifiers)."""
    doc = head.doc
    left, right = head.left_edge.i, head.right_edge.i
    for child in head.children:
        if child.dep_ in _CUT_FROM_SPEAKER and child.pos_ in ("VERB", "AUX"):
            if child.i > head.i:
                right = min(right, child.left_edge.i - 1)
            else:
                left = max(left, child.right_edge.i + 1)
    for token in head.subtree:  # ", which …" hung on a deeper noun of the phrase
        if token.dep_ == "relcl" and token.left_edge.i > head.i:
            right = min(right, token.left_edge.i - 1)
    while right > left and (
        (doc[right].is_punct and doc[right].text != "%")  # "42%" keeps its sign
        or doc[right].is_space
        or doc[right].dep_ == "cc"
        or doc[right].tag_ == "POS"
    ):
        right -= 1  # also the possessive ending of "the spokesman's remarks"
    while left < right and (
        doc[left].is_punct or doc[left].is_space or doc[left].lower_ in _FOCUS_ADVERBS
    ):
        left += 1  # "Even China said …": the source is China
    return doc[left : right + 1]


def postposed(phrase: Span) -> Span:
    """ "…, including a re-entry vehicle, the vice chairman said": a subject phrase that runs
    back over the reported clause keeps only its part after the last comma before its head."""
    head = phrase.root
    commas = [t.i for t in phrase if t.text == "," and t.i < head.i]
    if not commas:
        return phrase
    cut = commas[-1]
    before = phrase.doc[phrase.start : cut]
    if not any(t.pos_ in ("VERB", "AUX") or t.lower_ == "including" for t in before):
        return phrase
    return phrase.doc[cut + 1 : phrase.end]


def subject_of(verb: Token, usable: Callable[[Token], bool] = lambda t: True) -> Token | None:
    """The verb's subject (the nearest usable one: not inside a quotation)."""
    children = sorted(verb.children, key=lambda c: abs(c.i - verb.i))
    for child in children:
        if not usable(child):
            continue
        if child.dep_ in ("nsubj", "csubj"):
            return child
        if child.dep_ == "nsubjpass":
            if verb.lemma_.lower() in ("quote", "cite"):
                return child  # "X was quoted as saying"
            for agent in verb.children:
                if agent.dep_ == "agent":
                    return next((g for g in agent.children if g.dep_ == "pobj"), None)
            return None
    return None


def source_of_verb(
    verb: Token, usable: Callable[[Token], bool] = lambda t: True
) -> tuple[Token | None, Token | None]:
    """The source of a reporting verb and, when it comes from a governing verb, that verb."""
    subject = subject_of(verb, usable)
    if subject is not None:
        return antecedent(subject), None
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return None, None  # "which used to be called …", "was announced": no speaker given
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ in ("relcl", "acl") and infinitive:
        return _infinitive_source(verb, usable)
    if verb.dep_ == "relcl" and verb.head.pos_ in ("PROPN", "NOUN", "PRON"):
        return verb.head, None
    if (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBD", "VBZ", "VBP")
        and verb.head.dep_ == "ROOT"
        and verb.head.pos_ in ("PROPN", "NOUN")
    ):
        return verb.head, None  # a parser slip: "The Authority, which …, called for …"
    return _governing_source(verb, usable)


def _infinitive_source(
    verb: Token, usable: Callable[[Token], bool]
) -> tuple[Token | None, Token | None]:
    """ "went out of his way to say …": the infinitive's subject is the governing verb's."""
    head = verb.head
    # stop at the sentence root ("Council votes to praise …" has a noun root); compare
    # indices, as spaCy makes a new Token object on every access and `is` never holds
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    subject = subject_of(head, usable)
    return (antecedent(subject), head) if subject is not None else (None, None)


def _governing_source(
    verb: Token, usable: Callable[[Token], bool]
) -> tuple[Token | None, Token | None]:
    """The subject of the nearest verb up the participle/coordination chain, and that verb."""
    head = verb
    while head.dep_ in INHERIT_THROUGH and head.head.i != head.i:
        head = head.head
        subject = subject_of(head, usable)
        if subject is not None:
            return antecedent(subject), head
    return None, None


def antecedent(subject: Token) -> Token | None:
    """The source a subject stands for: none for "it" expletives, the antecedent of a
    relative pronoun ("the minister, who said …")."""
    if subject.dep_ == "expl":
        return None
    if subject.tag_ not in ("WDT", "WP"):
        return subject
    clause = subject.head
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "relcl" or clause.head.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    found = clause.head
    # "the Observatory for Human Rights, which said …": the whole noun phrase
    while (
        found.dep_ == "pobj"
        and found.pos_ == "PROPN"
        and found.head.dep_ == "prep"
        and found.head.head.pos_ == "PROPN"
    ):
        found = found.head.head
    return found


def source_in(ctx: DocContext, token: Token, group: Span) -> tuple[Token | None, Token | None]:
    """The verb's source (and governing verb) when it lies in the group, outside quotations."""
    source, governor = source_of_verb(token, lambda t: not ctx.quoted(t))
    if source is not None and not (group.start <= source.i < group.end):
        return None, None
    if source is not None and ctx.quoted(source):
        return None, None
    return source, governor


def source_of_noun(cues: Cues, noun: Token) -> Token:
    """ "a statement by the ministry" → the ministry; "his remarks" → his; "a Defense
    Ministry statement" → Defense Ministry; "a statement released by X" → X."""
    if noun.lemma_.lower() not in cues.speech_nouns or noun.pos_ != "NOUN":
        return noun
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        owner = _owner_in(cues, child)
        if owner is not None:
            return owner
    owners = [
        c
        for c in noun.children
        if c.dep_ == "compound"
        and c.i < noun.i
        and (c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "GPE", "NORP", "PERSON"))
    ]
    return owners[-1] if owners else noun


def _owner_in(cues: Cues, child: Token) -> Token | None:
    """The owner named by a dependent of a speech noun: "by/from/of X", "released by X"."""
    if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
        obj = next((g for g in child.children if g.dep_ == "pobj"), None)
        if obj is not None and obj.lemma_.lower() not in cues.speech_nouns:
            return obj
    if child.dep_ == "acl" and child.tag_ == "VBN":  # "released by the presidency"
        for agent in child.children:
            if agent.dep_ == "agent":
                obj = next((g for g in agent.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    return None


def lifeless_relative(cues: Cues, verb: Token, source: Token) -> bool:
    """ "a way that guaranteed …": a which/that clause on a common noun says something
    only with a clause of its own ("a report that said …")."""
    pronoun = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if pronoun is None or pronoun.tag_ != "WDT" or source.i == pronoun.i:
        return False
    if source.pos_ == "PROPN" or source.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return False
    if source.lemma_.lower() in cues.speech_nouns:
        return False
    return not any(c.dep_ == "ccomp" for c in verb.children)


def speaker_right_of(ctx: DocContext, verb: Token, group: Span) -> Token | None:
    """ "The talks, said Mr. X, were useful": an inverted source right after the verb."""
    doc = ctx.doc
    before, after = verb.i - 1, verb.i + 1
    if before < group.start or after >= group.end:
        return None
    if doc[before].text not in _DASHES or ctx.in_quote[after] >= 0:
        return None
    if verb.tag_ == "VBG":
        return None  # "…, rejecting criticism of …,": a participle's object, no speaker
    if doc[after].pos_ not in ("PROPN", "DET", "NOUN", "ADJ") or doc[after].ent_type_ in (
        "DATE",
        "TIME",
    ):
        return None  # "…, said Tuesday": a date, not a speaker
    head = doc[after]
    while head.head.i > verb.i and head.head.pos_ in ("PROPN", "NOUN") and head.head.i != head.i:
        head = head.head
    if head.pos_ not in ("PROPN", "NOUN"):
        return None
    last = head.right_edge.i
    if doc[last].text not in (",", ".", "—", "–"):
        last += 1
    if last >= group.end or doc[last].text not in (",", ".", "—", "–"):
        return None
    return head


def speaker_left_of(
    ctx: DocContext, verb: Token, group: Span
) -> tuple[Span, tuple[int, int]] | None:
    """ "…, Foreign Minister X said" parsed without a subject: the names right before the
    verb are the source and the clause before the comma is the content."""
    doc = ctx.doc
    end = _speaker_end(doc, verb, group)
    left = _speaker_start(ctx, verb, group, end)
    if left == end or not any(t.pos_ in ("PROPN", "NOUN") for t in doc[left:end]):
        return None
    comma = left - 1
    if comma <= group.start or doc[comma].text not in (",", "—", "–", "-"):
        return None
    if doc[comma].text == "-" and not doc[comma - 1].whitespace_:
        return None  # a hyphen inside a word, not a dash
    return doc[left:end], (group.start, comma)


def _speaker_end(doc: Doc, verb: Token, group: Span) -> int:
    """Where a speaker written before the verb ends: before adverbs and an age in commas."""
    end = verb.i
    while (  # "…, Egypt and Jordan also sharply criticised …"
        end - 1 > group.start
        and doc[end - 1].pos_ == "ADV"
        and doc[end - 1].dep_ == "advmod"
        and doc[end - 1].head.i == verb.i
    ):
        end -= 1
    if (  # "…, Ahmed, 24, said": the name before an age in commas
        end - 4 > group.start
        and doc[end - 1].text == ","
        and doc[end - 2].like_num
        and doc[end - 3].text == ","
        and doc[end - 4].pos_ == "PROPN"
    ):
        end -= 3
    return end


def _speaker_start(ctx: DocContext, verb: Token, group: Span, end: int) -> int:
    """Where a speaker written before the verb starts: back over its names and links."""
    doc = ctx.doc
    left = end
    while left - 1 >= group.start and ctx.in_quote[left - 1] < 0:
        if not (_name_word(doc, left - 1, group) or _listed_name(doc, left, verb, group)):
            break
        left -= 1
    return left


def _name_word(doc: Doc, i: int, group: Span) -> bool:
    """Whether token i can be part of a speaker's name or title read leftwards."""
    word = doc[i]
    before = doc[i - 1] if i > group.start else None
    return (
        word.pos_ in ("PROPN", "NOUN", "ADJ", "NUM")
        or word.tag_ == "POS"
        or (
            word.pos_ == "DET"
            and before is not None
            and (before.is_punct or before.lower_ in _NAME_LINKS)
        )
        or (  # "the vice chairman of the Joint Chiefs said", "a source at X said"
            word.lower_ in _NAME_LINKS and before is not None and before.pos_ in ("NOUN", "PROPN")
        )
    )


def _listed_name(doc: Doc, left: int, verb: Token, group: Span) -> bool:
    """A coordination of names: "Russia, Turkey and Iran said"."""
    word = doc[left - 1]
    listed = any(t.pos_ == "CCONJ" for t in doc[left : verb.i])
    return (
        (word.pos_ == "CCONJ" or (word.text == "," and listed))
        and left - 2 >= group.start
        and doc[left - 2].pos_ == "PROPN"
        and doc[left].pos_ == "PROPN"
    )
