"""Prepared statements and mentions: helper columns, their pandera model, the search text."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.query.filters import Filters, apply
from analysis.query.prepared import (
    prepare_mentions,
    prepare_statements,
    public_columns,
    search_text,
    theme_columns,
)
from analysis.reference import load_themes
from analysis.schema import PreparedMentionsTable, PreparedStatementsTable
from analysis.synthetic import synthetic_tables

THEMES = [t.id for t in load_themes()]


@pytest.fixture(scope="module")
def tables():
    return synthetic_tables(600, seed=4)


@pytest.mark.parametrize("search", [True, False])
def test_prepared_statements_match_their_model(tables, search: bool) -> None:
    prepared = prepare_statements(tables.statements, THEMES, search=search)
    PreparedStatementsTable.validate(prepared)
    assert (PreparedStatementsTable.search in prepared.columns) == search
    assert theme_columns(prepared)[: len(THEMES)] == [f"th:{t}" for t in THEMES]


def test_prepared_mentions_match_their_model(tables) -> None:
    prepared = prepare_statements(tables.statements, THEMES, search=False)
    mentions = prepare_mentions(tables.mentions, prepared)
    PreparedMentionsTable.validate(mentions)
    rows = mentions[PreparedMentionsTable.row]
    assert (prepared["statement_id"].to_numpy()[rows] == mentions["statement_id"]).all()


def test_theme_flags_agree_with_the_theme_lists(tables) -> None:
    prepared = prepare_statements(tables.statements, THEMES)
    for theme in THEMES[:4]:
        expected = [theme in themes for themes in tables.statements["themes"]]
        assert prepared[f"th:{theme}"].tolist() == expected


def test_search_text_is_the_same_for_raw_and_prepared_rows(tables) -> None:
    prepared = prepare_statements(tables.statements, THEMES)
    pd.testing.assert_series_equal(
        search_text(tables.statements), prepared[PreparedStatementsTable.search], check_names=False
    )


def test_search_folds_diacritics_and_case() -> None:
    frame = synthetic_tables(10, seed=1).statements.copy()
    frame.loc[0, "text"] = "Erdoğan said the İdlib deal holds"
    prepared = prepare_statements(frame, THEMES)
    for query in ("erdogan", "ERDOĞAN", "idlib deal"):
        assert apply(prepared, Filters(query=query))["statement_id"].tolist() == [
            frame.loc[0, "statement_id"]
        ]


def test_prepared_helpers_stay_out_of_what_is_shown(tables) -> None:
    shown = public_columns(prepare_statements(tables.statements, THEMES))
    assert list(shown.columns) == list(synthetic_tables(5).statements.columns)
