"""`as_of` links: the numbers of the version shared, a notice naming the latest, one click back."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.render.safe_text import unescape_markdown
from analysis.store import Store
from analysis.synthetic import synthetic_tables

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("versions") / "store"
    Store(root).write(synthetic_tables(300, seed=1))
    Store(root).write(synthetic_tables(200, seed=2))  # "another ingest" after the link
    return root


@pytest.fixture
def app(two_versions: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SYRIA_DASH_STORE", str(two_versions))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)

    def make(as_of: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        if as_of is not None:
            at.query_params["as_of"] = as_of
        return at.run()

    return make


def _count(at: AppTest) -> str:
    return at.caption[0].value.split(" statements")[0]


def _link(at: AppTest) -> str:
    return next(b.value for b in at.sidebar.text_input if "as_of=" in str(b.value))


def test_an_as_of_link_shows_that_version_with_a_notice(app):
    pinned = app("0")
    assert _count(pinned) == "300"
    notice = " ".join(i.value for i in pinned.info)
    assert "Data as of version 0" in notice and "latest is 1" in notice
    assert _link(pinned).endswith("as_of=0")


def test_without_as_of_the_latest_version_shows_and_links_carry_it(app):
    latest = app()
    assert _count(latest) == "500"
    assert not [i for i in latest.info if "Data as of version" in i.value]
    assert _link(latest).endswith("as_of=1")


def test_the_switch_to_the_latest_is_one_click(app):
    at = app("0")
    at.button(key="as_of_latest").click().run()
    assert _count(at) == "500" and "as_of" not in at.query_params


def test_a_version_the_store_never_had_is_ignored_with_a_notice(app):
    at = app("99")
    assert _count(at) == "500"
    assert any("as_of='99' is no version" in unescape_markdown(w.value) for w in at.warning)


def test_another_ingest_shows_on_the_next_run(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    store.write(synthetic_tables(100, seed=3))
    monkeypatch.setenv("SYRIA_DASH_STORE", str(tmp_path / "store"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert _count(at) == "100"
    Store(tmp_path / "store").write(synthetic_tables(50, seed=4))  # another process, say
    assert _count(at.run()) == "150"
