"""Whole-output goldens (datasette style): each public output compared as one text.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/test_golden.py` and
say in the change why the output moved.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from analysis.__main__ import main
from analysis.settings import PROJECT_DIR

GOLDEN = Path(__file__).parent / "golden"
SAMPLE = PROJECT_DIR / "data" / "sample"
QUERIES = {
    "all": "",
    "filtered": "theme=astana_format&theme=ceasefire_security&country=Turkey&from=2017-01-01",
}
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _portable(text: str, *roots: Path) -> str:
    """The output with machine-specific folders replaced by placeholders."""
    for name, root in zip(("<tmp>", "<project>"), roots, strict=False):
        text = text.replace(str(root), name)
    return text


def check_golden(name: str, text: str) -> None:
    """Compare `text` with tests/golden/<name> as a whole (or rewrite it under UPDATE_GOLDEN)."""
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        if not UPDATE:
            pytest.fail(f"{path.name} was missing and has been written: check it in")
    assert text == path.read_bytes().decode("utf-8")


def _cli_text(capsysbinary, argv: list[str]) -> str:
    assert main(argv) == 0
    return capsysbinary.readouterr().out.decode("utf-8")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> tuple[Path, str]:
    """A store built from data/ and seeds/ like `make run` does, and the ingest summary."""
    import contextlib
    import io

    store = tmp_path_factory.mktemp("golden") / "store"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(
            ["ingest", str(PROJECT_DIR / "data"), str(PROJECT_DIR / "seeds"), "--store", str(store)]
        )
    assert status == 0
    return store, out.getvalue()


def test_articles_of_the_sample(capsysbinary):
    text = _cli_text(capsysbinary, ["articles", str(SAMPLE)])
    check_golden("articles_sample.jsonl", _portable(text, Path("/nonexistent"), PROJECT_DIR))


def test_extract_of_data_and_seeds(capsysbinary):
    text = _cli_text(
        capsysbinary, ["extract", str(PROJECT_DIR / "data"), str(PROJECT_DIR / "seeds")]
    )
    check_golden("extract_data_seeds.jsonl", _portable(text, Path("/nonexistent"), PROJECT_DIR))


def test_ingest_summary(sample_store):
    store, summary = sample_store
    check_golden("ingest_summary.txt", _portable(summary, store, PROJECT_DIR))


def test_evaluate_on_the_sample_gold(capsysbinary):
    text = _cli_text(capsysbinary, ["evaluate", str(SAMPLE / "gold")])
    check_golden("evaluate_sample.txt", _portable(text, Path("/nonexistent"), PROJECT_DIR))


@pytest.mark.parametrize("query_name", sorted(QUERIES))
def test_every_named_chart(sample_store, query_name):
    from analysis.query.filters import Filters
    from analysis.reference import load_themes
    from analysis.render.catalogue import CHARTS, render_chart
    from analysis.store import Store

    tables = Store(sample_store[0]).tables()
    themes = [t.id for t in load_themes()]
    filters, _ = Filters.from_query(QUERIES[query_name], themes=themes)
    charts = {}
    for name in sorted(CHARTS):
        figure, footer = render_chart(name, filters, tables)
        charts[name] = {"figure": json.loads(figure.to_json()), "footer": footer}
    text = json.dumps(charts, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    check_golden(f"charts_{query_name}.json", text)


def test_csv_export_of_a_filtered_view(sample_store):
    from analysis.query.filters import Filters, apply, public_columns
    from analysis.reference import load_themes
    from analysis.render.export import table_bytes
    from analysis.store import Store

    tables = Store(sample_store[0]).tables()
    themes = [t.id for t in load_themes()]
    filters, problems = Filters.from_query(QUERIES["filtered"], themes=themes)
    assert problems == []
    shown = public_columns(apply(tables.statements, filters))
    check_golden("export_filtered.csv", table_bytes(shown, "csv").decode("utf-8"))
