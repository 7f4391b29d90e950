"""Integrity of the editable reference files in data/."""

from collections import defaultdict

from analysis import reference


def test_every_alias_maps_to_one_actor():
    owners = defaultdict(set)
    for actor in reference.load_actors():
        for alias in (actor.name, *actor.aliases):
            owners[reference.fold(alias)].add(actor.name)
    clashes = {alias: names for alias, names in owners.items() if len(names) > 1}
    assert clashes == {}


def test_every_theme_has_patterns_and_a_unique_id():
    themes = reference.load_themes()
    assert len({t.id for t in themes}) == len(themes)
    assert all(t.patterns or t.token_patterns for t in themes)


def test_every_event_is_dated_and_described():
    for event in reference.load_events():
        assert event.date and event.title.strip() and event.description.strip()
