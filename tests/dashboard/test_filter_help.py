"""Friendlier filters: loose link values, theme labels in the widget with ids in the URL,
date presets, the filter that empties a view, and the speech-act page's filters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.reference import load_themes
from analysis.render.safe_text import unescape_markdown
from analysis.store import Store
from analysis.synthetic import synthetic_tables
from dashboard.filter_help import FALL_OF_ASSAD, preset_range

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LABELS = {t.id: t.label for t in load_themes()}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("filters")
    Store(root).write(synthetic_tables(600, seed=3))
    return root


@pytest.fixture
def app(store_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store_dir))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)

    def make(page: str = "overview", **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        at.switch_page(f"views/{page}.py")
        for name, value in params.items():
            at.query_params[name] = value
        return at

    return make


def _statements(store_dir: Path) -> pd.DataFrame:
    return Store(store_dir).tables().statements


def test_link_values_in_other_case_select_the_choice(app, store_dir) -> None:
    statements = _statements(store_dir)
    country = statements["speaker_country"].dropna().iloc[0]
    at = app(country=country.upper(), kind="Direct")
    at.run()
    assert not at.exception and not at.warning
    assert at.sidebar.multiselect(key="country").value == [country]
    assert at.sidebar.multiselect(key="kind").value == ["direct"]


def test_the_theme_widget_shows_labels_and_the_url_keeps_ids(app) -> None:
    theme = next(iter(LABELS))
    at = app(theme=theme)
    at.run()
    widget = at.sidebar.multiselect(key="theme")
    assert widget.value == [theme]
    assert LABELS[theme] in widget.options and theme not in widget.options
    second = list(LABELS)[1]
    widget.select(second).run()
    assert at.sidebar.multiselect(key="theme").value == [theme, second]
    assert list(at.query_params["theme"]) == [theme, second]  # ids, not labels


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("Last 30 days", (date(2024, 5, 2), date(2024, 5, 31))),
        ("Last 12 months", (date(2023, 6, 1), date(2024, 5, 31))),
        ("Since the fall of Assad", (FALL_OF_ASSAD, None)),
        ("All dates", (None, None)),
    ],
)
def test_presets_end_at_the_newest_statement(preset, expected) -> None:
    assert preset_range(preset, date(2024, 5, 31)) == expected


def test_a_preset_sets_the_date_inputs(app) -> None:
    at = app()
    at.run()
    at.sidebar.pills(key="date_preset").set_value("Since the fall of Assad").run()
    assert not at.exception
    assert at.sidebar.date_input(key="from").value == FALL_OF_ASSAD
    assert at.sidebar.date_input(key="to").value is None
    assert at.sidebar.pills(key="date_preset").value is None  # ready for the next click
    assert "2024-12-08 – latest" in unescape_markdown(at.caption[0].value)


def test_an_empty_view_names_the_filter_that_removes_most(app, store_dir) -> None:
    statements = _statements(store_dir)
    speaker = statements["speaker"].dropna().iloc[0]
    other = next(
        c
        for c in statements["speaker_country"].dropna().unique()
        if not ((statements["speaker"] == speaker) & (statements["speaker_country"] == c)).any()
    )
    at = app(speaker=speaker, country=other)
    at.run()
    notices = " ".join(i.value for i in at.info)
    assert "No statement matches" in notices
    removed = min(
        ("Speakers", (statements["speaker_country"] == other).sum()),
        ("Speaker countries", (statements["speaker"] == speaker).sum()),
        key=lambda pair: -pair[1],
    )
    assert f"**{removed[0]}**: without it, {removed[1]:,} statement" in notices


def test_the_acts_page_counts_the_filtered_statements(app, store_dir) -> None:
    statements = _statements(store_dir)
    at = app("acts", act="warning", outlet_kind="state")
    at.run()
    assert not at.exception and not at.warning
    from analysis.reference import outlets_of_kinds

    expected = (
        (statements["speech_act"] == "warning")
        & statements["outlet"].isin(outlets_of_kinds(("state",)))
    ).sum()
    assert at.caption[0].value.startswith(f"{expected:,} statement")
    assert len(at.get("plotly_chart")) == 3
