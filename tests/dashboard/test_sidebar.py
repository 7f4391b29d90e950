"""The sidebar made from the filter registry: one bound widget per field, drawn by app.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.query.filters import FIELDS, Filters
from analysis.synthetic import synthetic_tables
from dashboard.sidebar import SHARE_LABEL, SIDEBAR_ORDER, filters_from_widgets, widget_values

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_widget_values_and_filters_round_trip() -> None:
    filters = Filters(
        themes=("humanitarian",),
        countries=("Turkey", "Iran"),
        kinds=("direct",),
        date_from=date(2018, 1, 1),
        date_to=date(2019, 1, 1),
        query="Astana talks",
    )
    values = widget_values(filters)
    assert list(values) == [f.param for f in FIELDS]
    assert values["country"] == ["Turkey", "Iran"] and values["from"] == date(2018, 1, 1)
    assert filters_from_widgets(values) == filters
    assert filters_from_widgets({}) == Filters()
    assert filters_from_widgets({"q": "  two   words "}).query == "two words"


def test_the_sidebar_draws_the_dates_then_the_lists_then_the_text() -> None:
    assert sorted(SIDEBAR_ORDER, key=FIELDS.index) == list(FIELDS)
    assert [f.param for f in SIDEBAR_ORDER] == [
        "from",
        "to",
        "theme",
        "country",
        "speaker",
        "outlet",
        "kind",
        "act",
        "outlet_kind",
        "q",
    ]


@pytest.fixture
def synthetic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYRIA_DASH_SYNTHETIC", "400")


@pytest.mark.parametrize("page", ["statements", "data"])
def test_every_registry_field_has_its_widget_on_every_page(synthetic, page: str) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception
    labels = {f.param: f.label for f in FIELDS}
    widgets = {
        **{w.key: w.label for w in at.sidebar.multiselect},
        **{w.key: w.label for w in at.sidebar.date_input},
        **{w.key: w.label for w in at.sidebar.text_input if w.label != SHARE_LABEL},
    }
    widgets.pop("save_view_name")  # the Share box's name for a saved view, not a filter
    assert widgets == labels


def test_the_page_reads_the_filters_app_py_computed(synthetic) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("views/statements.py")
    at.query_params["kind"] = ["mixed"]
    at.run()
    expected = synthetic_tables(400, seed=0).statements["kind"].eq("mixed").sum()
    assert at.caption[0].value.startswith(f"{expected:,} statement")
    assert at.session_state["_filters"] == Filters(kinds=("mixed",))
