"""Speech acts: what a statement does (warns, denies, demands …), from its cue and complement."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from analysis.reference import SpeechActLexicon

STATEMENT = "statement"
_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
_PREDICATES = ("acomp", "attr", "oprd")


def speech_act(
    lexicon: SpeechActLexicon,
    cue: str | None,
    cue_token: Token | Span | None,
    content: Sequence[Span],
    speaker: Span | None = None,
) -> str:
    """The act of a statement: its cue's own act ("warned" → warning), else what its
    complement says ("said it would retaliate" → threat), else a plain statement."""
    verb = cue_token if isinstance(cue_token, Token) else None
    if verb is not None:
        named = _object_act(lexicon, cue, verb)
        if named is not None:
            return named
    by_cue = lexicon.of_cue(cue)
    if by_cue is not None:
        return by_cue
    for clause in clause_heads(content):
        act = clause_act(lexicon, clause, speaker)
        if act is not None:
            return act
    return STATEMENT


def speech_act_of_span(lexicon: SpeechActLexicon, doc: Doc, cue: str, start: int, end: int) -> str:
    """The act of a statement given by its cue and the char offsets of its content."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return speech_act(lexicon, cue, None, [span] if span is not None else [])


def _object_act(lexicon: SpeechActLexicon, cue: str | None, verb: Token) -> str | None:
    """ "expressed concern", "voiced support", "called the strike a crime"."""
    lemma = (cue or verb.lemma_).split()[0].lower()
    for child in verb.children:
        word = child.lemma_.lower()
        if child.dep_ == "dobj" and lemma in lexicon.expressing and word in lexicon.objects:
            return lexicon.objects[word]
        if child.dep_ == "oprd" and (word in lexicon.denial_words or word in lexicon.predicates):
            return "denial" if word in lexicon.denial_words else lexicon.predicates[word]
    return None


def clause_heads(content: Sequence[Span]) -> Iterator[Token]:
    """The heads of the content's clauses: tokens whose head lies outside the content span."""
    for span in content:
        for token in span:
            if (token.head.i == token.i or not span.start <= token.head.i < span.end) and (
                token.pos_ in ("VERB", "AUX", "ADJ", "NOUN")
            ):
                yield token


def clause_act(lexicon: SpeechActLexicon, head: Token, speaker: Span | None) -> str | None:
    """The act a reported clause makes of a neutral cue, or None."""
    own = own_side(head, speaker)
    if _threat(lexicon, head, own):
        return "threat"
    if _denial(lexicon, head, own):
        return "denial"
    predicate = _predicate_act(lexicon, head, own)
    if predicate is not None:
        return predicate
    if any(_ready(lexicon, p) for p in _predicates(head)):
        return "proposal"
    if _obliged(lexicon, head):
        return "demand"
    lemma = head.lemma_.lower()
    if own and lemma in lexicon.clause_verbs and not _negated(head):
        return lexicon.clause_verbs[lemma]
    return None


# -- the parts of a clause ---------------------------------------------------------------------


def _subject(head: Token) -> Token | None:
    return next((c for c in head.children if c.dep_ in _SUBJECTS), None)


def own_side(head: Token, speaker: Span | None) -> bool:
    """Whether the clause's subject is the speaker's side: a pronoun ("it would …", "its
    planes"), the speaker's own words, or a country or organisation named as subject."""
    subject = _subject(head)
    if subject is None:
        return head.dep_ in ("xcomp",) or head.tag_ == "VB"  # "vowed to …", "to continue"
    if subject.pos_ == "PRON" or any(
        c.dep_ == "poss" and c.pos_ == "PRON" for c in subject.children
    ):
        return True
    if speaker is not None and subject.lemma_.lower() in {t.lemma_.lower() for t in speaker}:
        return True
    return subject.ent_type_ in ("GPE", "NORP", "ORG")


def _auxiliaries(head: Token) -> set[str]:
    return {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")}


def _negated(head: Token) -> bool:
    return any(c.dep_ == "neg" for c in head.children)


def _predicates(head: Token) -> list[Token]:
    """The predicate words of a copular clause ("was ready", "were baseless"), or the head."""
    found = [c for c in head.children if c.dep_ in _PREDICATES]
    return found or ([head] if head.pos_ in ("ADJ", "NOUN") else [])


def _future(lexicon: SpeechActLexicon, head: Token) -> bool:
    """A future or conditional clause: "would retaliate", "is going to strike"."""
    if _auxiliaries(head) & lexicon.future:
        return True
    parent = head.head
    return (
        head.dep_ == "xcomp"
        and parent.lower_ == "going"
        or bool(head.dep_ == "xcomp" and _auxiliaries(parent) & lexicon.future)
    )


# -- the rules -----------------------------------------------------------------------------------


def _threat(lexicon: SpeechActLexicon, head: Token, own: bool) -> bool:
    """ "said it would retaliate", "would not hesitate to respond", "will pay a heavy price"."""
    if not _future(lexicon, head):
        return False
    verbs = [head, *(c for c in head.children if c.dep_ == "xcomp")]
    if any(
        v.dep_ == "dobj" and v.lemma_.lower() in lexicon.threat_objects
        for h in verbs
        for v in h.children
    ):
        return True
    return own and any(v.lemma_.lower() in lexicon.hostile_verbs for v in verbs)


def _denial(lexicon: SpeechActLexicon, head: Token, own: bool) -> bool:
    """ "said the reports were baseless", "said its planes had not struck civilians"."""
    if any(p.lemma_.lower() in lexicon.denial_words for p in _predicates(head)):
        return True
    if not own or not _negated(head) or _future(lexicon, head):
        return False
    modal = _auxiliaries(head) & (lexicon.obligation | {"can", "could", "may", "might"})
    return (
        not modal
        and head.tag_ in ("VBD", "VBN")
        or any(
            c.dep_ == "aux" and c.lemma_ in ("do", "have") and c.tag_ == "VBD"
            for c in head.children
        )
    )


def _predicate_act(lexicon: SpeechActLexicon, head: Token, own: bool) -> str | None:
    """ "said it was deeply concerned", "said the attack was unacceptable"."""
    for word in _predicates(head):
        act = lexicon.predicates.get(word.lemma_.lower()) or lexicon.predicates.get(word.lower_)
        if act is None or _negated(head):
            continue
        if act in ("concern", "support") and not own:
            continue
        return act
    return None


def _ready(lexicon: SpeechActLexicon, word: Token) -> bool:
    """ "ready to host the talks": an adjective of readiness with an infinitive."""
    return word.lemma_.lower() in lexicon.readiness and any(
        c.dep_ in ("xcomp", "prep") for c in word.children
    )


def _obliged(lexicon: SpeechActLexicon, head: Token) -> bool:
    """ "Turkey must withdraw", "the sides should stop", "Ankara has to / needs to leave"."""
    modals = {c.lemma_.lower() for c in head.children if c.dep_ == "aux" and c.tag_ == "MD"}
    if modals & lexicon.obligation:
        return True
    lemma = head.lemma_.lower()
    return lemma in lexicon.obligation and any(
        c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children) for c in head.children
    )
