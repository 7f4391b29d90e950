"""Aggregates the pages draw, checked against straightforward row-by-row counting."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import numpy as np
import pandas as pd
import pytest

from analysis.query import aggregates as agg
from analysis.query.filters import Filters, mask, prepare_statements
from analysis.reference import load_themes
from analysis.render import charts
from analysis.synthetic import synthetic_tables

LABELS = {t.id: t.label for t in load_themes()}


@pytest.fixture(scope="module")
def tables():
    return synthetic_tables(2000, seed=11, sample_share=0.3)


@pytest.fixture(scope="module")
def raw(tables) -> pd.DataFrame:
    return tables.statements


@pytest.fixture(scope="module")
def prepared(raw: pd.DataFrame) -> pd.DataFrame:
    return prepare_statements(raw, list(LABELS))


@pytest.fixture(params=["raw", "prepared"])
def frame(request, raw, prepared) -> pd.DataFrame:
    return raw if request.param == "raw" else prepared


def test_theme_counts_match_counting_lists(frame: pd.DataFrame, raw: pd.DataFrame) -> None:
    expected = Counter(t for themes in raw["themes"] for t in set(themes))
    got = agg.theme_counts(frame, LABELS)
    assert list(got["theme"][: len(LABELS)]) == list(LABELS)  # taxonomy order
    assert dict(zip(got["theme"], got["statements"], strict=True)) == {
        t: expected.get(t, 0) for t in got["theme"]
    }
    assert got["share"].iloc[0] == pytest.approx(expected[got["theme"].iloc[0]] / len(raw))


def test_overview_counts(frame: pd.DataFrame, raw: pd.DataFrame) -> None:
    counts = agg.overview_counts(frame)
    assert counts["statements"] == len(raw)
    assert counts["articles"] == raw["article_id"].nunique()
    assert counts["speakers"] == len({s for s in raw["speaker"] if isinstance(s, str)})
    assert counts["first"] == raw["published"].min()


def test_data_quality_signals(raw: pd.DataFrame) -> None:
    doubled = pd.concat([raw, raw.head(7).assign(article_id="x" * 16)], ignore_index=True)
    quality = agg.data_quality(doubled)
    assert quality.without_speaker == doubled["speaker"].isna().sum() > 0
    assert quality.repeated_statements == 7
    undated = {a for a, d in zip(raw["article_id"], raw["published"], strict=True) if pd.isna(d)}
    assert agg.data_quality(raw).articles_without_date == len(undated)
    rows = quality.rows()
    assert list(rows.columns) == ["signal", "count", "share"] and len(rows) == 5
    folded = agg.data_quality(raw, duplicates_folded=3).rows().set_index("signal")
    assert folded.loc["duplicate articles folded", "count"] == 3


def test_timeline_by_theme_sums_theme_touches(frame: pd.DataFrame, raw: pd.DataFrame) -> None:
    counts = agg.timeline(frame, freq="month", by="theme", labels=LABELS)
    dated = raw[raw["published"].notna()]
    assert counts["statements"].sum() == sum(len(set(t)) for t in dated["themes"])
    month = dated["published"].iloc[0].to_period("M").start_time
    in_month = dated[dated["published"].dt.to_period("M").dt.start_time == month]
    theme = in_month["themes"].iloc[0][0] if len(in_month["themes"].iloc[0]) else None
    if theme:
        row = counts[(counts["period"] == month) & (counts["group"] == LABELS[theme])]
        assert int(row["statements"].iloc[0]) == sum(theme in t for t in in_month["themes"])


@pytest.mark.parametrize("by", ["country", "speaker", "outlet"])
@pytest.mark.parametrize("freq", ["week", "month"])
def test_timeline_by_group_counts_each_dated_statement_once(
    frame: pd.DataFrame, raw: pd.DataFrame, by: str, freq: str
) -> None:
    counts = agg.timeline(frame, freq=freq, by=by, top=5)
    assert counts["statements"].sum() == raw["published"].notna().sum()
    assert counts["group"].nunique() <= 6  # top 5 + "other"
    if freq == "week":
        assert (pd.to_datetime(counts["period"]).dt.day_of_week == 0).all()


def test_statements_at_lists_the_rows_behind_a_bar(frame: pd.DataFrame) -> None:
    counts = agg.timeline(frame, freq="month", by="country", top=8)
    for point in counts.sample(5, random_state=1).itertuples():
        behind = agg.statements_at(
            frame, point.period, freq="month", by="country", group=point.group
        )
        assert len(behind) == point.statements
    theme_counts = agg.timeline(frame, freq="month", by="theme", labels=LABELS)
    point = theme_counts.iloc[0]
    behind = agg.statements_at(
        frame, point["period"], freq="month", by="theme", group=point["group"], labels=LABELS
    )
    assert len(behind) == point["statements"]
    assert not any(c.startswith(("th:", "_")) for c in behind.columns)


def test_theme_share_over_time_is_a_share(frame: pd.DataFrame) -> None:
    share = agg.theme_share_over_time(frame, LABELS, "month")
    assert share["share"].between(0, 1).all()
    assert share["period"].nunique() == frame["published"].dropna().dt.to_period("M").nunique()


def test_theme_by_group(frame: pd.DataFrame, raw: pd.DataFrame) -> None:
    long = agg.theme_by_group(frame, LABELS, "speaker_country", top=3)
    assert long["group"].nunique() == 3
    country = raw["speaker_country"].value_counts().index[0]
    theme = next(iter(LABELS))
    expected = sum(
        theme in t
        for t, c in zip(raw["themes"], raw["speaker_country"], strict=True)
        if c == country
    )
    row = long[(long["group"] == country) & (long["theme"] == theme)]
    assert int(row["statements"].iloc[0]) == expected


def test_top_speakers(frame: pd.DataFrame, raw: pd.DataFrame) -> None:
    top = agg.top_speakers(frame, 5)
    expected = raw["speaker"].dropna().value_counts().head(5)
    assert list(top["statements"]) == list(expected)
    first = top.iloc[0]
    assert (
        first["country"] == raw.loc[raw["speaker"] == first["speaker"], "speaker_country"].iloc[0]
    )


def naive_cooccurrence(mentions: pd.DataFrame, ids: set[str]) -> Counter:
    per_statement: dict[str, set[str]] = {}
    for sid, actor in zip(mentions["statement_id"], mentions["actor"], strict=True):
        if sid in ids:
            per_statement.setdefault(sid, set()).add(actor)
    pairs: Counter = Counter()
    for actors in per_statement.values():
        for a, b in combinations(sorted(actors), 2):
            pairs[(a, b)] += 1
    return pairs


def test_cooccurrence_fast_and_plain_paths_agree_with_counting(tables, prepared) -> None:
    selection = mask(prepared, Filters(countries=("Russia", "Turkey")))
    ids = set(prepared["statement_id"][selection])
    mentions = agg.prepare_mentions(tables.mentions, prepared)
    fast_nodes, fast_edges = agg.cooccurrence(mentions, selection, top=12)
    nodes, edges = agg.cooccurrence(tables.mentions, list(ids), top=12)
    pd.testing.assert_frame_equal(fast_nodes, nodes)
    pd.testing.assert_frame_equal(fast_edges, edges)
    expected = naive_cooccurrence(tables.mentions, ids)
    for edge in edges.head(10).itertuples():
        assert edge.weight == expected[tuple(sorted((edge.source, edge.target)))]
    assert len(nodes) == 12 and nodes["statements"].is_monotonic_decreasing


def test_cooccurrence_of_an_empty_selection_is_empty_not_an_error(tables, prepared) -> None:
    mentions = agg.prepare_mentions(tables.mentions, prepared)
    assert len(mentions)
    for selected in (np.zeros(len(prepared), dtype=bool), []):
        source = mentions if isinstance(selected, np.ndarray) else tables.mentions
        nodes, edges = agg.cooccurrence(source, selected)
        assert nodes.empty and edges.empty
        assert list(nodes.columns) == ["actor", "country", "statements"]
        charts.chart_network(nodes, edges)  # draws the empty state


def test_compare_profiles(frame: pd.DataFrame, raw: pd.DataFrame) -> None:
    profile = agg.compare_profiles(frame, ("country", "Russia"), ("country", "Turkey"), LABELS)
    russia = raw[raw["speaker_country"] == "Russia"]
    theme = profile.iloc[0]["theme"]
    share = sum(theme in t for t in russia["themes"]) / len(russia)
    assert profile.iloc[0]["share_a"] == pytest.approx(share)
    assert profile["gap"].abs().is_monotonic_decreasing
    assert np.allclose(profile["gap"], (profile["share_a"] - profile["share_b"]) * 100)
    assert agg.side_totals(frame, ("country", "Russia"), ("outlet", "Neva Wire Service")) == (
        len(russia),
        int((raw["outlet"] == "Neva Wire Service").sum()),
    )
    with pytest.raises(ValueError, match="unknown side"):
        agg.side_mask(frame, "planet", "Mars")


def test_speaker_profile(frame: pd.DataFrame, raw: pd.DataFrame) -> None:
    speaker = raw["speaker"].dropna().iloc[0]
    profile = agg.speaker_profile(frame, speaker, LABELS)
    own = raw[raw["speaker"] == speaker]
    assert len(profile["statements"]) == len(own)
    assert profile["over_time"]["statements"].sum() == own["published"].notna().sum()
    assert profile["outlets"]["statements"].sum() == len(own)


def test_empty_frames_give_empty_aggregates(prepared: pd.DataFrame) -> None:
    empty = prepared.iloc[0:0]
    assert agg.theme_counts(empty, LABELS)["statements"].sum() == 0
    assert agg.timeline(empty, by="country").empty
    assert agg.timeline(empty, by="theme", labels=LABELS).empty
    assert agg.top_speakers(empty).empty
    assert agg.overview_counts(empty)["first"] is None


def test_events_between_keeps_events_inside_the_dates() -> None:
    from datetime import date

    from analysis.reference import KeyEvent

    events = [KeyEvent(date(2015, 1, 1), "a", ""), KeyEvent(date(2018, 6, 1), "b", "")]
    published = pd.Series(pd.to_datetime(["2017-01-01", "2019-01-01", None]))
    assert [e.title for e in agg.events_between(events, published)] == ["b"]
    assert agg.events_between(events, published.iloc[2:]) == []


def test_statements_behind_a_bar_are_newest_first(frame: pd.DataFrame) -> None:
    counts = agg.timeline(frame, freq="year", by="country", top=8)
    point = counts.sort_values("statements").iloc[-1]
    behind = agg.statements_at(
        frame, point["period"], freq="year", by="country", group=point["group"]
    )
    assert len(behind) > 1
    assert behind["published"].is_monotonic_decreasing


@pytest.mark.parametrize(
    ("freq", "label"),
    [
        ("week", "week of 2021-03-01"),
        ("month", "March 2021"),
        ("quarter", "2021 Q1"),
        ("year", "2021"),
    ],
)
def test_period_label_reads_as_the_period(freq: str, label: str) -> None:
    start = agg.period_starts(pd.Series(pd.to_datetime(["2021-03-03"])), freq).iloc[0]
    assert agg.period_label(start, freq) == label


def test_context_of_gives_the_text_around_the_sentence() -> None:
    text = "A" * 400 + " He said so. " + "B" * 50
    start = text.index("He said")
    end = start + len("He said so.")
    statement = pd.Series({"article_id": "a1", "start": start, "end": end})
    before, after = agg.context_of(text, statement, width=100)
    assert before == "…" + text[start - 100 : start] and after == text[end:]
    assert agg.context_of(None, statement) == ("", "")
    assert agg.context_of(text, pd.Series({"article_id": "a1", "start": 5, "end": 9999})) == (
        "",
        "",
    )
