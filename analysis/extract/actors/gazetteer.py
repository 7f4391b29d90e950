"""The actor gazetteer as a spaCy component: its matches go to doc.spans["actors"]."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from uuid import uuid4

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import filter_spans

from analysis.extract.actors.demonyms import demonym_label
from analysis.extract.actors.grammar import HONORIFICS, Ranges, inside
from analysis.extract.actors.lexicon import ActorLexicon
from analysis.reference import Actor
from analysis.text import credit_spans, fold

FACTORY = "actor_gazetteer"
SPANS_KEY = "actors"
# The doc.spans["actors"] attribute naming the gazetteer that wrote the group: a Doc that
# another gazetteer (a test's small one) matched is matched again, not misread.
STAMP = "gazetteer"


class ActorGazetteer:
    """Finds gazetteer actors and demonyms in a Doc, diacritic-insensitively (acronyms exactly).

    Each match is a Span labelled with the actor's canonical name or "demonym:<country>";
    none inside photo credits and bylines, nor inside a longer proper name.
    """

    def __init__(self, nlp: Language, lexicon: ActorLexicon) -> None:
        self.lexicon = lexicon
        self.vocab = nlp.vocab
        self.stamp = uuid4().hex
        self._folded = PhraseMatcher(nlp.vocab, attr="ORTH")  # on diacritic-folded tokens
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")  # acronyms: "US" is not "us"
        self._spelled = PhraseMatcher(nlp.vocab, attr="ORTH")  # people, past transliteration
        for actor in lexicon.actors:
            self._add_actor(nlp, actor)

    def _add_actor(self, nlp: Language, actor: Actor) -> None:
        for alias in dict.fromkeys((actor.name, *actor.aliases)):
            self._add(nlp, actor.name, alias)
            if _HYPHEN.search(alias):  # "al-Sadr" written "al Sadr" (wire and stripped text)
                self._add(nlp, actor.name, _HYPHEN.sub(" ", alias))
            if (
                actor.type == "country"
                and alias.isalpha()
                and not alias.isupper()
                and not alias.endswith("s")
            ):
                # A possessive whose apostrophe was lost ("Syrias future" in scraped text).
                self._add(nlp, actor.name, alias + "s")
        for demonym in actor.demonyms:
            for form in {demonym, demonym + "s"}:
                self._add(nlp, demonym_label(actor.name), form)

    def _add(self, nlp: Language, key: str, alias: str) -> None:
        tokens = [t.text for t in nlp.make_doc(alias)]
        if not tokens:
            return
        if alias.isupper() and len(alias) <= 5:
            self._exact.add(key, [Doc(self.vocab, words=tokens)])
        else:
            folded, spelled = self._folded_docs(nlp.make_doc(alias))
            self._folded.add(key, [folded])
            if self.lexicon.kind(key) == "person":  # "Rudskoi" for "Rudskoy"
                self._spelled.add(key, [spelled])

    def _folded_docs(self, doc: Doc) -> tuple[Doc, Doc]:
        """`doc` folded, and folded past transliteration (see _respelled), in one pass."""
        folded = [fold(t.text) or t.text for t in doc]
        capitalised = [t.text[:1].isupper() for t in doc]
        spelled = [_respelled(f) if c else f for f, c in zip(folded, capitalised, strict=True)]
        spaces = [bool(t.whitespace_) for t in doc]
        return (
            Doc(self.vocab, words=folded, spaces=spaces),
            Doc(self.vocab, words=spelled, spaces=spaces),
        )

    def __call__(self, doc: Doc) -> Doc:
        """Write the matches of `doc` to doc.spans["actors"]."""
        doc.spans[SPANS_KEY] = SpanGroup(
            doc, name=SPANS_KEY, attrs={STAMP: self.stamp}, spans=self._matches(doc)
        )
        return doc

    def spans(self, doc: Doc) -> SpanGroup:
        """This gazetteer's matches of `doc`: those on it, else matched now."""
        group = doc.spans.get(SPANS_KEY)
        if group is None or group.attrs.get(STAMP) != self.stamp:
            group = self(doc).spans[SPANS_KEY]
        return group

    def _matches(self, doc: Doc) -> list[Span]:
        folded, spelled = self._folded_docs(doc)
        spans = [
            Span(doc, start, end, label=match_id)
            for matcher, words in ((self._folded, folded), (self._spelled, spelled))
            for match_id, start, end in matcher(words)
        ]
        spans += [
            Span(doc, start, end, label=match_id) for match_id, start, end in self._exact(doc)
        ]
        excluded = Ranges(credit_spans(doc.text))
        people = _PersonEntities(doc)
        return [
            s
            for s in filter_spans(spans)
            if not inside(excluded, s.start_char, s.end_char)
            and not (s.label_ in self.lexicon.by_name and self._overlaps_other_person(s, people))
            and not self._inside_longer_name(s)
            and not self._other_given_name(s)
        ]

    def _inside_longer_name(self, span: Span) -> bool:
        """An organisation alias that is only the tail of a longer proper name ("Security
        Council" in "National Security Council") is not that organisation."""
        lexicon = self.lexicon
        if lexicon.kind(span.label_) not in ("organisation", "government", "group"):
            return False
        if span.start == 0:
            return False
        before = span.doc[span.start - 1]
        return (
            before.pos_ in ("PROPN", "ADJ")
            and before.is_alpha
            and before.text[:1].isupper()
            and fold(before.text) not in lexicon.by_alias
            and before.text not in lexicon.demonyms
            and fold(before.text) not in lexicon.role_heads
            and not before.is_sent_start
        )

    def _other_given_name(self, span: Span) -> bool:
        """A person's surname right after a given name that is none of theirs, the NER taking
        both for one name: "Zahran Alloush" is not Mohammed Alloush."""
        actor = self.lexicon.by_name.get(span.label_)
        if actor is None or actor.type != "person" or span.start == 0:
            return False
        before = span.doc[span.start - 1]
        written = fold(before.text)
        if not (
            before.pos_ == "PROPN"
            and before.ent_type_ == "PERSON"
            and before.ent_iob_ == "B"
            and before.text[:1].isupper()
            and written not in self.lexicon.by_alias
            and written not in self.lexicon.role_heads
            and written.rstrip(".") not in HONORIFICS
        ):
            return False
        # by initial: transliterations and mangled letters keep it (Ahmed/Ahmet, Sergei/Sergey)
        initials = {w[:1] for name in (actor.name, *actor.aliases) for w in fold(name).split()}
        return written[:1] not in initials

    def _overlaps_other_person(self, span: Span, people: _PersonEntities) -> bool:
        """A country alias inside a longer PERSON name ("Hafez al-Assad Street") is no country."""
        kind = self.lexicon.kind(span.label_)
        if kind == "person":
            return False
        return people.longer_around(span.start, span.end) and kind not in ("country", "government")


_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_DOUBLED = re.compile(r"(\w)\1")


@lru_cache(maxsize=1 << 16)
def _respelled(folded: str) -> str:
    """A folded capitalised word past the usual variants of transliteration: "y" as "i", "ou"
    as "u", doubled letters as one (Sergey/Sergei, Rudskoy/Rudskoi, Lavrentyev/Lavrentiev,
    Youssef/Yusef, Hassan/Hasan); common words keep their spelling ("route" is not "Rutte")."""
    return _DOUBLED.sub(r"\1", folded.replace("y", "i").replace("ou", "u"))


class _PersonEntities:
    """The Doc's PERSON entities, in text order, for bisection (Doc.ents is rebuilt on every
    access: read once per Doc, not once per match)."""

    def __init__(self, doc: Doc) -> None:
        self._ranges = [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"]
        self._starts = [start for start, _ in self._ranges]

    def longer_around(self, start: int, end: int) -> bool:
        """Whether a PERSON entity longer than [start, end) holds it (entities never overlap:
        only the last one starting at or before `start` can)."""
        at = bisect_right(self._starts, start) - 1
        if at < 0:
            return False
        e_start, e_end = self._ranges[at]
        return end <= e_end and e_end - e_start > end - start


@Language.factory(FACTORY)
def make_actor_gazetteer(nlp: Language, name: str) -> ActorGazetteer:
    """The gazetteer of data/actors.toml, roles.toml and outlets.toml, as a pipeline component."""
    return ActorGazetteer(nlp, ActorLexicon.from_reference(nlp))
