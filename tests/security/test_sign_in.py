"""Sign-in through real OIDC flows on a deployed dashboard (serve.py --deploy on loopback, its
provider oidc-provider-mock on loopback): a signed-out visitor sees only the sign-in page; an
address no role lists gets the no-access page; a viewer has no upload control; an editor
uploads and ingests, and the audit log names them."""

from __future__ import annotations

import os
import re
import secrets
import threading
from collections.abc import Iterator

import pytest
from dashboard_server import TIMEOUT_MS, StreamlitServer, chromium, require_browser, wait_for_app

from analysis import audit
from analysis.store import Store
from analysis.synthetic import synthetic_tables

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

ROLES = """
editors = ["editor@example.org"]
viewers = ["viewer@example.org"]
"""
UPLOAD_NAME = "fidan-talks.txt"
UPLOAD = b"""---
outlet: Sign-in Test Wire
title: Fidan on the talks
published: 2024-05-02
---
Turkish Foreign Minister Hakan Fidan said on Thursday that "the talks with Moscow will go on".
"""


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """oidc-provider-mock on a free loopback port, in a thread: its login form creates a user
    whose e-mail address is what the form is given."""
    require_browser()
    import oidc_provider_mock
    import werkzeug.serving

    saved = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http, on loopback only
    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        if saved is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = saved


@pytest.fixture(scope="module")
def deployed(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    """serve.py --deploy on loopback, its sign-in and roles in temporary files, over a small
    store of its own."""
    root = tmp_path_factory.mktemp("deployed")
    store = root / "store"
    Store(store).write(synthetic_tables(200, seed=7))
    (root / "roles.toml").write_text(ROLES, encoding="utf-8")
    server = StreamlitServer(
        store,
        root / "streamlit.log",
        args=["--deploy", "--secrets.files", str(root / "secrets.toml")],
        env={"SYRIA_DASH_ROLES": str(root / "roles.toml")},
    )
    (root / "secrets.toml").write_text(
        f"""[auth]
redirect_uri = "{server.url}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "syria-dash-test"
client_secret = "{secrets.token_hex(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""",
        encoding="utf-8",
    )
    server.start()
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser, deployed: StreamlitServer) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=deployed.url)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def sign_in(page, provider: str, email: str) -> None:
    """The whole flow: the dashboard's button, the provider's form, back to the dashboard."""
    page.goto("/")
    wait_for_app(page)
    page.locator(".st-key-sign_in button").click()
    page.wait_for_url(f"{provider}/oauth2/authorize**")
    page.locator('input[name="sub"]').fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(lambda url: not url.startswith(provider))  # back on the dashboard
    wait_for_app(page)


def expect_nothing_of_the_data(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    expect(page.locator(".st-key-data_upload")).to_have_count(0)
    expect(page.get_by_text("Download the tables")).to_have_count(0)
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(0)


@pytest.mark.parametrize("path", ["/", "/data", "/statements?q=talks"])
def test_a_signed_out_visitor_sees_only_the_sign_in_page(page, path: str) -> None:
    from playwright.sync_api import expect

    page.goto(path)
    wait_for_app(page)
    expect(page.locator(".st-key-sign_in button")).to_be_visible()
    expect_nothing_of_the_data(page)


def test_an_address_without_a_role_gets_no_access(page, provider: str) -> None:
    from playwright.sync_api import expect

    sign_in(page, provider, "stranger@elsewhere.net")
    expect(page.get_by_role("heading", name="No access")).to_be_visible()
    # shown as text: an invisible word joiner after "@" keeps it from becoming a mailto link
    expect(page.get_by_text(re.compile("stranger@\u2060?elsewhere\\.net"))).to_be_visible()
    page.goto("/data")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="No access")).to_be_visible()
    expect_nothing_of_the_data(page)


def test_a_viewer_signs_in_and_cannot_ingest(page, provider: str) -> None:
    from playwright.sync_api import expect

    sign_in(page, provider, "viewer@example.org")
    page.goto("/data")
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text(re.compile("viewer@\u2060?example\\.org"))
    expect(page.get_by_text("Download the tables")).to_be_visible()
    expect(page.get_by_text("adding articles needs the editor role")).to_be_visible()
    for key in ("data_upload", "ingest_upload", "data_url", "ingest_url", "ingest_sample"):
        expect(page.locator(f".st-key-{key}")).to_have_count(0)
    expect(page.locator("input[type=file]")).to_have_count(0)


def test_an_editor_signs_in_uploads_and_is_in_the_audit_log(
    page, provider: str, deployed: StreamlitServer
) -> None:
    from playwright.sync_api import expect

    sign_in(page, provider, "editor@example.org")
    page.goto("/data")
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(
        re.compile("editor@\u2060?example\\.org")
    )
    page.locator(".st-key-data_upload input[type=file]").set_input_files(
        files=[{"name": UPLOAD_NAME, "mimeType": "text/plain", "buffer": UPLOAD}]
    )
    ingest = page.locator(".st-key-ingest_upload button")
    expect(ingest).to_be_enabled()
    ingest.click()
    expect(page.get_by_text("Last ingest")).to_be_visible(timeout=240_000)
    wait_for_app(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="Articles added")).to_contain_text("1")
    events = [e for e in audit.read(deployed.store) if e["action"] == "upload"]
    assert [(e["user"], e["target"], e["outcome"]) for e in events] == [
        ("editor@example.org", UPLOAD_NAME, "ok")
    ]
    expect(page.get_by_text("Audit log")).to_have_count(0)  # an editor is not an admin
