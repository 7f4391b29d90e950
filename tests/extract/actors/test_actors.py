"""Speaker resolution and actor mentions (analysis/extract/actors/) on small and real gazetteers."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from analysis.extract.actors import ActorIndex, Speaker
from analysis.reference import Actor, ReferenceDataError, Role, load_actors, load_roles
from analysis.settings import DATA_DIR, SEEDS_DIR
from analysis.text import fold

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
        roles=(
            Role("Kremlin spokesman", "Russia", 2012),
            Role("presidential spokesman", "Russia", 2012),
        ),
    ),
    Actor("Vladimir Putin", "person", "Russia", ("Putin",), roles=(Role("president", "Russia"),)),
    Actor(
        "Syrian Observatory for Human Rights",
        "organisation",
        "United Kingdom",
        ("SOHR", "Britain-based observatory"),
        descriptions=("observatory", "monitor", "monitoring group"),
    ),
    Actor("Russian Defence Ministry", "government", "Russia", ("Russian Defense Ministry",)),
    Actor(
        "Russian Reconciliation Centre",
        "government",
        "Russia",
        ("Russian Centre for Reconciliation",),
    ),
    Actor("Syrian government", "government", "Syria"),
    Actor("Turkish Presidency", "government", "Turkey"),
    Actor(
        "Turkish Armed Forces",
        "government",
        "Turkey",
        ("Turkish military",),
        descriptions=("military", "army"),
    ),
    Actor("Bashar al-Assad", "person", "Syria", ("Assad",), roles=(Role("president", "Syria"),)),
    Actor("UN Security Council", "organisation", "United Nations", ("Security Council",)),
    Actor(
        "Ansgar Lindqvist",
        "person",
        "Sweden",
        ("Lindqvist",),
        roles=(Role("special envoy", "United Nations", 2014, 2018),),
    ),
    Actor(
        "Hulusi Akar",
        "person",
        "Turkey",
        ("Akar",),
        roles=(Role("defence minister", "Turkey", 2018, 2023),),
    ),
    Actor(
        "Jane Moss",
        "person",
        "United States",
        ("Moss",),
        roles=(Role("secretary of state", "United States", 2018, 2020),),
    ),
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
        [("UN envoy's office", "United Nations", "organisation")],
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


SOHR = ("Syrian Observatory for Human Rights", "United Kingdom", "organisation")
RUSSIAN_MOD = ("Russian Defence Ministry", "Russia", "government")

# Definite descriptions, pronouns, possessors, surnames and role countries (audit classes A,
# B and G): our own sentences, one rule each.
ANAPHORA_CASES = [
    pytest.param(
        "The Syrian Observatory for Human Rights said nine people died. The monitor said the "
        "toll could rise. The observatory added that two were children. The monitoring group "
        "later revised the toll. The Observatory said the raids went on.",
        [
            "The Syrian Observatory for Human Rights",
            "The monitor",
            "The observatory",
            "The monitoring group",
            "The Observatory",
        ],
        2017,
        [SOHR] * 5,
        id="description-of-a-named-organisation",
    ),
    pytest.param(
        "The Britain-based observatory said the shelling went on.",
        ["The Britain-based observatory"],
        2017,
        [SOHR],
        id="description-alias",
    ),
    pytest.param(
        "The monitoring group said the shelling went on.",
        ["The monitoring group"],
        2017,
        [(None, None, "organisation")],
        id="unknown-description-invents-no-name",
    ),
    pytest.param(
        "The defence ministry in Moscow said its jets hit a depot. The ministry added that no "
        "civilians were hurt.",
        ["The defence ministry in Moscow", "The ministry"],
        2017,
        [RUSSIAN_MOD] * 2,
        id="country-from-a-prepositional-phrase",
    ),
    pytest.param(
        "The Russian Centre for Reconciliation said the truce was broken twice. The centre said "
        "both breaches were near the coast.",
        ["The Russian Centre for Reconciliation", "The centre"],
        2017,
        [("Russian Reconciliation Centre", "Russia", "government")] * 2,
        id="centre-after-its-full-name",
    ),
    pytest.param(
        "Assad's government was blamed for the shelling, though it denied any role.",
        ["it"],
        2017,
        [("Syrian government", "Syria", "government")],
        id="it-is-the-nearest-institutional-subject",
    ),
    pytest.param(
        "The Russian defence ministry said the patrol was shortened. Turkey, it said, had been "
        "given more time to clear the road.",
        ["The Russian defence ministry", "it"],
        2020,
        [RUSSIAN_MOD] * 2,
        id="parenthetical-it-is-not-the-reported-subject",
    ),
    pytest.param(
        "Erdogan met Putin in Sochi. Cavusoglu has changed his position, and on Friday he said "
        "the talks were over.",
        ["he"],
        2019,
        [CAVUSOGLU],
        id="he-after-a-subject-earlier-in-the-sentence",
    ),
    pytest.param(
        "Lavrov said the talks were useful. The activist said the shelling went on.",
        ["Lavrov", "The activist"],
        2019,
        [LAVROV, (None, None, "person")],
        id="generic-role-is-not-the-last-speaker",
    ),
    pytest.param(
        "Putin's spokesman said the call was frank. Erdogan's aide said the call was short.",
        ["Putin's spokesman", "Erdogan's aide"],
        2020,
        [("Dmitry Peskov", "Russia", "person"), (None, "Turkey", "person")],
        id="possessor-is-not-the-speaker",
    ),
    pytest.param(
        "Former National Security Council official John Roebury said he had raised concerns.",
        ["Former National Security Council official John Roebury"],
        2019,
        [("John Roebury", None, "person")],
        id="alias-inside-a-longer-name",
    ),
    pytest.param(
        "UN envoy Ansgar Lindqvist said the talks would resume.",
        ["UN envoy Ansgar Lindqvist"],
        2016,
        [("Ansgar Lindqvist", "United Nations", "person")],
        id="international-role-gives-the-country",
    ),
    pytest.param(
        "UN envoy Ansgar Lindqvist said the talks would resume.",
        ["UN envoy Ansgar Lindqvist"],
        2021,
        [("Ansgar Lindqvist", "Sweden", "person")],
        id="role-country-only-while-in-office",
    ),
    pytest.param(
        "Turkey's defense minister said the troops would stay.",
        ["Turkey's defense minister"],
        2020,
        [("Hulusi Akar", "Turkey", "person")],
        id="defense-spelling",
    ),
    pytest.param(
        "The state said it would appeal the ruling.",
        ["The state"],
        2019,
        [(None, None, "unknown")],
        id="the-state-is-no-secretary-of-state",
    ),
    pytest.param(
        "Russia's top diplomat said the talks would go ahead.",
        ["Russia's top diplomat"],
        2019,
        [LAVROV],
        id="title-synonym",
    ),
    pytest.param(
        "Erdogan's office said the two presidents had spoken by phone.",
        ["Erdogan's office"],
        2019,
        [("Turkish Presidency", "Turkey", "government")],
        id="the-presidents-office-is-the-presidency",
    ),
    pytest.param(
        "The Turkish military said it had shelled the positions. The military said no "
        "civilians were hurt.",
        ["The Turkish military", "The military"],
        2019,
        [("Turkish Armed Forces", "Turkey", "government")] * 2,
        id="description-from-the-gazetteer",
    ),
    pytest.param(
        "Kurt Volkerson, a former envoy, arrived on Monday. Volkerson said the call was routine.",
        ["Volkerson"],
        2019,
        [("Kurt Volkerson", None, "person")],
        id="surname-linked-to-the-full-name",
    ),
    pytest.param(
        "Shells hit the bakery at dawn, two witnesses said. A local resident added that the "
        "road was closed.",
        ["two witnesses", "A local resident"],
        2016,
        [(None, None, "person"), (None, None, "person")],
        id="witnesses-and-residents-are-people",
    ),
    pytest.param(
        "Gov. Dana Whitcombe, D-Maine, vetoed the bill. Whitcombe said it went too far.",
        ["Gov. Dana Whitcombe, D-Maine", "Whitcombe"],
        2019,
        [("Dana Whitcombe", None, "person"), ("Dana Whitcombe", None, "person")],
        id="abbreviated-title-left-out-of-the-name",
    ),
    pytest.param(
        "Orla Brennick, an economist at Dalmore Bank, said rates would stay high.",
        ["Orla Brennick, an economist at Dalmore Bank"],
        2019,
        [("Orla Brennick", None, "person")],
        id="name-described-as-a-person-is-the-name-alone",
    ),
    pytest.param(
        "Two mortar shells hit the old market at noon, according to SANA.",
        ["SANA"],
        2017,
        [(None, None, "organisation")],
        id="a-news-agency-only-relays-and-is-no-speaker",
    ),
]


@pytest.mark.parametrize(("text", "mentions", "year", "expected"), ANAPHORA_CASES)
def test_resolve_anaphora_and_descriptions(index, nlp, text, mentions, year, expected):
    assert resolve(index, nlp, text, mentions, year) == expected


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


# -- role nouns from data/roles.toml ---------------------------------------------------------


def test_role_nouns_are_read_from_roles_toml():
    nouns = load_roles()
    assert {"minister", "spokesman", "envoy"} <= nouns.title_heads
    assert {"activist", "official", "source"} <= nouns.generic_person_heads
    assert {"ministry", "government"} <= nouns.government_heads
    assert nouns.state_heads <= nouns.government_heads
    assert "observatory" in nouns.organisation_heads
    assert nouns.standard("defense") == "defence" and nouns.standard("troops") == "troops"


def test_an_analyst_can_add_a_role_noun(nlp, tmp_path):
    text = (DATA_DIR / "roles.toml").read_text(encoding="utf-8")
    (tmp_path / "roles.toml").write_text(
        text.replace("title_heads = [", 'title_heads = [\n  "ombudsman",'), encoding="utf-8"
    )
    roles = load_roles(tmp_path)
    assert "ombudsman" in roles.title_heads
    index = ActorIndex(nlp, ACTORS, roles)
    doc = nlp("The Turkish ombudsman said the camps were full.")
    speaker = index.resolve_speakers(doc, [doc[0:3]], date(2020, 1, 1))[0]
    assert (speaker.name, speaker.country, speaker.type) == (None, "Turkey", "person")


def test_a_broken_roles_file_is_named(tmp_path):
    (tmp_path / "roles.toml").write_text('title_heads = "minister"\n', encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"roles\.toml: title_heads"):
        load_roles(tmp_path)
