"""Integrity of the editable reference files in data/."""

import csv
import re
import tomllib
from collections import defaultdict
from datetime import date
from itertools import pairwise

import pytest

from analysis import reference
from analysis.settings import CORPORA_DIR, DATA_DIR

ACTOR_TYPES = {"person", "organisation", "government", "country", "group", "place"}
OUTLET_KINDS = {"state", "pro-government", "independent", "wire"}
# The invented outlets of the bundled sample corpus: sample articles are written for these.
SAMPLE_OUTLETS = {
    "The Bosphorus Ledger": "bosphorus-ledger.example",
    "Ankara Evening Dispatch": "ankara-dispatch.example",
    "Neva Wire Service": "neva-wire.example",
    "Moskva River Review": "moskva-review.example",
    "Orontes Gazette": "orontes-gazette.example",
    "Cedar Coast Monitor": "cedar-coast.example",
    "Meridian Newswire": "meridian-newswire.example",
    "Lakeside Policy Review": "lakeside-review.example",
}
FAKES_CSV = CORPORA_DIR / "fakes" / "FA-KES-Dataset.csv"


def _actors_by_alias() -> dict[str, set[str]]:
    owners = defaultdict(set)
    for actor in reference.load_actors():
        for alias in (actor.name, *actor.aliases, *actor.demonyms):
            owners[reference.fold(alias)].add(actor.name)
    return owners


def _holders(title: str, country: str, year: int) -> set[str]:
    return {
        actor.name
        for actor in reference.load_actors()
        for role in actor.roles
        if role.title == title and role.country == country and role.held_in(year)
    }


# -- actors ------------------------------------------------------------------------------------


def test_every_alias_maps_to_one_actor():
    clashes = {alias: names for alias, names in _actors_by_alias().items() if len(names) > 1}
    assert clashes == {}


def test_actor_names_are_unique_and_types_known():
    actors = reference.load_actors()
    assert len({a.name for a in actors}) == len(actors)
    assert {a.type for a in actors} <= ACTOR_TYPES
    assert all(a.name.strip() and all(alias.strip() for alias in a.aliases) for a in actors)


def test_gazetteer_covers_at_least_80_people_and_organisations():
    actors = reference.load_actors()
    people = [a for a in actors if a.type == "person"]
    bodies = [a for a in actors if a.type in ("organisation", "government", "group")]
    assert len(people) + len(bodies) >= 80
    assert len(people) >= 50 and len(bodies) >= 25


def test_every_person_and_place_has_a_country_known_to_the_gazetteer():
    actors = reference.load_actors()
    countries = {a.name for a in actors if a.type == "country"}
    # International organisations stand as a "country" for the roles they confer.
    affiliations = countries | {a.name for a in actors if a.type == "organisation"}
    for actor in actors:
        if actor.type in ("person", "place"):
            assert actor.country in countries, actor.name
        elif actor.country is not None:
            assert actor.country in affiliations, actor.name
        for role in actor.roles:
            assert role.country in affiliations, (actor.name, role)
    for actor in actors:
        if actor.type == "country":
            assert actor.country == actor.name and actor.demonyms, actor.name


def test_only_people_hold_roles_and_demonyms_belong_to_countries():
    for actor in reference.load_actors():
        if actor.roles:
            assert actor.type == "person", actor.name
        if actor.demonyms:
            assert actor.type == "country", actor.name


def test_role_titles_are_lower_case_and_years_ordered():
    this_year = date.today().year
    for actor in reference.load_actors():
        for role in actor.roles:
            assert role.title.strip() and role.title == role.title.lower(), (actor.name, role)
            # Title words become role words for the resolver: no articles or prepositions
            # beyond the fixed "secretary of state".
            assert not re.search(r"\b(to|the|for|in|at|on)\b", role.title), (actor.name, role)
            for year in (role.start, role.end):
                assert year is None or 1950 <= year <= this_year, (actor.name, role)
            if role.start is not None and role.end is not None:
                assert role.start <= role.end, (actor.name, role)


def test_a_persons_terms_in_the_same_title_do_not_overlap():
    for actor in reference.load_actors():
        terms = defaultdict(list)
        for role in actor.roles:
            terms[(role.title, role.country)].append(role)
        for roles in terms.values():
            spans = sorted((r.start or 0, r.end or 9999) for r in roles)
            for (_, end), (start, _) in pairwise(spans):
                assert end <= start, (actor.name, roles)


@pytest.mark.parametrize(
    ("spelling", "actor"),
    [
        ("Cavusoglu", "Mevlüt Çavuşoğlu"),
        ("Mevlüt Çavuşoğlu", "Mevlüt Çavuşoğlu"),
        ("Erdogan", "Recep Tayyip Erdoğan"),
        ("İbrahim Kalın", "İbrahim Kalın"),
        ("Kalin", "İbrahim Kalın"),
        ("Yasar Guler", "Yaşar Güler"),
        ("Sergei Lavrov", "Sergey Lavrov"),
        ("Dmitri Peskov", "Dmitry Peskov"),
        ("Mariya Zakharova", "Maria Zakharova"),
        ("Aleksandr Lavrentiev", "Alexander Lavrentiev"),
        ("Shoygu", "Sergei Shoigu"),
        ("Vassily Nebenzia", "Vasily Nebenzya"),
        ("Assad", "Bashar al-Assad"),
        ("Walid Moallem", "Walid al-Muallem"),
        ("Faisal Miqdad", "Faisal Mekdad"),
        ("Abu Mohammed al-Jolani", "Ahmed al-Sharaa"),
        ("Julani", "Ahmed al-Sharaa"),
        ("Asaad al-Shaibani", "Asaad al-Shaibani"),
        ("Mohammad Javad Zarif", "Javad Zarif"),
        ("Hossein Amir-Abdollahian", "Hossein Amir-Abdollahian"),
        ("Antonio Guterres", "António Guterres"),
        ("the Kremlin", "Russia"),
        ("Türkiye", "Turkey"),
        ("Damascus", "Syria"),
        ("U.S.", "United States"),
        ("Nusra Front", "Hayat Tahrir al-Sham"),
        ("Daesh", "Islamic State"),
        ("Khmeimim", "Hmeimim air base"),
        ("Nur-Sultan", "Astana"),
    ],
)
def test_spelling_variants_resolve_to_their_actor(spelling, actor):
    assert _actors_by_alias().get(reference.fold(spelling)) == {actor}


@pytest.mark.parametrize(
    ("title", "country", "year", "holder"),
    [
        ("foreign minister", "Turkey", 2016, "Mevlüt Çavuşoğlu"),
        ("foreign minister", "Turkey", 2024, "Hakan Fidan"),
        ("defence minister", "Turkey", 2020, "Hulusi Akar"),
        ("defence minister", "Russia", 2019, "Sergei Shoigu"),
        ("defence minister", "Russia", 2025, "Andrei Belousov"),
        ("presidential spokesman", "Turkey", 2019, "İbrahim Kalın"),
        ("presidential spokesman", "Russia", 2019, "Dmitry Peskov"),
        ("foreign minister", "Syria", 2018, "Walid al-Muallem"),
        ("foreign minister", "Syria", 2022, "Faisal Mekdad"),
        ("foreign minister", "Syria", 2025, "Asaad al-Shaibani"),
        ("president", "Syria", 2025, "Ahmed al-Sharaa"),
        ("foreign minister", "Iran", 2018, "Javad Zarif"),
        ("secretary of state", "United States", 2019, "Mike Pompeo"),
        ("special envoy", "United Nations", 2016, "Staffan de Mistura"),
        ("special envoy", "United Nations", 2021, "Geir Pedersen"),
        ("secretary-general", "United Nations", 2020, "António Guterres"),
    ],
)
def test_one_holder_of_a_title_in_a_mid_term_year(title, country, year, holder):
    assert _holders(title, country, year) == {holder}


# -- themes ------------------------------------------------------------------------------------


def test_every_theme_has_patterns_and_a_unique_id():
    themes = reference.load_themes()
    assert len({t.id for t in themes}) == len(themes)
    assert all(t.patterns or t.token_patterns for t in themes)


# -- events ------------------------------------------------------------------------------------


def test_every_event_is_dated_titled_described_and_themed():
    theme_ids = {t.id for t in reference.load_themes()}
    events = reference.load_events()
    assert len(events) >= 30
    for event in events:
        assert isinstance(event.date, date) and date(2011, 1, 1) <= event.date <= date.today()
        assert event.title.strip() and event.description.strip(), event
        assert event.description.rstrip().endswith("."), event.title
        assert event.themes and set(event.themes) <= theme_ids, (event.title, event.themes)
    assert len({(e.date, e.title) for e in events}) == len(events)


def test_events_file_is_kept_in_date_order():
    with (DATA_DIR / "events.toml").open("rb") as handle:
        raw = tomllib.load(handle)["event"]
    dates = [e["date"] for e in raw]
    assert dates == sorted(dates)


def test_milestones_are_present():
    dated = {e.date for e in reference.load_events()}
    for day in ("2015-09-30", "2015-11-24", "2016-12-19", "2017-01-23", "2020-03-05", "2024-12-08"):
        assert date.fromisoformat(day) in dated, day


# -- outlets -----------------------------------------------------------------------------------


def test_outlets_have_known_kinds_and_unique_names_patterns_and_domains():
    outlets = reference.load_outlets()
    assert {o.kind for o in outlets} <= OUTLET_KINDS
    assert len({o.name for o in outlets}) == len(outlets)
    owners = defaultdict(set)
    for outlet in outlets:
        for pattern in (outlet.name, *outlet.patterns):
            owners[reference.fold(pattern)].add(outlet.name)
    assert {p: names for p, names in owners.items() if len(names) > 1} == {}
    domains = [d for o in outlets for d in o.domains]
    assert len(set(domains)) == len(domains)
    for domain in domains:
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain), domain
        assert not domain.startswith("www."), domain


def test_real_outlets_have_a_country_and_a_domain():
    real = [o for o in reference.load_outlets() if not o.sample]
    assert len(real) >= 35
    for outlet in real:
        assert outlet.country and outlet.domains, outlet.name
        assert not any(d.endswith(".example") for d in outlet.domains), outlet.name


def test_sample_outlets_are_present_unchanged():
    samples = {o.name: o for o in reference.load_outlets() if o.sample}
    assert set(samples) == set(SAMPLE_OUTLETS)
    for name, domain in SAMPLE_OUTLETS.items():
        assert samples[name].domains == (domain,)


def test_fakes_sources_map_to_outlets():
    if not FAKES_CSV.is_file():
        pytest.skip(f"FA-KES corpus not found at {FAKES_CSV}")
    with FAKES_CSV.open(encoding="latin-1", newline="") as handle:
        sources = {row["source"].strip() for row in csv.DictReader(handle)}
    by_pattern = {
        reference.fold(pattern): outlet.name
        for outlet in reference.load_outlets()
        for pattern in (outlet.name, *outlet.patterns)
    }
    assert len(sources) >= 10
    unmatched = sorted(s for s in sources if reference.fold(s) not in by_pattern)
    assert unmatched == []


def test_a_broken_reference_file_is_one_line_naming_it(tmp_path):
    (tmp_path / "themes.toml").write_text("[[theme]]\nid = 'x'\nlabel = \n", encoding="utf-8")
    (tmp_path / "events.toml").write_text("[[event]]\ntitle = 'no date'\n", encoding="utf-8")
    with pytest.raises(reference.ReferenceDataError) as bad_toml:
        reference.load_themes(tmp_path)
    with pytest.raises(reference.ReferenceDataError) as missing_key:
        reference.load_events(tmp_path)
    with pytest.raises(reference.ReferenceDataError) as missing_file:
        reference.load_outlets(tmp_path)
    for error in (bad_toml, missing_key, missing_file):
        message = str(error.value)
        assert str(tmp_path) in message and "\n" not in message
    assert "'date'" in str(missing_key.value)


def test_the_reference_fingerprint_follows_the_files(tmp_path):
    (tmp_path / "themes.toml").write_text("", encoding="utf-8")
    before = reference.reference_fingerprint(tmp_path)
    (tmp_path / "themes.toml").write_text("# edited\n", encoding="utf-8")
    assert reference.reference_fingerprint(tmp_path) != before
