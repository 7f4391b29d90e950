"""Notes and saved views in the pages: a note shows on the Statements page, in its table and
its export; a saved view is listed on Overview for everyone; viewers get neither control."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import audit, workspace
from analysis.query.prepared import public_columns
from analysis.render.export import table_bytes
from analysis.store import Store
from analysis.synthetic import synthetic_tables

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "store"
    Store(root).write(synthetic_tables(300, seed=5))
    monkeypatch.setenv("SYRIA_DASH_STORE", str(root))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)
    monkeypatch.delenv("SYRIA_DASH_DEPLOY", raising=False)
    return root


def _page(name: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(f"views/{name}.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def test_a_note_shows_on_the_statements_page_and_in_its_export(store: Path) -> None:
    at = _page("statements")
    box = next(t for t in at.text_area if t.key.startswith("note_"))
    box.set_value("verify: TASS only").run()
    at.button(key=f"{box.key}_add").click().run()
    assert not at.exception
    assert any("verify\\: TASS only" in i.value for i in at.info)
    table = at.dataframe[0].value
    assert "verify: TASS only" in " ".join(table["notes"].astype(str))
    [note] = workspace.notes(store)
    assert note.statement_id == box.key.removeprefix("note_")
    assert audit.read(store)[-1]["action"] == "note"
    rows = Store(store).tables().statements
    rows = rows.assign(notes=workspace.notes_of(rows, [note]))
    assert b"verify: TASS only" in table_bytes(public_columns(rows), "csv")


def test_a_saved_view_is_listed_on_the_overview(store: Path) -> None:
    at = _page("timeline", period="quarter")
    at.text_input(key="save_view_name").set_value("Quarterly timeline").run()
    at.button(key="save_view").click().run()
    [view] = workspace.saved_views(store)
    assert view.page == "timeline" and "period=quarter" in view.query
    assert "as_of" not in view.query
    overview = _page("overview")
    links = [p.proto for p in overview.get("page_link") if p.proto.label == "Quarterly timeline"]
    assert len(links) == 1 and links[0].page_script_hash
