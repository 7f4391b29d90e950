"""DuckDB aggregates over a store equal the pandas aggregates over the same filtered rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from analysis.query import aggregates as agg
from analysis.query import sql_aggregates as sqla
from analysis.query.filters import Filters, apply
from analysis.query.prepared import prepare_statements
from analysis.reference import load_themes
from analysis.store import Store
from analysis.synthetic import synthetic_tables

LABELS = {t.id: t.label for t in load_themes()}
FILTERS = [
    Filters(),
    Filters(themes=("military_bases", "humanitarian")),
    Filters(countries=("Turkey",), kinds=("direct", "mixed")),
    Filters(date_from=date(2019, 1, 1), date_to=date(2021, 6, 30)),  # whole months: rollups
    Filters(date_from=date(2019, 1, 9), date_to=date(2021, 6, 20)),  # cut months: statements
    Filters(themes=("ceasefire_security",), countries=("Russia", "Iran")),
    Filters(outlets=("Neva Wire Service",), date_to=date(2022, 12, 31)),
    Filters(speakers=("nobody at all",)),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("sqla") / "store")
    store.write(synthetic_tables(3000, seed=4))
    return store


@pytest.fixture(scope="module")
def prepared(store) -> pd.DataFrame:
    return prepare_statements(store.tables().statements, list(LABELS), search=False)


@pytest.fixture(params=["delta", "snapshot"])
def over(request):
    """Scopes over the Delta table itself or over the version's DuckDB snapshot."""
    return None if request.param == "delta" else list(LABELS)


def _both(store, prepared, filters, theme_ids=None):
    return sqla.scope(store, filters, theme_ids=theme_ids), apply(prepared, filters)


def _same(left: pd.DataFrame, right: pd.DataFrame, keys: list[str]) -> None:
    left = left.sort_values(keys).reset_index(drop=True)
    right = right.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right, check_dtype=False, check_categorical=False)


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_overview_and_quality_equal_pandas(store, prepared, filters, over):
    scope, df = _both(store, prepared, filters, over)
    assert sqla.overview_counts(scope) == agg.overview_counts(df)
    assert sqla.data_quality(scope, 3) == agg.data_quality(df, 3)


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_theme_counts_and_shares_equal_pandas(store, prepared, filters, over):
    scope, df = _both(store, prepared, filters, over)
    _same(sqla.theme_counts(scope, LABELS), agg.theme_counts(df, LABELS), ["theme"])
    by_country = agg.theme_by_group(df, LABELS, top=50)
    _same(sqla.theme_by_group(scope, LABELS, top=50), by_country, ["group", "theme"])
    for freq in ("week", "quarter"):
        share = agg.theme_share_over_time(df, LABELS, freq)
        _same(sqla.theme_share_over_time(scope, LABELS, freq), share, ["period", "theme"])


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_timelines_equal_pandas(store, prepared, filters, over):
    scope, df = _both(store, prepared, filters, over)
    for by in ("theme", "country", "outlet"):
        expected = agg.timeline(df, freq="month", by=by, labels=LABELS, top=50)
        found = sqla.timeline(scope, freq="month", by=by, labels=LABELS, top=50)
        _same(found, expected, ["period", "group"])


@pytest.mark.parametrize(
    ("filters", "columns", "rolled"),
    [
        (Filters(themes=("humanitarian",)), ("speaker_country",), True),
        (Filters(countries=("Turkey",), date_from=date(2019, 1, 1)), ("_month",), True),
        (Filters(date_from=date(2019, 1, 2)), (), False),  # a day inside a month
        (Filters(query="the"), (), False),  # a text query reads rows
        (Filters(kinds=("direct",), outlets=("Neva Wire Service",)), (), False),  # not together
        # a speaker profile: one speaker's months and outlets under a theme filter
        (Filters(themes=("humanitarian",), speakers=("Sergey Lavrov",)), ("_month",), True),
        (Filters(themes=("humanitarian",), speakers=("Sergey Lavrov",)), ("outlet",), True),
        (Filters(), ("_week",), False),  # weeks are not rolled up
    ],
    ids=str,
)
def test_counts_read_a_rollup_where_one_answers_them(store, filters, columns, rolled):
    scope = sqla.scope(store, filters, theme_ids=list(LABELS))
    table = scope.counted(*columns).table
    assert (table != "statements") is rolled, table


def test_timeline_leaders_are_counted_on_dated_statements(tmp_path, over):
    tables = synthetic_tables(600, seed=5)
    statements = tables.statements.copy()
    busiest = statements["speaker"].value_counts().index[0]
    statements.loc[statements["speaker"] == busiest, "published"] = pd.NaT  # never dated
    store = Store(tmp_path / "store")
    store.write(replace(tables, statements=statements))
    prepared = prepare_statements(store.tables().statements, list(LABELS), search=False)
    scope, df = _both(store, prepared, Filters(), over)
    expected = agg.timeline(df, freq="quarter", by="speaker", labels=LABELS, top=3)
    found = sqla.timeline(scope, freq="quarter", by="speaker", labels=LABELS, top=3)
    _same(found, expected, ["period", "group"])
    assert busiest not in set(found["group"])


def test_top_values_and_speakers_count_like_pandas(store, prepared, over):
    scope, df = _both(store, prepared, Filters(kinds=("reported",)), over)
    _same(sqla.top_values(scope, "outlet", 100), agg.top_values(df, "outlet", 100), ["value"])
    found = sqla.top_speakers(scope, 1000).set_index("speaker")["statements"]
    expected = agg.top_speakers(df, 1000).set_index("speaker")["statements"]
    assert found.sort_index().to_dict() == expected.sort_index().to_dict()
    assert found.is_monotonic_decreasing


def test_link_text_never_reaches_the_sql(store, over):
    hostile = Filters(speakers=("x' OR 1=1 --",), query="'; DROP TABLE statements; --")
    assert sqla.overview_counts(sqla.scope(store, hostile, theme_ids=over))["statements"] == 0
    everything = sqla.scope(store, Filters(), theme_ids=over)
    assert sqla.overview_counts(everything)["statements"] == 3000
    with pytest.raises(ValueError):
        sqla.top_values(everything, "text; DROP TABLE statements")


def test_a_text_query_on_the_snapshot_counts_like_pandas(store, prepared):
    word = store.tables().statements["text"].iloc[0].split()[1]
    for filters in (Filters(query=word.upper()), Filters(query=word, countries=("Russia",))):
        scope = sqla.scope(store, filters, theme_ids=list(LABELS))
        assert sqla.overview_counts(scope)["statements"] == len(apply(prepared, filters)) > 0


def test_a_snapshot_is_built_once_per_version_and_taxonomy(store, tmp_path):
    from analysis.query.snapshot import build_snapshot

    version = store.latest()
    first = build_snapshot(store, version, list(LABELS))
    assert build_snapshot(store, version, list(LABELS)) == first
    assert build_snapshot(store, version, list(LABELS)[:3]) != first
    assert not list(first.parent.glob(".*partial"))


def test_an_empty_store_has_no_scope(tmp_path):
    assert sqla.scope(Store(tmp_path / "empty"), Filters()) is None


def test_compare_and_profiles_equal_pandas(store, prepared, over):
    filters = Filters(kinds=("direct", "reported"))
    scope, df = _both(store, prepared, filters, over)
    sides = (("country", "Russia"), ("country", "Turkey"))
    assert sqla.side_totals(scope, *sides) == agg.side_totals(df, *sides)
    expected = agg.compare_profiles(df, *sides, LABELS)
    _same(sqla.compare_profiles(scope, *sides, LABELS), expected, ["theme"])
    speaker = agg.top_speakers(df, 1)["speaker"].iloc[0]
    found, pandas = (
        sqla.speaker_profile(scope, speaker, LABELS),
        agg.speaker_profile(df, speaker, LABELS),
    )
    for part, keys in (("themes", ["theme"]), ("over_time", ["period"]), ("outlets", ["value"])):
        _same(found[part], pandas[part], keys)


def test_the_statements_behind_each_timeline_point_number_its_value(store, prepared):
    scope, df = _both(store, prepared, Filters(), list(LABELS))
    for by in ("theme", "country", "speaker"):
        points = sqla.timeline(scope, freq="quarter", by=by, labels=LABELS)
        for point in points.sample(6, random_state=1).itertuples():
            n, rows = sqla.statements_at(
                scope, point.period, freq="quarter", by=by, group=point.group, labels=LABELS
            )
            assert n == len(rows) == point.statements, (by, point)
            assert rows["text"].notna().all()


def test_cooccurrence_equals_pandas(store, prepared):
    filters = Filters(countries=("Turkey", "Iran"))
    scope, df = _both(store, prepared, filters, list(LABELS))
    nodes, edges = sqla.cooccurrence(scope, top=15)
    expected_nodes, expected_edges = agg.cooccurrence(
        store.tables().mentions, df["statement_id"], 15
    )
    assert nodes["actor"].tolist() == expected_nodes["actor"].tolist()
    assert nodes["statements"].tolist() == expected_nodes["statements"].tolist()
    key = ["source", "target"]
    _same(edges, expected_edges, key)


SNAPSHOT_TABLES = {  # what each table holds beside its numbers (checked apart)
    "statements": "SELECT * EXCLUDE (_a, _sn) FROM statements",
    "mentions": "SELECT * FROM mentions",
    "article_texts": "SELECT * FROM article_texts",
    "actor_country_counts": "SELECT * FROM actor_country_counts",
    "choices": "SELECT * FROM choices",
    "actor_countries": "SELECT * FROM actor_countries",
}
# Broken promises of a snapshot's numbers, each a count that must be 0.
NUMBER_FAULTS = (
    # one article number per article and one article per number
    "SELECT count(*) FROM (SELECT _article FROM statements GROUP BY 1 "
    "HAVING count(DISTINCT _a) != 1 OR count(_a) != count(*))",
    "SELECT count(*) FROM (SELECT _a FROM statements GROUP BY 1 "
    "HAVING count(DISTINCT _article) > 1)",
    # words said more than once share one number, and a number names one of them
    "SELECT count(*) FROM (SELECT _said FROM statements GROUP BY 1 "
    "HAVING count(*) > 1 AND (count(DISTINCT _sn) != 1 OR count(_sn) != count(*)))",
    "SELECT count(*) FROM (SELECT _sn FROM statements WHERE _sn IS NOT NULL GROUP BY 1 "
    "HAVING count(DISTINCT _said) > 1)",
    # the bounds hold every number (bit strings are that long)
    "SELECT (max(_a) > any_value(b.articles))::INT + (max(_sn) > any_value(b.said))::INT "
    "FROM statements, bounds b",
)
# A snapshot built whole holds its statements and mentions newest first.
DISORDER = (
    "SELECT count(*) FROM (SELECT published, lag(published) OVER w AS before, statement_id, "
    "lag(statement_id) OVER w AS id_before, row_number() OVER w AS i FROM {table} "
    "WINDOW w AS (ORDER BY rowid)) WHERE i > 1 AND (published > before "
    "OR (published IS NOT NULL AND before IS NULL) "
    "OR (published = before AND statement_id < id_before))"
)


def _snapshot_rows(path, whole: bool = False) -> dict[str, list]:
    """A snapshot's rows, in no particular order; its numbers (and a whole one's order)
    checked apart."""
    import duckdb

    checks = [
        *NUMBER_FAULTS,
        *([DISORDER.format(table=t) for t in ("statements", "mentions")] if whole else []),
    ]
    with duckdb.connect(str(path), read_only=True) as connection:
        faults = [connection.execute(sql).fetchone()[0] for sql in checks]
        assert faults == [0] * len(checks), path
        return {
            name: sorted(connection.execute(sql).fetchall(), key=repr)
            for name, sql in SNAPSHOT_TABLES.items()
        }


def _whole_snapshot_rows(store, version, monkeypatch) -> dict[str, list]:
    """The rows of a version's snapshot built whole, in a folder of its own."""
    from analysis.query import snapshot

    with monkeypatch.context() as patch:
        patch.setattr(snapshot, "SNAPSHOT_FOLDER", f"_whole{version}")
        patch.setattr(snapshot, "_previous_snapshot", lambda *args: None)
        return _snapshot_rows(snapshot.build_snapshot(store, version, list(LABELS)), whole=True)


def _sharing(tables, earlier):
    """Tables some of whose statements repeat earlier words or add to earlier articles (the
    numbers of the snapshot they join must be found, not made anew)."""
    statements = tables.statements.copy()
    columns = ["speaker", "text", "article_id"]
    statements.loc[:39, columns] = earlier.statements.loc[:39, columns].to_numpy()
    return replace(tables, statements=statements)


def test_an_updated_snapshot_equals_one_built_whole(tmp_path, monkeypatch):
    from analysis.query.snapshot import build_snapshot

    store = Store(tmp_path / "store")
    first = synthetic_tables(400, seed=8)
    store.write(first)
    build_snapshot(store, store.latest(), list(LABELS))
    store.write(_sharing(synthetic_tables(300, seed=9), first))  # an append: new files only
    store.write(synthetic_tables(200, seed=10))
    store._delete(list(first.articles["article_id"].iloc[:5]))  # a re-parse: files rewritten
    store.optimize()  # compaction: every file replaced
    store.write(synthetic_tables(100, seed=11))
    for version in range(2, store.latest() + 1):
        updated = _snapshot_rows(build_snapshot(store, version, list(LABELS)))
        assert updated == _whole_snapshot_rows(store, version, monkeypatch), version
    assert len(updated["statements"]) == store.count("statements") < 1000
    assert len(updated["mentions"]) > len(updated["statements"])


def test_a_page_is_the_same_over_the_delta_table_and_the_snapshot(store, prepared):
    filters = Filters(countries=("Turkey", "Russia"))
    pages = [
        sqla.page(sqla.scope(store, filters, theme_ids=ids), sort="speaker", offset=7, limit=9)
        for ids in (None, list(LABELS))
    ]
    assert pages[0]["statement_id"].tolist() == pages[1]["statement_id"].tolist()
    assert len(pages[0]) == 9 and pages[1]["text"].notna().all()


@pytest.mark.parametrize("size", [300, "undated"])
@pytest.mark.parametrize("filters", [Filters(), Filters(query="the", kinds=("direct",))], ids=str)
def test_a_large_network_is_drawn_from_the_newest_statements(
    store, prepared, monkeypatch, size, filters
):
    scope, df = _both(store, prepared, filters, list(LABELS))
    undated = int(df["published"].isna().sum())
    limit = len(df) - undated // 2 if size == "undated" else size  # the last few undated
    assert len(df) > limit and undated > 1
    monkeypatch.setattr(sqla, "NETWORK_STATEMENTS", limit)
    assert sqla.network_base(scope) == limit
    nodes, edges = sqla.cooccurrence(scope, top=10)
    ids = sqla.page(scope, limit=limit)["statement_id"]
    assert sqla._last_drawn(scope)["statement_id"].tolist() == [ids.iloc[-1]]  # the cut
    expected, expected_edges = agg.cooccurrence(store.tables().mentions, ids, 10)
    assert nodes["actor"].tolist() == expected["actor"].tolist()
    assert nodes["statements"].tolist() == expected["statements"].tolist()
    _same(edges, expected_edges, ["source", "target"])
