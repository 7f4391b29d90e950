"""Speaker resolution: each mention is tried against an ordered list of small resolvers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from analysis.extract.actors.article import ArticleActors
from analysis.extract.actors.grammar import (
    ABBREVIATED_TITLE,
    BODY_NOUNS,
    DETERMINERS,
    HONORIFICS,
    PLACE_LABELS,
    PRONOUNS,
)
from analysis.extract.actors.institutions import institution_speaker
from analysis.extract.actors.lexicon import ActorLexicon
from analysis.extract.actors.mention import Mention, Resolved, Speaker, as_speaker, speaker_type
from analysis.extract.actors.persons import person_country
from analysis.extract.actors.pronouns import pronoun_speaker
from analysis.extract.actors.titles import title_speaker
from analysis.extract.statements.sources import noun_phrase, source_of_noun
from analysis.extract.statements.via import outlet_index, outlet_of
from analysis.reference import Cues, load_cues
from analysis.text import fold

# The speakers resolved before a mention that its resolvers read: the last ones of the
# article (every one in an article of news length).
RESOLVED_LOOKBACK = 500

# A resolver names the speaker of a mention, or returns None to let the next one try.
Resolver = Callable[[Mention], Speaker | None]


def resolve_speakers(
    doc: Doc,
    mentions: Sequence[Span | None],
    published: date | None,
    article: ArticleActors,
    lexicon: ActorLexicon,
) -> list[Speaker]:
    """One Speaker per mention, in order; pronouns and roles resolved inside the article."""
    year = published.year if published else None
    resolved: Resolved = []
    out = []
    for mention in mentions:
        if mention is None:
            out.append(Speaker(None, None, None, "unknown"))
            continue
        speaker = resolve(mention, year, article, lexicon, resolved)
        resolved.append((mention.start, speaker))
        out.append(speaker)
    return out


def resolve(
    span: Span,
    year: int | None,
    article: ArticleActors,
    lexicon: ActorLexicon,
    resolved: Resolved,
) -> Speaker:
    """The speaker of one mention, given the speakers resolved before it in the article."""

    def again(other: Span, other_year: int | None, other_resolved: Resolved) -> Speaker:
        return resolve(other, other_year, article, lexicon, other_resolved)

    # what one mention reads is bounded (a window of the article, the last speakers), so the
    # resolution of an article stays linear in its length
    core = before_description(span)
    if core.end < span.end:  # "X a Britain-based monitor": X resolved, the whole mention kept
        return replace(resolve(core, year, article, lexicon, resolved), mention=span.text)
    nearby = article.around(span.start, span.end)
    mention = Mention(span, year, nearby, lexicon, resolved[-RESOLVED_LOOKBACK:], again)
    for resolver in RESOLVERS:
        speaker = resolver(mention)
        if speaker is not None:
            return speaker
    return mention.speaker(None, mention.title.country, "unknown")


def before_description(span: Span) -> Span:
    """A name without the description after it that no comma sets off (text whose commas
    were stripped): "The Syrian Observatory for Human Rights a Britain-based monitor" is
    the Observatory. An indefinite article right after a capitalised proper noun starts it."""
    for token in span[1:]:
        before = token.doc[token.i - 1]
        if (
            token.lower_ in ("a", "an")
            and token.pos_ == "DET"
            and before.pos_ == "PROPN"
            and before.text[:1].isupper()
        ):
            return span.doc[span.start : token.i]
    return span


# -- the resolvers, in the order they are tried ----------------------------------------------


def _no_words(m: Mention) -> Speaker | None:
    """Punctuation only: nobody."""
    return None if m.tokens else m.speaker(None, None, "unknown")


def _pronoun(m: Mention) -> Speaker | None:
    """Pronouns, possessive ones included ("his remarks" gives the speaker "his")."""
    if len(m.tokens) != 1:
        return None
    word = fold(m.tokens[0].text)
    if m.tokens[0].pos_ == "PRON" or word in PRONOUNS:
        return pronoun_speaker(m, word)
    return None


def _several(m: Mention) -> Speaker | None:
    """Several speakers at once ("Russia, Turkey and Iran"): no single name."""
    root, span = m.root, m.span
    conjuncts = [root, *(c for c in root.conjuncts if span.start <= c.i < span.end)]
    if len(conjuncts) > 1 and any(t.dep_ == "cc" for t in span):
        kinds = {_conjunct_type(m, c) for c in conjuncts}
        return m.speaker(None, None, kinds.pop() if len(kinds) == 1 else "unknown")
    return None


def _conjunct_type(m: Mention, token: Token) -> str:
    if m.article.person_at(token.i) is not None:
        return "person"
    actor = m.actor_at(token.i)
    return speaker_type(actor) if actor is not None else "unknown"


def _named_person(m: Mention) -> Speaker | None:
    """A person named in the mention (not the owner of "Erdoğan's office")."""
    person = m.named_person
    if person is None:
        return None
    return m.speaker(person.name, person_country(person, m.lexicon, m.year), "person")


def _named_body(m: Mention) -> Speaker | None:
    """An organisation, government or country named at the mention's head, also by a name
    that begins before the mention ("The Kremlin statement" whose mention is "Kremlin")."""
    for match, actor in m.named:
        if match.start <= m.root.i < match.end:
            return as_speaker(actor, m.text)
    actor = m.actor_at(m.root.i)
    if actor is not None and actor.type != "person":
        return as_speaker(actor, m.text)
    return None


def _named_modifier(m: Mention) -> Speaker | None:
    """An organisation or group named as a noun modifier of a common-noun head that names
    neither a person nor a body of its own: "the Observatory group", "the Hezbollah media
    unit", "an opposition statement"."""
    root, lexicon = m.root, m.lexicon
    head = fold(root.text)
    if root.pos_ != "NOUN" or head in lexicon.person_heads:
        return None
    if head in lexicon.institution_heads and head not in BODY_NOUNS:
        return None  # "the UN humanitarian office": a body of its own (_institution)
    for token in m.span:
        actor = m.actor_at(token.i)
        if (
            actor is not None
            and actor.type in ("organisation", "group")
            and token.i < root.i
            and _modifies(token, root)
        ):
            return as_speaker(actor, m.text)
    return None


def _appositive_body(m: Mention) -> Speaker | None:
    """A body named right after the description of it, the comma between them stripped:
    "Another activist group the Local Coordination Committees"."""
    if not m.institution:
        return None
    for match, actor in m.named:
        between = m.doc[m.root.i + 1 : match.start]
        if (
            actor.type != "country"  # "the World Health Organization Syria": its office
            and match.end == m.span.end
            and match.start > m.root.i
            and all(fold(t.text) in DETERMINERS for t in between)
        ):
            return as_speaker(actor, m.text)
    return None


def _modifies(token: Token, root: Token) -> bool:
    """True when `token` is a compound modifier of `root`, directly or through other ones."""
    while token.dep_ in ("compound", "nmod", "amod") and token.i != root.i:
        token = token.head
    return token.i == root.i


def _aide(m: Mention) -> Speaker | None:
    """ "Erdogan's aide": an unnamed person of the owner's country."""
    if m.owner_country is not None and m.root_word in m.lexicon.generic_heads:
        return m.speaker(None, m.owner_country, "person")
    return None


def _description(m: Mention) -> Speaker | None:
    """A definite description of an actor named earlier: "the monitor", "the ministry",
    "the centre". Its head noun (and any noun modifier) must be a word of the earlier
    speaker's mention or name, or of the actor's `descriptions` in data/actors.toml."""
    wanted = _described_words(m)
    if wanted is None:
        return None
    country = m.title.country
    candidates = [
        c
        for c in _earlier_speakers(m, wanted) + _earlier_bodies(m, wanted)
        if country is None or c[1].country in (None, country)
    ]
    if not candidates:
        return None
    chosen = max(candidates, key=lambda c: c[0])[1]
    return m.speaker(chosen.name, chosen.country, chosen.type)


def _described_words(m: Mention) -> set[str] | None:
    """The words a definite description must share with its actor: head and noun modifiers."""
    root = m.root
    if fold(m.span[0].text) not in ("the", "this", "that"):
        return None
    # "The monitor", and "The Observatory" capitalised as a name of its own.
    if root.pos_ != "NOUN" and not (root.pos_ == "PROPN" and len(m.span) == 2):
        return None
    head = fold(root.text)
    if head in m.lexicon.person_heads or any(a.type != "country" for _, a in m.named):
        return None
    required = {
        fold(t.text)
        for t in m.span
        if t.dep_ == "compound" and t.head.i == root.i and t.i not in m.article.token_actors
    }
    return {m.lexicon.standard(w) for w in {head} | required}


def _earlier_speakers(m: Mention, wanted: set[str]) -> list[tuple[int, Speaker]]:
    """Bodies that spoke before the mention and whose mention, name or descriptions fit."""
    lexicon, found = m.lexicon, []
    for position, previous in m.resolved:
        if position >= m.span.start or previous.name is None or previous.type == "person":
            continue
        written = f"{previous.mention or ''} {previous.name}"
        words = {lexicon.standard(w) for w in fold(written).replace("-", " ").split()}
        words |= lexicon.described_by.get(previous.name, frozenset())
        if previous.type == "organisation":
            words |= {lexicon.standard(w) for w in BODY_NOUNS}
        if wanted <= words:
            found.append((position, previous))
    return found


def _earlier_bodies(m: Mention, wanted: set[str]) -> list[tuple[int, Speaker]]:
    """Gazetteer bodies named before the mention whose descriptions (an organisation's or
    group's: also "group", "organisation" …) fit."""
    lexicon, found = m.lexicon, []
    bodies = frozenset(lexicon.standard(w) for w in BODY_NOUNS)
    for match in m.article.matches:
        actor = lexicon.by_name.get(match.label)
        if actor is None or actor.type in ("person", "country", "place"):
            continue
        words = lexicon.described_by.get(actor.name, frozenset())
        if actor.type in ("organisation", "group"):
            words = words | bodies  # "the group", "the organisation": the last one named
        if match.start < m.span.start and wanted <= words:
            found.append((match.start, as_speaker(actor, actor.name)))
    return found


def _institution(m: Mention) -> Speaker | None:
    """ "Turkey's foreign ministry", "the UN envoy's office", "the ministry"."""
    return institution_speaker(m) if m.institution else None


def _name_beside_title(m: Mention) -> Speaker | None:
    """ "The opposition co-chair, Hadi al-Bahra" that the NER and parser got wrong: a run of
    capitalised proper nouns beside a title is the person's name (not a place: "an activist
    in Deir al-Zor")."""
    if not m.title.words:
        return None
    run = _without_titles(m, _proper_run(m))
    if len(run) >= 2 and not all(t.ent_type_ in PLACE_LABELS for t in run):
        return m.speaker(m.doc[run[0].i : run[-1].i + 1].text, m.title.country, "person")
    return None


def _without_titles(m: Mention, run: list[Token]) -> list[Token]:
    """A run of names without the titles and honorifics before the name ("Sen. Ben Sasse",
    "Lt. Gen. X", "Dr Ziad Alissa", "Lieutenant Iyad al-Homsi")."""
    while run and (
        ABBREVIATED_TITLE.match(run[0].text)
        or fold(run[0].text) in HONORIFICS
        or m.lexicon.standard(fold(run[0].text)) in m.lexicon.role_words
    ):
        run = run[1:]
    return run


def _proper_run(m: Mention) -> list[Token]:
    """The first run of two or more capitalised proper nouns outside any actor's name."""
    run: list[Token] = []
    owned = {t.i for c in m.root.children if c.dep_ == "poss" for t in c.subtree}
    for token in m.span:
        if (
            token.pos_ == "PROPN"
            and token.i not in m.article.token_actors
            and token.i not in owned  # "a reporter X's source" is not X
            and (token.text[:1].isupper() or (run and token.text in ("-", "al", "el")))
        ):
            run.append(token)
            continue
        if len(run) >= 2:
            break
        run = []
    return run


def _title(m: Mention) -> Speaker | None:
    """A title ("the foreign minister", "Russia's envoy"): its holder."""
    if m.lexicon.standard(m.root_word.split("-")[-1]) in m.lexicon.role_heads:
        return title_speaker(m)
    return None


def _described_name(m: Mention) -> Speaker | None:
    """ "X Y, a trade professor at Z": the name, described as a person."""
    root, span = m.root, m.span
    if not (root.pos_ == "PROPN" and root.text[:1].isupper()):
        return None
    heads = m.lexicon.title_heads | m.lexicon.generic_heads
    if not any(
        c.dep_ == "appos" and root.i < c.i < span.end and m.lexicon.standard(fold(c.text)) in heads
        for c in root.children
    ):
        return None
    start = root.i
    while start > span.start and m.doc[start - 1].pos_ == "PROPN":
        start -= 1
    return m.speaker(m.doc[start : root.i + 1].text, m.title.country, "person")


def _news_outlet(m: Mention) -> Speaker | None:
    """A news outlet ("SANA", "Syrian state TV", "the Interfax agency") only relays what it
    reports: no speaker of its own (the outlet is the statement's channel, its `via`)."""
    if outlet_of(outlet_index(), load_cues(), m.span) is None:
        return None
    return m.speaker(None, m.title.country, "organisation")


def _entity(m: Mention) -> Speaker | None:
    """A proper noun the NER calls an organisation, a place or a nationality."""
    country = m.title.country
    found = m.article.entity_at(m.root.i)
    if found is None:
        return None
    ent, label = m.doc[found[0] : found[1]], found[2]
    if label == "ORG" and _bare_surname(m):
        return m.speaker(m.text, country, "person")
    if label == "ORG":
        name = ent[1:].text if fold(ent[0].text) == "the" else ent.text
        return m.speaker(name, country, "organisation")
    if label == "GPE":
        return m.speaker(ent.text, country, "government")
    if label == "NORP":
        return m.speaker(None, country, "unknown")
    return None


def _proper_noun(m: Mention) -> Speaker | None:
    """Any other capitalised proper noun: a surname, or somebody unknown."""
    if m.root.pos_ == "PROPN" and m.root.text[:1].isupper():
        kind = "person" if _bare_surname(m) else "unknown"
        return m.speaker(_before_apposition(m), m.title.country, kind)
    return None


def _before_apposition(m: Mention) -> str:
    """The mention's words before an apposition on its head, commas or none ("Manal a
    teacher living in Midan" → "Manal"); the whole mention when there is none."""
    root = m.root
    appos = [c for c in root.children if c.dep_ == "appos" and c.i > root.i]
    if not appos:
        return m.text
    end = appos[0].left_edge.i
    while end > m.span.start and (m.doc[end - 1].is_punct or m.doc[end - 1].is_space):
        end -= 1
    return m.doc[m.span.start : end].text if end > root.i else m.text


def _bare_surname(m: Mention) -> bool:
    """A single capitalised word as the subject of a verb, not a known organisation nor a
    news outlet nor an acronym, is a person's surname ("Volker said")."""
    if len(m.tokens) != 1:
        return False
    token, lexicon = m.tokens[0], m.lexicon
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and not token.text.isupper()
        and token.dep_ in ("nsubj", "nsubjpass")
        and fold(token.text) not in lexicon.by_alias
        and fold(token.text) not in lexicon.outlet_words
        and fold(token.text) not in lexicon.institution_heads
    )


def _repeated_noun(m: Mention) -> Speaker | None:
    """ "The source", "the statement": a noun repeated from an earlier speaker's mention."""
    if fold(m.span[0].text) != "the":
        return None
    for _, previous in reversed(m.resolved):
        if previous.mention and m.root_word in fold(previous.mention).split():
            return m.speaker(previous.name, previous.country, previous.type)
    return None


def _issued(m: Mention) -> Speaker | None:
    """ "The statement", "the communique": its issuer, named where the article brought the
    document up ("The ministry issued a statement …", "a joint statement by X and Y")."""
    root, cues = m.root, load_cues()
    if fold(m.span[0].text) not in ("the", "this", "that") or not _speech_noun(cues, root):
        return None
    earlier = _document_before(m, root.lemma_.lower())
    if earlier is None:
        return None
    issuer = source_of_noun(cues, earlier)
    if issuer.i == earlier.i:
        verb = _verb_of_document(cues, earlier)
        subjects = [c for c in verb.children if c.dep_ == "nsubj"] if verb is not None else []
        if not subjects:
            return None
        issuer = subjects[0]
    resolved = [(i, s) for i, s in m.resolved if i < issuer.i]
    return replace(m.resolve(noun_phrase(issuer), m.year, resolved), mention=m.text)


def _verb_of_document(cues: Cues, document: Token) -> Token | None:
    """The verb whose subject brought the document up: "issued a statement", "said in a
    letter" ("In a letter to the council, the ambassador said …")."""
    head = document.head
    if document.dep_ == "dobj":
        return head if head.pos_ == "VERB" else None
    if document.dep_ == "pobj" and head.lower_ in cues.setting_prepositions:
        verb = head.head
        return verb if head.dep_ == "prep" and verb.pos_ == "VERB" else None
    return None


def _speech_noun(cues: Cues, token: Token) -> bool:
    return token.pos_ == "NOUN" and token.lemma_.lower() in cues.speech_nouns


def _document_before(m: Mention, lemma: str) -> Token | None:
    """The nearest earlier mention of the same document noun, in this sentence or the two
    before it."""
    doc, sent = m.doc, m.span.sent
    first = sent.start
    for _ in range(2):
        if first > 0:
            first = doc[first - 1].sent.start
    for i in range(m.span.start - 1, first - 1, -1):
        if doc[i].lemma_.lower() == lemma and doc[i].pos_ == "NOUN":
            return doc[i]
    return None


RESOLVERS: tuple[Resolver, ...] = (
    _no_words,
    _pronoun,
    _several,
    _news_outlet,
    _named_person,
    _named_body,
    _named_modifier,
    _appositive_body,
    _aide,
    _description,
    _institution,
    _name_beside_title,
    _title,
    _described_name,
    _entity,
    _proper_noun,
    _repeated_noun,
    _issued,
)
