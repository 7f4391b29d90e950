"""Statements: who said what in a parsed article (direct quotes, reported speech, mixed)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from analysis.settings import DATA_DIR
from analysis.text import TERMINAL, Quote, find_quotes, paragraph_starts


@dataclass(frozen=True)
class Attribution:
    """One statement: the source as written, the reporting cue, and what was said."""

    speaker: Span | None  # the source as written: a name, a pronoun, a role noun phrase
    cue: str | None  # lemma of the reporting verb or phrase ("say", "according to")
    kind: str  # direct | reported | mixed
    content: str  # what was said (pieces joined by " … " when a sentence splits it)
    content_start: int  # char offsets of the content in doc.text
    content_end: int
    start: int  # char offsets of the whole sentence(s) in doc.text
    end: int


@dataclass(frozen=True)
class Cues:
    """The reporting lexicon of data/cues.toml."""

    communication: frozenset[str]
    clausal: frozenset[str]
    addressee: frozenset[str]
    phrasal: Mapping[str, frozenset[str]]
    content_prepositions: frozenset[str]
    source_prepositions: tuple[tuple[str, ...], ...]
    speech_nouns: frozenset[str]
    setting_prepositions: frozenset[str]
    refusals: frozenset[str]
    naming: frozenset[str]
    quote_only: frozenset[str]
    ignored_contents: tuple[str, ...]
    speech_object_only: frozenset[str] = frozenset()
    interrogation: frozenset[str] = frozenset()
    irrealis_modals: frozenset[str] = frozenset()
    irrealis_marks: frozenset[str] = frozenset()
    irrealis_nouns: frozenset[str] = frozenset()
    negative_subjects: frozenset[str] = frozenset()
    inanimate_subjects: frozenset[str] = frozenset()
    relay_verbs: frozenset[str] = frozenset()
    relay_sources: frozenset[str] = frozenset()
    forms: Mapping[str, str] = field(default_factory=dict)  # inflected form → lemma

    def knows(self, lemma: str) -> bool:
        """Whether `lemma` is a reporting verb of the lexicon."""
        return lemma in self.communication or lemma in self.clausal or lemma in self.phrasal


@lru_cache(maxsize=4)
def load_cues(data_dir: Path | None = None) -> Cues:
    """The reporting lexicon from data/cues.toml (lower-case lemmas)."""
    path = (data_dir or DATA_DIR) / "cues.toml"
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the reporting lexicon ({exc})") from exc

    def words(values: Iterable[str]) -> frozenset[str]:
        return frozenset(v.lower() for v in values)

    verbs = raw.get("verbs", {})
    phrases = raw.get("phrases", {})
    lemmas = {
        v.lower()
        for key in ("communication", "clausal")
        for v in verbs.get(key, ())
        if isinstance(v, str)
    }
    return Cues(
        forms={form: lemma for lemma in sorted(lemmas) for form in _inflections(lemma)},
        communication=words(verbs.get("communication", ())),
        clausal=words(verbs.get("clausal", ())),
        addressee=words(verbs.get("addressee", ())),
        phrasal={k.lower(): words(v) for k, v in verbs.get("phrasal", {}).items()},
        content_prepositions=words(raw.get("content_prepositions", {}).get("items", ())),
        source_prepositions=tuple(
            tuple(w.lower() for w in seq) for seq in phrases.get("source_prepositions", ())
        ),
        speech_nouns=words(phrases.get("speech_nouns", ())),
        setting_prepositions=words(phrases.get("setting_prepositions", ())),
        refusals=words(verbs.get("refusals", ())),
        naming=words(verbs.get("naming", ())),
        quote_only=words(verbs.get("quote_only", ())),
        ignored_contents=tuple(v.lower() for v in raw.get("ignore", {}).get("contents", ())),
        speech_object_only=words(verbs.get("speech_object_only", ())),
        interrogation=words(verbs.get("interrogation", ())),
        irrealis_modals=words(verbs.get("irrealis_modals", ())),
        irrealis_marks=words(verbs.get("irrealis_marks", ())),
        irrealis_nouns=words(verbs.get("irrealis_nouns", ())),
        negative_subjects=words(raw.get("subjects", {}).get("negative", ())),
        inanimate_subjects=words(raw.get("subjects", {}).get("inanimate", ())),
        relay_verbs=words(raw.get("relay", {}).get("verbs", ())),
        relay_sources=words(raw.get("relay", {}).get("sources", ())),
    )


# prepositions inside a source phrase: "the head of X", "a source at X", "an official from X"
_NAME_LINKS = ("of", "for", "at", "from")


def _inflections(lemma: str) -> set[str]:
    """Regular English verb forms of a lemma (hope → hopes, hoped, hoping)."""
    if " " in lemma:
        return set()
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma + "s", stem + "ed", stem + "ing"}
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(lemma + "es")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # admit → admitted
    return forms


# "ASTANA, Jan 24 (Reuters) - ": a wire dateline opening a paragraph is not part of a sentence.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{1,30}(?:,[^\n()]{1,40}?)?\s*(?:\([^()\n]{1,40}\))?\s*[-–—]+\s+"
)


def prepare_doc(nlp: Language, text: str) -> Doc:
    """A tokenised, unparsed Doc whose paragraphs start new sentences (feed it to nlp.pipe)."""
    doc = nlp.make_doc(text)
    starts = set(paragraph_starts(text))
    for start in list(starts):
        dateline = _DATELINE.match(text, start)
        if dateline and dateline.end() < len(text):
            starts.add(dateline.end())
    for token in doc[1:]:
        if token.idx in starts and not token.is_space:
            token.is_sent_start = True
    return doc


def parse(nlp: Language, text: str) -> Doc:
    """The parsed Doc of `text`, paragraphs kept apart (as the pipeline parses articles)."""
    return nlp(prepare_doc(nlp, text))


# ---------------------------------------------------------------------------------------------
# The parse: cues, sources and content


@dataclass
class _Found:
    cue_token: Token | Span
    cue: str
    speaker: Span | None
    pieces: list[tuple[int, int]] = field(default_factory=list)  # token ranges [i, j)
    quotes: list[Quote] = field(default_factory=list)
    inherited_from: Token | None = None
    phrase: tuple[int, int] | None = None  # token range of an "according to X" phrase


_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CUT_FROM_SPEAKER = {"relcl", "acl", "advcl", "parataxis", "punct_end"}
_TIME_ENTITIES = {"DATE", "TIME"}
# Right-hand dependents that belong to a nominal statement's predicate.
_PREDICATE_DEPS = {"dobj", "dative", "prep", "prt", "oprd", "npadvmod", "advmod", "agent"}
# A participle or coordinated verb takes its source from the verb it hangs off
# ("…, he said, adding that …", "by announcing …").
_INHERIT_THROUGH = ("advcl", "conj", "xcomp", "pcomp", "prep")


def _noun_phrase(head: Token) -> Span:
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
        doc[right].is_punct
        or doc[right].is_space
        or doc[right].dep_ == "cc"
        or doc[right].tag_ == "POS"
    ):
        right -= 1  # also the possessive ending of "the spokesman's remarks"
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return doc[left : right + 1]


def _postposed(phrase: Span) -> Span:
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


def _subject(verb: Token, usable: Callable[[Token], bool] = lambda t: True) -> Token | None:
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


def _source(
    verb: Token, usable: Callable[[Token], bool] = lambda t: True
) -> tuple[Token | None, Token | None]:
    """The source of a reporting verb and, when it comes from a governing verb, that verb."""
    subject = _subject(verb, usable)
    if subject is not None:
        return _antecedent(subject), None
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return None, None  # "which used to be called …", "was announced": no speaker given
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ in ("relcl", "acl") and infinitive:
        # "went out of his way to say …": the infinitive's subject is the governing verb's
        head = verb.head
        while head.pos_ not in ("VERB", "AUX") and head.head is not head:
            head = head.head
        subject = _subject(head, usable)
        return (_antecedent(subject), head) if subject is not None else (None, None)
    if verb.dep_ == "relcl" and verb.head.pos_ in ("PROPN", "NOUN", "PRON"):
        return verb.head, None
    if (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBD", "VBZ", "VBP")
        and verb.head.dep_ == "ROOT"
        and verb.head.pos_ in ("PROPN", "NOUN")
    ):
        return verb.head, None  # a parser slip: "The Authority, which …, called for …"
    head = verb
    while head.dep_ in _INHERIT_THROUGH and head.head is not head:
        head = head.head
        subject = _subject(head, usable)
        if subject is not None:
            return _antecedent(subject), head
    return None, None


def _antecedent(subject: Token) -> Token | None:
    """The source a subject stands for: none for "it" expletives, the antecedent of a
    relative pronoun ("the minister, who said …")."""
    if subject.dep_ == "expl":
        return None
    if subject.tag_ in ("WDT", "WP"):
        clause = subject.head
        while clause.dep_ == "conj" and clause.head is not clause:
            clause = clause.head
        if clause.dep_ == "relcl" and clause.head.pos_ in ("PROPN", "NOUN", "PRON"):
            antecedent = clause.head
            # "the Observatory for Human Rights, which said …": the whole noun phrase
            while (
                antecedent.dep_ == "pobj"
                and antecedent.pos_ == "PROPN"
                and antecedent.head.dep_ == "prep"
                and antecedent.head.head.pos_ == "PROPN"
            ):
                antecedent = antecedent.head.head
            return antecedent
        return None
    return subject


def _personal(token: Token) -> bool:
    """A person as an object: a pronoun or a name that is not a place or group."""
    return token.tag_ == "PRP" or (
        token.pos_ == "PROPN" and token.ent_type_ not in ("GPE", "NORP", "LOC", "FAC")
    )


def _stray_that(token: Token) -> bool:
    """ "said that Novak had spoken" with "that" parsed as the object of "spoken"."""
    if token.lower_ != "that" or token.dep_ != "dobj" or token.i == 0:
        return False
    before = token.doc[token.i - 1]  # "said that …", "in a statement that …"
    after_cue = before.pos_ == "VERB" or (
        before.dep_ == "pobj"
        and before.head.lower_ in ("in", "on", "during", "at", "via", "through")
    )
    return after_cue and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.i > token.i for c in token.head.children
    )


def _subtree_range(token: Token, skip_mark: bool = True) -> tuple[int, int]:
    left, right = token.left_edge.i, token.right_edge.i + 1
    doc = token.doc
    while left < right - 1 and (
        (
            skip_mark
            and (doc[left].dep_ == "mark" or doc[left].pos_ == "SCONJ" or _stray_that(doc[left]))
            and doc[left].lower_ in ("that", "whether", "if")
        )
        or doc[left].is_punct
        or doc[left].is_space
    ):
        if doc[left].is_quote:
            break
        left += 1
    return left, right


class _Analyser:
    """Extraction state for one Doc."""

    def __init__(self, doc: Doc, cues: Cues) -> None:
        self.doc = doc
        self.cues = cues
        self.text = doc.text  # Doc.text rebuilds the string on every access
        self.quotes = find_quotes(self.text)
        self.in_quote = [-1] * len(doc)
        for number, quote in enumerate(self.quotes):
            span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self.in_quote[i] = number

    # -- cues --------------------------------------------------------------------------------
    def cue_of(self, token: Token) -> tuple[str, bool, str | None] | None:
        """(cue, nominal content allowed, particle) when `token` is a reporting verb."""
        if self.in_quote[token.i] >= 0:
            return None
        # a tagger slip ("Analysts caution that …" as a noun) still has the verb's subject
        if token.pos_ != "VERB" and (
            token.pos_ not in ("NOUN", "ADJ")
            or not any(
                c.dep_ == "nsubj" or (c.dep_ == "aux" and c.lower_ == "to")  # "went on to state"
                for c in token.children
            )
        ):
            return None
        if token.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in token.children):
            # participial modifiers: "a gas believed to be chlorine", "the town called X"
            head = token.head
            postposed = (  # "…, the observatory reported on Thursday" parsed as a modifier
                head.left_edge.i > 0
                and token.doc[head.left_edge.i - 1].text == ","
                and not any(c.dep_ in ("xcomp", "oprd", "dobj") for c in token.children)
            )
            if (
                token.dep_ in ("acl", "amod")
                and not postposed
                and not any(c.dep_ == "agent" for c in token.children)
            ):
                return None
            if any(c.dep_ == "xcomp" and c.lemma_ == "be" for c in token.children):
                return None
        cues = self.cues
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and not cues.knows(lemma):
            lemma = cues.forms.get(token.lower_, lemma)  # a lemmatizer slip: "hopes" → "hop"
        if lemma in cues.phrasal:
            # the particle nearest the verb names the cue ("lashed out at" → lash out)
            hit = [
                c.lower_
                for c in token.children
                if c.i > token.i
                and c.lower_ in cues.phrasal[lemma]
                and not any(  # "called on Monday for …"
                    g.dep_ == "pobj" and g.ent_type_ in _TIME_ENTITIES for g in c.children
                )
            ] + [  # "pressed for the US to carry out …": "for" marks the clause
                g.lower_
                for c in token.children
                if c.dep_ == "advcl" and c.i > token.i
                for g in c.children
                if g.dep_ == "mark" and g.lower_ in cues.phrasal[lemma]
            ]
            if hit:
                return f"{lemma} {hit[0]}", True, hit[0]
            if lemma in cues.naming and any(c.dep_ == "oprd" for c in token.children):
                return lemma, True, None  # "called the attack a crime"
            if lemma in cues.communication:
                return lemma, True, None
            if lemma in cues.clausal:
                return lemma, False, None
            return None
        if lemma in cues.communication:
            return lemma, True, None
        if lemma in cues.clausal:
            return lemma, False, None
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in cues.setting_prepositions:
                objects = [
                    g
                    for g in child.children
                    if g.dep_ == "pobj" and not any(p.dep_ == "poss" for p in g.children)
                ]
                if any(g.lemma_.lower() in cues.speech_nouns for g in objects) and any(
                    c.dep_ in ("dobj", "ccomp") for c in token.children
                ):
                    return lemma, True, None
        return None

    def _negated(self, verb: Token) -> bool:
        """ "did not comment", "declined to comment", "No one claimed", "must condemn", "if
        the country would announce", "the decision to consider": nothing was said."""
        cues = self.cues
        if any(c.dep_ == "neg" for c in verb.children):
            return True
        head = verb.head
        if verb.dep_ == "xcomp" and head.lemma_.lower() in cues.refusals:
            return True
        if any(c.dep_ == "aux" and c.lower_ in cues.irrealis_modals for c in verb.children):
            return True
        subject = _subject(verb)
        if subject is not None:
            phrase = " ".join(t.lower_ for t in subject.subtree)
            if phrase in cues.negative_subjects or any(
                c.dep_ == "det" and c.lower_ == "no" for c in subject.children
            ):
                return True
            if subject.lemma_.lower() in cues.inanimate_subjects:
                return True
        clause = verb
        while clause.head is not clause and clause.dep_ in ("conj", "xcomp", "advcl", "acl"):
            if clause.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in cues.irrealis_marks for c in clause.children
            ):
                return True
            if clause.dep_ == "acl" and clause.head.lemma_.lower() in cues.irrealis_nouns:
                return True
            clause = clause.head
        return False

    def content_of(self, verb: Token, nominal: bool, particle: str | None) -> list[tuple[int, int]]:
        """Token ranges of what the verb reports (clauses, objects, prepositional objects)."""
        pieces: list[tuple[int, int]] = []
        lemma = verb.lemma_.lower()
        addressee = lemma in self.cues.addressee
        clause_found = False
        setting_pieces: list[tuple[int, int]] = []
        for child in verb.children:
            dep = child.dep_
            if dep == "xcomp" and addressee and child.pos_ in ("VERB", "AUX"):
                # "urged Ankara to withdraw": the addressee belongs to what was said
                pieces.append((verb.i, child.right_edge.i + 1))
                clause_found = True
            elif dep == "ccomp" and self._trailing_relay(child):
                continue  # "…, the mayor said, the newspaper reported": not what was said
            elif dep == "ccomp" or (dep == "xcomp" and child.pos_ in ("VERB", "AUX")):
                pieces.append(_subtree_range(child))
                clause_found = True
            elif (
                dep == "conj"
                and child.i > verb.i
                and any(
                    g.dep_ == "mark" and g.lower_ in ("that", "whether") for g in child.children
                )
            ):
                # "said A and that B": the second clause hangs off the verb in the parse
                pieces.append(_subtree_range(child))
            elif dep == "oprd" and nominal:
                pieces.append((verb.i, child.right_edge.i + 1))
            elif (
                dep == "advcl"
                and particle is not None
                and child.i > verb.i
                and any(g.dep_ == "mark" and g.lower_ == particle for g in child.children)
            ):
                pieces.append(_subtree_range(child))  # "pressed for the US to act"
                clause_found = True
            elif dep in ("acomp", "ccomp", "xcomp", "advmod") and child.lower_ == particle:
                pass  # "made clear that …": the particle is part of the cue
            elif (
                dep == "dobj"
                and lemma in self.cues.speech_object_only
                and child.lemma_.lower() not in self.cues.speech_nouns
            ):
                continue  # "posted pictures", "admitted refugees": no statement
            elif dep == "prep" and lemma in self.cues.speech_object_only:
                continue  # "posted on Twitter"
            elif dep == "dobj" and lemma in self.cues.interrogation and _personal(child):
                nominal = False  # "questioned Morrison about the call": an interrogation
            elif dep == "dobj" and nominal and not addressee:
                # a nominal complement reads as the whole predicate: "rejected the claims"
                if child.lower_ == "that" and child.pos_ == "SCONJ":
                    continue  # "said on television that …" with "that" parsed as the object
                pieces.append((verb.i, child.right_edge.i + 1))
            elif (
                dep in ("prep", "prt")
                and nominal
                and (
                    child.lower_ == particle
                    or (particle is None and child.lower_ in self.cues.content_prepositions)
                    or child.lower_ == "as"
                )
            ):
                objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                if dep == "prt":
                    # "lashed out at Ankara for …": the predicate after the particle
                    pieces.append(self._predicate(verb, (verb.i, child.i + 1)))
                    continue
                for obj in objects:
                    if obj.ent_type_ in _TIME_ENTITIES or obj.lemma_.lower() in (
                        "behalf",
                        "condition",
                    ):
                        continue
                    if particle is None and child.lower_ != "as":
                        setting_pieces.append((verb.i, obj.right_edge.i + 1))
                    else:
                        pieces.append((verb.i, obj.right_edge.i + 1))
        if not clause_found:
            # "said in a statement that …" with the that-clause hung on the speech noun
            for child in verb.children:
                if child.dep_ != "prep" or (
                    child.lower_ not in self.cues.setting_prepositions and child.lower_ != "on"
                ):
                    continue
                for noun in child.children:
                    if noun.dep_ != "pobj" or noun.lemma_.lower() not in self.cues.speech_nouns:
                        continue
                    for clause in noun.children:
                        if (
                            clause.dep_ in ("acl", "relcl", "ccomp")
                            and clause.i > noun.i
                            and clause.left_edge.lower_ == "that"
                            and any(g.dep_ in ("nsubj", "nsubjpass") for g in clause.children)
                        ):
                            start, end = _subtree_range(clause)
                            if self.doc[start].lower_ == "that":
                                start += 1
                            pieces.append((start, end))
                            clause_found = True
        agent = any(c.dep_ == "agent" for c in verb.children)
        if nominal and agent and not clause_found and not pieces:
            # "The agreement was announced by the Kremlin": the passive subject was said
            for child in verb.children:
                if child.dep_ == "nsubjpass" and child.pos_ in ("NOUN", "PROPN"):
                    pieces.append((child.left_edge.i, child.right_edge.i + 1))
        if not clause_found:
            # "warned of a disaster"; with a clause, "said on state television that …" the
            # prepositional phrase is the setting, not what was said
            pieces.extend(setting_pieces)
        if addressee and not clause_found and nominal:
            # "urged Ankara to withdraw": the infinitive hangs off the object in some parses
            for child in verb.children:
                if child.dep_ == "dobj":
                    for grand in child.children:
                        if grand.dep_ in ("acl", "relcl") and grand.i > child.i:
                            pieces.append((verb.i, grand.right_edge.i + 1))
        if any(start == verb.i for start, _ in pieces):
            pieces = [self._predicate(verb, p) if p[0] == verb.i else p for p in pieces]
        return pieces

    def _trailing_relay(self, clause: Token) -> bool:
        """ "…, the newspaper reported": a reporting verb after a comma, with a subject and no
        complement of its own."""
        head = clause.head
        if clause.i < head.i or clause.left_edge.i == 0:
            return False
        if self.doc[clause.left_edge.i - 1].text != ",":
            return False
        if not self.cues.knows(clause.lemma_.lower()):
            return False
        children = list(clause.children)
        return any(c.dep_ == "nsubj" for c in children) and not any(
            c.dep_ in ("ccomp", "xcomp", "dobj", "prep") for c in children
        )

    def _predicate(self, verb: Token, piece: tuple[int, int]) -> tuple[int, int]:
        """A nominal statement as its whole predicate: "also welcomed the deal on Tuesday to
        …" (adverbs right before the verb, its objects, prepositions and purpose clauses)."""
        start, end = piece
        for child in verb.lefts:
            if child.dep_ in ("advmod", "neg") and child.i == start - 1 and child.is_alpha:
                start = child.i
        for child in verb.rights:
            infinitive = child.dep_ == "advcl" and any(
                g.dep_ == "aux" and g.lower_ == "to" for g in child.children
            )
            # "described the reports as completely untrue"
            as_complement = child.dep_ in ("advcl", "acomp") and child.left_edge.lower_ == "as"
            if child.dep_ in _PREDICATE_DEPS or infinitive or as_complement:
                end = max(end, child.right_edge.i + 1)
        return start, end

    # -- one sentence group --------------------------------------------------------------------
    def attributions_in(self, group: Span) -> list[_Found]:
        found: dict[int, _Found] = {}
        for token in group:
            cue = self.cue_of(token)
            if cue is None or self._negated(token):
                continue
            name, nominal, particle = cue
            if name in self.cues.quote_only:
                if not self.group_quotes(group):
                    continue  # '"…," he continued' only; "continued to shell" is no statement
                pieces: list[tuple[int, int]] = []
            else:
                pieces = [
                    p for p in self.content_of(token, nominal, particle) if p[0] >= group.start
                ]
            source, governor = self._source_in(token, group)
            inverted = self._speaker_right_of(token, group)
            if (
                inverted is not None
                and source is not None
                and inverted.dep_ == "dobj"
                and inverted.head.i == token.i
                and any(c.dep_ == "nsubj" and c.i < token.i for c in token.children)
            ):
                inverted = None  # "The delegation, led by X, condemned the strikes."
            if inverted is not None and (source is None or source.i < token.i):
                # content: the clause around "…, said X, …", without the source
                item = _Found(token, name, _noun_phrase(self._source_of_noun(inverted)))
                item.pieces = [
                    (group.start, token.i - 1),
                    (inverted.right_edge.i + 1, group.end),
                ]
                item.pieces = [(a, b) for a, b in item.pieces if b > a]
                found[token.i] = item
                continue
            if source is None or (governor is not None and not pieces):
                fallback = self._speaker_left_of(token, group)
                if fallback is not None:
                    speaker_span, before = fallback
                    item = _Found(token, name, speaker_span)
                    clipped = [
                        (a, min(b, speaker_span.start)) if a < speaker_span.start else (a, b)
                        for a, b in pieces
                    ]
                    clipped = [
                        (a, b)
                        for a, b in clipped
                        if b > a and not (speaker_span.start <= a < speaker_span.end)
                    ]
                    item.pieces = clipped or [before]
                    found[token.i] = item
                    continue
            if (
                not pieces
                and source is not None
                and source.i < token.i
                and source.left_edge.i - 1 > group.start
                and self.doc[source.left_edge.i - 1].text == ","
                and any(c.dep_ == "nsubj" and c.i < source.left_edge.i for c in token.children)
            ):
                # "Initial results point to …, the ministry said" parsed with two subjects
                first = min((c for c in token.children if c.dep_ == "nsubj"), key=lambda c: c.i)
                pieces = [(max(group.start, first.left_edge.i), source.left_edge.i - 1)]
            if not pieces and token.dep_ == "parataxis" and source is not None:
                # "The goal, he said, is to …": the clause around the reporting verb
                head = token.head
                pieces = [
                    (head.left_edge.i, token.left_edge.i),
                    (token.right_edge.i + 1, head.right_edge.i + 1),
                ]
                pieces = [(a, b) for a, b in pieces if b > a and a >= group.start]
            if source is not None and self._lifeless_relative(token, source):
                continue  # "in a way that guaranteed the rights of …"
            if source is not None:
                source = self._source_of_noun(source)  # "a ministry statement said"
            item = _Found(
                token, name, _postposed(_noun_phrase(source)) if source is not None else None
            )
            item.pieces = pieces
            item.inherited_from = governor
            found[token.i] = item
        self._resolve_nesting(found)
        results = self._merge_inherited(found)
        has_quotes = bool(self.group_quotes(group))
        results = [f for f in results if f.speaker is not None and (f.pieces or has_quotes)]
        for phrase in self._source_phrases(group):
            left, right = phrase.phrase or (0, 0)
            outside = [r for r in results if not (left <= r.cue_token.i < right)]
            if outside and outside[0].cue_token.i < left:
                continue  # "X said …, according to Y" relays X's statement: the verb's stands
            # "According to Y, the ministers agreed …": Y is the source of the whole clause;
            # a cue inside Y's noun phrase counts only with a clause of its own
            results = [
                r
                for r in results
                if (r not in outside and self._own_clause(r))
                or (r in outside and r.cue_token.i > right and self._named_source(r))
            ]
            results.append(phrase)
        for absolute in self._with_absolutes(group):
            # "…, with Foreign Minister X warning of …": X's own statement, cut from the rest
            cut = absolute.cue_token.head.i
            for other in results:
                if other.cue_token.i < cut:
                    other.pieces = [(a, min(b, cut)) for a, b in other.pieces if a < cut]
            results.append(absolute)
        results.sort(key=lambda f: f.cue_token.i)
        if not results:
            results = self._noun_attributions(group)
        self._assign_quotes(group, results)
        return [f for f in results if self._has_content(f)]

    def _speaker_right_of(self, verb: Token, group: Span) -> Token | None:
        """ "The talks, said Mr. X, were useful": an inverted source right after the verb."""
        doc = self.doc
        before, after = verb.i - 1, verb.i + 1
        if before < group.start or after >= group.end:
            return None
        if doc[before].text not in (",", "—", "–") or self.in_quote[after] >= 0:
            return None
        if verb.tag_ == "VBG":
            return None  # "…, rejecting criticism of …,": a participle's object, no speaker
        if doc[after].pos_ not in ("PROPN", "DET", "NOUN", "ADJ"):
            return None
        head = doc[after]
        while (
            head.head.i > verb.i and head.head.pos_ in ("PROPN", "NOUN") and head.head is not head
        ):
            head = head.head
        if head.pos_ not in ("PROPN", "NOUN"):
            return None
        last = head.right_edge.i
        if doc[last].text not in (",", ".", "—", "–"):
            last += 1
        if last >= group.end or doc[last].text not in (",", ".", "—", "–"):
            return None
        return head

    def _source_in(self, token: Token, group: Span) -> tuple[Token | None, Token | None]:
        source, governor = _source(token, lambda t: self.in_quote[t.i] < 0)
        if source is not None and not (group.start <= source.i < group.end):
            return None, None
        if source is not None and self.in_quote[source.i] >= 0:
            return None, None
        return source, governor

    def _speaker_left_of(self, verb: Token, group: Span) -> tuple[Span, tuple[int, int]] | None:
        """ "…, Foreign Minister X said" parsed without a subject: the names right before the
        verb are the source and the clause before the comma is the content."""
        doc = self.doc
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
        left = end
        while left - 1 >= group.start and self.in_quote[left - 1] < 0:
            prev = doc[left - 1]
            before_prev = doc[left - 2] if left - 1 > group.start else None
            if (
                prev.pos_ in ("PROPN", "NOUN", "ADJ", "NUM")
                or prev.tag_ == "POS"
                or (
                    prev.pos_ == "DET"
                    and before_prev is not None
                    and (before_prev.is_punct or before_prev.lower_ in _NAME_LINKS)
                )
                or (  # "the vice chairman of the Joint Chiefs said", "a source at X said"
                    prev.lower_ in _NAME_LINKS
                    and before_prev is not None
                    and before_prev.pos_ in ("NOUN", "PROPN")
                )
            ):
                left -= 1
                continue
            # a coordination of names: "Russia, Turkey and Iran said"
            listed = any(t.pos_ == "CCONJ" for t in doc[left : verb.i])
            if (
                (prev.pos_ == "CCONJ" or (prev.text == "," and listed))
                and left - 2 >= group.start
                and doc[left - 2].pos_ == "PROPN"
                and doc[left].pos_ == "PROPN"
            ):
                left -= 1
                continue
            break
        if left == end or not any(t.pos_ in ("PROPN", "NOUN") for t in doc[left:end]):
            return None
        comma = left - 1
        if comma <= group.start or doc[comma].text not in (",", "—", "–", "-"):
            return None
        if doc[comma].text == "-" and not doc[comma - 1].whitespace_:
            return None  # a hyphen inside a word, not a dash
        return doc[left:end], (group.start, comma)

    def _resolve_nesting(self, found: dict[int, _Found]) -> None:
        """Drop cues inside another cue's content; a trailing relay ("…, the agency reported")
        gives way to the attribution it reports."""
        for outer in list(found.values()):
            if outer.cue_token.i not in found:
                continue
            for inner in list(found.values()):
                if inner is outer or inner.cue_token.i not in found:
                    continue
                if inner.inherited_from is outer.cue_token:
                    continue  # merged into the outer statement later
                inside = any(s <= inner.cue_token.i < e for s, e in outer.pieces)
                if not inside:
                    continue
                relay = (
                    inner.cue_token.i < outer.cue_token.i
                    and inner.speaker is not None
                    and bool(inner.pieces)
                    and self._relays(outer)
                )
                if relay:
                    found.pop(outer.cue_token.i, None)
                    break
                token = inner.cue_token
                if (
                    isinstance(token, Token)
                    and token.dep_ == "relcl"
                    and inner.inherited_from is None
                    and inner.speaker is not None
                    and inner.pieces
                ):
                    continue  # "a deal that Erdoğan said had …": a statement of its own
                if (
                    isinstance(token, Token)
                    and (
                        token.dep_ in ("advcl", "conj")
                        or (token.dep_ == "pcomp" and token.head.lower_ == "with")
                    )
                    and inner.pieces
                    and not any(g.dep_ == "mark" and g.lower_ == "that" for g in token.children)
                    and inner.speaker is not None
                    and inner.inherited_from is None
                    and token.i > outer.cue_token.i
                ):
                    # "X said A, while Y insisted B": two statements, A stops before Y's clause
                    # ("…, with Y warning …": before the "with")
                    cut = token.head.i if token.dep_ == "pcomp" else token.left_edge.i
                    outer.pieces = [
                        (s, min(e, cut)) if s < cut else (s, e) for s, e in outer.pieces
                    ]
                    outer.pieces = [(s, e) for s, e in outer.pieces if e > s and s < cut]
                    continue
                if inner.cue_token.i < outer.cue_token.i and self._named_source(inner):
                    continue  # "Afterward, Sondland said that …, Morrison testified": nested
                found.pop(inner.cue_token.i, None)

    def _lifeless_relative(self, verb: Token, source: Token) -> bool:
        """ "a way that guaranteed …": a which/that clause on a common noun says something
        only with a clause of its own ("a report that said …")."""
        pronoun = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if pronoun is None or pronoun.tag_ != "WDT" or source.i == pronoun.i:
            return False
        if source.pos_ == "PROPN" or source.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return False
        if source.lemma_.lower() in self.cues.speech_nouns:
            return False
        return not any(c.dep_ == "ccomp" for c in verb.children)

    @staticmethod
    def _own_clause(item: _Found) -> bool:
        token = item.cue_token
        return isinstance(token, Token) and any(c.dep_ == "ccomp" for c in token.children)

    def _named_source(self, item: _Found) -> bool:
        """ "According to Y, Ankara told Moscow that …": a named source with its own clause
        is a nested statement of its own."""
        if item.speaker is None or item.inherited_from is not None:
            return False
        root = item.speaker.root
        return (
            self._own_clause(item)
            and root.pos_ == "PROPN"
            and root.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        )

    def _relays(self, item: _Found) -> bool:
        """A trailing cue that passes on someone else's statement: "…, X said, the agency
        reported" (a relay verb or a news outlet as the source), not "…, Erdogan said"."""
        lemma = item.cue.split()[0]
        if lemma in self.cues.relay_verbs:
            return True
        words = {t.lemma_.lower() for t in item.speaker or ()}
        return bool(words & self.cues.relay_sources)

    def _merge_inherited(self, found: dict[int, _Found]) -> list[_Found]:
        """A cue whose source comes from a governing cue adds its content to that statement."""
        results: list[_Found] = []
        by_token = dict(found)
        for index in sorted(by_token):
            item = by_token[index]
            target = None
            governor = item.inherited_from
            while governor is not None:
                if governor.i in by_token and governor.i != index:
                    target = by_token[governor.i]
                    break
                governor = (
                    governor.head
                    if governor.dep_ in _INHERIT_THROUGH and governor.head is not governor
                    else None
                )
            if target is not None:
                target.pieces.extend(item.pieces)
                by_token.pop(index)
        results = [by_token[i] for i in sorted(by_token)]
        return results

    def _source_phrases(self, group: Span) -> list[_Found]:
        """Sources introduced by a prepositional phrase: "according to X"."""
        results: list[_Found] = []
        words = [t.lower_ for t in group]
        for sequence in self.cues.source_prepositions:
            n = len(sequence)
            for k in range(len(words) - n + 1):
                if tuple(words[k : k + n]) != sequence:
                    continue
                first, last = group[k], group[k + n - 1]
                if self.in_quote[first.i] >= 0:
                    continue
                obj = next((c for c in last.children if c.dep_ == "pobj"), None)
                if obj is None:
                    continue
                source = self._source_of_noun(obj)
                phrase_left = first.i
                phrase_right = max(obj.right_edge.i, last.i) + 1
                pieces = [(group.start, phrase_left), (phrase_right, group.end)]
                item = _Found(
                    first,
                    " ".join(sequence[:2]) if sequence[0] == "according" else " ".join(sequence),
                    _noun_phrase(source),
                )
                item.pieces = [p for p in pieces if p[1] > p[0]]
                item.phrase = (phrase_left, phrase_right)
                results.append(item)
        return results

    def _with_absolutes(self, group: Span) -> list[_Found]:
        """ "…, with Foreign Minister X warning of …" parsed as a speech noun with the speaker's
        name as its compound modifiers."""
        results: list[_Found] = []
        for token in group:
            if token.lower_ != "with" or token.dep_ != "prep" or token.i == 0:
                continue
            if self.doc[token.i - 1].text != "," or self.in_quote[token.i] >= 0:
                continue
            noun = next((c for c in token.children if c.dep_ == "pobj"), None)
            if (
                noun is None
                or noun.pos_ != "NOUN"
                or noun.tag_ != "VBG"
                and not noun.text.endswith("ing")
            ):
                continue
            if (
                noun.lemma_.lower() not in self.cues.speech_nouns
                and noun.lower_ not in self.cues.speech_nouns
            ):
                continue
            names = [
                c for c in noun.children if c.dep_ in ("compound", "nsubj") and c.pos_ == "PROPN"
            ]
            if not names:
                continue
            tail = [c for c in noun.children if c.dep_ == "prep" and c.i > noun.i]
            if not tail:
                continue
            speaker = self.doc[names[0].left_edge.i : noun.i]
            item = _Found(noun, self.cues.forms.get(noun.lower_, noun.lemma_.lower()), speaker)
            item.pieces = [(noun.i, max(c.right_edge.i for c in tail) + 1)]
            results.append(item)
        return results

    def _noun_attributions(self, group: Span) -> list[_Found]:
        """Sources owning a speech noun: "X's remarks that …", "In his words, …"."""
        results: list[_Found] = []
        for token in group:
            if token.lemma_.lower() not in self.cues.speech_nouns or token.pos_ != "NOUN":
                continue
            if self.in_quote[token.i] >= 0:
                continue
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is None:
                continue
            item = _Found(token, token.lemma_.lower(), _noun_phrase(owner))
            prep = token.head
            if token.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ == "in":
                # "In his words, …": the rest of the sentence
                item.pieces = [(group.start, prep.left_edge.i), (prep.right_edge.i + 1, group.end)]
                item.pieces = [(a, b) for a, b in item.pieces if b > a]
                results.append(item)
                continue
            for child in token.children:
                if child.dep_ in ("acl", "ccomp", "appos") and child.i > token.i:
                    start, end = _subtree_range(child)
                    if token.head.i > token.i and token.head.pos_ in ("VERB", "AUX"):
                        end = min(end, token.head.i)  # "remarks that … drew criticism"
                    item.pieces.append((start, end))
            colon = token.right_edge.i + 1
            if item.pieces or (colon < len(self.doc) and self.doc[colon].text == ":"):
                results.append(item)
        return results

    def _source_of_noun(self, noun: Token) -> Token:
        """ "a statement by the ministry" → the ministry; "his remarks" → his; "a Defense
        Ministry statement" → Defense Ministry; "a statement released by X" → X."""
        if noun.lemma_.lower() not in self.cues.speech_nouns or noun.pos_ != "NOUN":
            return noun
        for child in noun.children:
            if child.dep_ == "poss":
                return child
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None and obj.lemma_.lower() not in self.cues.speech_nouns:
                    return obj
            if child.dep_ == "acl" and child.tag_ == "VBN":  # "released by the presidency"
                for agent in child.children:
                    if agent.dep_ == "agent":
                        obj = next((g for g in agent.children if g.dep_ == "pobj"), None)
                        if obj is not None:
                            return obj
        owners = [
            c
            for c in noun.children
            if c.dep_ == "compound"
            and c.i < noun.i
            and (c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "GPE", "NORP", "PERSON"))
        ]
        return owners[-1] if owners else noun

    def _assign_quotes(self, group: Span, results: list[_Found]) -> None:
        """Give each quotation of the group to the nearest statement's cue."""
        if not results:
            return
        for quote in self.group_quotes(group):
            span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is None:
                continue

            def distance(item: _Found, span: Span = span) -> int:
                i = item.cue_token.i
                return (
                    0 if span.start <= i < span.end else min(abs(i - span.start), abs(i - span.end))
                )

            nearest = min(results, key=distance)
            nearest.quotes.append(quote)

    def group_quotes(self, group: Span) -> list[Quote]:
        lo, hi = group.start_char, group.end_char
        return [q for q in self.quotes if q.start < hi and q.end > lo and self._words(q) >= 1]

    def _words(self, quote: Quote) -> int:
        return len(re.findall(r"\w+", self.text[quote.inner_start : quote.inner_end]))

    def _ignored(self, parts: list[str]) -> bool:
        """Formulas that are never statements ("asked not to be named")."""
        words = " ".join(parts).lower().split()
        for phrase in self.cues.ignored_contents:
            size = len(phrase.split())
            if " ".join(words).endswith(phrase) and len(words) <= size + 2:
                return True
        return False

    def _has_content(self, item: _Found) -> bool:
        return bool(item.quotes) or any(
            any(t.is_alpha for t in self.doc[s:e]) for s, e in item.pieces
        )

    # -- the statement record -----------------------------------------------------------------
    def build(self, item: _Found, group: Span) -> Attribution | None:
        doc, text = self.doc, self.text
        char_pieces: list[tuple[int, int]] = []
        quoted_words = reported_words = 0
        for quote in item.quotes:
            char_pieces.append((quote.inner_start, quote.inner_end))
            quoted_words += self._words(quote)
        quote_ranges = [(q.start, q.end) for q in self.quotes]
        for s, e in item.pieces:
            while e > s and (
                doc[e - 1].is_space
                or (doc[e - 1].is_punct and not doc[e - 1].is_quote)
                or doc[e - 1].dep_ == "cc"
            ):
                e -= 1
            while s < e and (doc[s].is_space or (doc[s].is_punct and not doc[s].is_quote)):
                s += 1
            if e <= s:
                continue
            outside = [t for t in doc[s:e] if self.in_quote[t.i] < 0 and t.is_alpha]
            inside = [t for t in doc[s:e] if self.in_quote[t.i] >= 0 and t.is_alpha]
            if len(outside) < 2 and not inside:
                continue
            if not outside:
                # the clause is the quotation itself: use the quotes' inner text
                for number in sorted({self.in_quote[t.i] for t in inside}):
                    quote = self.quotes[number]
                    if quote not in item.quotes:
                        char_pieces.append((quote.inner_start, quote.inner_end))
                        quoted_words += self._words(quote)
                continue
            reported_words += len(outside)
            quoted_words += len(inside)
            start_char, end_char = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
            # a reported clause never swallows a whole quotation next to it
            for qs, qe in quote_ranges:
                if start_char <= qs and qe <= end_char and (qs == start_char or qe == end_char):
                    if qs == start_char:
                        start_char = qe
                    else:
                        end_char = qs
            char_pieces.append((start_char, end_char))
        if not char_pieces:
            return None
        merged: list[list[int]] = []
        for s, e in sorted(char_pieces):
            if merged and (s <= merged[-1][1] or not text[merged[-1][1] : s].strip(" \t,;")):
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        parts = [_clean(text[s:e]) for s, e in merged]
        parts = [p for p in parts if p]
        if not parts or self._ignored(parts):
            return None
        if reported_words >= 3 and quoted_words:
            kind = "mixed"
        elif quoted_words and reported_words < 3:
            kind = "direct"
        else:
            kind = "reported"
        return Attribution(
            speaker=item.speaker,
            cue=item.cue,
            kind=kind,
            content=" … ".join(parts),
            content_start=merged[0][0],
            content_end=merged[-1][1],
            start=group.start_char,
            end=_strip_end(text, group.start_char, group.end_char),
        )


def _clean(fragment: str) -> str:
    fragment = " ".join(fragment.split())
    fragment = fragment.strip(" ,;:—–-")
    if fragment.endswith((",", ";")):
        fragment = fragment[:-1].rstrip()
    # a full stop closing the content, not an abbreviation ("U.S.")
    if fragment.endswith(".") and len(fragment) > 2 and not fragment[-2].isupper():
        fragment = fragment[:-1].rstrip()
    return fragment


def _strip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _bare_report(sent: Span, cues: Cues) -> bool:
    """ "Erdogan said." / "asked the senator.": a reporting verb with a subject and nothing said."""
    root = sent.root
    lemma = root.lemma_.lower()
    if root.pos_ != "VERB" or not (cues.knows(lemma) or lemma in cues.quote_only):
        return False
    if any(
        c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and lemma not in cues.addressee)
        for c in root.children
    ):
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children) or (
        root.i + 1 < sent.end and sent.doc[root.i + 1].pos_ in ("PROPN", "DET", "NOUN")
    )


def _sentence_groups(doc: Doc, quotes: list[Quote], cues: Cues | None = None) -> list[Span]:
    """Sentences, joined where a quotation runs across them or a colon introduces one."""
    sents = [s for s in doc.sents if not all(t.is_space for t in s)]
    groups: list[list[Span]] = []
    for sent in sents:
        if groups:
            previous = groups[-1][-1]
            joined = any(q.start < previous.end_char and q.end > sent.start_char for q in quotes)
            last = [t for t in previous if not t.is_space]
            first = next((t for t in sent if not t.is_space), None)
            if last and first is not None:
                after_colon = last[-1].text == ":" and first.is_quote
                # '"…," | he said.' split after the closing mark
                lower_tail = (
                    first.is_lower
                    and first.is_alpha
                    and any(t.is_quote for t in last[-2:])
                    and len(sent) <= 12
                )
                # '"Why should we?" | Erdogan said.': a question or exclamation closing the
                # quotation makes the parser start a sentence at the capitalised speaker
                upper_tail = (
                    cues is not None
                    and any(t.is_quote for t in last[-2:])
                    and any(t.text in ("?", "!") for t in last[-3:])
                    and len(sent) <= 12
                    and _bare_report(sent, cues)
                )
                joined = joined or after_colon or lower_tail or upper_tail
            if joined:
                groups[-1].append(sent)
                continue
        groups.append([sent])
    return [doc[g[0].start : g[-1].end] for g in groups]


def _is_furniture(group: Span, full_text: str) -> bool:
    """Headlines and captions: a paragraph without a final stop, or wholly in brackets."""
    raw = full_text[group.start_char : group.end_char]
    text = raw.strip()
    if not text:
        return True
    if text.startswith("(") and text.endswith(")"):
        return True
    after = full_text[group.end_char : group.end_char + 3]
    ends_paragraph = (
        group.end_char >= len(full_text) or "\n" in after or "\n" in raw[len(raw.rstrip()) :]
    )
    return ends_paragraph and text[-1] not in TERMINAL and text.count(" ") < 25


def extract_attributions(doc: Doc, cues: Cues | None = None) -> Iterator[Attribution]:
    """The statements of a parsed Doc, in text order (a generator)."""
    analyser = _Analyser(doc, cues or load_cues())
    groups = _sentence_groups(doc, analyser.quotes, analyser.cues)
    previous: Attribution | None = None
    for group in groups:
        if _is_furniture(group, analyser.text):
            previous = None
            continue
        emitted: list[Attribution] = []
        for item in analyser.attributions_in(group):
            record = analyser.build(item, group)
            if record is not None:
                emitted.append(record)
        if not emitted and previous is not None:
            record = _continuation(analyser, group, previous)
            if record is not None:
                emitted.append(record)
        yield from emitted
        quoted = [a for a in emitted if a.kind in ("direct", "mixed")]
        named = [a for a in emitted if _named(a.speaker)]
        previous = quoted[-1] if quoted else (named[-1] if named else None)
        if previous is not None and previous.kind == "reported":
            # a reported statement by a named person may go on in a quoted paragraph
            paragraph_end = analyser.text.find("\n", previous.end)
            if paragraph_end < 0 or analyser.text[previous.end : paragraph_end].strip():
                previous = None


def _named(speaker: Span | None) -> bool:
    """A speaker written as a name ("Erekat", "Foreign Minister Mevlut Cavusoglu")."""
    return (
        speaker is not None
        and speaker.root.pos_ == "PROPN"
        and speaker.root.ent_type_ not in ("GPE", "NORP", "LOC", "FAC", "DATE")
    )


def _continuation(analyser: _Analyser, group: Span, previous: Attribution) -> Attribution | None:
    """A quotation with no reporting verb right after a quoted statement: the same speaker."""
    quotes = analyser.group_quotes(group)
    if not quotes:
        return None
    first = next((t for t in group if not t.is_space), None)
    if first is None or analyser.in_quote[first.i] < 0:
        return None
    alpha = [t for t in group if t.is_alpha]
    quoted = [t for t in alpha if analyser.in_quote[t.i] >= 0]
    if len(quoted) < 4 or len(quoted) < 0.6 * len(alpha):
        return None
    text = analyser.text
    last_word = max(t.idx + len(t.text) for t in alpha)
    if len(quoted) == len(alpha) and not re.search(r"[.!?…]", text[last_word : group.end_char]):
        return None  # a quoted heading or pull quote with no final stop: not a continuation
    parts = [_clean(text[q.inner_start : q.inner_end]) for q in quotes]
    return Attribution(
        speaker=previous.speaker,
        cue=previous.cue,
        kind="direct",
        content=" … ".join(p for p in parts if p),
        content_start=quotes[0].inner_start,
        content_end=quotes[-1].inner_end,
        start=group.start_char,
        end=_strip_end(text, group.start_char, group.end_char),
    )
