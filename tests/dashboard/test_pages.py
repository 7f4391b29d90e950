"""AppTest per page: renders, filters change the charts, links round-trip, bad links warn."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.query.filters import Filters
from analysis.reference import load_themes
from analysis.render.safe_text import unescape_markdown
from analysis.store import Store, Tables
from analysis.synthetic import synthetic_tables
from dashboard.sidebar import SHARE_LABEL

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["overview", "themes", "timeline", "actors", "acts", "compare", "statements", "data"]
THEMES = [t.id for t in load_themes()]
TRICKY = "**bold** <script>alert(1)</script> [link](javascript:x) $x$ _under_"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store written from synthetic tables; the newest statement holds markup-like text."""
    root = tmp_path_factory.mktemp("store")
    tables = synthetic_tables(1200, seed=21, sample_share=0.3)
    statements = tables.statements.copy()
    newest = statements["published"].idxmax()
    statements.loc[newest, "text"] = TRICKY
    statements.loc[newest, "sentence"] = f"She said {TRICKY} on Monday."
    statements.loc[newest, "published"] = statements["published"].max() + pd.Timedelta(days=1)
    Store(root).write(Tables(tables.articles, statements, tables.mentions))
    return root


@pytest.fixture
def app(store_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store_dir))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)

    def make(page: str = "overview", query: str = "") -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        at.switch_page(f"views/{page}.py")
        for name, value in _pairs(query):
            existing = at.query_params.get(name)
            at.query_params[name] = [*(existing or []), value]
        return at

    return make


def _pairs(query: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(query, keep_blank_values=True)


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def numbers(array: object) -> np.ndarray:
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array)


def share_link(at: AppTest) -> str:
    links = [box.value for box in at.sidebar.text_input if box.label == SHARE_LABEL]
    assert links and links[0].startswith("http"), "no share link on the page"
    return links[0]


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(app, page: str) -> None:
    at = app(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.sidebar.multiselect(key="theme") is not None
    if page in ("overview", "themes", "timeline", "actors", "compare"):
        assert at.get("plotly_chart"), f"{page} draws no chart"


@pytest.mark.parametrize("page", PAGES)
def test_empty_store_shows_the_way_to_the_data_page(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SYRIA_DASH_STORE", str(tmp_path / "empty"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page == "data":
        assert any("store is empty" in c.value for c in at.caption)
        assert at.button(key="ingest_sample") is not None
    else:
        assert any("no statements yet" in i.value for i in at.info)
        assert not at.get("plotly_chart")


@pytest.mark.parametrize("page", PAGES)
def test_filters_matching_nothing_render_every_page(app, page: str) -> None:
    at = app(page, "q=no-statement-says-this-qqzz")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page != "data":
        assert at.caption[0].value.startswith("0 statements")


def test_a_filter_change_changes_the_chart_data(app) -> None:
    at = app("overview")
    at.run()
    before = numbers(chart_specs(at)[0]["data"][0]["x"])
    at.sidebar.multiselect(key="country").set_value(["Turkey"]).run()
    after = numbers(chart_specs(at)[0]["data"][0]["x"])
    assert after.sum() < before.sum()
    assert not np.array_equal(before, after)
    assert "country=Turkey" in share_link(at)


@pytest.mark.parametrize("page", ["themes", "timeline", "actors", "compare"])
def test_filters_reach_every_charting_page(app, page: str) -> None:
    at = app(page)
    at.run()
    before = json.dumps([s["data"] for s in chart_specs(at)])
    at.sidebar.multiselect(key="kind").set_value(["direct"]).run()
    after = json.dumps([s["data"] for s in chart_specs(at)])
    assert not at.exception
    assert before != after


def test_a_link_sets_the_filters_and_round_trips(app) -> None:
    query = "theme=humanitarian&country=Russia&kind=direct&from=2016-01-01&to=2020-12-31&q=talks"
    at = app("themes", query)
    at.run()
    assert not at.exception and not at.warning
    assert at.sidebar.multiselect(key="theme").value == ["humanitarian"]
    assert at.sidebar.multiselect(key="country").value == ["Russia"]
    assert str(at.sidebar.date_input(key="from").value) == "2016-01-01"
    assert at.sidebar.text_input(key="q").value == "talks"
    link = share_link(at)
    parsed, problems = Filters.from_query(urlsplit(link).query, themes=THEMES)
    assert problems == []
    assert parsed == Filters.from_query(query, themes=THEMES)[0]
    assert "statements ·" in at.caption[0].value and "Russia" in at.caption[0].value


def test_a_malformed_link_gives_a_notice_not_a_crash(app) -> None:
    at = app("overview", "theme=no_such_theme&from=2019-02-31&kind=yelled&speaker=Nobody+Known")
    at.run()
    assert not at.exception
    text = " ".join(unescape_markdown(w.value) for w in at.warning)  # what the reader sees
    for needle in ("no_such_theme", "2019-02-31", "yelled", "Nobody Known"):
        assert needle in text
    assert at.sidebar.multiselect(key="theme").value == []
    at.button(key="dismiss_problems").click().run()
    assert not at.warning


def test_reset_clears_the_filters(app) -> None:
    at = app("overview", "country=Russia&q=talks")
    at.run()
    assert at.sidebar.multiselect(key="country").value == ["Russia"]
    at.sidebar.button(key="reset_filters").click().run()
    assert at.sidebar.multiselect(key="country").value == []
    assert at.sidebar.text_input(key="q").value == ""
    assert urlsplit(share_link(at)).query == "as_of=0"  # no filters; the version shown


def test_sample_data_notice(app) -> None:
    at = app("overview")
    at.run()
    assert any("Sample data on screen" in i.value for i in at.info)
    at.sidebar.multiselect(key="speaker").set_value([]).run()
    at.sidebar.text_input(key="q").set_value("text that matches nothing at all").run()
    assert not any("Sample data on screen" in i.value for i in at.info)


def test_overview_shows_counts_and_data_quality(app, store_dir: Path) -> None:
    at = app("overview")
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    tables = Store(store_dir).tables()
    assert metrics["Statements"] == f"{len(tables.statements):,}"
    assert metrics["Articles"] == f"{tables.statements['article_id'].nunique():,}"
    quality = at.dataframe[0].value
    unresolved = quality.set_index("signal").loc["unresolved speaker", "count"]
    assert unresolved == tables.statements["speaker"].isna().sum()


def test_timeline_lists_the_statements_behind_a_period(app) -> None:
    at = app("timeline", "country=Turkey")
    at.run()
    at.selectbox(key="timeline_pick_period").select_index(0).run()
    headers = [h.value for h in at.subheader if h.value.startswith("Statements behind")]
    assert headers, "no statements listed for the picked period"
    n = int(headers[0].rsplit(":", 1)[1].replace(",", ""))
    assert n > 0 and len(at.dataframe[-1].value) == n


def test_timeline_split_and_period_change_the_chart(app) -> None:
    at = app("timeline")
    at.run()
    theme_names = {t.get("name") for t in chart_specs(at)[0]["data"]}
    at.segmented_control(key="by").set_value("country").run()
    country_names = {t.get("name") for t in chart_specs(at)[0]["data"]}
    assert "Russia" in country_names and "Russia" not in theme_names


def test_statements_page_escapes_article_text(app) -> None:
    at = app("statements")
    at.run()
    assert not at.exception
    rendered = [m.value for m in at.markdown if "script" in m.value]
    assert rendered, "the newest statement is not shown in context"
    body = rendered[0]
    assert "<script>" not in body and "\\<script\\>" in body
    assert "**\\*\\*bold\\*\\*" in body  # the quote is bold; its own asterisks are literal
    assert "\\[link\\]\\(javascript\\:" in body


def test_statements_page_is_the_linked_sorted_page_of_the_store(app, store_dir: Path) -> None:
    from analysis.query.sql import statements_page

    at = app("statements", "country=Turkey&sort=speaker&order=ascending&page=2")
    at.run()
    assert not at.exception
    shown = at.dataframe[0].value
    expected = statements_page(
        Store(store_dir),
        Filters(countries=("Turkey",)),
        sort="speaker",
        descending=False,
        offset=100,
        limit=100,
    )
    assert len(shown) == len(expected) > 0
    assert shown["speaker"].tolist() == expected["speaker"].tolist()
    assert any("of " in c.value and "page 2 of" in c.value for c in at.caption)


def test_compare_defaults_to_russia_and_turkey(app) -> None:
    at = app("compare")
    at.run()
    names = {t.get("name") for t in chart_specs(at)[0]["data"]}
    assert names == {"Russia (country)", "Turkey (country)"}
    at.selectbox(key="b_country").select("Iran").run()
    names = {t.get("name") for t in chart_specs(at)[0]["data"]}
    assert names == {"Russia (country)", "Iran (country)"}


def test_actors_profile_follows_the_chosen_speaker(app) -> None:
    at = app("actors")
    at.run()
    options = at.selectbox(key="profile").options
    at.selectbox(key="profile").select(options[1]).run()
    titles = [s["layout"]["title"]["text"] for s in chart_specs(at)]
    assert f"Themes of {options[1]}" in titles


def test_exports_are_offered_lazily(app) -> None:
    at = app("overview")
    at.run()
    buttons = at.get("download_button")
    labels = {b.proto.label for b in buttons}
    assert {"PNG", "SVG", "PDF", "HTML", "CSV", "XLSX"} <= labels


def test_filters_survive_a_page_switch(app) -> None:
    at = app("overview", "country=Turkey")
    at.run()
    at.sidebar.multiselect(key="kind").set_value(["direct"]).run()
    links = {p.proto.label: p.proto.query_string for p in at.get("page_link")}
    themes_link = links["Themes"]
    assert "country=Turkey" in themes_link and "kind=direct" in themes_link
    at.query_params.clear()  # the browser opens the link's URL: its query string only
    for name, value in _pairs(themes_link):
        at.query_params[name] = [*(at.query_params.get(name) or []), value]
    at.switch_page("views/themes.py").run()
    assert not at.exception
    assert at.sidebar.multiselect(key="country").value == ["Turkey"]
    assert at.sidebar.multiselect(key="kind").value == ["direct"]
    assert "country=Turkey" in share_link(at) and "kind=direct" in share_link(at)


def test_a_link_without_filters_shows_everything_even_after_filtering(app) -> None:
    at = app("overview", "country=Turkey")
    at.run()
    at.query_params.clear()  # Back to, or a link to, the unfiltered view: the URL wins
    at.run()
    assert at.sidebar.multiselect(key="country").value == []


def test_the_router_opens_on_the_overview(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store_dir))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Russia–Turkey diplomacy over Syria"
    assert at.get("plotly_chart")


@pytest.mark.parametrize(
    ("sentence", "quote", "expected"),
    [
        ("He said peace is near.", "peace is near", "He said **peace is near**\\."),
        ("A *b* [c](d)", "[c](d)", "A \\*b\\* **\\[c\\]\\(d\\)**"),
        ("No match here", "elsewhere", "No match here\n\n**elsewhere**"),
        ("<b>x</b> said", "<b>x</b>", "**\\<b\\>x\\<\\/b\\>** said"),
    ],
)
def test_highlighted_sentence_escapes_and_bolds(sentence: str, quote: str, expected: str) -> None:
    import dashboard as ui

    assert ui.highlighted_sentence(sentence, quote) == expected


def test_escape_markdown_leaves_no_active_markup() -> None:
    import re

    import dashboard as ui

    text = "`code` **b** _i_ # h <script> [a](b) $x$ ~~s~~ | t | 1. item"
    escaped = ui.escape_markdown(text)
    unescaped_special = re.findall(r"(?<!\\)[`*_#<>\[\]()$~|]", escaped.replace("\\\\", ""))
    assert unescaped_special == []


def fake_extract(articles, *, nlp=None, progress=None, on_notice=None):  # noqa: ANN001, ANN201
    """One statement per article (the real pipeline is tested elsewhere; this is fast)."""
    from analysis.schema import MENTION_COLUMNS, MentionsTable, StatementsTable

    rows = []
    for done, article in enumerate(articles, start=1):
        first = article.text.split(".")[0][:200] or article.text[:200]
        rows.append(
            {
                "statement_id": f"{article.article_id}-0",
                "article_id": article.article_id,
                "outlet": article.outlet,
                "published": pd.to_datetime(article.published),
                "title": article.title,
                "url": article.url,
                "speaker": None,
                "speaker_mention": None,
                "speaker_country": None,
                "speaker_type": "unknown",
                "kind": "reported",
                "cue": None,
                "text": first,
                "sentence": first,
                "start": 0,
                "end": len(first),
                "themes": [],
                "actors": [],
                "speech_act": "statement",
                "via": None,
                "theme_evidence": [],
                "sample": article.sample,
            }
        )
        if progress:
            progress(done)
    mentions = pd.DataFrame({c: [] for c in MENTION_COLUMNS})
    return StatementsTable.validate(pd.DataFrame(rows)), MentionsTable.validate(mentions)


def test_data_page_ingests_the_bundled_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import analysis.pipeline

    monkeypatch.setattr(analysis.pipeline, "extract", fake_extract)
    store = tmp_path / "fresh"
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=300)
    at.switch_page("views/data.py")
    at.run()
    at.button(key="ingest_sample").click().run()
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    tables = Store(store).tables()
    assert int(metrics["Articles added"]) == len(tables.articles) > 0
    assert int(metrics["Statements written"]) == len(tables.statements)
    at.button(key="ingest_sample").click().run()  # again: nothing new, all unchanged
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Articles added"]) == 0
    assert int(metrics["Unchanged (skipped)"]) == len(tables.articles)


def test_synthetic_tables_can_stand_in_for_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYRIA_DASH_SYNTHETIC", "800")
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("views/overview.py")
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Statements"] == "800"


def test_compare_with_the_same_side_twice_warns_but_works(app) -> None:
    at = app("compare")
    at.run()
    at.selectbox(key="b_country").select("Russia").run()
    assert not at.exception
    assert any("same" in w.value for w in at.warning)


def test_a_rejected_upload_shows_one_line_with_file_and_reason(app) -> None:
    at = app("data")
    at.session_state["_last_ingest"] = {
        "label": "1 uploaded file(s)",
        "summary": None,
        "problems": ["my_notes*.txt: binary file, not text"],
    }
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Nothing was ingested."]
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and "\n" not in warnings[0]
    shown = unescape_markdown(warnings[0])
    assert shown.startswith("Rejected ") and "binary file, not text" in shown
    assert r"my\_notes\*\.txt" in warnings[0]  # the file name shown literally, not as markup


def test_page_control_values_in_a_link_match_loosely_and_bad_ones_are_named(app) -> None:
    at = app("timeline", "period=QUARTER&by=fortnight")
    at.run()
    assert not at.exception
    assert at.segmented_control(key="period").value == "quarter"
    assert at.segmented_control(key="by").value == "theme"  # the default, the bad value ignored
    assert any("by=fortnight" in w.value and "ignored" in w.value for w in at.warning)
    assert at.query_params.get("period") == "quarter" and "by" not in at.query_params
