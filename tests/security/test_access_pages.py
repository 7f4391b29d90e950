"""AppTest of the gating on a deployed dashboard: signed-out visitors see the sign-in page only,
unknown addresses the no-access page; a viewer's Data page has no way to add articles, an
editor's has; every ingest (or refusal) is in the audit log; the local set-up is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import audit
from analysis.render.safe_text import unescape_markdown
from analysis.store import Store
from analysis.synthetic import synthetic_tables

APP = str(Path(__file__).resolve().parents[2] / "app.py")
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "c" * 40,
    "client_id": "dashboard",
    "client_secret": "secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ROLES = """
admins = ["ada@example.org"]
editors = ["ed@example.org"]
viewers = ["@viewers.example.org"]
"""
VIEWER = "vera@viewers.example.org"
INGEST_KEYS = ("ingest_upload", "ingest_url", "ingest_sample")
ARTICLE = (
    b"---\noutlet: Test Wire\ntitle: Fidan on talks\npublished: 2024-01-02\n---\n"
    b'Turkish Foreign Minister Hakan Fidan said "the talks will go on" in Ankara.\n'
)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    Store(root).write(synthetic_tables(300, seed=3))
    return root


@pytest.fixture
def deployed(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """make(email, page): an AppTest of a deployed dashboard, as `email` (None: signed out)."""
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store))
    monkeypatch.setenv("SYRIA_DASH_DEPLOY", "1")
    monkeypatch.setenv("SYRIA_DASH_ROLES", str(roles))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)

    def make(email: str | None, page: str = "data", **claims: object) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        at.secrets["auth"] = dict(AUTH)
        at.user = (
            {"is_logged_in": False}
            if email is None
            else {"is_logged_in": True, "email": email, **claims}
        )
        at.switch_page(f"views/{page}.py")
        return at.run()

    return make


def _buttons(at: AppTest) -> set[str]:
    return {b.key for b in at.button if b.key}


def _audit_table(at: AppTest):
    (table,) = [d.value for d in at.dataframe if "outcome" in d.value.columns]
    return table


def _shows_nothing_of_the_data(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.sidebar.children  # no filters, no account badge
    assert not at.get("plotly_chart") and not at.dataframe and not at.file_uploader
    assert not [c for c in at.caption if "statements" in c.value or "Store:" in c.value]
    assert not (_buttons(at) & set(INGEST_KEYS))


@pytest.mark.parametrize("page", ["overview", "data", "statements"])
def test_a_signed_out_visitor_sees_only_the_sign_in_page(deployed, page: str) -> None:
    at = deployed(None, page)
    _shows_nothing_of_the_data(at)
    assert [b.key for b in at.button] == ["sign_in"]
    assert "Sign in" in at.markdown[0].value


def test_an_address_no_role_lists_gets_the_no_access_page(deployed) -> None:
    at = deployed("mallory@elsewhere.net")
    _shows_nothing_of_the_data(at)
    assert at.title[0].value == "No access"
    assert "mallory@elsewhere" in unescape_markdown(at.markdown[0].value)
    assert [b.key for b in at.button] == ["sign_out"]


def test_an_unverified_address_gets_no_access(deployed) -> None:
    at = deployed("ada@example.org", email_verified=False)
    _shows_nothing_of_the_data(at)
    assert at.title[0].value == "No access" and "not verified" in at.markdown[0].value


def test_a_viewer_reads_and_downloads_but_cannot_ingest(deployed) -> None:
    at = deployed(VIEWER)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.file_uploader
    assert not (_buttons(at) & set(INGEST_KEYS))
    assert not [t for t in at.text_input if t.key == "data_url"]
    assert any("needs the editor role" in c.value for c in at.caption)
    assert not [s for s in at.subheader if s.value == "Audit log"]
    assert any(s.value == "Download the tables" for s in at.subheader)
    assert any("Signed in as" in c.value and "viewer" in c.value for c in at.sidebar.caption)
    assert at.sidebar.multiselect(key="theme") is not None  # the filters are there to read


def test_a_viewer_sees_every_reading_page(deployed) -> None:
    at = deployed(VIEWER, "overview")
    assert not at.exception and at.get("plotly_chart")


def test_an_editor_has_the_upload_url_and_sample_controls(deployed) -> None:
    at = deployed("ed@example.org")
    assert not at.exception, [e.value for e in at.exception]
    assert at.file_uploader(key="data_upload") is not None
    assert set(INGEST_KEYS) <= _buttons(at)
    assert not [s for s in at.subheader if s.value == "Audit log"]  # admins only


def test_an_editors_upload_is_ingested_and_recorded(deployed, store: Path) -> None:
    at = deployed("ed@example.org")
    at.file_uploader(key="data_upload").set_value(("fidan.txt", ARTICLE, "text/plain")).run()
    at.button(key="ingest_upload").click().run(timeout=300)
    assert not at.exception, [e.value for e in at.exception]
    (event,) = audit.read(store)
    assert event["user"] == "ed@example.org" and event["action"] == "upload"
    assert event["target"] == "fidan.txt" and event["outcome"] == "ok" and event["added"] == 1


def test_a_path_in_the_url_box_is_refused_and_recorded(deployed, store: Path) -> None:
    at = deployed("ed@example.org")
    before = Store(store).latest()
    at.text_input(key="data_url").input(str(store)).run()
    at.button(key="ingest_url").click().run()
    assert Store(store).latest() == before
    assert any("not an http" in w.value and "store" in w.value for w in at.warning)
    (event,) = audit.read(store)
    assert event["action"] == "fetch" and event["outcome"] == "refused"


def test_the_server_refuses_an_ingest_the_role_lacks(deployed, store: Path) -> None:
    """run_ingest checks the right itself, not only the page hiding the controls."""

    def forged() -> None:
        import streamlit as st

        from dashboard import ingesting

        called = []
        ingesting.run_ingest(lambda *_: called.append(1) or [], "forged upload", "upload")
        st.write(f"collector called {len(called)} time(s)")

    at = AppTest.from_function(forged, default_timeout=60)
    at.user = {"is_logged_in": True, "email": VIEWER}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.markdown[-1].value == "collector called 0 time(s)"
    (event,) = audit.read(store)
    assert event["user"] == VIEWER and event["outcome"] == "denied"


def test_the_server_refuses_maintenance_to_an_editor(deployed, store: Path) -> None:
    def forged() -> None:
        from dashboard import admin

        admin.run_maintenance("vacuum")

    at = AppTest.from_function(forged, default_timeout=60)
    at.user = {"is_logged_in": True, "email": "ed@example.org"}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    (event,) = audit.read(store)
    assert (event["user"], event["action"], event["outcome"]) == (
        "ed@example.org",
        "vacuum",
        "denied",
    )


def test_an_admin_sees_the_audit_log_and_maintenance(deployed, store: Path) -> None:
    audit.record(store, "ed@example.org", "upload", "earlier.txt", added=2)
    at = deployed("ada@example.org")
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.value == "Audit log" for s in at.subheader)
    log = _audit_table(at)
    assert log["target"].tolist() == ["earlier.txt"] and log["user"].tolist() == ["ed@example.org"]
    at.button(key="store_optimize").click().run()
    assert not at.exception
    assert [e["action"] for e in audit.read(store)] == ["upload", "optimize"]
    assert audit.read(store)[-1]["user"] == "ada@example.org"


def test_a_broken_roles_file_lets_nobody_in(deployed, tmp_path: Path) -> None:
    (tmp_path / "roles.toml").write_text("admins = [", encoding="utf-8")
    at = deployed("ada@example.org")
    _shows_nothing_of_the_data(at)
    assert "Sign-in is not configured" in at.error[0].value
    assert str(tmp_path) not in at.error[0].value  # the reason goes to the server log


def test_without_deploy_the_local_analyst_has_every_control(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store))
    monkeypatch.delenv("SYRIA_DASH_DEPLOY", raising=False)
    audit.record(store, "local", "ingest", "the bundled sample")
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("views/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.file_uploader(key="data_upload") is not None
    assert set(INGEST_KEYS) <= _buttons(at) and "sign_in" not in _buttons(at)
    assert _audit_table(at)["user"].tolist() == ["local"]
    assert not [c for c in at.sidebar.caption if "Signed in" in c.value]


def test_notes_and_saved_views_are_for_editors(deployed) -> None:
    viewer = deployed(VIEWER, "statements")
    assert not [t for t in viewer.text_area if t.key.startswith("note_")]
    assert "save_view" not in _buttons(viewer)
    editor = deployed("ed@example.org", "statements")
    assert [t for t in editor.text_area if t.key.startswith("note_")]
    assert "save_view" in _buttons(editor)
