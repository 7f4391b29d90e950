"""Filters ⇄ URL query params (DESIGN.md section 4) and apply(), against a naive reference."""

from __future__ import annotations

import dataclasses
from datetime import date
from urllib.parse import parse_qs

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.query.filters import (
    DATE,
    FIELDS,
    MULTI,
    PARAMS,
    TEXT,
    Filters,
    apply,
    fold_query,
    mask,
    prepare_statements,
    search_text,
)
from analysis.reference import load_themes
from analysis.schema import KINDS
from analysis.synthetic import synthetic_tables

THEMES = [t.id for t in load_themes()]


@pytest.fixture(scope="module")
def statements() -> pd.DataFrame:
    return synthetic_tables(3000, seed=3).statements


@pytest.fixture(scope="module")
def prepared(statements: pd.DataFrame) -> pd.DataFrame:
    return prepare_statements(statements, THEMES)


# -- parsing ----------------------------------------------------------------------------------
def test_from_query_reads_every_contract_name() -> None:
    query = (
        "theme=astana_format&theme=humanitarian&country=Russia&country=Turkey"
        "&speaker=Sergey+Lavrov&outlet=Neva+Wire+Service&kind=direct&kind=reported"
        "&from=2016-01-31&to=2019-12-01&q=Idlib+ceasefire"
    )
    filters, problems = Filters.from_query(query, themes=THEMES)
    assert problems == []
    assert filters == Filters(
        themes=("astana_format", "humanitarian"),
        countries=("Russia", "Turkey"),
        speakers=("Sergey Lavrov",),
        outlets=("Neva Wire Service",),
        kinds=("direct", "reported"),
        date_from=date(2016, 1, 31),
        date_to=date(2019, 12, 1),
        query="Idlib ceasefire",
    )


def test_from_query_accepts_a_mapping_of_lists_like_st_query_params() -> None:
    filters, problems = Filters.from_query(
        {"theme": ["sovereignty"], "country": "Syria", "from": "2020-02-29"}, themes=THEMES
    )
    assert problems == []
    assert filters.themes == ("sovereignty",)
    assert filters.countries == ("Syria",)
    assert filters.date_from == date(2020, 2, 29)


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("theme=no_such_theme", "unknown theme 'no_such_theme'"),
        ("kind=shouted", "unknown kind 'shouted'"),
        ("from=2019-02-30", "malformed date from='2019-02-30'"),
        ("to=yesterday", "malformed date to='yesterday'"),
        ("from=2019-1-5", "malformed date from='2019-1-5'"),
        ("from=2020-01-01&to=2019-01-01", "is after 'to'"),
    ],
)
def test_malformed_values_are_ignored_with_a_problem(query: str, needle: str) -> None:
    filters, problems = Filters.from_query(query, themes=THEMES)
    assert len(problems) == 1 and needle in problems[0]
    assert filters == Filters()


def test_good_values_survive_next_to_bad_ones() -> None:
    filters, problems = Filters.from_query(
        "theme=humanitarian&theme=nope&kind=direct&kind=sung&from=2018-13-01&to=2019-05-01",
        themes=THEMES,
    )
    assert filters.themes == ("humanitarian",)
    assert filters.kinds == ("direct",)
    assert filters.date_from is None and filters.date_to == date(2019, 5, 1)
    assert len(problems) == 3


def test_unknown_parameter_names_and_blank_values_are_not_filters() -> None:
    filters, problems = Filters.from_query("period=week&theme=&q=%20%20&utm=x", themes=THEMES)
    assert filters == Filters() and problems == []


def test_restricted_to_drops_values_absent_from_the_data() -> None:
    filters = Filters(speakers=("A", "Ghost"), countries=("Russia",))
    kept, problems = filters.restricted_to(speakers=["A", "B"], countries=["Russia"])
    assert kept.speakers == ("A",) and kept.countries == ("Russia",)
    assert problems == ["unknown speaker 'Ghost' ignored (not in the data)"]


def test_describe_names_the_filters() -> None:
    filters = Filters(themes=("humanitarian",), countries=("Turkey",), date_from=date(2019, 1, 1))
    text = filters.describe({"humanitarian": "Humanitarian access"})
    assert text == "2019-01-01 – latest; themes: Humanitarian access; speaker countries: Turkey"
    assert Filters().describe() == "all statements"


# -- round trips ------------------------------------------------------------------------------
_value = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=12,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
_values = st.lists(_value, max_size=3, unique=True).map(tuple)
_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def filters_strategy(draw: st.DrawFn) -> Filters:
    start = draw(st.none() | _dates)
    end = draw(st.none() | _dates)
    if start and end and start > end:
        start, end = end, start
    return Filters(
        themes=tuple(draw(st.lists(st.sampled_from(THEMES), max_size=3, unique=True))),
        countries=draw(_values),
        speakers=draw(_values),
        outlets=draw(_values),
        kinds=tuple(draw(st.lists(st.sampled_from(KINDS), max_size=3, unique=True))),
        date_from=start,
        date_to=end,
        query=draw(st.just("") | _value),
    )


@settings(max_examples=200, deadline=None)
@given(filters_strategy())
def test_query_string_round_trip(filters: Filters) -> None:
    parsed, problems = Filters.from_query(filters.to_query_string(), themes=THEMES)
    assert problems == []
    assert parsed == filters


@settings(max_examples=100, deadline=None)
@given(filters_strategy())
def test_params_dict_round_trip(filters: Filters) -> None:
    parsed, problems = Filters.from_query(filters.to_params(), themes=THEMES)
    assert problems == [] and parsed == filters


@settings(max_examples=50, deadline=None)
@given(filters_strategy())
def test_query_string_uses_the_contract_names(filters: Filters) -> None:
    names = set(parse_qs(filters.to_query_string()))
    assert names <= {"theme", "country", "speaker", "outlet", "kind", "from", "to", "q"}
    assert ("theme" in names) == bool(filters.themes)
    assert ("from" in names) == bool(filters.date_from)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["theme", "kind", "from", "to", "q", "x"]), _values))
def test_any_input_parses_without_raising(params: dict[str, tuple[str, ...]]) -> None:
    filters, problems = Filters.from_query(params, themes=THEMES)
    assert isinstance(filters, Filters) and all(isinstance(p, str) for p in problems)
    again, more = Filters.from_query(filters.to_query_string(), themes=THEMES)
    assert again == filters and more == []


# -- apply --------------------------------------------------------------------------------------
def naive_apply(df: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """A row-by-row reference of what apply() must do."""
    keep = []
    for row in df.to_dict("records"):
        ok = True
        if f.themes and not set(row["themes"]) & set(f.themes):
            ok = False
        if f.countries and row["speaker_country"] not in f.countries:
            ok = False
        if f.speakers and row["speaker"] not in f.speakers:
            ok = False
        if f.outlets and row["outlet"] not in f.outlets:
            ok = False
        if f.kinds and row["kind"] not in f.kinds:
            ok = False
        day = row["published"]
        if f.date_from and (pd.isna(day) or day.date() < f.date_from):
            ok = False
        if f.date_to and (pd.isna(day) or day.date() > f.date_to):
            ok = False
        if f.query:
            hay = " ".join(
                str(row[c] or "")
                for c in ("text", "sentence", "speaker", "speaker_mention", "title")
            )
            if fold_query(f.query) not in fold_query(hay):
                ok = False
        keep.append(ok)
    return df[np.array(keep, dtype=bool)]


CASES = [
    Filters(),
    Filters(themes=("humanitarian", "astana_format")),
    Filters(countries=("Russia",), kinds=("direct",)),
    Filters(date_from=date(2017, 3, 1), date_to=date(2017, 3, 31)),
    Filters(date_to=date(2016, 1, 1), countries=("Turkey", "Iran")),
    Filters(query="CEASEFIRE"),
    Filters(query="talks", outlets=("Neva Wire Service",)),
    Filters(speakers=("nobody at all",)),
]


@pytest.mark.parametrize("filters", CASES, ids=lambda f: f.to_query_string() or "all")
def test_apply_matches_the_row_by_row_reference(
    statements: pd.DataFrame, prepared: pd.DataFrame, filters: Filters
) -> None:
    expected = naive_apply(statements, filters)["statement_id"].tolist()
    assert apply(prepared, filters)["statement_id"].tolist() == expected
    assert apply(statements, filters)["statement_id"].tolist() == expected
    lean = prepare_statements(statements, THEMES, search=False)  # as the app prepares them
    assert apply(lean, filters)["statement_id"].tolist() == expected
    searched = apply(lean, filters, search=search_text(statements))
    assert searched["statement_id"].tolist() == expected


def test_apply_with_a_speaker_of_the_data(statements: pd.DataFrame, prepared: pd.DataFrame) -> None:
    speaker = statements["speaker"].dropna().iloc[0]
    got = apply(prepared, Filters(speakers=(speaker,)))
    assert len(got) > 0 and set(got["speaker"].astype(str)) == {speaker}


def test_apply_never_modifies_its_input(prepared: pd.DataFrame) -> None:
    before = prepared.copy()
    apply(prepared, Filters(countries=("Russia",), query="talks"))
    pd.testing.assert_frame_equal(prepared, before)


def test_date_bounds_are_inclusive(statements: pd.DataFrame) -> None:
    day = statements["published"].dropna().iloc[0]
    same_day = Filters(date_from=day.date(), date_to=day.date())
    got = apply(statements, same_day)
    assert len(got) >= 1 and (got["published"] == day).all()


def test_mask_is_a_boolean_array_over_rows(prepared: pd.DataFrame) -> None:
    m = mask(prepared, Filters(kinds=("mixed",)))
    assert m.dtype == bool and len(m) == len(prepared)
    assert m.sum() == (prepared["kind"] == "mixed").sum()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("ceasefire", "ceasefire_security"), ("Military-Bases", "military_bases")],
)
def test_a_theme_named_loosely_is_read_as_its_id(typed: str, meant: str) -> None:
    filters, problems = Filters.from_query({"theme": typed}, themes=THEMES)
    assert filters.themes == (meant,) and problems == []


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("ceasfire_security", "ceasefire_security"), ("militry_bases", "military_bases")],
)
def test_a_mistyped_theme_suggests_the_theme_id(typed: str, meant: str) -> None:
    assert meant in THEMES
    _, problems = Filters.from_query({"theme": typed}, themes=THEMES)
    assert len(problems) == 1 and f"did you mean {meant}" in problems[0]


def test_a_theme_unlike_any_id_gets_no_suggestion() -> None:
    _, problems = Filters.from_query({"theme": "zzzz"}, themes=THEMES)
    assert problems == ["unknown theme 'zzzz' ignored"]


# -- the field registry -------------------------------------------------------------------------
def test_the_registry_names_every_filters_field_in_order() -> None:
    assert [f.name for f in FIELDS] == [f.name for f in dataclasses.fields(Filters)]
    assert PARAMS == (
        "theme",
        "country",
        "speaker",
        "outlet",
        "kind",
        "act",
        "outlet_kind",
        "from",
        "to",
        "q",
    )
    assert {f.kind for f in FIELDS} == {MULTI, DATE, TEXT}
    assert FIELDS[-1].kind == TEXT  # folds only the rows the other filters kept
    assert [f.upper_bound for f in FIELDS if f.kind == DATE] == [False, True]


def test_the_registry_columns_are_statement_columns() -> None:
    from analysis.schema import STATEMENT_COLUMNS, PreparedStatementsTable

    prepared_columns = PreparedStatementsTable.to_schema().columns
    for f in FIELDS:
        assert f.column in STATEMENT_COLUMNS or f.column in prepared_columns, f.name
        assert f.label and (f.kind == DATE or f.described_as)
