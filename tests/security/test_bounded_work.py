"""Bounded work: extraction linear in an article's length (its lookups agree with full scans),
character and record caps with notices, and a time budget that cuts an article, not the run."""

from __future__ import annotations

import json
import time
from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import analysis.pipeline as pipeline
from analysis import settings
from analysis.extract.actors.article import ArticleActors
from analysis.extract.actors.grammar import Ranges
from analysis.extract.actors.persons import Match, Person
from analysis.extract.statements import prepare_doc
from analysis.extract.statements.segment import QuoteIndex
from analysis.ingest import ingest_articles
from analysis.load import Article, LoadProblem, article_id, load_articles, load_upload
from analysis.settings import PROJECT_DIR
from analysis.store import Store
from analysis.text import Quote

pytestmark = pytest.mark.timeout(300)


@lru_cache(maxsize=1)
def sample_body() -> str:
    """The bundled sample's bodies, one after another: text with statements in it."""
    return "\n\n".join(a.text for a in load_articles([PROJECT_DIR / "data" / "sample"]))


def long_article(size: int, title: str = "Long article") -> Article:
    body = sample_body()
    text = (body * (size // len(body) + 1))[:size]
    text = text[: text.rfind("\n") + 1]
    return Article(article_id(text), "mem://long", "Outlet", title, "2020-01-01", None, "en", text)


# -- the lookups agree with the full scans they replace -----------------------------------------

spans = st.tuples(st.integers(0, 60), st.integers(1, 8)).map(lambda p: (p[0], p[0] + p[1]))


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(spans, max_size=30), spans)
def test_ranges_hold_what_a_full_scan_finds(ranges, probe):
    assert Ranges(ranges).holds(*probe) == any(a <= probe[0] and probe[1] <= b for a, b in ranges)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(spans, max_size=30), spans)
def test_quote_index_finds_what_a_full_scan_finds(ranges, probe):
    quotes = tuple(Quote(a, b, a, b) for a, b in sorted(ranges))  # in text order, as found
    index, (lo, hi) = QuoteIndex(quotes), probe
    assert index.overlapping(lo, hi) == [q for q in quotes if q.start < hi and q.end > lo]
    assert list(index.starting_within(lo, hi)) == [q for q in quotes if lo <= q.start <= hi]


def _article_actors(matches: list[Match], persons: list[Person], entities: list) -> ArticleActors:
    return ArticleActors(
        "stamp",
        matches,
        {},
        persons,
        Ranges([]),
        Ranges([]),
        entities,
        _match_starts=[m.start for m in matches],
        _person_starts=[p.start for p in persons],
        _entity_starts=[e[0] for e in entities],
        _longest_person=max((p.end - p.start for p in persons), default=0),
    )


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(spans, max_size=25), st.lists(st.integers(1, 4), max_size=12), spans)
def test_article_lookups_find_what_a_full_scan_finds(ranges, gaps, probe):
    ranges = sorted(ranges)
    matches = [Match(a, b, f"m{n}") for n, (a, b) in enumerate(ranges)]
    persons = [Person(a, b, f"p{n}", None) for n, (a, b) in enumerate(ranges)]
    entities, at = [], 0
    for n, gap in enumerate(gaps):  # named entities never overlap
        entities.append((at, at + gap, f"L{n}"))
        at += gap + n % 3
    article, (lo, hi) = _article_actors(matches, persons, entities), probe
    assert article.matches_within(lo, hi) == [m for m in matches if lo <= m.start and m.end <= hi]
    assert article.persons_within(lo, hi) == [p for p in persons if lo <= p.start and p.end <= hi]
    assert article.persons_overlapping(lo, hi) == [
        p for p in persons if p.start < hi and lo < p.end
    ]
    assert article.person_at(lo) == next((p for p in persons if p.start <= lo < p.end), None)
    assert article.entity_at(lo) == next((e for e in entities if e[0] <= lo < e[1]), None)
    assert article.entities_within(lo, hi) == [e for e in entities if lo <= e[0] and e[1] <= hi]
    assert article.persons_before(lo) == sum(p.start < lo for p in persons)


# -- time per 10 KB stays flat ------------------------------------------------------------------


def _statements_cpu(nlp, article: Article) -> tuple[float, int]:
    """CPU seconds of the statements of one parsed article (the rules after spaCy's parse)."""
    parsed = list(pipeline.parsed_articles([article], nlp))
    index, themes = pipeline.actor_index(nlp), pipeline.theme_assigner(nlp)
    started = time.process_time()
    statements, _ = pipeline.tables(pipeline.statement_rows(parsed, index, themes))
    return time.process_time() - started, len(statements)


def test_the_statements_of_a_long_article_take_time_in_proportion_to_its_length(nlp):
    small, large = long_article(16_000), long_article(128_000)
    small_cpu = min(_statements_cpu(nlp, small)[0] for _ in range(3))
    large_cpu, found = _statements_cpu(nlp, large)
    per_small, per_large = small_cpu / len(small.text), large_cpu / len(large.text)
    assert found > 600  # the long article is full of statements
    # quadratic lookups made this ratio about 8 here (and 40 at 60 KB against 10 KB)
    assert per_large < 2.5 * per_small, (small_cpu, large_cpu)


def test_preparing_a_long_doc_takes_time_in_proportion_to_its_length(nlp):
    def cpu(text: str) -> float:
        started = time.process_time()
        prepare_doc(nlp, text)
        return time.process_time() - started

    small, large = long_article(20_000).text, long_article(400_000).text
    per_small = min(cpu(small) for _ in range(3)) / len(small)
    per_large = cpu(large) / len(large)
    assert per_large < 3 * per_small  # it was quadratic: 3.6 s at 300 KB, 23 s at 1 MB


# -- caps on characters and records ---------------------------------------------------------------


def test_the_defaults_are_sensible():
    assert settings.MAX_ARTICLE_CHARS == 200_000
    assert settings.MAX_RECORDS_PER_FILE == 20_000
    assert settings.ARTICLE_SECONDS == 60


def test_an_article_over_the_character_cap_is_cut_with_a_notice(tmp_path):
    paragraph = "Lavrov said the talks on Idlib would continue next week in Moscow. " * 20
    text = "\n\n".join([paragraph.strip()] * 200)  # about 270,000 characters
    problems: list[LoadProblem] = []
    (article,) = load_upload("long.txt", text.encode(), on_problem=problems.append)
    assert len(article.text) <= 200_000 and article.text.endswith("Moscow.")
    assert article.article_id == article_id(article.text)
    assert [p.warning for p in problems] == [True]
    assert str(problems[0]).startswith("long.txt: ")
    assert "cut to its first" in problems[0].reason and "(limit 200,000)" in problems[0].reason


def test_a_file_over_the_record_cap_gives_the_first_records_and_a_notice(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_RECORDS_PER_FILE", 10)
    records = [
        {"title": f"T{n}", "text": f"Lavrov said talks number {n} would go on."} for n in range(25)
    ]
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    problems: list[LoadProblem] = []
    found = list(load_articles([path], on_problem=problems.append))
    assert [a.title for a in found] == [f"T{n}" for n in range(10)]
    assert [str(p) for p in problems] == [
        f"{path}: more than 10 articles: the first 10 kept, the rest not read"
    ]


# -- the time budget of one article ---------------------------------------------------------------


@pytest.fixture
def slow_article(monkeypatch):
    """Statements of the article titled 'Slow' take 0.1 s each (as a pathological one might)."""
    real = pipeline._rows

    def rows(statement, index, themes):
        if statement.article.title == "Slow":
            time.sleep(0.1)
        return real(statement, index, themes)

    monkeypatch.setattr(pipeline, "_rows", rows)


def test_an_article_over_its_time_budget_is_cut_and_the_next_goes_on(
    nlp, slow_article, monkeypatch
):
    slow, fast = long_article(12_000, "Slow"), long_article(3_000, "Fast")
    monkeypatch.setattr(settings, "ARTICLE_SECONDS", 1e9)
    full, _ = pipeline.extract([slow, fast], nlp=nlp)
    monkeypatch.setattr(settings, "ARTICLE_SECONDS", 0.5)
    notices: list[str] = []
    started = time.monotonic()
    cut, _ = pipeline.extract([slow, fast], nlp=nlp, on_notice=notices.append)
    assert time.monotonic() - started < 5  # the full slow article takes 0.1 s × 70 statements
    kept = list(cut.loc[cut.article_id == slow.article_id, "statement_id"])
    everything = list(full.loc[full.article_id == slow.article_id, "statement_id"])
    assert 0 < len(kept) < len(everything) and kept == everything[: len(kept)]
    assert list(cut.loc[cut.article_id == fast.article_id, "statement_id"]) == list(
        full.loc[full.article_id == fast.article_id, "statement_id"]
    )
    assert len(notices) == 1
    assert notices[0].startswith("mem://long: article 'Slow': extraction stopped at its 0.5 s")
    assert f"after {len(kept)} statement(s)" in notices[0]


def test_an_ingest_reports_the_article_it_cut(nlp, slow_article, monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "ARTICLE_SECONDS", 0.3)
    summary = ingest_articles(Store(tmp_path / "store"), [long_article(8_000, "Slow")])
    assert summary.added == 1 and summary.statements > 0
    assert len(summary.warnings) == 1 and "time budget" in summary.warnings[0]
    assert summary.to_text().splitlines()[-1] == f"warning: {summary.warnings[0]}"
