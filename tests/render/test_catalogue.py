"""The named charts: the CHARTS registry draws the same figure as the pages for the same
filters, and render_chart adds the footer a shared link's exports carry."""

from __future__ import annotations

import numpy as np
import pytest
from chart_checks import validated, values

from analysis.query.filters import Filters, apply
from analysis.render import catalogue
from analysis.render.errors import ExportError
from analysis.synthetic import synthetic_tables


def test_registry_names() -> None:
    assert {"theme_counts", "timeline", "theme_by_country", "top_speakers", "compare"} <= set(
        catalogue.CHARTS
    )
    assert set(catalogue.CHARTS) == set(catalogue.FIGURES)


@pytest.mark.parametrize("name", sorted(catalogue.CHARTS))
def test_every_chart_is_valid_plotly_and_titled(tables, name: str) -> None:
    fig = validated(catalogue.CHARTS[name](tables, Filters()))
    assert fig.layout.title.text
    assert len(fig.data) >= 1


@pytest.mark.parametrize("name", sorted(catalogue.CHARTS))
def test_every_chart_says_so_when_nothing_matches(tables, name: str) -> None:
    fig = validated(catalogue.CHARTS[name](tables, Filters(speakers=("nobody",))))
    assert len(fig.data) == 0
    assert fig.layout.annotations and "No" in fig.layout.annotations[0].text


@pytest.mark.parametrize("name", sorted(catalogue.CHARTS))
def test_registry_draws_what_the_page_draws(tables, ctx, prepared, name: str) -> None:
    filters, _ = Filters.from_query("country=Russia&from=2016-01-01", themes=list(ctx.labels))
    page = catalogue.FIGURES[name](apply(prepared, filters), ctx)
    cli = catalogue.CHARTS[name](tables, filters)
    if name == "network":  # the layout is seeded: positions match too
        assert page.to_dict()["data"][1]["text"] == cli.to_dict()["data"][1]["text"]
    assert page.to_json() == cli.to_json()


def test_a_filter_changes_the_drawn_data(tables) -> None:
    russia = catalogue.CHARTS["theme_counts"](tables, Filters(countries=("Russia",)))
    turkey = catalogue.CHARTS["theme_counts"](tables, Filters(countries=("Turkey",)))
    a = values(russia.to_dict()["data"][0]["x"])
    b = values(turkey.to_dict()["data"][0]["x"])
    assert not np.array_equal(a, b)


# -- the CLI's chart: same figure as the page for the same link ------------------------------
def test_render_chart_draws_the_registry_figure_for_the_links_filters():
    tables = synthetic_tables(400, seed=3, sample_share=0.5)
    query = "theme=military_bases&country=Russia&from=2016-01-01"
    filters, _ = Filters.from_query(query)
    rendered = catalogue.render_chart("top_speakers", filters, tables, base_url="http://h:1")
    figure, footer = rendered  # unpacks as (figure, footer) for the CLI
    assert figure.to_json() == catalogue.CHARTS["top_speakers"](tables, filters).to_json()
    expected = len(apply(tables.statements, filters))
    assert 0 < expected < len(tables.statements)
    assert f"{expected:,} statements" in footer
    n_sample = int(apply(tables.statements, filters)["sample"].sum())
    assert 0 < n_sample < expected
    assert f"{n_sample:,} from the invented sample corpus" in footer
    assert "Military bases" in footer and "Russia" in footer and "2016-01-01" in footer
    assert "View: http://h:1/?theme=military_bases&country=Russia&from=2016-01-01" in footer
    latest = tables.statements["published"].max().strftime("%Y-%m-%d")
    assert f"data as of {latest}" in footer


def test_the_cli_reports_ignored_query_values_and_render_chart_unknown_names(capsys):
    from analysis.__main__ import query_filters

    tables = synthetic_tables(50, seed=1)
    filters = query_filters("theme=no_such_theme&from=2020-13-01")
    problems = capsys.readouterr().err.splitlines()
    assert len(problems) == 2 and any("no_such_theme" in p for p in problems)
    assert all(p.startswith("syria-dash: --query: ") for p in problems)
    rendered = catalogue.render_chart("theme_counts", filters, tables)
    assert (
        "Filters: none (all statements)" in rendered.footer or "all statements" in rendered.footer
    )
    with pytest.raises(ExportError, match="unknown chart 'nope'"):
        catalogue.render_chart("nope", Filters(), tables)
