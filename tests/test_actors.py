"""Speaker resolution and actor mentions (analysis/actors.py) on small and real gazetteers."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from analysis.actors import ActorIndex, Speaker
from analysis.reference import Actor, Role, fold, load_actors
from analysis.settings import SEEDS_DIR

# A small gazetteer of our own, so the tests do not move when data/actors.toml grows.
ACTORS = (
    Actor("Russia", "country", "Russia", ("Moscow", "the Kremlin", "Kremlin"), ("Russian",)),
    Actor("Turkey", "country", "Turkey", ("Türkiye", "Turkiye", "Ankara"), ("Turkish",)),
    Actor("Syria", "country", "Syria", ("Damascus",), ("Syrian",)),
    Actor("Iran", "country", "Iran", ("Tehran",), ("Iranian",)),
    Actor("United Nations", "organisation", None, ("UN", "the United Nations")),
    Actor("Istanbul", "place", "Turkey", ("İstanbul",)),
    Actor(
        "Sergey Lavrov",
        "person",
        "Russia",
        ("Sergei Lavrov", "Lavrov"),
        roles=(Role("foreign minister", "Russia", 2004),),
    ),
    Actor(
        "Mevlüt Çavuşoğlu",
        "person",
        "Turkey",
        ("Mevlut Cavusoglu", "Çavuşoğlu", "Cavusoglu"),
        roles=(Role("foreign minister", "Turkey", 2014, 2023),),
    ),
    Actor(
        "Hakan Fidan",
        "person",
        "Turkey",
        ("Fidan",),
        roles=(Role("foreign minister", "Turkey", 2023),),
    ),
    Actor(
        "Recep Tayyip Erdoğan",
        "person",
        "Turkey",
        ("Recep Tayyip Erdogan", "Tayyip Erdoğan", "Erdoğan", "Erdogan"),
        roles=(Role("president", "Turkey", 2014),),
    ),
    Actor(
        "Dmitry Peskov",
        "person",
        "Russia",
        ("Dmitri Peskov", "Peskov"),
        roles=(Role("Kremlin spokesman", "Russia", 2012),),
    ),
    Actor("Vladimir Putin", "person", "Russia", ("Putin",), roles=(Role("president", "Russia"),)),
    Actor(
        "Mikhail Bogdanov",
        "person",
        "Russia",
        ("Bogdanov",),
        roles=(Role("deputy foreign minister", "Russia", 2011),),
    ),
)


@pytest.fixture(scope="module")
def index(nlp: Language) -> ActorIndex:
    return ActorIndex(nlp, ACTORS)


def mention_spans(doc: Doc, mentions: list[str]) -> list[Span]:
    """Each mention, found in order: the next token-aligned occurrence after the previous."""
    spans, pos = [], 0
    for mention in mentions:
        while True:
            i = doc.text.index(mention, pos)
            span = doc.char_span(i, i + len(mention))
            pos = i + 1
            if span is not None:
                break
        spans.append(span)
        pos = span.start_char + 1
    return spans


def resolve(index: ActorIndex, nlp: Language, text: str, mentions: list[str], year: int):
    doc = nlp(text)
    speakers = index.resolve_speakers(doc, mention_spans(doc, mentions), date(year, 6, 1))
    assert [s.mention for s in speakers] == mentions
    return [(s.name, s.country, s.type) for s in speakers]


LAVROV = ("Sergey Lavrov", "Russia", "person")
CAVUSOGLU = ("Mevlüt Çavuşoğlu", "Turkey", "person")
ERDOGAN = ("Recep Tayyip Erdoğan", "Turkey", "person")

SPEAKER_CASES = [
    pytest.param(
        "Russian Foreign Minister Sergei Lavrov said on Monday that talks would continue. "
        "Lavrov added that Moscow was ready for a meeting.",
        ["Russian Foreign Minister Sergei Lavrov", "Lavrov"],
        2019,
        [LAVROV, LAVROV],
        id="transliteration-and-surname",
    ),
    pytest.param(
        "Turkish Foreign Minister Mevlut Cavusoglu said the ceasefire was holding. "
        "Çavuşoğlu also said Turkey would keep its observation posts. "
        "CAVUSOGLU later told reporters the posts would stay.",
        ["Turkish Foreign Minister Mevlut Cavusoglu", "Çavuşoğlu", "CAVUSOGLU"],
        2019,
        [CAVUSOGLU, CAVUSOGLU, CAVUSOGLU],
        id="turkish-name-with-and-without-diacritics",
    ),
    pytest.param(
        "Erdogan said Turkey would not wait. Recep Tayyip Erdoğan repeated the warning on Friday. "
        "President Erdoğan told his party the operation would go on.",
        ["Erdogan", "Recep Tayyip Erdoğan", "President Erdoğan"],
        2020,
        [ERDOGAN, ERDOGAN, ERDOGAN],
        id="erdogan-forms",
    ),
    pytest.param(
        "Lavrov said the zones would be respected. He added that Russia wanted calm. "
        "Cavusoglu said Ankara agreed. He also said more talks were needed.",
        ["Lavrov", "He", "Cavusoglu", "He"],
        2018,
        [LAVROV, LAVROV, CAVUSOGLU, CAVUSOGLU],
        id="pronoun-chain",
    ),
    pytest.param(
        "Lavrov said the talks had been useful. Erdogan met Putin in Sochi on Monday. "
        "He said afterwards that the two countries would cooperate.",
        ["Lavrov", "He"],
        2018,
        [LAVROV, ERDOGAN],
        id="pronoun-prefers-the-new-subject",
    ),
    pytest.param(
        "Turkey's foreign minister said on Tuesday that the talks were constructive. "
        "Speaking in Ankara, Mevlut Cavusoglu said the ceasefire must hold.",
        ["Turkey's foreign minister", "Mevlut Cavusoglu"],
        2019,
        [CAVUSOGLU, CAVUSOGLU],
        id="role-before-name",
    ),
    pytest.param(
        "Turkey's foreign minister said on Tuesday that the talks were constructive.",
        ["Turkey's foreign minister"],
        2024,
        [("Hakan Fidan", "Turkey", "person")],
        id="role-from-gazetteer-by-year",
    ),
    pytest.param(
        "Turkey's foreign minister said on Tuesday that the talks were constructive.",
        ["Turkey's foreign minister"],
        2019,
        [CAVUSOGLU],
        id="role-from-gazetteer-earlier-year",
    ),
    pytest.param(
        "Russias foreign minister said the talks would go on. "
        "The Russian deputy foreign minister added that the date was not set.",
        ["Russias foreign minister", "The Russian deputy foreign minister"],
        2019,
        [LAVROV, ("Mikhail Bogdanov", "Russia", "person")],
        id="apostrophe-lost-and-exact-title-first",
    ),
    pytest.param(
        "The Syrian foreign minister said the presence of foreign troops was illegal.",
        ["The Syrian foreign minister"],
        2019,
        [(None, "Syria", "person")],
        id="unknown-holder-keeps-country",
    ),
    pytest.param(
        "Kremlin spokesman Dmitry Peskov said the call had been frank. "
        "The Kremlin spokesman added that contacts would continue.",
        ["Kremlin spokesman Dmitry Peskov", "The Kremlin spokesman"],
        2020,
        [("Dmitry Peskov", "Russia", "person")] * 2,
        id="kremlin-spokesman",
    ),
    pytest.param(
        "The Kremlin spokesman said the call had been frank.",
        ["The Kremlin spokesman"],
        2020,
        [("Dmitry Peskov", "Russia", "person")],
        id="kremlin-spokesman-from-gazetteer",
    ),
    pytest.param(
        "The Kremlin said on Monday that the memorandum was being observed. "
        "It added that Russian officers were in contact with their Turkish colleagues.",
        ["The Kremlin", "It"],
        2019,
        [("Russia", "Russia", "government")] * 2,
        id="kremlin-and-it",
    ),
    pytest.param(
        "Ankara said the attack would not go unanswered, while Damascus denied any role.",
        ["Ankara", "Damascus"],
        2020,
        [("Turkey", "Turkey", "government"), ("Syria", "Syria", "government")],
        id="capitals-as-governments",
    ),
    pytest.param(
        "Turkey's foreign ministry said the patrol had been completed. "
        "The Russian defence ministry said the patrol had been shortened.",
        ["Turkey's foreign ministry", "The Russian defence ministry"],
        2020,
        [
            ("Turkish Foreign Ministry", "Turkey", "government"),
            ("Russian Defence Ministry", "Russia", "government"),
        ],
        id="ministries",
    ),
    pytest.param(
        "The UN envoy's office said the next round would open in Geneva.",
        ["The UN envoy's office"],
        2020,
        [("UN envoy's office", None, "organisation")],
        id="organisation-office",
    ),
    pytest.param(
        "Syrian opposition negotiator Nasr Hariri said the talks had failed. "
        "Hariri added that the government delegation refused to discuss a transition.",
        ["Syrian opposition negotiator Nasr Hariri", "Hariri"],
        2017,
        [("Nasr Hariri", "Syria", "person")] * 2,
        id="person-outside-gazetteer-fullest-name",
    ),
    pytest.param(
        "Turkish officials said the convoy had been hit.",
        ["Turkish officials"],
        2020,
        [(None, "Turkey", "person")],
        id="anonymous-officials",
    ),
]


@pytest.mark.parametrize(("text", "mentions", "year", "expected"), SPEAKER_CASES)
def test_resolve_speakers(index, nlp, text, mentions, year, expected):
    assert resolve(index, nlp, text, mentions, year) == expected


def test_apposition_names_the_role_holder(index, nlp):
    text = (
        "Ahmet Yilmaz, Turkey's deputy foreign minister, said on Monday the talks were useful. "
        "The deputy foreign minister added that a new round would follow."
    )
    got = resolve(index, nlp, text, ["Ahmet Yilmaz", "The deputy foreign minister"], 2020)
    assert got == [("Ahmet Yilmaz", "Turkey", "person")] * 2


def test_deputy_is_not_the_minister(index, nlp):
    """A more specific title than the one a person holds does not resolve to that person."""
    text = (
        "Lavrov said on Monday the talks were useful. "
        "The deputy foreign minister added that a new round would follow."
    )
    got = resolve(index, nlp, text, ["Lavrov", "The deputy foreign minister"], 2020)
    assert got[1][0] != "Sergey Lavrov"


def test_missing_mention_is_unknown(index, nlp):
    doc = nlp("Fighting continued in Idlib.")
    assert index.resolve_speakers(doc, [None], None) == [Speaker(None, None, None, "unknown")]


ACTOR_CASES = [
    pytest.param(
        "Russian Foreign Minister Sergei Lavrov met Mevlut Cavusoglu in Ankara.",
        ["Russia", "Sergey Lavrov", "Mevlüt Çavuşoğlu", "Turkey"],
        id="people-and-places",
    ),
    pytest.param(
        "Moscow and the Kremlin both insisted that Damascus agree.",
        ["Russia", "Syria"],
        id="capitals-deduplicated",
    ),
    pytest.param(
        "Türkiye and Turkiye are the same country as Turkey.",
        ["Turkey"],
        id="turkiye",
    ),
    pytest.param(
        "Erdoğan spoke to the UN in İstanbul and to Erdogan's party in Istanbul.",
        ["Recep Tayyip Erdoğan", "United Nations", "Istanbul"],
        id="diacritics-folded",
    ),
    pytest.param(
        "Erdogan spoke in Ankara on Monday.\n(Photo by John Doeman / AFP)",
        ["Recep Tayyip Erdoğan", "Turkey"],
        id="photo-credit",
    ),
    pytest.param(
        "Erdogan spoke in Ankara on Monday.\nReporting by Jane Roeberts; Editing by Tom Poeman",
        ["Recep Tayyip Erdoğan", "Turkey"],
        id="byline",
    ),
    pytest.param(
        "Tehran said it was ready to help, according to the Iranian agency.",
        ["Iran"],
        id="demonym-and-capital",
    ),
    pytest.param(
        "we told us that US troops would stay.",
        [],
        id="pronoun-us-is-not-the-united-states",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ACTOR_CASES)
def test_actors_in(index, nlp, text, expected):
    found = index.actors_in(nlp(text))
    assert [a for a in found if a in {x.name for x in ACTORS}] == expected
    assert "John Doeman" not in found and "Jane Roeberts" not in found


def test_actors_in_span_only_counts_the_span(index, nlp):
    doc = nlp("Lavrov met Cavusoglu. Putin called Erdogan.")
    first, second = list(doc.sents)
    assert index.actors_in(first) == ["Sergey Lavrov", "Mevlüt Çavuşoğlu"]
    assert index.actors_in(second) == ["Vladimir Putin", "Recep Tayyip Erdoğan"]


def test_actors_in_names_people_outside_the_gazetteer_by_their_fullest_form(index, nlp):
    doc = nlp("UN envoy Geir Pedersen arrived in Damascus. Pedersen met officials there.")
    second = list(doc.sents)[1]
    assert "Geir Pedersen" in index.actors_in(second)


def test_actor_lookup(index):
    assert index.actor("Sergey Lavrov").roles[0].title == "foreign minister"
    assert index.actor("Erdogan").name == "Recep Tayyip Erdoğan"
    assert index.actor("Nobody Atall") is None


# -- the real gazetteer and the seed --------------------------------------------------------


@pytest.fixture(scope="module")
def real_index(nlp: Language) -> ActorIndex:
    return ActorIndex.from_reference(nlp)


def test_every_person_alias_in_the_gazetteer_is_found(real_index, nlp):
    people = [a for a in load_actors() if a.type == "person"]
    texts = [
        (f"On Monday {alias} said the talks would go on.", a) for a in people for alias in a.aliases
    ]
    missed = [
        (a.name, doc.text)
        for doc, a in nlp.pipe(texts, as_tuples=True)
        if a.name not in real_index.actors_in(doc)
    ]
    assert missed == []


def test_real_gazetteer_folds_transliterations(real_index, nlp):
    doc = nlp("Sergei Lavrov and Sergey Lavrov are one man, and so are Erdogan and Erdoğan.")
    found = real_index.actors_in(doc)
    assert found.count("Sergey Lavrov") == 1
    assert sum(fold(name) == fold("Recep Tayyip Erdoğan") for name in found) == 1


SEED_MENTIONS = [
    "Russia’s consul general in İstanbul",
    "Russian Consul General Andrei Buravov",
    "Buravov",
    "He",
    "Buravov",
    "he",
    "Buravov",
    "he",
    "Buravov",
    "He",
    "Buravov",
    "The consul general",
    "Buravov",
]


def test_seed_speakers_all_resolve_to_buravov(real_index, nlp):
    text = next(SEEDS_DIR.glob("000_*.txt")).read_text(encoding="utf-8")
    doc = nlp(text)
    mentions = mention_spans(doc, SEED_MENTIONS)
    speakers = real_index.resolve_speakers(doc, mentions, date(2024, 12, 17))
    assert [s.mention for s in speakers] == SEED_MENTIONS
    assert {(s.name, s.country, s.type) for s in speakers} == {
        ("Andrei Buravov", "Russia", "person")
    }


def test_seed_actors_exclude_the_photo_credit(real_index, nlp):
    text = next(SEEDS_DIR.glob("000_*.txt")).read_text(encoding="utf-8")
    found = real_index.actors_in(nlp(text))
    assert {"Russia", "Turkey", "Syria", "Andrei Buravov"} <= set(found)
    assert not any("SOULEIMAN" in name or name == "AFP" for name in found)


def test_any_span_of_the_seed_resolves_without_error(real_index, nlp):
    """Every token and noun chunk as a mention: one valid Speaker each, in order."""
    text = next(SEEDS_DIR.glob("000_*.txt")).read_text(encoding="utf-8")
    doc = nlp(text)
    mentions = [doc[i : i + 1] for i in range(len(doc))] + list(doc.noun_chunks)
    speakers = real_index.resolve_speakers(doc, mentions, None)
    assert [s.mention for s in speakers] == [m.text for m in mentions]
    assert {s.type for s in speakers} <= {"person", "organisation", "government", "unknown"}


def test_an_unparsed_doc_is_handled(index, nlp):
    doc = nlp.make_doc("Lavrov said the talks were useful. He added more.")
    speakers = index.resolve_speakers(doc, [doc[0:1], doc[7:8]], date(2020, 1, 1))
    assert speakers[0] == Speaker("Sergey Lavrov", "Lavrov", "Russia", "person")
    assert len(index.actors_in(doc)) >= 1
