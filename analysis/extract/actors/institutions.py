"""Institutions as speakers: "Turkey's foreign ministry", "the envoy's office", "the ministry"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from analysis.extract.actors.demonyms import is_demonym_label
from analysis.extract.actors.grammar import DETERMINERS
from analysis.extract.actors.mention import Mention, Speaker, as_speaker
from analysis.extract.actors.persons import Person
from analysis.reference import Actor
from analysis.text import fold

# Heads that, with a word before them, name one body of a state ("Economic Development
# Ministry"); "office" or "the army command" alone is no name to invent.
_NAMED_BODY_HEADS = ("ministry", "embassy", "consulate", "department")


@dataclass(frozen=True)
class _Institution:
    """An institution mention: its head noun, its country, its title words, its owners."""

    m: Mention
    head: str
    country: str | None
    words: list[Token]  # the title: the head and the nouns and adjectives just before it
    owners: list[Actor]
    inside: list[Person]
    local: bool  # its country comes only from a locality ("the Homs Media Center")

    @property
    def title(self) -> str:
        return " ".join(t.text if t.text[:1].isupper() else t.text.capitalize() for t in self.words)

    @property
    def state_body(self) -> bool:
        """A body of a state named with its country and no owner ("Turkey's ministry"), not
        a local body named after its town."""
        return bool(self.country) and not self.owners and not self.local


def institution_speaker(m: Mention) -> Speaker:
    """The institution a mention with an institution head names."""
    body = _institution(m)
    for resolver in _RESOLVERS:
        speaker = resolver(body)
        if speaker is not None:
            return speaker
    return _unnamed(body)


def _institution(m: Mention) -> _Institution:
    span = m.span
    inside = m.article.persons_within(span.start, span.end)
    country = m.title.country
    if country is None:  # "Erdoğan's office"
        for person in inside:
            country = person.country
    return _Institution(m, m.root_word, country, _title_words(m), m.owners, inside, _local(m))


def _local(m: Mention) -> bool:
    """True when the mention names a town or region and no country, state or demonym."""
    kinds = {
        "demonym" if is_demonym_label(label) else m.lexicon.kind(label)
        for label in (m.article.token_actors.get(t.i) for t in m.span)
        if label is not None
    }
    return "place" in kinds and not kinds & {"demonym", "country", "government"}


def _title_words(m: Mention) -> list[Token]:
    """The root and the nouns and adjectives just before it, up to a determiner or an actor."""
    words: list[Token] = []
    for token in reversed(m.span[: m.root.i - m.span.start + 1]):
        if token.dep_ == "case" or fold(token.text) in DETERMINERS:
            break
        if token.i in m.article.token_actors or token.text in m.lexicon.demonyms:
            break
        if token.pos_ not in ("NOUN", "PROPN", "ADJ") and token.i != m.root.i:
            break
        words.insert(0, token)
    return words


def _presidency(body: _Institution) -> Speaker | None:
    """ "Erdoğan's office" is the presidency when its owner is the president."""
    if body.head != "office" or not body.state_body:
        return None
    lexicon = body.m.lexicon
    holder = next((lexicon.by_name.get(p.name) for p in body.inside), None)
    if holder is None or not any(
        fold(r.title) == "president" and (r.country or holder.country) == body.country
        for r in holder.roles
    ):
        return None
    demonym = lexicon.demonyms.of(body.country or "")
    presidency = lexicon.actor(f"{demonym} Presidency") if demonym else None
    if presidency is not None and presidency.type == "government":
        return as_speaker(presidency, body.m.text)
    return None


def _state_or_known(body: _Institution) -> Speaker | None:
    """ "Syria's new authorities", "the Syrian government delegation": the state; "the
    Russian Defence Ministry": that gazetteer body."""
    if not body.state_body or body.country is None:
        return None
    m, lexicon = body.m, body.m.lexicon
    nouns = [t for t in body.words if t.pos_ != "ADJ"]
    if (body.head in lexicon.state_heads and len(nouns) == 1) or body.head == "delegation":
        return m.speaker(lexicon.state(body.country), body.country, "government")
    demonym = lexicon.demonyms.of(body.country, body.country)
    known = lexicon.actor(f"{demonym} {body.title}")
    return as_speaker(known, m.text) if known is not None else None


def _owning_body(body: _Institution) -> Speaker | None:
    """ "The Syrian army's General Command": a body of a state institution speaks for it, as
    a delegation does for the government it represents ("the Syrian government delegation")."""
    owners = body.owners
    if len(owners) != 1 or owners[0].type != "government":
        return None
    if owners[0].name not in body.m.text or body.head == "delegation":
        return as_speaker(owners[0], body.m.text)
    return None


def _named_earlier(body: _Institution) -> Speaker | None:
    """The same institution named more fully elsewhere in the article ("the ministry", "the
    Turkish ministry" after "the Russian Defence Ministry"): the one before, else after."""
    m = body.m
    wanted = {fold(t.text) for t in body.words}
    candidates = []
    for match in m.article.matches:
        actor = m.lexicon.by_name.get(match.label)
        if actor is None or actor.type not in ("government", "organisation"):
            continue
        if match.start >= m.span.start and match.end <= m.span.end:
            continue
        written = {fold(t.text) for t in m.doc[match.start : match.end]}
        name_words = set(fold(actor.name).split()) | written
        if body.head not in name_words or not wanted <= name_words:
            continue
        if body.country is not None and actor.country != body.country:
            continue
        candidates.append((match.start < m.span.start, match.start, actor))
    if not candidates:
        return None
    before = [c for c in candidates if c[0]]
    return as_speaker((before[-1] if before else candidates[0])[2], m.text)


def _repeated(body: _Institution) -> Speaker | None:
    """ "The ministry" after a speaker whose mention had that head noun: the same body."""
    if body.owners or not (body.country is None or len(body.words) == 1):
        return None
    for _, previous in reversed(body.m.resolved):
        if previous.type == "person" or not previous.mention:
            continue
        if body.head in fold(previous.mention).split() and body.country in (
            None,
            previous.country,
        ):
            return body.m.speaker(previous.name, previous.country, previous.type)
    return None


def _state_body_named(body: _Institution) -> Speaker | None:
    """A body of a state: named after its title ("Russian Economic Development Ministry")
    when the title is a name, else unnamed of that country."""
    if not body.state_body or _proper_name_with_object(body):
        return None
    m, words = body.m, body.words
    demonym = m.lexicon.demonyms.of(body.country or "", body.country or "")
    if (len(words) >= 2 and body.head in _NAMED_BODY_HEADS) or (
        words and all(t.text[:1].isupper() and t.pos_ == "PROPN" for t in words)
    ):
        return m.speaker(f"{demonym} {body.title}", body.country, "government")
    return m.speaker(None, body.country, "government")


def _proper_name_with_object(body: _Institution) -> bool:
    """ "The Syrian Center for Policy Research": a capitalised head with a capitalised "for"
    or "of" object is an organisation's own name, not a body of the Syrian state."""
    root = body.m.root
    if body.head in _NAMED_BODY_HEADS or not root.text[:1].isupper():
        return False
    return any(
        c.dep_ == "prep"
        and c.lower_ in ("for", "of")
        and any(g.dep_ == "pobj" and g.text[:1].isupper() for g in c.children)
        for c in root.children
    )


def _unnamed(body: _Institution) -> Speaker:
    """An organisation: its name as written, or no name for a description nobody named
    ("the monitoring group")."""
    m = body.m
    trimmed = m.span
    if fold(trimmed[0].text) in DETERMINERS:
        trimmed = trimmed[1:]
    owner = body.owners[0] if body.owners else None
    country = body.country or (owner.country if owner else None)
    if owner is None and not any(
        t.pos_ == "PROPN" and t.text[:1].isupper() and t.i not in m.article.token_actors
        for t in trimmed
    ):
        return m.speaker(None, country, "organisation")
    return m.speaker(trimmed.text, country, "organisation")


_RESOLVERS: tuple[Callable[[_Institution], Speaker | None], ...] = (
    _presidency,
    _state_or_known,
    _owning_body,
    _named_earlier,
    _repeated,
    _state_body_named,
)
