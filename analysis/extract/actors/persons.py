"""People in an article: names, the roles they are described by, subjects; kept on the Doc."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from analysis.extract.actors.gazetteer import (
    ActorIndex,
    actor_country,
    country_of,
    fold_doc,
    inside_longer_name,
    overlaps_other_person,
)
from analysis.extract.actors.records import (
    ABBREVIATED_TITLE,
    DETERMINERS,
    Analysis,
    Person,
    Role,
    inside,
)
from analysis.text import credit_spans, fold, quote_spans

ACTOR_SPANS = "actors"  # doc.spans key of the gazetteer matches (label: actor or demonym:X)
if not Doc.has_extension("actor_analysis"):
    # (the index that analysed the Doc, its Analysis): per-Doc state lives on the Doc
    Doc.set_extension("actor_analysis", default=None)


def analyse(index: ActorIndex, doc: Doc) -> Analysis:
    """What the article says about its actors, kept on the Doc (never on the shared index)."""
    kept = doc._.actor_analysis
    if kept is not None and kept[0] is index:
        return kept[1]
    spans = [
        Span(doc, start, end, label=match_id)
        for match_id, start, end in index.folded(fold_doc(index, doc))
    ]
    spans += [Span(doc, start, end, label=match_id) for match_id, start, end in index.exact(doc)]
    text = doc.text
    excluded = credit_spans(text)
    quotes = quote_spans(text)
    matches = [
        s
        for s in filter_spans(spans)
        if not inside(excluded, s.start_char, s.end_char)
        and not (s.label_ in index.by_name and overlaps_other_person(index, s))
        and not inside_longer_name(index, s)
    ]
    token_actor = {i: s for s in matches for i in range(s.start, s.end)}
    analysis = Analysis(matches, token_actor, [], excluded, quotes)
    analysis.persons = _persons(index, doc, analysis)
    doc.spans[ACTOR_SPANS] = matches
    doc._.actor_analysis = (index, analysis)
    return analysis


Found = list[tuple[int, int, str | None]]  # token ranges of persons, canonical name if known


def _persons(index: ActorIndex, doc: Doc, analysis: Analysis) -> list[Person]:
    """Every person occurrence: gazetteer people, then NER PERSON names not in the gazetteer."""
    found: Found = []
    for span in analysis.matches:
        actor = index.by_name.get(span.label_)
        if actor is not None and actor.type == "person":
            found.append((span.start, span.end, actor.name))
    taken = {i for s, e, _ in found for i in range(s, e)}
    for ent in doc.ents:
        name_range = _entity_person(index, doc, ent, analysis, taken)
        if name_range is not None:
            found.append((*name_range, None))
            taken.update(range(*name_range))
    _add_lone_surnames(doc, analysis, found, taken)
    found.sort()
    persons = _canonical_persons(index, doc, analysis, found)
    _countries_from_roles(persons)
    return persons


def _entity_person(
    index: ActorIndex, doc: Doc, ent: Span, analysis: Analysis, taken: set[int]
) -> tuple[int, int] | None:
    """The token range of a person the NER found outside the gazetteer, if it is one."""
    if inside(analysis.excluded, ent.start_char, ent.end_char):
        return None
    if any(i in taken or i in analysis.token_actor for i in range(ent.start, ent.end)):
        return None
    start, end = _trim_name(index, ent)
    if start >= end:
        return None
    if fold(doc[start:end].text) in index.outlet_words:
        return None  # "according to SANA": a news agency the NER took for a person
    if end - start == 1 and fold(doc[start].text) in index.institution_heads:
        return None  # "The Observatory" the NER took for a person
    while _left_out_first_name(index, doc, start, end, analysis, taken):
        start -= 1  # the first name the NER left out ("Ahmet" of "Ahmet Yilmaz")
    if ent.label_ != "PERSON" and not _titled_misnomer(index, doc, ent, start, end, analysis):
        return None
    return start, end


def _left_out_first_name(
    index: ActorIndex, doc: Doc, start: int, end: int, analysis: Analysis, taken: set[int]
) -> bool:
    if start == 0:
        return False
    before = doc[start - 1]
    return (
        before.pos_ == "PROPN"
        and before.dep_ == "compound"
        and start <= before.head.i < end
        and before.i not in taken
        and before.i not in analysis.token_actor
        and fold(before.text) not in index.role_words
        and not ABBREVIATED_TITLE.match(before.text)
    )


def _titled_misnomer(
    index: ActorIndex, doc: Doc, ent: Span, start: int, end: int, analysis: Analysis
) -> bool:
    """A name the NER mislabels is a person when a person's title describes it
    ("Ahmet Yilmaz, Turkey's deputy foreign minister")."""
    return (
        ent.label_ in ("GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART")
        and all(t.pos_ == "PROPN" for t in doc[start:end])
        and fold(doc[end - 1].text) not in index.institution_heads
        and any(
            r.words and r.words[-1] in index.person_heads
            for r in _described_roles(index, doc, start, end, analysis)
        )
    )


def _add_lone_surnames(doc: Doc, analysis: Analysis, found: Found, taken: set[int]) -> None:
    """A surname standing alone that the NER missed ("Pedersen met ...")."""
    surnames = {fold(doc[e - 1].text): (s, e) for s, e, name in found if name is None and e - s > 1}
    for token in doc:
        if (
            token.i not in taken
            and token.pos_ == "PROPN"
            and token.text[:1].isupper()
            and fold(token.text) in surnames
            and not inside(analysis.excluded, token.idx, token.idx + len(token))
        ):
            found.append((token.i, token.i + 1, None))
            taken.add(token.i)


def _canonical_persons(
    index: ActorIndex, doc: Doc, analysis: Analysis, found: Found
) -> list[Person]:
    """Persons with canonical names: outside the gazetteer, the fullest form in the article."""
    names = [tuple(fold(t.text) for t in doc[s:e]) for s, e, _ in found]
    persons = []
    for (start, end, name), words in zip(found, names, strict=True):
        if name is None:
            name = _fullest(index, doc, found, names, words)
        person = Person(start, end, name, None)
        actor = index.by_name.get(name)
        if actor is not None:
            person.country = actor.country
        person.roles.extend(_described_roles(index, doc, start, end, analysis))
        head = doc[start:end].root
        person.subject = head.dep_ in ("nsubj", "nsubjpass") or (
            head.dep_ == "appos" and head.head.dep_ in ("nsubj", "nsubjpass")
        )
        persons.append(person)
    return persons


def _countries_from_roles(persons: list[Person]) -> None:
    """A name outside the gazetteer takes its country from any role described for it."""
    for person in persons:
        if person.country is not None:
            continue
        for other in persons:
            if other.name == person.name:
                country = next((r.country for r in other.roles if r.country), None)
                if country:
                    person.country = country
                    break


def _trim_name(index: ActorIndex, ent: Span) -> tuple[int, int]:
    """A PERSON entity without leading titles and determiners and a trailing 's."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (
        doc[start].lower_ in index.role_words
        or doc[start].lower_ in DETERMINERS
        or fold(doc[start].text).rstrip(".") in ("mr", "mrs", "ms", "dr")
        or ABBREVIATED_TITLE.match(doc[start].text)
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
    index: ActorIndex, doc: Doc, start: int, end: int, analysis: Analysis
) -> list[Role]:
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
        role = read_role(index, doc, sorted(left), analysis)
        if role.words:
            roles.append(role)
    head = doc[start:end].root
    # Appositions: "X, Russia's foreign minister" and "Russia's foreign minister, X".
    for child in head.children:
        if child.dep_ == "appos" and child.i not in name:
            role = read_role(index, doc, [t.i for t in child.subtree], analysis)
            if role.words:
                roles.append(role)
    if head.dep_ == "appos" and head.head.i not in name:
        outer = head.head
        tokens = [t.i for t in outer.subtree if t.i not in {u.i for u in head.subtree}]
        role = read_role(index, doc, tokens, analysis)
        if role.words:
            roles.append(role)
    return roles


def read_role(index: ActorIndex, doc: Doc, indices: Sequence[int], analysis: Analysis) -> Role:
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
                country = country_of(index, span.label_)
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
    return Role(tuple(words), country)


def possessor(index: ActorIndex, doc: Doc, person: Person, root: Token) -> bool:
    """True when the person owns the mention's head rather than names it: "Putin's
    spokesman", "the spokesman for Erdogan"."""
    head = doc[person.start : person.end].root
    if head.dep_ == "poss":
        return True
    return (
        head.dep_ == "pobj" and head.head.head.i == root.i and fold(root.text) in index.person_heads
    )


def person_country(index: ActorIndex, person: Person, year: int | None) -> str | None:
    """A person's country, or the body of an international role held that year (a UN
    envoy speaks for the United Nations, not for his own country)."""
    actor = index.by_name.get(person.name)
    if actor is None:
        return person.country
    return actor_country(index, actor, year)


def bare_surname(index: ActorIndex, mention: Span, tokens: list[Token]) -> bool:
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


def is_antecedent(subject: Token, mention: Span) -> bool:
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


def prev_sent_start(index: ActorIndex, doc: Doc, mention: Span) -> int:
    sent = mention.sent
    if sent.start == 0:
        return 0
    return doc[sent.start - 1].sent.start


def last_subject(index: ActorIndex, doc: Doc, mention: Span, analysis: Analysis) -> Person | None:
    """The last person who is the subject of a clause before the mention (in an earlier
    sentence or earlier in its own, outside quotations)."""
    if not (doc.has_annotation("DEP") or doc.has_annotation("SENT_START")):
        return None  # no sentences without a parser
    for person in reversed(analysis.persons):
        if person.start >= mention.start or not person.subject:
            continue
        span = doc[person.start : person.end]
        if doc.has_annotation("DEP") and not is_antecedent(span.root, mention):
            continue
        if inside(analysis.quotes, span.start_char, span.end_char):
            continue
        return person
    return None
