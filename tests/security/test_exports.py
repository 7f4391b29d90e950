"""Charts and exports from hostile data: names with HTML are text in plotly figures (on the
page and in the HTML export), and CSV/XLSX cells never run as formulas (issue 11)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hostile_inputs import (
    EVIL_ACTOR,
    EVIL_COUNTRY,
    EVIL_OUTLET,
    EVIL_SPEAKER,
    hostile_store,
    hostile_tables,
)
from live_dashboard import in_chromium
from streamlit.testing.v1 import AppTest

from analysis.__main__ import main
from analysis.query import aggregates as agg
from analysis.query.filters import Filters
from analysis.render import charts
from analysis.render.catalogue import CHARTS, render_chart
from analysis.render.export import FORMULA_PREFIXES, figure_bytes, table_bytes
from analysis.render.safe_text import escape_plotly
from analysis.settings import PROJECT_DIR

OUR_TAGS = re.compile(r"<br>|</?extra>")  # the markup the chart code itself writes
RAW = (EVIL_OUTLET, EVIL_ACTOR, EVIL_COUNTRY)


def strings(value: object) -> list[str]:
    """Every string in a figure's JSON (the template aside: plotly's own)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != "template" for s in strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    return []


def assert_text_only(figure_json: dict) -> list[str]:
    """No tag in any string but the chart code's own; templates never carry data."""
    found = strings(figure_json)
    for text in found:
        assert "<" not in OUR_TAGS.sub("", text), text
    for trace in figure_json.get("data", []):
        assert "evil" not in trace.get("hovertemplate", "").lower()
    return found


@pytest.fixture(scope="module")
def tables():
    return hostile_tables()


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_named_chart_shows_hostile_names_as_text(tables, name: str) -> None:
    figure, _ = render_chart(name, Filters(), tables)
    found = assert_text_only(figure.to_plotly_json())
    assert not any(raw in text for raw in RAW for text in found)


def test_the_hostile_names_are_on_the_charts_escaped(tables) -> None:
    shown = {
        name: " ".join(strings(render_chart(name, Filters(), tables)[0].to_plotly_json()))
        for name in ("top_outlets", "top_countries", "network", "top_speakers")
    }
    assert escape_plotly(EVIL_OUTLET) in shown["top_outlets"]
    assert escape_plotly(EVIL_COUNTRY) in shown["top_countries"]
    assert escape_plotly(EVIL_ACTOR) in shown["network"]
    assert escape_plotly(EVIL_SPEAKER) in shown["top_speakers"]


def test_hostile_sides_and_titles_are_text(tables) -> None:
    side_a, side_b = ("outlet", EVIL_OUTLET), ("country", EVIL_COUNTRY)
    profile = agg.compare_profiles(tables.statements, side_a, side_b, {})
    over_time = agg.speaker_profile(tables.statements, EVIL_SPEAKER, {}, "month")["over_time"]
    figures = [
        charts.chart_compare(profile, side_a, side_b),
        charts.chart_compare_gap(profile, side_a, side_b),
        charts.chart_counts_over_time(over_time, f"Statements of {EVIL_OUTLET} per month"),
    ]
    for figure in figures:
        assert not any(raw in t for raw in RAW for t in assert_text_only(figure.to_plotly_json()))


def embedded_figure(document: str) -> dict:
    """The data and layout an exported HTML chart hands to Plotly.newPlot, decoded."""
    position = document.index("Plotly.newPlot(") + len("Plotly.newPlot(")
    decoder, values = json.JSONDecoder(), []
    while len(values) < 3:
        while document[position] in " \n\t,":
            position += 1
        value, position = decoder.raw_decode(document, position)
        values.append(value)
    return {"data": values[1], "layout": values[2]}


def outlet_chart_html(tables, path: Path) -> Path:
    figure, _ = render_chart("top_outlets", Filters(), tables)
    footer = f"Filters: outlet {EVIL_OUTLET}\n3 statements\nView: https://example.org/?a=1"
    path.write_bytes(figure_bytes(figure, "html", footer))
    return path


def test_the_html_export_holds_the_names_as_text(tables, tmp_path) -> None:
    document = outlet_chart_html(tables, tmp_path / "chart.html").read_text(encoding="utf-8")
    found = assert_text_only(embedded_figure(document))
    assert escape_plotly(EVIL_OUTLET) in found
    assert EVIL_OUTLET not in document  # neither in the figure nor in the footer


@pytest.mark.browser
def test_the_html_export_has_no_live_link_in_a_browser(tables, tmp_path) -> None:
    path = outlet_chart_html(tables, tmp_path / "chart.html")

    def look(browser: object) -> tuple[int, str, list[str]]:
        page = browser.new_page()
        page.goto(path.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg")
        return (
            page.evaluate("document.querySelectorAll('.js-plotly-plot a').length"),
            page.evaluate("document.querySelector('.js-plotly-plot').textContent"),
            page.evaluate("[...document.querySelectorAll('footer a')].map(a => a.href)"),
        )

    links, svg_text, footer_links = in_chromium(look)
    assert links == 0
    assert EVIL_OUTLET in svg_text  # the name drawn as written
    assert footer_links == ["https://example.org/?a=1"]


def test_the_dashboards_figures_hold_the_names_as_text(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SYRIA_DASH_STORE", str(hostile_store(tmp_path / "store")))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=120)
    at.switch_page("views/actors.py")
    at.run()
    assert not at.exception
    found = []
    for chart in at.get("plotly_chart"):
        found += assert_text_only(json.loads(chart.proto.spec))
    assert escape_plotly(EVIL_ACTOR) in found and escape_plotly(EVIL_COUNTRY) in found


# -- spreadsheets --------------------------------------------------------------------------------
FORMULAS = ['=HYPERLINK("https://evil.example/","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]
FORMULAS += ["\t=1+1", "\r=1+1", "＝1+1", "＋cmd"]


def assert_no_formula(cells: list[object]) -> None:
    for cell in cells:
        assert not str(cell).startswith(FORMULA_PREFIXES), cell


def test_the_table_exports_guard_every_formula_like_cell() -> None:
    frame = pd.DataFrame({"text": FORMULAS, "themes": [[f] for f in FORMULAS]})
    back = pd.read_csv(io.BytesIO(table_bytes(frame, "csv")), encoding="utf-8-sig")
    assert_no_formula(back.to_numpy().ravel().tolist())
    assert back["text"].tolist() == ["'" + f for f in FORMULAS]
    sheet = pd.read_excel(io.BytesIO(table_bytes(frame, "xlsx")))
    assert_no_formula(sheet.to_numpy().ravel().tolist())


ARTICLE = """---
outlet: =HYPERLINK("https://evil.example/","click")
title: +cmd|' /C calc'!A0
published: 2024-03-05
url: https://example.org/test/evil
---
"=SUM(A1:A9) is not how we count our commitments," Lavrov told reporters in Moscow.

"-2 percent is what the ceasefire gained," Turkish Foreign Minister Mevlut Cavusoglu said.
"""


def test_the_command_lines_csv_is_guarded_like_the_dashboards(tmp_path) -> None:
    source = tmp_path / "evil.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "statements.csv"
    assert main(["extract", str(source), "--format", "csv", "--out", str(out)]) == 0
    back = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert len(back) >= 1
    assert_no_formula(back.to_numpy().ravel().tolist())
    assert set(back["outlet"]) == {"'" + '=HYPERLINK("https://evil.example/","click")'}
    assert set(back["title"]) == {"'+cmd|' /C calc'!A0"}
    assert any(text.startswith("'=SUM") for text in back["text"])
