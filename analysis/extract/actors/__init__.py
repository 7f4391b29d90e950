"""Actors: canonical names for people, governments and organisations, and who each speaker is."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from analysis.reference import Actor, RoleNouns, load_actors, load_outlets, load_roles
from analysis.text import credit_spans, fold, quote_spans

# Grammar, not reference data: which pronouns refer to people, to things, to groups.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})

_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})

ACTOR_SPANS = "actors"  # doc.spans key of the gazetteer matches (label: actor or demonym:X)
if not Doc.has_extension("actor_analysis"):
    # (the index that analysed the Doc, its _Analysis): per-Doc state lives on the Doc
    Doc.set_extension("actor_analysis", default=None)


@dataclass(frozen=True)
class Speaker:
    """Who a speaker mention refers to: canonical name (or None), country, and type."""

    name: str | None
    mention: str | None
    country: str | None
    type: str  # person | organisation | government | unknown


@dataclass(frozen=True)
class _Role:
    """A title read from text ("Russia's consul general"): its words and its country."""

    words: tuple[str, ...]
    country: str | None

    def fits(self, other: _Role) -> bool:
        """True when this (possibly shorter) title can refer to a holder of `other`."""
        if not self.words or not other.words or self.words[-1] != other.words[-1]:
            return False
        if not set(self.words) <= set(other.words):
            return False
        return self.country is None or other.country is None or self.country == other.country


@dataclass
class _Person:
    """One occurrence of a person in an article, with its canonical name and described role."""

    start: int  # token index
    end: int
    name: str
    country: str | None
    roles: list[_Role] = field(default_factory=list)
    subject: bool = False


@dataclass
class _Analysis:
    """What an article says about its actors, computed once per Doc."""

    matches: list[Span]  # gazetteer matches, label = actor name or "demonym:<country>"
    token_actor: dict[int, Span]
    persons: list[_Person]
    excluded: list[tuple[int, int]]  # char ranges of credits and bylines
    quotes: list[tuple[int, int]]  # char ranges of quotations


def _speaker_type(actor: Actor) -> str:
    return {
        "person": "person",
        "government": "government",
        "country": "government",
        "organisation": "organisation",
        "group": "organisation",
    }.get(actor.type, "unknown")


# an abbreviated title before a name: "Sen.", "Gen.", "Lt.", "Dr.", "Gov."
_ABBREVIATED_TITLE = re.compile(r"^[A-Z][a-z]{1,4}\.$")


def _inside(ranges: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


class ActorIndex:
    """The gazetteer as spaCy matchers, and speaker resolution within one article."""

    def __init__(
        self,
        nlp: Language,
        actors: Sequence[Actor],
        roles: RoleNouns | None = None,
        outlets: Iterable[str] | None = None,
    ) -> None:
        self.nlp = nlp
        nouns = roles if roles is not None else load_roles()
        self.standard = nouns.standard
        self.synonyms = [(tuple(k.split()), v) for k, v in nouns.synonyms]
        self.title_heads = nouns.title_heads
        self.generic_heads = nouns.generic_person_heads
        self.person_heads = nouns.title_heads | nouns.generic_person_heads
        self.government_heads = nouns.government_heads
        self.state_heads = nouns.state_heads
        self.organisation_heads = nouns.organisation_heads
        self.institution_heads = nouns.government_heads | nouns.organisation_heads
        # News outlets are organisations, never a person called by a surname ("Reuters said").
        if outlets is None:
            outlets = [p for o in load_outlets() for p in (o.name, *o.patterns)]
        self.outlet_words = frozenset(fold(o) for o in outlets)
        self.actors: tuple[Actor, ...] = tuple(actors)
        self.by_name: dict[str, Actor] = {a.name: a for a in self.actors}
        self.by_alias: dict[str, Actor] = {}
        self.demonyms: dict[str, Actor] = {}
        self.folded = PhraseMatcher(nlp.vocab, attr="ORTH")  # on diacritic-folded tokens
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")  # acronyms: "US" is not "us"
        for actor in self.actors:
            for alias in dict.fromkeys((actor.name, *actor.aliases)):
                self.by_alias.setdefault(fold(alias), actor)
                _add(self, actor.name, alias)
                if actor.type == "country" and alias.isalpha() and not alias.endswith("s"):
                    # A possessive whose apostrophe was lost ("Syrias future" in scraped text).
                    _add(self, actor.name, alias + "s")
            for demonym in actor.demonyms:
                self.demonyms.setdefault(fold(demonym), actor)
                for form in {demonym, demonym + "s"}:
                    _add(self, "demonym:" + actor.name, form)
        # Words an actor is described by once named: its own name and its `descriptions`.
        self.described_by: dict[str, frozenset[str]] = {
            a.name: frozenset(
                self.standard(w)
                for text in (a.name, *a.descriptions)
                for w in fold(text).replace("-", " ").split()
            )
            for a in self.actors
        }
        titles = {w for a in self.actors for r in a.roles for w in _title_words(self, r.title)}
        self.role_words: frozenset[str] = self.person_heads | titles
        # The head noun of each gazetteer title ("secretary" of "secretary of state"): only a
        # head makes a mention a title ("the state" is no secretary of state).
        self.role_heads: frozenset[str] = self.person_heads | {
            self.standard(head.split()[-1])
            for a in self.actors
            for r in a.roles
            if (head := fold(r.title).replace("-", " ").split(" of ")[0].strip())
        }
        # Gazetteer people with their titles as read from text, for "who was X in year Y".
        self.titled = [
            (a, [(_Role(_title_words(self, r.title), r.country or a.country), r) for r in a.roles])
            for a in self.actors
            if a.type == "person" and a.roles
        ]

    @classmethod
    def from_reference(cls, nlp: Language, data_dir: Path | None = None) -> ActorIndex:
        """The index over data/actors.toml (or the actors.toml in `data_dir`)."""
        outlets = [p for o in load_outlets(data_dir) for p in (o.name, *o.patterns)]
        return cls(nlp, load_actors(data_dir), load_roles(data_dir), outlets)

    def actor(self, name: str) -> Actor | None:
        """The gazetteer entry of a canonical name (or of any of its aliases)."""
        return lookup_actor(self, name)

    def resolve_speakers(
        self, doc: Doc, mentions: Sequence[Span | None], published: date | None
    ) -> list[Speaker]:
        """One Speaker per mention, in order; pronouns and roles resolved inside the article."""
        return speakers_of(self, doc, mentions, published)

    def actors_in(self, span: Span | Doc) -> list[str]:
        """Canonical actors mentioned in a span: gazetteer matches plus NER PERSON/ORG/GPE."""
        return actors_mentioned(self, span)


def _add(index: ActorIndex, key: str, alias: str) -> None:
    tokens = [t.text for t in index.nlp.make_doc(alias)]
    if not tokens:
        return
    if alias.isupper() and len(alias) <= 5:
        index.exact.add(key, [Doc(index.nlp.vocab, words=tokens)])
    else:
        index.folded.add(key, [_fold_doc(index, index.nlp.make_doc(alias))])


def _fold_doc(index: ActorIndex, doc: Doc | Span) -> Doc:
    words = [fold(t.text) or t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    return Doc(index.nlp.vocab, words=words, spaces=spaces)


def _title_words(index: ActorIndex, title: str) -> tuple[str, ...]:
    """The words of a title without country names or demonyms ("Kremlin spokesman")."""
    words = []
    for word in fold(title).replace("-", " ").split():
        word = index.standard(word)
        if word in index.by_alias or word in index.demonyms or index.nlp.vocab[word].is_stop:
            continue
        words.append(word)
    return tuple(words)


def lookup_actor(index: ActorIndex, name: str) -> Actor | None:
    """The gazetteer entry of a canonical name (or of any of its aliases)."""
    return index.by_name.get(name) or index.by_alias.get(fold(name))


def _country_of(index: ActorIndex, label: str) -> str | None:
    if label.startswith("demonym:"):
        return label.removeprefix("demonym:")
    actor = index.by_name.get(label)
    if actor is None:
        return None
    return actor.country or (actor.name if actor.type == "country" else None)


def _analyse(index: ActorIndex, doc: Doc) -> _Analysis:
    """What the article says about its actors, kept on the Doc (never on the shared index)."""
    kept = doc._.actor_analysis
    if kept is not None and kept[0] is index:
        return kept[1]
    spans = [
        Span(doc, start, end, label=match_id)
        for match_id, start, end in index.folded(_fold_doc(index, doc))
    ]
    spans += [Span(doc, start, end, label=match_id) for match_id, start, end in index.exact(doc)]
    text = doc.text
    excluded = credit_spans(text)
    quotes = quote_spans(text)
    matches = [
        s
        for s in filter_spans(spans)
        if not _inside(excluded, s.start_char, s.end_char)
        and not (s.label_ in index.by_name and _overlaps_other_person(index, s))
        and not _inside_longer_name(index, s)
    ]
    token_actor = {i: s for s in matches for i in range(s.start, s.end)}
    analysis = _Analysis(matches, token_actor, [], excluded, quotes)
    analysis.persons = _persons(index, doc, analysis)
    doc.spans[ACTOR_SPANS] = matches
    doc._.actor_analysis = (index, analysis)
    return analysis


def _inside_longer_name(index: ActorIndex, span: Span) -> bool:
    """An organisation alias that is only the tail of a longer proper name ("Security
    Council" in "National Security Council") is not that organisation."""
    actor = index.by_name.get(span.label_)
    if actor is None or actor.type not in ("organisation", "government", "group"):
        return False
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    return (
        before.pos_ in ("PROPN", "ADJ")
        and before.is_alpha
        and before.text[:1].isupper()
        and fold(before.text) not in index.by_alias
        and fold(before.text) not in index.demonyms
        and fold(before.text) not in index.role_heads
        and not before.is_sent_start
    )


def _overlaps_other_person(index: ActorIndex, span: Span) -> bool:
    """A country alias inside a longer PERSON name ("Hafez al-Assad Street") is no country."""
    actor = index.by_name[span.label_]
    if actor.type == "person":
        return False
    return any(
        e.label_ == "PERSON" and e.start <= span.start and span.end <= e.end and len(e) > len(span)
        for e in span.doc.ents
    ) and actor.type not in ("country", "government")


def _persons(index: ActorIndex, doc: Doc, analysis: _Analysis) -> list[_Person]:
    """Every person occurrence: gazetteer people, then NER PERSON names not in the gazetteer."""
    found: list[tuple[int, int, str | None]] = []
    for span in analysis.matches:
        actor = index.by_name.get(span.label_)
        if actor is not None and actor.type == "person":
            found.append((span.start, span.end, actor.name))
    taken = {i for s, e, _ in found for i in range(s, e)}
    for ent in doc.ents:
        if _inside(analysis.excluded, ent.start_char, ent.end_char):
            continue
        if any(i in taken or i in analysis.token_actor for i in range(ent.start, ent.end)):
            continue
        start, end = _trim_name(index, ent)
        if start >= end:
            continue
        if fold(doc[start:end].text) in index.outlet_words:
            continue  # "according to SANA": a news agency the NER took for a person
        if end - start == 1 and fold(doc[start].text) in index.institution_heads:
            continue  # "The Observatory" the NER took for a person
        while (
            start > 0
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].dep_ == "compound"
            and start <= doc[start - 1].head.i < end
            and doc[start - 1].i not in taken
            and doc[start - 1].i not in analysis.token_actor
            and fold(doc[start - 1].text) not in index.role_words
            and not _ABBREVIATED_TITLE.match(doc[start - 1].text)
        ):
            start -= 1  # the first name the NER left out ("Ahmet" of "Ahmet Yilmaz")
        if ent.label_ != "PERSON" and not (
            # A name the NER mislabels is a person when a person's title describes it
            # ("Ahmet Yilmaz, Turkey's deputy foreign minister").
            ent.label_ in ("GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART")
            and all(t.pos_ == "PROPN" for t in doc[start:end])
            and fold(doc[end - 1].text) not in index.institution_heads
            and any(
                r.words and r.words[-1] in index.person_heads
                for r in _described_roles(index, doc, start, end, analysis)
            )
        ):
            continue
        found.append((start, end, None))
        taken.update(range(start, end))
    # A surname standing alone that the NER missed ("Pedersen met ...").
    surnames = {fold(doc[e - 1].text): (s, e) for s, e, name in found if name is None and e - s > 1}
    for token in doc:
        if (
            token.i not in taken
            and token.pos_ == "PROPN"
            and token.text[:1].isupper()
            and fold(token.text) in surnames
            and not _inside(analysis.excluded, token.idx, token.idx + len(token))
        ):
            found.append((token.i, token.i + 1, None))
            taken.add(token.i)
    found.sort()
    # Canonical form of names outside the gazetteer: the fullest form in the article.
    names = [tuple(fold(t.text) for t in doc[s:e]) for s, e, _ in found]
    persons = []
    for (start, end, name), words in zip(found, names, strict=True):
        if name is None:
            name = _fullest(index, doc, found, names, words)
        person = _Person(start, end, name, None)
        actor = index.by_name.get(name)
        if actor is not None:
            person.country = actor.country
        roles = _described_roles(index, doc, start, end, analysis)
        person.roles.extend(roles)
        head = doc[start:end].root
        person.subject = head.dep_ in ("nsubj", "nsubjpass") or (
            head.dep_ == "appos" and head.head.dep_ in ("nsubj", "nsubjpass")
        )
        persons.append(person)
    # A name outside the gazetteer takes its country from any role described for it.
    for person in persons:
        if person.country is None:
            for other in persons:
                if other.name == person.name:
                    country = next((r.country for r in other.roles if r.country), None)
                    if country:
                        person.country = country
                        break
    return persons


def _trim_name(index: ActorIndex, ent: Span) -> tuple[int, int]:
    """A PERSON entity without leading titles and determiners and a trailing 's."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (
        doc[start].lower_ in index.role_words
        or doc[start].lower_ in _DETERMINERS
        or fold(doc[start].text).rstrip(".") in ("mr", "mrs", "ms", "dr")
        or _ABBREVIATED_TITLE.match(doc[start].text)
        or fold(doc[start].text) in index.demonyms
    ):
        start += 1
    while end > start and (doc[end - 1].dep_ == "case" or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _fullest(
    index: ActorIndex,
    doc: Doc,
    found: list[tuple[int, int, str | None]],
    names: list[tuple[str, ...]],
    words: tuple[str, ...],
) -> str:
    """The longest name in the article that ends with (or equals) these words; a person of
    the gazetteer named in full elsewhere in the article gives the canonical name."""
    best = None
    for (start, end, name), other in zip(found, names, strict=True):
        forms = [other]
        if name is not None:
            forms.append(tuple(fold(name).split()))
        for form in forms:
            if len(form) < len(words) or form[-len(words) :] != words:
                continue
            size = len(form) + (100 if name is not None else 0)
            if best is None or size > best[0]:
                best = (size, name or doc[start:end].text)
    if best is None:
        return " ".join(t for t in words)
    return best[1]


def _described_roles(
    index: ActorIndex, doc: Doc, start: int, end: int, analysis: _Analysis
) -> list[_Role]:
    """Roles written next to a name: "Russian Consul General X", "X, Russia's envoy"."""
    roles = []
    name = set(range(start, end))
    # Pre-modifiers: contiguous tokens before the name that hang on it.
    left: set[int] = set()
    i = start - 1
    while i >= 0 and (doc[i].head.i in name or doc[i].head.i in left) and not doc[i].is_space:
        if doc[i].is_punct and doc[i].text not in ("-",):
            break
        left.add(i)
        i -= 1
    if left:
        role = _role(index, doc, sorted(left), analysis)
        if role.words:
            roles.append(role)
    head = doc[start:end].root
    # Appositions: "X, Russia's foreign minister" and "Russia's foreign minister, X".
    for child in head.children:
        if child.dep_ == "appos" and child.i not in name:
            role = _role(index, doc, [t.i for t in child.subtree], analysis)
            if role.words:
                roles.append(role)
    if head.dep_ == "appos" and head.head.i not in name:
        outer = head.head
        tokens = [t.i for t in outer.subtree if t.i not in {u.i for u in head.subtree}]
        role = _role(index, doc, tokens, analysis)
        if role.words:
            roles.append(role)
    return roles


def _role(index: ActorIndex, doc: Doc, indices: Sequence[int], analysis: _Analysis) -> _Role:
    """The title words and country of the tokens of a descriptive noun phrase."""
    country = None
    words = []
    preps = set()
    for i in indices:
        token = doc[i]
        if token.dep_ == "prep" and fold(token.text) != "of":
            preps.update(t.i for t in token.subtree)
    for i in indices:
        token = doc[i]
        span = analysis.token_actor.get(i)
        if span is not None:
            actor = index.by_name.get(span.label_)
            if actor is not None and actor.type == "person":
                continue
            if i not in preps and country is None:
                country = _country_of(index, span.label_)
            continue
        if i in preps:
            continue
        word = index.standard(fold(token.text))
        if word in index.role_words:
            words.append(word)
        else:
            for part in word.split("-"):
                if part in index.role_words:
                    words.append(part)
    return _Role(tuple(words), country)


def speakers_of(
    index: ActorIndex, doc: Doc, mentions: Sequence[Span | None], published: date | None
) -> list[Speaker]:
    """One Speaker per mention, in order; pronouns and roles resolved inside the article."""
    analysis = _analyse(index, doc)
    year = published.year if published else None
    resolved: list[tuple[int, Speaker]] = []
    out = []
    for mention in mentions:
        if mention is None:
            out.append(Speaker(None, None, None, "unknown"))
            continue
        speaker = _resolve(index, doc, mention, year, analysis, resolved)
        resolved.append((mention.start, speaker))
        out.append(speaker)
    return out


def _resolve(
    index: ActorIndex,
    doc: Doc,
    mention: Span,
    year: int | None,
    analysis: _Analysis,
    resolved: list[tuple[int, Speaker]],
) -> Speaker:
    text = mention.text
    tokens = [t for t in mention if not t.is_punct and not t.is_space]
    if not tokens:
        return Speaker(None, text, None, "unknown")
    words = [fold(t.text) for t in tokens]
    # Pronouns, possessive ones included ("his remarks" gives the speaker "his").
    if len(tokens) == 1 and (
        tokens[0].pos_ == "PRON" or words[0] in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS
    ):
        return _pronoun(index, doc, mention, words[0], analysis, resolved)
    root = mention.root
    root_word = fold(root.text)
    # Several speakers at once ("Russia, Turkey and Iran"): no single name.
    conjuncts = [root, *(c for c in root.conjuncts if mention.start <= c.i < mention.end)]
    if len(conjuncts) > 1 and any(t.dep_ == "cc" for t in mention):
        kinds = {_conjunct_type(index, c, analysis) for c in conjuncts}
        return Speaker(None, text, None, kinds.pop() if len(kinds) == 1 else "unknown")
    # People named in the mention (not "Erdoğan's office").
    institution = root_word in index.institution_heads
    owner_country = None
    owner_title: tuple[str, ...] = ()
    for person in analysis.persons:
        if not (person.start < mention.end and mention.start < person.end):
            continue
        if institution and not person.start <= root.i < person.end:
            continue
        if not person.start <= root.i < person.end and _possessor(index, doc, person, root):
            # "Putin's spokesman", "a spokesman for Erdogan": the aide, not the leader.
            owner_country = owner_country or _person_country(index, person, year)
            owner = index.by_name.get(person.name)
            if owner is not None and any(
                fold(r.title) == "president" and r.held_in(year) for r in owner.roles
            ):
                owner_title = ("presidential",)  # "Putin's spokesman"
            continue
        return Speaker(person.name, text, _person_country(index, person, year), "person")
    # Organisations, governments and countries named in the mention.
    inside = [s for s in analysis.matches if mention.start <= s.start and s.end <= mention.end]
    named = [
        (s, index.by_name[s.label_])
        for s in inside
        if s.label_ in index.by_name and index.by_name[s.label_].type != "person"
    ]
    for span, actor in named:
        if span.start <= root.i < span.end:
            return _as_speaker(index, actor, text)
    role = _role(index, doc, [t.i for t in mention], analysis)
    if role.country is None:
        country = owner_country or _prep_country(index, root, analysis)
        if country is not None:
            role = _Role(role.words, country)
    if owner_title and role.words:
        role = _Role(owner_title + role.words, role.country)
    if owner_country is not None and root_word in index.generic_heads:
        return Speaker(None, text, owner_country, "person")  # "Erdogan's aide"
    described = _described(index, mention, role.country, named, analysis, resolved)
    if described is not None:
        return described
    if institution:
        return _institution(index, doc, mention, role.country, named, analysis, resolved)
    if role.words:
        # "The opposition co-chair, Hadi al-Bahra" that the NER and parser got wrong: a
        # run of capitalised proper nouns beside a title is the person's name.
        run: list[Token] = []
        owned = {t.i for c in root.children if c.dep_ == "poss" for t in c.subtree}
        for token in mention:
            if (
                token.pos_ == "PROPN"
                and token.i not in analysis.token_actor
                and token.i not in owned  # "a reporter X's source" is not X
                and (token.text[:1].isupper() or (run and token.text in ("-", "al", "el")))
            ):
                run.append(token)
                continue
            if len(run) >= 2:
                break
            run = []
        while run and _ABBREVIATED_TITLE.match(run[0].text):
            run = run[1:]  # "Sen. Ben Sasse", "Lt. Gen. X": the name without the title
        if len(run) >= 2 and fold(run[0].text) not in index.role_words:
            name = doc[run[0].i : run[-1].i + 1].text
            return Speaker(name, text, role.country, "person")
    if index.standard(root_word.split("-")[-1]) in index.role_heads:
        return _role_speaker(index, doc, mention, role, year, analysis, resolved, named)
    if root.pos_ == "PROPN" and root.text[:1].isupper():
        described = [
            c
            for c in root.children
            if c.dep_ == "appos"
            and c.i > root.i
            and c.i < mention.end
            and index.standard(fold(c.text)) in index.title_heads | index.generic_heads
        ]
        if described:  # "X Y, a trade professor at Z": the name, described as a person
            start = root.i
            while start > mention.start and doc[start - 1].pos_ == "PROPN":
                start -= 1
            return Speaker(doc[start : root.i + 1].text, text, role.country, "person")
    outlet = " ".join(t.text for t in tokens if fold(t.text) != "the")
    if fold(outlet) in index.outlet_words:
        return Speaker(outlet, text, role.country, "organisation")  # "SANA", "the AP"
    # A proper noun the NER calls something else.
    for ent in doc.ents:
        if ent.start <= root.i < ent.end:
            if ent.label_ == "ORG" and _bare_surname(index, mention, tokens):
                return Speaker(text, text, role.country, "person")
            if ent.label_ == "ORG":
                name = ent[1:].text if fold(ent[0].text) == "the" else ent.text
                return Speaker(name, text, role.country, "organisation")
            if ent.label_ == "GPE":
                return Speaker(ent.text, text, role.country, "government")
            if ent.label_ == "NORP":
                return Speaker(None, text, role.country, "unknown")
    if root.pos_ == "PROPN" and root.text[:1].isupper():
        kind = "person" if _bare_surname(index, mention, tokens) else "unknown"
        return Speaker(mention.text, text, role.country, kind)
    # "The source", "the statement": a noun repeated from an earlier speaker's mention.
    if fold(mention[0].text) == "the":
        for _, previous in reversed(resolved):
            if previous.mention and root_word in fold(previous.mention).split():
                return Speaker(previous.name, text, previous.country, previous.type)
    return Speaker(None, text, role.country, "unknown")


def _possessor(index: ActorIndex, doc: Doc, person: _Person, root: Token) -> bool:
    """True when the person owns the mention's head rather than names it: "Putin's
    spokesman", "the spokesman for Erdogan"."""
    head = doc[person.start : person.end].root
    if head.dep_ == "poss":
        return True
    return (
        head.dep_ == "pobj" and head.head.head.i == root.i and fold(root.text) in index.person_heads
    )


def _person_country(index: ActorIndex, person: _Person, year: int | None) -> str | None:
    """A person's country, or the body of an international role held that year (a UN
    envoy speaks for the United Nations, not for his own country)."""
    actor = index.by_name.get(person.name)
    if actor is None:
        return person.country
    return _actor_country(index, actor, year)


def _actor_country(index: ActorIndex, actor: Actor, year: int | None) -> str | None:
    for role in actor.roles:
        if role.country and role.country != actor.country and role.held_in(year):
            international = lookup_actor(index, role.country)
            if international is not None and international.type != "country":
                return role.country
    return actor.country or (actor.name if actor.type == "country" else None)


def _prep_country(index: ActorIndex, root: Token, analysis: _Analysis) -> str | None:
    """The country of a prepositional phrase: "the defence ministry in Moscow"."""
    for child in root.children:
        if child.dep_ != "prep" or fold(child.text) not in ("in", "of", "from", "at"):
            continue
        for obj in child.children:
            span = analysis.token_actor.get(obj.i)
            if obj.dep_ == "pobj" and span is not None:
                actor = index.by_name.get(span.label_)
                if span.label_.startswith("demonym:") or (
                    actor is not None and actor.type in ("country", "place")
                ):
                    return _country_of(index, span.label_)
    return None


def _bare_surname(index: ActorIndex, mention: Span, tokens: list[Token]) -> bool:
    """A single capitalised word as the subject of a verb, not a known organisation nor a
    news outlet nor an acronym, is a person's surname ("Volker said")."""
    if len(tokens) != 1:
        return False
    token = tokens[0]
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and not token.text.isupper()
        and token.dep_ in ("nsubj", "nsubjpass")
        and fold(token.text) not in index.by_alias
        and fold(token.text) not in index.outlet_words
        and fold(token.text) not in index.institution_heads
    )


def _described(
    index: ActorIndex,
    mention: Span,
    country: str | None,
    named: list[tuple[Span, Actor]],
    analysis: _Analysis,
    resolved: list[tuple[int, Speaker]],
) -> Speaker | None:
    """A definite description of an actor named earlier: "the monitor", "the ministry",
    "the centre". Its head noun (and any noun modifier) must be a word of the earlier
    speaker's mention or name, or of the actor's `descriptions` in data/actors.toml."""
    root = mention.root
    first = fold(mention[0].text)
    if first not in ("the", "this", "that"):
        return None
    # "The monitor", and "The Observatory" capitalised as a name of its own.
    if root.pos_ != "NOUN" and not (root.pos_ == "PROPN" and len(mention) == 2):
        return None
    head = fold(root.text)
    if head in index.person_heads or any(a.type != "country" for _, a in named):
        return None
    required = {
        fold(t.text)
        for t in mention
        if t.dep_ == "compound" and t.head.i == root.i and t.i not in analysis.token_actor
    }
    wanted = {index.standard(w) for w in {head} | required}
    candidates: list[tuple[int, Speaker]] = []
    for position, previous in resolved:
        if position >= mention.start or previous.name is None or previous.type == "person":
            continue
        written = f"{previous.mention or ''} {previous.name}"
        words = {index.standard(w) for w in fold(written).replace("-", " ").split()}
        words |= index.described_by.get(previous.name, frozenset())
        if wanted <= words:
            candidates.append((position, previous))
    for span in analysis.matches:
        actor = index.by_name.get(span.label_)
        if actor is None or actor.type in ("person", "country", "place"):
            continue
        if span.start >= mention.start:
            continue
        if wanted <= index.described_by.get(actor.name, frozenset()):
            candidates.append((span.start, _as_speaker(index, actor, actor.name)))
    candidates = [c for c in candidates if country is None or c[1].country in (None, country)]
    if not candidates:
        return None
    chosen = max(candidates, key=lambda c: c[0])[1]
    return Speaker(chosen.name, mention.text, chosen.country, chosen.type)


def _as_speaker(index: ActorIndex, actor: Actor, text: str) -> Speaker:
    country = actor.country or (actor.name if actor.type == "country" else None)
    return Speaker(actor.name, text, country, _speaker_type(actor))


def _conjunct_type(index: ActorIndex, token: Token, analysis: _Analysis) -> str:
    if any(p.start <= token.i < p.end for p in analysis.persons):
        return "person"
    span = analysis.token_actor.get(token.i)
    actor = index.by_name.get(span.label_) if span is not None else None
    return _speaker_type(actor) if actor is not None else "unknown"


def _pronoun(
    index: ActorIndex,
    doc: Doc,
    mention: Span,
    word: str,
    analysis: _Analysis,
    resolved: list[tuple[int, Speaker]],
) -> Speaker:
    text = mention.text
    before = [(i, s) for i, s in resolved if i < mention.start]
    if word in PERSON_PRONOUNS:
        last = next(((i, s) for i, s in reversed(before) if s.type == "person"), None)
        subject = _last_subject(index, doc, mention, analysis)
        # A person who became the topic after the last speaker ("X met Y. He said").
        if subject is not None and (
            last is None
            or (
                subject.start > last[0]
                and doc[subject.start].sent.start >= _prev_sent_start(index, doc, mention)
            )
        ):
            return Speaker(subject.name, text, subject.country, "person")
        if last is not None:
            return Speaker(last[1].name, text, last[1].country, "person")
        return Speaker(None, text, None, "person")
    if word in THING_PRONOUNS or word in PLURAL_PRONOUNS:
        subject = _last_actor_subject(index, doc, mention, analysis, resolved)
        if subject is not None:
            return replace(subject, mention=text)
        last = next(((i, s) for i, s in reversed(before) if s.type != "person"), None)
    else:  # "I", "we", "you": the speaker of a quotation, not resolvable here
        return Speaker(None, text, None, "unknown")
    if last is None:
        return Speaker(None, text, None, "unknown")
    return Speaker(last[1].name, text, last[1].country, last[1].type)


def _last_actor_subject(
    index: ActorIndex,
    doc: Doc,
    mention: Span,
    analysis: _Analysis,
    resolved: list[tuple[int, Speaker]],
) -> Speaker | None:
    """ "it"/"they": the nearest subject before the mention, in its sentence or the one
    before, that is a country, government or organisation (not a person, not a thing)."""
    if not doc.has_annotation("DEP"):
        return None
    earlier = {position: speaker for position, speaker in resolved}
    for i in range(mention.start - 1, _prev_sent_start(index, doc, mention) - 1, -1):
        token = doc[i]
        if token.dep_ not in ("nsubj", "nsubjpass") or not _antecedent(token, mention):
            continue
        if _inside(analysis.quotes, token.idx, token.idx + len(token)):
            continue
        span = doc[token.left_edge.i : token.i + 1]
        speaker = next((earlier[p] for p in range(span.start, span.end) if p in earlier), None)
        if speaker is None:
            if token.head.dep_ not in ("ROOT", "conj", "advcl"):
                continue  # a subject inside what somebody said is not in view
            if token.pos_ == "PRON":
                continue
            actor = analysis.token_actor.get(token.i)
            if not (
                (actor is not None and not actor.label_.startswith("demonym:"))
                or token.ent_type_ in ("ORG", "GPE", "NORP")
                or fold(token.text) in index.institution_heads
            ):
                continue
            if any(p.start <= token.i < p.end for p in analysis.persons):
                continue
            speaker = _resolve(index, doc, span, None, analysis, [])
        if speaker.type != "person" and speaker.name is not None:
            return speaker
    return None


def _antecedent(subject: Token, mention: Span) -> bool:
    """Whether a subject before a pronoun can be its antecedent: not the subject of the
    clause a parenthetical "X, it said, ..." reports, nor one inside the pronoun's own
    statement."""
    verb = mention.root.head
    if subject.sent.start != mention.sent.start:
        return True
    if verb.dep_ == "parataxis" and subject.head.i == verb.head.i:
        return False
    if verb.dep_ == "ROOT" and any(
        subject.i == t.i for c in verb.children if c.dep_ == "ccomp" for t in c.subtree
    ):
        return False  # "Lavrov, he said, had passed ...": parsed with "said" as the root
    return subject.head.i != verb.i


def _prev_sent_start(index: ActorIndex, doc: Doc, mention: Span) -> int:
    sent = mention.sent
    if sent.start == 0:
        return 0
    return doc[sent.start - 1].sent.start


def _last_subject(
    index: ActorIndex, doc: Doc, mention: Span, analysis: _Analysis
) -> _Person | None:
    """The last person who is the subject of a clause before the mention (in an earlier
    sentence or earlier in its own, outside quotations)."""
    if not (doc.has_annotation("DEP") or doc.has_annotation("SENT_START")):
        return None  # no sentences without a parser
    for person in reversed(analysis.persons):
        if person.start >= mention.start or not person.subject:
            continue
        span = doc[person.start : person.end]
        if doc.has_annotation("DEP") and not _antecedent(span.root, mention):
            continue
        if _inside(analysis.quotes, span.start_char, span.end_char):
            continue
        return person
    return None


def _institution(
    index: ActorIndex,
    doc: Doc,
    mention: Span,
    country: str | None,
    named: list[tuple[Span, Actor]],
    analysis: _Analysis,
    resolved: list[tuple[int, Speaker]],
) -> Speaker:
    """ "Turkey's foreign ministry", "the UN envoy's office", "the ministry"."""
    text = mention.text
    root = mention.root
    head = fold(root.text)
    owners = [a for _, a in named if a.type in ("organisation", "group", "government")]
    inside = [p for p in analysis.persons if mention.start <= p.start and p.end <= mention.end]
    if country is None:  # "Erdoğan's office"
        for person in inside:
            country = person.country
    if head == "office" and country and not owners:
        # "Erdoğan's office" is the presidency when its owner is the president.
        holder = next((index.by_name.get(p.name) for p in inside), None)
        if holder is not None and any(
            fold(r.title) == "president" and (r.country or holder.country) == country
            for r in holder.roles
        ):
            demonym = next(
                (a.demonyms[0] for a in index.actors if a.name == country and a.demonyms), ""
            )
            presidency = lookup_actor(index, f"{demonym} Presidency") if demonym else None
            if presidency is not None and presidency.type == "government":
                return _as_speaker(index, presidency, text)
    # The words of the title: the root and the nouns and adjectives just before it.
    words = []
    for token in reversed(mention[: root.i - mention.start + 1]):
        if token.dep_ == "case" or fold(token.text) in _DETERMINERS:
            break
        if token.i in analysis.token_actor or fold(token.text) in index.demonyms:
            break
        if token.pos_ not in ("NOUN", "PROPN", "ADJ") and token.i != root.i:
            break
        words.insert(0, token)
    title = " ".join(t.text if t.text[:1].isupper() else t.text.capitalize() for t in words)
    if country and not owners:
        nouns = [t for t in words if t.pos_ != "ADJ"]
        if (head in index.state_heads and len(nouns) == 1) or head == "delegation":
            # "Syria's new authorities", "the Syrian government delegation": the state.
            state = _state(index, country)
            return Speaker(state, text, country, "government")
        demonym = next(
            (a.demonyms[0] for a in index.actors if a.name == country and a.demonyms), country
        )
        known = lookup_actor(index, f"{demonym} {title}")
        if known is not None:
            return _as_speaker(index, known, text)
    if len(owners) == 1 and owners[0].type == "government" and owners[0].name not in text:
        # "The Syrian army's General Command": a body of a state institution speaks for it.
        return _as_speaker(index, owners[0], text)
    # The same institution named more fully elsewhere in the article ("the ministry",
    # "the Turkish ministry" after "the Russian Defence Ministry").
    earlier = _named_institution(index, doc, mention, head, words, country, analysis)
    if earlier is not None:
        return _as_speaker(index, earlier, text)
    if not owners and (country is None or len(words) == 1):
        for _, previous in reversed(resolved):
            if previous.type == "person" or not previous.mention:
                continue
            if head in fold(previous.mention).split() and country in (None, previous.country):
                return Speaker(previous.name, text, previous.country, previous.type)
    kind = "government" if country and not owners else "organisation"
    if country and not owners:
        demonym = next(
            (a.demonyms[0] for a in index.actors if a.name == country and a.demonyms), country
        )
        # "Economic Development Ministry" names one body of that state; "office" or
        # "the army command" alone is no name to invent.
        if (len(words) >= 2 and head in ("ministry", "embassy", "consulate", "department")) or (
            all(t.text[:1].isupper() and t.pos_ == "PROPN" for t in words)
        ):
            return Speaker(f"{demonym} {title}", text, country, kind)
        return Speaker(None, text, country, kind)
    trimmed = mention
    if fold(trimmed[0].text) in _DETERMINERS:
        trimmed = trimmed[1:]
    owner = owners[0] if owners else None
    country = country or (owner.country if owner else None)
    if owner is None and not any(
        t.pos_ == "PROPN" and t.text[:1].isupper() and t.i not in analysis.token_actor
        for t in trimmed
    ):
        # A description nobody named ("the monitoring group"): no canonical name.
        return Speaker(None, text, country, kind)
    return Speaker(trimmed.text, text, country, kind)


def _state(index: ActorIndex, country: str) -> str:
    """The name the gazetteer gives a country's government ("Syrian government"), else the
    country's own name."""
    demonym = next((a.demonyms[0] for a in index.actors if a.name == country and a.demonyms), "")
    government = lookup_actor(index, f"{demonym} government") if demonym else None
    if government is not None and government.type == "government":
        return government.name
    state = lookup_actor(index, country)
    return state.name if state else country


def _named_institution(
    index: ActorIndex,
    doc: Doc,
    mention: Span,
    head: str,
    words: list[Token],
    country: str | None,
    analysis: _Analysis,
) -> Actor | None:
    """The gazetteer institution of the article this shorter mention most likely means."""
    wanted = {fold(t.text) for t in words}
    candidates = []
    for span in analysis.matches:
        actor = index.by_name.get(span.label_)
        if actor is None or actor.type not in ("government", "organisation"):
            continue
        if span.start >= mention.start and span.end <= mention.end:
            continue
        name_words = set(fold(actor.name).split()) | {fold(t.text) for t in span}
        if head not in name_words or not wanted <= name_words:
            continue
        if country is not None and actor.country != country:
            continue
        candidates.append((span.start < mention.start, span.start, actor))
    if not candidates:
        return None
    before = [c for c in candidates if c[0]]
    return (before[-1] if before else candidates[0])[2]


def _role_speaker(
    index: ActorIndex,
    doc: Doc,
    mention: Span,
    role: _Role,
    year: int | None,
    analysis: _Analysis,
    resolved: list[tuple[int, Speaker]],
    named: list[tuple[Span, Actor]],
) -> Speaker:
    """A title as speaker: its holder in the article, else in the gazetteer for that year."""
    text = mention.text
    root = mention.root
    head = fold(root.text)
    if not role.words:
        role = _Role((head,), role.country)
    words = tuple(fold(t.text) for t in mention[: root.i - mention.start + 1])
    for synonym, title in index.synonyms:
        if words[-len(synonym) :] == synonym:
            # "Russia's top diplomat": the foreign minister.
            role = _Role(_title_words(index, title), role.country)
            head = role.words[-1] if role.words else head
            break
    generic = head in index.generic_heads
    plural = root.tag_ in ("NNS", "NNPS")
    # "The minister", "Russia's minister", and a title with a country but no article
    # ("Russian Foreign Minister said", "Russias foreign minister" without its apostrophe).
    first = fold(mention[0].text)
    definite = first not in ("a", "an", "one") and (
        first in _DETERMINERS
        or any(c.dep_ == "poss" for c in root.children)
        or role.country is not None
    )
    # "An official at the Syrian Foreign Ministry", "a spokesman for the Front".
    for child in root.children:
        if child.dep_ == "prep" and fold(child.text) in ("at", "for", "of", "from"):
            for obj in child.children:
                actor = analysis.token_actor.get(obj.i)
                if obj.dep_ == "pobj" and (
                    fold(obj.text) in index.institution_heads
                    or obj.ent_type_ == "ORG"
                    or (
                        actor is not None
                        and actor.label_ in index.by_name
                        and index.by_name[actor.label_].type in ("organisation", "government")
                    )
                ):
                    span = doc[obj.left_edge.i : obj.right_edge.i + 1]
                    if generic or head.startswith("spokes"):
                        return replace(
                            _resolve(index, doc, span, year, analysis, resolved), mention=text
                        )
    if plural:  # "Turkish officials": anonymous, of a country
        return Speaker(None, text, role.country, "person")
    if not generic and definite:
        holder = _holder(index, mention, role, year, analysis)
        if holder is not None:
            return holder
    owners = [a for _, a in named if a.type in ("organisation", "group", "government")]
    if owners and (generic or head.startswith("spokes")):
        # "A State Department spokesperson": the department speaks.
        return _as_speaker(index, owners[0], text)
    if not definite:
        return Speaker(None, text, role.country, "person")
    if generic and role.country is None:
        # "The source" after "An official source at the ministry": the same speaker; "the
        # activist" after a UN director is somebody else, unnamed.
        for _, previous in reversed(resolved):
            if previous.mention and head in fold(previous.mention).split():
                return Speaker(previous.name, text, previous.country, previous.type)
        return Speaker(None, text, None, "person")
    # "The Russian leader", "Russia's top diplomat", "the Russian envoy" (a loose word for
    # any diplomat): the person of that country last in view; a generic noun without a
    # country ("the diplomat"): the last person who spoke.
    if not (generic or (head == "envoy" and role.country)):
        return Speaker(None, text, role.country, "person")
    person = _recent_person(index, mention, role.country, analysis, resolved)
    if person is not None:
        return Speaker(person[0], text, person[1], "person")
    return Speaker(None, text, role.country, "person")


def _holder(
    index: ActorIndex, mention: Span, role: _Role, year: int | None, analysis: _Analysis
) -> Speaker | None:
    """The person holding a title: in the article (nearest before, else after), else the
    single gazetteer person holding it for that country in that year."""
    text = mention.text
    holders = []
    for person in analysis.persons:
        person_roles = list(person.roles) + _gazetteer_roles(index, person.name, year)
        if any(role.fits(r) for r in person_roles) and (
            role.country is None or person.country in (None, role.country)
        ):
            holders.append(person)
    if holders:
        before = [p for p in holders if p.start < mention.start]
        chosen = before[-1] if before else holders[0]
        return Speaker(chosen.name, text, chosen.country or role.country, "person")
    if role.country is None:
        return None
    # The exact title first: "foreign minister" is not the deputy foreign minister.
    for exact in (True, False):
        in_office = [
            actor
            for actor, roles in index.titled
            if any(
                role.fits(r) and held.held_in(year) and (not exact or r.words == role.words)
                for r, held in roles
            )
        ]
        if len(in_office) == 1:
            country = _actor_country(index, in_office[0], year)
            return Speaker(in_office[0].name, text, country, "person")
        if in_office:
            return None
    return None


def _recent_person(
    index: ActorIndex,
    mention: Span,
    country: str | None,
    analysis: _Analysis,
    resolved: list[tuple[int, Speaker]],
) -> tuple[str, str | None] | None:
    for position, previous in reversed(resolved):
        if (position < mention.start and previous.type == "person" and previous.name) and (
            country is None or previous.country == country
        ):
            return previous.name, previous.country
    if country is None:
        return None
    same = [p for p in analysis.persons if p.country == country and p.roles]
    same = same or [p for p in analysis.persons if p.country == country]
    before = [p for p in same if p.start < mention.start]
    chosen = before[-1] if before else (same[0] if same else None)
    return (chosen.name, chosen.country) if chosen else None


def _gazetteer_roles(index: ActorIndex, name: str, year: int | None) -> list[_Role]:
    actor = index.by_name.get(name)
    if actor is None:
        return []
    return [
        _Role(_title_words(index, r.title), r.country or actor.country)
        for r in actor.roles
        if r.held_in(year) or year is None
    ]


def actors_mentioned(index: ActorIndex, span: Span | Doc) -> list[str]:
    """Canonical actors mentioned in a span: gazetteer matches plus NER PERSON/ORG/GPE."""
    doc = span if isinstance(span, Doc) else span.doc
    start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
    analysis = _analyse(index, doc)
    found: list[tuple[int, str]] = []
    covered: set[int] = set()
    for person in analysis.persons:
        if start <= person.start and person.end <= end:
            found.append((person.start, person.name))
            covered.update(range(person.start, person.end))
    for match in analysis.matches:
        if start <= match.start and match.end <= end and match.start not in covered:
            name = _country_of(index, match.label_) if match.label_.startswith("demonym:") else None
            found.append((match.start, name or match.label_))
            covered.update(range(match.start, match.end))
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "GPE") or not (start <= ent.start and ent.end <= end):
            continue
        if any(i in covered for i in range(ent.start, ent.end)):
            continue
        if _inside(analysis.excluded, ent.start_char, ent.end_char):
            continue
        name = ent.text
        if fold(ent[0].text) == "the":
            name = ent[1:].text
        actor = lookup_actor(index, name)
        found.append((ent.start, actor.name if actor else name))
    found.sort()
    return list(dict.fromkeys(name for _, name in found if name))
