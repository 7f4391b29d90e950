"""Speech-act and outlet-kind filters and aggregates: the DuckDB counts equal pandas on the
same rows; link values match loosely; an empty view names the filter that empties it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.query import sql_aggregates as sqla
from analysis.query.filters import Filters, apply, match_value
from analysis.query.prepared import prepare_statements
from analysis.query.relax import most_restrictive
from analysis.reference import load_outlets, load_themes, outlet_kind, outlets_of_kinds
from analysis.store import Store
from analysis.synthetic import synthetic_tables

LABELS = {t.id: t.label for t in load_themes()}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("acts") / "store")
    store.write(synthetic_tables(2000, seed=7))
    return store


@pytest.fixture(scope="module")
def prepared(store) -> pd.DataFrame:
    return prepare_statements(store.tables().statements, list(LABELS), search=False)


@pytest.fixture(params=["delta", "snapshot"])
def over(request):
    return None if request.param == "delta" else list(LABELS)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(acts=("warning", "denial")),
        Filters(outlet_kinds=("state",)),
        Filters(outlet_kinds=("independent", "wire"), acts=("statement",)),
    ],
    ids=str,
)
def test_act_and_outlet_kind_filters_count_like_pandas(store, prepared, over, filters):
    rows = apply(prepared, filters)
    assert sqla.count(sqla.scope(store, filters, theme_ids=over)) == len(rows)
    if filters.acts:
        assert set(rows["speech_act"]) <= set(filters.acts)
    if filters.outlet_kinds:
        assert {outlet_kind(o) for o in rows["outlet"]} <= set(filters.outlet_kinds)


def test_state_outlets_are_the_listed_ones() -> None:
    state = outlets_of_kinds(("state",))
    assert state and all(o.kind == "state" for o in load_outlets() if o.name in state)
    assert outlet_kind("No Such Outlet") is None


def test_acts_by_country_and_over_time_equal_pandas(store, prepared, over):
    s = sqla.scope(store, Filters(), theme_ids=over)
    by_country = sqla.acts_by_country(s, top=50)
    expected = prepared.groupby(
        [prepared["speaker_country"].astype(object).fillna("(unknown)"), "speech_act"],
        observed=True,
    ).size()
    got = by_country.set_index(["country", "act"])["statements"]
    assert got.sum() == len(prepared)
    assert dict(got) == {k: int(v) for k, v in expected.items()}
    over_time = sqla.acts_over_time(s, freq="year")
    assert over_time["statements"].sum() == prepared["published"].notna().sum()


def test_outlet_kinds_by_country_covers_every_statement(store, prepared, over):
    frame = sqla.outlet_kinds_by_country(sqla.scope(store, Filters(), theme_ids=over), top=50)
    assert frame["statements"].sum() == len(prepared)
    kinds = prepared["outlet"].astype(object).map(lambda o: outlet_kind(o) or "unlisted")
    assert dict(frame.groupby("outlet_kind")["statements"].sum()) == dict(kinds.value_counts())


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        ("russia", ["Russia", "Turkey"], "Russia"),
        ("Erdogan", ["Recep Tayyip Erdoğan", "Sergey Lavrov"], "Recep Tayyip Erdoğan"),
        ("TÜRKIYE", ["Türkiye"], "Türkiye"),
        ("Smith", ["Anna Smith", "John Smith"], None),  # two speakers end so: none chosen
        ("Lavrov", ["Sergey Lavrov"], "Sergey Lavrov"),
        ("nobody", ["Sergey Lavrov"], None),
    ],
)
def test_link_values_match_case_and_diacritics_insensitively(value, options, expected):
    assert match_value(value, options) == expected


def test_fixed_choice_values_are_read_loosely() -> None:
    filters, problems = Filters.from_query("kind=Direct&act=WARNING&outlet_kind=State")
    assert problems == []
    assert (filters.kinds, filters.acts, filters.outlet_kinds) == (
        ("direct",),
        ("warning",),
        ("state",),
    )


def test_the_filter_that_empties_a_view_is_the_one_whose_removal_gives_most(store, over):
    def n(filters: Filters) -> int:
        return sqla.count(sqla.scope(store, filters, theme_ids=over))

    empty = Filters(speakers=("nobody at all",), kinds=("direct",))
    assert n(empty) == 0
    field, back = most_restrictive(empty, n)
    assert field.name == "speakers" and back == n(Filters(kinds=("direct",)))
    assert most_restrictive(Filters(speakers=("x",), outlets=("y",)), n) is None


@pytest.mark.parametrize(
    ("filters", "rolled"),
    [
        (Filters(themes=("military_bases", "humanitarian")), True),
        (
            Filters(date_from=date(2019, 1, 1), date_to=date(2021, 6, 30), themes=("sovereignty",)),
            True,
        ),
        (Filters(acts=("warning",)), False),  # outlets by country: no rollup holds the acts
        (Filters(countries=("Turkey",), outlet_kinds=("state", "wire")), False),
    ],
    ids=str,
)
def test_the_acts_pages_counts_from_rollups_equal_the_rows(store, filters, rolled):
    rows = sqla.scope(store, filters)  # the Delta table's rows
    snapshot = sqla.scope(store, filters, theme_ids=list(LABELS))  # rollups where they answer
    answered = [
        snapshot.counted(*columns).table != "statements"
        for columns in (("speaker_country", "speech_act"), ("_month", "speech_act"), ("outlet",))
    ]
    assert all(answered) if rolled else not all(answered)
    for name, options in (
        ("acts_by_country", {"top": 4}),
        ("acts_over_time", {"freq": "quarter"}),
        ("outlet_kinds_by_country", {"top": 4}),
    ):
        aggregate = getattr(sqla, name)
        expected = aggregate(rows, **options).reset_index(drop=True)
        found = aggregate(snapshot, **options).reset_index(drop=True)
        pd.testing.assert_frame_equal(found, expected, check_dtype=False, obj=name)
