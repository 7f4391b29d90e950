"""Drill-down from every chart: a point's statements number its value, on every page, and
the link opens them on the Statements page; decoders read plotly's selection points."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.query import sql_aggregates as sqla
from analysis.query.filters import Filters
from analysis.reference import load_themes
from analysis.store import Store
from analysis.synthetic import synthetic_tables
from dashboard.drill_ui import (
    act_bar,
    decode,
    encode,
    first_of,
    key_event,
    link_filters,
    network_node,
    period_bar,
    theme_cell,
    value_bar,
)

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LABELS = {t.id: t.label for t in load_themes()}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("drill")
    Store(root).write(synthetic_tables(900, seed=13))
    return root


@pytest.fixture
def scope(store_dir):
    return sqla.scope(Store(store_dir), Filters(), theme_ids=list(LABELS))


def _page(store_dir: Path, monkeypatch, page: str, point: str, **params: str) -> AppTest:
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store_dir))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(f"views/{page}.py")
    at.query_params["point"] = point
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def _behind(at: AppTest) -> int:
    [count] = _all_behind(at)
    return count


def test_a_heatmap_cell_lists_as_many_statements_as_it_shows(store_dir, monkeypatch, scope):
    cells = sqla.theme_by_group(scope, LABELS)
    cell = cells[cells["statements"] > 0].iloc[0]
    point = f"themes_country~theme:{cell['theme']}|speaker_country:{cell['group']}"
    at = _page(store_dir, monkeypatch, "themes", point)
    assert _behind(at) == cell["statements"]
    link = [p.proto for p in at.get("page_link") if p.proto.label == "Open in Statements"]
    assert f"theme={cell['theme']}" in link[0].query_string


def test_a_speaker_bar_and_a_country_bar_list_their_statements(store_dir, monkeypatch, scope):
    top = sqla.top_speakers(scope).iloc[0]
    at = _page(store_dir, monkeypatch, "actors", f"actors_top~speaker:{top['speaker']}")
    assert _behind(at) == top["statements"]
    country = sqla.top_values(scope, "speaker_country").iloc[0]
    point = f"actors_countries~speaker_country:{country['value']}"
    at = _page(store_dir, monkeypatch, "actors", point)
    assert _behind(at) == country["statements"]


def test_a_network_node_lists_the_statements_naming_the_actor(store_dir, monkeypatch, scope):
    nodes, _ = sqla.cooccurrence(scope)
    node = nodes.iloc[0]
    at = _page(store_dir, monkeypatch, "actors", f"actors_network~actor:{node['actor']}")
    assert _behind(at) == node["statements"]


def test_an_act_bar_lists_its_country_and_act(store_dir, monkeypatch, scope):
    frame = sqla.acts_by_country(scope)
    row = frame[frame["country"] != "other"].iloc[0]
    point = f"acts_country~speaker_country:{row['country']}|speech_act:{row['act']}"
    at = _page(store_dir, monkeypatch, "acts", point, plain="true")
    assert _behind(at) == row["statements"]


def test_decoders_read_plotly_points() -> None:
    assert value_bar("speaker")({"y": "A &amp; B"}) == (("speaker", "A & B"),)
    label = next(iter(LABELS.values()))
    decoder = theme_cell(_Data(), ["Russia", "Turkey", "other"])
    assert decoder({"x": "other", "y": label}) == (
        ("theme", next(iter(LABELS))),
        ("speaker_country", ("not", ("Russia", "Turkey"))),
    )
    assert act_bar(["Russia"])({"y": "Russia", "customdata": ["warning"]}) == (
        ("speaker_country", "Russia"),
        ("speech_act", "warning"),
    )
    assert network_node()({"x": 1, "y": 2}) is None  # an edge, not a node


def test_a_point_round_trips_through_the_url_and_links_the_filters() -> None:
    point = (("theme", "humanitarian"), ("period", pd.Timestamp("2024-04-01")))
    assert decode(encode(point)) == point
    assert encode((("speaker_country", ("not", ("Russia",))),)) is None
    linked = link_filters(Filters(countries=("Turkey",)), point, "quarter")
    assert linked.themes == ("humanitarian",) and linked.countries == ("Turkey",)
    assert (str(linked.date_from), str(linked.date_to)) == ("2024-04-01", "2024-06-30")


class _Data:
    labels = LABELS


def test_a_key_event_lists_the_statements_around_it(store_dir, monkeypatch) -> None:
    statements = Store(store_dir).tables().statements
    day = statements["published"].dropna().sort_values().iloc[len(statements) // 2].normalize()
    at = _page(store_dir, monkeypatch, "timeline", f"timeline_event~around:{day.date()}")
    published = statements["published"]
    window = (published >= day - pd.Timedelta(days=15)) & (published < day + pd.Timedelta(days=16))
    assert _behind(at) == int(window.sum()) > 0


@pytest.mark.parametrize(
    ("measure", "axis"), [(None, "theme tags per month"), ("statements", "statements per month")]
)
def test_the_theme_timeline_says_what_it_counts(store_dir, monkeypatch, measure, axis) -> None:
    params = {"measure": measure} if measure else {}
    at = _page(store_dir, monkeypatch, "timeline", "", **params)
    import base64
    import json

    import numpy as np

    def values(array):
        if isinstance(array, dict):
            return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
        return np.asarray(array)

    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["yaxis"]["title"]["text"] == axis
    total = sum(values(t["y"]).sum() for t in figure["data"] if t.get("type") == "bar")
    statements = Store(store_dir).tables().statements
    dated = statements[statements["published"].notna()]
    expected = len(dated) if measure else sum(len(t) for t in dated["themes"])
    assert total == expected


def _all_behind(at: AppTest) -> list[int]:
    lines = [m.value for m in at.markdown if m.value.startswith("**Statements behind")]
    return [int(line.rsplit(": ", 1)[1].rstrip("*").replace(",", "")) for line in lines]


def test_a_compare_gap_bar_lists_both_sides_statements_on_its_theme(store_dir, monkeypatch):
    statements = Store(store_dir).tables().statements
    theme = "ceasefire_security"
    on_theme = statements[statements["themes"].map(lambda ts: theme in list(ts))]
    expected = [int((on_theme["speaker_country"] == c).sum()) for c in ("Russia", "Turkey")]
    assert min(expected) > 0
    at = _page(store_dir, monkeypatch, "compare", f"compare_gap~theme:{theme}")
    assert _all_behind(at) == expected
    links = [p.proto for p in at.get("page_link") if p.proto.label == "Open in Statements"]
    assert any("country=Turkey" in link.query_string for link in links)


def test_a_key_event_marker_on_a_speakers_timeline_lists_their_statements_around_it(
    store_dir, monkeypatch
):
    statements = Store(store_dir).tables().statements
    speaker = statements["speaker"].value_counts().index[0]
    own = statements[statements["speaker"] == speaker]["published"].dropna().sort_values()
    day = own.iloc[len(own) // 2].normalize()
    point = f"actors_p_time~speaker:{speaker}|around:{day.date()}"
    at = _page(store_dir, monkeypatch, "actors", point, profile=speaker)
    window = (own >= day - pd.Timedelta(days=15)) & (own < day + pd.Timedelta(days=16))
    assert int(window.sum()) > 0
    assert int(window.sum()) in _all_behind(at)


def test_a_marker_is_read_before_the_bar_under_it() -> None:
    class Trace:
        def __init__(self, name: str) -> None:
            self.name = name

    class Figure:
        data = [Trace("statements"), Trace("key events")]

    decoder = first_of(key_event(Figure()), period_bar())
    day = pd.Timestamp("2024-12-08")
    assert decoder({"x": "2024-12-08", "curve_number": 1}) == (("around", day),)
    assert decoder({"x": "2024-12-01", "curve_number": 0}) == (
        ("period", pd.Timestamp("2024-12-01")),
    )
