"""Speech acts: what a statement does (warns, denies, demands …), from its cue and complement."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from analysis.reference import SpeechActLexicon

STATEMENT = "statement"
_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
_PREDICATES = ("acomp", "attr", "oprd")
_DANGER_PLACES = ("at", "under", "in")  # "at stake", "under threat", "in danger"


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
    by_cue = None if _of_fact(lexicon, cue, content) else lexicon.of_cue(cue)
    if by_cue == "warning" and _threatens(lexicon, verb, content, speaker):
        return "threat"
    if by_cue is not None:
        return by_cue
    if _alleges(lexicon, cue, verb, content, speaker):
        return "accusation"
    for clause in clause_heads(content):
        act = clause_act(lexicon, clause, speaker)
        if act is not None:
            return act
    return "accusation" if _blames(lexicon, content) else STATEMENT


def _of_fact(lexicon: SpeechActLexicon, cue: str | None, content: Sequence[Span]) -> bool:
    """ "suggested the attackers were not using encryption": an epistemic cue before a finite
    clause with no modal reports a view; "suggested he could seek a resolution" proposes."""
    if (cue or "").lower() not in lexicon.epistemic_cues:
        return False
    head = next(clause_heads(content), None)
    if head is None or head.pos_ not in ("VERB", "AUX"):
        return False
    tags = {head.tag_} | {c.tag_ for c in head.children if c.dep_ in ("aux", "auxpass")}
    return bool(tags & {"VBD", "VBZ", "VBP"}) and not _modals(head)


def _blames(lexicon: SpeechActLexicon, content: Sequence[Span]) -> bool:
    """ "… as it is directly complicit in the crimes", "represents complicity": an accusation
    predicate or object anywhere in the content (not "the official responsible for aid"), its
    clause not negated."""
    return any(
        lexicon.predicates.get(t.lower_) == "accusation"
        and t.dep_ in _PREDICATES + ("dobj",)
        and not _negated(t)
        and not _negated(t.head)
        for span in content
        for t in span
    )


def _threatens(
    lexicon: SpeechActLexicon, verb: Token | None, content: Sequence[Span], speaker: Span | None
) -> bool:
    """A warning that is a threat: "warned of a strong response", "warned it would strike"."""
    if verb is not None and any(
        c.dep_ == "prep" and _pobj_in(c, lexicon.reprisals) for c in verb.children
    ):
        return True
    return any(clause_act(lexicon, h, speaker) == "threat" for h in clause_heads(content))


def _alleges(
    lexicon: SpeechActLexicon,
    cue: str | None,
    verb: Token | None,
    content: Sequence[Span],
    speaker: Span | None,
) -> bool:
    """ "claimed the militia executed civilians": an alleging cue with a deed of violence done
    by another party (with a neutral cue such reports stay statements). With an object ("claimed
    the attack") the cue takes responsibility instead."""
    if (cue or "").lower() not in lexicon.alleging:
        return False
    if verb is not None and any(c.dep_ == "dobj" for c in verb.children):
        return False
    verbs = lexicon.accusation_verbs | lexicon.violence_verbs
    return any(_accusation(lexicon, h, speaker, verbs) for h in clause_heads(content))


def _pobj_in(prep: Token, words: frozenset[str]) -> bool:
    return any(c.dep_ == "pobj" and c.lemma_.lower() in words for c in prep.children)


def speech_act_of_span(lexicon: SpeechActLexicon, doc: Doc, cue: str, start: int, end: int) -> str:
    """The act of a statement given by its cue and the char offsets of its content."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return speech_act(lexicon, cue, None, [span] if span is not None else [])


def _object_act(lexicon: SpeechActLexicon, cue: str | None, verb: Token) -> str | None:
    """ "expressed concern", "voiced support", "called the strike a crime", "insisted on",
    "asked Congress to approve"."""
    lemma = (cue or verb.lemma_).split()[0].lower()
    if lemma in lexicon.asking and _object_and_infinitive(verb):
        return "demand"
    for child in verb.children:
        act = _child_act(lexicon, lemma, child)
        if act is not None:
            return act
    return None


def _child_act(lexicon: SpeechActLexicon, lemma: str, child: Token) -> str | None:
    """What one dependent of the cue makes of it: its preposition ("insisted on"), its object
    ("expressed concern") or what it names something ("called it a crime", "… as fake")."""
    word = child.lemma_.lower()
    if child.dep_ == "prep":
        return lexicon.of_cue(f"{lemma} {child.lower_}") or _named_as(lexicon, child)
    if child.dep_ == "dobj":
        if lemma in lexicon.expressing and word in lexicon.objects:
            return lexicon.objects[word]
        # "described the idea that … as absurd": the "as" may hang inside the object's clause
        return next((a for p in child.subtree if (a := _named_as(lexicon, p))), None)
    if child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in child.children):
        return _naming_act(lexicon, child)  # "described it as fabricated", parsed as a clause
    return _naming_act(lexicon, child) if child.dep_ == "oprd" else None


def _named_as(lexicon: SpeechActLexicon, prep: Token) -> str | None:
    """ "described the massacre as fabricated accusations": what the "as" phrase names it."""
    if prep.dep_ != "prep" or prep.lower_ != "as":
        return None
    return next(
        (a for c in prep.children if c.dep_ in ("pobj", "amod") and (a := _naming_act(lexicon, c))),
        None,
    )


def _naming_act(lexicon: SpeechActLexicon, word: Token) -> str | None:
    """The act of calling something `word` ("a crime", "fabricated", "an outrage")."""
    for token in (word, *(c for c in word.children if c.dep_ in ("amod", "nmod"))):
        forms = (token.lemma_.lower(), token.lower_)
        if any(f in lexicon.denial_words for f in forms):
            return "denial"
        act = next((lexicon.predicates[f] for f in forms if f in lexicon.predicates), None)
        if act is not None:
            return act
    return None


def _object_and_infinitive(verb: Token) -> bool:
    """ "asked Congress to approve": an object and an infinitive complement."""
    children = list(verb.children)
    return any(c.dep_ == "dobj" for c in children) and any(
        c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children) for c in children
    )


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
    if _warning(lexicon, head):
        return "warning"
    if any(_ready(lexicon, p) for p in _predicates(head)) or (own and _intends(lexicon, head)):
        return "proposal"
    if _obliged(lexicon, head) or _imperative(head):
        return "demand"
    if _accusation(lexicon, head, speaker) or _purposed(lexicon, head):
        return "accusation"
    verb = _clause_verb(lexicon, head)
    if own and verb is not None and not _negated(head):
        return lexicon.clause_verbs[verb]
    if _condemned_subject(lexicon, head):
        return "condemnation"
    if _promise(lexicon, head, speaker):
        return "promise"
    return None


def _clause_verb(lexicon: SpeechActLexicon, head: Token) -> str | None:
    """The clause verb's entry: "call for" (with its preposition) or "support"."""
    lemma = head.lemma_.lower()
    for child in head.children:
        if child.dep_ == "prep" and f"{lemma} {child.lower_}" in lexicon.clause_verbs:
            return f"{lemma} {child.lower_}"
        if child.dep_ == "advcl" and _infinitive(child) and child.lemma_ in lexicon.clause_verbs:
            return child.lemma_  # "stood with its allies to condemn the attack"
    return lemma if lemma in lexicon.clause_verbs else None


def _infinitive(verb: Token) -> bool:
    """ "to condemn", "to be held": a verb with its "to"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


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


def _modals(head: Token) -> set[str]:
    """The modal auxiliaries of a clause ("must", "could"), not "have" of a perfect."""
    return {c.lower_ for c in head.children if c.dep_ == "aux" and c.tag_ == "MD"}


def _negated(head: Token) -> bool:
    return any(c.dep_ == "neg" for c in head.children)


def _predicates(head: Token) -> list[Token]:
    """The predicate words of a copular clause ("was ready", "were baseless"), or the head
    (an adjective, a noun, or a passive participle: "was seriously concerned by")."""
    found = [c for c in head.children if c.dep_ in _PREDICATES]
    return found or ([head] if head.pos_ in ("ADJ", "NOUN") or _passive(head) else [])


def _passive(head: Token) -> bool:
    return head.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in head.children)


def _agent(head: Token) -> Token | None:
    """Who does what the clause says: its subject, or in the passive the "by" phrase."""
    if _passive(head):
        by = next((c for c in head.children if c.dep_ == "agent"), None)
        return next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
    return next((c for c in head.children if c.dep_ in ("nsubj", "csubj")), None)


def _speaker_side(agent: Token, speaker: Span | None) -> bool:
    """The agent is the speaker: a pronoun ("it", "we") or one of the speaker's own words."""
    if agent.pos_ == "PRON":
        return True
    return speaker is not None and agent.lemma_.lower() in {t.lemma_.lower() for t in speaker}


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
    verbs = [head, *(c for c in head.children if c.dep_ in ("xcomp", "conj"))]
    if any(
        v.dep_ in ("dobj", "acomp", "oprd") and v.lemma_.lower() in lexicon.threat_objects
        for h in verbs
        for v in h.children
    ):
        return True
    return own and any(v.lemma_.lower() in lexicon.hostile_verbs for v in verbs)


def _denial(lexicon: SpeechActLexicon, head: Token, own: bool) -> bool:
    """ "said the reports were baseless", "said its planes had not struck civilians"."""
    predicates = _predicates(head)
    if any(p.lemma_.lower() in lexicon.denial_words for p in predicates):
        return True
    if any(
        p.lemma_.lower() in lexicon.truth_words and (_negated(head) or _negated(p))
        for p in predicates
    ):
        return True  # "the claim is absolutely not true"
    if not own or not _negated(head) or _future(lexicon, head) or _asks_whether(head):
        return False
    if head.lemma_.lower() in lexicon.stance_verbs:
        return False  # "did not want troops on the ground": a stance, nothing denied
    modal = _auxiliaries(head) & (lexicon.obligation | {"can", "could", "may", "might"})
    return (
        not modal
        and head.tag_ in ("VBD", "VBN")
        or any(
            c.dep_ == "aux" and c.lemma_ in ("do", "have") and c.tag_ == "VBD"
            for c in head.children
        )
    )


def _asks_whether(head: Token) -> bool:
    """ "I did not know whether I would make it": an open question, nothing denied."""
    return any(
        c.dep_ == "ccomp"
        and any(m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in c.children)
        for c in head.children
    )


def _predicate_act(lexicon: SpeechActLexicon, head: Token, own: bool) -> str | None:
    """ "said it was deeply concerned", "said the attack was unacceptable", "said the strikes
    amounted to war crimes"."""
    for word in _predicates(head) + _equated(lexicon, head):
        if _negated(head):
            continue
        if _alarming(lexicon, word):
            return "concern"
        act = lexicon.predicates.get(word.lemma_.lower()) or lexicon.predicates.get(word.lower_)
        if act is None or (act in ("concern", "support") and not own):
            continue
        return act
    return None


def _equated(lexicon: SpeechActLexicon, head: Token) -> list[Token]:
    """ "amounted to war crimes", "constitutes a violation": what an equating verb makes the
    deed (its object, or the object of its "to")."""
    if head.lemma_.lower() not in lexicon.equating_verbs:
        return []
    objects = [c for c in head.children if c.dep_ == "dobj"]
    to = [c for p in head.children if p.dep_ == "prep" and p.lower_ == "to" for c in p.children]
    return objects + [c for c in to if c.dep_ == "pobj"]


def _alarming(lexicon: SpeechActLexicon, word: Token) -> bool:
    """ "the situation is dire", "it was the deadliest month": a predicate of a bad state."""
    words = (word, *(c for c in word.children if c.dep_ == "amod"))
    return any(w.lower_ in lexicon.alarming or w.lemma_.lower() in lexicon.alarming for w in words)


def _condemned_subject(lexicon: SpeechActLexicon, head: Token) -> bool:
    """ "said these heinous acts cannot be tolerated": a condemning adjective on the subject."""
    subject = _subject(head)
    return subject is not None and any(
        c.dep_ == "amod" and lexicon.predicates.get(c.lower_) == "condemnation"
        for c in subject.children
    )


def _ready(lexicon: SpeechActLexicon, word: Token) -> bool:
    """ "ready to host the talks": an adjective of readiness with an infinitive."""
    return word.lemma_.lower() in lexicon.readiness and any(
        c.dep_ in ("xcomp", "prep") for c in word.children
    )


def _intends(lexicon: SpeechActLexicon, head: Token) -> bool:
    """ "wanted to establish a safe zone", "would consider sending": an intention to act."""
    return (
        head.lemma_.lower() in lexicon.intention_verbs
        and not _negated(head)
        and any(c.dep_ == "xcomp" and c.pos_ == "VERB" for c in head.children)
    )


def _obliged(lexicon: SpeechActLexicon, head: Token) -> bool:
    """ "Turkey must withdraw", "the sides should stop", "Ankara has to / needs to leave"."""
    modals = {c.lemma_.lower() for c in head.children if c.dep_ == "aux" and c.tag_ == "MD"}
    if modals & lexicon.obligation:
        return True
    lemma = head.lemma_.lower()
    if (lemma in lexicon.obligation or _have_got(head)) and any(
        c.dep_ == "xcomp" and _infinitive(c) for c in head.children
    ):
        return True
    if _time_to(head):
        return True
    return lemma == "have" and any(  # "has a responsibility to stop …", "a duty to protect"
        c.dep_ == "dobj"
        and lexicon.objects.get(c.lemma_.lower()) == "demand"
        and any(g.dep_ == "acl" and _infinitive(g) for g in c.children)
        for c in head.children
    )


def _have_got(head: Token) -> bool:
    """ "we've got to do better": "got" after "have" is "have to"."""
    return head.lemma_.lower() == "get" and any(
        c.dep_ == "aux" and c.lemma_.lower() == "have" for c in head.children
    )


def _time_to(head: Token) -> bool:
    """ "it was now time for the sides to talk": the time for someone to act."""
    return any(
        c.dep_ == "attr"
        and c.lemma_.lower() == "time"
        and any(g.dep_ in ("relcl", "acl") and _infinitive(g) for g in c.children)
        for c in head.children
    )


def _imperative(head: Token) -> bool:
    """ "Stop the bombing", "Let the UN decide": a sentence opening on a bare verb with no
    subject nor auxiliary tells someone to act."""
    before = next((t for t in reversed(head.doc[head.sent.start : head.i]) if not t.is_space), None)
    return (
        head.tag_ == "VB"
        and head.dep_ in ("ROOT", "ccomp", "xcomp")
        and (before is None or before.is_quote or before.text == ":")
        and _subject(head) is None
        and not _auxiliaries(head)
    )


def _possible(lexicon: SpeechActLexicon, head: Token) -> bool:
    """ "could derail", "may lead", "will likely rise", "is likely to rise"."""
    if _auxiliaries(head) & lexicon.possibility:
        return True
    if any(c.dep_ == "advmod" and c.lower_ in ("likely", "probably") for c in head.children):
        return True
    return head.dep_ == "xcomp" and head.head.lower_ == "likely"


def _endangered(lexicon: SpeechActLexicon, head: Token) -> bool:
    """ "core interests are at stake", "France is under threat", "poses a grave risk"; not
    "were not / no longer in danger"."""
    if _negated(head) or any(c.dep_ == "advmod" and _negated(c) for c in head.children):
        return False
    subject = _subject(head)
    if subject is not None and _quantified(subject, ("neither", "no")):
        return False  # "neither our pilots nor our planes posed any danger"
    if head.lemma_.lower() == "pose":
        return any(
            c.dep_ == "dobj"
            and c.lemma_.lower() in lexicon.danger_words
            and not _quantified(c, ("any", "no"))
            for c in head.children
        )
    return any(
        c.dep_ == "prep" and c.lower_ in _DANGER_PLACES and _pobj_in(c, lexicon.danger_words)
        for c in head.children
    )


def _quantified(word: Token, quantifiers: tuple[str, ...]) -> bool:
    """ "no danger", "neither … nor …": the word has one of these quantifiers among its children."""
    return any(c.lower_ in quantifiers for c in word.children)


def _warning(lexicon: SpeechActLexicon, head: Token) -> bool:
    """ "said the strikes could derail the talks", "said the toll was likely to rise", "said
    lives were at stake"."""
    if _endangered(lexicon, head):
        return True
    verbs = [
        v
        for w in (head, *_predicates(head))
        for v in (w, *(c for c in w.children if c.dep_ == "xcomp"))
    ]
    return any(
        v.lemma_.lower() in lexicon.harm_verbs and _possible(lexicon, v) and not _negated(v)
        for v in verbs
    )


def _hostile_act(lexicon: SpeechActLexicon, head: Token, verbs: frozenset[str]) -> bool:
    """A verb of `verbs` ("violated the truce"), or "used" with a weapon as object."""
    lemma = head.lemma_.lower()
    if lemma in verbs:
        return True
    return lemma == "use" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in lexicon.weapons for c in head.children
    )


def _accusation(
    lexicon: SpeechActLexicon,
    head: Token,
    speaker: Span | None,
    verbs: frozenset[str] | None = None,
) -> bool:
    """ "said the rebels breached the truce", "said the regime used chlorine gas": a realis
    clause of a breach done by another party than the speaker."""
    if head.pos_ != "VERB" or _negated(head) or _future(lexicon, head):
        return False
    if head.tag_ == "VBG" and not _auxiliaries(head):  # a participle, not a clause
        return False
    if _modals(head) & (lexicon.possibility | lexicon.obligation):
        return False  # "may have violated", "must stop"; "have used" is no obligation
    if not (
        _hostile_act(lexicon, head, lexicon.accusation_verbs if verbs is None else verbs)
        or _intended_violence(lexicon, head)
        or _recourse(lexicon, head)
        or _failure(lexicon, head)
    ):
        return False
    agent = _agent(head)
    return agent is not None and not _speaker_side(agent, speaker)


def _intended_violence(lexicon: SpeechActLexicon, head: Token) -> bool:
    """ "deliberately targeted hospitals": a deed of violence with an adverb of intent."""
    return head.lemma_.lower() in lexicon.violence_verbs and any(
        c.dep_ == "advmod" and c.lower_ in lexicon.intent_adverbs for c in head.children
    )


def _recourse(lexicon: SpeechActLexicon, head: Token) -> bool:
    """ "resorted to chemical weapons", "are resorting to media blackouts"."""
    return head.lemma_.lower() in lexicon.recourse_verbs and any(
        c.dep_ == "prep" and c.lower_ == "to" for c in head.children
    )


def _failure(lexicon: SpeechActLexicon, head: Token) -> bool:
    """ "has failed to pressure the regime", "continues to ignore its crimes"."""
    verbs = (head, *(c for c in head.children if c.dep_ == "xcomp"))
    return any(
        v.lemma_.lower() in lexicon.failure_verbs
        and not _negated(v)
        and any(c.dep_ in ("xcomp", "dobj") for c in v.children)
        for v in verbs
    )


def _purposed(lexicon: SpeechActLexicon, head: Token) -> bool:
    """ "the bombardment is aimed at forcing people out", "the attack was designed to derail
    the talks": an aim ascribed to a deed of violence."""
    if head.lemma_.lower() not in lexicon.purpose_verbs or not _passive(head):
        return False
    subject = _subject(head)
    if subject is None or _negated(head):
        return False
    words = (subject, *(c for c in subject.children if c.dep_ in ("compound", "amod")))
    return any(
        w.lemma_.lower() in lexicon.violence_nouns or w.lemma_.lower() in lexicon.violence_verbs
        for w in words
    )


def _promise(lexicon: SpeechActLexicon, head: Token, speaker: Span | None) -> bool:
    """ "said it would send a mission", "we will probe the reports": the speaker's own future
    action (a hostile one is a threat, found before)."""
    if head.pos_ != "VERB" or _negated(head) or not _future(lexicon, head):
        return False
    agent = _subject(head)
    return agent is not None and _speaker_side(agent, speaker)
