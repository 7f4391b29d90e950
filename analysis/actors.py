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

from analysis.reference import Actor, fold, load_actors

# Grammar, not reference data: which pronouns refer to people, to things, to groups.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})

# Grammar of reference, not reference data: nouns that name a person by office ("the
# minister"); titles held by actors in data/actors.toml are added when the index is built.
TITLE_HEADS = frozenset(
    [
        "minister",
        "president",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "envoy",
        "consul",
        "adviser",
        "advisor",
        "commander",
        "general",
        "secretary",
        "deputy",
        "premier",
        "chancellor",
        "negotiator",
        "representative",
        "delegate",
        "mediator",
        "governor",
        "mayor",
        "lawmaker",
        "senator",
        "monarch",
        "king",
        "emir",
        "ayatollah",
        "prosecutor",
        "judge",
        "director",
        "head",
        "chairman",
        "chairwoman",
        "chair",
        "lieutenant",
        "colonel",
        "admiral",
        "marshal",
        "chief",
        "officer",
    ]
)
# Nouns that name a person without an office ("the diplomat", "Russia's top diplomat",
# "Turkish officials"): they refer back to a person of the same country.
GENERIC_PERSON_HEADS = frozenset(
    [
        "diplomat",
        "diplomats",
        "official",
        "officials",
        "leader",
        "leaders",
        "source",
        "sources",
        "aide",
        "aides",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "politician",
        "politicians",
        "researcher",
        "activist",
        "journalist",
        "cleric",
        "commanders",
        "spokesmen",
    ]
)
PERSON_HEADS = TITLE_HEADS | GENERIC_PERSON_HEADS
# Institutions; with a country they are that country's government speaking.
GOVERNMENT_HEADS = frozenset(
    [
        "ministry",
        "government",
        "kremlin",
        "presidency",
        "administration",
        "embassy",
        "consulate",
        "cabinet",
        "parliament",
        "army",
        "military",
        "navy",
        "command",
        "headquarters",
        "department",
        "office",
        "palace",
        "authorities",
        "regime",
        "forces",
        "staff",
        "leadership",
    ]
)
# The state itself rather than one of its bodies: "the Turkish authorities" is Turkey.
STATE_HEADS = frozenset({"authorities", "government", "administration", "regime", "leadership"})
ORGANISATION_HEADS = frozenset(
    [
        "agency",
        "organisation",
        "organization",
        "council",
        "committee",
        "group",
        "commission",
        "mission",
        "observatory",
        "coalition",
        "alliance",
        "front",
        "party",
        "union",
        "secretariat",
        "court",
        "bureau",
        "centre",
        "center",
        "network",
        "association",
        "institute",
        "foundation",
        "movement",
        "company",
        "firm",
        "delegation",
    ]
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})

# Photo credits and bylines: text there names photographers and reporters, not actors.
_CREDIT_RES = (
    re.compile(
        r"\(\s*(?:additional\s+)?(?:photo|image|picture|reporting|writing|editing|compiled|"
        r"translated|text)\b[^)]*\)",
        re.IGNORECASE,
    ),
    re.compile(
        r"^[ \t]*(?:additional\s+)?(?:photos?|images?|pictures?|reporting|writing|editing|"
        r"compiled|translated|credit)\s*(?:by|:)[^\n]*$",
        re.IGNORECASE | re.MULTILINE,
    ),
    re.compile(r"^[ \t]*By\s+[A-Z][^\n]{0,80}$", re.MULTILINE),
    # "Delil SOULEIMAN / AFP" ending a caption line (no full stop: not a sentence).
    re.compile(r"[A-Z][^\n()/.]{0,60}/\s?[A-Z][A-Za-z ]{1,30}(?=\)|$)", re.MULTILINE),
    re.compile(r"^[^\n]*(?:©|\bcopyright\b)[^\n]*$", re.IGNORECASE | re.MULTILINE),
)
_QUOTE_RE = re.compile(r"“[^”]*”|\"[^\"\n]*\"|''[^'\n]*''|«[^»]*»")


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


def _inside(ranges: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


class ActorIndex:
    """The gazetteer as spaCy matchers, and speaker resolution within one article."""

    def __init__(self, nlp: Language, actors: Sequence[Actor]) -> None:
        self.nlp = nlp
        self.actors: tuple[Actor, ...] = tuple(actors)
        self._by_name: dict[str, Actor] = {a.name: a for a in self.actors}
        self._by_alias: dict[str, Actor] = {}
        self._demonyms: dict[str, Actor] = {}
        self._folded = PhraseMatcher(nlp.vocab, attr="ORTH")  # on diacritic-folded tokens
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")  # acronyms: "US" is not "us"
        for actor in self.actors:
            for alias in dict.fromkeys((actor.name, *actor.aliases)):
                self._by_alias.setdefault(fold(alias), actor)
                self._add(actor.name, alias)
                if actor.type == "country" and alias.isalpha() and not alias.endswith("s"):
                    # A possessive whose apostrophe was lost ("Syrias future" in scraped text).
                    self._add(actor.name, alias + "s")
            for demonym in actor.demonyms:
                self._demonyms.setdefault(fold(demonym), actor)
                for form in {demonym, demonym + "s"}:
                    self._add("demonym:" + actor.name, form)
        titles = {w for a in self.actors for r in a.roles for w in self._title_words(r.title)}
        self.role_words: frozenset[str] = PERSON_HEADS | titles
        # Gazetteer people with their titles as read from text, for "who was X in year Y".
        self._titled = [
            (a, [(_Role(self._title_words(r.title), r.country or a.country), r) for r in a.roles])
            for a in self.actors
            if a.type == "person" and a.roles
        ]
        self._cache: tuple[Doc, _Analysis] | None = None

    @classmethod
    def from_reference(cls, nlp: Language, data_dir: Path | None = None) -> ActorIndex:
        """The index over data/actors.toml (or the actors.toml in `data_dir`)."""
        return cls(nlp, load_actors(data_dir))

    # -- building --------------------------------------------------------------------------

    def _add(self, key: str, alias: str) -> None:
        tokens = [t.text for t in self.nlp.make_doc(alias)]
        if not tokens:
            return
        if alias.isupper() and len(alias) <= 5:
            self._exact.add(key, [Doc(self.nlp.vocab, words=tokens)])
        else:
            self._folded.add(key, [self._fold_doc(self.nlp.make_doc(alias))])

    def _fold_doc(self, doc: Doc | Span) -> Doc:
        words = [fold(t.text) or t.text for t in doc]
        spaces = [bool(t.whitespace_) for t in doc]
        return Doc(self.nlp.vocab, words=words, spaces=spaces)

    def _title_words(self, title: str) -> tuple[str, ...]:
        """The words of a title without country names or demonyms ("Kremlin spokesman")."""
        words = []
        for word in fold(title).replace("-", " ").split():
            if word in self._by_alias or word in self._demonyms or self.nlp.vocab[word].is_stop:
                continue
            words.append(word)
        return tuple(words)

    # -- lookups ---------------------------------------------------------------------------

    def actor(self, name: str) -> Actor | None:
        """The gazetteer entry of a canonical name (or of any of its aliases)."""
        return self._by_name.get(name) or self._by_alias.get(fold(name))

    def _country_of(self, label: str) -> str | None:
        if label.startswith("demonym:"):
            return label.removeprefix("demonym:")
        actor = self._by_name.get(label)
        if actor is None:
            return None
        return actor.country or (actor.name if actor.type == "country" else None)

    # -- per article -----------------------------------------------------------------------

    def _analyse(self, doc: Doc) -> _Analysis:
        if self._cache is not None and self._cache[0] is doc:
            return self._cache[1]
        spans = [
            Span(doc, start, end, label=match_id)
            for match_id, start, end in self._folded(self._fold_doc(doc))
        ]
        spans += [
            Span(doc, start, end, label=match_id) for match_id, start, end in self._exact(doc)
        ]
        text = doc.text
        excluded = [m.span() for regex in _CREDIT_RES for m in regex.finditer(text)]
        quotes = [m.span() for m in _QUOTE_RE.finditer(text)]
        matches = [
            s
            for s in filter_spans(spans)
            if not _inside(excluded, s.start_char, s.end_char)
            and not (s.label_ in self._by_name and self._overlaps_other_person(s))
        ]
        token_actor = {i: s for s in matches for i in range(s.start, s.end)}
        analysis = _Analysis(matches, token_actor, [], excluded, quotes)
        analysis.persons = self._persons(doc, analysis)
        self._cache = (doc, analysis)
        return analysis

    def _overlaps_other_person(self, span: Span) -> bool:
        """A country alias inside a longer PERSON name ("Hafez al-Assad Street") is no country."""
        actor = self._by_name[span.label_]
        if actor.type == "person":
            return False
        return any(
            e.label_ == "PERSON"
            and e.start <= span.start
            and span.end <= e.end
            and len(e) > len(span)
            for e in span.doc.ents
        ) and actor.type not in ("country", "government")

    def _persons(self, doc: Doc, analysis: _Analysis) -> list[_Person]:
        """Every person occurrence: gazetteer people, then NER PERSON names not in the gazetteer."""
        found: list[tuple[int, int, str | None]] = []
        for span in analysis.matches:
            actor = self._by_name.get(span.label_)
            if actor is not None and actor.type == "person":
                found.append((span.start, span.end, actor.name))
        taken = {i for s, e, _ in found for i in range(s, e)}
        for ent in doc.ents:
            if _inside(analysis.excluded, ent.start_char, ent.end_char):
                continue
            if any(i in taken or i in analysis.token_actor for i in range(ent.start, ent.end)):
                continue
            start, end = self._trim_name(ent)
            if start >= end:
                continue
            while (
                start > 0
                and doc[start - 1].pos_ == "PROPN"
                and doc[start - 1].dep_ == "compound"
                and start <= doc[start - 1].head.i < end
                and doc[start - 1].i not in taken
                and doc[start - 1].i not in analysis.token_actor
                and fold(doc[start - 1].text) not in self.role_words
            ):
                start -= 1  # the first name the NER left out ("Ahmet" of "Ahmet Yilmaz")
            if ent.label_ != "PERSON" and not (
                # A name the NER mislabels is a person when a person's title describes it
                # ("Ahmet Yilmaz, Turkey's deputy foreign minister").
                ent.label_ in ("GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART")
                and all(t.pos_ == "PROPN" for t in doc[start:end])
                and fold(doc[end - 1].text) not in GOVERNMENT_HEADS | ORGANISATION_HEADS
                and any(
                    r.words and r.words[-1] in PERSON_HEADS
                    for r in self._described_roles(doc, start, end, analysis)
                )
            ):
                continue
            found.append((start, end, None))
            taken.update(range(start, end))
        # A surname standing alone that the NER missed ("Pedersen met ...").
        surnames = {
            fold(doc[e - 1].text): (s, e) for s, e, name in found if name is None and e - s > 1
        }
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
                name = self._fullest(doc, found, names, words)
            person = _Person(start, end, name, None)
            actor = self._by_name.get(name)
            if actor is not None:
                person.country = actor.country
            roles = self._described_roles(doc, start, end, analysis)
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

    def _trim_name(self, ent: Span) -> tuple[int, int]:
        """A PERSON entity without leading titles and determiners and a trailing 's."""
        start, end = ent.start, ent.end
        doc = ent.doc
        while start < end and (
            doc[start].lower_ in self.role_words
            or doc[start].lower_ in _DETERMINERS
            or fold(doc[start].text).rstrip(".") in ("mr", "mrs", "ms", "dr")
            or fold(doc[start].text) in self._demonyms
        ):
            start += 1
        while end > start and (doc[end - 1].dep_ == "case" or doc[end - 1].is_punct):
            end -= 1
        return start, end

    def _fullest(
        self,
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

    def _described_roles(self, doc: Doc, start: int, end: int, analysis: _Analysis) -> list[_Role]:
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
            role = self._role(doc, sorted(left), analysis)
            if role.words:
                roles.append(role)
        head = doc[start:end].root
        # Appositions: "X, Russia's foreign minister" and "Russia's foreign minister, X".
        for child in head.children:
            if child.dep_ == "appos" and child.i not in name:
                role = self._role(doc, [t.i for t in child.subtree], analysis)
                if role.words:
                    roles.append(role)
        if head.dep_ == "appos" and head.head.i not in name:
            outer = head.head
            tokens = [t.i for t in outer.subtree if t.i not in {u.i for u in head.subtree}]
            role = self._role(doc, tokens, analysis)
            if role.words:
                roles.append(role)
        return roles

    def _role(self, doc: Doc, indices: Sequence[int], analysis: _Analysis) -> _Role:
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
                actor = self._by_name.get(span.label_)
                if actor is not None and actor.type == "person":
                    continue
                if i not in preps and country is None:
                    country = self._country_of(span.label_)
                continue
            if i in preps:
                continue
            word = fold(token.text)
            if word in self.role_words:
                words.append(word)
            else:
                for part in word.split("-"):
                    if part in self.role_words:
                        words.append(part)
        return _Role(tuple(words), country)

    # -- speakers --------------------------------------------------------------------------

    def resolve_speakers(
        self, doc: Doc, mentions: Sequence[Span | None], published: date | None
    ) -> list[Speaker]:
        """One Speaker per mention, in order; pronouns and roles resolved inside the article."""
        analysis = self._analyse(doc)
        year = published.year if published else None
        resolved: list[tuple[int, Speaker]] = []
        out = []
        for mention in mentions:
            if mention is None:
                out.append(Speaker(None, None, None, "unknown"))
                continue
            speaker = self._resolve(doc, mention, year, analysis, resolved)
            resolved.append((mention.start, speaker))
            out.append(speaker)
        return out

    def _resolve(
        self,
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
        # Pronouns.
        if len(tokens) == 1 and (tokens[0].pos_ == "PRON" or words[0] in PERSON_PRONOUNS):
            return self._pronoun(doc, mention, words[0], analysis, resolved)
        root = mention.root
        root_word = fold(root.text)
        # Several speakers at once ("Russia, Turkey and Iran"): no single name.
        conjuncts = [root, *(c for c in root.conjuncts if mention.start <= c.i < mention.end)]
        if len(conjuncts) > 1 and any(t.dep_ == "cc" for t in mention):
            kinds = {self._conjunct_type(c, analysis) for c in conjuncts}
            return Speaker(None, text, None, kinds.pop() if len(kinds) == 1 else "unknown")
        # People named in the mention (not "Erdoğan's office").
        institution = root_word in GOVERNMENT_HEADS or root_word in ORGANISATION_HEADS
        for person in analysis.persons:
            if (person.start < mention.end and mention.start < person.end) and (
                not institution or person.start <= root.i < person.end
            ):
                return Speaker(person.name, text, person.country, "person")
        # Organisations, governments and countries named in the mention.
        inside = [s for s in analysis.matches if mention.start <= s.start and s.end <= mention.end]
        named = [
            (s, self._by_name[s.label_])
            for s in inside
            if s.label_ in self._by_name and self._by_name[s.label_].type != "person"
        ]
        for span, actor in named:
            if span.start <= root.i < span.end:
                return self._as_speaker(actor, text)
        role = self._role(doc, [t.i for t in mention], analysis)
        if institution:
            return self._institution(doc, mention, role.country, named, analysis, resolved)
        if role.words:
            # "The opposition co-chair, Hadi al-Bahra" that the NER and parser got wrong: a
            # run of capitalised proper nouns beside a title is the person's name.
            run: list[Token] = []
            for token in mention:
                if (
                    token.pos_ == "PROPN"
                    and token.i not in analysis.token_actor
                    and (token.text[:1].isupper() or (run and token.text in ("-", "al", "el")))
                ):
                    run.append(token)
                    continue
                if len(run) >= 2:
                    break
                run = []
            if len(run) >= 2 and fold(run[0].text) not in self.role_words:
                name = doc[run[0].i : run[-1].i + 1].text
                return Speaker(name, text, role.country, "person")
        if root_word in self.role_words or (role.words and role.words[-1] == root_word):
            return self._role_speaker(doc, mention, role, year, analysis, resolved, named)
        # A proper noun the NER calls something else.
        for ent in doc.ents:
            if ent.start <= root.i < ent.end:
                if ent.label_ == "ORG":
                    name = ent[1:].text if fold(ent[0].text) == "the" else ent.text
                    return Speaker(name, text, role.country, "organisation")
                if ent.label_ == "GPE":
                    return Speaker(ent.text, text, role.country, "government")
                if ent.label_ == "NORP":
                    return Speaker(None, text, role.country, "unknown")
        if root.pos_ == "PROPN" and root.text[:1].isupper():
            return Speaker(mention.text, text, role.country, "unknown")
        # "The source", "the statement": a noun repeated from an earlier speaker's mention.
        if fold(mention[0].text) == "the":
            for _, previous in reversed(resolved):
                if previous.mention and root_word in fold(previous.mention).split():
                    return Speaker(previous.name, text, previous.country, previous.type)
        return Speaker(None, text, role.country, "unknown")

    def _as_speaker(self, actor: Actor, text: str) -> Speaker:
        country = actor.country or (actor.name if actor.type == "country" else None)
        return Speaker(actor.name, text, country, _speaker_type(actor))

    def _conjunct_type(self, token: Token, analysis: _Analysis) -> str:
        if any(p.start <= token.i < p.end for p in analysis.persons):
            return "person"
        span = analysis.token_actor.get(token.i)
        actor = self._by_name.get(span.label_) if span is not None else None
        return _speaker_type(actor) if actor is not None else "unknown"

    def _pronoun(
        self,
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
            subject = self._last_subject(doc, mention, analysis)
            # A person who became the topic after the last speaker ("X met Y. He said").
            if subject is not None and (
                last is None
                or (
                    subject.start > last[0]
                    and doc[subject.start].sent.start >= self._prev_sent_start(doc, mention)
                )
            ):
                return Speaker(subject.name, text, subject.country, "person")
            if last is not None:
                return Speaker(last[1].name, text, last[1].country, "person")
            return Speaker(None, text, None, "person")
        if word in THING_PRONOUNS or word in PLURAL_PRONOUNS:
            last = next(((i, s) for i, s in reversed(before) if s.type != "person"), None)
        else:  # "I", "we", "you": the speaker of a quotation, not resolvable here
            return Speaker(None, text, None, "unknown")
        if last is None:
            return Speaker(None, text, None, "unknown")
        return Speaker(last[1].name, text, last[1].country, last[1].type)

    def _prev_sent_start(self, doc: Doc, mention: Span) -> int:
        sent = mention.sent
        if sent.start == 0:
            return 0
        return doc[sent.start - 1].sent.start

    def _last_subject(self, doc: Doc, mention: Span, analysis: _Analysis) -> _Person | None:
        """The last person who is the subject of a sentence before the mention's sentence."""
        if not (doc.has_annotation("DEP") or doc.has_annotation("SENT_START")):
            return None  # no sentences without a parser
        sent_start = mention.sent.start
        for person in reversed(analysis.persons):
            if person.start >= sent_start or not person.subject:
                continue
            span = doc[person.start : person.end]
            if _inside(analysis.quotes, span.start_char, span.end_char):
                continue
            return person
        return None

    def _institution(
        self,
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
        if country is None:  # "Erdoğan's office"
            for person in analysis.persons:
                if mention.start <= person.start and person.end <= mention.end:
                    country = person.country
        # The words of the title: the root and the nouns and adjectives just before it.
        words = []
        for token in reversed(mention[: root.i - mention.start + 1]):
            if token.dep_ == "case" or fold(token.text) in _DETERMINERS:
                break
            if token.i in analysis.token_actor or fold(token.text) in self._demonyms:
                break
            if token.pos_ not in ("NOUN", "PROPN", "ADJ") and token.i != root.i:
                break
            words.insert(0, token)
        title = " ".join(t.text if t.text[:1].isupper() else t.text.capitalize() for t in words)
        if country and not owners:
            nouns = [t for t in words if t.pos_ != "ADJ"]
            if (head in STATE_HEADS and len(nouns) == 1) or head == "delegation":
                # "Syria's new authorities", "the Syrian government delegation": the state.
                state = self._state(country)
                return Speaker(state, text, country, "government")
            demonym = next(
                (a.demonyms[0] for a in self.actors if a.name == country and a.demonyms), country
            )
            known = self.actor(f"{demonym} {title}")
            if known is not None:
                return self._as_speaker(known, text)
        if len(owners) == 1 and owners[0].type == "government" and owners[0].name not in text:
            # "The Syrian army's General Command": a body of a state institution speaks for it.
            return self._as_speaker(owners[0], text)
        # The same institution named more fully elsewhere in the article ("the ministry",
        # "the Turkish ministry" after "the Russian Defence Ministry").
        earlier = self._named_institution(doc, mention, head, words, country, analysis)
        if earlier is not None:
            return self._as_speaker(earlier, text)
        if not owners and (country is None or len(words) == 1):
            for _, previous in reversed(resolved):
                if previous.type == "person" or not previous.mention:
                    continue
                if head in fold(previous.mention).split() and country in (None, previous.country):
                    return Speaker(previous.name, text, previous.country, previous.type)
        kind = "government" if country and not owners else "organisation"
        if country and not owners:
            demonym = next(
                (a.demonyms[0] for a in self.actors if a.name == country and a.demonyms), country
            )
            return Speaker(f"{demonym} {title}", text, country, kind)
        trimmed = mention
        if fold(trimmed[0].text) in _DETERMINERS:
            trimmed = trimmed[1:]
        owner = owners[0] if owners else None
        return Speaker(trimmed.text, text, country or (owner.country if owner else None), kind)

    def _state(self, country: str) -> str:
        """The name the gazetteer gives a country's government ("Syrian government"), else the
        country's own name."""
        demonym = next((a.demonyms[0] for a in self.actors if a.name == country and a.demonyms), "")
        government = self.actor(f"{demonym} government") if demonym else None
        if government is not None and government.type == "government":
            return government.name
        state = self.actor(country)
        return state.name if state else country

    def _named_institution(
        self,
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
            actor = self._by_name.get(span.label_)
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
        self,
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
        generic = head in GENERIC_PERSON_HEADS
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
                        fold(obj.text) in GOVERNMENT_HEADS | ORGANISATION_HEADS
                        or obj.ent_type_ == "ORG"
                        or (
                            actor is not None
                            and actor.label_ in self._by_name
                            and self._by_name[actor.label_].type in ("organisation", "government")
                        )
                    ):
                        span = doc[obj.left_edge.i : obj.right_edge.i + 1]
                        if generic or head.startswith("spokes"):
                            return replace(
                                self._resolve(doc, span, year, analysis, resolved), mention=text
                            )
        if plural:  # "Turkish officials": anonymous, of a country
            return Speaker(None, text, role.country, "person")
        if not generic and definite:
            holder = self._holder(mention, role, year, analysis)
            if holder is not None:
                return holder
        owners = [a for _, a in named if a.type in ("organisation", "group", "government")]
        if owners and (generic or head.startswith("spokes")):
            # "A State Department spokesperson": the department speaks.
            return self._as_speaker(owners[0], text)
        if not definite:
            return Speaker(None, text, role.country, "person")
        if generic and role.country is None:
            # "The source" after "An official source at the ministry": the same speaker.
            for _, previous in reversed(resolved):
                if previous.mention and head in fold(previous.mention).split():
                    return Speaker(previous.name, text, previous.country, previous.type)
        # "The Russian leader", "Russia's top diplomat", "the Russian envoy" (a loose word for
        # any diplomat): the person of that country last in view; a generic noun without a
        # country ("the diplomat"): the last person who spoke.
        if not (generic or (head == "envoy" and role.country)):
            return Speaker(None, text, role.country, "person")
        person = self._recent_person(mention, role.country, analysis, resolved)
        if person is not None:
            return Speaker(person[0], text, person[1], "person")
        return Speaker(None, text, role.country, "person")

    def _holder(
        self, mention: Span, role: _Role, year: int | None, analysis: _Analysis
    ) -> Speaker | None:
        """The person holding a title: in the article (nearest before, else after), else the
        single gazetteer person holding it for that country in that year."""
        text = mention.text
        holders = []
        for person in analysis.persons:
            person_roles = list(person.roles) + self._gazetteer_roles(person.name, year)
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
                for actor, roles in self._titled
                if any(
                    role.fits(r) and held.held_in(year) and (not exact or r.words == role.words)
                    for r, held in roles
                )
            ]
            if len(in_office) == 1:
                return Speaker(in_office[0].name, text, in_office[0].country, "person")
            if in_office:
                return None
        return None

    def _recent_person(
        self,
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

    def _gazetteer_roles(self, name: str, year: int | None) -> list[_Role]:
        actor = self._by_name.get(name)
        if actor is None:
            return []
        return [
            _Role(self._title_words(r.title), r.country or actor.country)
            for r in actor.roles
            if r.held_in(year) or year is None
        ]

    # -- actors mentioned ------------------------------------------------------------------

    def actors_in(self, span: Span | Doc) -> list[str]:
        """Canonical actors mentioned in a span: gazetteer matches plus NER PERSON/ORG/GPE."""
        doc = span if isinstance(span, Doc) else span.doc
        start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
        analysis = self._analyse(doc)
        found: list[tuple[int, str]] = []
        covered: set[int] = set()
        for person in analysis.persons:
            if start <= person.start and person.end <= end:
                found.append((person.start, person.name))
                covered.update(range(person.start, person.end))
        for match in analysis.matches:
            if start <= match.start and match.end <= end and match.start not in covered:
                name = (
                    self._country_of(match.label_) if match.label_.startswith("demonym:") else None
                )
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
            actor = self.actor(name)
            found.append((ent.start, actor.name if actor else name))
        found.sort()
        return list(dict.fromkeys(name for _, name in found if name))
